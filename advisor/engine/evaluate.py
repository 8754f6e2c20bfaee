"""Rules on facts: every rule on every subject of its scope, each verdict a scored Finding.

Pure: no I/O, no clock. A finding points at the profile line of the first located fact it read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from advisor.engine.facts import FACT_FIELDS, Subject
from advisor.engine.model import Finding, Location
from advisor.engine.scoring import Score, aggregate, company_score, finding_score

if TYPE_CHECKING:
    from advisor.rules.models import Rule
    from advisor.rules.packs import RuleSet
    from advisor.yaml.document import Document


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
    from advisor.yaml.loader import dotted

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
    from advisor.rules.evaluate import evaluate as evaluate_rule

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
        location=(
            _missing_location(doc, subject, outcome.missing)
            if missing
            else locate(doc, subject, outcome.evidence)
        ),
    )


def _missing_message(rule: Rule, subject: Subject, outcome: Any) -> str:
    from advisor.rules.catalogue import profile_field

    names: list[str] = []
    for fact in outcome.missing:
        paths = subject.unknown_fields.get(fact)
        names += [_dotted(p) for p in paths] if paths else [profile_field(fact)]
    fields = ", ".join(dict.fromkeys(names))
    return f"{subject.key}: cannot check '{rule.title}': the profile does not give {fields}"


def _missing_location(doc: Document | None, subject: Subject, missing: Sequence[str]) -> Location:
    """Where a missing-data finding points: the first field to fill (or its nearest enclosing
    field in the profile), else the field behind the first missing fact."""
    for fact in missing:
        for path in subject.unknown_fields.get(fact, ()):
            if doc is None:
                return Location("", 0, 0, _dotted(path))
            line, col = doc.loc(path)
            return Location(doc.source, line, col, _dotted(path))
    return locate(doc, subject, {m: None for m in missing})


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
