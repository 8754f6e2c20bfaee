"""The command line: the only place that reads argv, writes files and picks exit codes.

Exit codes are a contract: 0 ran and nothing at or above ``--fail-on``; 1 findings at or above
it; 2 bad input or usage; 3 internal error (traceback only with ``--debug``). Heavy modules
(pydantic, rich, the rule engine) are imported inside the commands that need them, so that
``advisor --version`` and pre-commit runs start fast.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

from advisor import __version__
from advisor.cli import startup
from advisor.errors import AdvisorError

if TYPE_CHECKING:
    import typer

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

#: The module that registers each top-level command: a run registers only the module of the
#: command it runs (building every command's options costs more than running a small one).
#: A command missing here still works: the whole app is built for it.
COMMANDS = {
    "validate": "profile_cmds", "schema": "profile_cmds", "init": "profile_cmds",
    "assess": "assess_cmds", "check": "check_cmds", "config": "check_cmds",
    "diff": "diff_cmds", "simulate": "simulate_cmds", "scenarios": "simulate_cmds",
    "data": "data_cmds", "rules": "rules_cmds", "import": "import_cmds",
    "report": "report_cmds",
}  # fmt: skip
MODULES = (
    "profile_cmds", "assess_cmds", "check_cmds", "diff_cmds", "simulate_cmds", "data_cmds",
    "rules_cmds", "import_cmds", "report_cmds",
)  # fmt: skip


def make_app(modules: tuple[str, ...] = MODULES) -> typer.Typer:
    """The typer app with the commands of *modules* (each imports its heavy modules lazily)."""
    from advisor.cli.root import make_app as make

    return make(modules)


def __getattr__(name: str) -> object:
    """``advisor.cli.app``: the app with every command, built on first use (and kept)."""
    if name == "app":
        app = make_app()
        globals()["app"] = app
        return app
    raise AttributeError(name)


def _app_for(args: list[str]) -> typer.Typer:
    """The app to run *args* with: only the invoked command's module when it is known."""
    command = next((a for a in args if not a.startswith("-")), None)
    module = COMMANDS.get(command or "")
    completing = any(name.startswith("_ADVISOR_COMPLETE") for name in os.environ)
    if module is None or completing or "app" in globals():
        return __getattr__("app")  # type: ignore[return-value]
    return make_app((module,))


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the app and turn every outcome into the documented exit code."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):  # the answer needs no command line parser
        sys.stdout.write(f"advisor {__version__}\n")
        sys.exit(EXIT_OK)
    debug = "--debug" in args or os.environ.get("ADVISOR_DEBUG") == "1"
    startup.prepare()
    try:
        app = _app_for(args)
        startup.freeze()
        app(args=args, prog_name="advisor")
    except SystemExit:
        raise
    except AdvisorError as exc:
        for line in exc.lines():
            _echo(line)
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        _echo("advisor: interrupted")
        sys.exit(130)
    except Exception as exc:
        if debug:
            import traceback

            traceback.print_exc()
        _echo(
            f"advisor: internal error ({type(exc).__name__}); this is a bug, please report it "
            "(run with --debug for the traceback)"
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)


def _echo(line: str) -> None:
    import typer

    typer.echo(line, err=True)
