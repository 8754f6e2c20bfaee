"""What changed between two releases of the shipped data, and what that changes for profiles.

A release is the reference data with, when given, its producers and scenarios: the built-in
copy (``built-in``), the installed ``mineral-advisor-data`` (``installed``), a folder holding
``reference.yaml`` (``producers.yaml`` and ``scenarios/`` when there), a source tree holding
``advisor/data/reference.yaml``, or one reference file. Each release is read as strictly as
shipped data. The data changes are listed entry by entry (a control, a dataset, a price
series, a source, a producer, a scenario: added, removed, or which of its fields changed from
what to what). Each profile given is then assessed with the rules and each release's reference
data, and its findings compared by fingerprint (new, resolved, scored differently) and its
scores compared (the risk diff of :mod:`advisor.gate.diff`): the offline form of an alert, for
a nightly job after an upgrade. Pure apart from reading the files named; no clock.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor import dataset
from advisor.engine.assess.diff_model import (
    EPSILON,
    DataChanges,
    EntryChange,
    FieldChange,
    ProfileChange,
    Rescored,
)
from advisor.engine.assess.model import Planning
from advisor.errors import DataError, ProfileError, UsageError, echo
from advisor.gate.check import Work, check_one
from advisor.gate.diff import compare
from advisor.gate.scan import Target

if TYPE_CHECKING:
    from pydantic import BaseModel

    from advisor.engine.assess.model import Assessment
    from advisor.gate.run import Config
    from advisor.reference.load import Reference
    from advisor.reference.models import ReferenceFile
    from advisor.rules.packs import RuleSet

#: The words that name a release rather than a path.
BUILTIN_WORD, INSTALLED_WORD = "built-in", "installed"


@dataclass(frozen=True)
class Release:
    """One release of the shipped data, read."""

    name: str
    label: str
    file: ReferenceFile
    reference: Reference
    #: Entries by section, for the sections this release has (producers, scenarios optional).
    sections: Mapping[str, Mapping[str, dict[str, Any]]]


@dataclass(frozen=True)
class _Files:
    """Where a release's files are, and how messages name them."""

    label: str
    reference: str
    reference_shown: str
    producers: str | None = None
    producers_shown: str = ""
    scenarios: str | None = None


def read_release(name: str) -> Release:
    """The release *name* names: ``built-in``, ``installed``, a folder or a reference file."""
    from advisor.reference.load import load_release, read_release_file

    files = _locate(name)
    file = read_release_file(files.reference, files.reference_shown)
    sections = _reference_sections(file)
    if files.producers is not None:
        sections["producers"] = _producers(files.producers, files.producers_shown)
    if files.scenarios is not None:
        sections["scenarios"] = _scenarios(files.scenarios)
    return Release(name, files.label, file, load_release(file, files.label), sections)


def _locate(name: str) -> _Files:
    if name in (BUILTIN_WORD, INSTALLED_WORD):
        return _shipped(name)
    path = Path(name)
    if path.is_file():
        return _Files(name, name, name)
    if not path.is_dir():
        raise UsageError(
            f"{echo(name)}: no such file or folder (or say {BUILTIN_WORD} or {INSTALLED_WORD})"
        )
    for folder, scenarios in ((path, path / "scenarios"),
                              (path / "advisor" / "data", path / "scenarios")):  # fmt: skip
        reference = folder / "reference.yaml"
        if reference.is_file():
            producers = folder / "producers.yaml"
            return _Files(
                name, str(reference), str(reference),
                str(producers) if producers.is_file() else None, str(producers),
                str(scenarios) if scenarios.is_dir() else None,
            )  # fmt: skip
    raise UsageError(f"{echo(name)}: no reference.yaml (nor advisor/data/reference.yaml) here")


def _shipped(name: str) -> _Files:
    shipped = dataset.builtin() if name == BUILTIN_WORD else dataset.installed()
    if shipped is None:
        raise UsageError(f"{dataset.DIST_NAME} is not installed (pip install {dataset.DIST_NAME})")
    package = "advisor/data" if name == BUILTIN_WORD else dataset.DIST_PACKAGE
    label = f"{shipped.origin} {shipped.version}"
    return _Files(label, shipped.reference, f"{package}/reference.yaml",
                  shipped.producers, f"{package}/producers.yaml", shipped.scenarios)  # fmt: skip


# -- entries of each section, flattened to comparable fields -------------------------------------
def _reference_sections(file: ReferenceFile) -> dict[str, Mapping[str, dict[str, Any]]]:
    def production_key(p: Any) -> str:
        kind = " projection" if p.projection else ""
        return f"{'/'.join(p.minerals)} {p.stage.value} {p.year}{kind}"

    return {
        "meta": {"meta": _flat(file.meta)},
        "controls": {c.id: _flat(c) for c in file.controls},
        "production": {production_key(p): _flat(p) for p in file.production},
        "prices": {f"{'/'.join(p.minerals)} {p.product}": _flat(p) for p in file.prices},
        "eu2023": {
            **{k: _flat(v) for k, v in file.eu2023.items()},
            **{k: _flat(v) for k, v in file.eu2023_groups.items()},
        },
        "benchmarks": {k: _flat(v) for k, v in file.benchmarks.items()},
        "sources": {k: _flat(v) for k, v in file.sources.items()},
        "minerals": {k: _flat(v) for k, v in file.minerals.items()},
        "claims": {str(c.number): _flat(c) for c in file.claims},
    }


def _producers(path: str, label: str) -> dict[str, dict[str, Any]]:
    from advisor.reference.producers import read_producers_file

    registry = read_producers_file(dataset.text(path), label)
    return {"checked": {"checked": registry.checked.isoformat()}} | {
        p.id: _flat(p) for p in registry.producers
    }


def _scenarios(folder: str) -> dict[str, dict[str, Any]]:
    from advisor.scenarios.load import read_folder

    return {s.id: _flat(s.scenario) for s in read_folder(folder)}


def _flat(model: BaseModel) -> dict[str, Any]:
    """Every leaf of *model* as ``path: value`` (JSON values), the paths as in the file."""
    out: dict[str, Any] = {}
    _walk(model.model_dump(mode="json"), "", out)
    return out


def _walk(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _walk(item, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
        for i, item in enumerate(value):
            _walk(item, f"{path}[{i}]", out)
    elif value not in (None, [], {}):
        out[path] = value


# -- comparing -----------------------------------------------------------------------------------
def entry_changes(old: Release, new: Release) -> tuple[tuple[str, ...], tuple[EntryChange, ...]]:
    """The sections both releases have, and every entry added, removed or changed in them."""
    sections = tuple(s for s in old.sections if s in new.sections)
    found: list[EntryChange] = []
    for section in sections:
        found += _section_changes(section, old.sections[section], new.sections[section])
    return sections, tuple(found)


def _section_changes(
    section: str, old: Mapping[str, dict[str, Any]], new: Mapping[str, dict[str, Any]]
) -> Iterator[EntryChange]:
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if before is None:
            yield EntryChange(section, key, "added")
        elif after is None:
            yield EntryChange(section, key, "removed")
        elif before != after:
            paths = dict.fromkeys([*before, *after])
            fields = [FieldChange(p, before.get(p), after.get(p)) for p in paths
                      if before.get(p) != after.get(p)]  # fmt: skip
            yield EntryChange(section, key, "changed", tuple(fields))


def profile_change(before: Assessment | None, after: Assessment | None, path: str) -> ProfileChange:
    """The risk diff of one profile assessed with each release, and its rescored findings."""
    from advisor.engine.assess.model import fingerprint

    old = {fingerprint(f): f for f in (before.findings if before else ())}
    rescored = [
        Rescored(old[k], f)
        for f in (after.findings if after else ())
        if (k := fingerprint(f)) in old
        and (old[k].severity != f.severity or abs(old[k].score.value - f.score.value) > EPSILON)
    ]
    return ProfileChange(compare(path, before, after), tuple(rescored))


def data_changes(old: str, new: str, profiles: Sequence[str], config: Config,
                 rules: RuleSet, cwd: Path, assume: str | None = None) -> DataChanges:  # fmt: skip
    """Compare the releases *old* and *new*, and what they make of each profile under
    *profiles* (with *rules*, the rule set *config* names; its data override is not used),
    under the planning assumption *assume* (None: the default)."""
    from advisor.gate.run import targets

    first, second = read_release(old), read_release(new)
    compared, entries = entry_changes(first, second)
    data = [r.reference.assuming(assume) for r in (first, second)]
    changes: list[ProfileChange] = []
    if profiles:
        found, problems = targets(profiles, config, cwd)
        if problems:
            raise UsageError(problems=problems)
        works = [Work(rules, ref, config["max-age-days"]) for ref in data]
        for target in found:
            before, after = (_assess(w, target) for w in works)
            changes.append(profile_change(before, after, target.path))
    planning = Planning(data[1].plan, data[1].plan_chosen)
    return DataChanges(first.label, second.label, compared, entries, tuple(changes), planning)


def _assess(work: Work, target: Target) -> Assessment:
    outcome = check_one(work, target)
    if outcome.problems or outcome.assessment is None:
        raise ProfileError(problems=list(outcome.problems)) if outcome.problems else UsageError(
            f"{echo(target.path)}: not a supplier profile"
        )  # fmt: skip
    return outcome.assessment


__all__ = ["DataChanges", "DataError", "EntryChange", "FieldChange", "ProfileChange",
           "Release", "Rescored", "data_changes", "entry_changes", "read_release"]  # fmt: skip
