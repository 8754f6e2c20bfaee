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

A problem (the findings of one root cause on one material) scores its worst finding: its
symptoms are one risk, not several. Problems aggregate — the worst dominates and the others
fill part of the headroom above it::

    aggregate(s) = max + (100 − max) × R / (R + 300),   R = sum of the other scores

Material score: aggregate of its problems. Company score: the worst material plus a quarter of
the headroom above it times the mean of the other materials / 100 (so it never reads lower than
its worst material), aggregated with the company-wide problems.
Bands: low < 25 ≤ moderate < 50 ≤ high < 75 ≤ severe. See docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SEVERITIES = ("info", "low", "medium", "high", "critical")
SEVERITY_WEIGHT = {"info": 0.1, "low": 0.25, "medium": 0.5, "high": 0.75, "critical": 1.0}
CRITICALITY_WEIGHT = {"low": 0.4, "medium": 0.6, "high": 0.8, "critical": 1.0}
MISSING_EVIDENCE = 0.5
BANDS = ((75.0, "severe"), (50.0, "high"), (25.0, "moderate"), (0.0, "low"))
#: Share of the headroom above the worst material that the mean of the other materials fills
#: (at a mean of 100 the others would fill this share of it).
SPREAD_WEIGHT = 0.25
#: Risk points of the other problems that fill half the headroom above the worst one.
HALF_HEADROOM_POINTS = 300.0
#: Criticality term of a company-wide finding (as for a material of medium criticality).
COMPANY_CRITICALITY = 0.6


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
) -> Score:
    """Score one finding from its terms."""
    exposure = min(1.0, max(0.0, exposure))
    terms = [
        Term("severity", SEVERITY_WEIGHT[severity], severity),
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
    value = 100.0
    for term in terms:
        value *= term.value
    formula = "100 × " + " × ".join(t.name for t in terms)
    return Score(round(value, 2), tuple(terms), formula)


def aggregate(scores: Iterable[float]) -> float:
    """The worst score plus part of the headroom above it, filled by the others.

    Never lower when a score is added or raised; 0 for no scores.
    """
    ordered = sorted((min(100.0, max(0.0, s)) for s in scores), reverse=True)
    if not ordered:
        return 0.0
    worst, rest = ordered[0], sum(ordered[1:])
    return round(worst + (100 - worst) * rest / (rest + HALF_HEADROOM_POINTS), 2)


def problem_score(scores: Iterable[float]) -> float:
    """A problem (one root cause on one subject) scores its worst finding; 0 for none."""
    return max((min(100.0, max(0.0, s)) for s in scores), default=0.0)


def subject_score(findings: Iterable[tuple[str, float]]) -> float:
    """The aggregate of the problems of one subject, from (cause, finding score) pairs."""
    worst: dict[str, float] = {}
    for cause, value in findings:
        worst[cause] = max(worst.get(cause, 0.0), value)
    return aggregate(worst.values())


def spread(worst: float, others_cents: int, others_count: int) -> float:
    """The worst material plus SPREAD_WEIGHT of its headroom times the others' mean / 100.

    The others' sum is given in hundredths (scores have two decimals), so that it is exact
    however it was summed: a what-if that changes one material gives the same number.
    """
    mean = others_cents / 100 / others_count if others_count else 0.0
    return worst + (100 - worst) * SPREAD_WEIGHT * mean / 100


def company_score(material_scores: Sequence[float], company_problems: Iterable[float]) -> Score:
    """The company score from its material scores and its company-wide problem scores."""
    terms: list[Term] = []
    base = 0.0
    if material_scores:
        ordered = sorted(material_scores, reverse=True)
        worst, rest = ordered[0], ordered[1:]
        base = spread(worst, sum(round(v * 100) for v in rest), len(rest))
        terms.append(Term("worst material", round(worst, 2), "never reads lower"))
        if rest:
            mean = round(sum(rest) / len(rest), 2)
            terms.append(Term("other materials", mean, f"mean of {len(rest)}, weight "
                              f"{SPREAD_WEIGHT:g} of the headroom"))  # fmt: skip
    extra = list(company_problems)
    if extra:
        terms.append(Term("company-wide problems", aggregate(extra), f"{len(extra)} aggregated"))
    value = aggregate([round(base, 2), *extra])
    formula = (
        f"aggregate(worst + (100 − worst) × {SPREAD_WEIGHT:g} × mean(others) / 100, "
        "company problems)"
    )
    return Score(value, tuple(terms), formula)
