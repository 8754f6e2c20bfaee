"""Checks on a reference-data file that span fields, each naming the field a person must edit.

Shares adding up, world totals matching tonnages, control dates in order, ids and prices given
once, source keys that exist. The models of :mod:`advisor.reference.models` check each field on
its own; :func:`cross_checks` runs after them, on the built-in file and on every override.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from advisor.reference.models import Control, Production, ReferenceFile
from advisor.yaml.loader import dotted

#: Published world totals are rounded; listed tonnages may exceed them by this much.
WORLD_TOTAL_ROUNDING = Decimal("0.02")
#: Allowed gap between a written share and tonnes / world total (half a percentage point).
SHARE_ROUNDING = 0.005

Path = tuple[str | int, ...]


def cross_checks(data: ReferenceFile, known: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """Problems that span fields: (path of the field to edit, message).

    *known* is every source key the merged data will have, so an override may cite the
    built-in bibliography.
    """
    keys = sorted(set(known))
    yield from _source_refs(data, keys)
    seen: dict[tuple[str, str, int, bool], int] = {}
    for i, item in enumerate(data.production):
        yield from production_checks(item, ("production", i))
        for mineral in item.minerals:
            slot = (mineral, item.stage.value, item.year, item.projection)
            if slot in seen:
                message = f"{mineral} {item.stage} {item.year} is also in production[{seen[slot]}]"
                yield ("production", i, "year"), message
            seen.setdefault(slot, i)
    yield from _control_checks(data.controls)
    yield from _unique(((c.number, ("claims", i, "number")) for i, c in enumerate(data.claims)))
    points: list[tuple[object, Path]] = []
    for i, series in enumerate(data.prices):
        for mineral in series.minerals:
            for period in series.points:
                points.append(((mineral, series.product, period), ("prices", i, "points", period)))
    yield from _unique(points)


def _source_refs(data: ReferenceFile, keys: list[str]) -> Iterator[tuple[Path, str]]:
    refs: list[tuple[Path, str | None]] = []
    refs += [(("production", i, "source"), p.source) for i, p in enumerate(data.production)]
    refs += [(("prices", i, "source"), p.source) for i, p in enumerate(data.prices)]
    for i, c in enumerate(data.controls):
        refs += [(("controls", i, "source"), c.source)]
        refs += [(("controls", i, "suspension_source"), c.suspension_source)]
        refs += [(("controls", i, "timeline", j, "source"), t.source)
                 for j, t in enumerate(c.timeline)]  # fmt: skip
        refs += [(("controls", i, "timeline", j, "readings", k, "sources", n), key)
                 for j, t in enumerate(c.timeline) for k, r in enumerate(t.readings)
                 for n, key in enumerate(r.sources)]  # fmt: skip
    refs += [(("eu2023", k, "source"), v.source) for k, v in data.eu2023.items()]
    refs += [(("eu2023_groups", k, "source"), v.source) for k, v in data.eu2023_groups.items()]
    refs += [(("benchmarks", k, "source"), v.source) for k, v in data.benchmarks.items()]
    refs += [(("entity_lists", i, "source"), e.source) for i, e in enumerate(data.entity_lists)]
    for i, claim in enumerate(data.claims):
        refs += [(("claims", i, "sources", j), s) for j, s in enumerate(claim.sources)]
    for path, key in refs:
        if key is not None and key not in keys:
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else " (add it under sources)"
            yield path, f"unknown source {key!r}{hint}"


def production_checks(item: Production, where: Path) -> Iterator[tuple[Path, str]]:
    """Shares in range and adding up; world total consistent with the tonnages."""
    if not item.tonnes and not item.shares:
        yield where, "give tonnes (with world_total) or shares, or both"
    if item.tonnes and item.world_total is None:
        yield (*where, "world_total"), "tonnes need a world_total to turn them into shares"
    total = sum(item.shares.values())
    if total > 1 + 1e-9:
        yield (*where, "shares"), f"shares add up to {total * 100:.4g}%, more than 100%"
    if item.world_total is None or not item.tonnes:
        return
    listed = sum(item.tonnes.values(), Decimal(0))
    if listed > item.world_total * (1 + WORLD_TOTAL_ROUNDING):
        yield (
            (*where, "world_total"),
            (
                f"countries add up to {listed:,} {item.unit or 't'}, more than the world total "
                f"{item.world_total:,} allows (rounding up to {WORLD_TOTAL_ROUNDING * 100:g}%)"
            ),
        )
    for code, share in item.shares.items():
        if code in item.tonnes:
            implied = float(item.tonnes[code] / item.world_total)
            if abs(implied - share) > SHARE_ROUNDING:
                yield (
                    (*where, "shares", code),
                    (f"share {share:.4g} does not match tonnes / world_total = {implied:.4g}"),
                )


def _control_checks(controls: list[Control]) -> Iterator[tuple[Path, str]]:
    yield from _unique(((c.id, ("controls", i, "id")) for i, c in enumerate(controls)))
    ids = {c.id for c in controls}
    for i, c in enumerate(controls):
        where: Path = ("controls", i)
        if (c.suspended_from is None) != (c.suspended_until is None):
            yield (*where, "suspended_until"), "give both suspended_from and suspended_until"
        if c.suspended_from is not None and c.suspension_source is None:
            yield (*where, "suspension_source"), "a suspension needs its own suspension_source"
        if c.military_end_users and not c.target_countries:
            yield (*where, "target_countries"), "military_end_users needs the target_countries"
        announced = ("announced", c.announced)
        yield from _in_order(where, [announced, ("effective", c.effective)])
        suspension = [("suspended_from", c.suspended_from), ("suspended_until", c.suspended_until)]
        yield from _in_order(where, [announced, *suspension])
        yield from _in_order(where, [("effective", c.effective), ("lifted", c.lifted)])
        yield from _timeline_checks(c, where, ids)


def _timeline_checks(c: Control, where: Path, ids: set[str]) -> Iterator[tuple[Path, str]]:
    start = c.announced or c.effective
    dates: dict[object, int] = {}
    for j, state in enumerate(c.timeline):
        here = (*where, "timeline", j)
        if state.date < start:
            yield (*here, "date"), f"date {state.date} is before the measure's {start}"
        if state.until is not None and state.until <= state.date:
            yield (*here, "until"), f"until {state.until} is not after date {state.date}"
        if state.date in dates:
            yield (
                (*here, "date"),
                f"two states start on {state.date} (also timeline[{dates[state.date]}])",
            )
        dates.setdefault(state.date, j)
        if state.replaced_by is not None and state.replaced_by not in ids:
            yield (*here, "replaced_by"), f"no control with id {state.replaced_by!r}"


def builtin_checks(data: ReferenceFile) -> Iterator[tuple[Path, str]]:
    """What the shipped file must have besides: a check date on every source; a basis, a check
    date and both readings (in force, suspended) on every state it does not know."""
    for key, source in data.sources.items():
        if source.checked is None:
            yield ("sources", key), "a built-in source needs checked (the date it was checked)"
    for i, c in enumerate(data.controls):
        for j, state in enumerate(c.timeline):
            if state.state.value == "unknown" and (state.basis is None or state.checked is None):
                yield ("controls", i, "timeline", j), "an unknown state needs basis and checked"
            if state.state.value == "unknown" and len(state.readings) != 2:
                yield ("controls", i, "timeline", j), "an unknown state needs both readings"


def _in_order(where: Path, dates: list[tuple[str, Any]]) -> Iterator[tuple[Path, str]]:
    given = [(name, value) for name, value in dates if value is not None]
    for (first, a), (second, b) in itertools.pairwise(given):
        if b < a:
            yield (*where, second), f"{second} {b} is before {first} {a}"


def _unique(items: Iterable[tuple[object, Path]]) -> Iterator[tuple[Path, str]]:
    seen: dict[object, Path] = {}
    for value, path in items:
        if value in seen:
            yield path, f"{_show(value)} is given twice (also at {dotted(seen[value])})"
        seen.setdefault(value, path)


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return " ".join(str(part) for part in value)
    return repr(value)
