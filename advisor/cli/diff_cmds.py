"""`advisor diff`: how a change moves the risk, for a pull-request comment or a gate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.assess_cmds import AssumeOpt, OutputOpt, emit
from advisor.cli.check_opts import ConfigOpt, NoConfigOpt, load_config
from advisor.cli.format_opt import format_option
from advisor.errors import UsageError
from advisor.render import Format


def register(app: typer.Typer) -> None:
    """Add `diff` to *app*."""
    app.command("diff")(diff)


def diff(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="BASE HEAD (two profiles), or with --git the paths to compare "
            "(default: the repository).",
            metavar="BASE HEAD | PATH",
            show_default=False,
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git", help="Compare the working tree with this git revision.", metavar="REF"
        ),
    ] = None,
    fmt: Annotated[Format, format_option("diff")] = Format.text,
    output: OutputOpt = None,
    fail_on_increase: Annotated[
        bool,
        typer.Option(
            "--fail-on-increase",
            help="Exit 1 if any risk score went up, or if the two sides ran different rules.",
        ),
    ] = False,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    assume: AssumeOpt = None,
) -> None:
    """Risk before and after: scores, new and resolved findings, shares and cover moved."""
    from advisor import api
    from advisor.cli.assess_cmds import refuse_output
    from advisor.render import Options, module

    paths = files or []
    config = load_config({"assume": assume.value if assume else None}, config_file, no_config)
    inputs = [*paths, *([config.file] if config.file else [])]
    refuse_output(output, inputs)
    if git is not None:
        result = api.diff_git(git, paths, config, cwd=Path.cwd())
    elif len(paths) == 2:
        result = api.diff_files(paths[0], paths[1], config)
    else:
        raise UsageError("diff: give BASE HEAD (two profiles), or --git REF")
    emit(module(fmt, "diff").render(result, Options()), output, inputs)
    raise typer.Exit(1 if fail_on_increase and result.fails else 0)
