"""evaluate(facts, rules) → findings → scored, ranked Assessment. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.facts import FACT_FIELDS, Subject, derive
from advisor.scoring import (
    Score,
    aggregate,
    band,
    company_score,
    finding_score,
    severity_rank,
)

if TYPE_CHECKING:
    from advisor.profile import Profile
    from advisor.recommend import Recommendation
    from advisor.reference import Reference
    from advisor.rules import Rule, RuleSet
    from advisor.yamlload import Document


#: Reference data older than this many days before the profile's as_of date is flagged.
STALE_DAYS = 730


@dataclass(frozen=True)
class Location:
    """Where in the profile a finding points: 1-based line and column, and the field path."""

    file: str
    line: int
    col: int
    field: str


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one subject: it fired, or it could not be decided (missing data)."""

    rule_id: str
    rule_name: str
    title: str
    category: str
    severity: str
    scope: str
    subject: str
    material: str | None
    supplier: str | None
    status: str  # "fired" | "missing"
    message: str
    recommendation: str
    action: str
    evidence: Mapping[str, Any]
    parameters: Mapping[str, Any]
    missing: tuple[str, ...]
    score: Score
    location: Location

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Highest score first; ties broken by severity, rule id, then subject."""
        return (-self.score.value, -severity_rank(self.severity), self.rule_id, self.subject)


@dataclass(frozen=True)
class MaterialSummary:
    """The risk of one material."""

    id: str
    mineral: str
    criticality: str
    score: float
    band: str
    findings: int
    top_finding: str | None
    facts: Mapping[str, Any]
    location: Location


@dataclass(frozen=True)
class SupplierSummary:
    """One supplier of a material as the profile gives it, for reports."""

    material: str
    id: str
    name: str
    country: str
    mining_countries: tuple[str, ...]
    processing_countries: tuple[str, ...]
    share: float
    qualified: bool
    contract_type: str
    dual_source_clause: bool
    price_basis: str
    contract_end: str | None
    location: Location


@dataclass(frozen=True)
class Assessment:
    """Everything advisor concluded about one profile; renderers are pure functions of it."""

    source: str
    company: str
    sector: str
    as_of: str
    versions: Mapping[str, str]
    score: Score
    band: str
    findings: tuple[Finding, ...]
    materials: tuple[MaterialSummary, ...]
    recommendations: tuple[Recommendation, ...] = ()
    company_facts: Mapping[str, Any] = field(default_factory=dict)
    stale: tuple[str, ...] = ()
    suppliers: tuple[SupplierSummary, ...] = ()
    #: Every (rule id, subject key) pair evaluated, in evaluation order: passes included.
    evaluated: tuple[tuple[str, str], ...] = ()

    def counts(self) -> dict[str, int]:
        """Findings by severity, most severe first."""
        out = {s: 0 for s in ("critical", "high", "medium", "low", "info")}
        for f in self.findings:
            out[f.severity] += 1
        return out


def locate(doc: Document | None, subject: Subject, evidence: Mapping[str, Any]) -> Location:
    """The profile line a finding concerns: the field behind its first located fact."""
    base = subject.path
    path = base
    for name in evidence:
        rel = FACT_FIELDS.get(name)
        if rel is not None and doc is not None and (*base, *rel) in doc.locs:
            path = (*base, *rel)
            break
    if doc is None:
        return Location("", 0, 0, _dotted(path))
    line, col = doc.loc(path)
    return Location(doc.source, line, col, _dotted(path))


def _dotted(path: Sequence[str | int]) -> str:
    from advisor.yamlload import dotted

    return dotted(tuple(path))


def evaluate(
    subjects: Sequence[Subject],
    ruleset: RuleSet,
    doc: Document | None = None,
    *,
    text: bool = True,
) -> list[Finding]:
    """Every rule on every subject of its scope; findings sorted by score.

    Without *text* the findings carry no message (for what-if re-assessments).
    """
    from advisor.rules import evaluate as evaluate_rule

    findings: list[Finding] = []
    for rule in ruleset.rules:
        for subject in subjects:
            if subject.scope != rule.scope:
                continue
            outcome = evaluate_rule(rule, subject.facts, text=text)
            if outcome.status == "passed":
                continue
            findings.append(_finding(rule, subject, outcome, doc))
    findings.sort(key=lambda f: f.sort_key)
    return findings


def _finding(rule: Rule, subject: Subject, outcome: Any, doc: Document | None) -> Finding:
    missing = outcome.status == "missing"
    criticality = subject.facts.get("criticality") if subject.scope != "company" else None
    exposure_fact = getattr(rule, "exposure", None)
    basis = "whole material" if subject.scope != "company" else "company-wide"
    if missing:
        basis = "data missing: taken as the whole material"
    elif exposure_fact and outcome.evidence.get(exposure_fact) is not None:
        basis = f"{exposure_fact}"
    score = finding_score(
        rule.severity,
        1.0 if missing else outcome.exposure,
        criticality,
        outcome.gap,
        missing=missing,
        exposure_basis=basis,
    )
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        title=rule.title,
        category=rule.category,
        severity=rule.severity,
        scope=rule.scope,
        subject=subject.key,
        material=subject.material,
        supplier=subject.supplier,
        status=outcome.status,
        message=_missing_message(rule, subject, outcome) if missing else outcome.message,
        recommendation=outcome.recommendation,
        action=rule.action,
        evidence=dict(outcome.evidence),
        parameters=dict(rule.parameters),
        missing=tuple(outcome.missing),
        score=score,
        location=locate(
            doc, subject, {m: None for m in outcome.missing} if missing else outcome.evidence
        ),
    )


def _missing_message(rule: Rule, subject: Subject, outcome: Any) -> str:
    from advisor.factspec import profile_field

    fields = ", ".join(dict.fromkeys(profile_field(m) for m in outcome.missing))
    return f"{subject.key}: cannot check '{rule.title}': the profile does not give {fields}"


def score_findings(
    subjects: Sequence[Subject], findings: Sequence[Finding]
) -> tuple[Score, dict[str, float]]:
    """The company score and each material's score."""
    per_material: dict[str, list[float]] = {s.key: [] for s in subjects if s.scope == "material"}
    company: list[float] = []
    for f in findings:
        if f.material is None:
            company.append(f.score.value)
        else:
            per_material.setdefault(f.material, []).append(f.score.value)
    material_scores = {m: aggregate(v) for m, v in per_material.items()}
    return company_score(list(material_scores.values()), company), material_scores


def assess(
    profile: Profile,
    ruleset: RuleSet,
    ref: Reference,
    doc: Document | None = None,
    *,
    recommend: bool = True,
    stale_days: int = STALE_DAYS,
) -> Assessment:
    """The whole pipeline for one profile: facts, findings, scores, recommendations."""
    subjects = derive(profile, ref)
    findings = evaluate(subjects, ruleset, doc)
    total, material_scores = score_findings(subjects, findings)
    materials = tuple(_summaries(subjects, findings, material_scores, doc))
    versions = {
        "advisor": __version__,
        "rules": ", ".join(f"{p.name} v{p.version}" for p in ruleset.packs),
        "reference_data": str(ref.version),
    }
    result = Assessment(
        source=doc.source if doc else "",
        company=profile.company.name,
        sector=profile.company.sector.value,
        as_of=profile.as_of.isoformat(),
        versions=versions,
        score=total,
        band=band(total.value),
        findings=tuple(findings),
        materials=materials,
        company_facts=subjects[0].facts,
        stale=_stale(profile, ref, stale_days),
        suppliers=tuple(_supplier_summaries(subjects, profile, doc)),
        evaluated=tuple(
            (rule.id, s.key) for rule in ruleset.rules for s in subjects if s.scope == rule.scope
        ),
    )
    if not recommend:
        return result
    from advisor.recommend import recommendations

    recs = recommendations(profile, ruleset, ref, result)
    return Assessment(**{**result.__dict__, "recommendations": tuple(recs)})


def _supplier_summaries(
    subjects: Sequence[Subject], profile: Profile, doc: Document | None
) -> list[SupplierSummary]:
    """Each supplier of each material, in profile order, with the line it starts on."""
    keyed = {s.key: s for s in subjects if s.scope == "supplier"}
    out = []
    for material in profile.materials:
        for s in material.suppliers:
            contract = s.contract
            out.append(
                SupplierSummary(
                    material=material.id,
                    id=s.id,
                    name=s.name,
                    country=s.country,
                    mining_countries=tuple(s.mining_countries),
                    processing_countries=tuple(s.processing_countries),
                    share=float(s.share),
                    qualified=bool(s.qualified),
                    contract_type=contract.type.value if contract else "none",
                    dual_source_clause=bool(contract and contract.dual_source_clause),
                    price_basis=contract.price_basis.value if contract else "spot",
                    contract_end=contract.end.isoformat() if contract and contract.end else None,
                    location=locate(doc, keyed[f"{material.id}/{s.id}"], {}),
                )
            )
    return out


def _stale(profile: Profile, ref: Reference, days: int) -> tuple[str, ...]:
    """Stale-data notes for the minerals this profile buys, each once."""
    notes: list[str] = []
    for mineral in dict.fromkeys(m.mineral.value for m in profile.materials):
        if mineral == "other":
            continue
        for note in ref.stale(profile.as_of, days, mineral):
            if note not in notes:
                notes.append(note)
    return tuple(notes)


def _summaries(
    subjects: Sequence[Subject],
    findings: Sequence[Finding],
    scores: Mapping[str, float],
    doc: Document | None,
) -> list[MaterialSummary]:
    out = []
    for s in subjects:
        if s.scope != "material":
            continue
        mine = [f for f in findings if f.material == s.key]
        value = scores.get(s.key, 0.0)
        out.append(
            MaterialSummary(
                id=s.key,
                mineral=str(s.facts["mineral"]),
                criticality=str(s.facts["criticality"]),
                score=value,
                band=band(value),
                findings=len(mine),
                top_finding=mine[0].title if mine else None,
                facts={k: v for k, v in s.facts.items() if k in _MATERIAL_FACTS},
                location=locate(doc, s, {}),
            )
        )
    return out


def _material_fact_names() -> frozenset[str]:
    from advisor.factspec import CATALOGUE

    return frozenset(n for n, spec in CATALOGUE.items() if spec.scope == "material")


_MATERIAL_FACTS = _material_fact_names()
