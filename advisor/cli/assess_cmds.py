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
from advisor.errors import UsageError
from advisor.render import Format, Options

if TYPE_CHECKING:
    from advisor.engine.model import Assessment
    from advisor.rules.packs import RuleSet


class Severity(str, Enum):
    """Severities, least to most severe."""

    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class FailOn(str, Enum):
    """Threshold for exit code 1."""

    none = "none"
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


def register(app: typer.Typer) -> None:
    """Add `assess` to *app*."""
    app.command("assess")(assess)


#: The format names, for help text.
FORMATS = ", ".join(f.value for f in Format)

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
    int,
    typer.Option(
        "--max-age-days",
        min=0,
        help="Note reference data older than this (before as_of).",
        metavar="DAYS",
    ),
]
NoBuiltinOpt = Annotated[
    bool, typer.Option("--no-builtin", help="Use only the packs given with --rules.")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to this file.", metavar="FILE"),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
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


def assess(
    profiles: Annotated[
        list[str],
        typer.Argument(help="Profile files; - reads one from standard input.", metavar="PROFILE"),
    ],
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    rules: RulesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    data: DataOpt = None,
    max_age_days: MaxAgeOpt = 730,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 if a finding is at or above this.")
    ] = FailOn.none,
    top: Annotated[
        int | None,
        typer.Option("--top", min=1, help="Show only the first N recommendations.", metavar="N"),
    ] = None,
    min_severity: Annotated[
        Severity, typer.Option("--min-severity", help="Hide recommendations below this.")
    ] = Severity.info,
    explain: Annotated[
        bool, typer.Option("--explain", help="Break every score into its terms.")
    ] = False,
    timestamp: TimestampOpt = None,
    with_scenarios: WithScenariosOpt = False,
    scenario: AddScenarioOpt = None,
    assume: AssumeOpt = None,
) -> None:
    """Assess profiles and print what to do first, ranked and explained."""
    from advisor.cli.stress import stressed

    refuse_output(output, [*profiles, *(rules or []), data])
    plan = assume.value if assume else None
    results, ruleset = run(profiles, rules, no_builtin, data, max_age_days, _shown(fmt), plan)
    results = stressed(results, profiles, scenario, with_scenarios, data, plan)
    options = Options(
        **_report_context(results, ruleset),
        width=80 if output or not sys.stdout.isatty() else min(120, _width()),
        color=output is None and _color(),
        top=top,
        min_severity=min_severity.value,
        explain=explain,
        fail_on=None if fail_on is FailOn.none else fail_on.value,
        timestamp=timestamp,
    )
    _finish(results, fmt, options, output, run_inputs(profiles, ruleset, data))


def _shown(fmt: Format) -> bool:
    """Whether *fmt* prints recommendations (work only for what is shown); the github format's
    job summary is markdown, which does."""
    from advisor.render import SHOWS_RECOMMENDATIONS

    summary = fmt is Format.github and bool(os.environ.get("GITHUB_STEP_SUMMARY"))
    return fmt in SHOWS_RECOMMENDATIONS or summary


def refuse_output(output: Path | None, inputs: Sequence[str | Path | None]) -> None:
    """Refuse an unsafe ``-o`` before any work: not a new path or regular file, or an input."""
    if output is not None:
        from advisor.fsutil import check_output

        check_output(output, [p for p in inputs if p is not None and p != "-"])


def run_inputs(
    files: Sequence[str | Path], ruleset: RuleSet, data: Path | None
) -> list[str | Path]:
    """Every file the run read: profiles, rule-pack files and the data file."""
    from advisor.rules.packs import BUILTIN

    packs = [p.origin for p in ruleset.packs if p.origin != BUILTIN]
    return [*files, *packs, *([data] if data else [])]


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
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt is Format.github and summary:
        append_summary(Path(summary), renderer(Format.markdown).render(results, options))
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
    from advisor.gate.scan import report_path as relative

    return relative(str(path), str(cwd))


def run(
    profiles: list[str],
    rules: list[Path] | None,
    no_builtin: bool,
    data: Path | None,
    max_age_days: int = 730,
    recommend: bool = True,
    assume: str | None = None,
) -> tuple[list[Assessment], RuleSet]:
    """Load the packs, the data and every profile first (bad input fails before any output),
    then assess each (with recommendations if *recommend*) under the planning assumption
    *assume* (None: the default); ``-`` is a profile read from standard input."""
    from advisor import api

    ruleset = api.load_rules(rules or [], builtin=not no_builtin)
    reference = api.load_reference(data, assume=assume)
    if "-" not in profiles:
        outcome = api.assess_all(
            profiles, ruleset, reference, max_age_days=max_age_days, recommend=recommend
        )
        return list(outcome.assessments), outcome.ruleset
    if len(profiles) > 1:
        raise UsageError("-: standard input can only be assessed on its own")
    loaded = api.parse_profile(sys.stdin.read(), "<stdin>")
    assessed = api.assess(
        loaded, ruleset, reference, max_age_days=max_age_days, recommend=recommend
    )
    return [assessed], ruleset


def exit_code(results: list[Assessment], fail_on: str | None) -> int:
    """1 if any finding is at or above *fail_on*, else 0."""
    from advisor.engine.scoring import severity_rank

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
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()
