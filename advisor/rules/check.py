"""Whole-rule checks, and the frozen Rule that a rule which passes them becomes.

A rule that is valid field by field (:class:`advisor.rules.models.RuleSpec`) is checked as a
whole by :func:`check_rule`: its condition against the fact catalogue, its placeholders,
parameters, gap, exposure, action and examples. :func:`make_rule` then builds its
:class:`~advisor.rules.models.Rule`, with the units of its parameters and the facts it reads.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from advisor.rules import conditions as cond
from advisor.rules.catalogue import CATALOGUE, FactSpec, visible
from advisor.rules.models import (
    Examples,
    FactValue,
    Gap,
    GapSpec,
    Jurisdiction,
    Rule,
    RuleSpec,
    Source,
)
from advisor.rules.text import placeholders
from advisor.yaml.loader import Path_

Problems = list[tuple[Path_, str]]


def check_rule(
    spec: RuleSpec, where: Path_, actions: Collection[str]
) -> tuple[cond.Condition | None, Problems]:
    """Parse the rule's condition and check everything else that spans its fields."""
    facts = visible(spec.scope)
    ctx = cond.Context(facts, spec.parameters, spec.scope)
    for name in spec.parameters:
        if name in CATALOGUE:
            ctx.fail(
                (*where, "parameters", name), f"parameter {name!r} has a fact's name; rename it"
            )
    when = cond.parse(spec.when, (*where, "when"), ctx)
    _check_unit("exposure", spec.exposure, "share", where, ctx)
    _check_unit("deadline", spec.deadline, "days", where, ctx)
    _check_mitigation(spec.mitigation, where, ctx)
    if spec.gap is not None:
        _check_gap(spec.gap, (*where, "gap"), ctx)
    used = _check_templates(spec, where, ctx)
    if spec.action not in actions:
        ctx.fail(
            (*where, "action"),
            f"unknown action {spec.action!r}{cond.did_you_mean(spec.action, actions)}",
        )
    for kind, cases in (
        ("fail", spec.examples.fail),
        ("pass", spec.examples.pass_),
        ("missing", spec.examples.missing),
    ):
        for i, case in enumerate(cases):
            _check_example(case, (*where, "examples", kind, i), facts, ctx)
    if when is not None:
        _check_unused(spec, when, used, where, ctx)
    return when, ctx.problems


def _check_unit(field: str, name: str | None, unit: str, where: Path_, ctx: cond.Context) -> None:
    """The fact a rule names in *field* (exposure, deadline) exists and is in *unit*."""
    if name is None:
        return
    found = cond.fact_spec(name, (*where, field), ctx)
    if found is not None and found.unit != unit:
        ctx.fail(
            (*where, field),
            f"{field} must be a {unit} fact; {found.name} is {cond.describe(found)}",
        )


def _check_mitigation(name: str | None, where: Path_, ctx: cond.Context) -> None:
    """A rule's mitigation names a text fact (non-empty: the consequence is covered)."""
    if name is None:
        return
    found = cond.fact_spec(name, (*where, "mitigation"), ctx)
    if found is not None and found.type != "text":
        ctx.fail(
            (*where, "mitigation"),
            f"mitigation must be a text fact; {found.name} is {cond.describe(found)}",
        )


def _check_gap(gap: GapSpec, where: Path_, ctx: cond.Context) -> None:
    value = cond.fact_spec(gap.value, (*where, "value"), ctx)
    if value is not None and value.type != "number":
        ctx.fail(
            (*where, "value"),
            f"a gap measures a number fact; {value.name} is {cond.describe(value)}",
        )
        return
    for key in ("threshold", "ceiling"):
        raw = getattr(gap, key)
        if raw is None:
            if key == "threshold":
                ctx.fail((*where, key), "a gap needs a threshold")
            continue
        operand = cond.operand(raw, (*where, key), ctx)
        if value is not None and operand is not None:
            for message in cond.operand_problems(value, "lt", operand, ctx.params):
                ctx.fail((*where, key), message)


def _check_templates(spec: RuleSpec, where: Path_, ctx: cond.Context) -> set[str]:
    used: set[str] = set()
    for key in ("message", "recommendation"):
        try:
            names = placeholders(getattr(spec, key))
        except ValueError as exc:
            ctx.fail((*where, key), str(exc))
            continue
        for name in names:
            used.add(name)
            if name not in ctx.facts and name not in ctx.params:
                hint = cond.did_you_mean(name, [*ctx.facts, *ctx.params])
                ctx.fail(
                    (*where, key),
                    f"placeholder {{{name}}} is neither a fact visible to a "
                    f"{spec.scope} rule nor a parameter{hint}",
                )
    return used


def _check_example(
    case: Mapping[str, Any], where: Path_, facts: Mapping[str, FactSpec], ctx: cond.Context
) -> None:
    for name, value in case.items():
        spec = cond.fact_spec(name, (*where, name), ctx)
        if spec is None or value is None:
            continue
        if spec.type == "list":
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            problem = None if ok else f"{name} is a list of text, got {cond.kind(value)}"
        else:
            problem = cond.literal_problem(spec, "eq", cond.literal(value))
            if cond.literal(value) is None:
                problem = f"{name} is {cond.describe(spec)}, got {cond.kind(value)}"
        if problem:
            ctx.fail((*where, name), problem)


def _check_unused(
    spec: RuleSpec, when: cond.Condition, used: set[str], where: Path_, ctx: cond.Context
) -> None:
    refs = {c.value.name for c in cond.comparisons(when) if isinstance(c.value, cond.Ref)}
    if spec.gap is not None:
        refs |= {
            v["param"]
            for v in (spec.gap.threshold, spec.gap.ceiling)
            if isinstance(v, dict) and "param" in v
        }
    for name in spec.parameters:
        if name not in refs and name not in used:
            ctx.fail(
                (*where, "parameters", name),
                f"parameter {name!r} is not used by the condition, gap or templates",
            )


def param_units(when: cond.Condition, gap: Gap | None) -> dict[str, str]:
    """The unit of the fact each parameter is compared with (for formatting its value)."""
    units: dict[str, str] = {}
    pairs = [(c.fact, c.value) for c in cond.comparisons(when)]
    if gap is not None:
        pairs += [(gap.value, gap.threshold), (gap.value, gap.ceiling)]
    for fact, value in pairs:
        if isinstance(value, cond.Ref) and value.kind == "param":
            units.setdefault(value.name, CATALOGUE[fact].unit)
    return units


def example_facts(case: Mapping[str, Any]) -> dict[str, FactValue]:
    """An example's facts as the engine gives them: numbers as float, lists as tuples."""
    out: dict[str, FactValue] = {}
    for name, value in case.items():
        out[name] = tuple(value) if isinstance(value, list) else cond.literal(value)
    return out


#: RuleSpec fields a Rule takes over as they are.
_PLAIN_FIELDS = {"id", "name", "title", "category", "severity", "scope", "exposure", "message",
                 "action", "recommendation", "rationale", "deadline", "mitigation"}  # fmt: skip

#: The root cause of a rule that names none, by its category: findings of one cause on one
#: material are one problem (docs/scoring.md).
CAUSES = {
    "diversification": "dependence", "concentration": "dependence",
    "export-control": "dependence", "stockpile": "stock", "resilience": "stock",
    "contracts": "contracts", "price": "contracts", "recycling": "programmes",
    "research": "programmes", "data": "data",
}  # fmt: skip


def jurisdiction(rs: RuleSpec, pack: str) -> Jurisdiction:
    """The rule's jurisdiction; a rule that states none is its pack's policy, for everyone."""
    j = rs.jurisdiction
    if j is None:
        return Jurisdiction(owner=f"the {pack} pack", kind="policy")
    return Jurisdiction(
        owner=j.owner,
        kind=j.kind,
        headquarters=tuple(j.headquarters),
        region=j.region,
        sectors=tuple(s.value for s in j.sectors),
        elsewhere=j.elsewhere,
    )


def make_rule(rs: RuleSpec, when: cond.Condition, pack: str, origin: str, line: int) -> Rule:
    """The loaded Rule of a checked RuleSpec, defined in *pack* at *origin*:*line*."""
    gap = None
    if rs.gap is not None:
        ctx = cond.Context(CATALOGUE, rs.parameters, rs.scope)
        threshold = cond.operand(rs.gap.threshold, (), ctx)
        ceiling = cond.operand(rs.gap.ceiling, (), ctx) if rs.gap.ceiling is not None else None
        gap = Gap(
            value=rs.gap.value, threshold=threshold, direction=rs.gap.direction, ceiling=ceiling
        )
    examples = Examples(
        fail=tuple(example_facts(c) for c in rs.examples.fail),
        passing=tuple(example_facts(c) for c in rs.examples.pass_),
        missing=tuple(example_facts(c) for c in rs.examples.missing),
    )
    source = Source(
        seed=rs.source.seed, quotes=tuple(rs.source.quotes), references=tuple(rs.source.references)
    )
    plain = rs.model_dump(include=_PLAIN_FIELDS)
    return Rule(
        **plain,
        aliases=tuple(rs.aliases),
        cause=rs.cause or CAUSES.get(rs.category, "other"),
        jurisdiction=jurisdiction(rs, pack),
        parameters=dict(rs.parameters),
        defaults=dict(rs.parameters),
        param_units=param_units(when, gap),
        when=when,
        gap=gap,
        source=source,
        examples=examples,
        pack=pack,
        origin=origin,
        line=line,
        reads=_reads(rs, when, gap),
    )


def _reads(rs: RuleSpec, when: cond.Condition, gap: Gap | None) -> tuple[str, ...]:
    """The facts a rule reads: its condition's, then its templates', exposure's and gap's."""
    names = cond.facts_read(when)
    extra = [*placeholders(rs.message), *placeholders(rs.recommendation)]
    if rs.exposure:
        extra.append(rs.exposure)
    if rs.mitigation:
        extra.append(rs.mitigation)
    if gap is not None:
        extra += [gap.value] + [
            v.name
            for v in (gap.threshold, gap.ceiling)
            if isinstance(v, cond.Ref) and v.kind == "fact"
        ]
    for name in extra:
        if name in CATALOGUE and name not in names:
            names.append(name)
    return tuple(names)
