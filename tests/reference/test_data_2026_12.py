"""The December 2026 refresh (issue 20): corrected figures, the refining stage, entity lists.

Each figure here was found wrong or stale by the audit of 2026-12-07 and is checked against the
value its source of record gives; the refining-stage shares say which stage they measure.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import api
from advisor.reference.load import load_reference
from advisor.reference.producers import load_producers
from advisor.scenarios.load import builtin_scenarios

ROOT = Path(__file__).resolve().parents[2]
REF = load_reference()
PRODUCERS = {p.id: p for p in load_producers().entries}


# -- item 3: wrong or stale figures --------------------------------------------------------------
def test_malaysia_raw_rare_earth_moratorium_took_effect_on_1_january_2024() -> None:
    (ban,) = [c for c, _ in REF.all_controls() if c.id == "my-2023-raw-re-ban"]
    assert (ban.announced, ban.effective) == (dt.date(2023, 9, 11), dt.date(2024, 1, 1))
    assert ban.note and "through 2027" in ban.note
    before = [c.status for c in REF.controls("Nd", dt.date(2023, 12, 31)) if c.id == ban.id]
    assert before == ["announced"]


def test_flake_graphite_2024_price_is_the_2024_value() -> None:
    (point,) = [p for p in REF.prices("graphite") if p.period == "2024"]
    assert (point.value, point.source) == (1050, "usgs_mcs2026_data")


@pytest.mark.parametrize(
    ("producer", "field", "expected"),
    [
        ("iluka-eneabba", "capacity", "17,500 t/yr REO"),
        ("evac-sumter", "note", "first NdFeB magnets in December 2025"),
        ("lcm-metal", "name", "USA Rare Earth"),
        ("lcm-smco", "source", "acquisition closed 2025-11-18"),
        ("asm-ochang", "capacity", "1,300 t/yr of NdFeB alloy"),
        ("asm-ochang", "note", "Energy Fuels agreed on 2026-01-20"),
        ("lynas-malaysia-heavy", "note", "first separated Dy and Tb shipped"),
        ("tdk", "note", "Watch List since 2026-02-24"),
    ],
)
def test_producers_carry_the_corrected_facts(producer: str, field: str, expected: str) -> None:
    assert expected in str(getattr(PRODUCERS[producer], field))


def test_evac_ships_and_korea_zinc_gallium_starts_in_2028() -> None:
    assert PRODUCERS["evac-sumter"].status.value == "ramping"
    assert PRODUCERS["korea-zinc-gallium"].year == 2028


def test_adv003_quotes_mcs_2026_shares() -> None:
    rule = next(r for r in api.load_rules().rules if r.id == "ADV003")
    text = " ".join(rule.rationale.split())
    assert "USGS Mineral Commodity Summaries 2026" in text
    assert "China at 71.1% of 2024" in text and "Australia at 7.6%" in text


def test_the_premium_of_supply_outside_china_is_the_2025_average_not_july() -> None:
    premiums = {s.scenario.id: s.scenario.alternative_premium for s in builtin_scenarios()}
    assert float(premiums["cn-licence-stop"] or 0) == pytest.approx(0.59)
    assert round(110 / 69 - 1, 2) == 0.59  # the DoD floor against the USGS 2025 NdPr average
    (floor,) = [p for p in REF.prices("Nd") if p.product == "NdPr oxide, US DoD price floor"]
    assert any("59% above the USGS 2025 NdPr oxide average" in n for n in floor.notes)


def test_ann58_artificial_graphite_does_not_reach_natural_graphite() -> None:
    (ann58,) = [c for c, _ in REF.all_controls() if c.id == "cn-2025-ann58-battery"]
    assert "graphite" not in ann58.all_minerals()
    assert "artificial-graphite" in ann58.items
    assert any("synthetic graphite" in n for n in REF.notes("graphite"))
    ids = {c.id for c in REF.assuming("in-force").controls("graphite", dt.date(2026, 12, 8))}
    assert "cn-2025-ann58-battery" not in ids and "cn-2023-graphite-licence" in ids


def test_dfars_cots_threshold_from_2027() -> None:
    bench = REF.benchmark("dfars_cots_covered_weight_2027")
    assert bench.value == 0.5 and REF.source(bench.source).checked
    rule = next(r for r in api.load_rules().rules if r.id == "ADV031")
    assert "less than 50% covered material by weight" in " ".join(rule.rationale.split())


# -- item 3: MOFCOM Ann. 11 and 12 of 2026 -------------------------------------------------------
LISTED = """\
version: 1
as_of: 2026-12-08
company: {{name: {company}, sector: industrial, headquarters: JP, currency: JPY}}
materials:
  - id: magnets
    mineral: Nd
    form: NdFeB magnets
    stage: magnet_component
    annual_demand: {{quantity: 10, unit: t}}
    criticality: high
    suppliers:
      - {{id: s1, name: {supplier}, country: JP, share: 1.0}}
"""


def _fired(company: str, supplier: str) -> set[str]:
    text = LISTED.format(company=company, supplier=supplier)
    result = api.assess(api.parse_profile(text, "p.yaml"), recommend=False)
    return {f.rule_id for f in result.findings if f.status == "fired"}


def test_a_watch_listed_supplier_is_a_finding() -> None:
    assert "ADV033" in _fired("Acme KK", "TDK Corporation")
    assert "ADV033" not in _fired("Acme KK", "TDKX Materials")  # whole words only
    assert "ADV033" not in _fired("Acme KK", "Shin-Etsu Chemical")


def test_a_watch_listed_buyer_is_a_finding() -> None:
    assert "ADV034" in _fired("Mitsubishi Materials Corporation", "Other KK")
    assert "ADV034" not in _fired("Mitsubishi Motors", "Other KK")


def test_entity_lists_apply_from_their_date() -> None:
    (watch,) = [e for e, _ in REF.entity_lists() if e.id == "cn-2026-ann12-watch-list"]
    assert REF.listing("TDK", dt.date(2026, 2, 23)) is None
    assert REF.listing("TDK", dt.date(2026, 2, 24)) == watch
    assert watch.listed_count == 20 and "no general licence" in watch.consequence


# -- item 4: the refining stage ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mineral", "year", "top", "share", "source"),
    [
        ("Ga", 2025, "CN", 0.99, "usgs_mcs2026_data"),
        ("Ge", 2023, "CN", 0.592, "miningcom_ga_ge_2024"),
        ("graphite", 2024, "CN", 0.90, "iea_gcmo2025"),
        ("Li", 2024, "CN", 0.5, "iea_gcmo2025"),
        ("Co", 2024, "CN", 0.5, "iea_gcmo2025"),
        ("Ni", 2024, "ID", 0.45, "iea_gcmo2025"),
        ("Dy", 2023, "CN", 0.92, "iea_gcmo2024"),
    ],
)
def test_observed_refining_shares_with_year_and_source(
    mineral: str, year: int, top: str, share: float, source: str
) -> None:
    shares = REF.shares(mineral, "refining")
    assert shares is not None and not shares.projection
    assert (shares.year, shares.top, shares.source) == (year, (top, share), source)


@pytest.mark.parametrize("mineral", ["Nd", "Ga", "Ge", "graphite", "Sb", "Li", "Co", "Ni", "W"])
def test_every_mineral_says_what_each_stage_measures(mineral: str) -> None:
    stages = REF.stage_measures(mineral)
    assert set(stages) == {"mining", "refining"}
    if REF.shares(mineral, "refining") is None:
        assert "no sourced refining share" in stages["refining"]


def test_data_show_prints_the_refining_stage_and_what_it_measures() -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    out = subprocess.run(
        [sys.executable, "-m", "advisor", "data", "show", "cobalt"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=60, check=False,
    )  # fmt: skip
    text = " ".join(out.stdout.split())
    assert "Refining stage, 2024: refined cobalt (metal and chemicals)" in text
    assert "Refining stage measures: refined cobalt (metal and chemicals) (IEA)" in text
    assert "China (CN) ≥50.0%" in text  # a lower bound: the IEA says "the majority"
