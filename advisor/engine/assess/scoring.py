"""The scoring model: every score is a product or combination of named, documented terms.

Finding score (0–100)::

    score = 100 × severity × exposure × criticality × (0.5 + 0.5 × gap) × evidence

* severity    — the rule's severity: info 0.1, low 0.25, medium 0.5, high 0.75, critical 1.0
* exposure    — share of the material's volume the finding concerns (the rule's exposure fact),
                1.0 when the rule names none or for company findings
* criticality — the material's business criticality: low 0.4, medium 0.6, high 0.8,
                critical 1.0 (0.6 for company findings, as for a medium material)
* gap         — how far past the threshold the fact is, 0–1 (1.0 when the rule defines none)
* evidence    — 1.0 when the rule fired, 0.5 when it could not be decided for missing data
* cover       — COVERED_WEIGHT (0.75) when the consequence is covered (severity then at most
                medium); absent otherwise
* applies     — 0 for an informational finding (not this company's rule); absent otherwise

A problem (the findings of one root cause on one material) scores its worst finding: its
symptoms are one risk, not several. Problems combine as chances of disruption: a score s is
read as the chance s/100 that the problem disrupts supply, and its *strength* is
g(s) = −ln(1 − s/100), so that independent chances multiply and strengths add::

    combine(s) = 100 × (1 − exp(−(g(worst) + OTHER_WEIGHT × Σ g(others))))

The lesser problems count at OTHER_WEIGHT (0.3): they are partly the same event as the worst
(the same supplier, the same country), so counting them in full would pin every exposed
company at 100. Material score: combine of its problems. Company score: the strength of the
worst material, plus MATERIAL_WEIGHT × the mean strength of the others, plus
COMPANY_WEIGHT × the strengths of the company-wide problems; it never reads lower than its
worst material. Every problem removed lowers the score, in the unit of the score.
Bands: low < 25 ≤ moderate < 50 ≤ high < 75 ≤ severe. See docs/scoring.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from advisor.rules.severity import SEVERITIES

SEVERITY_WEIGHT = {"info": 0.1, "low": 0.25, "medium": 0.5, "high": 0.75, "critical": 1.0}
CRITICALITY_WEIGHT = {"low": 0.4, "medium": 0.6, "high": 0.8, "critical": 1.0}
MISSING_EVIDENCE = 0.5
BANDS = ((75.0, "severe"), (50.0, "high"), (25.0, "moderate"), (0.0, "low"))
#: Weight of the lesser problems of a material against its worst (docs/scoring.md §4).
OTHER_WEIGHT = 0.3
#: Weight of the mean strength of the other materials in the company score.
MATERIAL_WEIGHT = 0.25
#: Weight of each company-wide problem's strength in the company score.
COMPANY_WEIGHT = 0.25
#: Criticality term of a company-wide finding (as for a material of medium criticality).
COMPANY_CRITICALITY = 0.6
#: Weight of a finding whose consequence is covered (stock outlasts requalification, a
#: dual-source clause): the loss it warns of would be bridged if the replacement qualifies in
#: time, so a covered problem reads below an uncovered one of the same severity
#: (docs/scoring.md §3, mitigation; calibrated there).
COVERED_WEIGHT = 0.75
#: Strengths are summed as whole millionths, so that a sum is exact in any order: a what-if
#: that changes one material gives the same number as a full assessment.
STRENGTH_UNIT = 1_000_000
#: The highest chance a strength is taken from (a score of 100 would be infinitely strong).
_CAP = 99.99


@dataclass(frozen=True)
class Term:
    """One named factor of a score, with what it was made from."""

    name: str
    value: float
    basis: str


@dataclass(frozen=True)
class Score:
    """A score with the terms it was made of."""

    value: float
    terms: tuple[Term, ...]
    formula: str = "100 × " + " × ".join(("severity", "exposure", "criticality", "gap", "evidence"))

    def explain(self) -> str:
        """The score, its formula and each term with what it was made from."""
        parts = "; ".join(f"{t.name} {t.value:g} ({t.basis})" for t in self.terms)
        return f"{self.value:.1f} = {self.formula}: {parts}"


def severity_rank(severity: str) -> int:
    """0 for info … 4 for critical."""
    return SEVERITIES.index(severity)


def band(score: float) -> str:
    """The band a 0–100 score falls in, judged on the whole number a report shows."""
    shown = round(score)
    for floor, name in BANDS:
        if shown >= floor:
            return name
    return "low"


def finding_score(
    severity: str,
    exposure: float,
    criticality: str | None,
    gap: float | None,
    *,
    missing: bool,
    exposure_basis: str = "whole material",
    gap_basis: str = "",
    informational: bool = False,
    capped_from: str | None = None,
    mitigation: str = "",
) -> Score:
    """Score one finding from its terms: an *informational* finding (another jurisdiction's
    rule, a region-wide target) counts 0; a finding whose consequence is covered (how:
    *mitigation*) was capped at *severity* from *capped_from*, and counts COVERED_WEIGHT."""
    exposure = min(1.0, max(0.0, exposure))
    terms = [
        Term(
            "severity",
            SEVERITY_WEIGHT[severity],
            severity if capped_from is None else f"{severity}, {capped_from} capped",
        ),
        Term("exposure", round(exposure, 4), exposure_basis),
        Term(
            "criticality",
            CRITICALITY_WEIGHT[criticality] if criticality else COMPANY_CRITICALITY,
            criticality or "company-wide",
        ),
    ]
    if gap is not None and not missing:
        g = min(1.0, max(0.0, gap))
        terms.append(Term("gap", round(0.5 + 0.5 * g, 4), gap_basis or f"{g:.0%} past threshold"))
    if missing:
        terms.append(Term("evidence", MISSING_EVIDENCE, "data missing"))
    if mitigation:
        terms.append(Term("cover", COVERED_WEIGHT, f"covered: {mitigation}"))
    if informational:
        terms.append(Term("applies", 0.0, "informational: not this company's rule"))
    value = 100.0
    for term in terms:
        value *= term.value
    formula = "100 × " + " × ".join(t.name for t in terms)
    return Score(round(value, 2), tuple(terms), formula)


def strength(score: float) -> int:
    """g(s) = −ln(1 − s/100) in millionths: the additive form of a 0–100 score."""
    chance = min(_CAP, max(0.0, score)) / 100
    return round(-math.log1p(-chance) * STRENGTH_UNIT)


def from_strength(total: float) -> float:
    """The 0–100 score of a strength in millionths, to two decimals."""
    return round(100 * -math.expm1(-total / STRENGTH_UNIT), 2)


def aggregate(scores: Iterable[float]) -> float:
    """combine(s): the worst score, the others at OTHER_WEIGHT, as chances of disruption.

    Never lower when a score is added or raised; 0 for no scores; order does not matter.
    """
    given = [min(100.0, max(0.0, s)) for s in scores]
    if not given:
        return 0.0
    ordered = sorted((strength(s) for s in given), reverse=True)
    return max(round(max(given), 2), from_strength(ordered[0] + OTHER_WEIGHT * sum(ordered[1:])))


def problem_score(scores: Iterable[float]) -> float:
    """A problem (one root cause on one subject) scores its worst finding; 0 for none."""
    return max((min(100.0, max(0.0, s)) for s in scores), default=0.0)


def subject_score(findings: Iterable[tuple[str, float]]) -> float:
    """The aggregate of the problems of one subject, from (cause, finding score) pairs."""
    worst: dict[str, float] = {}
    for cause, value in findings:
        worst[cause] = max(worst.get(cause, 0.0), value)
    return aggregate(worst.values())


def company_strength(worst: int, others: int, count: int, company: int) -> float:
    """g(worst material) + MATERIAL_WEIGHT × mean g(others) + COMPANY_WEIGHT × Σ g(company
    problems), all in millionths (*others* and *company* are sums, *count* the others')."""
    mean = others / count if count else 0.0
    return worst + MATERIAL_WEIGHT * mean + COMPANY_WEIGHT * company


def company_score(material_scores: Sequence[float], company_problems: Iterable[float]) -> Score:
    """The company score from its material scores and its company-wide problem scores."""
    terms: list[Term] = []
    strengths = sorted((strength(v) for v in material_scores), reverse=True)
    worst, others = (strengths[0], strengths[1:]) if strengths else (0, [])
    if strengths:
        terms.append(Term("worst material", round(max(material_scores), 2), "never reads lower"))
    if others:
        mean = from_strength(sum(others) / len(others))
        terms.append(Term("other materials", mean, f"{len(others)} at their mean strength, "
                          f"weight {MATERIAL_WEIGHT:g}"))  # fmt: skip
    problems = list(company_problems)
    extra = [strength(v) for v in problems]
    if extra:
        terms.append(Term("company-wide problems", from_strength(sum(extra)),
                          f"{len(extra)}, weight {COMPANY_WEIGHT:g}"))  # fmt: skip
    if strengths:
        value = max(
            round(max(material_scores), 2),
            from_strength(company_strength(worst, sum(others), len(others), sum(extra))),
        )
    else:  # no material: the company-wide problems combine on their own
        value = aggregate(problems)
    formula = (
        "100 × (1 − exp(−(g(worst material) + "
        f"{MATERIAL_WEIGHT:g} × mean g(other materials) + "
        f"{COMPANY_WEIGHT:g} × Σ g(company problems)))), g(s) = −ln(1 − s/100)"
    )
    return Score(value, tuple(terms), formula)
