"""Recommendations: findings grouped by action, modelled actions re-scored, deterministic ranking.

docs/scoring.md §5.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from advisor.engine.assess import assess
from advisor.engine.model import Assessment, Finding
from advisor.engine.recommend import HORIZONS, MODELS, Recommendation, risk_points
from advisor.profile.build import load_profile
from advisor.profile.model import Profile
from advisor.reference.load import load_reference
from advisor.rules.load import load_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["battery-maker", "electronics-maker", "ev-motor-maker", "wind-turbine-maker"]
RULES = load_rules()
REF = load_reference()


@cache
def example(name: str) -> tuple[Profile, Assessment]:
    profile, doc = load_profile(str(ROOT / "examples" / f"{name}.yaml"))
    return profile, assess(profile, RULES, REF, doc)


def rec(result: Assessment, action: str, material: str | None) -> Recommendation:
    (found,) = [r for r in result.recommendations if (r.action, r.material) == (action, material)]
    return found


def answered(result: Assessment, r: Recommendation) -> list[Finding]:
    return [f for f in result.findings if f"{f.rule_id} {f.subject}" in r.findings]


def remodel(profile: Profile, result: Assessment, r: Recommendation) -> Assessment:
    """Apply the recommendation's modelled change again and re-assess with every rule."""
    action = RULES.actions[r.action]
    assert action.model is not None
    index = next((i for i, m in enumerate(profile.materials) if m.id == r.material), None)
    changed, _ = MODELS[action.model](profile, index, answered(result, r))
    return assess(changed, RULES, REF, None, recommend=False)


# -- grouping -------------------------------------------------------------------------------------


def test_findings_answered_by_one_modelled_change_become_one_recommendation() -> None:
    _, result = example("ev-motor-maker")
    second = rec(result, "add-second-source", "dy-alloy")
    assert sorted(f.split()[0] for f in second.findings) == [
        "ADV001", "ADV003", "ADV004", "ADV005", "ADV025"
    ]  # fmt: skip
    assert second.actions == ("add-second-source", "diversify-processing")
    assert second.severity == "high"
    assert len(second.why) == 5
    assert not [
        r
        for r in result.recommendations
        if (r.action, r.material) == ("diversify-processing", "dy-alloy")
    ]


def test_every_finding_is_answered_by_exactly_one_recommendation() -> None:
    for name in EXAMPLES:
        _, result = example(name)
        keys = [f for r in result.recommendations for f in r.findings]
        assert sorted(keys) == sorted(f"{f.rule_id} {f.subject}" for f in result.findings), name


def test_the_same_action_on_two_materials_is_two_recommendations() -> None:
    _, result = example("ev-motor-maker")
    stock = [r.material for r in result.recommendations if r.action == "build-strategic-stock"]
    assert sorted(stock) == ["dy-alloy", "ndfeb-magnets"]
    company = rec(result, "partner-on-alternatives", None)
    assert company.findings == ("ADV019 company",)


def test_missing_data_becomes_complete_the_profile() -> None:
    _, result = example("ev-motor-maker")
    complete = rec(result, "complete-profile", "dy-alloy")
    assert (complete.title, complete.horizon) == ("Complete the profile", "immediate")
    assert complete.findings == ("ADV017 dy-alloy",)
    assert complete.text == (
        "Give these in the profile so that every rule can be checked: recycled_share."
    )
    assert not complete.modelled
    assert complete.risk_removed == 12.5


def test_complete_the_profile_names_profile_fields_not_derived_facts(tmp_path: Path) -> None:
    """Without inventory the stock rules cannot be checked; the advice must name what to add.

    BUG: ADV013 is undecidable because time_to_survive_days is unknown, and the text asks the
    user to add "time_to_survive_days", which is not a profile field (it is derived from
    inventory and shares): a user who adds it gets "unknown field".
    """
    text = (ROOT / "tests" / "data" / "profiles" / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace("    inventory: {days_of_cover: 30}\n", "")
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    profile, doc = load_profile(str(path))
    result = assess(profile, RULES, REF, doc)
    complete = rec(result, "complete-profile", "magnets")
    assert {"ADV010 magnets", "ADV013 magnets"} <= set(complete.findings)
    assert "days_of_cover" in complete.text
    assert "time_to_survive_days" not in complete.text


# -- modelled actions and the risk they remove --------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_modelled_action_is_the_re_assessment_of_the_changed_profile(name: str) -> None:
    """Points and score after are what every rule says of the changed profile, and lower."""
    profile, result = example(name)
    before = risk_points(result.findings)
    modelled = [r for r in result.recommendations if r.modelled]
    assert modelled
    for r in modelled:
        after = remodel(profile, result, r)
        assert r.points_before == before
        assert r.points_after == risk_points(after.findings) <= before, r.action
        assert r.score_after == after.score.value <= r.score_before, r.action
        assert r.score_before == result.score.value


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_unmodelled_action_takes_its_findings_as_resolved(name: str) -> None:
    _, result = example(name)
    for r in result.recommendations:
        if r.modelled:
            continue
        assert r.model_note == "findings taken as resolved"
        assert r.risk_removed == round(sum(f.score.value for f in answered(result, r)), 2)


def test_raising_stock_answers_every_stock_finding_of_the_material() -> None:
    profile, result = example("ev-motor-maker")
    r = rec(result, "build-strategic-stock", "dy-alloy")
    # TTR 180 days for a supplier with 100% of the volume: 180 days of cover survive it.
    assert r.model_note == "stock raised to 180 days of cover"
    after = remodel(profile, result, r)
    left = {f.rule_id for f in after.findings if f.material == "dy-alloy"}
    assert not left & {"ADV009", "ADV010", "ADV012", "ADV013"}
    assert "modelled: stock raised" not in r.text  # the advice is the rule's own text


def test_a_second_source_takes_volume_from_the_largest_supplier() -> None:
    profile, result = example("electronics-maker")
    r = rec(result, "add-second-source", "gallium-7n")
    assert r.model_note.startswith("a qualified source in AU takes 30% of volume")
    after = remodel(profile, result, r)
    left = {f.rule_id for f in after.findings if f.material == "gallium-7n"}
    assert not left & {"ADV001", "ADV003"}
    assert r.risk_removed > 100


# -- ranking --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_ranked_by_risk_removed_then_horizon_then_severity(name: str) -> None:
    _, result = example(name)
    recs = result.recommendations
    assert [r.rank for r in recs] == list(range(1, len(recs) + 1))
    keys = [(-r.risk_removed, HORIZONS.index(r.horizon)) for r in recs]
    assert keys == sorted(keys)


def test_equal_risk_removed_puts_the_nearer_horizon_first() -> None:
    _, result = example("ev-motor-maker")
    ties = [r for r in result.recommendations if r.risk_removed == 25]
    assert len({r.horizon for r in ties}) > 1
    assert [HORIZONS.index(r.horizon) for r in ties] == sorted(
        HORIZONS.index(r.horizon) for r in ties
    )


def test_the_ranking_is_the_same_every_time() -> None:
    profile, doc = load_profile(str(ROOT / "examples" / "wind-turbine-maker.yaml"))
    first = assess(profile, RULES, REF, doc).recommendations
    again = assess(profile, RULES, REF, doc).recommendations
    assert first == again
    assert [(r.action, r.material) for r in first][:3] == [
        ("add-second-source", "tb-metal"),
        ("add-second-source", "dy-oxide"),
        ("build-strategic-stock", "dy-oxide"),
    ]
