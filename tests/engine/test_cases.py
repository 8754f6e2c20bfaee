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

from advisor.engine.advise.recommend import model_of
from advisor.engine.advise.whatif import apply
from advisor.engine.assess.model import Assessment, Recommendation
from advisor.engine.pipeline import assess
from advisor.profile.build import load_profile
from advisor.profile.model import Profile
from advisor.reference.load import load_reference
from advisor.rules.load import load_rules

CASES = Path(__file__).resolve().parents[1] / "cases"
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
def test_the_first_recommendation_visibly_moves_the_company_score(name: str) -> None:
    """What a manager reads at the top of the report moves when the first action is taken:
    at least two points of the score shown, and the report's numbers are the model's."""
    result = case(name)[1]
    first = result.recommendations[0]
    assert first.score_before == result.score.value
    assert round(first.score_before) - round(first.score_after) >= 2, first


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_action_appears_twice(name: str) -> None:
    recs = case(name)[1].recommendations
    keys = [r.action for r in recs]
    assert len(keys) == len(set(keys))  # not even once per material
    assert len({r.title for r in recs}) == len(recs)
    assert sum(1 for r in recs if r.action == "partner-on-alternatives") <= 1
    answered = sorted(f for r in recs for f in (*r.findings, *r.completed_findings))
    applying = [f for f in case(name)[1].findings if f.note is None]  # informational: no action
    assert answered == sorted(f"{f.rule_id} {f.subject}" for f in applying)


def _modelled(profile: Profile, result: Assessment, r: Recommendation) -> Profile:
    """The profile after the recommendation's model, applied to each material it names."""
    changed = profile
    for material in r.materials:
        facts = next((m.facts for m in result.materials if m.id == material), {})
        named = set(r.findings)
        found = [f for f in result.findings
                 if f"{f.rule_id} {f.subject}" in named and f.material == material]  # fmt: skip
        model = model_of(RULES.actions[r.action], found[0], facts)
        assert model is not None
        index = next(i for i, m in enumerate(profile.materials) if m.id == material)
        outcome = apply(
            model, changed, index, found, facts, REF.producers, {r.id: r for r in RULES.rules}
        )
        if outcome is not None:
            changed = outcome.profile
    return changed


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_number_in_a_modelled_recommendation_is_the_one_the_model_used(name: str) -> None:
    profile, result = case(name)
    for r in result.recommendations:
        if not r.modelled or not r.materials:
            continue
        after = _modelled(profile, result, r)
        for material in r.materials:
            changed = next(m for m in after.materials if m.id == material)
            m = re.escape(material)
            stock = re.search(rf"raise {m} stock (?:from [0-9.]+ days )?to ([0-9.]+) days", r.text)
            if stock:
                assert changed.inventory is not None
                assert float(stock.group(1)) == float(changed.inventory.days_of_cover or 0)
            moved = re.search(rf"second source of {m} whose chain avoids [A-Z, ]+, and give it "
                              r"([0-9.]+)% of the volume", r.text)  # fmt: skip
            if moved:
                new = [s for s in changed.suppliers if s.id.startswith("modelled-")]
                assert [round(100 * s.share, 4) for s in new] == [float(moved.group(1))]
                assert any(new[0].id == f"modelled-{c}" for c in r.candidates)
