"""`advisor rules list|show|test|facts`: browse the rule packs and run their examples."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor import escape
from advisor.errors import UsageError

if TYPE_CHECKING:
    from advisor.api import RuleSet
    from advisor.render import Options

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
    from advisor.api import load_rules

    return load_rules(paths or [], builtin=not no_builtin)


def _options() -> Options:
    """How the listings are drawn: for a terminal (its width, colour unless NO_COLOR) or as
    plain lines 80 columns wide."""
    from advisor.cli.term import color
    from advisor.render import Options

    tty = sys.stdout.isatty()
    width = shutil.get_terminal_size((WIDTH, 24)).columns if tty else WIDTH
    return Options(width=width, color=color(), terminal=tty)


def _rules_module() -> Any:
    """The module that renders the rules listings (their format's spec names it)."""
    from advisor.render import Format, module

    return module(Format.table, "rules")


def _emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


@rules_app.command("list")
def list_rules(rules: RulesOpt = None, no_builtin: NoBuiltinOpt = False) -> None:
    """List the enabled rules: id, severity, category and title."""
    _emit(_rules_module().render_list(_load(rules, no_builtin).rules, _options()))


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
    from advisor.render import Options

    _emit(_rules_module().render_show(rule, ruleset, Options()))


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
    from advisor.api import example_cases, is_builtin_pack, run_example

    if not packs and no_builtin:
        raise UsageError("nothing to test: give a pack, or leave out --no-builtin")
    ruleset = _load(packs, no_builtin)
    tested = [
        p
        for p in ruleset.packs
        if (not is_builtin_pack(p.origin) if packs else is_builtin_pack(p.origin))
    ]
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
    from advisor.api import fact_scopes
    from advisor.api import facts as known

    scopes = fact_scopes()
    if scope is not None and scope not in scopes:
        raise UsageError(f"--scope: {scope!r} is not one of: {', '.join(scopes)}")
    specs = known(scope)
    _emit(_rules_module().render_facts(specs.values(), _options()))
