"""Advice that can be carried out (issue 21, items 4-7): actions fit the time available, second
sources are sized to real capacity, every action says what it costs, and the producer registry
covers battery metals and rare-earth mines. Each class is tested on a profile written for it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from advisor.engine.advise.plan import CARRYING_RATE, PER_KG, latest_price
from advisor.engine.assess.model import Assessment, Recommendation
from advisor.engine.pipeline import assess
from advisor.profile.build import load_profile
from advisor.profile.model import Mineral, Stage
from advisor.reference.load import load_reference
from advisor.reference.producers import Status, load_producers
from advisor.rules.load import load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules()
REF = load_reference()
CHECKED = dt.date(2026, 12, 8)


def run(tmp_path: Path, text: str) -> Assessment:
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    profile, doc = load_profile(str(path))
    return assess(profile, RULES, REF, doc)


def one(result: Assessment, action: str) -> Recommendation:
    (found,) = [r for r in result.recommendations if r.action == action]
    return found


GALLIUM = """\
version: 1
as_of: 2026-11-01
company: {{name: Test GaN Inc., sector: electronics, headquarters: US, currency: USD}}
materials:
  - id: gallium
    mineral: Ga
    form: Gallium metal 6N
    stage: metal_alloy
    annual_demand: {{quantity: {demand}, unit: t}}
    inventory: {{days_of_cover: 20}}
    criticality: critical
    reference_price: {{amount: 600, currency: USD, per: kg}}
    suppliers:
      - id: distributor
        name: A US distributor
        country: US
        mining_countries: [CN]
        processing_countries: [CN]
        share: 100%
        lead_time_days: 30
        qualification_days: 270
        contract: {{type: framework, start: 2025-01-01, end: {end}, dual_source_clause: true,
                   price_basis: fixed}}
programmes:
  stockpile: {{target_days: 180}}
"""


# -- 4. actions fit the time available --------------------------------------------------------


def test_stock_that_licensed_imports_cannot_bring_in_time_says_what_to_do_inside_the_window(
    tmp_path: Path,
) -> None:
    """20 days of cover (and a control returning in 26 days), one licence cycle of 63 days:
    the stock action says it takes longer than the window and what can be done inside it."""
    result = run(tmp_path, GALLIUM.format(demand=3, end="2028-12-31"))
    first = result.recommendations[0]
    assert first.tier == "urgent" and first.deadline_days == 20
    assert first.takes_days is not None and first.takes_days > first.deadline_days
    assert first.window is not None
    assert "longer than the 20 days left" in first.window
    assert "stock already outside CN" in first.window
    assert "general licence" in first.window
    assert "allocate the stock on hand between products" in first.window
    assert "Start now for later" in first.window


def test_a_contract_that_ends_before_the_next_disruption_is_renewed_first(tmp_path: Path) -> None:
    """The sole distributor's contract ends in 10 days, before the stock runs out (20 days)."""
    result = run(tmp_path, GALLIUM.format(demand=3, end="2026-11-11"))
    first = result.recommendations[0]
    assert first.action == "renew-contracts"
    assert first.tier == "urgent" and first.deadline_days == 10
    assert first.text.startswith("Renew first: a contract ends in 10 days")
    assert first.takes_days == 0
    assert first.risk_removed > 0


def test_a_renewal_is_modelled_as_the_negotiation_it_asks_for_and_moves_the_score(
    tmp_path: Path,
) -> None:
    """The sole contract ends in 10 days, at a spot price and without a dual-source clause: the
    renewal adds the clause and a fixed price, as its text says, so it answers the whole
    contracts problem, moves the company score, and no separate clause action is left for it."""
    text = GALLIUM.format(demand=3, end="2026-11-11").replace(
        "dual_source_clause: true,\n                   price_basis: fixed",
        "dual_source_clause: false,\n                   price_basis: spot",
    )
    result = run(tmp_path, text)
    first = result.recommendations[0]
    assert first.action == "renew-contracts"
    assert "add a dual-source clause and a fixed price" in first.text
    assert "with a dual-source clause and a fixed price" in first.model_note
    assert first.score_after < first.score_before
    answered = {f.split()[0] for f in first.findings}
    assert {"ADV002", "ADV021", "ADV023"} <= answered
    assert not [r for r in result.recommendations if r.action == "add-dual-source-clause"]
    assert all("contracts" not in s for r in result.recommendations[1:] for s in r.stories)


def test_a_renewal_adds_the_clause_to_the_contracts_it_does_not_renew(tmp_path: Path) -> None:
    """Two suppliers, one contract ending in 10 days: the other contract gets the clause too."""
    other = (
        "      - {id: other, name: A Japanese refiner, country: JP, mining_countries: [JP],\n"
        "         processing_countries: [JP], share: 40%, contract: {type: long_term,\n"
        "         end: 2029-01-01, dual_source_clause: false, price_basis: fixed}}\n"
        "programmes:"
    )
    text = (
        GALLIUM.format(demand=3, end="2026-11-11")
        .replace("dual_source_clause: true,", "dual_source_clause: false,")
        .replace("share: 100%", "share: 60%")
        .replace("programmes:", other)
    )
    result = run(tmp_path, text)
    renewal = one(result, "renew-contracts")
    assert "dual-source clause added to other" in renewal.model_note
    assert "Add the same dual-source clause to the other gallium contracts (other)." in (
        renewal.text
    )


def test_a_renewal_covers_the_window_a_users_pack_declares(tmp_path: Path) -> None:
    """A pack that renews a year ahead: a contract ending in 300 days is renewed too."""
    pack = tmp_path / "policy.yaml"
    pack.write_text(
        "pack: policy\nversion: 1\ndescription: Renew a year ahead.\n"
        "overrides:\n  ADV023:\n    parameters: {notice_days: 365}\n",
        encoding="utf-8",
    )
    rules = load_rules([str(pack)])
    text = GALLIUM.format(demand=3, end="2027-08-28").replace(
        "dual_source_clause: true,", "dual_source_clause: false,"
    )
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    profile, doc = load_profile(str(path))
    renewal = one(assess(profile, rules, REF, doc), "renew-contracts")
    assert "distributor contract renewed until 2027-11-01" in renewal.model_note
    assert renewal.score_after < renewal.score_before


def test_a_us_defence_buyer_with_no_time_to_requalify_is_told_of_the_dfars_exception() -> None:
    profile, doc = load_profile(str(ROOT / "tests" / "cases" / "us-defence.yaml"))
    result = assess(profile, RULES, REF, doc)
    first = result.recommendations[0]
    assert first.action == "meet-dfars" and first.deadline_days == 30
    assert first.takes_days == 365 + 60  # the qualification and a delivery
    assert first.window is not None
    assert "DFARS non-availability exception (DFARS 225.7018-3)" in first.window
    assert "compliant stock (made outside China, Russia, North Korea and Iran)" in first.window
    assert "general licence" not in first.window  # DFARS is no export licence


# -- 5. second sources sized to real capacity -------------------------------------------------


def test_a_second_source_takes_only_what_its_capacity_can_deliver(tmp_path: Path) -> None:
    """100 t of gallium a year: the only non-weak producer outside China makes about 3 t, so
    3% is modelled, not 30%, and the text says no listed producer can take 30%."""
    result = run(tmp_path, GALLIUM.format(demand=100, end="2028-12-31"))
    r = next(r for r in result.recommendations if "modelled-" in r.model_note or r.candidates)
    assert r.candidates[0] == "japan-primary-gallium"
    assert "No listed producer can take 30% (30 t a year)" in r.text
    assert "give it 3% of the volume" in r.text
    assert "takes 3% of volume" in r.model_note


def test_weak_sources_and_other_forms_are_never_modelled_second_sources() -> None:
    producers = load_producers()
    on = dt.date(2026, 12, 8)
    gallium = producers.candidates(Mineral.Ga, Stage.metal_alloy, {"CN"}, on)
    assert {p.id for p in gallium} & {"dowa-gallium", "ppm-pure-metals"} == set()
    assert {p.id for p in producers.weak(Mineral.Ga, Stage.metal_alloy, {"CN"}, on)} == {
        "dowa-gallium",
        "ppm-pure-metals",
    }
    for mineral in Mineral:
        if mineral is Mineral.other:
            continue
        for stage in Stage:
            for p in producers.candidates(mineral, stage, {"CN"}, on):
                assert not p.weak_source
                assert p.form != "concentrate" or stage is Stage.ore_concentrate


# -- 6. money ---------------------------------------------------------------------------------


def test_stock_costs_tonnes_times_price_and_a_stated_carrying_rate(tmp_path: Path) -> None:
    result = run(tmp_path, GALLIUM.format(demand=3, end="2028-12-31"))
    stock = result.recommendations[0]
    days = re.search(r"to ([0-9.]+) days of cover", stock.text)
    assert days is not None
    tonnes = (float(days.group(1)) - 20) * 3 / 365
    assert stock.cost == pytest.approx(tonnes * 600_000, rel=1e-9)
    assert stock.cost_currency == "USD"
    assert f"assumed {CARRYING_RATE:.0%} a year of its value" in stock.cost_text
    assert "the profile's reference price 600 USD/kg" in stock.cost_text


def test_a_second_source_of_ndpr_oxide_costs_the_sourced_premium() -> None:
    """NdPr oxide outside China: the DoD floor of 110 against the USGS 2025 average of 69 USD/kg
    (+59%)."""
    profile, doc = load_profile(str(ROOT / "tests" / "cases" / "same-supply-us.yaml"))
    result = assess(profile, RULES, REF, doc)
    r = result.recommendations[0]
    assert r.action == "add-second-source"
    assert "premium of 59%" in r.cost_text and "dod_mp_2025" in r.cost_text
    assert r.cost is not None and r.cost > 0
    assert "qualification (samples, audits, trials): cost unknown" in r.cost_text


def test_no_price_no_number(tmp_path: Path) -> None:
    """Tungsten with no reference price of its own: the reference data prices concentrate per
    mtu of WO3, which is no price per kg, so the cost is unknown and the text says why."""
    text = GALLIUM.format(demand=3, end="2028-12-31")
    text = text.replace("mineral: Ga", "mineral: W").replace(
        "    reference_price: {amount: 600, currency: USD, per: kg}\n", ""
    )
    result = run(tmp_path, text)
    stock = [r for r in result.recommendations if "stock raised" in r.model_note]
    assert stock
    for r in stock:
        assert r.cost is None
        assert "cost unknown: no reference price" in r.cost_text
        assert "only tungsten concentrate, Rotterdam in USD/mtu WO3" in r.cost_text


def _stock(result: Assessment) -> Recommendation:
    return next(r for r in result.recommendations if "stock raised" in r.model_note)


@pytest.mark.parametrize(
    "mineral", [m for m in Mineral if m is not Mineral.other and latest_price(REF, m.value)]
)
def test_every_mineral_with_a_reference_price_gets_a_stock_cost(
    tmp_path: Path, mineral: Mineral
) -> None:
    """No reference price in the profile: the latest annual reference-data price is used, for
    every mineral that has one in a unit per mass (tonnes × price, and the carrying cost)."""
    text = GALLIUM.format(demand=3, end="2028-12-31")
    text = text.replace("mineral: Ga", f"mineral: {mineral.value}").replace(
        "    reference_price: {amount: 600, currency: USD, per: kg}\n", ""
    )
    stock = _stock(run(tmp_path, text))
    price = latest_price(REF, mineral.value)
    days = re.search(r"to ([0-9.]+) days of cover", stock.text)
    assert days is not None and stock.cost is not None
    tonnes = (float(days.group(1)) - 20) * 3 / 365
    assert stock.cost == pytest.approx(tonnes * 1000 * price.value * PER_KG[price.unit], rel=1e-3)
    assert price.product in stock.cost_text and price.source in stock.cost_text
    assert f"assumed {CARRYING_RATE:.0%} a year of its value" in stock.cost_text


MAGNET = """\
version: 1
as_of: 2026-11-01
company: {{name: Test Motors Inc., sector: ev_motors, headquarters: US, currency: USD}}
materials:
  - id: magnets
    mineral: Nd
    form: Sintered NdFeB magnets
    stage: magnet_component
{content}    annual_demand: {{quantity: 100, unit: t}}
    inventory: {{days_of_cover: 20}}
    criticality: critical
    suppliers:
      - id: magnet-maker
        name: A Chinese magnet maker
        country: CN
        mining_countries: [CN]
        processing_countries: [CN]
        share: 100%
        lead_time_days: 40
        qualification_days: 270
        contract: {{type: long_term, start: 2025-01-01, end: 2028-12-31,
                   dual_source_clause: true, price_basis: fixed}}
programmes:
  stockpile: {{target_days: 180}}
"""


def test_a_magnets_stock_is_priced_by_its_mineral_content_and_said_to_be_a_floor(
    tmp_path: Path,
) -> None:
    """No price for the magnet, but its content: the stock costs at least the Nd, Pr and Dy in
    it at the oxide prices, and the text says the magnet costs more."""
    content = "    content: {Nd: 24%, Pr: 6%, Dy: 2%}\n"
    result = run(tmp_path, MAGNET.format(content=content))
    stock = _stock(result)
    per_kg = sum(share * latest_price(REF, m, own=True).value for m, share in
                 (("Nd", 0.24), ("Pr", 0.06), ("Dy", 0.02)))  # fmt: skip
    days = re.search(r"to ([0-9.]+) days of cover", stock.text)
    assert days is not None and stock.cost is not None
    tonnes = (float(days.group(1)) - 20) * 100 / 365
    assert stock.cost == pytest.approx(tonnes * 1000 * per_kg, rel=1e-3)
    assert stock.cost_text.startswith("at least ")
    assert "the mineral content only (Dy 2% at Dy oxide 239 USD/kg" in stock.cost_text
    assert "Nd 24% at Nd oxide 73 USD/kg" in stock.cost_text
    assert "not the magnet's price: the magnet costs more" in stock.cost_text
    from advisor.render._common import cost_cell

    assert cost_cell(stock).startswith("at least ")


def test_a_magnet_with_neither_price_nor_content_says_which_data_is_missing(
    tmp_path: Path,
) -> None:
    stock = _stock(run(tmp_path, MAGNET.format(content="")))
    assert stock.cost is None
    assert "cost unknown: no reference price for a magnet, and the profile gives no content" in (
        stock.cost_text
    )


def test_a_metal_priced_at_its_oxide_price_is_a_floor(tmp_path: Path) -> None:
    text = GALLIUM.format(demand=3, end="2028-12-31")
    text = text.replace("mineral: Ga", "mineral: Dy").replace(
        "    reference_price: {amount: 600, currency: USD, per: kg}\n", ""
    )
    stock = _stock(run(tmp_path, text))
    assert stock.cost is not None and stock.cost_text.startswith("at least ")
    assert "the metal or alloy costs more than the Dy oxide" in stock.cost_text


def test_an_unknown_premium_is_said_to_be_unknown_and_the_volume_is_valued(
    tmp_path: Path,
) -> None:
    """Dy oxide outside China has no sourced price: no premium is assumed, the volume moved is
    valued at the price known, and the total is unknown."""
    profile, doc = load_profile(str(ROOT / "tests" / "cases" / "dy-oxide-sole-china.yaml"))
    first = assess(profile, RULES, REF, doc).recommendations[0]
    assert first.cost is None
    assert "premium unknown: no sourced price of dy-oxide (Dy) produced outside the dominant " in (
        first.cost_text
    )
    assert "country, none assumed" in first.cost_text
    assert "(worth about 600,000 EUR a year at the profile's reference price" in first.cost_text


def test_every_recommendation_names_its_cost_or_why_it_is_unknown() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        profile, doc = load_profile(str(path))
        for r in assess(profile, RULES, REF, doc).recommendations:
            assert r.cost_text
            assert r.cost is not None or "unknown" in r.cost_text or "no purchase" in r.cost_text


# -- 7. registry coverage ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mineral", "stage"),
    [
        (Mineral.Co, Stage.metal_alloy),
        (Mineral.Ni, Stage.metal_alloy),
        (Mineral.Li, Stage.oxide_separated),
        (Mineral.graphite, Stage.ore_concentrate),
        (Mineral.Nd, Stage.ore_concentrate),
        (Mineral.Dy, Stage.ore_concentrate),
    ],
)
def test_the_registry_knows_a_producer_outside_china(mineral: Mineral, stage: Stage) -> None:
    found = load_producers().candidates(mineral, stage, {"CN"}, CHECKED)
    assert found
    assert any(p.tonnes for p in found) or mineral is Mineral.Dy


def test_new_entries_carry_a_source_of_record_capacity_status_and_date() -> None:
    new = [p for p in load_producers().entries if p.checked == CHECKED]
    assert len(new) >= 20
    for p in new:
        assert p.confidence.value in ("V", "S"), p.id  # read in a source, not recalled
        assert re.search(r"\b(19|20)\d\d\b", p.source), p.id  # names a dated document
        assert p.capacity
        assert p.status is not Status.planned or p.year is None or p.year > 2026


# -- the first recommendation of every example and case ----------------------------------------

PROFILES = sorted([*(ROOT / "examples").glob("*.yaml"), *(ROOT / "tests" / "cases").glob("*.yaml")])


@pytest.mark.parametrize(
    "path", [p for p in PROFILES if p.name != "expected.yaml"], ids=lambda p: p.stem
)
def test_the_first_recommendation_can_be_carried_out_names_its_cost_and_moves_the_score(
    path: Path,
) -> None:
    profile, doc = load_profile(str(path))
    first = assess(profile, RULES, REF, doc).recommendations[0]
    # in the time it states: it takes effect within its deadline, or says what to do inside it
    assert first.takes_days is not None
    if first.deadline_days is not None and first.takes_days > first.deadline_days:
        assert first.window and "Inside the" in first.window
    # what it costs: a figure, no purchase, or unknown with the data that is missing
    assert first.cost is not None or re.match(NAMED_COST, first.cost_text), first.cost_text
    # it moves the company score, whatever the action (a renewal included)
    assert first.score_after < first.score_before, first.model_note
    assert first.risk_removed > 0


#: A cost without a figure says there is no purchase, or why it is unknown.
NAMED_COST = r"no purchase: |.*(unknown|not known)(: | because | \()"


def test_the_markdown_plan_shows_the_cost_beside_the_risk_removed() -> None:
    from advisor.api import render

    profile, doc = load_profile(str(ROOT / "examples" / "ev-motor-maker.yaml"))
    result = assess(profile, RULES, REF, doc)
    text = render([result], "markdown")
    assert "| When | Company score | Cost |" in text
    first = result.recommendations[0]
    assert first.cost is not None
    assert f"| {first.cost / 1e6:,.3g} million EUR |" in text.split("## Details")[0]
    assert "- Cost: " in text and "assumed 10% a year of its value" in text


@pytest.mark.parametrize(
    "path", [p for p in PROFILES if p.name != "expected.yaml"], ids=lambda p: p.stem
)
def test_no_recommendation_writes_a_number_as_an_exponent(path: Path) -> None:
    """Tonnages and amounts read as people write them: 210,000 t, not 2.1e+05 t."""
    profile, doc = load_profile(str(path))
    for r in assess(profile, RULES, REF, doc).recommendations:
        for text in (r.text, r.cost_text or "", r.model_note):
            assert not re.search(r"\d(?:\.\d+)?e[+-]\d", text), text


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.81, "0.81"), (54, "54"), (1184.4, "1,184"), (210000, "210,000"), (3e4, "30,000")],
)
def test_quantities_keep_four_figures_and_no_exponent(value: float, shown: str) -> None:
    from advisor.engine.advise.numbers import figure

    assert figure(value) == shown
