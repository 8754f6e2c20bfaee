"""Which shipped data a run uses: the copy built into advisor, or a newer data distribution.

The reference data, the producers and the stress-test scenarios ship twice: inside advisor
(``advisor/data``, ``advisor.builtin_scenarios``) and as their own distribution,
``mineral-advisor-data``, whose package ``advisor_data`` holds the same files (see
``data-dist/`` and docs/data.md). A data set is named by its date, ``meta.compiled`` of its
``reference.yaml`` — the one place a data version lives — written as a version like tzdata's:
``2026-12-08`` is release ``2026.12.8``.

:func:`in_use` picks the installed distribution when it is newer than the built-in copy and
reads a file format this advisor knows; otherwise the built-in copy. ``ADVISOR_BUILTIN_DATA=1``
keeps the built-in copy whatever is installed. The choice costs a module lookup and two small
reads: no package metadata is read, nothing is imported from the distribution. Nothing here
reads the clock.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The distribution's name (what ``pip install`` takes) and its importable package.
DIST_NAME = "mineral-advisor-data"
DIST_PACKAGE = "advisor_data"
#: The origin of the copy inside advisor.
BUILTIN = "built-in"
#: The reference-data file formats this advisor reads.
FORMATS = (1,)
#: Set to 1 to use the built-in copy even when a newer distribution is installed.
ENV_BUILTIN = "ADVISOR_BUILTIN_DATA"


@dataclass(frozen=True)
class Shipped:
    """One copy of the shipped data: where it is, its date and the file format it uses."""

    #: ``built-in`` or ``mineral-advisor-data``.
    origin: str
    #: The folder holding reference.yaml and producers.yaml.
    folder: str
    #: The folder holding the scenario files ("" for the built-in copy: found when asked).
    scenario_folder: str
    #: ``meta.compiled`` of its reference.yaml; None if it could not be read.
    date: dt.date | None
    #: ``format`` of its reference.yaml (1 when not written).
    format: int

    @property
    def scenarios(self) -> str:
        """The folder holding the scenario files."""
        return self.scenario_folder or _builtin_scenarios()

    @property
    def version(self) -> str:
        """The release version: the date as ``YYYY.M.D`` (empty when the date is unknown)."""
        return release_version(self.date) if self.date is not None else ""

    @property
    def label(self) -> str:
        """How reports name it: ``built-in`` or ``mineral-advisor-data 2026.12.8``."""
        return self.origin if self.origin == BUILTIN else f"{self.origin} {self.version}"

    @property
    def reference(self) -> str:
        """The path of its reference.yaml."""
        return os.path.join(self.folder, "reference.yaml")

    @property
    def producers(self) -> str:
        """The path of its producers.yaml."""
        return os.path.join(self.folder, "producers.yaml")

    @property
    def file_label(self) -> str:
        """How messages name its reference file: a path inside the package, no absolute path."""
        return "advisor/data/reference.yaml" if self.origin == BUILTIN else (
            f"{DIST_PACKAGE}/reference.yaml"
        )  # fmt: skip

    def problem(self) -> str | None:
        """Why this copy cannot be used by this advisor, or None."""
        if not os.path.isfile(self.producers) or not os.path.isdir(self.scenarios):
            return "it has no producers.yaml or no scenarios folder"
        if self.date is None:
            return "its reference.yaml has no meta.compiled date"
        if self.format not in FORMATS:
            known = ", ".join(map(str, FORMATS))
            return (
                f"it uses data format {self.format} and this advisor reads format {known}: "
                "upgrade advisor to use it"
            )
        return None


def release_version(date: dt.date) -> str:
    """``2026-12-08`` → ``2026.12.8`` (the normal form of a date as a Python version)."""
    return f"{date.year}.{date.month}.{date.day}"


def read_date(text: str) -> dt.date | None:
    """``meta.compiled`` of a reference file's *text*, read line by line without parsing the
    YAML (the strict load checks it says the same); None if there is none."""
    value = _meta_value(text, "compiled")
    digits = value.replace("-", "")
    if len(value) != 10 or value[4] + value[7] != "--" or not digits.isdigit():
        return None
    try:
        return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return None


def read_format(text: str) -> int:
    """``format`` of a reference file's *text* (1 when not written; 0 when not a number)."""
    value = _top_value(text, "format")
    if not value:
        return 1
    return int(value) if value.isdigit() else 0


def _lines_after(text: str, key: str) -> tuple[str, int]:
    """The value written after the top-level ``key:`` and where its line ends (-1: no key)."""
    at = 0 if text.startswith(f"{key}:") else text.find(f"\n{key}:") + 1
    if at == 0 and not text.startswith(f"{key}:"):
        return "", -1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return _plain(text[at + len(key) + 1 : end]), end


def _top_value(text: str, key: str) -> str:
    return _lines_after(text, key)[0]


def _meta_value(text: str, key: str) -> str:
    """A scalar of the top-level ``meta`` mapping, as written ("" if not found)."""
    _, pos = _lines_after(text, "meta")
    while 0 <= pos < len(text):
        end = text.find("\n", pos + 1)
        end = len(text) if end < 0 else end
        line = text[pos + 1 : end]
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not line[0].isspace():
            return ""  # the next top-level key: meta is over
        if stripped.startswith(f"{key}:"):
            return _plain(stripped[len(key) + 1 :])
        pos = end
    return ""


def _plain(written: str) -> str:
    """A one-line scalar as written: comment, spaces and quotes off."""
    value = written.split(" #", 1)[0].strip()
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'" else value


@lru_cache(maxsize=32)
def text(path: str) -> str:
    """The text of a shipped file, read once per process."""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def describe(origin: str, folder: str, scenarios: str) -> Shipped:
    """The shipped copy in *folder* (scenario files in *scenarios*), its date and format read."""
    body = text(os.path.join(folder, "reference.yaml"))
    return Shipped(origin, folder, scenarios, read_date(body), read_format(body))


@lru_cache(maxsize=1)
def builtin() -> Shipped:
    """The copy inside advisor (its scenarios folder is found when first asked for)."""
    return describe(BUILTIN, str(Path(__file__).resolve().parent / "data"), "")


@lru_cache(maxsize=1)
def _builtin_scenarios() -> str:
    from importlib import resources

    return str(resources.files("advisor.builtin_scenarios"))


@lru_cache(maxsize=1)
def installed() -> Shipped | None:
    """The installed ``mineral-advisor-data``, or None when there is none."""
    from importlib.util import find_spec

    try:
        spec = find_spec(DIST_PACKAGE)
    except (ImportError, ValueError):
        return None
    places = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in places:
        if os.path.isfile(os.path.join(folder, "reference.yaml")):
            return describe(DIST_NAME, folder, os.path.join(folder, "scenarios"))
    return None


@dataclass(frozen=True)
class Choice:
    """The shipped data a run uses, and why the other copy is not used."""

    used: Shipped
    builtin: Shipped
    installed: Shipped | None
    #: Why the installed distribution is not used (None when it is, or there is none).
    passed_over: str | None


@lru_cache(maxsize=1)
def choice() -> Choice:
    """Which copy :func:`in_use` returns, and why."""
    own, dist = builtin(), installed()
    if dist is None:
        return Choice(own, own, None, None)
    if os.environ.get(ENV_BUILTIN, "") not in ("", "0"):
        return Choice(own, own, dist, f"{ENV_BUILTIN} is set")
    problem = dist.problem()
    if problem is not None:
        return Choice(own, own, dist, problem)
    assert dist.date is not None
    if own.date is not None and dist.date <= own.date:
        return Choice(own, own, dist, "it is not newer than the built-in copy")
    return Choice(dist, own, dist, None)


def in_use() -> Shipped:
    """The shipped data this run uses: the installed distribution when it is newer than the
    built-in copy (and of a format this advisor reads), else the built-in copy."""
    return choice().used


def reset() -> None:
    """Forget the choice (for tests that install or remove a distribution)."""
    for cached in (text, builtin, _builtin_scenarios, installed, choice):
        cached.cache_clear()
