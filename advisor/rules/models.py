"""What a rule pack is: the YAML format as models, and the frozen forms of what it defines.

A pack file is first validated field by field against :class:`PackSpec` (through
:func:`advisor.profile.build.build`, so every problem has its file:line:col), then each rule is
checked as a whole by :func:`advisor.rules.check.check_rule`: its condition against the fact
catalogue, its placeholders, parameters, gap, exposure, action and examples. A rule that passes
becomes a frozen :class:`Rule`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from advisor.profile.fields import STRICT_MODEL, Country, Flag, Text
from advisor.profile.model import Sector
from advisor.rules import conditions as cond
from advisor.rules.severity import Severity

Category = Literal["diversification", "concentration", "export-control", "stockpile", "resilience",
                   "recycling", "research", "contracts", "price", "data"]  # fmt: skip
Scope = Literal["company", "material", "supplier"]
Horizon = Literal["immediate", "months", "years"]
#: What a rule says of one subject: it fired, it passed, or it could not be decided.
Status = Literal["fired", "passed", "missing"]
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


#: ``target``: a goal set for a region as a whole (e.g. the EU CRMA's 25% of consumption from
#: recycling) that binds no single company: its findings are informational everywhere.
JurisdictionKind = Literal["obligation", "benchmark", "policy", "guidance", "target"]
#: What happens to a rule for a company outside its jurisdiction: an info finding, or nothing.
Elsewhere = Literal["info", "skip"]


class JurisdictionSpec(_Spec):
    """Whose rule or benchmark a rule encodes, and which companies it applies to."""

    owner: Annotated[Text, Field(description="Whose rule or benchmark, e.g. 'EU CRMA'.")]
    kind: Annotated[
        JurisdictionKind,
        _word(_options(JurisdictionKind)),
        Field(
            description="obligation (law on the company), benchmark, policy, guidance, or "
            "target (a region-wide goal that binds no company: informational everywhere)."
        ),
    ]
    headquarters: Annotated[
        list[Country], Field(description="Headquarters countries it applies to; empty = any.")
    ] = []
    region: Annotated[
        Text | None, Field(description="A name for those countries in reports, e.g. 'the EU'.")
    ] = None
    sectors: Annotated[list[Sector], Field(description="Sectors it applies to; empty = any.")] = []
    elsewhere: Annotated[
        Elsewhere,
        _word(_options(Elsewhere)),
        Field(description="For other companies: info (an informational finding) or skip."),
    ] = "info"


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
    deadline: Annotated[
        Ident | None, Field(description="Days fact: when it fires, this many days are left.")
    ] = None
    cause: Annotated[Name | None, Field(description="Root cause it is a symptom of.")] = None
    mitigation: Annotated[
        Ident | None,
        Field(
            description="Text fact: when non-empty, the consequence is covered (severity at "
            "most medium) and it says how."
        ),
    ] = None
    jurisdiction: Annotated[
        JurisdictionSpec | None, Field(description="Whose rule it is and whom it applies to.")
    ] = None
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
    model_config = ConfigDict(frozen=True, defer_build=True)  # built on first use


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


class Jurisdiction(_Frozen):
    """Whose rule or benchmark a rule encodes, and which companies it applies to."""

    owner: str = Field(description="Whose rule or benchmark.")
    kind: JurisdictionKind = Field(description="obligation, benchmark, policy or guidance.")
    headquarters: tuple[str, ...] = Field(default=(), description="HQ countries; empty = any.")
    region: str | None = Field(default=None, description="A name for those countries.")
    sectors: tuple[str, ...] = Field(default=(), description="Sectors; empty = any.")
    elsewhere: Elsewhere = Field(default="info", description="info or skip for other companies.")

    def applies(self, headquarters: object, sector: object) -> bool:
        """True if a company with *headquarters* and *sector* is within the rule's reach."""
        if self.headquarters and headquarters not in self.headquarters:
            return False
        return not self.sectors or sector in self.sectors

    def reach(self) -> str:
        """Whom it applies to, in words: ``companies headquartered in US, sector defence``."""
        parts = []
        if self.headquarters:
            parts.append("headquartered in " + (self.region or ", ".join(self.headquarters)))
        if self.sectors:
            parts.append("in the " + " or ".join(self.sectors) + " sector")
        return "companies " + " and ".join(parts) if parts else "every company"


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
    deadline: str | None = Field(default=None, description="Days fact giving the days left.")
    cause: str = Field(default="other", description="Root cause it is a symptom of.")
    mitigation: str | None = Field(
        default=None, description="Text fact saying the consequence is covered, if non-empty."
    )
    jurisdiction: Jurisdiction = Field(description="Whose rule it is and whom it applies to.")
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
