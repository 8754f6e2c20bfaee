"""Benchmark `advisor assess` on synthetic profiles of increasing size; prints a markdown table.

    python bench/bench_assess.py                  # sizes 1, 10, 50, 100, 500 materials
    python bench/bench_assess.py --sizes 1 10 --budget 10

Each profile has N materials with 5 suppliers each, written as YAML to a temporary folder.
Timed (best of up to 5 runs, fewer for slow steps): parsing the YAML (``load_file``), parsing
and validating it (``load_profile``), the assessment without and with recommendations; and
the peak Python memory (tracemalloc) of loading, then of assessing without recommendations.
``advisor --version`` start-up is timed once (subprocess, best of 5). Recommendations
re-assess the whole profile once per modelled action, so their cost grows with the square of
the profile size: a size whose estimated time exceeds ``--budget`` seconds is not run, and its
estimate is shown instead.
Run by hand, never by the test suite.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from advisor.engine.assess import assess
from advisor.profile.build import load_profile
from advisor.reference.load import load_reference
from advisor.rules.load import load_rules
from advisor.yaml.loader import load_file

MINERALS = ["Nd", "Pr", "Dy", "Tb", "Ga", "Ge", "graphite", "Li", "Co", "Ni", "W", "Sb"]
COUNTRIES = ["CN", "AU", "US", "MY", "JP", "CA", "VN", "BR", "ZA", "CL", "DE", "FR"]
STAGES = ["ore_concentrate", "oxide_separated", "metal_alloy", "magnet_component"]
CRITICALITY = ["low", "medium", "high", "critical"]
SUPPLIERS = 5


def synthetic(materials: int, seed: int = 1) -> dict[str, Any]:
    """A valid profile with *materials* materials of SUPPLIERS suppliers each."""
    rng = random.Random(seed)
    return {
        "version": 1,
        "as_of": "2026-06-30",
        "company": {
            "name": "Bench Industries AG",
            "sector": "industrial",
            "headquarters": "DE",
            "currency": "EUR",
        },
        "materials": [_material(i, rng) for i in range(materials)],
        "programmes": {
            "stockpile": {"target_days": 90, "minerals": ["Nd", "Dy", "Tb", "Ga"]},
            "recycling": {"in_house_recovery_rate": 0.1, "capital_cost": 1_000_000},
        },
    }


def _material(i: int, rng: random.Random) -> dict[str, Any]:
    weights = [rng.randint(1, 10) for _ in range(SUPPLIERS)]
    shares = [w * 95 // sum(weights) / 100 for w in weights]
    return {
        "id": f"m{i:04d}",
        "mineral": MINERALS[i % len(MINERALS)],
        "form": "synthetic",
        "stage": rng.choice(STAGES),
        "annual_demand": {"quantity": rng.randint(1, 5000), "unit": "t"},
        "inventory": {"days_of_cover": rng.randint(0, 200)},
        "recycled_share": rng.randint(0, 40) / 100,
        "criticality": rng.choice(CRITICALITY),
        "reference_price": {"amount": rng.randint(5, 900), "currency": "EUR", "per": "kg"},
        "suppliers": [
            {
                "id": f"s{j}",
                "name": f"Supplier {i}-{j}",
                "country": rng.choice(COUNTRIES),
                "mining_countries": rng.sample(COUNTRIES, rng.randint(0, 2)),
                "processing_countries": rng.sample(COUNTRIES, rng.randint(0, 2)),
                "share": share,
                "qualified": rng.random() < 0.8,
                "qualification_days": rng.randint(30, 400),
                "contract": {
                    "type": rng.choice(["long_term", "framework", "spot"]),
                    "end": f"{rng.randint(2026, 2030)}-12-31",
                    "dual_source_clause": rng.random() < 0.5,
                    "price_basis": rng.choice(["fixed", "indexed", "spot"]),
                },
            }
            for j, share in enumerate(shares)
        ],
    }


def best_of(step: Callable[[], object], runs: int = 5, budget: float = 2.0) -> float:
    """The fastest of up to *runs* runs, stopping once *budget* seconds have been spent."""
    times: list[float] = []
    spent = 0.0
    while len(times) < runs and (not times or spent < budget):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
        spent += times[-1]
    return min(times)


def peak_memory(path: str) -> tuple[int, int]:
    """Peak bytes Python allocates loading *path*, and then assessing it (no recommendations)."""
    rules, ref = load_rules(), load_reference()
    tracemalloc.start()
    profile, doc = load_profile(path)
    _, loading = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    assess(profile, rules, ref, doc, recommend=False)
    _, assessing = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return loading, assessing


def startup() -> float:
    """Best of 5 wall-clock runs of `advisor --version`."""
    script = Path(sys.executable).parent / "advisor"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]

    def run() -> None:
        subprocess.run([*command, "--version"], check=True, capture_output=True)

    return best_of(run, runs=5, budget=30)


def seconds(value: float) -> str:
    if value >= 60:
        return f"{value / 60:.1f} min"
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.1f} ms"


def measure(sizes: list[int], budget: float, folder: Path) -> list[list[str]]:
    """One table row per size."""
    rules, ref = load_rules(), load_reference()
    rows = []
    last: tuple[int, float] | None = None  # (size, seconds) of the last recommendation run
    for n in sizes:
        path = folder / f"profile-{n}.yaml"
        path.write_text(yaml.safe_dump(synthetic(n), sort_keys=False), encoding="utf-8")
        size_kb = path.stat().st_size / 1024
        parse = best_of(lambda p=str(path): load_file(p))
        validate = best_of(lambda p=str(path): load_profile(p))
        profile, doc = load_profile(str(path))
        plain = best_of(lambda p=profile, d=doc: assess(p, rules, ref, d, recommend=False))
        estimate = last[1] * (n / last[0]) ** 2 if last else 0.0
        if estimate <= budget:
            start = time.perf_counter()
            result = assess(profile, rules, ref, doc)
            full = time.perf_counter() - start
            last = (n, full)
            recs = f"{seconds(full)} ({len(result.recommendations)} recs)"
        else:
            recs = f"not run (≈ {seconds(estimate)})"
        loading, assessing = peak_memory(str(path))
        rows.append(
            [
                str(n),
                str(n * SUPPLIERS),
                f"{size_kb:,.0f} KiB",
                seconds(parse),
                seconds(validate),
                seconds(plain),
                recs,
                f"{mib(loading)} / {mib(assessing)}",
            ]
        )
    return rows


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50, 100, 500])
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="skip a recommendation run estimated to take longer (seconds)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    try:
        started = time.perf_counter()
        rows = measure(sorted(args.sizes), args.budget, folder)
        header = [
            "materials",
            "suppliers",
            "YAML",
            "load_file",
            "load_profile",
            "assess",
            "assess + recommendations",
            "peak memory: load / assess",
        ]
        print(table(header, rows))
        print()
        print(f"`advisor --version` start-up: {seconds(startup())} (best of 5)")
        print(
            f"Python {sys.version.split()[0]} on {sys.platform}; "
            f"benchmark ran {seconds(time.perf_counter() - started)}"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
