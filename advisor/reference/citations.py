"""What cites each source: every figure and every export-control state, with its check date.

``advisor data sources`` shows this beside the bibliography, so that a reader can see, for any
figure or control state, where it comes from and when it was last checked. A control state's
check date is its own ``checked``, else its source's; any other figure's is its source's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.reference.controls import Control, ControlState, State

if TYPE_CHECKING:
    from advisor.reference.load import Reference


@dataclass(frozen=True)
class Citation:
    """One figure or control state that cites a source."""

    source: str
    what: str
    checked: dt.date | None
    origin: str


def citations(ref: Reference) -> list[Citation]:
    """Every citation in the merged data: datasets, prices, EU values, benchmarks, claims and
    each state of each export control."""
    checked = {s.key: s.checked for s in ref.sources()}
    out: list[Citation] = []

    def cite(key: str, what: str, origin: str, when: dt.date | None = None) -> None:
        out.append(Citation(key, what, when or checked.get(key), origin))

    for item, origin in ref.all_datasets():
        cite(item.source, f"{item.commodity} {item.stage.value} {item.year}", origin)
    series: dict[tuple[str, str, str], list[str]] = {}
    for p in ref.all_prices():
        series.setdefault((p.source, p.product, p.origin), []).append(p.period)
    for (key, product, origin), periods in series.items():
        span = sorted(set(periods))
        cite(key, f"prices: {product} {span[0]}" + (f"–{span[-1]}" if len(span) > 1 else ""),
             origin)  # fmt: skip
    for e in ref.all_eu():
        cite(e.source, f"EU 2023 values: {e.group or e.mineral}", e.origin)
    for b in ref.benchmarks():
        cite(b.source, f"benchmark {b.key}", b.origin)
    for c in ref.claims():
        for key in c.sources:
            cite(key, f"claim {c.number}", c.origin)
    for control, origin in ref.all_controls():
        for state in control.states():
            if state.source is not None:
                cite(state.source, state_label(control, state), origin, state.checked)
            for reading in state.readings:
                label = f"control {control.id}: reading from {state.date}: {reading.state.value}"
                for key in reading.sources:
                    cite(key, label, origin, state.checked)
    return out


def state_label(control: Control, state: ControlState) -> str:
    """'cn-2025-ann61-extraterritorial: suspended 2025-11-07 to 2026-11-10' and the like."""
    words = {
        State.in_force: f"in force from {state.date}",
        State.suspended: f"suspended {state.date} to {state.until}",
        State.lifted: f"lifted {state.date}",
        State.replaced: f"replaced by {state.replaced_by} on {state.date}",
        State.unknown: f"not settled from {state.date} (readings: "
        f"{', '.join(r.state.value for r in state.readings) or 'none'})",
    }
    return f"control {control.id}: {words[state.state]}"
