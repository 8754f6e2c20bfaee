"""facts → findings → scored Assessment for one profile, before any recommendation (the advise
stage adds those: :mod:`advisor.engine.pipeline`). Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.engine.assess.evaluate import evaluate, locate, scope_reads, score_findings, skipped
from advisor.engine.assess.facts import Subject, derive
from advisor.engine.assess.model import (
    Assessment,
    Assumption,
    Finding,
    MaterialSummary,
    Planning,
    RulesRun,
    SupplierSummary,
)
from advisor.engine.assess.scoring import band
from advisor.engine.assess.smelters import evidence, smelter_keys
from advisor.engine.assess.smelters import with_smelter_countries as smelted
from advisor.engine.assess.stories import stories
from advisor.errors import UsageError

if TYPE_CHECKING:
    from advisor.profile.model import Profile
    from advisor.reference.load import Reference
    from advisor.rules.packs import RuleSet
    from advisor.yaml.document import Document


#: Reference data older than this many days before the profile's as_of date is flagged.
STALE_DAYS = 730


def assess(
    profile: Profile,
    ruleset: RuleSet,
    ref: Reference,
    doc: Document | None = None,
    *,
    stale_days: int = STALE_DAYS,
) -> tuple[Assessment, list[Subject]]:
    """Facts, findings and scores for one profile, and the subjects they were made from (the
    advise stage models its what-ifs on them). A supplier's declared smelters decide its
    processing countries."""
    subjects = derive(profile := smelted(profile), ref, scope_reads(ruleset, "supplier"))
    findings = evaluate(subjects, ruleset, doc)
    total, material_scores = score_findings(subjects, findings)
    result = Assessment(
        source=doc.source if doc else "",
        company=profile.company.name,
        sector=profile.company.sector.value,
        as_of=profile.as_of.isoformat(),
        versions=_versions(ruleset, ref),
        score=total,
        band=band(total.value),
        findings=tuple(findings),
        materials=tuple(_summaries(subjects, findings, material_scores, doc)),
        company_facts=subjects[0].facts,
        stale=_stale(profile, ref, stale_days),
        suppliers=tuple(_supplier_summaries(subjects, profile, doc)),
        stories=tuple(
            stories(findings, {s.key: s.facts for s in subjects if s.scope == "material"})
        ),
        evaluated=tuple(
            (rule.id, s.key)
            for rule in ruleset.rules
            for s in subjects
            if s.scope == rule.scope and not skipped(rule, s)
        ),
        assumptions=assumptions(subjects),
        planning=Planning(ref.plan, ref.plan_chosen),
        rules_run=rules_run(ruleset),
    )
    return result, subjects


def require_rules(ruleset: RuleSet) -> None:
    """UsageError if no rule is active: a run without rules would call every profile clean."""
    if ruleset.rules:
        return
    raise UsageError(
        f"no rule is active ({rules_run(ruleset).text()}); an assessment without rules would "
        "call every profile clean: load the built-in rules or a pack that defines some, and "
        "disable fewer"
    )


def _versions(ruleset: RuleSet, ref: Reference) -> dict[str, str]:
    return {
        "advisor": __version__,
        "rules": ", ".join(f"{p.name} v{p.version}" for p in ruleset.packs),
        "reference_data": ref.describe(),
        "reference_data_as_of": ref.compiled.isoformat(),
    }


def rules_run(ruleset: RuleSet) -> RulesRun:
    """Which rules of *ruleset* run: active out of built-in, and what was disabled by whom."""
    return RulesRun(
        active=len(ruleset.rules),
        active_builtin=ruleset.active_builtin,
        builtin=ruleset.builtin_total,
        builtin_loaded=bool(ruleset.builtin_ids),
        disabled=tuple(sorted(ruleset.disabled.items())),
        changed=ruleset.changed,
        origins=tuple(sorted((p.name, o) for p in ruleset.packs if (o := ruleset.origin(p.name)))),
        settings=ruleset.settings,
    )


def assumptions(subjects: Sequence[Subject]) -> tuple[Assumption, ...]:
    """Every assumed export-control status the material facts rely on, once, with the
    materials that rely on it, in control-id order."""
    found: dict[str, tuple[Any, list[str]]] = {}
    for s in subjects:
        for c in s.assumptions:
            found.setdefault(c.id, (c, []))[1].append(s.key)
    return tuple(
        Assumption(
            c.id,
            c.measure,
            c.country,
            c.status,
            c.since.isoformat() if c.since else "",
            c.assumption or "",
            c.basis,
            tuple(materials),
        )
        for c, materials in (found[k] for k in sorted(found))
    )


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
                    evidence=evidence(s),
                    smelters=smelter_keys(s),
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
    by_material: dict[str | None, list[Finding]] = {}
    for f in findings:
        by_material.setdefault(f.material, []).append(f)
    for s in subjects:
        if s.scope != "material":
            continue
        mine = by_material.get(s.key, [])
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
    from advisor.rules.catalogue import CATALOGUE

    return frozenset(n for n, spec in CATALOGUE.items() if spec.scope == "material")


_MATERIAL_FACTS = _material_fact_names()
