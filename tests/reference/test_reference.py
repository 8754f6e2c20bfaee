"""The shipped reference data, the override merge, the as-of logic and the claims table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from advisor.errors import DataError, UsageError
from advisor.reference.controls import Reading
from advisor.reference.load import BUILTIN, Reference, load_reference, resolve_mineral
from advisor.reference.models import (
    BenchmarkEntry,
    ClaimEntry,
    Control,
    ControlState,
    Coverage,
    EntityList,
    EUGroup,
    ListedEntity,
    Meta,
    MineralInfo,
    PriceSeries,
    Production,
    ReferenceFile,
    SourceEntry,
)

FIXTURES = Path(__file__).parents[1] / "data" / "reference"
SEED = Path(__file__).parents[2] / "seeds" / "000_d354b3b22a7bb861.txt"
RARE_EARTHS = ("Nd", "Pr", "Dy", "Tb", "Sm")
VOCABULARY = ("Nd", "Pr", "Dy", "Tb", "Sm", "Ga", "Ge", "graphite", "Sb", "Li", "Co", "Ni", "W")


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def merged() -> Reference:
    return load_reference(str(FIXTURES / "override_ok.yaml"))


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# -- invariants over the shipped file ------------------------------------------------------------
def test_minerals_are_the_profile_vocabulary_in_order(ref: Reference) -> None:
    assert ref.minerals() == list(VOCABULARY)
    assert ref.version == "2026.2"
    assert ref.compiled == _day("2026-12-08")


def test_built_in_parse_is_cached() -> None:
    assert load_reference() is load_reference()


@pytest.mark.parametrize("mineral", VOCABULARY)
def test_every_mineral_has_mining_shares(ref: Reference, mineral: str) -> None:
    shares = ref.shares(mineral, "mining")
    assert shares is not None
    assert shares.by_country and shares.source and shares.confidence in {"V", "S", "unverified"}
    assert 0 < shares.hhi <= 10_000
    assert shares.top[1] == max(v for k, v in shares.by_country.items() if k != "other")


def test_shares_are_fractions_adding_up_to_at_most_one(ref: Reference) -> None:
    for mineral in VOCABULARY:
        for dataset in ref.datasets(mineral):
            assert all(0 <= share <= 1 for share in dataset.by_country.values())
            limit = 1.02 if dataset.tonnes else 1.0  # USGS rounds its world totals
            assert dataset.coverage <= limit + 1e-9, (mineral, dataset.stage, dataset.year)


def test_rare_earths_share_the_usgs_2025_dataset(ref: Reference) -> None:
    for mineral in RARE_EARTHS:
        shares = ref.shares(mineral, "mining")
        assert shares is not None
        assert (shares.year, shares.source, shares.unit) == (2025, "usgs_mcs2026_ree", "t REO")
        assert shares.shared_with == RARE_EARTHS
        assert round(shares.by_country["CN"] * 100, 1) == 69.2
        assert round(shares.by_country["US"] * 100, 1) == 13.1
        assert round(shares.hhi) == 5054
        assert shares.top[0] == "CN"
    refining = ref.shares("Dy", "refining")
    assert refining is not None and (refining.year, refining.by_country["CN"]) == (2023, 0.92)


def test_projections_are_never_the_dataset_in_use(ref: Reference) -> None:
    observed = ref.shares("Li", "refining")
    assert observed is not None and (observed.year, observed.projection) == (2024, False)
    projections = [d for d in ref.datasets("Li", "refining") if d.projection]
    assert projections and projections[0].year == 2035 and projections[0].lower_bound


def _cited(ref: Reference) -> list[str]:
    keys: list[str] = []
    for mineral in VOCABULARY:
        keys += [d.source for d in ref.datasets(mineral)]
        for control in ref.controls(mineral, ref.compiled):
            keys += [control.source, control.suspension_source or control.source]
        keys += [p.source for p in ref.prices(mineral)]
        eu = [ref.eu2023(mineral), *ref.eu2023_groups(mineral)]
        keys += [e.source for e in eu if e is not None]
    keys += [b.source for b in ref.benchmarks()]
    keys += [key for claim in ref.claims() for key in claim.sources]
    return keys


def test_every_cited_source_is_in_the_bibliography(ref: Reference) -> None:
    known = {s.key for s in ref.sources()}
    assert set(_cited(ref)) <= known
    for source in ref.sources():
        assert source.title and source.publisher and (source.url or source.doi or source.via)


def test_control_dates_are_ordered(ref: Reference) -> None:
    for mineral in VOCABULARY:
        for c in ref.controls(mineral, _day("2030-01-01")):
            if c.announced:
                assert c.announced <= c.effective
            if c.suspension:
                assert c.suspension[0] <= c.suspension[1]
                assert c.announced is None or c.announced <= c.suspension[0]


@pytest.mark.parametrize(
    ("mineral", "expected"),
    [
        ("Nd", {"cn-2023-re-technology", "cn-2025-ann56-re-equipment", "my-2023-raw-re-ban"}),
        ("Dy", {"cn-2025-ann18-ree-licence", "cn-2025-ann61-extraterritorial"}),
        ("Tb", {"cn-2025-ann18-ree-licence", "cn-2025-ann62-re-technology"}),
        ("Sm", {"cn-2025-ann18-ree-licence"}),
        ("Ga", {"cn-2023-ga-ge-licence", "cn-2024-ann46-us-ban", "cn-2025-ga-technology"}),
        ("Ge", {"cn-2023-ga-ge-licence", "cn-2024-ann46-us-ban"}),
        ("graphite", {"cn-2023-graphite-licence", "cn-2024-ann46-graphite-us"}),
        ("Sb", {"cn-2024-sb-licence", "cn-2024-ann46-us-ban"}),
        ("Li", {"cn-2025-ann58-battery"}),
        ("W", {"cn-2025-w-licence"}),
        ("Ni", {"id-nickel-ore-ban"}),
    ],
)
def test_controls_cover_the_facts(ref: Reference, mineral: str, expected: set[str]) -> None:
    assert expected <= {c.id for c in ref.controls(mineral, ref.compiled)}


def test_announcement_18_lists_nd_only_in_dy_or_tb_bearing_magnets(ref: Reference) -> None:
    (ann18,) = [c for c in ref.controls("Nd", ref.compiled) if c.id == "cn-2025-ann18-ree-licence"]
    nd = [e for e in ann18.covers if "Nd" in e.minerals]
    assert [(e.forms, e.containing) for e in nd] == [(["magnet_part"], ["Dy", "Tb"])]


@pytest.mark.parametrize("mineral", [m for m in VOCABULARY if m != "Sm"])
def test_eu_2023_values(ref: Reference, mineral: str) -> None:
    eu = ref.eu2023(mineral)
    assert eu is not None and eu.source == "eu_crm2023" and eu.confidence == "S"
    assert eu.supply_risk > 0 and eu.economic_importance > 0 and 0 <= eu.eol_rir <= 1


def test_eu_2023_specific_values(ref: Reference) -> None:
    dy, ni = ref.eu2023("Dy"), ref.eu2023("Ni")
    assert dy is not None and (dy.supply_risk, dy.economic_importance) == (5.6, 7.8)
    assert dy.stage_used == "processing" and dy.eol_rir == 0.01
    assert ni is not None and ni.supply_risk < 1.0  # below the SR threshold
    assert ref.eu2023("Sm") is None
    assert [g.material for g in ref.eu2023_groups("Tb")] == ["HREE (group)"]


def test_oxide_price_history(ref: Reference) -> None:
    def series(mineral: str, product: str) -> list[float]:
        return [p.value for p in ref.prices(mineral) if p.product == product]

    assert series("Nd", "Nd oxide") == [49, 98, 134, 78, 56, 73]
    assert series("Dy", "Dy oxide") == [261, 410, 382, 330, 257, 239]  # MCS 2026 revised 2024
    assert series("Tb", "Tb oxide") == [670, 1340, 2050, 1300, 812, 1010]
    assert series("Nd", "NdPr oxide") == [92, 124, 75, 55, 69]
    usgs = {p.source for p in ref.prices("Nd") if p.period == "2025" and "USGS" in (p.basis or "")}
    assert usgs == {"usgs_mcs2026_ree"}


@pytest.mark.parametrize(
    ("key", "value", "confidence"),
    [
        ("crma_single_country_cap", 0.65, "S"),
        ("crma_recycling_share", 0.25, "S"),
        ("crma_extraction_share", 0.10, "S"),
        ("crma_processing_share", 0.40, "S"),
        ("hhi_moderate", 1500, "unverified"),
        ("hhi_high", 2500, "unverified"),
        ("iea_stock_days", 90, "V"),
        ("jogmec_stock_days", 60, "S"),
        ("eu_sr_threshold", 1.0, "V"),
        ("eu_ei_threshold", 2.8, "V"),
        ("china_licence_working_days_max", 45, "S"),
        ("article_recycling_recovery", 0.15, "V"),
        ("article_tax_credit", 0.30, "V"),
        ("article_stockpile_days", 90, "V"),
        ("article_non_china_premium", 0.12, "V"),
    ],
)
def test_benchmarks(ref: Reference, key: str, value: float, confidence: str) -> None:
    bench = ref.benchmark(key)
    assert (bench.value, bench.confidence) == (value, confidence)
    assert bench.from_article == key.startswith("article_")
    assert bench.label and bench.source


def test_unknown_benchmark_suggests_a_key(ref: Reference) -> None:
    with pytest.raises(KeyError, match="hhi_high"):
        ref.benchmark("hhi_hihg")


# -- mineral names -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "key"),
    [("Nd", "Nd"), ("nd", "Nd"), ("ND", "Nd"), ("neodymium", "Nd"), ("Gallium", "Ga"),
     ("tungsten", "W"), ("GRAPHITE", "graphite"), ("natural graphite", "graphite")],
)  # fmt: skip
def test_resolve_mineral(text: str, key: str) -> None:
    assert resolve_mineral(text) == key


def test_unknown_mineral_is_one_line_with_did_you_mean() -> None:
    with pytest.raises(UsageError) as caught:
        resolve_mineral("neodymum")
    message = str(caught.value)
    assert "did you mean 'neodymium', Nd?" in message and "\n" not in message


# -- as-of logic ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("on", "status", "until", "factor"),
    [
        ("2025-06-01", "active", None, 1.5),
        ("2025-11-09", "suspended", "2026-11-27", 1.0),
        ("2026-01-01", "suspended", "2026-11-27", 1.0),
        # after 2026-11-27 the state is unknown: the default plan takes the suspension as
        # extended to 2027-01-10 (MOFCOM readout of 2026-09-28); --assume in-force, back in force
        ("2026-11-27", "suspended", "2027-01-10", 1.0),
        ("2026-12-01", "suspended", "2027-01-10", 1.0),
        ("2026-11-27/in-force", "active", None, 1.5),
        ("2026-12-01/in-force", "active", None, 1.5),
    ],
)
def test_ann46_us_ban_around_its_suspension(
    ref: Reference, on: str, status: str, until: str | None, factor: float
) -> None:
    day, _, plan = on.partition("/")
    found = ref.assuming(plan or None).controls("Ga", _day(day))
    (control,) = [c for c in found if c.id == "cn-2024-ann46-us-ban"]
    assert control.status == status
    assert control.suspended_until == (_day(until) if until else None)
    assert control.trade_factor == factor
    assert control.target_countries == ["US"] and control.kind == "ban"


def test_before_announcement_a_measure_is_left_out(ref: Reference) -> None:
    ids = {c.id for c in ref.controls("Ga", _day("2024-11-01"))}
    assert "cn-2023-ga-ge-licence" in ids and "cn-2024-ann46-us-ban" not in ids


def test_between_announcement_and_effect_a_measure_is_announced(ref: Reference) -> None:
    (control,) = [c for c in ref.controls("Nd", _day("2025-10-20")) if "ann56" in c.id]
    assert (control.status, control.trade_factor) == ("announced", 1.0)


def test_october_2025_measures_suspended_until_10_november_2026(ref: Reference) -> None:
    statuses = {c.id: c for c in ref.controls("Li", _day("2026-06-30"))}
    battery = statuses["cn-2025-ann58-battery"]
    assert battery.status == "suspended" and battery.suspended_until == _day("2026-11-10")
    assert battery.state_source == "mofcom_ann70_2025" and not battery.assumed


def test_after_the_suspension_the_status_is_an_assumption(ref: Reference) -> None:
    """No published instrument says what happened on 10 November 2026: the state is unknown
    with two readings; advisor plans on the chosen one and says so, with the other."""
    (battery,) = [c for c in ref.controls("Li", ref.compiled) if c.id == "cn-2025-ann58-battery"]
    assert (battery.status, battery.trade_factor) == ("suspended", 1.0)
    assert battery.suspended_until == _day("2027-01-10")
    assert battery.assumption == (
        "status after 2026-11-10 not settled by a published instrument (data as of 2026-12-08); "
        "planning assumption: still suspended until 2027-01-10; other reading: back in force "
        "(mofcom_ann70_2025, search_after_suspensions_2026)"
    )
    assert battery.basis and "No MOFCOM announcement amending or extending" in battery.basis
    assert battery.state_checked == _day("2026-12-08")
    found = ref.assuming("in-force").controls("Li", ref.compiled)
    (back,) = [c for c in found if c.id == "cn-2025-ann58-battery"]
    assert (back.status, back.trade_factor) == ("active", 1.1)
    assert "planning assumption: back in force; other reading: still suspended until" in (
        back.assumption or ""
    )


def test_a_lifted_measure_lapses(tmp_path: Path) -> None:
    override = tmp_path / "lifted.yaml"
    override.write_text(
        "controls:\n"
        "  - {id: cn-2025-w-licence, country: CN, measure: W licensing, kind: licence,\n"
        "     items: Tungsten items, minerals: [W], effective: 2025-02-04,\n"
        "     lifted: 2026-03-01, source: mofcom_ann10_2025, confidence: S}\n",
        encoding="utf-8",
    )
    ref = load_reference(str(override))
    (before,) = [c for c in ref.controls("W", _day("2026-02-01")) if c.id == "cn-2025-w-licence"]
    (after,) = [c for c in ref.controls("W", _day("2026-03-01")) if c.id == "cn-2025-w-licence"]
    assert (before.status, after.status) == ("active", "lapsed")
    assert after.origin == str(override)


def test_trade_factor_by_destination(ref: Reference) -> None:
    on = _day("2025-06-01")
    assert ref.trade_factor("Ga", "CN", on, destination="US") == 1.5
    assert ref.trade_factor("Ga", "CN", on, destination="DE") == 1.1  # the tech rule: July 2025
    assert ref.trade_factor("Co", "CN", on) == 1.0
    assert ref.trade_factor("Ni", "ID", on) == 1.3


# -- staleness -----------------------------------------------------------------------------------
def test_on_the_data_date_only_the_2023_figures_are_stale(ref: Reference) -> None:
    """The latest sourced rare-earth refining shares and the EU values describe 2023."""
    stale = ref.stale(ref.compiled, 730)
    assert [m.split(" describe")[0] for m in stale] == [
        "rare earths refining shares (Nd, Pr, Dy, Tb, Sm)", "germanium refining shares (Ge)",
        "EU 2023 criticality values"
    ]  # fmt: skip


def test_control_statuses_checked_long_ago_are_stale(ref: Reference) -> None:
    (note,) = [m for m in ref.stale(_day("2028-06-01"), 365, "W") if "cn-2025-w-licence" in m]
    assert note.startswith("export-control statuses last checked on 2026-12-08, 541 days")
    assert "cn-2025-w-licence" in note
    assert not any("export-control" in m for m in ref.stale(_day("2027-06-01"), 365, "W"))


def test_old_datasets_are_stale_later(ref: Reference) -> None:
    messages = "\n".join(ref.stale(_day("2027-06-01"), 730))
    assert "germanium mining" in messages and "EU 2023" in messages
    assert "rare earths mining" not in messages and "antimony mining" not in messages
    later = "\n".join(ref.stale(_day("2028-06-01"), 730))
    assert "rare earths mining" in later and "antimony mining" in later
    assert any("compiled" in m for m in ref.stale(_day("2029-01-01"), 730))
    assert [m.split()[0] for m in ref.stale(_day("2028-06-01"), 730, "Sb")] == [
        "antimony", "EU", "antimony"
    ]  # fmt: skip


# -- the claims table ----------------------------------------------------------------------------
def test_every_seed_claim_has_a_verdict(ref: Reference) -> None:
    claims = ref.claims()
    assert [c.number for c in claims] == list(range(1, 39))
    verdicts = {c.number: c.verdict for c in claims}
    assert {verdicts[n] for n in (1, 2, 3, 4, 6, 17, 18, 19, 23, 24, 27)} == {"contradicted"}
    assert {verdicts[n] for n in (7, 12, 22)} == {"outdated"}
    unsupported = (5, 8, 9, 10, 13, 14, 15, 16, 20, 21, 25, 26, 28, 29, 30, 31, 32, 33, 34, 35,
                   36, 37)  # fmt: skip
    assert {verdicts[n] for n in unsupported} == {"unsupported"}
    assert [n for n, v in verdicts.items() if v == "consistent"] == [38]


@pytest.mark.parametrize(
    ("number", "says", "figure"),
    [
        (7, "80%", "67% (2025e)"),
        (12, "30% of capital cost", "allocated competitively"),
        (15, "RMB 180 billion", "No such programme"),
        (16, "Critical Minerals Act (2023)", "No such Act"),
        (17, "$500 million", "heat-pump"),
        (18, "6 kt to 9 kt", "45,000 t REO"),
        (19, "55%", "Inverted"),
        (20, "40%", "No source found"),
        (21, "12 kt of dysprosium", "No source for the contract"),
        (22, "export quota", "abolished"),
        (23, "5 years", "1931"),
        (27, "Critical Minerals Export Regulation", "Decree No. 792"),
        (29, "20%", "No source found"),
        (31, "EU-U.S. Rare-Earth Working Group", "No source found"),
        (34, "REM-F", "Critical Materials Innovation Hub"),
        (35, "120 km2", "No source found"),
        (36, "$450 million", "No source found"),
    ],
)
def test_seed_claims_state_the_sourced_figure(
    ref: Reference, number: int, says: str, figure: str
) -> None:
    claim = ref.claims()[number - 1]
    assert says in claim.article_says and figure in claim.sourced_figure
    assert all(ref.source(key).checked for key in claim.sources)


def test_claim_one_matches_the_dataset(ref: Reference) -> None:
    claim = ref.claims()[0]
    shares = ref.shares("Nd", "mining")
    assert shares is not None
    assert f"{shares.by_country['CN'] * 100:.1f}%" in claim.sourced_figure
    assert "61%" in claim.article_says


def test_claims_name_a_heading_of_the_seed_article(ref: Reference) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    headings = {line.split(":", 1)[1].strip() for line in lines if line.startswith(("H2:", "H3:"))}
    headings.add(lines[0].strip())  # the news headline the article opens with
    for claim in ref.claims():
        assert claim.seed_section in headings, claim.number


# -- overrides -----------------------------------------------------------------------------------
def test_override_replaces_a_dataset_for_its_minerals_only(merged: Reference) -> None:
    nd, pr = merged.shares("Nd", "mining"), merged.shares("Pr", "mining")
    assert nd is not None and pr is not None
    assert (nd.source, nd.by_country["CN"]) == ("example_feed", 0.7)
    assert nd.origin == str(FIXTURES / "override_ok.yaml")
    assert (pr.source, pr.origin) == ("usgs_mcs2026_ree", BUILTIN)


def test_override_adds_years_controls_prices_and_sources(merged: Reference) -> None:
    origin = str(FIXTURES / "override_ok.yaml")
    ga = merged.shares("Ga", "mining")
    assert ga is not None and (ga.year, ga.by_country["CN"], ga.origin) == (2025, 0.95, origin)
    assert [d.year for d in merged.datasets("Ga", "mining")] == [2025, 2024]
    (quota,) = [c for c in merged.controls("Co", _day("2025-12-05")) if c.id == "xx-example-quota"]
    assert (quota.kind, quota.trade_factor, quota.origin) == ("quota", 1.3, origin)
    prices = {p.period: p.origin for p in merged.prices("Nd") if p.product == "Nd oxide"}
    assert prices["2025"] == origin and prices["2024"] == BUILTIN
    assert "example_feed" in {s.key for s in merged.sources()}
    assert merged.version == "2026.2+test.1"
    assert merged.origins == [BUILTIN, origin]


def test_override_replaces_a_control_by_id(merged: Reference) -> None:
    (ban,) = [
        c for c in merged.controls("Ga", _day("2026-01-01")) if c.id == "cn-2024-ann46-us-ban"
    ]
    assert ban.status == "active" and ban.suspension is None


@pytest.mark.parametrize(
    ("name", "where", "fragment"),
    [
        ("bad_unknown_key.yaml", ":8:5: production[0].sorce", "did you mean 'source'?"),
        ("bad_share.yaml", ":7:18: production[0].shares.CN", "1.8"),
        ("bad_share_sum.yaml", ":7:13: production[0].shares", "add up to 110%"),
        ("bad_source.yaml", ":9:13: controls[0].source", "did you mean 'mofcom_ann1_2026'?"),
        ("bad_date.yaml", ":8:16: controls[0].announced", "2026-02-30"),
        ("bad_date_order.yaml", ":10:22: controls[0].suspended_until", "is before"),
    ],
)
def test_bad_overrides_are_rejected_with_file_line(name: str, where: str, fragment: str) -> None:
    path = FIXTURES / name
    with pytest.raises(DataError) as caught:
        load_reference(str(path))
    lines = caught.value.lines()
    assert any(line.startswith(f"{path}{where}") and fragment in line for line in lines), lines


def test_docs_describe_every_field() -> None:
    text = (Path(__file__).parents[2] / "docs" / "data.md").read_text(encoding="utf-8")
    models: list[type[BaseModel]] = [ReferenceFile, Meta, SourceEntry, MineralInfo]
    models += [Production, Control, Coverage, ControlState, PriceSeries, EUGroup]
    models += [BenchmarkEntry, ClaimEntry, EntityList, ListedEntity, Reading]
    for model in models:
        for name in model.model_fields:
            assert re.search(rf"`[^`\n]*\b{name}\b[^`\n]*`", text), (model.__name__, name)


def test_missing_override_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        load_reference(str(tmp_path / "nope.yaml"))
