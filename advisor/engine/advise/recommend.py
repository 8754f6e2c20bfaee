"""From findings to recommendations: group by action, model the action, rank as an expert would.

Several findings often share one action (a second qualified source answers single-source,
country concentration and processing findings at once), so the list a user sees is of
actions, and each action appears once: findings whose actions apply the same modelled change
are one recommendation, and a research partnership is one company-wide recommendation. Where
an action can be modelled (:mod:`advisor.engine.advise.whatif`), the profile is changed and only
what the change can reach is assessed again; otherwise the findings it answers are taken as
resolved. Ranking (docs/scoring.md §5): urgent actions first, soonest deadline first; then
structural fixes by the company score they remove; long-horizon options last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from advisor.engine.advise.change import replace_material
from advisor.engine.advise.plan import (
    AT_ONCE,
    SOURCE_MODELS,
    Plan,
    source_cost,
    stock_cost,
    takes_days,
    window_text,
)
from advisor.engine.advise.reuse import Reuse
from advisor.engine.advise.whatif import MODELS, REACH, Change, apply, no_candidate_text
from advisor.engine.assess.evaluate import evaluate, problem_scores, scope_reads
from advisor.engine.assess.facts import Subject, company_facts, derive, material_subjects
from advisor.engine.assess.model import Assessment, Finding, Recommendation
from advisor.engine.assess.scoring import (
    aggregate,
    company_strength,
    from_strength,
    severity_rank,
    strength,
    subject_score,
)
from advisor.engine.assess.stories import LABELS, story_key
from advisor.profile.model import Profile
from advisor.reference.producers import Producers

if TYPE_CHECKING:
    from advisor.reference.load import Reference
    from advisor.rules.models import Action, Rule
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
#: The renewal model, and the root cause whose findings on its material it answers as a whole
#: (with the dual-source clauses of that material): one negotiation, one recommendation.
RENEWAL = "renew_contracts"
CONTRACTS = "contracts"


def recommendations(
    profile: Profile,
    ruleset: RuleSet,
    ref: Reference,
    result: Assessment,
    producers: Producers | None = None,
    subjects: Sequence[Subject] | None = None,
) -> list[Recommendation]:
    """The ranked recommendations for an assessment (*subjects*: the ones it was made from,
    derived again when not given)."""
    if subjects is None:
        subjects = derive(profile, ref, scope_reads(ruleset, "supplier"))
    reuse = Reuse(profile, subjects, result.findings, ruleset)
    base = Baseline.of(profile, ruleset, ref, result, producers or ref.producers, reuse)
    groups: dict[tuple[str, str | None], list[Finding]] = {}
    for f in result.findings:
        if f.note is None:  # an informational finding (not this company's rule) drives nothing
            groups.setdefault(_group(f, base), []).append(f)
    merged: dict[tuple[str, bool], list[Part]] = {}
    for (key, material), found in groups.items():
        merged.setdefault((key, material is None), []).append((material, found))
    drafts = [_draft(base, key, _exposed_first(base, parts)) for key, parts in merged.items()]
    drafts = [_renew_first(base, d) for d in drafts]
    drafts.sort(key=rank_key)
    drafts = group_completing(drafts)
    return [replace(d, rank=i + 1) for i, d in enumerate(drafts)]


def group_completing(drafts: list[Recommendation]) -> list[Recommendation]:
    """Actions that remove no risk on their own (not urgent) are listed under the action they
    complete: the first one on the same materials, else the first one."""
    kept: list[Recommendation] = []
    folded: list[Recommendation] = []
    for d in drafts:
        idle = d.score_removed <= 0 and d.score_points <= 0
        (folded if idle and d.tier != "urgent" and d.action != MISSING_ACTION else kept).append(d)
    if not kept:
        return drafts
    for d in folded:
        i = kept.index(_host(d, kept))
        host = kept[i]
        kept[i] = replace(
            host,
            completes=(*host.completes, f"{d.title}: {d.text}"),
            completed_findings=host.completed_findings + d.findings,
            stories=tuple(dict.fromkeys(host.stories + d.stories)),
        )
    return kept


def _host(d: Recommendation, kept: Sequence[Recommendation]) -> Recommendation:
    """The action *d* completes: among those that remove risk on the same materials, the one
    answering most of the same problems (on a tie, one without a deadline of its own, then the
    first), else the first on the same materials, else the first."""
    same = [k for k in kept if set(d.materials) & set(k.materials) or not d.materials]
    lowering = [k for k in same if k.score_removed > 0 or k.score_points > 0]
    if lowering:
        return max(lowering, key=lambda k: (len(set(d.stories) & set(k.stories)),
                                            k.tier != "urgent", -kept.index(k)))  # fmt: skip
    return (same or kept)[0]


def _renew_first(base: Baseline, d: Recommendation) -> Recommendation:
    """A contract that ends before the next disruption date is renewed first: urgent, with
    the days until it ends as its deadline."""
    if not d.actions or not any(
        _declared(base, a) == "renew_contracts" for a in (d.action, *d.actions)
    ):
        return d
    as_of = base.profile.as_of
    ends = [
        (s.contract.end - as_of).days
        for m in base.profile.materials
        if m.id in d.materials
        for s in m.suppliers
        if s.contract is not None and s.contract.end is not None
    ]
    nearest = [f.deadline_days for f in base.result.findings if f.urgent and f.deadline_days]
    if not ends or not nearest or min(ends) > min(nearest):
        return d
    left = float(max(0, min(ends)))
    text = (
        f"Renew first: a contract ends in {left:.0f} days, before the next disruption date "
        f"({min(nearest):.0f} days). " + d.text
    )
    return replace(d, tier="urgent", deadline_days=left, horizon="immediate", text=text)


#: The findings of one action on one material (None: the company).
Part = tuple[str | None, list[Finding]]


def _action_key(base: Baseline, key: str, model: str, findings: Sequence[Finding]) -> str:
    """The action a group is shown as: for a modelled change, an action whose own model it
    is (a sole supplier's rebalancing is a second source), the most urgent or worst first."""
    if key == MISSING_ACTION:
        return MISSING_ACTION
    own = [f for f in findings if _declared(base, f.action) == model] if model else []
    if model and not own:  # e.g. a sole supplier's rebalancing: shown as the model's action
        named = sorted(a for a, act in base.ruleset.actions.items() if act.model == model)
        if named:
            return named[0]
    return _lead(own or findings).action


def _declared(base: Baseline, action: str) -> str | None:
    found = base.ruleset.actions.get(action)
    return found.model if found is not None else None


def _exposed_first(base: Baseline, parts: list[Part]) -> list[Part]:
    """The materials of one action, the most exposed first (it leads), then by id."""
    return sorted(parts, key=lambda p: (-base.scores.get(p[0] or "", 0.0), p[0] or ""))


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
    if finding.material in base.renewing and (
        finding.cause == CONTRACTS or model == "add_dual_source_clause"
    ):  # the renewal's negotiation answers its material's contract problem as a whole
        return f"model:{RENEWAL}", finding.material
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
    """Tier; among urgent ones the soonest deadline, then the most exposed material; company
    score points removed, then the materials' score points, then risk points; horizon;
    severity; then names, so the order is always the same."""
    urgent = r.tier == "urgent"
    soonest = r.deadline_days if urgent and r.deadline_days is not None else 0.0
    exposed = -(r.material_before or 0.0) if urgent else 0.0
    return (TIERS.index(r.tier), soonest, exposed, -r.score_removed, -r.score_points,
            -r.risk_removed,
            HORIZONS.index(r.horizon), -severity_rank(r.severity),
            r.action, r.material or "")  # fmt: skip


def _describe(base: Baseline, action_key: str, findings: Sequence[Finding]) -> tuple[str, ...]:
    """Title, horizon and text of an action."""
    if action_key == MISSING_ACTION:
        return "Complete the profile", "immediate", _missing_text(findings)
    action = base.ruleset.actions.get(action_key)
    lead = _lead(findings)
    if action is None:
        return action_key, "months", lead.recommendation
    return action.title, action.horizon, lead.recommendation


def _missing_text(findings: Sequence[Finding]) -> str:
    """The profile fields to give, by material when there are several."""
    from advisor.rules.catalogue import profile_field

    by_subject: dict[str, set[str]] = {}
    for f in findings:
        by_subject.setdefault(f.material or "company", set()).update(
            profile_field(m) for m in f.missing
        )
    lists = {k: ", ".join(sorted(v)) for k, v in by_subject.items()}
    listed = (
        next(iter(lists.values()))
        if len(lists) == 1
        else "; ".join(f"{k}: {v}" for k, v in lists.items())
    )
    return f"Give these in the profile so that every rule can be checked: {listed}."


def _lead(findings: Sequence[Finding]) -> Finding:
    """The finding whose words lead: the most urgent, else the highest-ranked."""
    urgent = [f for f in findings if f.urgent and f.deadline_days is not None]
    return min(urgent, key=lambda f: (f.deadline_days, f.sort_key)) if urgent else findings[0]


@dataclass
class Modelled:
    """What one recommendation's models did, material by material."""

    profile: Profile
    touched: list[int]
    texts: list[str]
    notes: list[str]
    candidates: list[str]
    resolved: dict[str | None, list[Finding]]
    any_modelled: bool = False


def _model_parts(base: Baseline, model_name: str, parts: Sequence[Part]) -> Modelled:
    """Apply the action's model to each material in turn (one profile, every change in it);
    where it cannot be modelled, the findings it answers are taken as resolved."""
    done = Modelled(base.profile, [], [], [], [], {})
    several = len(parts) > 1
    for material, found in parts:
        index = base.index.get(material) if material is not None else None
        facts = base.facts.get(material or "", {})
        outcome = apply(model_name, done.profile, index, found, facts, base.producers, base.rules)
        label = f"{material}: " if several and material else ""
        if outcome is not None:
            done.profile, done.any_modelled = outcome.profile, True
            done.touched += [] if index is None else [index]
            own = [f for f in found if _declared(base, f.action) == model_name]
            done.texts.append(outcome.text or _lead(own or found).recommendation + outcome.more)
            done.notes.append(label + outcome.note)
            done.candidates += [c for c in outcome.candidates if c not in done.candidates]
            continue
        answered = {id(f) for f in found}
        done.resolved[material] = [
            f for f in base.by_material.get(material, []) if id(f) not in answered
        ]
        text, note = _lead(found).recommendation, "findings taken as resolved"
        if model_name in ("add_second_source", "move_off_covered_nations") and index is not None:
            note = "not modelled: no producer of this stage outside the dominant chain is known"
            text = no_candidate_text(
                Change(base.profile, index, found, facts, base.producers, base.rules)
            )
        done.texts.append(text)
        done.notes.append(label + note)
    plain = {n.removeprefix(f"{m}: ") for (m, _), n in zip(parts, done.notes, strict=True)}
    if several and len(plain) == 1:  # the same note for every material: say it once
        done.notes = list(plain)
    return done


def _draft(base: Baseline, key: tuple[str, bool], parts: list[Part]) -> Recommendation:
    findings = [f for _, found in parts for f in found]
    model_name = key[0].removeprefix("model:") if key[0].startswith("model:") else ""
    action_key = _action_key(base, key[0], model_name, findings)
    title, horizon, text = _describe(base, action_key, findings)
    done = _model_parts(base, model_name, parts)
    replaced = _counted(base, done, model_name, findings)
    if action_key != MISSING_ACTION:
        text = " ".join(dict.fromkeys(done.texts)) or text
    after, after_points, new, removed = base.after(replaced)
    materials = tuple(m for m, _ in parts if m is not None)
    lead = materials[0] if materials else None
    level = tier(findings, horizon)
    deadlines = [f.deadline_days for f in findings if f.urgent and f.deadline_days is not None]
    scores = tuple(
        (m, base.scores.get(m, 0.0), new.get(m, base.scores.get(m, 0.0))) for m in materials
    )
    lead_finding = _lead([f for f in findings if f.material == lead]) if lead else None
    deadline = min(deadlines) if deadlines else None
    plan = make_plan(base, model_name, action_key, done.profile if done.any_modelled
                     else base.profile, materials, deadline)  # fmt: skip
    if plan.window and deadline is not None:  # say first that it cannot all be done in time
        text = (f"This takes {plan.takes_days} days, longer than the {deadline:.0f} days left: "
                "start it now and bridge the gap as said below. " + text)  # fmt: skip
    return Recommendation(
        rank=0, action=action_key, title=title,
        horizon="immediate" if level == "urgent" else horizon if horizon in HORIZONS else "months",
        material=lead, severity=max((f.severity for f in findings), key=severity_rank),
        text=text, findings=tuple(f"{f.rule_id} {f.subject}" for f in findings),
        actions=tuple(sorted({f.action for f in findings})), why=tuple(f.message for f in findings),
        location=_lead(findings).location, score_before=base.result.score.value,
        score_after=after, points_before=base.points, points_after=after_points,
        modelled=done.any_modelled, model_note="; ".join(done.notes), tier=level,
        deadline_days=deadline, score_points=removed,
        stories=tuple(dict.fromkeys(story_key(f.material, f.cause) for f in findings)),
        candidates=tuple(done.candidates), held_by=base.worst_other(materials, new),
        materials=materials, material_scores=scores,
        still_set_by=_still_set_by(replaced.get(lead), base.by_material.get(lead), lead_finding),
        takes_days=plan.takes_days, window=plan.window, cost=plan.cost,
        cost_currency=plan.currency, cost_text=plan.cost_text,
    )  # fmt: skip


def _counted(
    base: Baseline, done: Modelled, model_name: str, findings: Sequence[Finding]
) -> Replaced:
    """The findings the action replaces: those it takes as resolved, and the re-assessed ones
    of what it modelled, unless that would not lower the risk (then it is not counted)."""
    replaced: Replaced = dict(done.resolved)
    if not done.any_modelled:
        return replaced
    policy = done.profile.programmes != base.profile.programmes
    changed = _reassess(base, done.profile, done.touched, model_name, findings, policy)
    if model_name in SOURCE_MODELS:  # one material's suppliers: each judged on its own
        changed = _keep_lowering(base, done, changed)
    if base.after(changed)[3] < 0 or base.after(changed)[0] > base.result.score.value:
        done.notes = [f"not counted: modelled ({'; '.join(done.notes)}), it would not "
                      "lower the risk"]  # fmt: skip
        done.any_modelled = False
    else:
        replaced.update(changed)
    return replaced


def _keep_lowering(base: Baseline, done: Modelled, changed: Replaced) -> Replaced:
    """A modelled source never adds risk: a material whose score or risk points it would raise
    keeps its baseline findings and profile, and the note says so (a source's change reaches
    only its material, so the others' findings stand)."""
    for key in [k for k in changed if k is not None]:
        found = changed[key]
        before = base.by_material.get(key, [])
        new = subject_score((f.cause, f.score.value) for f in found)
        if new > base.scores.get(key, 0.0) or risk_points(found) > risk_points(before):
            index = base.index[key]
            done.profile = replace_material(done.profile, index, base.profile.materials[index])
            del changed[key]
            done.notes.append(f"{key}: not counted, it would not lower the risk")
    return changed


def make_plan(base: Baseline, model: str, action: str, after: Profile,
              materials: Sequence[str], deadline: float | None) -> Plan:  # fmt: skip
    """When the action takes effect, what to do before then, and its cost."""
    facts = [base.facts.get(m, {}) for m in materials]
    if action == MISSING_ACTION or (model == "" and action.startswith("ask-")):
        return Plan(AT_ONCE, None, None, None, "no purchase: staff time to collect the data")
    takes = takes_days(model, facts, base.profile, materials)
    window = window_text(model, takes, deadline, base.profile, facts)
    if model == "raise_stock_to_target":
        cost, currency, words = stock_cost(base.ref, base.profile, after, materials)
        text = "; ".join(words) or "no stock to buy"
        return Plan(takes, window, cost, currency, text)
    if model in SOURCE_MODELS:
        cost, currency, words = source_cost(base.ref, base.profile, after, materials)
        text = "; ".join(words) or "unknown: no volume could be modelled on a new source"
        return Plan(takes, window, cost, currency, text)
    return Plan(takes, window, None, None, COST_WORDS.get(model, COST_WORDS[""]))


#: What an action whose cost no price gives costs, in words: never a number.
COST_WORDS = {
    "add_dual_source_clause": "no purchase: a contract amendment (any price concession: cost "
    "unknown, no reference figure)",
    "renew_contracts": "no purchase: a contract renewal (the new price: cost unknown, no "
    "reference figure)",
    "rebalance_suppliers": "no purchase: volume moves between suppliers already qualified (any "
    "price difference between them: unknown, the profile gives no price per supplier)",
    "": "no purchase is modelled: staff time and negotiation, cost unknown (no reference figure)",
}
for _model in ("partner_on_alternatives", "reach_recycling_target", "raise_recovery_rate"):
    COST_WORDS[_model] = "unknown: no reference figure for a programme of this kind"


def _still_set_by(
    after: Sequence[Finding] | None, before: Sequence[Finding] | None, lead: Finding | None
) -> str | None:
    """Why the lead material's score does not move, in words: the problem the action is
    about keeps findings that other actions answer, or another problem sets the score."""
    found = after if after is not None else before
    if not found:
        return None
    if lead is not None and after is not None:
        was = max((f.score.value for f in before or () if f.cause == lead.cause), default=0.0)
        left = max((f.score.value for f in after if f.cause == lead.cause), default=0.0)
        if left and left >= was:
            label = LABELS.get(lead.cause, lead.cause).lower()
            return f"problem “{label}” has findings left that other actions answer"
    worst = min(found, key=lambda f: f.sort_key)
    return f"score is still set by its {LABELS.get(worst.cause, worst.cause).lower()}"


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
    #: The active rules by id: a model reads the thresholds they declare.
    rules: Mapping[str, Rule]
    #: The materials with a finding a contract renewal answers.
    renewing: frozenset[str]
    index: Mapping[str, int]
    by_material: Mapping[str | None, list[Finding]]
    scores: Mapping[str, float]
    facts: Mapping[str, Mapping[str, Any]]
    company: Mapping[str, Any]
    ranked: Sequence[tuple[float, str]]
    total: int
    points: float
    reuse: Reuse

    @classmethod
    def of(
        cls, profile: Profile, ruleset: RuleSet, ref: Reference, result: Assessment,
        producers: Producers, reuse: Reuse,
    ) -> Baseline:  # fmt: skip
        """Index *result* once."""
        by_material: dict[str | None, list[Finding]] = {}
        for f in result.findings:
            by_material.setdefault(f.material, []).append(f)
        scores = {m.id: m.score for m in result.materials}
        return cls(
            profile, ruleset, cast("Reference", Memo(ref)), result, producers,
            rules={r.id: r for r in ruleset.rules},
            renewing=frozenset(
                f.material for f in result.findings if f.material and f.note is None
                and (a := ruleset.actions.get(f.action)) is not None and a.model == RENEWAL
            ),
            index={m.id: i for i, m in enumerate(profile.materials)},
            by_material=by_material, scores=scores,
            facts={m.id: m.facts for m in result.materials},
            company=company_facts(profile, ref),
            ranked=sorted(((v, k) for k, v in scores.items()), reverse=True),
            total=sum(strength(v) for v in scores.values()),
            points=risk_points(result.findings), reuse=reuse,
        )  # fmt: skip

    def after(self, replaced: Replaced) -> tuple[float, float, dict[str, float], float]:
        """With some findings replaced: the company score, the risk points, the new scores of
        the materials replaced, and the score points removed (summed over the materials and
        the company's own problems)."""
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
        return value, round(points, 2), new, round(removed, 2)

    def worst_other(self, materials: Sequence[str], new: Mapping[str, float]) -> str | None:
        """The material that is worst after the action, if it is not one it changes."""
        if not self.ranked:
            return None
        other = next(((v, k) for v, k in self.ranked if k not in materials), None)
        changed = max((new.get(m, self.scores.get(m, 0.0)) for m in materials), default=-1.0)
        return other[1] if other is not None and other[0] >= changed else None

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
        unchanged = next(((v, k) for v, k in self.ranked if k not in new), None)
        total = self.total + sum(strength(v) - strength(self.scores[k]) for k, v in new.items())
        worst = max([*new.values(), *([] if unchanged is None else [unchanged[0]])])
        extra = sum(strength(v) for v in problem_scores(company))
        value = company_strength(strength(worst), total - strength(worst),
                                 len(self.scores) - 1, extra)  # fmt: skip
        return max(round(worst, 2), from_strength(value))


def _own(findings: Sequence[Finding]) -> float:
    return aggregate(problem_scores([(f.cause, f.score.value) for f in findings]))


def _reassess(
    base: Baseline, changed: Profile, indices: Sequence[int], model: str,
    findings: Sequence[Finding], programmes: bool = False,
) -> Replaced:  # fmt: skip
    """The new findings of what the change can reach, by material (None: the company).

    A model that changes one material's own fields re-evaluates that material with the
    company facts of the baseline; a partnership, or a stockpile policy (*programmes*),
    re-evaluates the company and the materials of its minerals; anything else re-evaluates
    everything.
    """
    reach = REACH.get(model, "all") if indices or model in COMPANY_WIDE else "all"
    if reach == "material" and programmes:  # a policy of the company: its minerals' materials
        reach = "minerals"
    if reach == "material" and indices:
        touched, company = list(indices), base.company
    elif reach == "minerals":
        minerals = {m.mineral for m in changed.materials if m.id in {f.material for f in findings}}
        touched = [
            i for i, m in enumerate(changed.materials) if not minerals or m.mineral in minerals
        ]
        company = company_facts(changed, base.ref)
    else:
        touched, company = list(range(len(changed.materials))), company_facts(changed, base.ref)
    subjects = [Subject("company", "company", ("company",), company)] if reach != "material" else []
    out: Replaced = {None: []} if reach != "material" else {}
    for i in touched:
        derived_subjects = material_subjects(
            changed, i, base.ref, company, base.reuse, base.reuse.reads
        )
        material = changed.materials[i]
        derived = {s.key for s in derived_subjects}
        out[material.id] = [  # the suppliers whose findings are the baseline's
            f
            for s in material.suppliers
            if (key := f"{material.id}/{s.id}") not in derived
            for f in base.reuse.findings(key)
        ]
        subjects += derived_subjects
    for f in evaluate(subjects, base.ruleset, text=False):
        out[f.material].append(f)
    for listed in out.values():
        listed.sort(key=lambda f: f.sort_key)  # in the order a whole evaluation gives
    return out
