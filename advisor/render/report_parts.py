"""The parts several drafted assessments share, each a table with the trace it was made from.

Where each material is mined, processed and recycled (from the profile's suppliers and their
imported smelters), the world shares of each stage (reference data), the findings and the
export controls that could affect supply, the stress tests' outcome per material and the
recommended actions. Every part is computed from :class:`~.report_common.Inputs` alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from advisor.profile.model import Material, Smelter, Supplier
from advisor.render.report_common import Inputs, Table, Trace, countries, days, percent

#: (index in the profile, material) pairs.
Picked = list[tuple[int, Material]]


def pick(inputs: Inputs, minerals: Iterable[str]) -> Picked:
    """The profile's materials whose mineral is one of *minerals*, in profile order."""
    wanted = set(minerals)
    return [(i, m) for i, m in enumerate(inputs.profile.materials) if m.mineral.value in wanted]


def material_lines(inputs: Inputs, mats: Picked) -> Trace:
    """The profile lines of the materials."""
    return Trace(profile=tuple(inputs.at("materials", i) for i, _ in mats))


def _smelter_countries(s: Supplier) -> str:
    found = sorted({x.country for x in s.smelters if x.country})
    unknown = sum(1 for x in s.smelters if not x.country)
    text = ", ".join(found)
    if unknown:
        text += f"{', ' if text else ''}{unknown} not identified"
    return text


def _recycled(m: Material, s: Supplier) -> str:
    flags = [x.recycled for x in s.smelters]
    if any(flags):
        return f"{sum(1 for f in flags if f)} of {len(flags)} smelters 100% recycled feed"
    if m.recycled_share is not None:
        return f"{percent(float(m.recycled_share))} of the material's demand (where: unknown)"
    return "unknown"


def supply_map(inputs: Inputs, mats: Picked) -> tuple[Table, Trace]:
    """Per supplier: share, mined in, processed in, smelters, recycled."""
    rows: list[tuple[str, ...]] = []
    lines: list[str] = []
    for i, m in mats:
        for j, s in enumerate(m.suppliers):
            where = inputs.at("materials", i, "suppliers", j)
            lines.append(where)
            rows.append((m.id, f"{s.name} ({s.country})", percent(float(s.share)),
                         countries(s.mining_countries), countries(s.processing_countries),
                         _smelter_countries(s) or "none declared", _recycled(m, s),
                         where))  # fmt: skip
        if not m.suppliers:
            rows.append((m.id, "no supplier in the profile", "-", "unknown", "unknown",
                         "none declared", "unknown", inputs.at("materials", i)))  # fmt: skip
            lines.append(inputs.at("materials", i))
    header = ("material", "supplier (ships from)", "share", "extracted in", "processed in",
              "smelters/refiners declared in", "recycled", "profile")  # fmt: skip
    return Table(header, tuple(rows)), Trace(profile=tuple(lines))


def world_shares(inputs: Inputs, mats: Picked) -> tuple[Table, Trace]:
    """Per mineral: the largest producer at the mining and refining stage (reference data)."""
    rows: list[tuple[str, ...]] = []
    ids: list[str] = []
    for mineral in dict.fromkeys(m.mineral.value for _, m in mats if m.mineral.value != "other"):
        for stage in ("mining", "refining"):
            shares = inputs.reference.shares(mineral, stage)
            if shares is None:
                rows.append((mineral, stage, "not in the reference data", "-", "-"))
                continue
            top, share = shares.top
            ids.append(shares.source)
            rows.append((mineral, stage, f"{top} {percent(share)}", str(shares.year),
                         shares.source))  # fmt: skip
    header = ("mineral", "stage", "largest producer (world share)", "year", "source")
    return Table(header, tuple(rows)), Trace(sources=tuple(ids))


def smelters(inputs: Inputs, mats: Picked) -> tuple[Table | None, Trace, list[str]]:
    """The smelters and refiners imported from RMI declarations, and what is not identified."""
    rows: list[tuple[str, ...]] = []
    lines: list[str] = []
    missing: list[str] = []
    for i, m in mats:
        for j, s in enumerate(m.suppliers):
            if not s.smelters:
                missing.append(f"{m.id} / {s.id}")
            for k, x in enumerate(s.smelters):
                where = inputs.at("materials", i, "suppliers", j, "smelters", k)
                lines.append(where)
                rows.append(_smelter_row(m, s, x, where))
    if not rows:
        return None, Trace(), missing
    header = ("material", "supplier", "metal", "smelter or refiner", "RMI id", "country",
              "mine countries", "declared in", "profile")  # fmt: skip
    return Table(header, tuple(rows)), Trace(profile=tuple(lines)), missing


def _smelter_row(m: Material, s: Supplier, x: Smelter, where: str) -> tuple[str, ...]:
    declared = x.source.text() if x.source else "-"
    return (m.id, s.id, x.metal, x.name or "not named", x.rmi_id or "-",
            x.country or "not identified", countries(x.mine_countries), declared,
            where)  # fmt: skip


def unidentified(mats: Picked) -> int:
    """Smelters or refiners declared without a country (not yet identified)."""
    return sum(1 for _, m in mats for s in m.suppliers for x in s.smelters if not x.country)


def findings(inputs: Inputs, mats: Picked) -> tuple[Table, Trace]:
    """The findings on the materials, worst first, each with its profile line."""
    ids = {m.id for _, m in mats}
    chosen = [f for f in inputs.assessment.findings if f.material in ids]
    chosen.sort(key=lambda f: f.sort_key)
    rows = tuple((f.material or "-", f.rule_id, f.severity, f.message,
                  f"{inputs.shown}:{f.location.line}") for f in chosen)  # fmt: skip
    lines = tuple(r[-1] for r in rows)
    return Table(("material", "rule", "severity", "finding", "profile"), rows), Trace(lines)


def controls(inputs: Inputs, mats: Picked) -> tuple[Table, Trace]:
    """The export controls on the minerals on the profile's as-of date (reference data)."""
    on = dt.date.fromisoformat(inputs.assessment.as_of)
    rows: list[tuple[str, ...]] = []
    ids: list[str] = []
    for mineral in dict.fromkeys(m.mineral.value for _, m in mats if m.mineral.value != "other"):
        for c in inputs.reference.controls(mineral, on):
            ids.append(c.source)
            status = c.status + (" (assumed)" if c.assumed else "")
            rows.append((mineral, c.country, c.measure, status, c.effective.isoformat(), c.source))
    header = ("mineral", "country", "measure", f"status on {on.isoformat()}", "effective",
              "source")  # fmt: skip
    return Table(header, tuple(rows)), Trace(sources=tuple(dict.fromkeys(ids)))


def stress(inputs: Inputs, mats: Picked) -> tuple[Table, Trace]:
    """Per scenario and affected material: supply lost, cover, recovery, run-out, shortfall."""
    ids = {m.id for _, m in mats}
    rows: list[tuple[str, ...]] = []
    names: list[str] = []
    for sim in inputs.simulations:
        for mi in sim.materials:
            if mi.material not in ids or not mi.affected:
                continue
            names.append(sim.scenario)
            out = "does not run out" if mi.runs_out_day is None else f"day {mi.runs_out_day:,.0f}"
            rows.append((sim.scenario, mi.material, percent(mi.lost_share), days(mi.stock_days),
                         days(mi.time_to_recover_days), out, f"{mi.shortfall_t:,.1f} t",
                         _cost(mi.extra_cost, mi.currency)))  # fmt: skip
    header = ("scenario", "material", "supply lost", "stock cover", "time to recover",
              "runs out", "shortfall", "extra cost")  # fmt: skip
    return Table(header, tuple(rows)), Trace(scenarios=tuple(dict.fromkeys(names)))


def _cost(value: float | None, currency: str | None) -> str:
    return "unknown" if value is None else f"{value:,.0f} {currency or ''}".strip()


def actions(inputs: Inputs, mats: Picked) -> tuple[Table, Trace]:
    """The recommended actions on the materials (and company-wide ones), in rank order."""
    ids = {m.id for _, m in mats}
    chosen = [r for r in inputs.assessment.recommendations
              if r.material is None or ids & {r.material, *r.materials}]  # fmt: skip
    rows = tuple((str(r.rank), r.title, ", ".join(r.materials) or "company-wide", r.horizon,
                  f"{r.score_before:g} → {r.score_after:g}",
                  f"{inputs.shown}:{r.location.line}") for r in chosen)  # fmt: skip
    header = ("rank", "action", "materials", "horizon", "company score", "profile")
    return Table(header, rows), Trace(profile=tuple(r[-1] for r in rows))


__all__ = [
    "Picked",
    "actions",
    "controls",
    "findings",
    "material_lines",
    "pick",
    "smelters",
    "stress",
    "supply_map",
    "unidentified",
    "world_shares",
]
