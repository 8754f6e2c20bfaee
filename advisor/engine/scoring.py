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

Aggregation — the worst risk dominates and the others fill part of the headroom above it::

    aggregate(s) = max + (100 − max) × R / (R + 300),   R = sum of the other scores

Material score: aggregate of the findings on a material and its suppliers. Company score:
``0.6 × max + 0.4 × mean`` of the material scores, aggregated with the company findings.
Bands: low < 25 ≤ moderate < 50 ≤ high < 75 ≤ severe.
See docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SEVERITIES = ("info", "low", "medium", "high", "critical")
SEVERITY_WEIGHT = {"info": 0.1, "low": 0.25, "medium": 0.5, "high": 0.75, "critical": 1.0}
CRITICALITY_WEIGHT = {"low": 0.4, "medium": 0.6, "high": 0.8, "critical": 1.0}
MISSING_EVIDENCE = 0.5
BANDS = ((75.0, "severe"), (50.0, "high"), (25.0, "moderate"), (0.0, "low"))
MAX_WEIGHT = 0.6
#: Risk points of the other findings that fill half the headroom above the worst one.
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


def company_score(material_scores: Sequence[float], company_findings: Iterable[float]) -> Score:
    """The company score from its material scores and company-level findings."""
    terms: list[Term] = []
    base = 0.0
    if material_scores:
        worst = max(material_scores)
        mean = sum(material_scores) / len(material_scores)
        base = MAX_WEIGHT * worst + (1 - MAX_WEIGHT) * mean
        terms.append(Term("worst material", round(worst, 2), f"weight {MAX_WEIGHT}"))
        terms.append(Term("mean material", round(mean, 2), f"weight {1 - MAX_WEIGHT:.1f}"))
    extra = list(company_findings)
    if extra:
        terms.append(Term("company findings", aggregate(extra), f"{len(extra)} aggregated"))
    value = aggregate([base, *extra])
    formula = "aggregate(0.6 × worst material + 0.4 × mean material, company findings)"
    return Score(value, tuple(terms), formula)
