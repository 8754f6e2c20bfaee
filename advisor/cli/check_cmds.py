"""`advisor check`: the CI gate over every profile of a repository, and `advisor config show`.

The human report goes to stdout (``--format``, default ``lines``), each machine format to its
own file (``--sarif-output``, ``--junit-output``, ``--json-output``, ``--html-output``),
progress and the summary to stderr. Exit 2 when a file could not be checked (every format still
carries the results of the others), else 1 when a finding that no waiver or baseline covers is
at or above ``--fail-on`` or a waiver has expired, else 0.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from advisor import escape
from advisor.cli.assess_cmds import (
    AssumeOpt,
    DataOpt,
    OutputOpt,
    RulesOpt,
    SecurityOpt,
    append_summary,
    read_stdin,
    summary_format,
)
from advisor.cli.check_opts import (
    BaselineOpt,
    BaselineRefOpt,
    CheckFormatOpt,
    ConfigOpt,
    FailOnOpt,
    GlobOpt,
    HtmlOpt,
    JobsOpt,
    JsonOpt,
    JunitOpt,
    MaxAge,
    MaxDataAge,
    MinSevOpt,
    NoBuiltinFlag,
    NoConfigOpt,
    NoInlineOpt,
    PathsArg,
    QuietOpt,
    RunsOutOpt,
    SarifOpt,
    StressOpt,
    TodayOpt,
    WaiversOpt,
    WriteBaselineOpt,
    load_config,
)
from advisor.cli.check_report import emit_parts, report
from advisor.cli.stress import failing_if, scenario_files, stress_gate
from advisor.errors import UsageError
from advisor.render import Format

if TYPE_CHECKING:
    from advisor.api import CheckRun, Config
    from advisor.cli.check_report import Spooled, Whole
    from advisor.render import Options


def register(app: typer.Typer) -> None:
    """Add `check` and `config` to *app*."""
    app.command("check")(check)
    config_app = typer.Typer(help="The effective configuration.", no_args_is_help=True)
    config_app.command("show")(config_show)
    app.add_typer(config_app, name="config")


def check(
    paths: PathsArg = None,
    fmt: CheckFormatOpt = Format.lines,
    output: OutputOpt = None,
    sarif_output: SarifOpt = None,
    junit_output: JunitOpt = None,
    json_output: JsonOpt = None,
    html_output: HtmlOpt = None,
    rules: RulesOpt = None,
    no_builtin: NoBuiltinFlag = None,
    data: DataOpt = None,
    max_age_days: MaxAge = None,
    max_data_age: MaxDataAge = None,
    fail_on: FailOnOpt = None,
    min_severity: MinSevOpt = None,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    waivers: WaiversOpt = None,
    no_inline_waivers: NoInlineOpt = None,
    baseline: BaselineOpt = None,
    baseline_ref: BaselineRefOpt = None,
    write_baseline: WriteBaselineOpt = None,
    glob: GlobOpt = None,
    jobs: JobsOpt = None,
    today: TodayOpt = None,
    quiet: QuietOpt = False,
    scenario: StressOpt = None,
    runs_out_within: RunsOutOpt = None,
    security_severity: SecurityOpt = None,
    assume: AssumeOpt = None,
) -> None:
    """CI check: every profile under PATH..., one line per finding, exit 1 at --fail-on."""
    config = load_config({
        "rules": rules, "builtin": False if no_builtin else None, "data": data,
        "max-age-days": max_age_days, "max-data-age": max_data_age, "fail-on": fail_on,
        "min-severity": min_severity, "waivers": waivers, "baseline": baseline, "globs": glob,
        "inline-waivers": False if no_inline_waivers else None, "jobs": jobs,
        "sarif-security-severity": security_severity, "assume": assume,
    }, config_file, no_config)  # fmt: skip
    extra = [sarif_output, junit_output, json_output, html_output]
    outputs, whole, stdin = _prepare(paths, scenario, config, (fmt, output, extra), write_baseline)
    with report(outputs, _gate_options(config), whole) as out:
        run = _run(paths or [], config, [f for f, _ in outputs], baseline_ref, today, quiet, out,
                   write_baseline is not None, stdin)  # fmt: skip
        options = _options(run, config)
        failing = _write(run, out, options, write_baseline, (config, scenario))
    _summarise(run, failing, options, (fmt, output), quiet)
    with failing_if(_stress(run, scenario, runs_out_within, config, stdin)):
        raise typer.Exit(exit_code(run, failing, options))


#: The formats of ``--sarif-output``, ``--junit-output``, ``--json-output``, ``--html-output``.
EXTRA = (Format.sarif, Format.junit, Format.json, Format.html)


def _prepare(
    paths: list[str] | None,
    scenario: list[str] | None,
    config: Config,
    shown: tuple[Format, Path | None, list[Path | None]],
    write_baseline: Path | None,
) -> tuple[list[tuple[Format, Path | None]], bool, str | None]:
    """Before any work: refuse outputs that cannot be written (or would replace an input),
    then the outputs asked for (the report *shown* and its extra files, by :data:`EXTRA`),
    whether the reports need every file's results at once (a job summary, stress tests), and
    standard input when ``-`` is checked."""
    asked = [(shown[0], shown[1]), *zip(EXTRA, shown[2], strict=True)]
    inputs = known_inputs(paths, scenario, config, write_baseline)
    writable([path for _, path in asked] + [write_baseline], inputs)
    outputs = [asked[0], *((f, p) for f, p in asked[1:] if p is not None)]
    whole = bool(scenario) or summary_format(asked[0][0]) is not None
    return outputs, whole, read_stdin() if "-" in (paths or []) else None


def _summarise(
    run: CheckRun, failing: int, options: Options, shown: tuple[Format, Path | None], quiet: bool
) -> None:
    """The job summary in GitHub Actions, and the summary on standard error."""
    fmt, output = shown
    _job_summary(run, fmt, options)
    if not quiet or (run.errors and not _embeds_errors(fmt, output)):
        _tell(run, failing, options, fmt, output, quiet)


def _stress(
    run: CheckRun, names: list[str] | None, within: int | None, config: Config, stdin: str | None
) -> list[str]:
    """`check --scenario`: the stress-gate lines, under the config's planning assumption
    (a profile read from standard input is stress-tested from the text read)."""
    assumed = None if config.sources["assume"] == "default" else config["assume"]
    return stress_gate(list(run.assessments), names, within, config["data"], stdin, assumed)


def _write(
    run: CheckRun,
    out: Whole | Spooled,
    options: Options,
    write_baseline: Path | None,
    read: tuple[Config, list[str] | None],
) -> int:
    """Write the reports, then the baseline file if asked; the count of failing findings. No
    output may replace a file the run read (the config *read* with, and the scenarios)."""
    from advisor.fsutil import check_output

    inputs = run_inputs(run, read[0], read[1], write_baseline)
    texts = out.texts(run, options)
    if write_baseline is not None:
        from advisor.api import baseline_text

        texts.append(([baseline_text(run)], write_baseline))
    for _, path in texts:  # every output checked before any is written
        if path is not None:
            check_output(path, inputs)
    for parts, path in texts:
        emit_parts(parts, path, inputs)
    return out.failing(run, options)


def known_inputs(
    paths: list[str] | None,
    scenarios: list[str] | None,
    config: Config,
    write_baseline: Path | None = None,
) -> list[str]:
    """The inputs of a check known before it runs: the files named, scenario files, the data,
    waivers and baseline files, the rule packs and the config file (the config's baseline is
    none when *write_baseline* renews it)."""
    found = [*(p for p in paths or [] if p != "-"), *scenario_files(scenarios)]
    found += [str(config[k]) for k in ("data", "waivers") if config[k]]
    found += _baseline_read(config, write_baseline)
    return found + [str(p) for p in config["rules"]] + ([str(config.file)] if config.file else [])


def _baseline_read(config: Config, write_baseline: Path | None) -> list[str]:
    """The config's baseline as an input of the run, unless it is the file *write_baseline*
    renews (a first baseline, or a renewed one: then it is an output)."""
    baseline = config["baseline"]
    if not baseline:
        return []
    renewed = write_baseline is not None and Path(baseline).resolve() == write_baseline.resolve()
    return [] if renewed else [str(baseline)]


def writable(paths: list[Path | None], inputs: list[str]) -> None:
    """Refuse before the work an output that cannot be written: a folder, a missing folder,
    one of the *inputs* known before the run, or the same file named twice."""
    from advisor.fsutil import check_output

    chosen = [p for p in paths if p is not None]
    for path in chosen:
        check_output(path, inputs)  # a new path or a regular file, never an input
        if not path.resolve().parent.is_dir():
            raise UsageError(f"{path}: the folder {path.parent} does not exist")
    seen = [p.resolve() for p in chosen]
    for path in chosen:
        if seen.count(path.resolve()) > 1:
            raise UsageError(f"{path}: named for two outputs")


def run_inputs(
    run: CheckRun,
    config: Config,
    scenarios: list[str] | None = None,
    write_baseline: Path | None = None,
) -> list[str]:
    """Every file the check read, which no output may replace: profiles (and files skipped or
    not checked), rule packs, the data file, waivers, the baseline, the config file and the
    scenario files. The config's baseline is no input when it is the file *write_baseline*
    renews."""
    from advisor.api import is_builtin_pack

    files = [*run.paths, *run.skipped, *(p.file for p in run.errors)]
    files += [p.origin for p in run.ruleset.packs if not is_builtin_pack(p.origin)]
    files += [str(config[key]) for key in ("data", "waivers") if config[key]]
    files += _baseline_read(config, write_baseline)
    files += [*([str(config.file)] if config.file else []), *scenario_files(scenarios)]
    return [f for f in files if f != "-"]


def _run(
    paths: list[str],
    config: Config,
    formats: list[Format],
    ref: str | None,
    today: dt.datetime | None,
    quiet: bool,
    out: Whole | Spooled,
    record: bool,
    stdin: str | None,
) -> CheckRun:
    """The check, each file's results cut down to what *formats* (and a job summary) read and
    handed to *out* as they come if it takes them, with recommendations if one of them shows
    them (their spec says); with *record*, every finding as a baseline entry."""
    from advisor import api
    from advisor.render.spec import shows_recommendations

    progress = _Progress() if not quiet and sys.stderr.isatty() else None
    extra = summary_format(formats[0])  # a job summary in another format
    formats = [*formats, *([extra] if extra else [])]
    recommend = shows_recommendations(formats)
    try:
        return api.check(paths, config, cwd=Path.cwd(), stdin=stdin, baseline_ref=ref,
                         today=today.date() if today else dt.date.today(), recommend=recommend,
                         on_progress=progress, keep=formats, on_file=out.on_file,
                         record=record)  # fmt: skip
    finally:
        if progress is not None:
            progress.close()


class _Progress:
    """A one-line progress bar on stderr (only used on a terminal)."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < 2:
            return
        filled = done * 30 // total
        bar = "#" * filled + "." * (30 - filled)
        sys.stderr.write(f"\radvisor: checking [{bar}] {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _gate_options(config: Config) -> Options:
    """What the formats need to know before the check: the findings shown and those that
    fail, which are always shown (exit code = report)."""
    from advisor.api import severity_rank
    from advisor.render import Options

    fail_on = None if config["fail-on"] == "none" else config["fail-on"]
    shown = config["min-severity"]
    if fail_on is not None and severity_rank(fail_on) < severity_rank(shown):
        shown = fail_on
    security = bool(config["sarif-security-severity"])
    return Options(min_severity=shown, fail_on=fail_on, security_severity=security)


def _options(run: CheckRun, config: Config) -> Options:
    """What the formats need, once the check is done."""
    from dataclasses import replace

    return replace(_gate_options(config), paths=run.paths, rules=run.ruleset.rules,
                   errors=run.errors, notices=run.notices)  # fmt: skip


def _job_summary(run: CheckRun, fmt: Format, options: Options) -> None:
    extra = summary_format(fmt)
    if extra is not None and run.assessments:
        from advisor.render import renderer

        summary = Path(os.environ["GITHUB_STEP_SUMMARY"])
        append_summary(summary, renderer(extra).render(run.assessments, options))


def _embeds_errors(fmt: Format, output: Path | None) -> bool:
    from advisor.render import spec

    return output is None and spec(fmt).tells_errors


def exit_code(run: CheckRun, failing: int, options: Options) -> int:
    """2 if a file could not be checked, else 1 on a *failing* finding, an expired waiver or
    data older than ``max-data-age`` (whatever ``--fail-on`` says)."""
    if run.errors:
        return 2
    if run.stale_data is not None:
        return 1
    if options.fail_on is None:
        return 0
    return 1 if failing or run.expired else 0


def _tell(
    run: CheckRun, failing: int, options: Options, fmt: Format, output: Path | None, quiet: bool
) -> None:
    """Errors (unless the report on stdout has them), notes and the summary, on stderr."""
    from advisor.render._common import problem_text

    if not _embeds_errors(fmt, output):
        for problem in run.errors:
            typer.echo(problem_text(problem), err=True)
    if quiet:
        return
    for source in run.skipped:
        typer.echo(escape.line(f"{source}: skipped, not a supplier profile"), err=True)
    typer.echo(escape.line(summary(run, failing, options)), err=True)


def summary(run: CheckRun, failing: int, options: Options) -> str:
    """``advisor: 3 profile(s) checked, 2 finding(s) at or above high, ...``."""
    parts = [f"{run.checked} profile(s) checked"]
    if options.fail_on is not None:
        parts.append(f"{failing} finding(s) at or above {options.fail_on}")
    if run.waived:
        parts.append(f"{run.waived} waived")
    if run.expired:
        parts.append(f"{run.expired} expired waiver(s)")
    if run.baseline is not None:
        new, known, fixed = run.baseline
        parts.append(f"baseline: {new} new, {known} known, {len(fixed)} fixed")
    if run.errors:
        parts.append(f"{len({p.file for p in run.errors})} file(s) could not be checked")
    if run.stale_data is not None:
        parts.append("reference data older than max-data-age")
    from advisor.api import rules_run

    return "advisor: " + ", ".join(parts) + "; " + rules_run(run.ruleset).text()


def config_show(
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Print the effective configuration and where each value came from."""
    from advisor.render import Options, module

    config = load_config({}, config_file, no_config)
    sys.stdout.write(module(Format.text, "config").render(config, Options()))


__all__ = ["UsageError", "check", "config_show", "exit_code", "register", "summary"]
