"""The options of `advisor check` (and `advisor config show`), and the effective config they
make with the environment and the config file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from advisor.api import FAIL_ON, SEVERITIES, FailOn, Severity
from advisor.cli.assess_cmds import ConfigOpt, NoConfigOpt, load_config
from advisor.cli.choices import metavar, parser
from advisor.cli.format_opt import format_option
from advisor.render import Format

_OUT = "Also write the report in this format to FILE."
PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Profile files or folders of them; - reads one profile from standard input. "
        "Default: the folder of the config file, else the working folder.",
        metavar="PATH",
        show_default=False,
    ),
]
CheckFormatOpt = Annotated[Format, format_option("assessment", help="Report on standard output.")]
SarifOpt = Annotated[Path | None, typer.Option("--sarif-output", help=_OUT, metavar="FILE")]
JunitOpt = Annotated[Path | None, typer.Option("--junit-output", help=_OUT, metavar="FILE")]
JsonOpt = Annotated[Path | None, typer.Option("--json-output", help=_OUT, metavar="FILE")]
HtmlOpt = Annotated[Path | None, typer.Option("--html-output", help=_OUT, metavar="FILE")]
NoBuiltinFlag = Annotated[
    bool | None, typer.Option("--no-builtin", help="Use only the packs given with --rules.")
]
MaxAge = Annotated[
    int | None,
    typer.Option("--max-age-days", min=0, help="Note reference data older than this.",
                 show_default=False, metavar="DAYS"),
]  # fmt: skip
MaxDataAge = Annotated[
    int | None,
    typer.Option("--max-data-age", min=0, metavar="DAYS", show_default=False,
                 help="Exit 1 if the reference data in use is more than DAYS old today "
                 "[config; off]."),
]  # fmt: skip
FailOnOpt = Annotated[
    FailOn | None,
    typer.Option("--fail-on", help="Exit 1 on a finding at or above this [config; high].",
                 show_default=False, parser=parser(FAIL_ON), metavar=metavar(FAIL_ON)),
]  # fmt: skip
MinSevOpt = Annotated[
    Severity | None,
    typer.Option("--min-severity", help="Hide findings below this; findings at or above "
                 "--fail-on are always shown [config; info].", show_default=False,
                 parser=parser(SEVERITIES), metavar=metavar(SEVERITIES)),
]  # fmt: skip
WaiversOpt = Annotated[Path | None, typer.Option("--waivers", help="Waivers file.", metavar="FILE")]
NoInlineOpt = Annotated[
    bool | None,
    typer.Option("--no-inline-waivers", help="Ignore `# advisor: ignore[...]` comments."),
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option("--baseline", help="Fail only on findings not in this baseline.",
                 metavar="FILE"),
]  # fmt: skip
BaselineRefOpt = Annotated[
    str | None,
    typer.Option("--baseline-ref", help="Fail only on findings not present at this git "
                 "revision.", metavar="REF"),
]  # fmt: skip
WriteBaselineOpt = Annotated[
    Path | None,
    typer.Option("--write-baseline", help="Record today's findings in FILE.", metavar="FILE"),
]
GlobOpt = Annotated[
    list[str] | None,
    typer.Option("--glob", help="Also check files matching this in folders; repeatable.",
                 show_default=False, metavar="GLOB"),
]  # fmt: skip
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=0, help="Processes (0: one per core, 1: serial).",
                 show_default=False, metavar="N"),
]  # fmt: skip
TodayOpt = Annotated[
    dt.datetime | None,
    typer.Option("--today", formats=["%Y-%m-%d"], show_default=False, metavar="YYYY-MM-DD",
                 help="The date waivers expire against and --max-data-age counts to."),
]  # fmt: skip
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress, notes or summary on stderr.")
]


StressOpt = Annotated[
    list[str] | None,
    typer.Option("--scenario", metavar="NAME", help="Stress test (name or file); repeatable."),
]
RunsOutOpt = Annotated[
    int | None,
    typer.Option("--fail-if-runs-out-within", min=0, metavar="DAYS",
                 help="With --scenario: exit 1 if a material runs out within DAYS."),
]  # fmt: skip


__all__ = ["ConfigOpt", "NoConfigOpt", "load_config"]
