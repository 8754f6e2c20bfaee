"""The root of the command line: its options (--version, --debug) and the typer app.

Kept apart from :mod:`advisor.cli` so that ``advisor --version`` answers before typer loads.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from advisor import __version__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit(0)


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """Critical-mineral procurement risk advisor."""


def make_app(modules: tuple[str, ...]) -> typer.Typer:
    """The typer app with the commands of *modules* (each imports its heavy modules lazily)."""
    app = typer.Typer(
        name="advisor",
        help="Critical-mineral procurement risk advisor: what to do first, ranked and explained.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name in modules:
        importlib.import_module(f"advisor.cli.{name}").register(app)
    return app
