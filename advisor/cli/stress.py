"""Which scenarios a command runs, and stress tests added to assessments."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from advisor.errors import UsageError

if TYPE_CHECKING:
    from advisor.engine.model import Assessment


def chosen(names: list[str] | None, everything: bool) -> list[str]:
    """The scenario names or paths to run: --scenario values, or every built-in with --all."""
    if everything:
        from advisor.scenarios.load import builtin_scenarios

        return list(dict.fromkeys([*(s.id for s in builtin_scenarios()), *(names or [])]))
    if not names:
        raise UsageError(
            "name a scenario with --scenario NAME (see `advisor scenarios list`) "
            "or run them all with --all"
        )
    return list(dict.fromkeys(names))


def with_stress_tests(
    results: list[Assessment], names: list[str] | None, everything: bool, data: Path | None
) -> list[Assessment]:
    """Each assessment with the chosen scenarios run on its profile (`assess --with-scenarios`)."""
    from dataclasses import replace

    from advisor import api

    ref = api.load_reference(data)
    scenarios = [api.load_scenario(n, ref) for n in chosen(names, everything)]
    return [
        replace(a, stress_tests=api.simulate(api.load_profile(a.source), scenarios, ref))
        for a in results
    ]
