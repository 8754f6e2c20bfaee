"""From findings to recommendations: group by action, model the action, rank by risk removed.

Several findings often share one action (a second qualified source answers single-source,
country concentration and export-licence exposure at once), so the list a user sees is of
actions. Where an action can be modelled (raise stock to the target, add a second source,
add dual-source clauses, reach a recycling target, claim a tax credit, start a partnership),
the profile is changed accordingly and re-assessed: the score after is what the rules say of
the changed profile. Otherwise the findings the action answers are taken as resolved.
Ranking: risk removed, then horizon (immediate before months before years), then severity.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from advisor.engine.evaluate import evaluate
from advisor.engine.facts import Subject, company_facts, material_subjects
from advisor.engine.model import Assessment, Finding, Recommendation
from advisor.engine.scoring import aggregate, company_score, severity_rank
from advisor.profile.model import (
    Contract,
    ContractType,
    Inventory,
    Material,
    Mineral,
    Partnership,
    PriceBasis,
    Profile,
    Recycling,
    Supplier,
)

if TYPE_CHECKING:
    from advisor.reference.load import Reference
    from advisor.rules.packs import RuleSet

HORIZONS = ("immediate", "months", "years")
#: Share a modelled second source takes over from the largest supplier.
SECOND_SOURCE_SHARE = 0.3
#: Recycled share a modelled recycling action reaches (the CRMA 2030 benchmark).
RECYCLING_TARGET = 0.25
#: In-house recovery rate a modelled recycling programme reaches (the article's tip: > 15%).
RECOVERY_TARGET = 0.2
#: Countries tried, in order, for a modelled second source outside the current supply chain.
SECOND_SOURCE_COUNTRIES = ("AU", "CA", "US", "JP", "FR", "SE", "BR", "IN")
MISSING_ACTION = "complete-profile"
#: Stock target used when the company has no stockpile policy (the article's 90 days).
DEFAULT_STOCK_DAYS = 90


Model = Callable[[Profile, int | None, Sequence["Finding"]], tuple[Profile, str]]


def recommendations(
    profile: Profile, ruleset: RuleSet, ref: Reference, result: Assessment
) -> list[Recommendation]:
    """The ranked recommendations for an assessment."""
    base = Baseline.of(profile, ruleset, ref, result)
    groups: dict[tuple[str, str | None], list[Finding]] = {}
    for f in result.findings:
        groups.setdefault((_group(f, ruleset), f.material), []).append(f)
    drafts = [
        _draft(base, fs[0].action if key[0] != MISSING_ACTION else MISSING_ACTION, key[1], fs)
        for key, fs in groups.items()
    ]
    drafts.sort(key=_rank_key)
    return [_with_rank(d, i + 1) for i, d in enumerate(drafts)]


def _group(finding: Finding, ruleset: RuleSet) -> str:
    """Findings whose actions apply the same modelled change are answered by one action."""
    if finding.status == "missing":
        return MISSING_ACTION
    action = ruleset.actions.get(finding.action)
    return f"model:{action.model}" if action is not None and action.model else finding.action


def _rank_key(r: Recommendation) -> tuple[Any, ...]:
    return (-r.risk_removed, HORIZONS.index(r.horizon), -severity_rank(r.severity),
            r.action, r.material or "")  # fmt: skip


def _with_rank(r: Recommendation, rank: int) -> Recommendation:
    return Recommendation(**{**r.__dict__, "rank": rank})


def _describe(
    base: Baseline, action_key: str, findings: list[Finding]
) -> tuple[str, str, str | None, str]:
    """Title, horizon, model name and text of an action."""
    if action_key == MISSING_ACTION:
        from advisor.rules.catalogue import profile_field

        fields = sorted({profile_field(m) for f in findings for m in f.missing})
        text = f"Give these in the profile so that every rule can be checked: {', '.join(fields)}."
        return "Complete the profile", "immediate", None, text
    action = base.ruleset.actions.get(action_key)
    if action is None:
        return action_key, "months", None, findings[0].recommendation
    return action.title, action.horizon, action.model, findings[0].recommendation


def _draft(
    base: Baseline, action_key: str, material: str | None, findings: list[Finding]
) -> Recommendation:
    title, horizon, model_name, text = _describe(base, action_key, findings)
    model = MODELS.get(model_name or "")
    index = base.index.get(material) if material is not None else None
    if model is not None and (material is None or index is not None):
        changed, note = model(base.profile, index, findings)
        after, after_points = base.after(_reassess(base, changed, index, model_name or ""))
        modelled = True
    else:
        answered = {id(f) for f in findings}
        touched = {f.material for f in findings}
        replaced = {
            key: [f for f in base.by_material.get(key, []) if id(f) not in answered]
            for key in touched
        }
        after, after_points = base.after(replaced)
        note = "findings taken as resolved"
        modelled = False
    before, points = base.result.score.value, base.points
    return Recommendation(
        rank=0,
        action=action_key,
        title=title,
        horizon=horizon if horizon in HORIZONS else "months",
        material=material,
        severity=max((f.severity for f in findings), key=severity_rank),
        text=text,
        findings=tuple(f"{f.rule_id} {f.subject}" for f in findings),
        actions=tuple(sorted({f.action for f in findings})),
        why=tuple(f.message for f in findings),
        location=findings[0].location,
        score_before=before,
        score_after=min(before, after),
        points_before=points,
        points_after=round(min(points, after_points), 2),
        modelled=modelled,
        model_note=note,
    )


def risk_points(findings: Iterable[Finding]) -> float:
    """The sum of the finding scores: the additive measure recommendations are ranked by."""
    return round(sum(f.score.value for f in findings), 2)


Replaced = dict[str | None, list["Finding"]]


@dataclass(frozen=True)
class Baseline:
    """The assessment a recommendation changes, indexed once so each what-if costs only what
    it touches: findings by material (None for company findings), material scores, points."""

    profile: Profile
    ruleset: RuleSet
    ref: Reference
    result: Assessment
    index: Mapping[str, int]
    by_material: Mapping[str | None, list[Finding]]
    scores: Mapping[str, float]
    points: float

    @classmethod
    def of(cls, profile: Profile, ruleset: RuleSet, ref: Reference, result: Assessment) -> Baseline:
        """Index *result* once."""
        by_material: dict[str | None, list[Finding]] = {}
        for f in result.findings:
            by_material.setdefault(f.material, []).append(f)
        return cls(
            profile, ruleset, ref, result,
            index={m.id: i for i, m in enumerate(profile.materials)},
            by_material=by_material,
            scores={m.id: m.score for m in result.materials},
            points=risk_points(result.findings),
        )  # fmt: skip

    def after(self, replaced: Replaced) -> tuple[float, float]:
        """Company score and risk points when the findings of some keys are replaced."""

        scores = dict(self.scores)
        company = self.by_material.get(None, [])
        points = self.points
        for key, new in replaced.items():
            points += risk_points(new) - risk_points(self.by_material.get(key, []))
            if key is None:
                company = new
            else:
                scores[key] = aggregate(f.score.value for f in new)
        total = company_score(list(scores.values()), [f.score.value for f in company])
        return total.value, round(points, 2)


def _reassess(base: Baseline, changed: Profile, index: int | None, model: str) -> Replaced:
    """The new findings of what the change can reach, by material (None: the company).

    A model that changes one material's own fields re-evaluates that material; a research
    partnership on one mineral re-evaluates the company and the materials of that mineral;
    anything else re-evaluates everything. Recommending stays linear in the profile's size.
    """

    reach = MODEL_REACH.get(model, "all") if index is not None else "all"
    company = company_facts(changed)
    if reach == "material" and index is not None:
        touched = [index]
    elif reach == "mineral" and index is not None:
        mineral = changed.materials[index].mineral
        touched = [i for i, m in enumerate(changed.materials) if m.mineral == mineral]
    else:
        touched = list(range(len(changed.materials)))
    subjects = [s for i in touched for s in material_subjects(changed, i, base.ref, company)]
    replaced: Replaced = {changed.materials[i].id: [] for i in touched}
    if reach != "material":
        subjects.insert(0, Subject("company", "company", ("company",), company))
        replaced[None] = []
    for f in evaluate(subjects, base.ruleset, text=False):
        replaced[f.material].append(f)
    return replaced


# -- modelled actions ----------------------------------------------------------------------


def _replace_material(profile: Profile, index: int, material: Material) -> Profile:
    materials = list(profile.materials)
    materials[index] = material
    return profile.model_copy(update={"materials": materials})


def _raise_stock(
    profile: Profile, index: int | None, findings: Sequence[Finding] = ()
) -> tuple[Profile, str]:
    assert index is not None
    material = profile.materials[index]
    target = stock_target(profile, findings)
    inventory = Inventory(days_of_cover=Decimal(target))
    changed = material.model_copy(update={"inventory": inventory})
    return _replace_material(profile, index, changed), f"stock raised to {target} days of cover"


def stock_target(profile: Profile, findings: Sequence[Finding]) -> int:
    """Days of cover that answer every stock finding: the policy, the rules' targets, TTR."""
    policy = profile.programmes.stockpile
    targets = [policy.target_days if policy is not None else DEFAULT_STOCK_DAYS]
    for f in findings:
        for name in ("stock_target_days", "target_days", "licence_delay_days"):
            value = f.evidence.get(name, f.parameters.get(name))
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                targets.append(math.ceil(value))
        recover, share = (
            f.evidence.get("time_to_recover_days"),
            f.evidence.get("top_supplier_share"),
        )
        if isinstance(recover, (int, float)) and isinstance(share, (int, float)):
            targets.append(math.ceil(recover * share))
    return max(targets)


def _second_source(
    profile: Profile, index: int | None, findings: Sequence[Finding] = ()
) -> tuple[Profile, str]:
    assert index is not None
    material = profile.materials[index]
    used = {c for s in material.suppliers for c in
            (s.country, *s.mining_countries, *s.processing_countries)}  # fmt: skip
    country = next((c for c in SECOND_SOURCE_COUNTRIES if c not in used), "AU")
    suppliers = list(material.suppliers)
    if suppliers:
        top = max(range(len(suppliers)), key=lambda i: suppliers[i].share)
        moved = min(SECOND_SOURCE_SHARE, suppliers[top].share)
        suppliers[top] = suppliers[top].model_copy(update={"share": suppliers[top].share - moved})
        qualification = suppliers[top].qualification_days
    else:
        moved, qualification = SECOND_SOURCE_SHARE, None
    new = Supplier(
        id="modelled-second-source",
        name="Modelled second source",
        country=country,
        mining_countries=[country],
        processing_countries=[country],
        share=moved,
        qualified=True,
        qualification_days=qualification,
        contract=Contract(
            type=ContractType.long_term, dual_source_clause=True, price_basis=PriceBasis.fixed
        ),
    )
    suppliers.append(new)
    changed = material.model_copy(update={"suppliers": suppliers})
    note = f"a qualified source in {country} takes {moved:.0%} of volume, dual-source clause"
    return _replace_material(profile, index, changed), note


def _dual_source(
    profile: Profile, index: int | None, findings: Sequence[Finding] = ()
) -> tuple[Profile, str]:
    assert index is not None
    material = profile.materials[index]
    suppliers = []
    for s in material.suppliers:
        contract = s.contract or Contract(type=ContractType.framework)
        suppliers.append(
            s.model_copy(
                update={"contract": contract.model_copy(update={"dual_source_clause": True})}
            )
        )
    changed = material.model_copy(update={"suppliers": suppliers})
    return _replace_material(profile, index, changed), "dual-source clause in every contract"


def _recycled(
    profile: Profile, index: int | None, findings: Sequence[Finding] = ()
) -> tuple[Profile, str]:
    if index is None:
        return _recovery(profile, None, findings)
    material = profile.materials[index]
    share = max(material.recycled_share or 0.0, RECYCLING_TARGET)
    changed = material.model_copy(update={"recycled_share": share})
    return _replace_material(profile, index, changed), f"recycled share raised to {share:.0%}"


def _recovery(
    profile: Profile, index: int | None, findings: Sequence[Finding] = ()
) -> tuple[Profile, str]:

    prog = profile.programmes
    current = prog.recycling or Recycling(in_house_recovery_rate=0.0)
    rate = max(current.in_house_recovery_rate, RECOVERY_TARGET)
    recycling = current.model_copy(update={"in_house_recovery_rate": rate})
    programmes = prog.model_copy(update={"recycling": recycling})
    note = f"in-house recovery raised to {rate:.0%}"
    return profile.model_copy(update={"programmes": programmes}), note


def _tax_credit(
    profile: Profile, index: int | None, findings: Sequence[Finding] = ()
) -> tuple[Profile, str]:
    prog = profile.programmes
    if prog.recycling is None:
        return profile, "no recycling programme to claim for"
    recycling = prog.recycling.model_copy(update={"tax_credit_claimed": True})
    programmes = prog.model_copy(update={"recycling": recycling})
    return profile.model_copy(update={"programmes": programmes}), "tax credit claimed"


def _partnership(
    profile: Profile, index: int | None, findings: Sequence[Finding] = ()
) -> tuple[Profile, str]:
    minerals: Sequence[Mineral] = (
        [profile.materials[index].mineral] if index is not None
        else sorted({m.mineral for m in profile.materials}, key=str)
    )  # fmt: skip
    new = Partnership(
        partner="Modelled research partner",
        topic="rare-earth-free magnet chemistry",
        minerals=list(minerals),
        alternative_chemistry=True,
    )
    prog = profile.programmes
    programmes = prog.model_copy(
        update={"research_partnerships": [*prog.research_partnerships, new]}
    )
    return profile.model_copy(update={"programmes": programmes}), "research partnership started"


#: What a model's change can reach: the material's own fields, every material of its mineral
#: and the company (a partnership), or everything.
MODEL_REACH = {
    "raise_stock_to_target": "material",
    "add_second_source": "material",
    "add_dual_source_clause": "material",
    "reach_recycling_target": "material",
    "partner_on_alternatives": "mineral",
}

MODELS: dict[str, Model] = {
    "raise_stock_to_target": _raise_stock,
    "add_second_source": _second_source,
    "add_dual_source_clause": _dual_source,
    "reach_recycling_target": _recycled,
    "raise_recovery_rate": _recovery,
    "claim_tax_credit": _tax_credit,
    "partner_on_alternatives": _partnership,
}
