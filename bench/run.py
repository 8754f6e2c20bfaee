"""advisor's benchmark: whole processes, medians of several runs, as ratios to floors timed
in the same run (absolute times drift on a shared machine; ratios much less).

    make bench                                   # the full run, a few minutes
    .venv/bin/python bench/run.py --quick        # smaller profiles, fewer runs (~1 minute)
    .venv/bin/python bench/run.py --compare bench/results/baseline.json

It writes seeded synthetic profiles to a temporary folder, times each figure and its floor
one after the other, prints a markdown table (figure, floor, ratio, peak memory and its ratio,
the target) and writes every raw run as JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
import report  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "ev-motor-maker.yaml"
RESULTS = HERE / "results"


@dataclass(frozen=True)
class Mode:
    """How big and how often: profile sizes, the tree, runs per figure and time limits."""

    rows: tuple[int, ...]
    materials: tuple[int, ...]
    tree: int
    runs: int
    #: Stop repeating a command once its runs add up to this many seconds.
    budget: float
    #: Kill a run after this many seconds (a quadratic step on a large profile).
    timeout: float


MODES = {
    "full": Mode((100, 1_000, 10_000, 100_000), (10, 100, 1_000), 1_000, 5, 8.0, 150.0),
    "quick": Mode((100, 1_000, 10_000), (10, 100), 100, 3, 4.0, 60.0),
    "tiny": Mode((100,), (10,), 3, 1, 0.0, 60.0),
}


@dataclass(frozen=True)
class Figure:
    """One row of the table: a measured command, the floor it is divided by, its targets."""

    name: str
    key: str
    floor: str | None = None
    target: float | None = None
    memory_target: float | None = None


class Commands:
    """The command line behind every measurement key, for the files of one run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.python = sys.executable
        script = Path(sys.executable).parent / "advisor"
        self.advisor = [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]
        self.yamllint = Path(sys.executable).parent / "yamllint"

    def __call__(self, key: str) -> list[str]:
        """The command for *key*, such as ``assess-json:rows-1000`` or ``floor-load:rows-1000``."""
        kind, _, name = key.partition(":")
        path = str(self.path(name)) if name else ""
        floors = str(HERE / "floors.py")
        table = {
            "version": [*self.advisor, "--version"],
            "assess": [*self.advisor, "assess", path],
            "assess-json": [*self.advisor, "assess", "--format", "json", path],
            "validate": [*self.advisor, "validate", "--quiet", path],
            "check": [*self.advisor, "check", "--fail-on", "none", path],
            "simulate": [*self.advisor, "simulate", "--all", path],
            "floor-typer": [self.python, "-c", "import typer"],
            "floor-imports": [self.python, "-c", "import typer, rich, pydantic, yaml"],
            "floor-framework": [self.python, str(HERE / "framework.py"), path],
            "floor-load": [self.python, floors, "load", path],
            "floor-events": [self.python, floors, "events", path],
            "floor-yamllint": [str(self.yamllint), "-d", "relaxed", "-f", "parsable", path],
        }
        return table[kind]

    def path(self, name: str) -> Path:
        """The file or folder a measurement reads."""
        if name == "example":
            return EXAMPLE
        if name == "tree-part":
            return self.folder / "tree" / "site-000"
        if name == "tree":
            return self.folder / "tree"
        return self.folder / f"{name}.yaml"


def figures(mode: Mode, simulate: bool) -> Iterator[Figure]:
    """The table's rows, in the order they are measured."""
    yield Figure("advisor --version", "version", "floor-typer", 1.2)
    yield Figure("assess example", "assess:example", "floor-imports", 1.5)
    yield Figure("  same, vs the framework", "assess:example", "floor-framework:example")
    yield Figure("validate example", "validate:example", "floor-imports")
    if simulate:
        yield Figure("simulate --all example", "simulate:example", "floor-imports")
    targets = {10_000: (1.3, 1.2), 100_000: (1.2, 1.0)}
    for rows in mode.rows:
        name = f"rows-{rows}"
        time_target, memory_target = targets.get(rows, (None, None))
        yield Figure(
            f"assess --format json, {rows:,} rows",
            f"assess-json:{name}",
            f"floor-load:{name}",
            time_target,
            memory_target,
        )
        yield Figure(
            "  same, vs libyaml events", f"assess-json:{name}", f"floor-events:{name}", 3.0
        )
        if rows <= 10_000:  # the largest would add most of a minute and tell nothing new
            yield Figure(f"validate, {rows:,} rows", f"validate:{name}", f"floor-load:{name}")
    for count in mode.materials:
        name = f"materials-{count}"
        yield Figure(f"assess, {count:,} materials", f"assess:{name}", f"floor-load:{name}")
    yield Figure(f"check, tree of {mode.tree:,}", "check:tree", "floor-yamllint:tree", 0.3)
    if mode.tree > 100:
        yield Figure("check, first 100 of the tree", "check:tree-part", "floor-yamllint:tree-part")


def write_profiles(mode: Mode, folder: Path) -> None:
    """The seeded synthetic profiles of *mode*, into *folder*.

    They are written by a process of their own: this one must stay small, because a child's
    peak memory (``ru_maxrss``) starts from the size of the process that started it.
    """
    command = [sys.executable, str(HERE / "synthetic.py"), str(folder), "--tree", str(mode.tree)]
    command += ["--rows", *map(str, mode.rows), "--materials", *map(str, mode.materials)]
    subprocess.run(command, check=True)


def has_simulate(commands: Commands, env: dict[str, str]) -> bool:
    """Whether this advisor has a ``simulate`` command."""
    probe = [*commands.advisor, "simulate", "--help"]
    return subprocess.run(probe, capture_output=True, env=env, check=False).returncode == 0


def run(mode: Mode, folder: Path, progress: bool) -> dict[str, Any]:
    """Measure every figure of *mode* and its floor; the JSON record of the run."""
    # Bytecode as an installed package has it: pip compiles on install, so a user never pays
    # for compiling advisor's modules; with PYTHONDONTWRITEBYTECODE an editable checkout would.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    # the largest profiles are past the default bounds on purpose: raise them (docs/profile.md)
    env.update(ADVISOR_MAX_FILE_SIZE="64M", ADVISOR_MAX_SUPPLIERS="200000")
    env.update(ADVISOR_MAX_MATERIALS="5000")
    commands = Commands(folder)
    simulate = has_simulate(commands, env)
    rows = list(figures(mode, simulate))
    samples: dict[str, measure.Sample] = {}
    measure.run_once(commands("assess:example"), mode.timeout, env)  # warm the caches
    started = time.perf_counter()
    for figure in rows:
        keys = [k for k in (figure.key, figure.floor) if k is not None and k not in samples]
        if not keys:
            continue
        if progress:
            print(f"  {' and '.join(keys)} ...", file=sys.stderr, flush=True)
        measured = measure.sample(
            [commands(k) for k in keys],
            runs=mode.runs,
            budget=mode.budget,
            timeout=mode.timeout,
            env=env,
        )
        samples.update(zip(keys, measured, strict=True))
    notes = [] if simulate else ["`advisor simulate` does not exist yet: not measured"]
    return {
        "meta": meta(time.perf_counter() - started),
        "figures": [report.figure_record(f, samples) for f in rows],
        "samples": {key: s.to_json() for key, s in samples.items()},
        "notes": notes,
    }


def meta(seconds: float) -> dict[str, Any]:
    """Where and when the run happened."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(seconds, 1),
        # what every child's peak memory starts from (see write_profiles)
        "harness_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the benchmark, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="smaller profiles, fewer runs")
    group.add_argument("--tiny", action="store_true", help="one run of the smallest (a smoke test)")
    parser.add_argument("--compare", type=Path, help="an earlier results JSON to compare with")
    parser.add_argument(
        "--out", type=Path, help="where to write the JSON (default: bench/results/)"
    )
    parser.add_argument("--keep", type=Path, help="write the profiles here and keep them")
    args = parser.parse_args(argv)
    name = "tiny" if args.tiny else "quick" if args.quick else "full"
    mode = MODES[name]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    try:
        write_profiles(mode, folder)
        record = run(mode, folder, progress=not args.tiny)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    record["meta"]["mode"] = name
    old = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    print(report.render(record, old, mode.materials))
    out = args.out or RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
