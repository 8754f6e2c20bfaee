"""Which reference data a run uses (`advisor data version`), as text: the copy in use (built-in
or ``mineral-advisor-data``), its release, date, age and folder, and why another is not used."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from advisor import escape

if TYPE_CHECKING:
    from advisor.render import Options


def render(p: Mapping[str, Any], options: Options) -> str:
    """The data version as a few aligned lines (the payload of ``data version --format json``)."""
    name = "mineral-advisor-data" if p["in_use"] != "built-in" else "the built-in copy"
    lines = [
        f"data in use: {name}, release {p['release']}",
        f"  version:  {p['version']} (as of {p['as_of']})",
        f"  age:      {p['age_days']} days on {p['today']}",
        f"  folder:   {p['folder']}",
    ]
    lines += [f"  override: {o}" for o in p["overrides"]]
    if p["in_use"] != "built-in":
        lines.append(f"built-in copy: release {p['built_in']['release']}, not used: older")
    if p["installed"] is not None and p["installed_not_used"]:
        lines.append(f"mineral-advisor-data {p['installed']['release']} is installed but not "
                     f"used: {p['installed_not_used']}")  # fmt: skip
    elif p["installed"] is None:
        lines.append("mineral-advisor-data: not installed (pip install mineral-advisor-data)")
    return "".join(escape.line(line) + "\n" for line in lines)
