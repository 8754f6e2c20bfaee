"""`advisor data …` run as a user would: `python -m advisor` in a subprocess.

The invocations run concurrently once per module; the tests then check exit codes and output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "data" / "reference"
OVERRIDE = str(FIXTURES / "override_ok.yaml")
RUNS: dict[str, tuple[str, ...]] = {
    "list": ("data", "list"),
    "show": ("data", "show", "neodymium"),
    "show_json": ("data", "show", "Nd", "--format", "json"),
    "show_json_again": ("data", "show", "Nd", "--format", "json"),
    "ga_suspended": ("data", "show", "gallium", "--as-of", "2026-01-01", "--format", "json"),
    "sources": ("data", "sources"),
    "claims": ("data", "claims"),
    "unknown": ("data", "show", "neodymum"),
    "bad_date": ("data", "show", "Nd", "--as-of", "2025-02-30"),
    "override": ("data", "show", "Nd", "--data", OVERRIDE),
    "bad_override": ("data", "list", "--data", str(FIXTURES / "bad_share.yaml")),
}


def _run(args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def out() -> dict[str, subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        done = dict(zip(RUNS, pool.map(_run, RUNS.values()), strict=True))
    return done


@pytest.mark.parametrize("name", ["list", "show", "sources", "claims", "override"])
def test_tables_fit_80_columns_without_colour(
    out: dict[str, subprocess.CompletedProcess[str]], name: str
) -> None:
    result = out[name]
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout
    # URLs and DOIs are printed whole, never broken, so that they can be copied.
    lines = [ln for ln in result.stdout.splitlines() if not ln.startswith(("  url:", "  doi:"))]
    assert max(len(line.rstrip()) for line in lines) <= 80


def test_list_names_every_mineral_and_its_source(
    out: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    text = out["list"].stdout
    for key in ("Nd", "Pr", "Dy", "Tb", "Sm", "Ga", "Ge", "graphite", "Sb", "Li", "Co", "Ni"):
        assert f" {key} " in text
    assert "usgs_mcs2025_ree" in text and "2024 (V)" in text and "unverified" in text


def test_show_reports_shares_controls_prices_and_eu_values(
    out: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    text = out["show"].stdout
    assert text.startswith("Nd — neodymium")
    expected = ["China (CN)", "69.2%", "HHI 5,024", "usgs_mcs2025_ree", "Shared by Nd",
                "suspended", "may return 2026-11-10", "Nd oxide", "Neodymium", "4.5"]  # fmt: skip
    assert [fragment for fragment in expected if fragment not in text] == []


def test_show_json_is_deterministic_and_complete(
    out: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    first, second = out["show_json"], out["show_json_again"]
    assert first.returncode == 0 and first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert (data["mineral"], data["as_of"], data["version"]) == ("Nd", "2025-12-05", "2025.1")
    mining = [d for d in data["mining"] if d["in_use"]]
    assert mining[0]["top"] == {"country": "CN", "share": 0.692308}
    assert {c["status"] for c in data["controls"]} == {"active", "suspended"}
    assert all(c["source"] and c["confidence"] for c in data["controls"])


def test_as_of_evaluates_the_suspension(out: dict[str, subprocess.CompletedProcess[str]]) -> None:
    data = json.loads(out["ga_suspended"].stdout)
    (ban,) = [c for c in data["controls"] if c["id"] == "cn-2024-ann46-us-ban"]
    assert (ban["status"], ban["may_return"], ban["trade_factor"]) == (
        "suspended", "2026-11-27", 1.0
    )  # fmt: skip
    assert any(message.startswith("EU 2023") for message in data["stale"])


def test_sources_and_claims(out: dict[str, subprocess.CompletedProcess[str]]) -> None:
    assert "10.2873/725585" in out["sources"].stdout
    assert "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf" in out[
        "sources"
    ].stdout.replace("\n", "")
    claims = out["claims"].stdout
    assert "contradicted" in claims and "Verdicts:" in claims
    assert " 14 " in claims and "§ Export Dominance" in claims


@pytest.mark.parametrize("name", ["unknown", "bad_date", "bad_override"])
def test_bad_input_is_exit_2_without_traceback(
    out: dict[str, subprocess.CompletedProcess[str]], name: str
) -> None:
    result = out[name]
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_unknown_mineral_message(out: dict[str, subprocess.CompletedProcess[str]]) -> None:
    lines = out["unknown"].stderr.strip().splitlines()
    assert len(lines) == 1 and "did you mean 'neodymium', Nd?" in lines[0]


def test_bad_override_names_file_and_line(
    out: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert "bad_share.yaml:7:18: production[0].shares.CN" in out["bad_override"].stderr


def test_override_figures_are_marked(out: dict[str, subprocess.CompletedProcess[str]]) -> None:
    text = out["override"].stdout.replace("\n", " ")
    assert "example_feed" in text and "override_ok.yaml *" in text
    assert "* from the override" in text
