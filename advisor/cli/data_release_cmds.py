"""`advisor data version` and `advisor data changes`: which data release is in use, how old it
is, and what a new release changes (docs/data.md, "Data releases").

`data version` may read the clock (the age of the data is counted to today, or to ``--today``);
the engine never does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor.cli.assess_cmds import AssumeOpt
from advisor.cli.format_opt import format_option
from advisor.render.spec import Format

if TYPE_CHECKING:
    from advisor.api import Reference, Shipped


DataOption = Annotated[
    Path | None,
    typer.Option("--data", show_default=False, metavar="FILE",
                 help="Reference-data file that overrides or extends the shipped data."),
]  # fmt: skip
FormatOption = Annotated[Format, format_option("data-version", "--format")]
TodayOption = Annotated[
    dt.datetime | None,
    typer.Option("--today", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", show_default=False,
                 help="Count the data's age to this date (default: today)."),
]  # fmt: skip


OldArg = Annotated[
    str,
    typer.Argument(metavar="OLD", help="The old release: built-in, installed, a folder with "
                   "reference.yaml, or a reference file."),
]  # fmt: skip
NewArg = Annotated[str, typer.Argument(metavar="NEW", help="The new release, as OLD.")]
ProfilesArg = Annotated[
    list[str] | None,
    typer.Argument(metavar="PROFILE", show_default=False,
                   help="Profiles (or folders of them) to assess with each release."),
]  # fmt: skip
ChangesFormatOpt = Annotated[Format, format_option("data-changes")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file.", metavar="FILE")
]
FailOnChangeOpt = Annotated[
    bool,
    typer.Option("--fail-on-change", help="Exit 1 if a finding or score of a profile changed."),
]
FailOnIncreaseOpt = Annotated[
    bool, typer.Option("--fail-on-increase", help="Exit 1 if any risk score went up.")
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", metavar="FILE",
                 help="Config file (its rules, disable and parameters; not its data)."),
]  # fmt: skip
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Read no config file.")]


def register(group: typer.Typer) -> None:
    """Add `version` and `changes` to the `data` command group."""
    group.command("version")(version)
    group.command("changes")(changes)


# -- data version --------------------------------------------------------------------------------
def version(
    data: DataOption = None, fmt: FormatOption = Format.table, today: TodayOption = None
) -> None:
    """Which data is in use (built-in or mineral-advisor-data), its version, date and age."""
    from advisor import api

    ref = api.load_reference(data)
    payload = version_payload(ref, api.shipped_data(), today.date() if today else dt.date.today())
    from advisor.render import Options, module

    typer.echo(module(fmt, "data-version").render(payload, Options()), nl=False)


def version_payload(ref: Reference, choice: Any, today: dt.date) -> dict[str, Any]:
    """What `data version` reports, as plain JSON-ready data."""
    used = choice.used
    return {
        "in_use": used.origin,
        "release": used.version,
        "version": ref.version,
        "as_of": ref.compiled.isoformat(),
        "today": today.isoformat(),
        "age_days": (today - ref.compiled).days,
        "folder": used.folder,
        "overrides": [o for o in ref.origins if o != "built-in"],
        "built_in": _copy(choice.builtin),
        "installed": _copy(choice.installed) if choice.installed is not None else None,
        "installed_not_used": choice.passed_over,
    }


def _copy(shipped: Shipped) -> dict[str, Any]:
    return {
        "release": shipped.version,
        "date": shipped.date.isoformat() if shipped.date else None,
        "folder": shipped.folder,
    }


# -- data changes --------------------------------------------------------------------------------
def changes(
    old: OldArg,
    new: NewArg,
    profiles: ProfilesArg = None,
    fmt: ChangesFormatOpt = Format.text,
    output: OutputOpt = None,
    fail_on_change: FailOnChangeOpt = False,
    fail_on_increase: FailOnIncreaseOpt = False,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    assume: AssumeOpt = None,
) -> None:
    """What changed between two data releases, and which findings and scores of PROFILEs it
    changes (exit 0; 1 with --fail-on-change or --fail-on-increase when that happened)."""
    from advisor import api
    from advisor.cli.assess_cmds import emit
    from advisor.cli.check_opts import load_config
    from advisor.render import Options, module

    config = load_config({"assume": assume}, config_file, no_config)
    result = api.data_changes(old, new, profiles or [], config, cwd=Path.cwd())
    shown = module(fmt, "data-changes").render(result, Options())
    emit(shown, output, [old, new, *(profiles or [])])
    failed = (fail_on_change and result.changed) or (fail_on_increase and result.increased)
    raise typer.Exit(1 if failed else 0)
