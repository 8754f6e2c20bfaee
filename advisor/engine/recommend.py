"""From findings to recommendations: group by action, model the action, rank as an expert would.

Several findings often share one action (a second qualified source answers single-source,
country concentration and processing findings at once), so the list a user sees is of
actions, and each action appears once: findings whose actions apply the same modelled change
are one recommendation, and a research partnership is one company-wide recommendation. Where
an action can be modelled (:mod:`advisor.engine.whatif`), the profile is changed and only what
the change can reach is assessed again; otherwise the findings it answers are taken as
resolved. Ranking (docs/scoring.md §5): urgent actions first, soonest deadline first; then
structural fixes by the company score they remove; long-horizon options last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from advisor.engine.evaluate import evaluate, problem_scores
from advisor.engine.facts import Subject, company_facts, material_subjects
from advisor.engine.model import Assessment, Finding, Recommendation
from advisor.engine.scoring import aggregate, severity_rank, spread, subject_score
from advisor.engine.stories import story_key
from advisor.engine.whatif import MODELS, REACH, Change, apply, no_candidate_text
from advisor.profile.model import Profile
from advisor.reference.producers import Producers, load_producers

if TYPE_CHECKING:
    from advisor.reference.load import Reference
    from advisor.rules.models import Action
    from advisor.rules.packs import RuleSet

__all__ = ["HORIZONS", "MODELS", "TIERS", "Recommendation", "rank_key", "recommendations",
           "risk_points"]  # fmt: skip

HORIZONS = ("immediate", "months", "years")
#: The ranking tiers, in order: a deadline within the cover, lead time or a licence cycle;
#: structural fixes; long-horizon options (research) that do not help this year's supply.
TIERS = ("urgent", "structural", "long-horizon")
#: Categories whose actions are long-horizon options when their horizon is years: research
#: partnerships and recycling programmes take years and do not help this year's supply.
LONG_HORIZON = frozenset({"research", "recycling"})
MISSING_ACTION = "complete-profile"
#: Models whose change is company-wide: one recommendation for all the findings they answer.
COMPANY_WIDE = frozenset({"partner_on_alternatives"})


def recommendations(
    profile: Profile,
    ruleset: RuleSet,
    ref: Reference,
    result: Assessment,
    producers: Producers | None = None,
) -> list[Recommendation]:
    """The ranked recommendations for an assessment."""
    base = Baseline.of(profile, ruleset, ref, result, producers or load_producers())
    groups: dict[tuple[str, str | None], list[Finding]] = {}
    for f in result.findings:
        groups.setdefault(_group(f, base), []).append(f)
    drafts = [_draft(base, key, found) for key, found in groups.items()]
    drafts.sort(key=rank_key)
    return [replace(d, rank=i + 1) for i, d in enumerate(drafts)]


def model_of(action: Action | None, finding: Finding, facts: Mapping[str, Any]) -> str | None:
    """The model that answers *finding*: its action's; spreading volume over suppliers is a
    second source when there is no second qualified supplier to spread it to."""
    model = action.model if action is not None else None
    if model == "rebalance_suppliers" and (facts.get("qualified_supplier_count") or 0) < 2:
        return "add_second_source"
    return model


def _group(finding: Finding, base: Baseline) -> tuple[str, str | None]:
    """Findings answered by the same change (for a material) are one recommendation."""
    if finding.status == "missing":
        return MISSING_ACTION, finding.material
    action = base.ruleset.actions.get(finding.action)
    model = model_of(action, finding, base.facts.get(finding.material or "", {}))
    if model in COMPANY_WIDE:
        return f"model:{model}", None
    return (f"model:{model}" if model else finding.action), finding.material


def tier(findings: Iterable[Finding], horizon: str) -> str:
    """urgent if a finding's deadline is near; long-horizon for a years-long research or
    recycling programme; else structural."""
    found = list(findings)
    if any(f.urgent for f in found):
        return "urgent"
    if horizon == "years" and all(f.category in LONG_HORIZON for f in found):
        return "long-horizon"
    return "structural"


def rank_key(r: Recommendation) -> tuple[Any, ...]:
    """Tier; among urgent ones the soonest deadline, then the most exposed material; score
    points removed, then risk points; horizon; severity; then names, so the order is always
    the same."""
    urgent = r.tier == "urgent"
    soonest = r.deadline_days if urgent and r.deadline_days is not None else 0.0
    exposed = -(r.material_before or 0.0) if urgent else 0.0
    return (TIERS.index(r.tier), soonest, exposed, -r.score_points, -r.risk_removed,
            HORIZONS.index(r.horizon), -severity_rank(r.severity),
            r.action, r.material or "")  # fmt: skip


def _describe(base: Baseline, action_key: str, findings: Sequence[Finding]) -> tuple[str, ...]:
    """Title, horizon, model name ("" for none) and text of an action."""
    if action_key == MISSING_ACTION:
        from advisor.rules.catalogue import profile_field

        fields = sorted({profile_field(m) for f in findings for m in f.missing})
        text = f"Give these in the profile so that every rule can be checked: {', '.join(fields)}."
        return "Complete the profile", "immediate", "", text
    action = base.ruleset.actions.get(action_key)
    lead = _lead(findings)
    model = model_of(action, lead, base.facts.get(lead.material or "", {})) or ""
    if action is None:
        return action_key, "months", model, lead.recommendation
    return action.title, action.horizon, model, lead.recommendation


def _lead(findings: Sequence[Finding]) -> Finding:
    """The finding whose words lead: the most urgent, else the highest-ranked."""
    urgent = [f for f in findings if f.urgent and f.deadline_days is not None]
    return min(urgent, key=lambda f: (f.deadline_days, f.sort_key)) if urgent else findings[0]


def _draft(base: Baseline, key: tuple[str, str | None], findings: list[Finding]) -> Recommendation:
    material = key[1]
    action_key = MISSING_ACTION if key[0] == MISSING_ACTION else _lead(findings).action
    title, horizon, model_name, text = _describe(base, action_key, findings)
    index = base.index.get(material) if material is not None else None
    facts = base.facts.get(material or "", {})
    outcome = apply(model_name, base.profile, index, findings, facts, base.producers)
    if outcome is not None:
        replaced = _reassess(base, outcome.profile, index, model_name, findings)
        text, note, candidates = outcome.text or text, outcome.note, outcome.candidates
        if base.after(replaced, material)[3] < 0:  # the known options would not lower the risk
            replaced, note = {}, f"not counted: modelled ({note}), it would not lower the risk"
            outcome = None
    else:
        answered = {id(f) for f in findings}
        replaced = {k: [f for f in base.by_material.get(k, []) if id(f) not in answered]
                    for k in {f.material for f in findings}}  # fmt: skip
        note = "findings taken as resolved"
        if model_name in ("add_second_source", "move_off_covered_nations") and index is not None:
            note = "not modelled: no producer of this stage outside the dominant chain is known"
            text = no_candidate_text(Change(base.profile, index, findings, facts, base.producers))
        candidates = ()
    after, after_points, material_after, removed = base.after(replaced, material)
    level = tier(findings, horizon)
    deadlines = [f.deadline_days for f in findings if f.urgent and f.deadline_days is not None]
    return Recommendation(
        rank=0, action=action_key, title=title,
        horizon="immediate" if level == "urgent" else horizon if horizon in HORIZONS else "months",
        material=material, severity=max((f.severity for f in findings), key=severity_rank),
        text=text, findings=tuple(f"{f.rule_id} {f.subject}" for f in findings),
        actions=tuple(sorted({f.action for f in findings})), why=tuple(f.message for f in findings),
        location=_lead(findings).location, score_before=base.result.score.value,
        score_after=after, points_before=base.points, points_after=after_points,
        modelled=outcome is not None, model_note=note, tier=level,
        deadline_days=min(deadlines) if deadlines else None,
        material_before=base.scores.get(material or "", 0.0) if material else None,
        material_after=material_after, score_points=removed,
        stories=tuple(dict.fromkeys(story_key(f.material, f.cause) for f in findings)),
        candidates=candidates, held_by=base.worst_other(material, material_after),
    )  # fmt: skip


class Memo:
    """The reference data with its answers kept: every what-if asks it the same questions
    (the controls on a mineral on as_of, the world shares), so each is answered once."""

    def __init__(self, ref: Reference) -> None:
        """Wrap *ref*; it does not change during an assessment."""
        self._ref = ref
        self._memo: dict[tuple[Any, ...], Any] = {}

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._ref, name)
        if not callable(attr):
            return attr

        def call(*args: Any) -> Any:
            key = (name, *args)
            try:
                return self._memo[key]
            except KeyError:
                value = self._memo[key] = attr(*args)
                return value
            except TypeError:  # an unhashable argument: ask every time
                return attr(*args)

        return call


def risk_points(findings: Iterable[Finding]) -> float:
    """The sum of the finding scores: the additive tie-break of the ranking."""
    return round(sum(f.score.value for f in findings), 2)


Replaced = dict[str | None, list[Finding]]


def _cents(value: float) -> int:
    return round(value * 100)


@dataclass(frozen=True)
class Baseline:
    """The assessment a recommendation changes, indexed once so that each what-if costs only
    what it touches: findings by material (None: company), material scores and facts, the
    materials by score (for the worst and the sum of the others in O(changed))."""

    profile: Profile
    ruleset: RuleSet
    ref: Reference
    result: Assessment
    producers: Producers
    index: Mapping[str, int]
    by_material: Mapping[str | None, list[Finding]]
    scores: Mapping[str, float]
    facts: Mapping[str, Mapping[str, Any]]
    company: Mapping[str, Any]
    ranked: Sequence[tuple[float, str]]
    total_cents: int
    points: float

    @classmethod
    def of(
        cls, profile: Profile, ruleset: RuleSet, ref: Reference, result: Assessment,
        producers: Producers,
    ) -> Baseline:  # fmt: skip
        """Index *result* once."""
        by_material: dict[str | None, list[Finding]] = {}
        for f in result.findings:
            by_material.setdefault(f.material, []).append(f)
        scores = {m.id: m.score for m in result.materials}
        return cls(
            profile, ruleset, cast("Reference", Memo(ref)), result, producers,
            index={m.id: i for i, m in enumerate(profile.materials)},
            by_material=by_material, scores=scores,
            facts={m.id: m.facts for m in result.materials},
            company=company_facts(profile),
            ranked=sorted(((v, k) for k, v in scores.items()), reverse=True),
            total_cents=sum(_cents(v) for v in scores.values()),
            points=risk_points(result.findings),
        )  # fmt: skip

    def after(
        self, replaced: Replaced, material: str | None
    ) -> tuple[float, float, float | None, float]:
        """With some findings replaced: the company score, the risk points, *material*'s
        score, and the score points removed (summed over the materials and the company's
        own problems)."""
        new: dict[str, float] = {}
        company = self.by_material.get(None, [])
        points, removed = self.points, 0.0
        for key, found in replaced.items():
            points += risk_points(found) - risk_points(self.by_material.get(key, []))
            if key is None:
                company = found
                removed += self.company_own - _own(found)
            else:
                new[key] = subject_score((f.cause, f.score.value) for f in found)
                removed += self.scores.get(key, 0.0) - new[key]
        value = self.company_value(new, [(f.cause, f.score.value) for f in company])
        own = new.get(material, self.scores.get(material)) if material else None
        return value, round(points, 2), own, round(removed, 2)

    def worst_other(self, material: str | None, after: float | None) -> str | None:
        """The material that is worst once *material* scores *after*, if it is another one."""
        if material is None or after is None:
            return None
        other = next(((v, k) for v, k in self.ranked if k != material), None)
        return other[1] if other is not None and other[0] >= after else None

    @property
    def company_own(self) -> float:
        """The score of the company's own problems (company-wide findings)."""
        return _own(self.by_material.get(None, []))

    def company_value(
        self, new: Mapping[str, float], company: Sequence[tuple[str, float]]
    ) -> float:
        """The company score when the materials in *new* have new scores (O(len(new)))."""
        if not self.scores:
            return aggregate(problem_scores(company))
        unchanged = next((v for v, k in self.ranked if k not in new), None)
        total = self.total_cents + sum(_cents(v) - _cents(self.scores[k]) for k, v in new.items())
        worst = max([*new.values(), *([] if unchanged is None else [unchanged])])
        base = spread(worst, total - _cents(worst), len(self.scores) - 1)
        return aggregate([round(base, 2), *problem_scores(company)])


def _own(findings: Sequence[Finding]) -> float:
    return aggregate(problem_scores([(f.cause, f.score.value) for f in findings]))


def _reassess(
    base: Baseline, changed: Profile, index: int | None, model: str, findings: Sequence[Finding]
) -> Replaced:
    """The new findings of what the change can reach, by material (None: the company).

    A model that changes one material's own fields re-evaluates that material with the
    company facts of the baseline; a partnership re-evaluates the company and the materials
    of its minerals; anything else re-evaluates everything.
    """
    reach = REACH.get(model, "all") if index is not None or model in COMPANY_WIDE else "all"
    if reach == "material" and index is not None:
        touched, company = [index], base.company
    elif reach == "minerals":
        minerals = {m.mineral for m in changed.materials if m.id in {f.material for f in findings}}
        touched = [
            i for i, m in enumerate(changed.materials) if not minerals or m.mineral in minerals
        ]
        company = company_facts(changed)
    else:
        touched, company = list(range(len(changed.materials))), company_facts(changed)
    subjects = [s for i in touched for s in material_subjects(changed, i, base.ref, company)]
    out: Replaced = {changed.materials[i].id: [] for i in touched}
    if reach != "material":
        subjects.insert(0, Subject("company", "company", ("company",), company))
        out[None] = []
    for f in evaluate(subjects, base.ruleset, text=False):
        out[f.material].append(f)
    return out
