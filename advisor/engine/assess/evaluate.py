"""Rules on facts: every rule on every subject of its scope, each verdict a scored Finding.

Pure: no I/O, no clock. A finding points at the profile line of the first located fact it read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from advisor.engine.assess.exposure import LICENCE_DAYS
from advisor.engine.assess.facts import Subject
from advisor.engine.assess.model import Finding, Location
from advisor.engine.assess.scoring import (
    Score,
    company_score,
    finding_score,
    severity_rank,
    subject_score,
)
from advisor.rules.catalogue import CATALOGUE

if TYPE_CHECKING:
    from advisor.rules.models import Rule
    from advisor.rules.packs import RuleSet
    from advisor.yaml.document import Document


def locate(doc: Document | None, subject: Subject, evidence: Mapping[str, Any]) -> Location:
    """The profile line a finding concerns: the field behind its first located fact (for the
    company, the most specific field its facts come from, or the nearest written parent)."""
    base = subject.path
    path = base
    if doc is not None and subject.scope == "company":
        path = _company_field(doc, evidence) or base
    elif doc is not None:
        for name in evidence:
            spec = CATALOGUE.get(name)
            rel = spec.at if spec is not None else ()
            if rel and (*base, *rel) in doc.locs:
                path = (*base, *rel)
                break
    if doc is None:
        return Location("", 0, 0, _dotted(path))
    line, col = doc.loc(path)
    return Location(doc.source, line, col, _dotted(path))


def _company_field(doc: Document, evidence: Mapping[str, Any]) -> tuple[str | int, ...] | None:
    """The deepest written field behind the company facts in *evidence*; where none is
    written, the nearest written parent of the first; None if there is none."""
    specs = [CATALOGUE.get(name) for name in evidence]
    fields = [s.at for s in specs if s is not None and s.scope == "company" and s.at]
    written = [f for f in fields if f in doc.locs]
    if written:
        return max(written, key=len)  # the first of the deepest: the field it is about
    for field in fields:
        for end in range(len(field) - 1, 0, -1):
            if field[:end] in doc.locs:
                return field[:end]
    return None


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
            if subject.scope != rule.scope or skipped(rule, subject):
                continue
            outcome = evaluate_rule(rule, subject.facts, text=text)
            if outcome.status == "passed":
                continue
            findings.append(_finding(rule, subject, outcome, doc))
    findings.sort(key=lambda f: f.sort_key)
    return findings


def skipped(rule: Rule, subject: Subject) -> bool:
    """True for a rule of another jurisdiction that is not evaluated for this company."""
    j = rule.jurisdiction
    return j.elsewhere == "skip" and not _applies(rule, subject)


def _applies(rule: Rule, subject: Subject) -> bool:
    return rule.jurisdiction.applies(subject.facts.get("headquarters"), subject.facts.get("sector"))


def jurisdiction_note(rule: Rule, subject: Subject) -> str | None:
    """For a rule shown for information only: whose it is and whom it applies to (another
    jurisdiction's rule, or a region-wide target that binds no single company)."""
    j = rule.jurisdiction
    if j.kind == "target":
        return (
            f"informational: {j.owner} is a target for {j.region or 'a region'} as a whole, "
            "not a rule for one company"
        )
    if _applies(rule, subject):
        return None
    return f"informational: {j.owner} is a {j.kind} for {j.reach()}"


#: The facts every finding reads besides its rule's: whose rule applies (jurisdiction), how
#: critical the material is (the score) and the company's action window (urgency).
FINDING_READS = ("headquarters", "sector", "criticality", "action_window_days")


def depends_on(rule: Rule) -> tuple[str, ...]:
    """Every fact a finding of *rule* depends on: what the rule reads (condition, templates,
    exposure, gap), its deadline and :data:`FINDING_READS`."""
    deadline = (rule.deadline,) if rule.deadline else ()
    mitigation = (rule.mitigation,) if rule.mitigation else ()
    return tuple(dict.fromkeys((*rule.reads, *deadline, *mitigation, *FINDING_READS)))


def scope_reads(ruleset: RuleSet, scope: str) -> frozenset[str]:
    """Every fact a finding of a rule of *scope* depends on (:func:`depends_on`)."""
    return frozenset(name for r in ruleset.rules if r.scope == scope for name in depends_on(r))


def urgency(rule: Rule, facts: Mapping[str, Any], status: str) -> tuple[float | None, bool]:
    """Days left before the finding's deadline, and whether that falls within the company's
    cover, its longest lead time or one licence cycle (docs/scoring.md, ranking)."""
    if rule.deadline is None or status != "fired":
        return None, False
    days = facts.get(rule.deadline)
    if not isinstance(days, (int, float)) or isinstance(days, bool):
        return None, False
    window = facts.get("action_window_days")
    reach = max(float(window) if isinstance(window, (int, float)) else 0.0, LICENCE_DAYS)
    return float(days), float(days) <= reach


def _finding(rule: Rule, subject: Subject, outcome: Any, doc: Document | None) -> Finding:
    missing = outcome.status == "missing"
    note = jurisdiction_note(rule, subject)
    mitigation = _mitigation(rule, subject.facts) if not missing else None
    severity, score = _scored(rule, subject, outcome, note, mitigation)
    deadline, urgent = urgency(rule, subject.facts, outcome.status)
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        title=rule.title,
        category=rule.category,
        severity=severity,
        scope=rule.scope,
        subject=subject.key,
        material=subject.material,
        supplier=subject.supplier,
        status=outcome.status,
        message=_missing_message(rule, subject, outcome) if missing else outcome.message,
        # information only (another jurisdiction's rule, a region-wide target): no action
        recommendation="" if note is not None else outcome.recommendation,
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
        cause=rule.cause,
        note=note,
        deadline_days=deadline,
        urgent=urgent,
        mitigation=mitigation or None,
    )


def _scored(
    rule: Rule, subject: Subject, outcome: Any, note: str | None, mitigation: str | None
) -> tuple[str, Score]:
    """The finding's severity (info for another jurisdiction's rule, at most medium when its
    consequence is covered) and its score."""
    missing = outcome.status == "missing"
    severity: str = "info" if note is not None else rule.severity
    capped = None
    if mitigation and severity_rank(severity) > severity_rank(MITIGATED_CAP):
        capped, severity = severity, MITIGATED_CAP
    criticality = subject.facts.get("criticality") if subject.scope != "company" else None
    exposure_fact = getattr(rule, "exposure", None)
    basis = "whole material" if subject.scope != "company" else "company-wide"
    if missing:
        basis = "data missing: taken as the whole material"
    elif exposure_fact and outcome.evidence.get(exposure_fact) is not None:
        basis = f"{exposure_fact}"
    score = finding_score(
        severity,
        1.0 if missing else outcome.exposure,
        criticality,
        outcome.gap,
        missing=missing,
        exposure_basis=basis,
        informational=note is not None,
        capped_from=capped,
        mitigation=mitigation or "",
    )
    return severity, score


#: The highest severity of a finding whose consequence is covered (docs/scoring.md §3).
MITIGATED_CAP = "medium"


def _mitigation(rule: Rule, facts: Mapping[str, Any]) -> str | None:
    """How the finding's consequence is covered, in words, or None (the rule names no
    mitigation, or its fact is empty or unknown)."""
    if rule.mitigation is None:
        return None
    value = facts.get(rule.mitigation)
    return value if isinstance(value, str) and value else None


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
    """The company score and each material's score (docs/scoring.md §4)."""
    per_material: dict[str, list[tuple[str, float]]] = {
        s.key: [] for s in subjects if s.scope == "material"
    }
    company: list[tuple[str, float]] = []
    for f in findings:
        pair = (f.cause, f.score.value)
        if f.material is None:
            company.append(pair)
        else:
            per_material.setdefault(f.material, []).append(pair)
    material_scores = {m: subject_score(v) for m, v in per_material.items()}
    return company_score(list(material_scores.values()), problem_scores(company)), material_scores


def problem_scores(pairs: Sequence[tuple[str, float]]) -> list[float]:
    """The score of each problem (root cause) among (cause, finding score) pairs."""
    worst: dict[str, float] = {}
    for cause, value in pairs:
        worst[cause] = max(worst.get(cause, 0.0), value)
    return [worst[c] for c in sorted(worst)]
