"""The root of the command line: its options (--version, --debug) and the typer app.

Kept apart from :mod:`advisor.cli` so that ``advisor --version`` answers before typer loads.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand

from advisor import __version__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit(0)


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
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
    _plain_arguments(app)
    return app


def _plain_arguments(app: typer.Typer) -> None:
    """Every command of *app* (and of its groups) built as :class:`Command`."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = Command
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _plain_arguments(group.typer_instance)


class Command(TyperCommand):
    """A command whose help names an argument by its metavar alone (``PROFILE...``), without
    the Python type some typer versions add (``<list[Path]>``)."""

    def get_params(self, ctx: Any) -> Any:
        """The parameters, arguments showing no type in the help."""
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperArgument) and hasattr(param, "display_type_rich"):
                param.display_type_rich = _no_type  # type: ignore[method-assign]
        return params


def _no_type(ctx: Any) -> None:
    return None
