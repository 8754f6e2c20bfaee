"""What a rule pack is: the YAML format as models, the checks a valid rule passes, the Rule.

A pack file is first validated field by field against :class:`PackSpec` (through
:func:`advisor.modelload.build`, so every problem has its file:line:col), then each rule is
checked as a whole by :func:`check_rule`: its condition against the fact catalogue, its
placeholders, parameters, gap, exposure, action and examples. A rule that passes becomes a
frozen :class:`Rule`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from advisor import conditions as cond
from advisor.factspec import CATALOGUE, FactSpec, visible
from advisor.fields import STRICT_MODEL, Flag, Text
from advisor.rules_doc import placeholders
from advisor.yamlload import Path_

Severity = Literal["info", "low", "medium", "high", "critical"]
Category = Literal["diversification", "concentration", "export-control", "stockpile", "resilience",
                   "recycling", "research", "contracts", "price", "data"]  # fmt: skip
Scope = Literal["company", "material", "supplier"]
Horizon = Literal["immediate", "months", "years"]
ParamValue = Union[bool, float, str, tuple[Union[float, str], ...]]  # noqa: UP007
FactValue = Union[bool, float, str, tuple[str, ...], None]  # noqa: UP007

_ID = re.compile(r"[A-Z]{2,6}[0-9]{3}")
_KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_IDENT = re.compile(r"[a-z][a-z0-9_]*")


def _error(message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError("rule_format", message, ctx or None)


def _word(options: tuple[str, ...]) -> BeforeValidator:
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise _error(
                "expected one of: {options}; got the boolean {got} (write the word)",
                options=", ".join(options),
                got=str(value).lower(),
            )
        return value.strip() if isinstance(value, str) else value

    return BeforeValidator(check)


def _pattern(regex: re.Pattern[str], what: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or not regex.fullmatch(value):
            raise _error("{what}, got {got}", what=what, got=cond.kind(value))
        return value

    return BeforeValidator(check)


def _param_value(value: Any) -> Any:
    item = cond.literal(value)
    if item is not None:
        return item
    if isinstance(value, list) and value:
        items = [cond.literal(v) for v in value]
        kinds = {type(v) for v in items}
        if None not in kinds and bool not in kinds and len(kinds) == 1:
            return tuple(items)
    raise _error(
        "a parameter is a number, text, true/false, or a non-empty list of numbers or "
        "of text; got {got}",
        got=cond.kind(value),
    )


def _options(tp: Any) -> tuple[str, ...]:
    return tuple(get_args(tp))


RuleId = Annotated[
    str, _pattern(_ID, "a rule id is 2-6 capital letters and 3 digits, e.g. ACME001")
]
Name = Annotated[
    str, _pattern(_KEBAB, "expected lower-case words joined by '-', e.g. single-source")
]
Ident = Annotated[str, _pattern(_IDENT, "expected a lower-case name with '_', e.g. target_days")]
Param = Annotated[Any, BeforeValidator(_param_value)]
SeverityField = Annotated[Severity, _word(_options(Severity))]


class _Spec(BaseModel):
    model_config = STRICT_MODEL


class ActionSpec(_Spec):
    """An action several rules can share: what to do, and how long it takes."""

    title: Annotated[Text, Field(description="What to do, as an instruction.")]
    horizon: Annotated[Horizon, _word(_options(Horizon)), Field(description="How soon it acts.")]
    model: Annotated[Ident | None, Field(description="A what-if the engine can model.")] = None


class SourceSpec(_Spec):
    """Where a rule comes from: a section of the seed article and/or public references."""

    seed: Annotated[Text | None, Field(description="Heading of the seed article section.")] = None
    quotes: Annotated[list[Text], Field(description="Words of that section it encodes.")] = []
    references: Annotated[list[Text], Field(description="Public sources.")] = []

    @model_validator(mode="after")
    def _something(self) -> SourceSpec:
        if self.seed is None and not self.references:
            raise ValueError("give seed (a section of the seed article) or references")
        if self.quotes and self.seed is None:
            raise ValueError("quotes need the seed section they come from")
        return self


class GapSpec(_Spec):
    """How far past its threshold a fact is, as a relative gap 0-1."""

    value: Annotated[Text, Field(description="The number fact measured.")]
    threshold: Annotated[Any, Field(description="A number, {param: N} or {fact: N}.")]
    direction: Annotated[Literal["below", "above"], Field(description="Bad side of the threshold.")]
    ceiling: Annotated[Any, Field(description="For `above`: the value where the gap is 1.")] = None


Example = dict[str, Any]


class ExamplesSpec(_Spec):
    """Fact sets the rule must fire on, pass, or find undecidable; run by `advisor rules test`."""

    fail: Annotated[list[Example], Field(min_length=1, description="The rule must fire.")]
    pass_: Annotated[list[Example], Field(alias="pass", min_length=1, description="Must pass.")]
    missing: Annotated[list[Example], Field(description="Must be missing data.")] = []


class RuleSpec(_Spec):
    """One rule as written in a pack."""

    id: Annotated[RuleId, Field(description="Stable code, never reused.")]
    name: Annotated[Name, Field(description="Kebab-case name.")]
    aliases: Annotated[list[Text], Field(description="Old ids and names.")] = []
    replace: Annotated[Flag, Field(description="Replace an earlier pack's rule of this id.")] = (
        False
    )
    title: Annotated[Text, Field(description="One line.")]
    category: Annotated[Category, _word(_options(Category)), Field(description="Kind of risk.")]
    severity: Annotated[SeverityField, Field(description="How bad when it fires.")]
    scope: Annotated[Scope, _word(_options(Scope)), Field(description="What it is evaluated on.")]
    parameters: Annotated[dict[Ident, Param], Field(description="Overridable thresholds.")] = {}
    when: Annotated[Any, Field(description="The condition.")]
    exposure: Annotated[Text | None, Field(description="Share fact used by scoring.")] = None
    gap: Annotated[GapSpec | None, Field(description="Relative distance past threshold.")] = None
    message: Annotated[Text, Field(description="Template showing the actual values.")]
    action: Annotated[Name, Field(description="Key of the action it recommends.")]
    recommendation: Annotated[Text, Field(description="What to do, as a template.")]
    rationale: Annotated[Text, Field(description="Why, with the evidence.")]
    source: Annotated[SourceSpec, Field(description="Seed section and/or references.")]
    examples: Annotated[ExamplesSpec, Field(description="Executable examples.")]


class OverrideSpec(_Spec):
    """Changes a later pack makes to an earlier pack's rule."""

    parameters: Annotated[dict[Ident, Param], Field(description="New parameter values.")] = {}
    severity: Annotated[SeverityField | None, Field(description="New severity.")] = None


class PackSpec(_Spec):
    """A rule pack file."""

    pack: Annotated[Name, Field(description="Pack name.")]
    version: Annotated[Literal[1], Field(description="Pack format version; 1.")]
    description: Annotated[Text | None, Field(description="What the pack is for.")] = None
    actions: Annotated[dict[Name, ActionSpec], Field(description="Actions by key.")] = {}
    rules: Annotated[list[RuleSpec], Field(description="The rules.")] = []
    overrides: Annotated[dict[Text, OverrideSpec], Field(description="By rule id.")] = {}
    disable: Annotated[list[Text], Field(description="Earlier rules to switch off.")] = []


# -- the loaded forms -------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Action(_Frozen):
    """What to do; several rules share one action."""

    key: str = Field(description="Kebab-case key rules refer to.")
    title: str = Field(description="What to do, as an instruction.")
    horizon: Horizon = Field(description="immediate, months or years.")
    model: str | None = Field(default=None, description="Name of a what-if the engine applies.")


class PackInfo(_Frozen):
    """A loaded pack."""

    name: str = Field(description="The pack's name.")
    version: int = Field(description="Its format version.")
    origin: str = Field(description='"built-in", or the file path as given.')
    description: str | None = Field(default=None, description="What it is for.")


class Source(_Frozen):
    """Where a rule comes from."""

    seed: str | None = Field(default=None, description="Section heading of the seed article.")
    quotes: tuple[str, ...] = Field(default=(), description="Words of that section it encodes.")
    references: tuple[str, ...] = Field(default=(), description="Public references.")


class Gap(_Frozen):
    """How far past its threshold the gap fact is."""

    value: str = Field(description="The number fact measured.")
    threshold: cond.Operand = Field(description="Literal, parameter or fact.")
    direction: Literal["below", "above"] = Field(description="The bad side.")
    ceiling: cond.Operand | None = Field(default=None, description="Where an `above` gap is 1.")


class Examples(_Frozen):
    """Executable examples: fact sets with the outcome they must give."""

    fail: tuple[dict[str, FactValue], ...] = Field(description="Must fire.")
    passing: tuple[dict[str, FactValue], ...] = Field(description="Must pass.")
    missing: tuple[dict[str, FactValue], ...] = Field(default=(), description="Must be missing.")


class Rule(_Frozen):
    """A loaded, checked rule with its effective parameters."""

    id: str = Field(description="Stable code, e.g. ADV001.")
    name: str = Field(description="Kebab-case name.")
    aliases: tuple[str, ...] = Field(default=(), description="Old ids and names.")
    title: str = Field(description="One line.")
    category: Category = Field(description="Kind of risk.")
    severity: Severity = Field(description="Effective severity.")
    scope: Scope = Field(description="company, material or supplier.")
    parameters: dict[str, ParamValue] = Field(description="Effective parameters.")
    defaults: dict[str, ParamValue] = Field(description="Parameters as the rule's pack wrote them.")
    param_units: dict[str, str] = Field(description="Unit of the fact each parameter meets.")
    when: cond.Condition = Field(description="The condition.")
    exposure: str | None = Field(default=None, description="Share fact for scoring.")
    gap: Gap | None = Field(default=None, description="Relative gap definition.")
    message: str = Field(description="Message template.")
    action: str = Field(description="Action key.")
    recommendation: str = Field(description="Recommendation template.")
    rationale: str = Field(description="Why.")
    source: Source = Field(description="Seed section and references.")
    examples: Examples = Field(description="Executable examples.")
    pack: str = Field(description="Name of the pack that defines it.")
    origin: str = Field(description="File it is defined in.")
    line: int = Field(description="Line of the rule in that file.")
    notes: tuple[str, ...] = Field(default=(), description="Overrides applied by later packs.")
    reads: tuple[str, ...] = Field(default=(), description="Facts it reads, in order.")


# -- whole-rule checks ------------------------------------------------------------------------

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
    _check_exposure(spec, where, ctx)
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


def _check_exposure(spec: RuleSpec, where: Path_, ctx: cond.Context) -> None:
    if spec.exposure is None:
        return
    found = cond.fact_spec(spec.exposure, (*where, "exposure"), ctx)
    if found is not None and found.unit != "share":
        ctx.fail(
            (*where, "exposure"),
            f"exposure must be a share fact; {found.name} is {cond.describe(found)}",
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
                 "action", "recommendation", "rationale"}  # fmt: skip


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
