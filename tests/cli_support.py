"""The in-process CLI helper shared by the command-line tests.

``advisor(capsys, *args)`` runs ``advisor.cli.main`` in this process (no interpreter start-up)
and returns (exit code, stdout, stderr). ``main`` always ends in SystemExit; a return without
one fails the test. Tests that need a real process use ``gate_support.run`` or the
``run_advisor`` / ``cli`` fixtures of conftest.py instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.cli import main


def advisor(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as stop:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err
