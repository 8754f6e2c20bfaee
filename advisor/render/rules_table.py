"""The `advisor rules` listings as text: the rules (`rules list`) and the facts they may read
(`rules facts`) as tables, and one rule in full (`rules show`).

On a terminal (``Options.terminal``) the tables draw their rules and fill ``Options.width``;
elsewhere they are plain lines without trailing blanks, and every line of text from a pack
is made visible and guarded (:mod:`advisor.escape`), so that no pack can move the cursor or
issue a CI runner command. rich is imported inside the functions.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

from advisor import escape

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from rich.table import Table

    from advisor.render import Options
    from advisor.rules.catalogue import FactSpec
    from advisor.rules.models import Rule
    from advisor.rules.packs import RuleSet

#: Columns of `rules show`, whatever the terminal.
WIDTH = 80


def render_list(rules: Sequence[Rule], options: Options) -> str:
    """`rules list`: id, severity, category and title of each rule."""
    from rich.text import Text

    table = _table(options, ("id", "severity", "category"), "title")
    for rule in rules:
        table.add_row(rule.id, rule.severity, rule.category, Text(escape.visible(rule.title)))
    return _text(table, options)


def render_facts(facts: Iterable[FactSpec], options: Options) -> str:
    """`rules facts`: name, scope, type, unit and formula of each fact."""
    table = _table(options, ("fact", "scope", "type", "unit"), "formula")
    for spec in facts:
        table.add_row(spec.name, spec.scope, spec.type, spec.unit, spec.formula)
    return _text(table, options)


def render_show(rule: Rule, ruleset: RuleSet, options: Options) -> str:
    """`rules show`: one rule in full, wrapped at 80 columns."""
    return "".join(escape.line(line) + "\n" for line in show_lines(rule, ruleset))


def _table(options: Options, short: Sequence[str], long: str) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD if options.terminal else None, pad_edge=False,
                  show_edge=False)  # fmt: skip
    for name in short:
        table.add_column(name, no_wrap=True)
    table.add_column(long, overflow="fold")
    return table


def _text(table: Table, options: Options) -> str:
    """*table* as text: drawn for a terminal, else as plain guarded lines."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=options.width, force_terminal=options.terminal,
                      no_color=not options.color, highlight=False)  # fmt: skip
    console.print(table)
    if options.terminal:
        return out.getvalue()
    return "".join(escape.guard(line.rstrip()) + "\n" for line in out.getvalue().splitlines())


def show_lines(rule: Rule, ruleset: RuleSet) -> list[str]:
    """The lines of `advisor rules show`, wrapped at 80 columns."""
    from advisor.render.rule_text import render

    action = ruleset.actions.get(rule.action)
    model = f"; model {action.model}" if action and action.model else ""
    lines = [f"{rule.id}  {rule.name}", *_wrap(rule.title, 0), ""]
    where = f"{rule.pack} ({rule.origin}:{rule.line})"
    for label, value in (("severity", rule.severity), ("category", rule.category),
                         ("scope", rule.scope), ("pack", where),
                         ("aliases", ", ".join(rule.aliases))):  # fmt: skip
        lines += [f"{label:<12}{value}"] if value else []
    lines += _wrap(f"whose: {jurisdiction_text(rule)}", 0)
    condition = [part for line in render(rule.when, rule.parameters, 2) for part in _fit(line)]
    lines += ["", "Condition", *condition, *_scoring(rule)]
    lines += ["", "Message", *_wrap(rule.message)]
    title = f"{action.title} ({action.horizon}{model})" if action else ""
    lines += ["", "Action", *_wrap(f"{rule.action}: {title}")]
    lines += ["", "Recommendation", *_wrap(rule.recommendation)]
    lines += ["", "Rationale", *_wrap(rule.rationale)]
    return lines + _source_and_examples(rule)


def jurisdiction_text(rule: Rule) -> str:
    """Whose rule it is, its kind, whom it applies to and what happens elsewhere."""
    j = rule.jurisdiction
    text = f"{j.owner} ({j.kind}); applies to {j.reach()}"
    if j.headquarters or j.sectors:
        text += "; elsewhere " + ("informational" if j.elsewhere == "info" else "not applied")
    return text


def _scoring(rule: Rule) -> list[str]:
    from advisor.render.rule_text import render_gap
    from advisor.rules.text import format_literal

    lines: list[str] = []
    if rule.parameters:
        lines += ["", "Parameters"]
        for k, v in rule.parameters.items():
            lines += _fit(f"  {k} = {format_literal(rule.param_units.get(k, ''), v)}")
        lines += [f"  overridden by {note}" for note in rule.notes]
    gap = render_gap(rule)
    if rule.exposure or gap:
        lines += ["", "Scoring", f"  exposure: {rule.exposure or 'whole subject'}"]
        lines += [f"  gap: {gap}"] if gap else []
    return lines


def _source_and_examples(rule: Rule) -> list[str]:
    from advisor.render.rule_text import example_yaml
    from advisor.rules.text import EXAMPLE_KINDS

    lines = ["", "Source"]
    if rule.source.seed:
        lines += _wrap(f"seed: {rule.source.seed}")
        lines += [line for q in rule.source.quotes for line in _wrap(f'"{q}"', 4)]
    lines += [line for ref in rule.source.references for line in _wrap(f"reference: {ref}")]
    lines += ["", "Examples"]
    for key, word, _, heading in EXAMPLE_KINDS:
        for i, case in enumerate(getattr(rule.examples, key)):
            lines += _wrap(f"{word}-{i} ({heading.lower()}): {example_yaml(case)}")
    return lines


def _fit(line: str) -> list[str]:
    """*line* wrapped at 80 columns, keeping its indentation."""
    body = line.lstrip(" ")
    pad = " " * (len(line) - len(body))
    return textwrap.wrap(body, WIDTH, initial_indent=pad, subsequent_indent=pad + "    ") or [line]


def _wrap(text: str, indent: int = 2) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(text, WIDTH, initial_indent=pad, subsequent_indent=pad + "  ") or [pad]
