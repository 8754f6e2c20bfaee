"""Expert cases: realistic company profiles with the advice a supply-risk expert would sign.

Each profile in tests/cases/ has its expectations in tests/cases/expected.yaml: the first
recommendation (action, material, tier, words of its text, the producers it names), the rules
that must and must not fire, the rules shown only for information, and the band. Every case
also checks what holds for any profile: no action appears twice, and the numbers in a modelled
recommendation's text are the ones the model used.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.engine.assess import assess
from advisor.engine.model import Assessment, Recommendation
from advisor.engine.recommend import model_of
from advisor.engine.whatif import apply
from advisor.profile.build import load_profile
from advisor.profile.model import Profile
from advisor.reference.load import load_reference
from advisor.rules.load import load_rules

CASES = Path(__file__).resolve().parent / "cases"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (CASES / "expected.yaml").read_text(encoding="utf-8")
)
RULES = load_rules()
REF = load_reference()
BANDS = ("low", "moderate", "high", "severe")


@cache
def case(name: str) -> tuple[Profile, Assessment]:
    profile, doc = load_profile(str(CASES / f"{name}.yaml"))
    return profile, assess(profile, RULES, REF, doc)


def test_every_profile_has_expectations() -> None:
    profiles = {p.stem for p in CASES.glob("*.yaml")} - {"expected"}
    assert profiles == set(EXPECTED)
    assert len(profiles) >= 8


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_first_recommendation_is_the_one_an_expert_names_first(name: str) -> None:
    want = EXPECTED[name]["top"]
    first = case(name)[1].recommendations[0]
    assert (first.action, first.material, first.tier) == (
        want["action"], want["material"], want["tier"]
    ), first.text  # fmt: skip
    for words in want.get("text", []):
        assert words in first.text, (words, first.text)
    if "candidates" in want:
        assert list(first.candidates[: len(want["candidates"])]) == want["candidates"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_findings_and_the_band_are_the_expected_ones(name: str) -> None:
    want = EXPECTED[name]
    result = case(name)[1]
    fired = {f.rule_id for f in result.findings if f.status == "fired" and f.note is None}
    assert set(want.get("fired", [])) <= fired
    assert not set(want.get("absent", [])) & {f.rule_id for f in result.findings}
    noted = {f.rule_id for f in result.findings if f.note is not None}
    assert set(want.get("informational", [])) <= noted
    assert all(f.severity == "info" for f in result.findings if f.note is not None)
    messages = " ".join(f.message for f in result.findings)
    for words in want.get("messages", []):
        assert words in messages
    assert result.band == want["band"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_action_appears_twice(name: str) -> None:
    recs = case(name)[1].recommendations
    keys = [(r.action, r.material) for r in recs]
    assert len(keys) == len(set(keys))
    assert sum(1 for r in recs if r.action == "partner-on-alternatives") <= 1
    answered = sorted(f for r in recs for f in r.findings)
    assert answered == sorted(f"{f.rule_id} {f.subject}" for f in case(name)[1].findings)


def _modelled(profile: Profile, result: Assessment, r: Recommendation) -> Profile:
    facts = next((m.facts for m in result.materials if m.id == r.material), {})
    found = [f for f in result.findings if f"{f.rule_id} {f.subject}" in r.findings]
    lead = next(f for f in found if f.action == r.action)
    model = model_of(RULES.actions[r.action], lead, facts)
    assert model is not None
    index = next((i for i, m in enumerate(profile.materials) if m.id == r.material), None)
    outcome = apply(model, profile, index, found, facts)
    assert outcome is not None
    return outcome.profile


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_number_in_a_modelled_recommendation_is_the_one_the_model_used(name: str) -> None:
    profile, result = case(name)
    for r in result.recommendations:
        if not r.modelled or r.material is None:
            continue
        changed = next(m for m in _modelled(profile, result, r).materials if m.id == r.material)
        stock = re.search(r"to ([0-9.]+) days of cover", r.text)
        if stock:
            assert changed.inventory is not None
            assert float(stock.group(1)) == float(changed.inventory.days_of_cover or 0)
        moved = re.search(r"give it ([0-9.]+)% of the volume", r.text)
        if moved:
            new = [s for s in changed.suppliers if s.id.startswith("modelled-")]
            assert [round(100 * s.share, 4) for s in new] == [float(moved.group(1))]
            assert new[0].id == f"modelled-{r.candidates[0]}" or any(
                new[0].id == f"modelled-{c}" for c in r.candidates
            )


def test_a_well_run_and_a_badly_exposed_company_are_two_bands_apart() -> None:
    well = BANDS.index(case("well-diversified")[1].band)
    bad = BANDS.index(case("badly-exposed")[1].band)
    middling = BANDS.index(case("middling")[1].band)
    assert bad - well >= 2
    assert well < middling < bad


def test_an_eu_benchmark_is_informational_for_a_us_company_with_the_same_supply() -> None:
    eu, us = case("same-supply-eu")[1], case("same-supply-us")[1]
    (eu5,) = [f for f in eu.findings if f.rule_id == "ADV005"]
    (us5,) = [f for f in us.findings if f.rule_id == "ADV005"]
    assert (eu5.severity, eu5.note) == ("medium", None)
    assert us5.severity == "info"
    assert us5.note is not None and "for companies headquartered in the EU" in us5.note
    assert us5.score.value < eu5.score.value


def test_the_dfars_rules_apply_to_a_us_defence_company_only() -> None:
    defence = case("us-defence")[1]
    assert {"ADV031"} <= {f.rule_id for f in defence.findings}
    for name in sorted(set(EXPECTED) - {"us-defence"}):
        assert not {"ADV030", "ADV031"} & {f.rule_id for f in case(name)[1].findings}, name
    (upstream,) = [f for f in defence.findings if f.rule_id == "ADV031"]
    assert upstream.deadline_days == 30 and upstream.urgent
