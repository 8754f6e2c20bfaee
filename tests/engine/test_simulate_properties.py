"""Properties of the stress-test maths that must hold for any profile (hypothesis).

More stock never shortens survival; a longer disruption never reduces the shortfall; a larger
price shock never lowers the cost.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import api
from advisor.engine.stress.model import MaterialImpact
from advisor.engine.stress.simulate import simulate
from advisor.profile.model import Profile
from advisor.scenarios.load import LoadedScenario, scenario_from
from advisor.yaml.loader import load_text

REF = api.load_reference()
FAST = settings(max_examples=60, deadline=None)

shares = st.integers(min_value=0, max_value=100)
days = st.integers(min_value=0, max_value=400)
maybe_days = st.one_of(st.none(), days)


@st.composite
def profiles(draw: st.DrawFn, stock_days: float | None = None) -> dict[str, Any]:
    """A one-material profile: two suppliers, one in CN, random stock, demand and contracts."""
    cn = draw(shares)
    suppliers = [
        {"id": "cn", "name": "CN", "country": "CN", "share": cn / 100,
         "qualification_days": draw(maybe_days), "lead_time_days": draw(maybe_days),
         "contract": {"type": "spot", "price_basis": draw(st.sampled_from(["spot", "fixed"]))}},
        {"id": "au", "name": "AU", "country": "AU", "share": (100 - cn) / 100,
         "contract": {"type": "long_term", "price_basis": "fixed", "end": "2026-03-01"}},
    ]  # fmt: skip
    return {
        "id": "m",
        "mineral": "Dy",
        "form": "oxide",
        "stage": "oxide_separated",
        "annual_demand": {"quantity": draw(st.integers(0, 500)), "unit": "t"},
        "inventory": {"days_of_cover": draw(days) if stock_days is None else stock_days},
        "criticality": "high",
        "reference_price": {"amount": draw(st.integers(0, 1000)), "currency": "EUR", "per": "kg"},
        "used_in": [{"product": "P", "kg_per_unit": 0.5, "annual_units": 1000}],
        "suppliers": suppliers,
    }


def build(material: dict[str, Any]) -> Profile:
    return Profile.model_validate(
        {
            "version": 1,
            "as_of": "2026-01-01",
            "company": {"name": "T", "sector": "other", "headquarters": "DE", "currency": "EUR"},
            "materials": [material],
        }
    )


def impact(material: dict[str, Any], events: list[dict[str, Any]], **kw: Any) -> MaterialImpact:
    return simulate(build(material), scenario(events, premium=0.5), REF, **kw).materials[0]


def scenario(events: list[dict[str, Any]], premium: float) -> LoadedScenario:
    """A 100-day scenario made of *events*."""
    body = {"format": 1, "id": "p", "title": "p", "summary": "p", "duration_days": 100,
            "duration_basis": "p", "alternative_premium": premium, "events": events,
            "sources": [{"title": "t", "publisher": "p", "via": "v", "supports": "s"}],
            "assumptions": ["a"]}  # fmt: skip
    return scenario_from(load_text(json.dumps(body), "p.yaml"), "p.yaml")


STOP = [{"kind": "supply_stop", "countries": ["CN"]}]


def _never(value: float | None) -> float:
    return float("inf") if value is None else value


@FAST
@given(profiles(), days, st.integers(1, 400))
def test_more_stock_never_shortens_survival(material: dict[str, Any], less: int, more: int) -> None:
    low = impact({**material, "inventory": {"days_of_cover": less}}, STOP)
    high = impact({**material, "inventory": {"days_of_cover": less + more}}, STOP)
    assert _never(high.time_to_survive_days) >= _never(low.time_to_survive_days)
    assert _never(high.runs_out_day) >= _never(low.runs_out_day)
    assert high.shortfall_t <= low.shortfall_t


@FAST
@given(profiles(), st.integers(1, 2000), st.integers(0, 1650))
def test_a_longer_disruption_never_reduces_the_shortfall(
    material: dict[str, Any], short: int, extra: int
) -> None:
    brief = impact(material, STOP, duration=short)
    long = impact(material, STOP, duration=short + extra)
    assert long.shortfall_t >= brief.shortfall_t
    assert (long.units_at_risk or 0) >= (brief.units_at_risk or 0)


@FAST
@given(profiles(), st.integers(1, 100), st.integers(0, 100), st.booleans())
def test_a_larger_price_shock_never_lowers_the_cost(
    material: dict[str, Any], factor: int, extra: int, with_stop: bool
) -> None:
    stop = STOP if with_stop else []

    def cost(f: int) -> float:
        m = impact(material, [*stop, {"kind": "price", "minerals": ["Dy"], "factor": f}])
        assert m.price_cost is not None and m.price_cost >= 0
        return m.extra_cost or 0.0

    assert cost(factor + extra) >= cost(factor)
