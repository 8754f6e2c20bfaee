"""The facts rules read, on small hand-built profiles whose numbers can be checked by hand.

Formulas: docs/scoring.md §1 and advisor/rules/catalogue.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from advisor.engine.assess.facts import derive, hhi
from advisor.profile.build import load_profile
from advisor.profile.model import Profile
from advisor.reference.load import load_reference
from advisor.rules.catalogue import CATALOGUE

REF = load_reference()
AS_OF = dt.date(2026, 6, 30)


def supplier(sid: str, country: str, share: float, **extra: Any) -> dict[str, Any]:
    return {"id": sid, "name": sid.title(), "country": country, "share": share, **extra}


def profile(
    *suppliers: dict[str, Any],
    as_of: dt.date = AS_OF,
    hq: str = "DE",
    programmes: dict[str, Any] | None = None,
    **material: Any,
) -> Profile:
    """One material (Nd magnets unless *material* says otherwise) with *suppliers*."""
    base: dict[str, Any] = {
        "id": "mat",
        "mineral": "Nd",
        "form": "test",
        "stage": "magnet_component",
        "annual_demand": {"quantity": 365, "unit": "t"},
        "criticality": "high",
        "suppliers": list(suppliers),
    }
    return Profile.model_validate(
        {
            "version": 1,
            "as_of": as_of,
            "company": {
                "name": "Test AG",
                "sector": "ev_motors",
                "headquarters": hq,
                "currency": "EUR",
            },
            "materials": [{**base, **material}],
            "programmes": programmes or {},
        }
    )


def facts(p: Profile, key: str = "mat", assume: str | None = None) -> dict[str, Any]:
    """The facts of the subject *key* ("company", a material id or "material/supplier"), under
    the planning assumption *assume* (None: the default)."""
    (found,) = [s for s in derive(p, REF.assuming(assume)) if s.key == key]
    return dict(found.facts)


# -- concentration ------------------------------------------------------------------------------


def test_supplier_hhi_and_top_share() -> None:
    f = facts(profile(supplier("a", "CN", 0.5), supplier("b", "AU", 0.3), supplier("c", "US", 0.2)))
    assert f["supplier_hhi"] == 50**2 + 30**2 + 20**2 == 3800
    assert (f["top_supplier"], f["top_supplier_share"]) == ("a", 0.5)
    assert (f["supplier_count"], f["covered_share"]) == (3, 1.0)


def test_hhi_is_normalised_to_the_volume_assigned_to_suppliers() -> None:
    f = facts(profile(supplier("a", "CN", 0.4), supplier("b", "AU", 0.4)))
    assert f["covered_share"] == 0.8
    assert f["supplier_hhi"] == 5000  # two equal suppliers, whatever the unassigned volume
    assert f["top_country_share"] == 0.4  # shares themselves are of the whole demand


def test_country_concentration_adds_up_suppliers_in_one_country() -> None:
    f = facts(profile(supplier("a", "CN", 0.5), supplier("b", "CN", 0.3), supplier("c", "AU", 0.2)))
    assert (f["top_country"], f["top_country_share"]) == ("CN", 0.8)
    assert f["country_hhi"] == 80**2 + 20**2 == 6800
    assert f["supplier_hhi"] == 3800


def test_ties_for_top_country_go_to_the_first_code_and_top_supplier_to_the_first_listed() -> None:
    f = facts(profile(supplier("z", "JP", 0.5), supplier("y", "CN", 0.5)))
    assert (f["top_country"], f["top_country_share"]) == ("CN", 0.5)
    assert f["top_supplier"] == "z"


def test_a_supplier_with_several_countries_has_its_share_split_equally() -> None:
    f = facts(
        profile(
            supplier("a", "CN", 0.6, mining_countries=["CN", "MM"], processing_countries=["CN"]),
            supplier("b", "JP", 0.4, mining_countries=["AU"], processing_countries=["JP", "CN"]),
        )
    )
    # mining: CN 0.3, MM 0.3, AU 0.4; processing: CN 0.6 + 0.2, JP 0.2
    assert (f["mining_top_country"], f["mining_top_country_share"]) == ("AU", 0.4)
    assert f["mining_country_hhi"] == 30**2 + 30**2 + 40**2 == 3400
    assert (f["processing_top_country"], f["processing_top_country_share"]) == ("CN", 0.8)
    assert f["processing_country_hhi"] == 80**2 + 20**2 == 6800
    assert f["unknown_origin_share"] == 0


def test_unknown_origins_are_counted_not_guessed() -> None:
    f = facts(
        profile(
            supplier("a", "CN", 0.5, mining_countries=["CN"], processing_countries=["CN"]),
            supplier("b", "JP", 0.3, processing_countries=["CN"]),  # mine unknown
            supplier("c", "US", 0.2, mining_countries="unknown"),  # nothing known
        )
    )
    assert f["unknown_origin_share"] == 0.5
    assert (f["mining_top_country"], f["mining_top_country_share"]) == ("CN", 0.5)
    assert f["mining_country_hhi"] == 10000  # over the volume whose mine is known
    assert f["processing_top_country_share"] == 0.8
    assert facts(p := profile(supplier("a", "CN", 1.0)))["mining_top_country"] is None
    assert facts(p)["mining_top_country_share"] is None


def test_a_material_without_suppliers_has_no_concentration_figures() -> None:
    f = facts(profile())
    assert f["supplier_count"] == 0
    assert f["top_supplier_share"] is None
    assert f["supplier_hhi"] is None
    assert f["unknown_origin_share"] is None
    assert f["time_to_recover_days"] is None


def test_hhi_of_nothing_is_unknown() -> None:
    assert hhi({}) is None
    assert hhi({"CN": 0.0}) is None
    assert hhi({"CN": 0.2}) == 10000


# -- stock, time to survive and time to recover -------------------------------------------------


@pytest.mark.parametrize(
    ("demand", "inventory", "days"),
    [
        ({"quantity": 365, "unit": "t"}, {"days_of_cover": 45}, 45),
        ({"quantity": 365, "unit": "t"}, {"quantity": 30, "unit": "t"}, 30),
        ({"quantity": 800, "unit": "kg"}, {"quantity": 50, "unit": "kg"}, 22.8),  # 22.8125
        ({"quantity": 2.7, "unit": "t"}, {"quantity": 150, "unit": "kg"}, 20.3),  # 20.2777…
        ({"quantity": 4200, "unit": "kg"}, {"quantity": 850, "unit": "kg"}, 73.9),
    ],
)
def test_days_of_cover_from_days_or_from_quantity_and_demand(
    demand: dict[str, Any], inventory: dict[str, Any], days: float
) -> None:
    f = facts(profile(supplier("a", "AU", 1.0), annual_demand=demand, inventory=inventory))
    assert f["days_of_cover"] == days


def test_days_of_cover_is_unknown_without_inventory_or_without_demand() -> None:
    assert facts(profile(supplier("a", "AU", 1.0)))["days_of_cover"] is None
    no_demand = profile(
        supplier("a", "AU", 1.0),
        annual_demand={"quantity": 0, "unit": "t"},
        inventory={"quantity": 5, "unit": "t"},
    )
    assert facts(no_demand)["days_of_cover"] is None


def test_time_to_survive_is_cover_over_the_largest_share_and_recover_its_qualification() -> None:
    f = facts(
        profile(
            supplier("big", "CN", 0.75, qualification_days=240),
            supplier("small", "AU", 0.25, qualification_days=400),
            inventory={"days_of_cover": 30},
        )
    )
    assert f["time_to_survive_days"] == 30 / 0.75 == 40
    assert f["time_to_recover_days"] == 240  # the largest supplier's, not the longest
    assert f["survival_gap_days"] == 200


def test_survival_gap_is_never_negative_and_unknown_without_stock() -> None:
    stocked = profile(
        supplier("a", "CN", 0.5, qualification_days=60), inventory={"days_of_cover": 90}
    )
    assert (facts(stocked)["time_to_survive_days"], facts(stocked)["survival_gap_days"]) == (180, 0)
    unstocked = facts(profile(supplier("a", "CN", 0.5, qualification_days=60)))
    assert unstocked["time_to_survive_days"] is None
    assert unstocked["survival_gap_days"] is None
    assert unstocked["time_to_recover_days"] == 60


def test_stock_target_and_cover_gap_come_from_a_policy_that_covers_the_mineral() -> None:
    covered = {"stockpile": {"target_days": 90, "minerals": ["Nd", "Dy"]}}
    f = facts(
        profile(supplier("a", "CN", 1.0), inventory={"days_of_cover": 20}, programmes=covered)
    )
    assert (f["stock_target_days"], f["cover_gap_days"]) == (90, 70)
    everything = {"stockpile": {"target_days": 60}}  # no minerals: all of them
    f = facts(profile(inventory={"days_of_cover": 75}, programmes=everything))
    assert (f["stock_target_days"], f["cover_gap_days"]) == (60, 0)
    other = {"stockpile": {"target_days": 90, "minerals": ["Ga"]}}
    f = facts(profile(inventory={"days_of_cover": 20}, programmes=other))
    assert (f["stock_target_days"], f["cover_gap_days"]) == (None, None)
    assert facts(profile(inventory={"days_of_cover": 20}), "company")["stockpile_policy"] is False


# -- export controls on the profile's date ------------------------------------------------------


def gallium(as_of: dt.date, hq: str, assume: str | None = None, **where: Any) -> dict[str, Any]:
    sup = supplier("ga", "CN", 0.6, **where)
    other = supplier("jp", "JP", 0.4, mining_countries=["JP"], processing_countries=["JP"])
    p = profile(sup, other, as_of=as_of, hq=hq, mineral="Ga", stage="metal_alloy")
    return facts(p, assume=assume)


def test_a_us_company_buying_chinese_gallium_while_the_us_ban_is_suspended() -> None:
    # 2026-06-30: the 2023 licensing is in force, Ann. 46/2024's US ban is suspended.
    f = gallium(dt.date(2026, 6, 30), "US")
    assert f["controlled_share"] == 0.6
    assert f["controlled_countries"] == ["CN"]
    assert f["control_measures"] == [
        "MOFCOM/GAC Ann. 23/2023, dual-use export licensing (effective 2023-08-01)"
    ]
    assert f["suspended_control_share"] == 0.6
    assert f["suspended_control_measures"] == [
        "MOFCOM Ann. 46/2024 clause 2, exports to the United States in principle not permitted "
        "(suspended until 2026-11-27)"
    ]


def test_the_us_ban_is_in_force_before_its_suspension() -> None:
    f = gallium(dt.date(2025, 6, 1), "US")
    assert f["controlled_share"] == 0.6
    assert any("Ann. 46" in m for m in f["control_measures"])
    assert f["suspended_control_share"] == 0


def test_after_its_suspension_ends_the_us_ban_follows_the_planning_assumption() -> None:
    """After 2026-11-27 the state is unknown: suspended by default, in force on request."""
    f = gallium(dt.date(2026, 11, 27), "US")
    assert not any("Ann. 46" in m for m in f["control_measures"])
    assert f["suspended_control_share"] == 0.6
    f = gallium(dt.date(2026, 11, 27), "US", assume="in-force")
    assert any("Ann. 46" in m for m in f["control_measures"])
    assert f["suspended_control_share"] == 0


def test_a_control_aimed_at_another_country_does_not_count() -> None:
    f = gallium(dt.date(2026, 6, 30), "DE")
    assert f["controlled_share"] == 0.6  # the licensing applies to every destination
    assert f["suspended_control_share"] == 0  # the ban is aimed at the US only
    assert f["suspended_control_measures"] == []


def test_buying_at_home_is_not_an_export() -> None:
    f = gallium(dt.date(2026, 6, 30), "CN")
    assert (f["controlled_share"], f["suspended_control_share"]) == (0, 0)


def test_a_technology_ban_does_not_control_the_goods() -> None:
    f = facts(profile(supplier("a", "CN", 1.0, processing_countries=["CN"]), mineral="Nd"))
    assert not any("Catalogue of Technologies" in m for m in f["control_measures"])


def test_nothing_is_controlled_before_the_first_measure() -> None:
    f = gallium(dt.date(2023, 6, 1), "US")
    assert (f["controlled_share"], f["suspended_control_share"]) == (0, 0)
    assert f["control_measures"] == []


def test_material_processed_or_mined_in_a_controlling_country_counts() -> None:
    processed = profile(supplier("x", "US", 1.0, processing_countries=["CN"]), mineral="Ga")
    assert facts(processed)["controlled_share"] == 1.0
    p = profile(
        supplier("ship", "JP", 0.7, mining_countries=["CN"], processing_countries=["JP"]),
        supplier("clean", "AU", 0.3, mining_countries=["AU"], processing_countries=["AU"]),
        mineral="Ga",
    )
    assert facts(p)["controlled_share"] == 0.7
    assert facts(p, "mat/ship")["supplier_controlled"] is True
    assert facts(p, "mat/clean")["supplier_controlled"] is False


# -- contracts and prices -----------------------------------------------------------------------


def test_contract_days_left_from_the_profile_date() -> None:
    p = profile(
        supplier("a", "CN", 0.5, contract={"type": "long_term", "end": "2026-11-15"}),
        supplier("b", "AU", 0.3, contract={"type": "framework", "end": "2026-06-01"}),
        supplier("c", "US", 0.2, contract={"type": "spot"}),
    )
    assert facts(p, "mat/a")["contract_days_left"] == 138
    assert facts(p, "mat/b")["contract_days_left"] == -29  # already expired
    assert facts(p, "mat/b")["contract_running"] is False
    assert facts(p, "mat/c")["contract_days_left"] is None
    # an ended contract is reported as ended and counts as uncontracted
    assert facts(p)["min_contract_days_left"] == 138
    assert facts(p)["long_term_share"] == 0.5
    assert facts(p)["ended_contract_share"] == 0.3
    assert facts(p)["contract_ended_days"] == 29
    assert facts(p)["ended_contract_supplier"] == "b"
    assert facts(profile(supplier("a", "CN", 1.0)))["min_contract_days_left"] is None


def test_an_ended_contract_keeps_no_dual_source_clause_or_fixed_price() -> None:
    ended = {"type": "long_term", "end": "2026-06-01", "dual_source_clause": True,
             "price_basis": "fixed"}  # fmt: skip
    p = profile(supplier("a", "AU", 1.0, contract=ended))
    f = facts(p)
    assert (f["dual_source_clause_share"], f["long_term_share"], f["price_exposed_share"]) == (
        0, 0, 1.0
    )  # fmt: skip
    assert facts(p, "mat/a")["dual_source_clause"] is False


def test_an_annual_agreement_is_contracted_but_not_long_term() -> None:
    annual = {"type": "annual", "end": "2027-06-01", "price_basis": "fixed"}
    f = facts(profile(supplier("a", "AU", 1.0, contract=annual)))
    assert (f["long_term_share"], f["price_exposed_share"]) == (0, 0)


def test_country_loss_counts_every_supplier_passing_through_the_restricting_country() -> None:
    """Two suppliers both processing in China stop together when China stops licensing:
    time to survive is the stock over both shares, not over the largest one's."""
    p = profile(
        supplier("a", "JP", 0.6, processing_countries=["CN"], mining_countries=["CN"],
                 lead_time_days=30),
        supplier("b", "VN", 0.4, processing_countries=["CN"], mining_countries=["CN"],
                 lead_time_days=45),
        mineral="Dy", stage="oxide_separated", inventory={"days_of_cover": 60},
    )  # fmt: skip
    f = facts(p)
    assert f["time_to_survive_days"] == 100  # 60 / 0.6: the largest supplier alone
    assert (f["country_loss_country"], f["country_loss_share"]) == ("CN", 1.0)
    assert f["country_loss_survive_days"] == 60
    # a licence cycle (45 working days, about 63 calendar days) plus the longest lead time
    assert f["country_loss_recover_days"] == 63 + 45


def test_price_shock_cost_is_spend_times_exposed_share_times_half() -> None:
    p = profile(
        supplier("fixed", "AU", 0.6, contract={"type": "long_term", "price_basis": "fixed"}),
        supplier("indexed", "CN", 0.3, contract={"type": "framework", "price_basis": "indexed"}),
        supplier("none", "US", 0.1),
        annual_demand={"quantity": 40, "unit": "t"},
        reference_price={"amount": 70, "currency": "EUR", "per": "kg"},
    )
    f = facts(p)
    assert f["annual_spend"] == 40_000 * 70 == 2_800_000
    assert f["price_exposed_share"] == 0.4
    assert f["price_shock_cost"] == 2_800_000 * 0.4 * 0.5 == 560_000
    assert f["price_currency"] == "EUR"


def test_a_fixed_price_without_a_contract_is_still_exposed_and_prices_per_tonne_convert() -> None:
    p = profile(
        supplier("a", "AU", 1.0, contract={"type": "none", "price_basis": "fixed"}),
        annual_demand={"quantity": 500, "unit": "kg"},
        reference_price={"amount": 70000, "currency": "USD", "per": "t"},
    )
    f = facts(p)
    assert f["price_exposed_share"] == 1.0
    assert (f["annual_spend"], f["price_shock_cost"]) == (35_000, 17_500)
    assert facts(profile(supplier("a", "AU", 1.0)))["price_shock_cost"] is None


def test_dual_source_clause_share_counts_only_clauses_in_contracts() -> None:
    p = profile(
        supplier("a", "CN", 0.7, contract={"type": "long_term", "dual_source_clause": True}),
        supplier("b", "AU", 0.3, contract={"type": "spot"}),
    )
    assert facts(p)["dual_source_clause_share"] == 0.7
    assert facts(p, "mat/b")["dual_source_clause"] is False
    assert facts(p, "mat/b")["price_basis"] == "spot"


# -- the company and the catalogue --------------------------------------------------------------


def test_company_facts_from_the_programmes() -> None:
    programmes = {
        "recycling": {"in_house_recovery_rate": 0.1, "capital_cost": 2_000_000},
        "research_partnerships": [
            {
                "partner": "Lab",
                "topic": "ferrite",
                "minerals": ["Nd"],
                "alternative_chemistry": True,
            },
            {"partner": "Uni", "topic": "extraction"},
        ],
    }
    p = profile(supplier("a", "CN", 1.0), programmes=programmes)
    c = facts(p, "company")
    assert c["recycling_recovery_rate"] == 0.1
    assert c["recycling_tax_credit_unclaimed"] is True
    assert (c["research_partnerships"], c["alternative_partnerships"]) == (2, 1)
    assert c["magnet_rare_earth_bought"] is True
    assert facts(p)["alternative_partnership"] is True
    assert facts(profile(mineral="Ga"), "company")["magnet_rare_earth_bought"] is False
    assert facts(profile(), "company")["recycling_tax_credit_unclaimed"] is None


def test_every_subject_sees_the_facts_of_its_scope_and_the_scopes_around_it() -> None:
    p = profile(supplier("a", "CN", 1.0), inventory={"days_of_cover": 10})
    for subject in derive(p, REF):
        visible = {
            "company": {"company"},
            "material": {"company", "material"},
            "supplier": {"company", "material", "supplier"},
        }[subject.scope]
        expected = {name for name, spec in CATALOGUE.items() if spec.scope in visible}
        assert expected <= set(subject.facts), subject.key


def _computed(docs: list[tuple[Profile, Any]]) -> dict[str, set[str]]:
    """The facts the engine computes, by the scope they belong to (a subject also carries the
    facts of the scopes around it: those are taken off)."""
    found: dict[str, set[str]] = {"company": set(), "material": set(), "supplier": set()}
    for p, _ in docs:
        subjects = derive(p, REF)
        outer: dict[str, set[str]] = {"company": set()}
        for s in subjects:
            own = set(s.facts) - outer.get(
                "material" if s.scope == "supplier" else "company", set()
            )
            own -= outer["company"]
            outer[s.scope] = set(s.facts)
            found[s.scope] |= own
    return found


def _examples() -> list[tuple[Profile, Any]]:
    root = Path(__file__).resolve().parents[2] / "examples"
    return [load_profile(str(path)) for path in sorted(root.glob("*.yaml"))]


def test_every_fact_computed_is_declared_and_every_fact_declared_is_computed() -> None:
    """One declaration per fact (rules/catalogue.py: scope, type, unit, asks, at): a fact the
    engine computes without it, or a declaration no computation fills, fails here."""
    computed = _computed([*_examples(), (profile(supplier("a", "CN", 1.0)), None)])
    for scope, names in computed.items():
        declared = {name for name, spec in CATALOGUE.items() if spec.scope == scope}
        assert names - declared == set(), f"{scope} facts computed but not declared"
        assert declared - names == set(), f"{scope} facts declared but not computed"


def test_where_a_fact_is_declared_to_point_is_a_field_of_its_subject() -> None:
    """Each declared location (``at``) is a field of the profile a finding can point at (a
    company fact's from the top of the file: where it is not written, a finding points at its
    nearest written parent, which an example must write)."""
    pointed: set[str] = set()
    for p, doc in _examples():
        for s in derive(p, REF):
            for name, spec in CATALOGUE.items():
                if not spec.at or spec.scope != s.scope:
                    continue
                where = spec.at[:2] if s.scope == "company" else (*s.path, *spec.at)
                if where in doc.locs:
                    pointed.add(name)
    assert {name for name, spec in CATALOGUE.items() if spec.at} == pointed
