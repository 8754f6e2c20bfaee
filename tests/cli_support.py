"""The in-process CLI helpers shared by the command-line tests.

``advisor(capsys, *args)`` runs ``advisor.cli.main`` in this process (no interpreter start-up)
and returns (exit code, stdout, stderr). ``main`` always ends in SystemExit; a return without
one fails the test.

``run_in(cwd, *args, env=..., stdin=...)`` does the same in a working folder, under extra
environment variables and with text on standard input, and answers like ``subprocess.run``
(a ``CompletedProcess`` with ``returncode``, ``stdout``, ``stderr``), so a test written against
a process reads the same. A run costs milliseconds where ``python -m advisor`` costs 0.3 to
0.5 s of CPU. Tests about the process itself (the installed entry point, exit on a signal,
variables read once at start-up such as the data and snapshot folders) use ``gate_support.run``
or the ``run_advisor`` / ``cli`` fixtures of conftest.py instead; ``run_in`` refuses those
variables rather than run with what an earlier run of this process cached.
"""

from __future__ import annotations

import gc
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from advisor.cli import main

#: Variables advisor reads once per process (the data copy chosen, the snapshot folder) or
#: that only a new interpreter reads: an in-process run would keep what an earlier run cached.
ONCE_PER_PROCESS = (
    "ADVISOR_BUILTIN_DATA", "ADVISOR_NO_CACHE", "ADVISOR_CACHE_DIR", "XDG_CACHE_HOME", "HOME",
    "PYTHONPATH", "PYTHONHOME",
)  # fmt: skip


def advisor(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as stop:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def run_in(
    cwd: Path,
    *args: str | Path,
    env: dict[str, str | None] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``advisor ARGS`` in *cwd*, in this process, as ``gate_support.run`` runs it in a new one:
    no ADVISOR_*, GITHUB_* or FORCE_COLOR inherited, NO_COLOR=1, then *env* (None: unset);
    *stdin* as input."""
    extra: dict[str, str | None] = {"NO_COLOR": "1", **(env or {})}
    once = sorted(k for k in extra if k in ONCE_PER_PROCESS)
    assert not once, f"{once} are read once per process: run advisor as a process for them"
    argv = [str(a) for a in args]
    with _process(cwd, extra, stdin or "") as (out, err):
        try:
            main(argv)
        except SystemExit as stop:
            code = stop.code
        else:  # pragma: no cover - main always exits
            pytest.fail("advisor.cli.main returned without SystemExit")
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["advisor", *argv], returncode, out(), err())


@contextmanager
def _process(
    cwd: Path, env: dict[str, str | None], stdin: str
) -> Iterator[tuple[Callable[[], str], Callable[[], str]]]:
    """This process as a new one would start: its folder, environment and standard streams,
    all put back afterwards."""
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved_streams, saved_gc = (sys.stdin, sys.stdout, sys.stderr), gc.get_threshold()
    # as Python sets them up: a character stdout cannot encode fails the run, stderr escapes it
    stdout, stderr = _stream("strict"), _stream("backslashreplace")
    try:
        for name in [k for k in os.environ if k.startswith(("ADVISOR_", "GITHUB_", "FORCE_COLOR"))]:
            del os.environ[name]
        for name, value in env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        os.chdir(cwd)
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
        sys.stdout, sys.stderr = stdout, stderr
        yield _reader(stdout), _reader(stderr)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        gc.set_threshold(*saved_gc)  # main's start-up tweaks, undone: the tests go on
        gc.unfreeze()
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def _stream(errors: str) -> io.TextIOWrapper:
    """A standard stream that is no terminal, as a pipe to a parent process is."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, write_through=True)


def _reader(stream: io.TextIOWrapper) -> Callable[[], str]:
    """What was written to *stream*, decoded as ``subprocess.run(text=True)`` decodes it."""

    def read() -> str:
        stream.flush()
        raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")

    return read


#: Python source: run ``advisor.cli.main`` on each argument list of ``sys.argv[1]`` (JSON) in
#: turn, in one process, and print ``[exit code, stdout, stderr]`` of each as JSON. For tests
#: that need a new process (a variable read at start-up, an installed copy) but not one each.
MANY = """
import io, json, sys
from advisor.cli import main
results = []
for args in json.loads(sys.argv[1]):
    real = sys.stdout, sys.stderr
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
                for _ in range(2))
    sys.stdout, sys.stderr = out, err
    try:
        main(args)
    except SystemExit as stop:
        code = stop.code or 0
    finally:
        sys.stdout, sys.stderr = real
    results.append([code, out.buffer.getvalue().decode(), err.buffer.getvalue().decode()])
print(json.dumps(results))
"""


def run_many(
    cwd: Path, commands: list[list[str]], env: dict[str, str] | None = None
) -> list[subprocess.CompletedProcess[str]]:
    """Each of *commands* (``advisor`` argument lists) in turn in one new process (``python -c
    MANY``) in *cwd*, as conftest's ``run_advisor`` runs one: no ADVISOR_* variables inherited,
    NO_COLOR=1, COLUMNS=100, then *env*."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    done = subprocess.run(
        [sys.executable, "-c", MANY, json.dumps(commands)],
        cwd=cwd, env={**base, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert len(results) == len(commands), results
    return [subprocess.CompletedProcess(["advisor", *args], code, out, err)
            for args, (code, out, err) in zip(commands, results, strict=True)]  # fmt: skip
