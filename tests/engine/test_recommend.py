"""Recommendations: findings grouped by action, modelled actions re-scored, the ranking policy.

docs/scoring.md §5.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from advisor.engine.advise.recommend import TIERS, Recommendation, rank_key, risk_points
from advisor.engine.advise.whatif import apply
from advisor.engine.assess.model import Assessment, Finding
from advisor.engine.pipeline import assess
from advisor.profile.build import load_profile
from advisor.profile.model import Profile
from advisor.reference.load import load_reference
from advisor.rules.load import load_rules

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ["battery-maker", "electronics-maker", "ev-motor-maker", "wind-turbine-maker"]
RULES = load_rules()
REF = load_reference()


@cache
def example(name: str) -> tuple[Profile, Assessment]:
    profile, doc = load_profile(str(ROOT / "examples" / f"{name}.yaml"))
    return profile, assess(profile, RULES, REF, doc)


def rec(result: Assessment, action: str, material: str | None) -> Recommendation:
    """The recommendation of *action* that changes *material* (None: a company-wide one)."""
    (found,) = [
        r for r in result.recommendations
        if r.action == action and (material in r.materials or material is r.material is None)
    ]  # fmt: skip
    return found


def answered(result: Assessment, r: Recommendation) -> list[Finding]:
    return [f for f in result.findings if f"{f.rule_id} {f.subject}" in r.findings]


def remodel(profile: Profile, result: Assessment, r: Recommendation) -> Assessment:
    """Apply the recommendation's modelled change again and re-assess with every rule."""
    from advisor.engine.advise.recommend import model_of

    action = RULES.actions[r.action]
    changed = profile
    for material in r.materials or (None,):
        index = next((i for i, m in enumerate(profile.materials) if m.id == material), None)
        facts = next((m.facts for m in result.materials if m.id == material), {})
        found = [f for f in answered(result, r) if f.material == material or not r.materials]
        model = model_of(action, found[0], facts)
        assert model is not None
        outcome = apply(
            model, changed, index, found, facts, REF.producers, {r.id: r for r in RULES.rules}
        )
        assert outcome is not None
        changed = outcome.profile
    return assess(changed, RULES, REF, None, recommend=False)


# -- grouping -------------------------------------------------------------------------------------


def test_findings_answered_by_one_modelled_change_become_one_recommendation() -> None:
    _, result = example("ev-motor-maker")
    second = rec(result, "add-second-source", "dy-alloy")
    assert {"ADV001", "ADV003", "ADV004", "ADV025"} <= {f.split()[0] for f in second.findings}
    # a sole supplier cannot be rebalanced: spreading its volume is a second source
    assert "ADV006" in {f.split()[0] for f in second.findings}
    assert {"add-second-source", "diversify-processing", "rebalance-suppliers"} <= set(
        second.actions
    )
    assert second.severity == "high"
    assert not [
        r
        for r in result.recommendations
        if (r.action, r.material) in (("diversify-processing", "dy-alloy"),
                                      ("rebalance-suppliers", "dy-alloy"))
    ]  # fmt: skip


def test_no_action_appears_twice() -> None:
    """The research action answers two rules (ADV018 per material, ADV019 for the company):
    it is one company-wide recommendation, claiming its points once."""
    for name in EXAMPLES:
        _, result = example(name)
        keys = [r.action for r in result.recommendations]
        assert len(keys) == len(set(keys)), name
        research = [r for r in result.recommendations if r.action == "partner-on-alternatives"]
        assert len(research) <= 1, name
    _, ev = example("ev-motor-maker")
    (research,) = [r for r in ev.recommendations if r.action == "partner-on-alternatives"]
    assert research.material is None
    assert {"ADV018 dy-alloy", "ADV018 ndfeb-magnets", "ADV019 company"} <= set(research.findings)


def test_every_finding_is_answered_by_exactly_one_recommendation() -> None:
    for name in EXAMPLES:
        _, result = example(name)
        keys = [f for r in result.recommendations for f in (*r.findings, *r.completed_findings)]
        applying = [f for f in result.findings if f.note is None]  # informational: no action
        assert sorted(keys) == sorted(f"{f.rule_id} {f.subject}" for f in applying), name


def test_the_same_action_on_two_materials_is_one_recommendation() -> None:
    """Both magnet materials need stock: one action, both materials named, and the company
    score moves by what the two changes do together (neither alone would move it: the other
    material would still set it)."""
    _, result = example("ev-motor-maker")
    (stock,) = [r for r in result.recommendations if r.action == "build-strategic-stock"]
    assert stock.materials == ("dy-alloy", "ndfeb-magnets")
    assert "raise dy-alloy stock" in stock.text and "raise ndfeb-magnets stock" in stock.text
    assert [m for m, _, _ in stock.material_scores] == ["dy-alloy", "ndfeb-magnets"]
    assert all(after < before for _, before, after in stock.material_scores)
    assert stock.score_before - stock.score_after >= 3


def test_missing_data_of_an_informational_target_asks_for_nothing() -> None:
    """ADV017 (the EU CRMA's EU-wide recycling target) cannot be checked without
    recycled_share, but it binds no company: it is shown for information, scores 0 and no
    "Complete the profile" rests on it."""
    _, result = example("ev-motor-maker")
    (found,) = [f for f in result.findings if f.rule_id == "ADV017" and f.material == "dy-alloy"]
    assert found.status == "missing" and found.note and found.score.value == 0
    assert not [r for r in result.recommendations if "ADV017 dy-alloy" in r.findings]


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
        if r.model_note.startswith(("not counted", "not modelled")):
            assert r.risk_removed == 0 or r.model_note.startswith("not modelled")
            continue
        assert r.model_note == "findings taken as resolved"
        assert r.risk_removed == round(sum(f.score.value for f in answered(result, r)), 2)


def test_raising_stock_answers_every_stock_finding_of_the_material() -> None:
    profile, result = example("ev-motor-maker")
    r = rec(result, "build-strategic-stock", "dy-alloy")
    # TTR 180 days for a supplier with 100% of the volume: 180 days of cover survive it.
    assert r.model_note.startswith("dy-alloy: stock raised to 180 days of cover; ")
    after = remodel(profile, result, r)
    left = {f.rule_id for f in after.findings if f.material == "dy-alloy"}
    assert not left & {"ADV009", "ADV010", "ADV012", "ADV013"}
    assert "modelled: stock raised" not in r.text  # the advice is the rule's own text


def test_a_second_source_is_a_named_producer_that_takes_volume_off_the_dominant_chain() -> None:
    """gallium-7n ships from a US distributor but is refined in China: the second source is a
    producer outside China from the registry, never an invented supplier or 'another country
    than US', and the text names the share the model moved."""
    profile, result = example("electronics-maker")
    # the US distributor is domestic for a US buyer (no ADV003): the processing action leads
    r = rec(result, "diversify-processing", "gallium-7n")
    assert r.modelled
    assert r.candidates[0] == "japan-primary-gallium"
    assert "dowa-gallium" not in r.candidates  # a weak source is no modelled second source
    assert "whose chain avoids CN" in r.text and "than US" not in r.text
    assert "give it 30% of the volume, taken from pacific-metals (processed in CN)" in r.text
    assert "Not counted as a second source: Dowa Metals & Mining (weak source)" in r.text
    after = remodel(profile, result, r)
    left = {f.rule_id for f in after.findings if f.material == "gallium-7n"}
    assert not left & {"ADV001", "ADV003"}
    assert r.score_removed > 5  # visible on the company score


def test_processing_diversification_moves_volume_off_the_suppliers_processed_there() -> None:
    """diversified on paper: three magnet makers, all buying Chinese oxide; the volume comes
    off all three in proportion, not off the largest alone, and it is the 35% that brings the
    100% Chinese share down to the EU CRMA benchmark (65%): every finding it answers is a
    share over a threshold, so 30% would clear none of them."""
    path = ROOT / "tests" / "cases" / "diversified-on-paper.yaml"
    profile, doc = load_profile(str(path))
    result = assess(profile, RULES, REF, doc)
    first = result.recommendations[0]
    assert first.action == "diversify-processing"
    after = remodel(profile, result, first)
    shares = {s.id: s.share for m in after.suppliers for s in [m] if m.material == "ndfeb-magnets"}
    assert shares == {"kansai": 0.26, "hanoi-magnet": 0.195, "ningbo-magnet": 0.195,
                      "modelled-mp-independence-magnets": 0.35}  # fmt: skip


def test_no_second_source_is_modelled_where_no_producer_of_the_stage_is_known(
    tmp_path: Path,
) -> None:
    """Tungsten oxide: the registry knows no refiner outside China, so nothing is invented."""
    text = (ROOT / "tests" / "cases" / "badly-exposed.yaml").read_text("utf-8")
    text = text.replace("mineral: Dy\n    form: DyFe alloy for grain-boundary diffusion\n"
                        "    stage: metal_alloy", "mineral: W\n    form: Ammonium paratungstate\n"
                        "    stage: oxide_separated")  # fmt: skip
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    profile, doc = load_profile(str(path))
    result = assess(profile, RULES, REF, doc)
    r = rec(result, "add-second-source", "dy-alloy")
    assert "dy-alloy: not modelled: no producer of this stage" in r.model_note
    assert "second source of dy-alloy whose chain avoids CN. advisor's registry" in r.text
    # tb-metal, in the same recommendation, has a named producer and is modelled
    assert "tb-metal: Australian Strategic Materials (KR) takes 30%" in r.model_note
    assert dict((m, (b, a)) for m, b, a in r.material_scores)["tb-metal"][1] < r.material_before


# -- ranking --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_ranked_urgent_first_then_by_score_points_removed(name: str) -> None:
    _, result = example(name)
    recs = result.recommendations
    assert [r.rank for r in recs] == list(range(1, len(recs) + 1))
    assert [rank_key(r) for r in recs] == sorted(rank_key(r) for r in recs)
    tiers = [TIERS.index(r.tier) for r in recs]
    assert tiers == sorted(tiers)
    for r in recs:
        renewal = r.text.startswith("Renew first")  # a contract ends before the next deadline
        assert (r.tier == "urgent") == (renewal or any(f.urgent for f in answered(result, r)))
        if r.tier == "urgent":
            assert r.horizon == "immediate" and r.deadline_days is not None
    structural = [r.score_removed for r in recs if r.tier == "structural"]
    assert structural == sorted(structural, reverse=True)


def test_research_partnerships_come_last_unless_nothing_else_applies() -> None:
    _, result = example("ev-motor-maker")
    research = rec(result, "partner-on-alternatives", None)
    assert research.tier == "long-horizon"
    assert all(r.tier == "long-horizon" for r in result.recommendations[research.rank - 1 :])


def test_a_control_returning_within_the_cover_is_urgent_and_says_how_many_days() -> None:
    path = ROOT / "tests" / "cases" / "chip-maker-suspension.yaml"
    profile, doc = load_profile(str(path))
    first = assess(profile, RULES, REF, doc).recommendations[0]
    assert (first.action, first.tier, first.horizon) == (
        "watch-suspended-controls", "urgent", "immediate"
    )  # fmt: skip
    assert first.deadline_days == 26
    # licensed imports take longer than the 26 days: it says so first, then the deadline
    assert first.text.startswith("This takes 93 days, longer than the 26 days left: start it now")
    assert "Act within 26 days (" in first.text
    assert "may return on 2026-11-27" in first.text


def test_the_ranking_is_the_same_every_time() -> None:
    profile, doc = load_profile(str(ROOT / "examples" / "wind-turbine-maker.yaml"))
    first = assess(profile, RULES, REF, doc).recommendations
    again = assess(profile, RULES, REF, doc).recommendations
    assert first == again
    assert [r.rank for r in first] == list(range(1, len(first) + 1))


def test_an_action_that_removes_nothing_on_its_own_is_listed_under_the_one_it_completes() -> None:
    """A dual-source clause alone leaves the contracts problem (spot prices) in place: it is not
    a row of "89 → 89" but part of the action it completes, which removes risk."""
    path = ROOT / "tests" / "cases" / "badly-exposed.yaml"
    profile, doc = load_profile(str(path))
    result = assess(profile, RULES, REF, doc)
    assert not [r for r in result.recommendations if r.action == "add-dual-source-clause"]
    hosts = [r for r in result.recommendations
             if any(c.startswith("Write dual-source clauses") for c in r.completes)]  # fmt: skip
    assert len(hosts) == 1 and hosts[0].score_removed > 0
    for r in result.recommendations:  # every row left removes something, or is urgent
        assert (
            r.score_removed > 0
            or r.score_points > 0
            or r.tier == "urgent"
            or (r.action == "complete-profile")
        )
    from advisor.render._common import removes_cell

    stock = result.recommendations[0]
    assert removes_cell(stock) == f"{round(stock.score_before) - round(stock.score_after)} pts"


def test_a_user_pack_that_names_its_stock_threshold_its_own_way_still_gets_stock_advice() -> None:
    """The stock what-if reads the threshold a rule's gap declares (here `buffer_days`, the
    built-in rules that ask for stock switched off), not the built-in pack's `target_days`."""
    rules = load_rules([str(ROOT / "tests" / "data" / "rules" / "stock-buffer.yaml")])
    profile, doc = load_profile(str(ROOT / "examples" / "ev-motor-maker.yaml"))
    result = assess(profile, rules, REF, doc)
    (stock,) = [r for r in result.recommendations if "BUF001 ndfeb-magnets" in r.findings]
    assert stock.modelled and "stock raised to 120 days of cover" in stock.model_note
    assert (
        "Raise ndfeb-magnets stock from 20 days to 120 days of cover, the most the findings ask "
        "for (the buffer_days of BUF001: 120 days)"
    ) in stock.text
    after = assess(remodel_with(profile, result, stock, rules), rules, REF, None, recommend=False)
    assert not [f for f in after.findings if f.rule_id == "BUF001"]


def remodel_with(profile: Profile, result: Assessment, r: Recommendation, rules: Any) -> Profile:
    """The profile after *r*'s model on each material it names, with the rules of *rules*."""
    from advisor.engine.advise.recommend import model_of

    changed = profile
    by_id = {rule.id: rule for rule in rules.rules}
    for material in r.materials:
        index = next(i for i, m in enumerate(profile.materials) if m.id == material)
        facts = next(m.facts for m in result.materials if m.id == material)
        found = [f for f in answered(result, r) if f.material == material]
        model = model_of(rules.actions[r.action], found[0], facts)
        assert model is not None
        outcome = apply(model, changed, index, found, facts, REF.producers, by_id)
        assert outcome is not None
        changed = outcome.profile
    return changed
