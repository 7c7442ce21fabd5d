"""``iottui completion bash|zsh|fish``: scripts generated from the parser, run in a real bash."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys

import pytest

from iottui import cli
from iottui.cli.completion import SHELLS, completion_script


@pytest.mark.parametrize("shell", SHELLS)
def test_each_shell_gets_a_script_with_every_command(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert script == completion_script(shell).rstrip("\n") + "\n"
    for word in ("alarms", "watch", "--follow", "completion", "--severity", "--replay-hours"):
        assert word in script, word


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["completion", "csh"]) == 2
    assert "invalid choice: 'csh'" in capsys.readouterr().err


#: Completes a command line with the function the script registered, as bash would on Tab.
COMPLETE = r"""
fn=$(complete -p iottui | sed -E 's/.* -F ([^ ]+) .*/\1/')
complete_line() {
    COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
    read -ra COMP_WORDS <<< "$COMP_LINE"
    [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
    "$fn" iottui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    echo "$1|${COMPREPLY[*]}"
}
"""

LINES = {
    "iottui al": "alarms",
    "iottui alarms ": "list close watch",
    "iottui alarms watch --sev": "--severity",
    "iottui values --fol": "--follow",
    "iottui completion ": "bash zsh fish",
    "iottui sim --st": "--state",
    "iottui sim --log-level w": "warning",
}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_from_the_script() -> None:
    generate = f"{shlex.quote(sys.executable)} -m iottui completion bash"
    lines = "\n".join(f"complete_line {shlex.quote(line)}" for line in LINES)
    result = subprocess.run(
        ["bash", "-c", f"source <({generate})\ncomplete -p iottui\n{COMPLETE}\n{lines}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    registered, *completed = result.stdout.splitlines()
    assert registered == "complete -o bashdefault -F _shtab_iottui iottui"
    assert dict(line.split("|", 1) for line in completed) == LINES
