"""`advisor data …` run as a user would, without a terminal (the command line in this process).

The invocations run once per module; the tests then check exit codes and output.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cli_support import run_in

FIXTURES = Path(__file__).parents[1] / "data" / "reference"
OVERRIDE = str(FIXTURES / "override_ok.yaml")
RUNS: dict[str, tuple[str, ...]] = {
    "list": ("data", "list"),
    "show": ("data", "show", "neodymium"),
    "show_json": ("data", "show", "Nd", "--format", "json"),
    "show_json_again": ("data", "show", "Nd", "--format", "json"),
    "show_dy": ("data", "show", "Dy"),
    "show_dy_json": ("data", "show", "Dy", "--format", "json"),
    "sources_json": ("data", "sources", "--format", "json"),
    "ga_suspended": ("data", "show", "gallium", "--as-of", "2026-01-01", "--format", "json"),
    "sources": ("data", "sources"),
    "claims": ("data", "claims"),
    "unknown": ("data", "show", "neodymum"),
    "bad_date": ("data", "show", "Nd", "--as-of", "2025-02-30"),
    "override": ("data", "show", "Nd", "--data", OVERRIDE),
    "bad_override": ("data", "list", "--data", str(FIXTURES / "bad_share.yaml")),
}


def _run(args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    return run_in(Path.cwd(), *args, env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def out() -> dict[str, subprocess.CompletedProcess[str]]:
    return {name: _run(args) for name, args in RUNS.items()}


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
    assert "usgs_mcs2026_ree" in text and "2025 (V)" in text and "2023 (S)" in text
    assert "assumed" in text  # the statuses after the November 2026 suspensions


def test_show_reports_shares_controls_prices_and_eu_values(
    out: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    text = out["show"].stdout
    assert text.startswith("Nd — neodymium")
    expected = [
        "China (CN)",
        "69.2%",
        "HHI 5,054",
        "usgs_mcs2026_ree",
        "Shared by Nd",
        "suspended 2025-11-07",
        "suspended (assumed)",
        "may return 2027-01-10",
        "Nd oxide",
        "Neodymium",
        "4.5",
        "Assumption (cn-2025-ann61-extraterritorial): status after 2026-11-10 not "
        "settled by a published instrument (data as of 2026-12-08); planning assumption: "
        "still suspended until 2027-01-10; other reading: back in force",
        "Refining stage measures: rare-earth separation (oxides)",
    ]
    flat = " ".join(text.split())
    assert [fragment for fragment in expected if fragment not in flat] == []  # fmt: skip


def test_show_says_which_forms_each_measure_covers(
    out: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    nd = " ".join(out["show"].stdout.split())
    assert "Covers Nd, Pr, Dy, Tb, Sm: ore_concentrate" in nd  # Malaysia: raw ore only
    assert "Covers Nd, Pr, Dy, Tb: magnet_part (only if containing Dy or Tb)" in nd
    assert "Covers Nd, Pr, Dy, Tb, Sm: equipment" in nd  # Ann. 56
    dy = " ".join(out["show_dy"].stdout.split())
    assert "Covers Sm, Tb, Dy: oxide_compound, metal, alloy" in dy  # Ann. 18
    controls = json.loads(out["show_dy_json"].stdout)["controls"]
    ann18 = next(c for c in controls if c["id"] == "cn-2025-ann18-ree-licence")
    assert [e["forms"] for e in ann18["covers"]] == [
        ["oxide_compound", "metal", "alloy"], ["magnet_part"], ["magnet_part"]
    ]  # fmt: skip
    assert ann18["covers"][2]["containing"] == ["Dy", "Tb"]


def test_every_figure_and_control_state_has_a_source_and_a_check_date(
    out: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    sources = json.loads(out["sources_json"].stdout)["sources"]
    assert all(s["checked"] for s in sources)
    cited = [c for s in sources for c in s["cited_by"]]
    assert len(cited) > 150 and all(c["checked"] for c in cited)
    states = [c["what"] for c in cited if c["what"].startswith("control ")]
    for expected in (
        "control cn-2025-ann18-ree-licence: in force from 2025-04-04",
        "control cn-2025-ann61-extraterritorial: suspended 2025-11-07 to 2026-11-10",
        "control cn-2024-ann46-us-ban: not settled from 2026-11-27 (readings: suspended, in_force)",
        "control cn-2024-ann46-us-ban: reading from 2026-11-27: suspended",
        "control cd-2025-co-suspension: replaced by cd-2025-co-quota on 2025-10-16",
    ):
        assert expected in states  # fmt: skip
    text = " ".join(out["sources"].stdout.split())
    assert "checked: 2026-12-08" in text and "- control cn-2026-ann1-japan-military" in text


def test_show_json_is_deterministic_and_complete(
    out: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    first, second = out["show_json"], out["show_json_again"]
    assert first.returncode == 0 and first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert (data["mineral"], data["as_of"], data["version"]) == ("Nd", "2026-12-08", "2026.2")
    mining = [d for d in data["mining"] if d["in_use"]]
    assert mining[0]["top"] == {"country": "CN", "share": 0.692308}
    assert {c["status"] for c in data["controls"]} == {"active", "suspended"}
    assumed = {c["id"] for c in data["controls"] if c["assumption"]}
    assert assumed == {"cn-2025-ann56-re-equipment", "cn-2025-ann61-extraterritorial",
                       "cn-2025-ann62-re-technology"}  # fmt: skip
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
    assert " 23 " in claims and "§ Export Dominance" in claims


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
