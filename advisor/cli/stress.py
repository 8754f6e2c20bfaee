"""Which scenarios a command runs, and stress tests added to assessments."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from advisor import escape
from advisor.errors import UsageError

if TYPE_CHECKING:
    from advisor.api import Assessment


def chosen(names: list[str] | None, everything: bool) -> list[str]:
    """The scenario names or paths to run: --scenario values, or every built-in with --all."""
    if everything:
        from advisor.api import builtin_scenarios

        return list(dict.fromkeys([*(s.id for s in builtin_scenarios()), *(names or [])]))
    if not names:
        raise UsageError(
            "name a scenario with --scenario NAME (see `advisor scenarios list`) "
            "or run them all with --all"
        )
    return list(dict.fromkeys(names))


def scenario_files(names: list[str] | None) -> list[str]:
    """The --scenario values that name files (inputs no output may replace)."""
    from advisor.api import is_scenario_path

    return [n for n in names or [] if is_scenario_path(n)]


def stressed(
    results: list[Assessment],
    profiles: list[str],
    names: list[str] | None,
    everything: bool,
    data: Path | None,
    assume: str | None = None,
) -> list[Assessment]:
    """`assess --with-scenarios` / `--scenario`: the results with their stress tests, if asked."""
    if not (names or everything):
        return results
    if "-" in profiles:
        raise UsageError("--with-scenarios: give the profile as a file, not on standard input")
    return with_stress_tests(results, names, everything, data, assume=assume)


def with_stress_tests(
    results: list[Assessment],
    names: list[str] | None,
    everything: bool,
    data: Path | None,
    texts: Mapping[str, str] | None = None,
    assume: str | None = None,
) -> list[Assessment]:
    """Each assessment with the chosen scenarios run on its profile (`assess --with-scenarios`),
    under the planning assumption *assume*; a profile whose source is in *texts* (standard
    input) is read from there, not from a file."""
    from dataclasses import replace

    from advisor import api

    ref = api.load_reference(data, assume=assume)
    scenarios = [api.load_scenario(n, ref) for n in chosen(names, everything)]
    given = texts or {}

    def profile(source: str) -> api.LoadedProfile:
        text = given.get(source)
        return api.load_profile(source) if text is None else api.parse_profile(text, source)

    return [
        replace(a, stress_tests=api.simulate(profile(a.source), scenarios, ref)) for a in results
    ]


def stress_gate(
    results: list[Assessment],
    names: list[str] | None,
    within: int | None,
    data: Path | None,
    stdin: str | None = None,
    assume: str | None = None,
) -> list[str]:
    """`check --scenario`: one line per material that runs out (within *within* days); the
    profile named ``<stdin>`` is *stdin*, the text read from standard input."""
    if not names:
        if within is not None:
            raise UsageError("--fail-if-runs-out-within needs --scenario NAME")
        return []
    texts = {"<stdin>": stdin} if stdin is not None else None
    tested = with_stress_tests(results, names, False, data, texts, assume)
    return [
        escape.line(
            f"{s.profile}:{m.line}:{m.col}: stress {s.scenario} [{m.material}] runs out on day "
            f"{m.runs_out_day:g} ({m.runs_out_date})"
            + ("" if within is None else f" (limit {within} days)")
        )
        for a in tested
        for s in a.stress_tests
        for m in s.materials
        if m.runs_out_day is not None and (within is None or m.runs_out_day <= within)
    ]


@contextmanager
def failing_if(lines: list[str]) -> Iterator[None]:
    """Print *lines* to stderr after the report, and exit 1 if there are any."""
    try:
        yield
    except typer.Exit as done:
        for line in lines:
            typer.echo(line, err=True)
        raise typer.Exit(max(done.exit_code, 1 if lines else 0)) from None
