"""Benchmark: `advisor import rmi` on 125, 250 and 500 synthetic CMRT workbooks (the tests'
layout, 20 smelter rows each) into one profile. Prints time and peak memory per size and the
ratios to the smallest: linear input means ratios near 2 and 4.

    .venv/bin/python bench/import_rmi.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.rmi_books import build, row  # noqa: E402

SIZES = (125, 250, 500)


def _setup(folder: Path, n: int) -> Path:
    books = folder / "books"
    books.mkdir()
    suppliers = []
    for i in range(n):
        name = f"Supplier {i:04d}"
        rows = [
            row("Tungsten", f"Smelter {j}", "China" if j % 3 else "Viet Nam") for j in range(20)
        ]
        build(books / f"s{i:04d}.xlsx", "CMRT", name, rows)
        suppliers.append(
            f"      - id: s{i:04d}\n        name: {name}\n        country: JP\n"
            f"        share: {1 / n:.6f}"
        )
    profile = folder / "profile.yaml"
    profile.write_text(
        "version: 1\nas_of: 2026-06-30\n"
        "company: {name: Bench, sector: electronics, headquarters: DE, currency: EUR}\n"
        "materials:\n  - id: w\n    mineral: W\n    form: powder\n    stage: metal_alloy\n"
        "    annual_demand: {quantity: 10, unit: t}\n    criticality: high\n    suppliers:\n"
        + "\n".join(suppliers)
        + "\n"
    )
    return profile


def _run(folder: Path, profile: Path) -> tuple[float, int]:
    advisor = ROOT / ".venv" / "bin" / "advisor"
    start = time.perf_counter()
    subprocess.run(
        [str(advisor), "import", "rmi", "books", "--into", str(profile), "-o", "out.yaml"],
        cwd=folder, check=True, capture_output=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb


def main() -> None:
    """Print the table."""
    results = []
    for n in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            profile = _setup(folder, n)
            results.append((n, *_run(folder, profile)))
    base_t = results[0][1]
    print(f"{'workbooks':>9} {'seconds':>8} {'ratio':>6} {'peak MB':>8}")
    for n, seconds, peak in results:
        print(f"{n:>9} {seconds:>8.2f} {seconds / base_t:>6.2f} {peak / 1024:>8.0f}")


if __name__ == "__main__":
    main()
