"""`advisor simulate` maths: the worked example of docs/simulate.md, by hand, and edge cases.

The worked example (tests/data/simulate/worked.yaml with worked-scenario.yaml) is written with
round numbers so that every figure below can be checked with pencil and paper; docs/simulate.md
walks through the same numbers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from advisor import api
from advisor.engine.stress.model import MaterialImpact, Simulation
from advisor.engine.stress.simulate import simulate
from advisor.profile.model import Profile
from advisor.scenarios.load import LoadedScenario, builtin, scenario_from
from advisor.yaml.loader import load_text

DATA = Path(__file__).resolve().parents[1] / "data" / "simulate"
WORKED = DATA / "worked.yaml"
WORKED_SCENARIO = DATA / "worked-scenario.yaml"


def scenario(
    events: list[dict[str, Any]], days: int = 100, premium: float | None = None
) -> LoadedScenario:
    """A scenario made of *events*, lasting *days*."""
    body: dict[str, Any] = {
        "format": 1,
        "id": "test",
        "title": "test",
        "summary": "test",
        "duration_days": days,
        "duration_basis": "test",
        "events": events,
        "sources": [{"title": "t", "publisher": "p", "via": "v", "supports": "s"}],
        "assumptions": ["a"],
    }
    if premium is not None:
        body["alternative_premium"] = premium
    import json

    return scenario_from(load_text(json.dumps(body), "test.yaml"), "test.yaml")


def profile(**material: Any) -> Profile:
    """A one-material profile (Dy, 36.5 t a year = 100 kg a day) with *material* fields."""
    base: dict[str, Any] = {
        "id": "m",
        "mineral": "Dy",
        "form": "oxide",
        "stage": "oxide_separated",
        "annual_demand": {"quantity": 36.5, "unit": "t"},
        "criticality": "high",
        "suppliers": [{"id": "a", "name": "A", "country": "CN", "share": 1.0}],
    }
    base.update(material)
    return Profile.model_validate(
        {
            "version": 1,
            "as_of": "2026-01-01",
            "company": {"name": "T", "sector": "other", "headquarters": "DE", "currency": "EUR"},
            "materials": [base],
        }
    )


CN_STOP = [{"kind": "supply_stop", "countries": ["CN"]}]


def run(p: Profile, s: LoadedScenario, **kw: Any) -> MaterialImpact:
    return simulate(p, s, api.load_reference(), **kw).materials[0]


@pytest.fixture(scope="module")
def worked() -> Simulation:
    (result,) = api.simulate(api.load_profile(WORKED), [str(WORKED_SCENARIO)])
    return result


def test_worked_example_supply_side(worked: Simulation) -> None:
    (m,) = worked.materials
    # d = 36.5 t / 365 = 100 kg a day; stock 3 t; CN is 60%, lost at 60 kg a day
    assert m.demand_t_per_day == 0.1 and m.stock_t == 3.0 and m.stock_days == 30.0
    assert m.lost_share == 0.6
    (hit,) = m.hits
    # qualification 60 + lead time 30 = 90 days < the 120-day stop
    assert (hit.supplier, hit.onset_day, hit.recover_days) == ("cn-sep", 0, 90)
    assert m.time_to_survive_days == 50.0  # 3,000 kg / 60 kg a day
    assert m.time_to_recover_days == 90 and m.gap_days == 40.0
    assert m.supply_lost_t == 5.4  # 60 kg x 90 days
    assert m.shortfall_t == 2.4  # 5,400 - 3,000 kg
    assert (m.runs_out_day, m.runs_out_date) == (50.0, "2026-02-20")
    assert [(p.day, p.stock_t) for p in m.timeline] == [(0, 3.0), (50, 0), (90, 0), (120, 0)]


def test_worked_example_money_and_units(worked: Simulation) -> None:
    (m,) = worked.materials
    # price 400 EUR/kg x (3 - 1) = 800 EUR/kg extra, on volume bought at spot in days 0-120:
    # cn-sep's replacement for days 90-120 (0.6 x 30) + my-sep after its fixed price ends on
    # day 60 (0.4 x 60) = 42 share-days x 100 kg = 4,200 kg
    assert m.price_factor == 3.0 and m.price_cost == 3_360_000.0
    # premium 50% x 400 EUR/kg on the replacement's 60 kg a day x 30 days = 1,800 kg
    assert m.premium_cost == 360_000.0
    assert m.extra_cost == worked.extra_cost == 3_720_000.0
    # 2,400 kg short at 0.1 kg per motor
    (motor,) = m.products
    assert (motor.units_at_risk, motor.revenue_at_risk) == (24_000.0, 48_000_000.0)


def test_worked_example_mitigations(worked: Simulation) -> None:
    (m,) = worked.materials
    by_kind = {x.kind: x for x in m.mitigations}
    assert by_kind["stock"].amount == 2.4
    assert "raise dy-oxide (Dy) stock by 2.4 t (to 5.4 t, 54 days of demand)" in (
        by_kind["stock"].text
    )
    # 2,400 kg over 90 days = 26.7 kg a day = 26.7% of 100 kg a day
    assert by_kind["diversify"].amount == pytest.approx(0.2667, abs=1e-4)
    assert "qualify 27% of dy-oxide volume outside CN" in by_kind["diversify"].text
    assert by_kind["fix_price"].amount == 3_360_000.0


def test_moving_the_sized_share_closes_the_gap(tmp_path: Path) -> None:
    text = (
        WORKED.read_text("utf-8")
        .replace("share: 60%", "share: 33.3%")
        .replace("share: 40%", "share: 66.7%")
    )
    path = tmp_path / "moved.yaml"
    path.write_text(text, "utf-8")
    (result,) = api.simulate(api.load_profile(path), [str(WORKED_SCENARIO)])
    assert result.materials[0].runs_out_day is None
    assert result.materials[0].shortfall_t == 0


def test_no_inventory_counts_as_no_stock_and_says_so() -> None:
    m = run(profile(), scenario(CN_STOP))
    assert m.stock_t == 0 and m.stock_days is None
    assert m.time_to_survive_days == 0 and m.runs_out_day == 0
    assert m.shortfall_t == 10.0  # 100 kg a day for 100 days
    assert "no inventory given: counted as no stock" in m.notes
    assert any(x.kind == "data" and "inventory" in x.text for x in m.mitigations)


def test_zero_demand_never_runs_out() -> None:
    m = run(profile(annual_demand={"quantity": 0, "unit": "t"}, inventory={"days_of_cover": 30}),
            scenario(CN_STOP))  # fmt: skip
    assert m.affected and m.lost_share == 1.0
    assert m.time_to_survive_days is None and m.runs_out_day is None
    assert m.shortfall_t == 0 and m.units_at_risk is None


def test_a_single_full_supplier_loses_everything() -> None:
    m = run(profile(inventory={"days_of_cover": 10}), scenario(CN_STOP))
    assert m.lost_share == 1.0 and m.time_to_survive_days == 10.0 and m.runs_out_day == 10.0


def test_no_price_leaves_the_cost_unknown() -> None:
    shock = [*CN_STOP, {"kind": "price", "minerals": ["Dy"], "factor": 5}]
    m = run(profile(inventory={"days_of_cover": 10}), scenario(shock, premium=0.5))
    assert m.price_factor == 5.0
    assert m.price_cost is None and m.premium_cost is None and m.extra_cost is None
    assert "no reference_price given: extra cost not computed" in m.notes


def test_a_scenario_longer_than_a_year_caps_units_at_a_years_production() -> None:
    usage = [{"product": "P", "kg_per_unit": 1, "annual_units": 100}]
    m = run(profile(used_in=usage), scenario(CN_STOP, days=3650), duration=3650)
    assert m.shortfall_t == 365.0  # ten years of 36.5 t, no stock, no replacement
    # P takes 100 kg of the 36,500 kg a year: 100 units a year, ten years of them
    assert m.units_at_risk == 1000.0
    assert m.timeline[-1].day == 3650


def test_unknown_mining_countries_are_not_counted_but_noted() -> None:
    feed = [{"kind": "supply_stop", "countries": ["MM"], "route": "mining"}]
    m = run(profile(inventory={"days_of_cover": 10}), scenario(feed))
    assert not m.affected
    assert "a: no mining countries given, not counted" in m.notes


def test_a_supplier_split_over_mining_countries_loses_its_share() -> None:
    feed = [{"kind": "supply_stop", "countries": ["MM"], "route": "mining"}]
    sup = [{"id": "a", "name": "A", "country": "CN", "mining_countries": ["CN", "MM"], "share": 1}]
    m = run(profile(suppliers=sup, inventory={"days_of_cover": 10}), scenario(feed))
    assert m.lost_share == 0.5 and m.time_to_survive_days == 20.0


def test_an_export_measure_spares_a_company_at_home() -> None:
    stop = [{"kind": "supply_stop", "countries": ["DE"], "export_measure": True}]
    sup = [{"id": "a", "name": "A", "country": "DE", "share": 1}]
    assert not run(profile(suppliers=sup), scenario(stop)).affected
    stop[0]["export_measure"] = False
    assert run(profile(suppliers=sup), scenario(stop)).affected


def test_controls_follow_the_reference_data_on_the_start_date() -> None:
    """Ann. 18/2025 (Dy licensing) is in force in 2026; before 4 April 2025 it was not."""
    licence = builtin("cn-licence-stop")
    p = profile(inventory={"days_of_cover": 10})
    assert run(p, licence).affected
    assert not run(p, licence, start=dt.date(2025, 1, 1)).affected


def test_a_suspended_control_stops_supply_from_its_return_date() -> None:
    back = builtin("cn-suspended-controls-return")
    ev = Path(__file__).resolve().parents[2] / "examples" / "ev-motor-maker.yaml"
    (sim,) = api.simulate(api.load_profile(ev), [back])
    magnets = sim.materials[0]
    # Ann. 61/2025 (foreign-made Dy-containing NdFeB) is suspended until 2026-11-10: day 133
    # from the profile's as_of, 2026-06-30; it reaches the Japanese magnet maker on Chinese oxide
    (hit,) = magnets.hits
    assert (hit.supplier, hit.onset_day, hit.recover_days) == ("kansai-magnetics", 133, 63)
    assert "Ann. 61/2025" in hit.why
    assert sim.start == "2026-06-30" and sim.horizon_days == 196


@pytest.mark.parametrize("name", [s.id for s in api.builtin_scenarios()])
def test_every_builtin_scenario_runs_on_every_example(name: str) -> None:
    ref = api.load_reference()
    for path in sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml")):
        (result,) = api.simulate(api.load_profile(path), [name], ref)
        assert result.scenario == name and len(result.materials) >= 1


def test_the_duration_option_is_bounded() -> None:
    from advisor.errors import UsageError

    with pytest.raises(UsageError, match="duration must be 1 to 3650 days"):
        api.simulate(api.load_profile(WORKED), ["cn-licence-stop"], duration=0)
