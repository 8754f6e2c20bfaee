"""Rules for people: values and templates as text, conditions rendered, the markdown
reference, and the executable examples that `advisor rules test` and the tests run.

``docs/rules.md`` is generated from the built-in pack by :func:`builtin_markdown` and a test
checks that the committed file equals it, so the reference never drifts from the rules.
Pure functions of a RuleSet: same rules, byte-identical text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor import conditions as cond
from advisor.errors import echo
from advisor.factspec import CATALOGUE

if TYPE_CHECKING:
    from advisor.rule_models import FactValue, Rule
    from advisor.rules import Outcome, RuleSet, Status

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
#: Each kind of example: its Examples attribute, the word in its id (``ADV001-pass-0``), the
#: outcome it expects, and its heading in the reference.
EXAMPLE_KINDS: tuple[tuple[str, str, Status, str], ...] = (
    ("fail", "fail", "fired", "Fires on"),
    ("passing", "pass", "passed", "Passes on"),
    ("missing", "missing", "missing", "Missing data on"),
)
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*")


# -- values and templates -------------------------------------------------------------------


def format_value(fact_name: str, value: object) -> str:
    """A fact's value formatted by its unit: share "72%", days "20 days", HHI "5,200"."""
    spec = CATALOGUE.get(fact_name)
    return format_unit(spec.unit if spec else "", value)


def format_unit(unit: str, value: object) -> str:
    """A value formatted for *unit*; None is "unknown", lists are joined with ", "."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_unit(unit, v) for v in value) if value else "none"
    if not isinstance(value, (int, float)):
        return str(value)
    number = float(value)
    if unit == "share":
        return f"{_decimal(number * 100, 1)}%"
    if unit == "days":
        return f"{_decimal(number, 1)} day" + ("" if number == 1 else "s")
    if unit in ("HHI", "count", "currency"):
        return f"{round(number):,}"
    if unit == "t":
        return f"{_decimal(number, 1)} t"
    return _decimal(number, 2)


def _decimal(number: float, places: int) -> str:
    text = f"{number:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def placeholders(template: str) -> list[str]:
    """The names a template fills in, in order; ValueError on a stray brace or a format spec."""
    names: list[str] = []
    for match in _PLACEHOLDER.finditer(template):
        text = match.group(0)
        if text in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            raise ValueError(f"unmatched {text!r} (write {text * 2} for a literal brace)")
        if not _NAME.fullmatch(name):
            raise ValueError(
                f"placeholder {{{echo(name)}}} is not a name; values are formatted "
                "by their unit, so no format spec is needed"
            )
        names.append(name)
    return names


def fill(template: str, value_of: Callable[[str], str]) -> str:
    """*template* with each ``{name}`` replaced by ``value_of(name)``; ``{{``, ``}}`` are braces."""

    def one(match: re.Match[str]) -> str:
        text = match.group(0)
        return text[0] if text in ("{{", "}}") else value_of(match.group(1))

    return _PLACEHOLDER.sub(one, template)


# -- conditions -----------------------------------------------------------------------------


def render(when: cond.Condition, params: Mapping[str, Any], indent: int = 0) -> list[str]:
    """The condition as indented lines, e.g. ``qualified_supplier_count < min_qualified (2)``."""
    pad = " " * indent
    if isinstance(when, cond.Compare):
        return [pad + render_compare(when, params)]
    if isinstance(when, cond.Not):
        return [pad + "not:", *render(when.part, params, indent + 2)]
    head = "all of:" if isinstance(when, cond.AllOf) else "any of:"
    return [pad + head, *(line for p in when.parts for line in render(p, params, indent + 2))]


def render_compare(c: cond.Compare, params: Mapping[str, Any]) -> str:
    """One comparison as it reads: fact, operator, value (a parameter shows its value)."""
    if c.op in cond.PRESENCE_OPS:
        return f"{c.fact} {cond.OPS[c.op]}"
    unit = CATALOGUE[c.fact].unit if c.fact in CATALOGUE else ""
    value = c.value
    if isinstance(value, cond.Ref) and value.kind == "fact":
        shown = value.name
    elif isinstance(value, cond.Ref):
        shown = f"{value.name} ({format_literal(unit, params.get(value.name))})"
    else:
        shown = format_literal(unit, value)
    return f"{c.fact} {cond.OPS[c.op]} {shown}"


def format_literal(unit: str, value: object) -> str:
    """A literal or parameter value as a condition shows it: lists in brackets."""
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(format_unit(unit, v) for v in value) + "]"
    return format_unit(unit, value)


def render_gap(rule: Rule) -> str | None:
    """The rule's gap as a sentence, or None."""
    gap = rule.gap
    if gap is None:
        return None
    unit = CATALOGUE[gap.value].unit

    def shown(value: cond.Operand | None) -> str:
        if isinstance(value, cond.Ref):
            if value.kind == "fact":
                return value.name
            return f"{value.name} ({format_literal(unit, rule.parameters.get(value.name))})"
        return format_literal(unit, value)

    text = f"{gap.value} {gap.direction} {shown(gap.threshold)}"
    return text + (f", ceiling {shown(gap.ceiling)}" if gap.ceiling is not None else "")


def example_yaml(facts: Mapping[str, object]) -> str:
    """An example's facts as one line of flow-style YAML."""
    return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in facts.items()) + "}"


def _yaml(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and text not in ("true", "false", "null", "yes", "no"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- the markdown reference -------------------------------------------------------------------


def builtin_markdown() -> str:
    """docs/rules.md: the reference of the built-in pack."""
    from advisor.rules import load_rules

    return rules_markdown(load_rules())


def rules_markdown(ruleset: RuleSet) -> str:
    """The reference of every rule in *ruleset*: an index, the actions, then one page per rule."""
    packs = ", ".join(f"`{p.name}` (format {p.version})" for p in ruleset.packs)
    lines = [
        "# Rule reference",
        "",
        "<!-- Generated from the rule packs by advisor.rules_doc; do not edit by hand. -->",
        "",
        f"{len(ruleset.rules)} rules from {packs}. The rule format is in "
        "[rule-format.md](rule-format.md); `advisor rules show ID` prints the same page in the "
        "terminal and `advisor rules test` runs the examples.",
        "",
        "| id | name | severity | category | scope | title |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| [{r.id}](#{_anchor(r)}) | {r.name} | {r.severity} | {r.category} | "
        f"{r.scope} | {_cell(r.title)} |"
        for r in ruleset.rules
    ]
    lines += [
        "",
        "## Actions",
        "",
        "Several rules share one action; `model` names the what-if "
        "the engine applies to estimate the risk the action removes.",
        "",
        "| action | title | horizon | model |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{a.key}` | {_cell(a.title)} | {a.horizon} | {a.model or '—'} |"
        for a in sorted(ruleset.actions.values(), key=lambda a: a.key)
    ]
    for rule in ruleset.rules:
        lines += ["", *rule_page(rule, ruleset)]
    return "\n".join(lines) + "\n"


def _anchor(rule: Rule) -> str:
    return f"{rule.id}-{rule.name}".lower()


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rule_page(rule: Rule, ruleset: RuleSet) -> list[str]:
    """One rule's section of the reference."""
    action = ruleset.actions.get(rule.action)
    how = f"{action.title} ({action.horizon})" if action else rule.action
    lines = [
        f"## {rule.id} {rule.name}",
        "",
        f"**{rule.title}**",
        "",
        f"severity **{rule.severity}** · category {rule.category} · scope {rule.scope} · "
        f"action `{rule.action}`: {how}",
    ]
    if rule.aliases:
        lines += ["", f"Also known as: {', '.join(rule.aliases)}."]
    lines += ["", "### Condition", "", "```text", *render(rule.when, rule.parameters), "```"]
    lines += _parameters(rule)
    gap = render_gap(rule)
    if rule.exposure or gap:
        lines += ["", "Scoring:", "", f"- exposure: `{rule.exposure or 'whole subject (1.0)'}`"]
        lines += [f"- gap: `{gap}`"] if gap else []
    lines += ["", "### Why", "", rule.rationale]
    lines += ["", "### What to do", "", rule.recommendation, "", f"Message: `{rule.message}`"]
    lines += ["", "### Source", "", *_source(rule)]
    lines += ["", "### Examples"]
    for key, _, _, heading in EXAMPLE_KINDS:
        cases = getattr(rule.examples, key)
        if cases:
            lines += ["", f"{heading}:", "", "```yaml", *(f"- {example_yaml(c)}" for c in cases)]
            lines += ["```"]
    return lines


def _parameters(rule: Rule) -> list[str]:
    if not rule.parameters:
        return []
    lines = ["", "| parameter | value |", "|---|---|"]
    for name, value in rule.parameters.items():
        unit = rule.param_units.get(name, "")
        lines.append(f"| `{name}` | {_cell(format_literal(unit, value))} |")
    return lines


def _source(rule: Rule) -> list[str]:
    lines: list[str] = []
    if rule.source.seed:
        quotes = "; ".join(f"“{q}”" for q in rule.source.quotes)
        lines.append(f"- Seed article, *{rule.source.seed}*" + (f": {quotes}" if quotes else ""))
    lines += [f"- {ref}" for ref in rule.source.references]
    return lines


# -- executable examples ---------------------------------------------------------------------


@dataclass(frozen=True)
class ExampleCase:
    """One example of one rule, with the outcome it must give; id like ``ADV001-fail-0``."""

    id: str
    rule: Rule
    expected: Status
    facts: Mapping[str, FactValue]


@dataclass(frozen=True)
class ExampleResult:
    """An example run: the outcome it gave and whether that is the expected one."""

    case: ExampleCase
    outcome: Outcome

    @property
    def ok(self) -> bool:
        """True when the rule gave the expected outcome."""
        return self.outcome.status == self.case.expected

    def detail(self) -> str:
        """Why it failed: expected, got, and the evidence."""
        shown = ", ".join(f"{k}={format_value(k, v)}" for k, v in self.outcome.evidence.items())
        text = f"expected {self.case.expected}, got {self.outcome.status} (evidence: {shown})"
        if self.outcome.missing:
            text += f"; unknown: {', '.join(self.outcome.missing)}"
        return text


def example_cases(rules: Iterable[Rule]) -> list[ExampleCase]:
    """Every example of every rule, evaluated with the parameters the rule's own pack wrote."""
    cases: list[ExampleCase] = []
    for rule in rules:
        base = rule.model_copy(update={"parameters": rule.defaults})
        for attr, word, expected, _ in EXAMPLE_KINDS:
            for i, facts in enumerate(getattr(rule.examples, attr)):
                cases.append(ExampleCase(f"{rule.id}-{word}-{i}", base, expected, facts))
    return cases


def run_example(case: ExampleCase) -> ExampleResult:
    """Evaluate one example."""
    from advisor.rules import evaluate

    return ExampleResult(case, evaluate(case.rule, case.facts))
