"""``python -m iottui``: the same as the ``iottui`` command."""

import sys

from iottui.cli import main

if __name__ == "__main__":
    sys.exit(main())
