"""The benchmark harness works: its tiniest run measures every figure and writes its JSON.

No time is asserted (times depend on the machine); what is checked is that every synthetic
profile is valid, every command ran, and the report and the comparison are written.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared

pytestmark = pytest.mark.early  # seconds of set-up or waiting: scheduled first (conftest.py)

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object], Path]:
    """The tiny benchmark run, once per test run (conftest.shared): (stdout, record, its file)."""

    def bench(folder: Path) -> None:
        result = subprocess.run(
            [sys.executable, str(BENCH / "run.py"), "--tiny", "--out", str(folder / "tiny.json")],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        (folder / "stdout.txt").write_text(result.stdout, encoding="utf-8")
        (folder / "out.txt").write_text(str(folder / "tiny.json"), encoding="utf-8")

    folder = shared(tmp_path_factory, "bench", bench)
    stdout = (folder / "stdout.txt").read_text(encoding="utf-8")
    given = Path((folder / "out.txt").read_text(encoding="utf-8"))  # where it was written then
    return stdout, json.loads((folder / "tiny.json").read_text("utf-8")), given


def test_every_figure_is_measured_against_its_floor(tiny_run: tuple) -> None:
    _, record, _ = tiny_run
    figures = {f["figure"]: f for f in record["figures"]}
    assert {"advisor --version", "assess example", "check, tree of 3"} <= set(figures)
    for figure in figures.values():
        assert figure["note"] == "", figure  # a synthetic profile that fails would show here
        assert figure["seconds"] > 0 and figure["peak_mib"] > 0
        assert figure["ratio"] is not None and figure["floor_seconds"] > 0


def test_the_table_names_figures_floors_and_targets(tiny_run: tuple) -> None:
    stdout, _, out = tiny_run
    assert "| advisor --version |" in stdout and "`import typer`" in stdout
    assert "| check, tree of 3 |" in stdout and "yamllint" in stdout
    assert "≤ 1.2×" in stdout and f"wrote {out}" in stdout


def test_compare_shows_both_runs(tiny_run: tuple) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import report
    finally:
        sys.path.remove(str(BENCH))
    _, record, _ = tiny_run
    older = json.loads(json.dumps(record))
    older["figures"][0]["seconds"] = 12.5
    text = report.compare(older, record)
    assert "| advisor --version | 12.50 s |" in text
