"""`advisor report KIND PROFILE...`: drafted regulatory assessments (docs/reports.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.assess_cmds import ConfigOpt, DataOpt, NoConfigOpt, OutputOpt
from advisor.cli.format_opt import format_option
from advisor.render import Format

KINDS_HELP = "crma-art24, battery-due-diligence or oecd-step5."


def register(app: typer.Typer) -> None:
    """Add `report` to *app*."""
    app.command("report")(report)


def report(
    kind: Annotated[str, typer.Argument(help=f"The draft to write: {KINDS_HELP}", metavar="KIND")],
    profiles: Annotated[list[Path], typer.Argument(help="Profile files.", metavar="PROFILE")],
    fmt: Annotated[Format, format_option("regulatory")] = Format.markdown,
    output: OutputOpt = None,
    data: DataOpt = None,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Draft a regulatory assessment (a DRAFT to review) from each profile."""
    from advisor import api
    from advisor.cli.assess_cmds import emit, load_config, report_path
    from advisor.errors import UsageError

    if kind not in api.REPORT_KINDS:
        raise UsageError(f"report kind {kind!r} is not one of: {', '.join(api.REPORT_KINDS)}")
    config = load_config({"data": data}, config_file, no_config)
    loaded = [api.load_profile(p) for p in profiles]
    cwd = Path.cwd()
    drafts = [api.report(kind, p, config, shown=report_path(Path(p.source), cwd)) for p in loaded]
    text = api.render_report(drafts, fmt)
    inputs = [*profiles, *([config["data"]] if config["data"] else []), config.file]
    emit(text, output, [p for p in inputs if p])
