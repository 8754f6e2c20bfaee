"""Stress tests in markdown: a summary table per scenario, a mermaid stock chart per material,
the sized mitigations, the sources and assumptions.

``advisor assess --with-scenarios --format markdown`` appends the same sections to the report.
Text from a profile or a scenario file goes through :func:`advisor.render._common.md_escape`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.engine.stress.mitigate import mass, money
from advisor.escape import guard
from advisor.render._common import md_escape as e
from advisor.render.simulate_table import level

if TYPE_CHECKING:
    from advisor.engine.stress.model import MaterialImpact, Simulation
    from advisor.render import Options

#: Points of each stock chart.
CHART_POINTS = 13


def render(simulations: Sequence[Simulation], options: Options) -> str:
    """A stress-test report: a title, then one section per simulation."""
    if not simulations:
        return "# Stress tests\n\nNo scenario was run.\n"
    first = simulations[0]
    blocks = [f"# Stress tests: {e(first.company)}", f"Profile `{e(options.path(first.profile))}`"]
    if options.configuration is not None:
        blocks.append(f"*Configuration:* {e(options.configuration.text())}")
    for s in simulations:
        blocks += section(s, options, level=2)
    return guard("\n\n".join(blocks) + "\n")


def section(s: Simulation, options: Options, level: int = 2) -> list[str]:
    """The blocks of one simulation, under a heading of *level*."""
    h = "#" * level
    blocks = [
        f"{h} Stress test: {e(s.title)} (`{e(s.scenario)}`)",
        f"From {s.start} for {s.duration_days} days (to {s.end}, day {s.horizon_days}). "
        f"{e(s.summary)}",
        f"*Duration:* {e(s.duration_basis)}",
    ]
    if s.price_factors:
        blocks.append(
            "\n".join(f"- price of {e(m)} ×{f:.3g}: {e(b)}" for m, f, b in s.price_factors)
        )
    affected = s.affected
    if not affected:
        blocks.append("No material of this profile is hit.")
    else:
        blocks.append(_table(affected, s))
    for m in affected:
        blocks += _material(m, s, h + "#")
    blocks += _totals(s)
    if s.notes:
        blocks.append("\n".join(f"- note: {e(n)}" for n in s.notes))
    blocks.append(
        "*Sources:*\n\n"
        + "\n".join(
            f"- {e(x.title)}, {e(x.publisher)} ({e(x.where)}): {e(x.supports)}" for x in s.sources
        )
    )
    blocks.append("*Assumptions:*\n\n" + "\n".join(f"- {e(a)}" for a in s.assumptions))
    return blocks


def _table(materials: Sequence[MaterialImpact], s: Simulation) -> str:
    rows = [
        "| Material | Supply lost | Survives | Recovers | Runs out | Shortfall | Extra cost "
        "| Units at risk |",
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for m in materials:
        lost, survives, recovers, out, short, cost = impact_cells(m)
        units = "-" if m.units_at_risk is None else f"{m.units_at_risk:,.0f}"
        rows.append(
            f"| {e(m.material)} ({e(m.mineral)}) | {lost} | {survives} | {recovers} | {out} | "
            f"{short} | {cost} | {units} |"
        )
    return "\n".join(rows)


def impact_cells(m: MaterialImpact) -> tuple[str, str, str, str, str, str]:
    """What a scenario does to a material, as table cells (the markdown and HTML reports):
    supply lost, how long the stock lasts, when supply is back, when it runs out, the
    shortfall and the extra cost."""
    if not m.hits:
        survives = "-"
    elif m.time_to_survive_days is None:
        survives = "indefinitely"
    else:
        survives = f"{m.time_to_survive_days:g} d"
    recovers = "-" if m.time_to_recover_days is None else f"{m.time_to_recover_days} d"
    out = "never" if m.runs_out_day is None else f"day {m.runs_out_day:g} ({m.runs_out_date})"
    cost = "unknown" if m.extra_cost is None else money(m.extra_cost, m.currency)
    return f"{m.lost_share:.0%}", survives, recovers, out, mass(m.shortfall_t), cost


def _material(m: MaterialImpact, s: Simulation, h: str) -> list[str]:
    blocks = [f"{h} {e(m.material)} under {e(s.scenario)}"]
    lines = [
        f"- {e(x.supplier)}: {x.share:.0%} {e(x.why)} from day {x.onset_day}, back after "
        f"{x.recover_days} days ({e(x.recovered_by)})"
        for x in m.hits
    ]
    if m.hits:
        tts = m.time_to_survive_days
        survives = "indefinitely" if tts is None else f"{tts:g} days"
        lines.append(
            f"- stock {mass(m.stock_t)}, survives {survives}, gap {m.gap_days or 0:g} days"
        )
    if m.price_factor is not None:
        cost = "unknown" if m.price_cost is None else money(m.price_cost, m.currency)
        lines.append(f"- price ×{m.price_factor:.3g}: {cost}")
    lines += [
        f"- at risk: {p.units_at_risk:,.0f} × {e(p.product)}"
        + ("" if p.revenue_at_risk is None else f", revenue {money(p.revenue_at_risk, s.currency)}")
        for p in m.products
        if p.units_at_risk
    ]
    blocks.append("\n".join(lines))
    if m.hits:
        blocks.append(chart(m, s))
    if m.mitigations:
        blocks.append(
            "What closes the gap:\n\n" + "\n".join(f"1. {e(x.text)}" for x in m.mitigations)
        )
    if m.notes:
        blocks.append("\n".join(f"- note: {e(n)}" for n in m.notes))
    return blocks


def chart(m: MaterialImpact, s: Simulation) -> str:
    """A mermaid line chart of the material's stock from day 0 to the scenario's end."""
    step = s.horizon_days / (CHART_POINTS - 1)
    values = [level(m.timeline, i * step) for i in range(CHART_POINTS)]
    top = max(values) or 1.0
    unit, scale = ("t", 1.0) if top >= 1 else ("kg", 1000.0)
    shown = ", ".join(f"{v * scale:.3g}" for v in values)
    return "\n".join(
        [
            "```mermaid",
            "xychart-beta",
            f'    title "Stock of {_label(m.material)}, {unit}"',
            f'    x-axis "day" 0 --> {s.horizon_days}',
            f'    y-axis "{unit}" 0 --> {top * scale * 1.1:.3g}',
            f"    line [{shown}]",
            "```",
        ]
    )


_MERMAID_UNSAFE = re.compile(r"[^A-Za-z0-9._/%()-]")


def _label(text: str) -> str:
    """A label mermaid cannot misread (as the assessment report's charts do)."""
    return _MERMAID_UNSAFE.sub("_", text)[:60] or "_"


def _totals(s: Simulation) -> list[str]:
    lines = []
    if s.extra_cost is not None:
        lines.append(f"**Extra cost:** {money(s.extra_cost, s.currency)}")
    lines += [
        f"**Units at risk:** {p.units_at_risk:,.0f} × {e(p.product)}"
        + ("" if p.revenue_at_risk is None else f", revenue {money(p.revenue_at_risk, s.currency)}")
        for p in s.products_at_risk()
        if p.units_at_risk
    ]
    return ["\n\n".join(lines)] if lines else []
