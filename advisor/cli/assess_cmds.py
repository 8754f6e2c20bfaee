"""`advisor assess`: ranked, explained recommendations for one or more profiles.

Also the option types and output helpers that `advisor check` shares.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor import escape
from advisor.api import FAIL_ON, SEVERITIES, FailOn, Severity
from advisor.cli.choices import metavar, parser
from advisor.cli.format_opt import format_option
from advisor.cli.stress import scenario_files, stressed
from advisor.errors import UsageError
from advisor.render import Format, Options

if TYPE_CHECKING:
    from advisor.api import Assessment, Config, RuleSet


def register(app: typer.Typer) -> None:
    """Add `assess` to *app*."""
    app.command("assess")(assess)


RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="Extra rule pack (file or folder); repeatable.",
        show_default=False,
        metavar="PACK",
    ),
]
MaxAgeOpt = Annotated[
    int | None,
    typer.Option(
        "--max-age-days",
        min=0,
        help="Note reference data older than this (before as_of) [config; 730].",
        metavar="DAYS",
        show_default=False,
    ),
]
NoBuiltinOpt = Annotated[
    bool | None, typer.Option("--no-builtin", help="Use only the packs given with --rules.")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to this file.", metavar="FILE"),
]
FormatOpt = Annotated[Format, format_option("assessment")]
FailOnOpt = Annotated[
    FailOn | None,
    typer.Option("--fail-on", help="Exit 1 if a finding is at or above this [config; none].",
                 parser=parser(FAIL_ON), metavar=metavar(FAIL_ON), show_default=False),
]  # fmt: skip
MinSeverityOpt = Annotated[
    Severity | None,
    typer.Option("--min-severity", help="Hide recommendations below this [config; info].",
                 parser=parser(SEVERITIES), metavar=metavar(SEVERITIES), show_default=False),
]  # fmt: skip
TopOpt = Annotated[
    int | None,
    typer.Option("--top", min=1, help="Show only the first N recommendations.", metavar="N"),
]
SecurityOpt = Annotated[
    bool | None,
    typer.Option("--sarif-security-severity",
                 help="SARIF: rate each rule's security severity, so that GitHub code scanning "
                 "files the findings as security alerts [config; off].", show_default=False),
]  # fmt: skip
WithScenariosOpt = Annotated[
    bool, typer.Option("--with-scenarios", help="Add stress tests: every built-in scenario.")
]
AddScenarioOpt = Annotated[
    list[str] | None,
    typer.Option("--scenario", metavar="NAME", help="Add this stress test (name or file)."),
]
TimestampOpt = Annotated[
    str | None,
    typer.Option(
        "--timestamp", help="Stamp machine-readable reports with this time.", metavar="TIME"
    ),
]


class Assume(str, Enum):
    """The planning assumption for export-control states the reference data does not know."""

    suspended = "suspended"
    in_force = "in-force"


AssumeOpt = Annotated[
    Assume | None,
    typer.Option(
        "--assume",
        help="Take export-control states the data does not know (e.g. after a suspension ran "
        "out) as suspended (default) or in-force; every report shows which.",
    ),
]
DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Reference-data file that overrides or extends the built-in data.",
        metavar="FILE",
    ),
]


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (default: .advisor.yaml or pyproject.toml "
                 "[tool.advisor], found upward from here).", metavar="FILE"),
]  # fmt: skip
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Read no config file.")]


def load_config(given: dict[str, Any], file: Path | None, no_config: bool) -> Config:
    """The effective config of any command: the flags given (None: not given), the ADVISOR_*
    environment, the config file, the defaults."""
    from advisor import api

    flags = {k: _plain(v) for k, v in given.items() if v is not None}
    return api.load_config(flags, os.environ, cwd=Path.cwd(), file=file, use_file=not no_config)


def plan(config: Config) -> str | None:
    """The planning assumption *config* chose (flag, environment or file), or None for the
    default (which reports mark as the default)."""
    return str(config["assume"]) if config.given("assume") else None


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return value


def assess(
    profiles: Annotated[
        list[str],
        typer.Argument(help="Profile files; - reads one from standard input.", metavar="PROFILE"),
    ],
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    rules: RulesOpt = None,
    no_builtin: NoBuiltinOpt = None,
    data: DataOpt = None,
    max_age_days: MaxAgeOpt = None,
    fail_on: FailOnOpt = None,
    top: TopOpt = None,
    min_severity: MinSeverityOpt = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Break every score into its terms.")
    ] = False,
    timestamp: TimestampOpt = None,
    with_scenarios: WithScenariosOpt = False,
    scenario: AddScenarioOpt = None,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    security_severity: SecurityOpt = None,
    assume: AssumeOpt = None,
) -> None:
    """Assess profiles and print what to do first, ranked and explained."""
    given = {"rules": rules, "builtin": False if no_builtin else None, "data": data,
             "max-age-days": max_age_days, "fail-on": fail_on, "min-severity": min_severity,
             "sarif-security-severity": security_severity, "assume": assume}  # fmt: skip
    config = load_config(given, config_file, no_config)
    asked = Options(top=top, explain=explain, timestamp=timestamp)
    _report(profiles, config, fmt, output, asked, (scenario, with_scenarios))


def _report(
    profiles: list[str],
    config: Config,
    fmt: Format,
    output: Path | None,
    asked: Options,
    stress: tuple[list[str] | None, bool],
) -> None:
    """Assess *profiles* as *config* says and write the report (exits)."""
    from dataclasses import replace

    scenarios = scenario_files(stress[0])
    refuse_output(output, [*profiles, *config["rules"], config["data"], config.file, *scenarios])
    results, ruleset = run(profiles, config, _shown(fmt))
    results = stressed(results, profiles, stress[0], stress[1], config["data"], plan(config))
    options = replace(
        asked,
        **_report_context(results, ruleset),
        width=80 if output or not sys.stdout.isatty() else min(120, _width()),
        color=output is None and _color(),
        min_severity=config["min-severity"],
        fail_on=gate(config, "none"),
        security_severity=config["sarif-security-severity"],
    )
    inputs = [*run_inputs(profiles, ruleset, config), *scenarios]
    _finish(results, fmt, options, output, inputs)


def gate(config: Config, default: str) -> str | None:
    """The fail-on threshold of a command whose own default is *default* (``none`` for
    assess, whose exit code is not a gate unless asked): the config's when it was given."""
    chosen = config["fail-on"] if config.given("fail-on") else default
    return None if chosen == "none" else str(chosen)


def _shown(fmt: Format) -> bool:
    """Whether *fmt*, or the job summary it writes, prints recommendations (their specs say):
    work only for what is shown."""
    from advisor.render.spec import shows_recommendations

    extra = summary_format(fmt)
    return shows_recommendations([fmt, *([extra] if extra else [])])


def summary_format(fmt: Format) -> Format | None:
    """The format of the job summary a report in *fmt* also writes, in GitHub Actions only
    (``GITHUB_STEP_SUMMARY`` set); None elsewhere or if its spec names none."""
    from advisor.render import spec

    return spec(fmt).summary if os.environ.get("GITHUB_STEP_SUMMARY") else None


def refuse_output(output: Path | None, inputs: Sequence[str | Path | None]) -> None:
    """Refuse an unsafe ``-o`` before any work: not a new path or regular file, or an input."""
    if output is not None:
        from advisor.fsutil import check_output

        check_output(output, [p for p in inputs if p is not None and p != "-"])


def run_inputs(files: Sequence[str | Path], ruleset: RuleSet, config: Config) -> list[str | Path]:
    """Every file the run read: profiles, rule-pack files, the data file and the config."""
    from advisor import api

    packs = [
        p.origin for p in ruleset.packs if not api.is_builtin_pack(p.origin) and p.name != "config"
    ]
    return [*files, *packs, *(f for f in (config["data"], config.file) if f)]


def _finish(
    results: list[Assessment],
    fmt: Format,
    options: Options,
    output: Path | None,
    inputs: Sequence[str | Path] = (),
) -> None:
    from advisor.render import renderer

    text = renderer(fmt).render(results, options)
    emit(text, output, inputs)
    extra = summary_format(fmt)
    if extra is not None:
        summary = Path(os.environ["GITHUB_STEP_SUMMARY"])
        append_summary(summary, renderer(extra).render(results, options))
    raise typer.Exit(exit_code(results, options.fail_on))


def append_summary(path: Path, text: str) -> None:
    """Append *text* to the job summary in one write; a failure is a warning, not an error."""
    try:
        with path.open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        typer.echo(
            escape.line(
                f"advisor: warning: cannot append the report to GITHUB_STEP_SUMMARY ({path}): "
                f"{exc.strerror or exc}"
            ),
            err=True,
        )


def _report_context(results: list[Assessment], ruleset: RuleSet) -> dict[str, Any]:
    """The Options fields the report formats need: the paths shown and the rules' metadata."""
    cwd = Path.cwd()
    paths = {a.source: report_path(Path(a.source), cwd) for a in results}
    return {"paths": paths, "rules": ruleset.rules}


def report_path(path: Path, cwd: Path) -> str:
    """*path* relative to the repository root (the nearest folder up holding ``.git``), else
    to *cwd*; POSIX slashes, so reports name the file the same way on every machine."""
    from advisor import api

    return api.report_path(str(path), str(cwd))


def read_stdin() -> str:
    """Standard input as text, bounded by the file-size limit (ADVISOR_MAX_FILE_SIZE) and
    decoded as strictly as a file is."""
    from advisor import api
    from advisor.fsutil import read_stream

    raw = read_stream(sys.stdin.buffer, api.max_input_bytes())
    return api.decode_input(raw, "<stdin>")


def run(
    profiles: list[str], config: Config, recommend: bool = True
) -> tuple[list[Assessment], RuleSet]:
    """Load the packs, the data and every profile first (bad input fails before any output),
    then assess each as *config* says (with recommendations if *recommend*); ``-`` is a
    profile read from standard input."""
    from advisor import api

    ruleset = api.rules_for(config)
    reference = api.reference_for(config)
    days = int(config["max-age-days"])
    if "-" not in profiles:
        outcome = api.assess_all(
            profiles, ruleset, reference, max_age_days=days, recommend=recommend
        )
        return list(outcome.assessments), outcome.ruleset
    if len(profiles) > 1:
        raise UsageError("-: standard input can only be assessed on its own")
    loaded = api.parse_profile(read_stdin(), "<stdin>")
    assessed = api.assess(loaded, ruleset, reference, max_age_days=days, recommend=recommend)
    return [assessed], ruleset


def exit_code(results: list[Assessment], fail_on: str | None) -> int:
    """1 if any finding is at or above *fail_on*, else 0."""
    from advisor.api import severity_rank

    if fail_on is None:
        return 0
    floor = severity_rank(fail_on)
    hit = any(severity_rank(f.severity) >= floor for a in results for f in a.findings)
    return 1 if hit else 0


def emit(text: str, output: Path | None, inputs: Sequence[str | Path] = ()) -> None:
    """Write the report to *output* (atomically, never over one of *inputs*), or to stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from advisor.fsutil import write_output

    write_output(output, text, inputs)


def _width() -> int:
    """The terminal's width, or 80 where it reports none (a pty without a size reports 0)."""
    try:
        columns = os.get_terminal_size().columns
        return columns if columns >= 40 else 80
    except OSError:
        return 80


def _color() -> bool:
    """Colour on a terminal or with FORCE_COLOR; never with NO_COLOR (:mod:`advisor.cli.term`)."""
    from advisor.cli.term import color

    return color()
