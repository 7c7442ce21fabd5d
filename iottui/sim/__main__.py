"""``python -m iottui.sim``: the same as ``iottui sim``."""

from __future__ import annotations

import sys

from iottui.sim.cli import main

if __name__ == "__main__":
    sys.exit(main())
