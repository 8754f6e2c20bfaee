"""Running the command a marker names, the same way every time.

Every run gets a fixed environment (:func:`environment`): no colour, 80 columns, no user
cache, the built-in data even when a newer ``mineral-advisor-data`` is installed, none of the
caller's ``ADVISOR_*`` or CI variables, and a fixed date for the commands
that read the clock (``--today``, :func:`fixed_today`). A run with a setup happens in a
temporary folder the setup fills (:mod:`advisor.docgen.setups`), and the temporary paths in
its output are replaced by the ones the docs show.

How the command itself is run is the caller's: :func:`in_subprocess` starts ``python -m
advisor`` (what ``make docs`` does); the tests pass a runner that calls the command line in
their own process, which is faster and must print the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from advisor import api
from advisor.docgen.blocks import Block, MarkerError
from advisor.docgen.setups import SETUPS, Prepared


@dataclass(frozen=True)
class Invocation:
    """One run of ``advisor``: its arguments, working folder and whole environment."""

    argv: tuple[str, ...]
    cwd: Path
    env: Mapping[str, str]


@dataclass(frozen=True)
class Printed:
    """What a run printed, and its exit code."""

    code: int
    stdout: str
    stderr: str


Runner = Callable[[Invocation], Printed]

#: The environment every run has, whatever the caller's.
FIXED = {
    "NO_COLOR": "1",
    "COLUMNS": "80",
    "LINES": "50",
    "ADVISOR_NO_CACHE": "1",
    "ADVISOR_BUILTIN_DATA": "1",  # the data shipped in this tree, whatever else is installed
    "PYTHONIOENCODING": "utf-8",
    "PYTHONUTF8": "1",
}
#: Variables of the caller that never reach a run (prefixes and names).
DROPPED_PREFIXES = ("ADVISOR_", "GITHUB_", "_ADVISOR_")
DROPPED = {"FORCE_COLOR", "CLICOLOR_FORCE", "TERM", "PYTHONPATH", "CI", "GITLAB_CI"}
#: The commands that read the clock, and the option that fixes their date.
DATED = (("check",), ("data", "version"))


def fixed_today() -> dt.date:
    """The date runs are made on: a week after the built-in data's date (so that it moves
    only when the data does, and ages shown are the same on every machine)."""
    compiled = api.shipped_data().builtin.date or dt.date(2026, 1, 1)
    return compiled + dt.timedelta(days=7)


def environment(extra: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """The environment of a run: the caller's without what changes output, then :data:`FIXED`
    and *extra*."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(DROPPED_PREFIXES) and key not in DROPPED
    }
    return {**base, **FIXED, **dict(extra)}


def dated(argv: tuple[str, ...]) -> tuple[str, ...]:
    """*argv* with ``--today`` added when the command reads the clock and none is given."""
    if "--today" in argv or not any(argv[: len(cmd)] == cmd for cmd in DATED):
        return argv
    return (*argv, "--today", fixed_today().isoformat())


def in_subprocess(call: Invocation) -> Printed:
    """Run ``python -m advisor`` in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "advisor", *call.argv],
        cwd=call.cwd,
        env=dict(call.env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    return Printed(done.returncode, done.stdout, done.stderr)


def run_python(code: str, root: Path) -> Printed:
    """Run a doc's python block from *root* in this process; what it printed. Only this
    repository's own docs reach it (``make docs`` and tests/docs), never a user's file."""
    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    try:
        os.chdir(root)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(compile(code, "<docs python block>", "exec"), {"__name__": "__docs__"})
    finally:
        os.chdir(before)
    return Printed(0, out.getvalue(), err.getvalue())


def run_block(block: Block, root: Path, runner: Runner) -> Printed:
    """Run what *block*'s marker names with *runner* (a setup's in a temporary folder, and in
    a subprocess when the setup needs one), its temporary paths replaced by the shown ones."""
    marker = block.marker
    if marker.is_python:
        return run_python(block.code, root)
    if not marker.setup:
        return runner(Invocation(dated(marker.argv), root, environment(marker.env)))
    setup = SETUPS.get(marker.setup)
    if setup is None:
        raise MarkerError(f"{block.where}: unknown setup {marker.setup!r} (see docgen/setups.py)")
    doc = (root / block.doc).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="advisor-docs-") as folder:
        work = Path(folder).resolve()
        try:
            prepared = setup(work, root, doc)
        except (ValueError, OSError) as exc:
            raise MarkerError(f"{block.where}: setup {marker.setup}: {exc}") from exc
        call = Invocation(dated(marker.argv), work, environment((*prepared.env, *marker.env)))
        printed = (in_subprocess if prepared.process else runner)(call)
        return _shown_as(printed, prepared, work)


def _shown_as(printed: Printed, prepared: Prepared, work: Path) -> Printed:
    def fix(text: str) -> str:
        for actual, shown in (*prepared.shown_as, (f"{work}{os.sep}", "")):
            text = text.replace(actual, shown)
        return text

    return Printed(printed.code, fix(printed.stdout), fix(printed.stderr))
