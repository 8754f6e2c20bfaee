"""The stress tests of ``assess --with-scenarios`` (or ``--scenario``) in the HTML report: one
closed ``<details>`` per scenario with what it does to each material (supply lost, how long the
stock lasts, when supply is back, when it runs out, the shortfall and the extra cost), what
closes the gap, and the scenario's sources and assumptions, as the markdown report has them
(:mod:`advisor.render.simulate_markdown`). Every text is escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from advisor.engine.stress.mitigate import money
from advisor.render._charts import esc
from advisor.render.simulate_markdown import impact_cells

if TYPE_CHECKING:
    from advisor.engine.stress.model import MaterialImpact, Simulation

Table = Callable[[Sequence[str], Sequence[Sequence[str]], frozenset[int]], str]
_HEAD = ("Material", "Supply lost", "Survives", "Recovers", "Runs out", "Shortfall",
         "Extra cost")  # fmt: skip


def stress_tests(simulations: Sequence[Simulation], table: Table) -> list[str]:
    """One closed section per stress test, after a one-line summary of all of them."""
    if not simulations:
        return []
    hit = [s for s in simulations if s.first_runs_out_day is not None]
    summary = f"Stress tests ({len(simulations)} scenarios; stock runs out in {len(hit) or 'none'})"
    out = ["<details>", f"<summary>{esc(summary)}</summary>"]
    for s in simulations:
        out += _scenario(s, table)
    return [*out, "</details>"]


def _scenario(s: Simulation, table: Table) -> list[str]:
    out = [
        f"<h3>{esc(s.title)} (<code>{esc(s.scenario)}</code>)</h3>",
        f"<p>From {esc(s.start)} for {s.duration_days} days (to {esc(s.end)}). "
        f"{esc(s.summary)}</p>",
        f"<p><em>Duration:</em> {esc(s.duration_basis)}</p>",
    ]
    affected = s.affected
    if not affected:
        out.append("<p>No material of this profile is hit.</p>")
    else:
        out.append(table(_HEAD, [_row(m) for m in affected], frozenset({1, 2, 3, 5, 6})))
    closes = [esc(f"{m.material}: {x.text}") for m in affected for x in m.mitigations]
    if closes:
        out += ["<p>What closes the gap:</p>", "<ol>", *(f"<li>{c}</li>" for c in closes), "</ol>"]
    if s.extra_cost is not None:
        out.append(f"<p><strong>Extra cost:</strong> {esc(money(s.extra_cost, s.currency))}</p>")
    notes = [*s.notes, *(n for m in affected for n in m.notes)]
    sources = [f"{x.title}, {x.publisher} ({x.where}): {x.supports}" for x in s.sources]
    for head, items in (("Notes", notes), ("Sources", sources), ("Assumptions", s.assumptions)):
        if items:
            out += [f"<p><em>{head}:</em></p>", "<ul>", *(f"<li>{esc(i)}</li>" for i in items),
                    "</ul>"]  # fmt: skip
    return out


def _row(m: MaterialImpact) -> list[str]:
    return [esc(f"{m.material} ({m.mineral})"), *(esc(cell) for cell in impact_cells(m))]
