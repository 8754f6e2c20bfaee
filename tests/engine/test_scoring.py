"""The scoring model of docs/scoring.md §3–4: finding scores, aggregation, bands, explanations."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.engine.assess.scoring import (
    aggregate,
    band,
    company_score,
    finding_score,
    problem_score,
    subject_score,
)

#: Finding scores as the model makes them: 0–100, two decimals.
SCORE = st.integers(0, 10_000).map(lambda n: n / 100)
SCORES = st.lists(SCORE, max_size=12)


def test_a_finding_score_is_the_product_of_its_terms() -> None:
    # 20 days of cover against a 90-day target: g = 70/90, the docs' worked example.
    s = finding_score("high", 0.85, "critical", 70 / 90, missing=False)
    assert s.value == round(100 * 0.75 * 0.85 * 1.0 * (0.5 + 0.5 * 70 / 90), 2) == 56.67
    assert [t.name for t in s.terms] == ["severity", "exposure", "criticality", "gap"]
    assert s.formula == "100 × severity × exposure × criticality × gap"


@pytest.mark.parametrize(
    ("severity", "criticality", "value"),
    [
        ("info", "low", 4.0),
        ("low", "medium", 15.0),
        ("medium", "high", 40.0),
        ("high", "critical", 75.0),
        ("critical", None, 60.0),
    ],
)
def test_severity_and_criticality_weights(
    severity: str, criticality: str | None, value: float
) -> None:
    assert finding_score(severity, 1.0, criticality, None, missing=False).value == value


def test_a_missing_data_finding_counts_half_and_has_no_gap() -> None:
    s = finding_score("high", 1.0, "critical", 0.9, missing=True)
    assert s.value == 37.5
    assert [t.name for t in s.terms] == ["severity", "exposure", "criticality", "evidence"]
    assert "evidence 0.5 (data missing)" in s.explain()


def test_exposure_and_gap_are_clamped_to_0_1() -> None:
    assert finding_score("critical", 1.7, "critical", 3.0, missing=False).value == 100
    assert finding_score("critical", -1, "critical", None, missing=False).value == 0
    assert finding_score("critical", 1.0, "critical", -2.0, missing=False).value == 50


def test_explain_shows_each_term_with_what_it_was_made_from() -> None:
    s = finding_score("medium", 0.6, "high", 0.5, missing=False, exposure_basis="controlled_share")
    text = s.explain()
    assert text.startswith("18.0 = 100 × severity × exposure × criticality × gap: ")
    for part in (
        "severity 0.5 (medium)",
        "exposure 0.6 (controlled_share)",
        "criticality 0.8 (high)",
        "gap 0.75 (50% past threshold)",
    ):
        assert part in text


@pytest.mark.parametrize(
    ("score", "name"),
    [
        (0, "low"),
        (24.4, "low"),
        (24.6, "moderate"),
        (25, "moderate"),
        (49.4, "moderate"),
        (49.6, "high"),
        (50, "high"),
        (74.9, "severe"),
        (75, "severe"),
        (100, "severe"),
    ],
)
def test_bands_are_judged_on_the_whole_number_a_report_shows(score: float, name: str) -> None:
    assert band(score) == name


def chance(*strengths: float) -> float:
    """100 × (1 − exp(−Σ)): the documented combination, written out independently."""
    return round(100 * (1 - math.exp(-sum(strengths))), 2)


def g(score: float) -> float:
    return -math.log(1 - score / 100)


def test_aggregate_is_the_worst_plus_the_others_at_part_weight_as_chances() -> None:
    assert aggregate([]) == 0
    assert aggregate([42.0]) == 42.0
    assert aggregate([60, 30]) == chance(g(60), 0.3 * g(30)) == 64.06
    # seven problems of 50 do not pin the score at 100, but each one counts
    assert aggregate([50.0] * 7) == chance(g(50), 0.3 * 6 * g(50)) == 85.64
    assert aggregate([50.0] * 6) < aggregate([50.0] * 7)
    assert aggregate([100, 100]) == 100


@settings(max_examples=60, deadline=None)
@given(scores=SCORES, extra=SCORE)
def test_adding_a_finding_never_lowers_the_aggregate(scores: list[float], extra: float) -> None:
    assert aggregate([*scores, extra]) >= aggregate(scores)
    assert aggregate([*scores, extra]) >= extra
    assert 0 <= aggregate([*scores, extra]) <= 100


@settings(max_examples=60, deadline=None)
@given(scores=SCORES.filter(bool), data=st.data())
def test_raising_a_finding_never_lowers_the_aggregate_and_order_does_not_matter(
    scores: list[float], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(scores) - 1))
    raised = list(scores)
    raised[i] = data.draw(st.integers(round(scores[i] * 100), 10_000)) / 100
    assert aggregate(raised) >= aggregate(scores)
    assert aggregate(list(reversed(scores))) == aggregate(scores)


def test_company_score_is_the_worst_material_plus_the_mean_of_the_others() -> None:
    s = company_score([80.0, 20.0], [])
    # g(80) + 0.25 × g(20): never lower than the worst material
    assert s.value == chance(g(80), 0.25 * g(20)) == 81.09
    assert [(t.name, t.value) for t in s.terms] == [("worst material", 80), ("other materials", 20)]
    assert company_score([64.29], []).value == 64.29
    # the others count by their mean: two at 20 weigh what one at 20 does
    assert company_score([80.0, 20.0, 20.0], []).value == s.value


def test_improving_a_material_that_does_not_set_the_score_still_moves_it() -> None:
    """Two materials at 83: fixing one of them shows on the company score."""
    before = company_score([83.0, 83.0], []).value
    after = company_score([83.0, 60.0], []).value
    assert before - after >= 2


def test_company_findings_add_their_strength_at_part_weight() -> None:
    s = company_score([80.0, 20.0], [30.0])
    assert s.value == chance(g(80), 0.25 * g(20), 0.25 * g(30)) == 82.7
    assert s.terms[-1].name == "company-wide problems"
    assert company_score([], []).value == 0
    assert company_score([], [30.0]).value == 30


def test_a_problem_scores_its_worst_finding_and_problems_aggregate() -> None:
    """Symptoms of one cause do not add up; distinct causes do."""
    assert problem_score([60.0, 60.0, 45.0, 40.0]) == 60.0
    pairs = [("dependence", 60.0), ("dependence", 45.0), ("stock", 36.0)]
    assert subject_score(pairs) == aggregate([60.0, 36.0]) == chance(g(60), 0.3 * g(36))
    assert subject_score([*pairs, ("dependence", 59.0)]) == subject_score(pairs)


@settings(max_examples=60, deadline=None)
@given(materials=SCORES.filter(bool), company=SCORES)
def test_the_company_never_reads_lower_than_its_worst_material(
    materials: list[float], company: list[float]
) -> None:
    assert company_score(materials, company).value >= max(materials)


@settings(max_examples=60, deadline=None)
@given(materials=SCORES.filter(bool), company=SCORES, data=st.data())
def test_a_worse_material_never_lowers_the_company_score(
    materials: list[float], company: list[float], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(materials) - 1))
    worse = list(materials)
    worse[i] = data.draw(st.integers(round(materials[i] * 100), 10_000)) / 100
    assert company_score(worse, company).value >= company_score(materials, company).value
