"""`advisor simulate`, `advisor scenarios list|show|validate`: stress tests (docs/simulate.md)."""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor import escape
from advisor.cli.assess_cmds import AssumeOpt, ConfigOpt, NoConfigOpt
from advisor.cli.format_opt import format_option
from advisor.errors import UsageError
from advisor.render import Format

if TYPE_CHECKING:
    from advisor.api import LoadedScenario, Simulation
    from advisor.errors import Problem

scenarios_app = typer.Typer(
    name="scenarios",
    help="List, show and validate stress-test scenarios.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

ScenarioOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--scenario",
        "-s",
        metavar="NAME",
        help="Built-in scenario name or scenario file; repeatable.",
        show_default=False,
    ),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Run every built-in scenario.")]
DurationOpt = Annotated[
    int | None,
    typer.Option(
        "--duration",
        min=1,
        max=3650,
        help="Days each disruption lasts (default: the scenario's).",
        show_default=False,
    ),
]
StartOpt = Annotated[
    str | None,
    typer.Option(
        "--start",
        help="Start date YYYY-MM-DD (default: the profile's as_of).",
        show_default=False,
        metavar="YYYY-MM-DD",
    ),
]
RunsOutOpt = Annotated[
    int | None,
    typer.Option(
        "--fail-if-runs-out-within",
        min=0,
        metavar="DAYS",
        help="Exit 1 if any material runs out within DAYS of the start.",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add `simulate` and the `scenarios` group to *app*."""
    app.command("simulate")(simulate)
    app.add_typer(scenarios_app, name="scenarios")


def parse_start(text: str | None) -> dt.date | None:
    """The --start date, or None; UsageError for anything but a real YYYY-MM-DD date."""
    if text is None:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--start: expected a date as YYYY-MM-DD, got {text!r}") from None


def run_out_within(simulations: tuple[Simulation, ...], days: int | None) -> list[str]:
    """One line per material that runs out within *days* of the start (none without *days*)."""
    if days is None:
        return []
    return [
        escape.line(
            f"{s.profile}: {m.material} runs out on day {m.runs_out_day:g} under "
            f"{s.scenario} (limit {days} days)"
        )
        for s in simulations
        for m in s.materials
        if m.runs_out_day is not None and m.runs_out_day <= days
    ]


def simulate(
    profile: Annotated[Path, typer.Argument(help="Profile file.", metavar="PROFILE")],
    scenario: ScenarioOpt = None,
    everything: AllOpt = False,
    duration: DurationOpt = None,
    start: StartOpt = None,
    fmt: Annotated[Format, format_option("simulation")] = Format.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file.", metavar="FILE"),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Reference-data file over the built-in data.", metavar="FILE"),
    ] = None,
    fail_within: RunsOutOpt = None,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    assume: AssumeOpt = None,
) -> None:
    """Stress-test a profile: days of survival, shortfall, cost, units at risk, what helps."""
    from advisor import api
    from advisor.cli.assess_cmds import _width, emit, load_config, refuse_output, report_path
    from advisor.cli.stress import chosen, scenario_files
    from advisor.render import Options

    config = load_config({"data": data, "assume": assume}, config_file, no_config)
    names = chosen(scenario, everything)
    read = [config["data"], config.file, *scenario_files(names)]
    inputs: list[str | Path] = [profile, *(p for p in read if p)]
    refuse_output(output, inputs)
    begin = parse_start(start)
    ref = api.reference_for(config)
    loaded = api.load_profile(profile)
    sims = api.simulate(loaded, names, ref, start=begin, duration=duration)
    width = 80 if output or not sys.stdout.isatty() else min(120, _width())
    paths = {loaded.source: report_path(Path(loaded.source), Path.cwd())}
    options = Options(width=width, paths=paths, configuration=api.configuration(config))
    text = api.render_simulations(sims, fmt, options)
    emit(text, output, inputs)
    failing = run_out_within(sims, fail_within)
    for line in failing:
        typer.echo(line, err=True)
    raise typer.Exit(1 if failing else 0)


@scenarios_app.command("list")
def list_scenarios() -> None:
    """The built-in scenarios: name, duration and what happens."""
    from advisor.api import builtin_scenarios

    shipped = builtin_scenarios()
    wide = max(len(s.id) for s in shipped)
    for s in shipped:
        typer.echo(f"{s.id:<{wide}}  {s.scenario.duration_days:>4} d  {s.scenario.title}")


@scenarios_app.command("show")
def show(name: Annotated[str, typer.Argument(help="Built-in name or scenario file.")]) -> None:
    """One scenario in full: events, duration and why, sources, assumptions."""
    from advisor import api

    for line in describe(api.load_scenario(name)):
        typer.echo(line)


@scenarios_app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario files.", metavar="FILE")],
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Reference-data file over the built-in data.", metavar="FILE"),
    ] = None,
) -> None:
    """Check scenario files; one `path:line:col: field: problem` line per problem."""
    from advisor import api
    from advisor.errors import AdvisorError, ScenarioError

    ref = api.load_reference(data)
    problems = []
    for path in files:
        try:
            api.load_scenario(str(path) if _looks_like_path(str(path)) else f"./{path}", ref)
            typer.echo(f"{path}: ok")
        except AdvisorError as exc:
            problems += exc.problems or [_whole(str(path), exc.message)]
    if problems:
        raise ScenarioError(problems=problems)


def _looks_like_path(text: str) -> bool:
    from advisor.api import is_scenario_path

    return is_scenario_path(text)


def _whole(path: str, message: str) -> Problem:
    from advisor.errors import Problem

    return Problem(1, 1, "<document>", message.removeprefix(f"{path}: "), path)


def describe(loaded: LoadedScenario) -> list[str]:
    """The lines of `advisor scenarios show`."""
    s = loaded.scenario
    wrap = textwrap.TextWrapper(width=80, initial_indent="  ", subsequent_indent="  ")
    lines = [f"{s.id}: {s.title}", f"origin: {loaded.origin}", ""]
    lines += wrap.wrap(s.summary)
    lines += ["", f"duration: {s.duration_days} days", *wrap.wrap(s.duration_basis)]
    if s.alternative_premium is not None:
        lines.append(f"replacement premium: {float(s.alternative_premium):.0%}")
    lines += ["", "events:"]
    for event in s.events:
        shown = event.model_dump(exclude_defaults=True, mode="json")
        lines += wrap.wrap(", ".join(f"{k}: {v}" for k, v in shown.items()))
    lines += ["", "sources:"]
    for src in s.sources:
        where = src.url or src.via
        lines += wrap.wrap(f"{src.title}, {src.publisher} ({where}): {src.supports}")
    if s.reference_sources:
        lines.append(f"  reference data: {', '.join(s.reference_sources)}")
    lines += ["", "assumptions:"]
    lines += [part for a in s.assumptions for part in wrap.wrap(f"- {a}")]
    return lines
