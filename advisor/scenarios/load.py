"""Read scenarios: the built-in ones (package data) and a user's files, strictly.

Every file goes through the strict YAML loader and the scenario models; a problem is reported
as file:line:col with the field path, like a profile's. A name without a ``.yaml``/``.yml``
suffix or a slash is a built-in scenario; anything else is a path.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from functools import lru_cache

from advisor import dataset
from advisor.errors import InputError, ScenarioError, UsageError, echo
from advisor.profile.build import build, cross_problems
from advisor.scenarios.models import Scenario, cross_checks
from advisor.yaml.loader import Document, load_file, load_text

#: The origin of a scenario shipped with advisor.
BUILTIN = "built-in"


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario, the located document it came from and its origin."""

    scenario: Scenario
    document: Document
    origin: str

    @property
    def id(self) -> str:
        """The scenario's name."""
        return self.scenario.id


def scenario_from(doc: Document, origin: str) -> LoadedScenario:
    """Validate a parsed document as a scenario, with the cross-field checks."""
    scenario = build(doc, Scenario, ScenarioError)
    problems = cross_problems(doc, cross_checks(scenario))
    if problems:
        raise ScenarioError(problems=problems)
    return LoadedScenario(scenario, doc, origin)


def load_scenario_file(path: str) -> LoadedScenario:
    """Read, parse and validate the scenario file at *path*; ScenarioError lists problems."""
    try:
        doc = load_file(path)
    except InputError as exc:
        raise ScenarioError(exc.message, exc.problems) from None
    return scenario_from(doc, path)


def is_path(name: str) -> bool:
    """True if *name* names a file rather than a built-in scenario."""
    return name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name


def resolve(name: str) -> LoadedScenario:
    """The built-in scenario called *name*, or the file at *name* if it looks like a path."""
    if is_path(name):
        return load_scenario_file(name)
    return builtin(name)


def builtin(name: str) -> LoadedScenario:
    """The built-in scenario *name*; UsageError with the known names if there is none."""
    found = {s.id: s for s in builtin_scenarios()}
    if name in found:
        return found[name]
    close = difflib.get_close_matches(name, list(found), n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise UsageError(
        f"no built-in scenario {echo(name)!r}{hint}; known: {', '.join(found)} "
        "(or give a path to a scenario file)"
    )


@lru_cache(maxsize=1)
def builtin_scenarios() -> tuple[LoadedScenario, ...]:
    """Every shipped scenario (from the built-in copy, or a newer ``mineral-advisor-data``:
    :mod:`advisor.dataset`), in file-name order; each file's name is its id."""
    shipped = dataset.in_use()
    named = (
        "scenarios" if shipped.origin == dataset.BUILTIN else f"{dataset.DIST_PACKAGE}/scenarios"
    )
    return read_folder(shipped.scenarios, named)


def read_folder(folder: str, named: str = "scenarios") -> tuple[LoadedScenario, ...]:
    """Every scenario file (``*.yaml``) in *folder*, in file-name order, each named
    ``NAMED/FILE`` in messages; its id must be its file's name."""
    names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))
    out = []
    for name in names:
        label = f"{named}/{name}"
        doc = load_text(dataset.text(os.path.join(folder, name)), label)
        loaded = scenario_from(doc, BUILTIN)
        if f"{loaded.id}.yaml" != name:
            raise ScenarioError(f"{label}: the id {loaded.id!r} must match the file name")
        out.append(loaded)
    return tuple(out)
