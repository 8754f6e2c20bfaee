"""`advisor assess`: ranked, explained recommendations for one or more profiles."""

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

if TYPE_CHECKING:
    from advisor.engine.model import Assessment
    from advisor.render import Format, Options
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
    """Add `assess` and `check` to *app*."""
    app.command("assess")(assess)
    app.command("check")(check)


#: The format names, for help text (kept here so that the help needs no import of renderers).
FORMATS = "table, lines, markdown, json, sarif, junit, github"

RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules", help="Extra rule pack (file or folder); repeatable.", show_default=False
    ),
]
MaxAgeOpt = Annotated[
    int,
    typer.Option(
        "--max-age-days", min=0, help="Note reference data older than this (before as_of)."
    ),
]
NoBuiltinOpt = Annotated[
    bool, typer.Option("--no-builtin", help="Use only the packs given with --rules.")
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help=f"Output format: {FORMATS}.")]
DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Reference-data file that overrides or extends the built-in data."),
]


def assess(
    profiles: Annotated[list[Path], typer.Argument(help="Profile files.", metavar="PROFILE")],
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    rules: RulesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    data: DataOpt = None,
    max_age_days: MaxAgeOpt = 730,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 if a finding is at or above this.")
    ] = FailOn.none,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Show only the first N recommendations.")
    ] = None,
    min_severity: Annotated[
        Severity, typer.Option("--min-severity", help="Hide recommendations below this.")
    ] = Severity.info,
    explain: Annotated[
        bool, typer.Option("--explain", help="Break every score into its terms.")
    ] = False,
    timestamp: Annotated[
        str | None,
        typer.Option("--timestamp", help="Stamp machine-readable reports with this time."),
    ] = None,
) -> None:
    """Assess profiles and print what to do first, ranked and explained."""
    from advisor.render import Options

    chosen = _format(fmt)
    refuse_output(output, [*profiles, *(rules or []), data])
    results, ruleset = run(profiles, rules or [], no_builtin, data, max_age_days=max_age_days)
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
    _finish(results, chosen, options, output, run_inputs(profiles, ruleset, data))


def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Profile files or folders of them.", metavar="PATH")
    ],
    fmt: FormatOpt = "lines",
    output: OutputOpt = None,
    rules: RulesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    data: DataOpt = None,
    max_age_days: MaxAgeOpt = 730,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 if a finding is at or above this.")
    ] = FailOn.high,
    min_severity: Annotated[
        Severity, typer.Option("--min-severity", help="Hide findings below this.")
    ] = Severity.info,
) -> None:
    """CI check: every profile under PATH..., one line per finding, exit 1 at --fail-on."""
    from advisor.render import Options

    chosen = _format(fmt)
    files = expand(paths)
    refuse_output(output, [*files, *(rules or []), data])
    # a CI check skips YAML files that are not profiles at all (pre-commit passes every one)
    results, ruleset = run(files, rules or [], no_builtin, data, True, max_age_days)
    options = Options(
        **_report_context(results, ruleset),
        min_severity=min_severity.value,
        fail_on=None if fail_on is FailOn.none else fail_on.value,
    )
    _finish(results, chosen, options, output, run_inputs(files, ruleset, data))


def _format(name: str) -> Format:
    from advisor.render import Format

    try:
        return Format(name)
    except ValueError:
        names = ", ".join(f.value for f in Format)
        raise UsageError(f"--format: {name!r} is not one of: {names}") from None


def refuse_output(output: Path | None, inputs: Sequence[Path | None]) -> None:
    """Refuse an unsafe ``-o`` before any work: not a new path or regular file, or an input."""
    if output is not None:
        from advisor.fsutil import check_output

        check_output(output, [p for p in inputs if p is not None])


def run_inputs(files: Sequence[Path], ruleset: RuleSet, data: Path | None) -> list[str | Path]:
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
    from advisor.render import Format, renderer

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
    absolute = Path(os.path.abspath(cwd / path))
    for folder in absolute.parents:
        if (folder / ".git").exists():
            return absolute.relative_to(folder).as_posix()
    try:
        return Path(os.path.relpath(absolute, cwd)).as_posix()
    except ValueError:  # another drive on Windows
        return absolute.name


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders become every *.yaml/*.yml below them.

    Hidden folders are skipped and symbolic links to folders are not followed (no cycles).
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(_yaml_below(path))
            if not found:
                raise UsageError(f"{path}: no *.yaml or *.yml files in this folder")
            files.extend(found)
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _yaml_below(folder: Path) -> list[Path]:
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root) / n for n in names if n.endswith((".yaml", ".yml"))]
    return [p for p in found if p.is_file()]


def run(
    profiles: list[Path],
    rules: list[Path],
    no_builtin: bool,
    data: Path | None,
    skip_non_profiles: bool = False,
    max_age_days: int = 730,
) -> tuple[list[Assessment], RuleSet]:
    """Load the packs, the data and every profile first (bad input fails before any output),
    then assess each; with *skip_non_profiles*, a file that is no profile at all is skipped.
    """
    from advisor import api

    outcome = api.assess_all(
        profiles,
        api.load_rules(rules, builtin=not no_builtin),
        api.load_reference(data),
        skip_non_profiles=skip_non_profiles,
        on_skip=lambda path: typer.echo(
            escape.line(f"{path}: skipped, not a supplier profile"), err=True
        ),
        max_age_days=max_age_days,
    )
    return list(outcome.assessments), outcome.ruleset


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
