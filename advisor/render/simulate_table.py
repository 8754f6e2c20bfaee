"""Stress tests in the terminal: one block per scenario, a stock bar per material.

The bar runs from day 0 to the end of the scenario; each cell is the stock left on that day
as a block of its height (``█`` full, ``▁`` nearly gone), ``✗`` where stock is out and supply
is short, blank once supply is back. Plain text only, so it reads the same with or without
colour.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.engine.stress.mitigate import mass, money
from advisor.escape import guard, visible_lines

if TYPE_CHECKING:
    from advisor.engine.stress.model import MaterialImpact, Simulation, StockPoint
    from advisor.render import Options

_LEVELS = "▁▂▃▄▅▆▇█"
#: Cells of the stock bar.
BAR_CELLS = 40


def render(simulations: Sequence[Simulation], options: Options) -> str:
    """Every simulation, one block after another."""
    blocks = [block(s, options) for s in simulations]
    if options.configuration is not None:
        blocks.append(_wrap(f"configuration: {options.configuration.text()}", options.width))
    # one policy for every human format: values visible, no line a CI command
    return guard(visible_lines("\n\n".join("\n".join(b) for b in blocks)) + "\n")


def block(s: Simulation, options: Options) -> list[str]:
    """The lines for one simulation."""
    lines = [
        f"Stress test {s.scenario}: {s.title}",
        f"{s.company} · profile {options.path(s.profile)} · "
        f"{'built-in scenario' if s.origin == 'built-in' else 'scenario ' + s.origin}",
        f"from {s.start} for {s.duration_days} days"
        + (
            f" (to day {s.horizon_days}, {s.end})"
            if s.horizon_days != s.duration_days
            else f" (to {s.end})"
        ),
    ]
    lines += [f"  {_price(m, f, b)}" for m, f, b in s.price_factors]
    lines.append("")
    affected = s.affected
    if not affected:
        lines.append("No material of this profile is hit.")
    for m in affected:
        lines += _material(m, s, options.width)
    lines += _totals(s)
    lines += [f"note: {n}" for n in s.notes]
    lines.append("Sources: " + "; ".join(f"{x.title} ({x.publisher})" for x in s.sources))
    lines += [s.planning] if s.planning else []
    return [part for line in lines for part in _wrap(line.rstrip(), options.width)]


def _wrap(line: str, width: int) -> list[str]:
    """*line* folded at *width*, continuation lines indented two more than the first."""
    if len(line) <= width or "|" in line:
        return [line]
    indent = " " * (len(line) - len(line.lstrip()) + 2)
    return textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False) or [""]


def _price(mineral: str, factor: float, basis: str) -> str:
    return f"price of {mineral} x{factor:.3g}: {basis}"


def _material(m: MaterialImpact, s: Simulation, width: int) -> list[str]:
    head = f"{m.material} ({m.mineral})"
    lines = [head]
    if m.hits:
        lines.append(
            f"  supply lost {m.lost_share:.0%} ({mass(m.supply_lost_t)} until recovery)"
            f" from day {m.onset_day}; stock {mass(m.stock_t)}"
            + (f" ({m.stock_days:g} days of demand)" if m.stock_days is not None else "")
        )
        for h in m.hits:
            lines.append(
                f"    {h.supplier} {h.share:.0%} {h.why}; back after {h.recover_days}"
                f" days: {h.recovered_by}"
            )
        lines.append(
            f"  survives {_days(m.time_to_survive_days)}, recovers in "
            f"{m.time_to_recover_days} days" + _gap(m)
        )
        lines.append(f"  day 0 {bar(m, s.horizon_days)} day {s.horizon_days}")
        lines.append("  " + _outcome(m))
    if m.price_factor is not None:
        cost = (
            "unknown (no reference_price)"
            if m.price_cost is None
            else (money(m.price_cost, m.currency))
        )
        lines.append(f"  price x{m.price_factor:.3g}: extra cost {cost}")
    if m.premium_cost:
        lines.append(f"  replacement premium: {money(m.premium_cost, m.currency)}")
    for p in (p for p in m.products if p.units_at_risk):
        revenue = (
            ""
            if p.revenue_at_risk is None
            else (f", revenue {money(p.revenue_at_risk, s.currency)}")
        )
        lines.append(f"  at risk: {p.units_at_risk:,.0f} x {p.product}{revenue}")
    lines += [f"  - {x.text}" for x in m.mitigations]
    lines += [f"  note: {n}" for n in m.notes]
    lines.append("")
    return lines


def _days(value: float | None) -> str:
    return "indefinitely" if value is None else f"{value:g} days"


def _gap(m: MaterialImpact) -> str:
    if m.gap_days:
        return f": {m.gap_days:g} days uncovered"
    return ": covered"


def _outcome(m: MaterialImpact) -> str:
    if m.runs_out_day is None:
        return "stock lasts until supply is back"
    return f"runs out on day {m.runs_out_day:g} ({m.runs_out_date}), short {mass(m.shortfall_t)}"


def level(points: Sequence[StockPoint], day: float) -> float:
    """Stock on *day*, interpolated between the timeline's points."""
    for a, b in itertools.pairwise(points):
        if a.day <= day <= b.day:
            if b.day == a.day:
                return b.stock_t
            return a.stock_t + (b.stock_t - a.stock_t) * (day - a.day) / (b.day - a.day)
    return points[-1].stock_t if points else 0.0


def bar(m: MaterialImpact, horizon: int, cells: int = BAR_CELLS) -> str:
    """The stock bar of one material from day 0 to *horizon*."""
    top = max((p.stock_t for p in m.timeline), default=0.0)
    out = []
    for i in range(cells):
        day = (i + 0.5) * horizon / cells
        left = level(m.timeline, day)
        if left > 1e-9 and top > 0:
            out.append(_LEVELS[min(len(_LEVELS) - 1, int(left / top * len(_LEVELS)))])
        elif (
            m.runs_out_day is not None
            and m.recover_day is not None
            and (m.runs_out_day <= day < m.recover_day)
        ):
            out.append("✗")
        else:
            out.append(" ")
    return "|" + "".join(out) + "|"


def _totals(s: Simulation) -> list[str]:
    lines = []
    if s.extra_cost:
        lines.append(f"Extra cost: {money(s.extra_cost, s.currency)}")
    for p in s.products_at_risk():
        if p.units_at_risk:
            revenue = (
                ""
                if p.revenue_at_risk is None
                else (f", revenue {money(p.revenue_at_risk, s.currency)}")
            )
            lines.append(f"Units at risk: {p.units_at_risk:,.0f} x {p.product}{revenue}")
    return lines
