"""`advisor rules list|show|test|facts`: browse the rule packs and run their examples."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor import escape
from advisor.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from advisor.rules.models import Rule
    from advisor.rules.packs import RuleSet

WIDTH = 80

rules_app = typer.Typer(
    name="rules",
    help="List, show and test the rule packs.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="Extra rule pack (file or folder); repeatable.",
        show_default=False,
        metavar="PACK",
    ),
]
NoBuiltinOpt = Annotated[
    bool, typer.Option("--no-builtin", help="Leave out the built-in rule pack.")
]


def register(app: typer.Typer) -> None:
    """Add the `rules` command group to *app*."""
    app.add_typer(rules_app, name="rules")


def _load(paths: list[Path] | None, no_builtin: bool) -> RuleSet:
    from advisor.rules.load import load_rules

    return load_rules([str(p) for p in paths or []], include_builtin=not no_builtin)


def _console() -> Console:
    from rich.console import Console

    from advisor.cli.term import color

    tty = sys.stdout.isatty()
    plain = not color()
    return Console(width=None if tty else WIDTH, no_color=plain, highlight=False)


def _print(console: Console, table: Table) -> None:
    """Print *table*; without a terminal, as plain lines without trailing blanks."""
    if console.is_terminal:
        console.print(table)
        return
    with console.capture() as captured:
        console.print(table)
    for line in captured.get().splitlines():
        typer.echo(escape.guard(line.rstrip()))


@rules_app.command("list")
def list_rules(rules: RulesOpt = None, no_builtin: NoBuiltinOpt = False) -> None:
    """List the enabled rules: id, severity, category and title."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    ruleset = _load(rules, no_builtin)
    console = _console()
    table = Table(
        box=box.SIMPLE_HEAD if console.is_terminal else None, pad_edge=False, show_edge=False
    )
    for name in ("id", "severity", "category"):
        table.add_column(name, no_wrap=True)
    table.add_column("title", overflow="fold")
    for rule in ruleset.rules:
        table.add_row(rule.id, rule.severity, rule.category, Text(escape.visible(rule.title)))
    _print(console, table)


@rules_app.command("show")
def show(
    rule_id: Annotated[str, typer.Argument(help="Rule id, name or alias.", metavar="ID")],
    rules: RulesOpt = None,
    no_builtin: NoBuiltinOpt = False,
) -> None:
    """Show one rule in full: condition, parameters, action, rationale, source, examples."""
    ruleset = _load(rules, no_builtin)
    rule = ruleset.find(rule_id)
    if rule is None:
        key = ruleset.names.get(rule_id.strip()) or ruleset.names.get(rule_id.strip().upper())
        if key is not None and key in ruleset.disabled:
            raise UsageError(f"rule {key} is disabled by pack {ruleset.disabled[key]!r}")
        guess = ruleset.suggest(rule_id)
        hint = f" (did you mean {guess}?)" if guess else ""
        raise UsageError(f"unknown rule {rule_id!r}{hint}; `advisor rules list` lists them")
    for line in show_lines(rule, ruleset):
        typer.echo(escape.line(line))


def show_lines(rule: Rule, ruleset: RuleSet) -> list[str]:
    """The text of `advisor rules show`, wrapped at 80 columns."""
    from advisor.rules.text import render

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
    from advisor.rules.text import format_literal, render_gap

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
    from advisor.rules.text import EXAMPLE_KINDS, example_yaml

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


@rules_app.command("test")
def test(
    packs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Packs to test (files or folders); default: the built-in pack.",
            metavar="PACK",
            show_default=False,
        ),
    ] = None,
    no_builtin: NoBuiltinOpt = False,
) -> None:
    """Run the rules' examples: exit 1 on a wrong outcome, 2 on an invalid pack.

    Without PACK, the built-in pack's examples; with PACKs, only theirs (loaded after the
    built-in pack unless --no-builtin)."""
    from advisor.rules.examples import example_cases, run_example
    from advisor.rules.packs import BUILTIN

    if not packs and no_builtin:
        raise UsageError("nothing to test: give a pack, or leave out --no-builtin")
    ruleset = _load(packs, no_builtin)
    tested = [p for p in ruleset.packs if (p.origin != BUILTIN if packs else p.origin == BUILTIN)]
    wanted = {p.name for p in tested}
    failed = passed = 0
    for case in example_cases(r for r in ruleset.rules if r.pack in wanted):
        result = run_example(case)
        if result.ok:
            passed += 1
            typer.echo(escape.line(f"{case.id} ... ok"))
        else:
            failed += 1
            typer.echo(escape.line(f"{case.id} ... FAIL: {result.detail()}"))
    typer.echo(f"{passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


@rules_app.command("facts")
def facts(
    scope: Annotated[
        str | None, typer.Option(help="Only the facts a rule of this scope can read.")
    ] = None,
) -> None:
    """List the facts rules can read: name, scope, type, unit and formula."""
    from rich import box
    from rich.table import Table

    from advisor.rules.catalogue import CATALOGUE, VISIBLE, visible

    if scope is not None and scope not in VISIBLE:
        raise UsageError(f"--scope: {scope!r} is not one of: {', '.join(VISIBLE)}")
    specs = visible(scope) if scope else CATALOGUE
    console = _console()
    table = Table(
        box=box.SIMPLE_HEAD if console.is_terminal else None, pad_edge=False, show_edge=False
    )
    for name in ("fact", "scope", "type", "unit"):
        table.add_column(name, no_wrap=True)
    table.add_column("formula", overflow="fold")
    for spec in specs.values():
        table.add_row(spec.name, spec.scope, spec.type, spec.unit, spec.formula)
    _print(console, table)
