"""Generated profiles for property tests: random companies, materials, suppliers, stock and
programmes, built with the real pydantic models (tests/engine/test_properties.py and others)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from advisor.profile.model import Mineral, Profile
from advisor.reference.load import load_reference
from advisor.rules.load import load_rules

RULES = load_rules()
REF = load_reference()
PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW_PROPERTY = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

#: Countries the generated supply chains use; CN and MY (rare earths) and ID (nickel) control
#: exports in the reference data.
COUNTRIES = ("CN", "MY", "MM", "AU", "US", "JP", "DE", "CA", "BR", "VN", "ID", "ZA", "CL", "FR")
#: A country the generator never uses, so a supplier there is new to any chain.
NEW_COUNTRY = "KR"
#: EU member states: not third countries for the CRMA benchmark.
EU_MEMBERS = frozenset(next(r for r in RULES.rules if r.id == "ADV005").parameters["eu_members"])
MINERALS = tuple(m.value for m in Mineral if m is not Mineral.other)
STOCK_MINERALS = ("Nd", "Dy", "Tb")
#: Dates around the export controls in the reference data (2023 licences to 2026 suspensions).
AS_OF = st.dates(dt.date(2023, 1, 1), dt.date(2027, 12, 31))

STOCKPILE = {"stockpile"}
CONCENTRATION = {"concentration", "diversification"}
EXPORT_CONTROL = {"export-control"}


# -- generated profiles -------------------------------------------------------------------------


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


@st.composite
def shares(draw: st.DrawFn, n: int) -> list[float]:
    """n supplier shares of at least 1% each, adding up to at most 100%."""
    weights = draw(st.lists(st.integers(1, 100), min_size=n, max_size=n))
    total = draw(st.integers(n, 100))
    spare = total - n
    return [(1 + w * spare // sum(weights)) / 100 for w in weights]


@st.composite
def contracts(draw: st.DrawFn, as_of: dt.date) -> dict[str, Any] | None:
    if draw(st.booleans()):
        return None
    end = draw(st.none() | st.integers(-60, 900).map(lambda d: as_of + dt.timedelta(days=d)))
    return _compact(
        {
            "type": draw(st.sampled_from(["long_term", "framework", "spot", "none"])),
            "end": end,
            "dual_source_clause": draw(st.booleans()),
            "price_basis": draw(st.sampled_from(["fixed", "indexed", "spot"])),
        }
    )


COUNTRY_LIST = st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True)


@st.composite
def suppliers(draw: st.DrawFn, as_of: dt.date) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 4))
    out = []
    for j, share in enumerate(draw(shares(n))):
        out.append(
            _compact(
                {
                    "id": f"s{j}",
                    "name": f"Supplier {j}",
                    "country": draw(st.sampled_from(COUNTRIES)),
                    "mining_countries": draw(COUNTRY_LIST),
                    "processing_countries": draw(COUNTRY_LIST),
                    "share": share,
                    "qualified": draw(st.booleans()),
                    "qualification_days": draw(st.none() | st.integers(0, 720)),
                    "lead_time_days": draw(st.none() | st.integers(0, 180)),
                    "contract": draw(contracts(as_of)),
                }
            )
        )
    return out


INVENTORY = st.none() | st.one_of(
    st.integers(0, 400).map(lambda d: {"days_of_cover": d}),
    st.tuples(st.integers(0, 3000), st.sampled_from(["t", "kg"])).map(
        lambda q: {"quantity": q[0], "unit": q[1]}
    ),
)


@st.composite
def materials(draw: st.DrawFn, i: int, as_of: dt.date) -> dict[str, Any]:
    return _compact(
        {
            "id": f"m{i}",
            "mineral": draw(st.sampled_from(MINERALS)),
            "form": "generated",
            "stage": draw(
                st.sampled_from(
                    ["ore_concentrate", "oxide_separated", "metal_alloy", "magnet_component"]
                )
            ),
            "annual_demand": {
                "quantity": draw(st.integers(0, 5000)),
                "unit": draw(st.sampled_from(["t", "kg"])),
            },
            "inventory": draw(INVENTORY),
            "recycled_share": draw(st.none() | st.integers(0, 100).map(lambda p: p / 100)),
            "criticality": draw(st.sampled_from(["low", "medium", "high", "critical"])),
            "reference_price": draw(
                st.none()
                | st.integers(1, 5000).map(lambda a: {"amount": a, "currency": "EUR", "per": "kg"})
            ),
            "suppliers": draw(suppliers(as_of)),
        }
    )


MINERAL_SUBSET = st.lists(st.sampled_from(MINERALS), max_size=3, unique=True)


@st.composite
def programmes(draw: st.DrawFn) -> dict[str, Any]:
    stockpile = draw(
        st.none()
        | st.builds(
            lambda days, minerals: {"target_days": days, "minerals": minerals},
            st.integers(0, 365),
            MINERAL_SUBSET,
        )
    )
    recycling = draw(
        st.none()
        | st.builds(
            lambda rate, cost, claimed: _compact(
                {
                    "in_house_recovery_rate": rate / 100,
                    "capital_cost": cost,
                    "tax_credit_claimed": claimed,
                }
            ),
            st.integers(0, 100),
            st.none() | st.integers(0, 5_000_000),
            st.booleans(),
        )
    )
    partnerships = draw(
        st.lists(
            st.builds(
                lambda minerals, alt: {
                    "partner": "Lab",
                    "topic": "magnets",
                    "minerals": minerals,
                    "alternative_chemistry": alt,
                },
                MINERAL_SUBSET,
                st.booleans(),
            ),
            max_size=2,
        )
    )
    return _compact(
        {"stockpile": stockpile, "recycling": recycling, "research_partnerships": partnerships}
    )


@st.composite
def profile_data(draw: st.DrawFn) -> dict[str, Any]:
    """The data of a valid profile: 1–3 materials with 1–4 suppliers each."""
    as_of = draw(AS_OF)
    n = draw(st.integers(1, 3))
    return {
        "version": 1,
        "as_of": as_of,
        "company": {
            "name": "Generated GmbH",
            "sector": draw(st.sampled_from(["ev_motors", "electronics", "batteries", "defence"])),
            "headquarters": draw(st.sampled_from(["US", "DE", "JP", "SE", "DK"])),
            "currency": "EUR",
        },
        "materials": [draw(materials(i, as_of)) for i in range(n)],
        "programmes": draw(programmes()),
    }


def build(data: dict[str, Any]) -> Profile:
    return Profile.model_validate(data)
