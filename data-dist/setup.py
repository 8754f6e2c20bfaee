"""Build mineral-advisor-data from advisor's source tree.

In a source checkout the shipped data is copied in first: ``advisor/data/reference.yaml`` and
``producers.yaml`` into ``advisor_data/``, ``scenarios/*.yaml`` into ``advisor_data/scenarios/``
(the copies are not kept in git). An sdist already holds the copies, so it builds into a wheel
on its own. The version is the data's date, ``meta.compiled`` of reference.yaml, written as
``YYYY.M.D`` (``2026-12-08`` is ``2026.12.8``): the date is the one place a data version lives.
advisor reads the same date with the same pattern (``advisor/dataset.py``).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "advisor_data"
SOURCE = HERE.parent
COMPILED = re.compile(
    r"^meta:[ \t]*(?:#.*)?\n(?:(?:[ \t]+.*|[ \t]*(?:#.*)?)\n)*?[ \t]+compiled:[ \t]*"
    r"""(["']?)([0-9]{4}-[0-9]{2}-[0-9]{2})\1[ \t]*(?:#.*)?$""",
    re.MULTILINE,
)


def copy_in() -> None:
    """Copy the shipped data from the source tree, when building from one."""
    data, scenarios = SOURCE / "advisor" / "data", SOURCE / "scenarios"
    if not (data / "reference.yaml").is_file():
        return  # an sdist: the copies are already here
    for name in ("reference.yaml", "producers.yaml"):
        shutil.copyfile(data / name, PACKAGE / name)
    target = PACKAGE / "scenarios"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir()
    for path in sorted(scenarios.glob("*.yaml")):
        shutil.copyfile(path, target / path.name)


def version() -> str:
    """The data's date as a version."""
    text = (PACKAGE / "reference.yaml").read_text(encoding="utf-8")
    found = COMPILED.search(text)
    if found is None:
        raise SystemExit("advisor_data/reference.yaml: no meta.compiled date to version by")
    date = dt.date.fromisoformat(found.group(2))
    return f"{date.year}.{date.month}.{date.day}"


copy_in()
setup(version=version())
