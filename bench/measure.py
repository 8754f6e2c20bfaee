"""Time whole processes: wall-clock seconds and the peak resident memory of each run.

A figure is the median of several runs of one command line. The peak memory is the largest
resident set of the process or of any child it waited for (``wait4``'s ``ru_maxrss``), so a
parallel ``check`` reports its largest worker, not the sum of them.

A child's ``ru_maxrss`` starts from the size of the process that spawned it, so each run is
started by a small launcher (``launch.py``, which imports nothing but ``os``, ``sys`` and
``time``: about 10 MiB, less than any process measured) that times the command itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

LAUNCH = Path(__file__).resolve().parent / "launch.py"


@dataclass
class Sample:
    """The runs of one command: seconds and peak memory (KiB) of each, and how they ended."""

    command: list[str]
    seconds: list[float] = field(default_factory=list)
    #: User and system CPU seconds of each run: steadier than wall-clock on a busy machine
    #: (but a parallel run's CPU time is the sum of its workers').
    cpu_seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    #: Why the runs stopped early or failed ("timed out after 60 s", "exit 3: ..."), if so.
    note: str = ""

    @property
    def ok(self) -> bool:
        """At least one run finished with an accepted exit code."""
        return bool(self.seconds) and not self.note

    @property
    def median(self) -> float:
        """The median wall-clock time in seconds (0.0 without a run)."""
        return statistics.median(self.seconds) if self.seconds else 0.0

    @property
    def cpu_median(self) -> float:
        """The median CPU time in seconds (0.0 without a run)."""
        return statistics.median(self.cpu_seconds) if self.cpu_seconds else 0.0

    @property
    def peak_mib(self) -> float:
        """The median peak resident memory in MiB."""
        return statistics.median(self.peak_kib) / 1024 if self.peak_kib else 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready record, with the median and peak alongside the raw runs."""
        record = asdict(self)
        record.update(median_s=round(self.median, 4), peak_mib=round(self.peak_mib, 1))
        record.update(cpu_median_s=round(self.cpu_median, 4))
        return record


Run = tuple[float, int, int, float]


def run_once(command: list[str], timeout: float, env: dict[str, str]) -> Run:
    """Run *command* to its end (stdout discarded): (seconds, peak KiB, exit code, CPU seconds).

    A run past *timeout* seconds is killed with its process group and reported as exit -9.
    """
    launcher = [sys.executable, "-S", "-I", str(LAUNCH), *command]
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            launcher, stdout=subprocess.PIPE, stderr=err, env=env, start_new_session=True
        )
        timer = threading.Timer(timeout, _kill, [process.pid])
        timer.start()
        try:
            out, _ = process.communicate()
        finally:
            timer.cancel()
        if process.returncode == -9:
            return 0.0, 0, -9, 0.0
        seconds, peak, code, cpu = out.split()
        if int(code) not in (0, 1):
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:]
            raise RuntimeError(f"exit {int(code)}: {' '.join(tail)}")
    return float(seconds), int(peak), int(code), float(cpu)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def sample(
    commands: list[list[str]], *, runs: int, budget: float, timeout: float, env: dict[str, str]
) -> list[Sample]:
    """Up to *runs* runs of each of *commands*, taking turns (a figure and its floor see the same
    moments of a busy machine), stopping once the runs of each add up to *budget* seconds (one
    run at least).

    Exit codes 0 and 1 are accepted (1 is "findings at or above --fail-on"); anything else, or
    a run past *timeout*, ends that command's sample with a note.
    """
    results = [Sample(command) for command in commands]
    while True:
        pending = [r for r in results if _wants_more(r, runs, budget)]
        if not pending:
            return results
        for result in pending:
            _run_into(result, timeout, env)


def _wants_more(result: Sample, runs: int, budget: float) -> bool:
    if result.note or len(result.seconds) >= runs:
        return False
    return not result.seconds or sum(result.seconds) < budget


def _run_into(result: Sample, timeout: float, env: dict[str, str]) -> None:
    try:
        seconds, peak, code, cpu = run_once(result.command, timeout, env)
    except RuntimeError as exc:
        result.note = str(exc)
        return
    if code == -9:
        result.note = f"timed out after {timeout:g} s"
        return
    result.seconds.append(seconds)
    result.cpu_seconds.append(cpu)
    result.peak_kib.append(peak)
    result.exit_codes.append(code)
