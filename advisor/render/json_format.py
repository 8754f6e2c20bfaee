"""JSON: everything an assessment holds, for other programs.

The shape is documented by the JSON Schema shipped in the package
(``advisor/schemas/assessment.schema.json``, draft 2020-12) and versioned by the top-level
``schema_version``: a new optional key raises the minor version, anything that can break a
reader raises the major version. Keys come in a fixed order (free-form maps such as facts and
evidence are sorted), numbers are rounded to 6 places, and there is no timestamp unless
``--timestamp`` gives one, so the same input gives byte-identical output. See docs/formats.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.render._common import number, plain
from advisor.render._json import dumps, rules_run

if TYPE_CHECKING:
    from advisor.engine.assess.model import (
        Assessment,
        Finding,
        Location,
        MaterialSummary,
        Recommendation,
        Story,
        SupplierSummary,
    )
    from advisor.engine.assess.scoring import Score
    from advisor.render import Options

#: Version of the document shape; see advisor/schemas/assessment.schema.json.
SCHEMA_VERSION = "1.6"
#: The ``$id`` of the shipped schema (``advisor/schemas/assessment.schema.json``): a name,
#: not a URL, so that a report never points at a place that may not exist.
SCHEMA_ID = "urn:advisor:assessment:v1"


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """One JSON document with every assessment, indented by two spaces, ending in a newline."""
    return dumps(document(assessments, options)) + "\n"


def document(assessments: Sequence[Assessment], options: Options) -> dict[str, Any]:
    """The report as plain data, in the documented key order."""
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "advisor", "version": __version__},
        "timestamp": options.timestamp,
        "assessments": [_assessment(a, options) for a in assessments],
        **_run(options),
    }


def _run(options: Options) -> dict[str, Any]:
    """A check's errors and notices, only when there are some (schema 1.1)."""
    out: dict[str, Any] = {}
    if options.errors:
        out["errors"] = [
            {"file": options.path(p.file), "line": p.line, "column": p.col, "field": p.field,
             "message": p.message}
            for p in options.errors
        ]  # fmt: skip
    if options.notices:
        out["notices"] = [
            {"level": n.level, "message": n.message, "file": options.path(n.file), "line": n.line}
            for n in options.notices
        ]
    return out


def _assessment(a: Assessment, options: Options) -> dict[str, Any]:
    out = _core(a, options)
    if a.stress_tests:
        from advisor.render.simulate_json import simulation

        out["stress_tests"] = [simulation(s, options) for s in a.stress_tests]
    return out


def _core(a: Assessment, options: Options) -> dict[str, Any]:
    return {
        "profile": options.path(a.source),
        "company": a.company,
        "sector": a.sector,
        "as_of": a.as_of,
        "versions": {k: a.versions[k] for k in sorted(a.versions)},
        "score": _score(a.score),
        "band": a.band,
        "counts": a.counts(),
        "findings": [_finding(f, options) for f in a.findings],
        "recommendations": [_recommendation(r, options) for r in a.recommendations],
        "problems": [_problem(p) for p in a.stories],
        "materials": [_material(m, options) for m in a.materials],
        "suppliers": [_supplier(s, options) for s in a.suppliers],
        "company_facts": plain(a.company_facts),
        "evaluated": [{"rule_id": r, "subject": s} for r, s in a.evaluated],
        "rules_run": rules_run(a.rules_run) if a.rules_run is not None else None,
        "stale": list(a.stale),
        "planning_assumption": {"assume": a.planning.assume, "chosen": a.planning.chosen,
                                "text": a.planning.text()},
        "assumptions": [
            {"control": x.control, "measure": x.measure, "country": x.country,
             "assumed_status": x.status, "since": x.since, "assumption": x.text,
             "basis": x.basis, "materials": list(x.materials)}
            for x in a.assumptions
        ],
    }  # fmt: skip


def _score(score: Score) -> dict[str, Any]:
    return {
        "value": number(score.value),
        "formula": score.formula,
        "terms": [
            {"name": t.name, "value": number(t.value), "basis": t.basis} for t in score.terms
        ],
    }


def _location(loc: Location, options: Options) -> dict[str, Any]:
    return {"file": options.path(loc.file), "line": loc.line, "col": loc.col, "field": loc.field}


def _finding(f: Finding, options: Options) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "rule_name": f.rule_name,
        "title": f.title,
        "category": f.category,
        "severity": f.severity,
        "scope": f.scope,
        "subject": f.subject,
        "material": f.material,
        "supplier": f.supplier,
        "status": f.status,
        "message": f.message,
        "recommendation": f.recommendation,
        "action": f.action,
        "evidence": plain(f.evidence),
        "parameters": plain(f.parameters),
        "missing": list(f.missing),
        "score": _score(f.score),
        "location": _location(f.location, options),
        "cause": f.cause,
        "note": f.note,
        "deadline_days": None if f.deadline_days is None else number(f.deadline_days),
        "urgent": f.urgent,
        "mitigation": f.mitigation,
        **_gate(f),
    }


def _gate(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if f.suppression is not None:
        s = f.suppression
        out["suppression"] = {"kind": s.kind, "reason": s.reason, "until": s.until,
                              "owner": s.owner, "where": s.where}  # fmt: skip
    if f.baseline is not None:
        out["baseline"] = f.baseline
    return out


def _recommendation(r: Recommendation, options: Options) -> dict[str, Any]:
    return {
        "rank": r.rank,
        "action": r.action,
        "title": r.title,
        "horizon": r.horizon,
        "material": r.material,
        "severity": r.severity,
        "text": r.text,
        "findings": list(r.findings),
        "actions": list(r.actions),
        "why": list(r.why),
        "location": _location(r.location, options),
        "score_before": number(r.score_before),
        "score_after": number(r.score_after),
        "points_before": number(r.points_before),
        "points_after": number(r.points_after),
        "risk_removed": number(r.risk_removed),
        "modelled": r.modelled,
        "model_note": r.model_note,
        "tier": r.tier,
        "deadline_days": None if r.deadline_days is None else number(r.deadline_days),
        "score_removed": number(r.score_removed),
        "score_points": number(r.score_points),
        "material_before": None if r.material_before is None else number(r.material_before),
        "material_after": None if r.material_after is None else number(r.material_after),
        "problems": list(r.stories),
        "candidates": list(r.candidates),
        "materials": list(r.materials),
        "material_scores": [
            {"material": m, "before": number(before), "after": number(after)}
            for m, before, after in r.material_scores
        ],
        "held_by": r.held_by,
        "still_set_by": r.still_set_by,
        "takes_days": r.takes_days,
        "window": r.window,
        "cost": None if r.cost is None else number(r.cost),
        "cost_currency": r.cost_currency,
        "cost_text": r.cost_text,
        "completes": list(r.completes),
        "completed_findings": list(r.completed_findings),
    }


def _problem(p: Story) -> dict[str, Any]:
    return {
        "key": p.key,
        "material": p.material,
        "cause": p.cause,
        "label": p.label,
        "summary": p.summary,
        "severity": p.severity,
        "score": number(p.score),
        "findings": list(p.findings),
        "counted": p.counted,
        "urgent_days": None if p.urgent_days is None else number(p.urgent_days),
    }


def _material(m: MaterialSummary, options: Options) -> dict[str, Any]:
    return {
        "id": m.id,
        "mineral": m.mineral,
        "criticality": m.criticality,
        "score": number(m.score),
        "band": m.band,
        "findings": m.findings,
        "top_finding": m.top_finding,
        "facts": plain(m.facts),
        "location": _location(m.location, options),
    }


def _supplier(s: SupplierSummary, options: Options) -> dict[str, Any]:
    return {
        "material": s.material,
        "id": s.id,
        "name": s.name,
        "country": s.country,
        "mining_countries": list(s.mining_countries),
        "processing_countries": list(s.processing_countries),
        "share": number(s.share),
        "qualified": s.qualified,
        "contract_type": s.contract_type,
        "dual_source_clause": s.dual_source_clause,
        "price_basis": s.price_basis,
        "contract_end": s.contract_end,
        "location": _location(s.location, options),
    }
