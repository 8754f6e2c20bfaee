"""The command line: the only place that reads argv, writes files and picks exit codes.

Exit codes are a contract: 0 ran and nothing at or above ``--fail-on``; 1 findings at or above
it; 2 bad input or usage; 3 internal error (traceback only with ``--debug``). Heavy modules
(pydantic, rich, the rule engine) are imported inside the commands that need them, so that
``advisor --version`` and pre-commit runs start fast.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

import typer

from advisor import __version__
from advisor.errors import AdvisorError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

app = typer.Typer(
    name="advisor",
    help="Critical-mineral procurement risk advisor: what to do first, ranked and explained.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
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


def _register() -> None:
    """Add every command module's commands; each imports its heavy modules lazily."""
    from advisor.cli import (
        assess_cmds,
        check_cmds,
        data_cmds,
        diff_cmds,
        profile_cmds,
        rules_cmds,
        simulate_cmds,
    )

    for module in (
        profile_cmds,
        assess_cmds,
        check_cmds,
        diff_cmds,
        simulate_cmds,
        data_cmds,
        rules_cmds,
    ):
        module.register(app)


_register()


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the app and turn every outcome into the documented exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("ADVISOR_DEBUG") == "1"
    try:
        app(args=args, prog_name="advisor")
    except SystemExit:
        raise
    except AdvisorError as exc:
        for line in exc.lines():
            typer.echo(line, err=True)
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        typer.echo("advisor: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        if debug:
            import traceback

            traceback.print_exc()
        typer.echo(
            f"advisor: internal error ({type(exc).__name__}); this is a bug, please report it "
            "(run with --debug for the traceback)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)
