"""The example profiles in examples/: valid through `advisor validate`, and each still the case
it was written to be (later rules and golden reports rely on their differences)."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.profile.build import load_profile
from advisor.profile.model import Material, Mineral, Profile, Supplier

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NAMES = ["battery-maker.yaml", "electronics-maker.yaml", "ev-motor-maker.yaml",
         "wind-turbine-maker.yaml"]  # fmt: skip


def load(name: str) -> Profile:
    return load_profile(str(EXAMPLES / name))[0]


def suppliers(profile: Profile) -> list[Supplier]:
    return [s for m in profile.materials for s in m.suppliers]


def material(profile: Profile, mineral: Mineral) -> Material:
    (found,) = [m for m in profile.materials if m.mineral is mineral]
    return found


@pytest.fixture(scope="module")
def validated(run_advisor: Callable[..., subprocess.CompletedProcess[str]]) -> str:
    """stdout of one `advisor validate examples/*.yaml` run from the project root."""
    result = run_advisor("validate", *(f"examples/{n}" for n in NAMES), cwd=ROOT)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


def test_the_examples_are_the_documented_four() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_example_validates(validated: str, name: str) -> None:
    assert f"examples/{name}: ok" in validated.splitlines()


@pytest.mark.parametrize("name", NAMES)
def test_example_points_editors_at_the_shipped_schema(name: str) -> None:
    first = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    assert (EXAMPLES / first[len(prefix) :]).resolve() == (
        ROOT / "advisor" / "schemas" / "profile.schema.json"
    )


@pytest.mark.parametrize("name", NAMES)
def test_example_is_dated_2026_with_one_currency(name: str) -> None:
    profile = load(name)
    assert profile.as_of.year == 2026
    currencies = {m.reference_price.currency for m in profile.materials if m.reference_price}
    assert currencies == {profile.company.currency}


def test_ev_motor_maker_is_concentrated_and_short_of_stock() -> None:
    profile = load("ev-motor-maker.yaml")
    assert (profile.company.headquarters, profile.company.sector.value) == ("DE", "ev_motors")
    magnets = material(profile, Mineral.Nd)
    top = max(magnets.suppliers, key=lambda s: s.share)
    assert (top.country, top.share, top.processing_countries) == ("CN", 0.85, ["CN"])
    assert set(top.mining_countries) == {"CN", "MM"}
    assert all(s.processing_countries == ["CN"] for s in magnets.suppliers)
    dysprosium = material(profile, Mineral.Dy)
    assert [(s.country, s.share) for s in dysprosium.suppliers] == [("CN", 1.0)]
    assert not any(s.contract and s.contract.dual_source_clause for s in suppliers(profile))
    stockpile = profile.programmes.stockpile
    assert stockpile is not None and stockpile.target_days == 90
    assert all(m.inventory and m.inventory.days_of_cover == 20 for m in profile.materials)
    assert profile.programmes.recycling is None
    assert profile.programmes.research_partnerships == []


def test_wind_turbine_maker_has_one_dual_sourced_contract_and_programmes() -> None:
    profile = load("wind-turbine-maker.yaml")
    assert (profile.company.headquarters, profile.company.sector.value) == ("DK", "wind_turbines")
    dual = [s for s in suppliers(profile) if s.contract and s.contract.dual_source_clause]
    assert [(s.country, s.mining_countries, s.processing_countries) for s in dual] == [
        ("MY", ["AU"], ["MY"])
    ]
    for mineral in (Mineral.Dy, Mineral.Tb):
        heavy = material(profile, mineral)
        assert heavy.inventory is not None and heavy.inventory.days_of_cover == 60
        assert {s.country for s in heavy.suppliers} == {"CN"}
    recycling = profile.programmes.recycling
    assert recycling is not None
    assert recycling.in_house_recovery_rate == 0.10
    assert recycling.capital_cost and not recycling.tax_credit_claimed
    (partnership,) = profile.programmes.research_partnerships
    assert partnership.alternative_chemistry


def test_electronics_maker_depends_on_china_with_slow_qualification() -> None:
    profile = load("electronics-maker.yaml")
    assert (profile.company.headquarters, profile.company.currency) == ("US", "USD")
    gallium = material(profile, Mineral.Ga)
    assert sum(s.share for s in gallium.suppliers if s.processing_countries == ["CN"]) == 1.0
    germanium = material(profile, Mineral.Ge)
    assert sorted(s.country for s in germanium.suppliers) == ["BE", "CN"]
    belgian = next(s for s in germanium.suppliers if s.country == "BE")
    assert belgian.mining_countries == []
    assert all(s.qualification_days and s.qualification_days >= 300 for s in suppliers(profile))
    assert all(m.inventory and m.inventory.unit and m.inventory.unit.value == "kg"
               for m in profile.materials)  # fmt: skip
    ends = [s.contract.end for s in suppliers(profile) if s.contract and s.contract.end]
    assert any(profile.as_of < end <= profile.as_of + dt.timedelta(days=60) for end in ends)


def test_battery_maker_is_well_run() -> None:
    profile = load("battery-maker.yaml")
    assert (profile.company.headquarters, profile.company.sector.value) == ("SE", "batteries")
    stockpile = profile.programmes.stockpile
    assert stockpile is not None
    for m in profile.materials:
        assert len({s.country for s in m.suppliers}) >= 3, m.id
        assert max(s.share for s in m.suppliers) <= 0.5, m.id
        assert sum(s.share for s in m.suppliers) == pytest.approx(1.0), m.id
        for s in m.suppliers:
            assert s.qualified and s.contract is not None, s.id
            assert s.contract.dual_source_clause, s.id
            assert s.contract.price_basis.value in ("fixed", "indexed"), s.id
            assert s.contract.end and s.contract.end > profile.as_of + dt.timedelta(days=365)
        assert m.inventory and m.inventory.days_of_cover is not None
        assert m.inventory.days_of_cover >= stockpile.target_days, m.id
    for mineral in (Mineral.Li, Mineral.Co, Mineral.Ni):
        share = material(profile, mineral).recycled_share
        assert share is not None and share >= 0.2
    recycling = profile.programmes.recycling
    assert recycling is not None and recycling.in_house_recovery_rate >= 0.2
