"""The markdown reference of a rule set: an index, the actions, then one page per rule.

``docs/rules.md`` is generated from the built-in pack by :func:`builtin_markdown` and a test
checks that the committed file equals it, so the reference never drifts from the rules.
"""

from __future__ import annotations

from advisor.render.rule_text import example_yaml, render, render_gap
from advisor.rules.load import load_rules
from advisor.rules.models import Rule
from advisor.rules.packs import RuleSet
from advisor.rules.text import EXAMPLE_KINDS, format_literal


def builtin_markdown() -> str:
    """docs/rules.md: the reference of the built-in pack."""
    return rules_markdown(load_rules())


def rules_markdown(ruleset: RuleSet) -> str:
    """The reference of every rule in *ruleset*: an index, the actions, then one page per rule."""
    packs = ", ".join(f"`{p.name}` (format {p.version})" for p in ruleset.packs)
    lines = [
        "# Rule reference",
        "",
        "<!-- Generated from the rule packs by advisor.render.rule_docs; do not edit by hand. -->",
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
    j = rule.jurisdiction
    whose = f"Whose rule: {j.owner} ({j.kind}); applies to {j.reach()}"
    if j.headquarters or j.sectors:
        whose += "; for other companies " + (
            "an informational finding" if j.elsewhere == "info" else "not evaluated"
        )
    lines += ["", whose + "."]
    if rule.deadline:
        lines += ["", f"Deadline: `{rule.deadline}` (days left; urgent within the stock cover, "
                  "the lead time or one licence cycle)."]  # fmt: skip
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
