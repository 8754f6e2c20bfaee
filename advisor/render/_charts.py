"""The HTML report's three charts, as inline SVG written by hand.

Small deterministic code instead of a charting library: the report must be one offline file
whose bytes depend only on the assessment, and the three pictures are bars. Every shape has a
text label (days, points, country and percent), so the charts read without colour; the cover
and recover bars differ by pattern as well as colour; each chart has ``<title>``, ``<desc>``
and an ``aria-label``. Every text that comes from a profile is escaped with :func:`esc`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.escape import visible

if TYPE_CHECKING:
    from advisor.engine.assess.model import MaterialSummary, Recommendation

#: Drawing width of every chart (it scales to its box; the text scales with it).
WIDTH = 400
_ROW = 22
_LABEL = 118
_PATTERNS = ("solid", "hatch", "dots", "cross")


def esc(text: object) -> str:
    """*text* as one visible line, escaped for HTML text and attribute values."""
    return html.escape(visible(str(text)), quote=True)


def fmt_days(days: float | None) -> str:
    """``95 d``; ``unknown`` for None."""
    return "unknown" if days is None else f"{days:.0f} d"


@dataclass(frozen=True)
class Segment:
    """One country's share of a material's processed volume."""

    country: str
    percent: float


def _svg(chart_id: str, title: str, desc: str, height: int, body: list[str]) -> str:
    head = (
        f'<svg id="{chart_id}" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-label="{esc(title)}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
    )
    return "\n".join([
        head, f'<title id="{chart_id}-t">{esc(title)}</title>',
        f'<desc id="{chart_id}-d">{esc(desc)}</desc>', _defs(chart_id), *body, "</svg>",
    ])  # fmt: skip


def _defs(chart_id: str) -> str:
    """Fill patterns, so that bars differ by more than colour."""
    return (
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#f4c9a8"/><line x1="0" y1="0" x2="0" y2="6" '
        'stroke="#b3541e" stroke-width="3"/></pattern>'
        f'<pattern id="{chart_id}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="#d9e7d3"/><circle cx="2.5" cy="2.5" r="1.3" '
        'fill="#3d7a2e"/></pattern>'
        f'<pattern id="{chart_id}-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#e6dcef"/><path d="M0 0L6 6M6 0L0 6" '
        'stroke="#6b4a8c" stroke-width="1"/></pattern></defs>'
    )


def _fill(chart_id: str, pattern: str) -> str:
    return "#2f5d8a" if pattern == "solid" else f"url(#{chart_id}-{pattern})"


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{klass}>{text}</text>'


def cover_chart(chart_id: str, materials: Sequence[MaterialSummary]) -> str:
    """Days of cover against days to recover, two labelled bars per material."""
    pairs = [(m.id, m.facts.get("days_of_cover"), m.facts.get("time_to_recover_days"))
             for m in materials]  # fmt: skip
    top = max([1.0, *(float(v) for _, c, r in pairs for v in (c, r) if v is not None)])
    scale = (WIDTH - _LABEL - 50) / top
    body = [
        f'<rect x="{_LABEL}" y="4" width="12" height="10" fill="{_fill(chart_id, "solid")}"/>',
        _text(_LABEL + 16, 13, "stock cover"),
        f'<rect x="{_LABEL + 110}" y="4" width="12" height="10" '
        f'fill="{_fill(chart_id, "hatch")}" stroke="#b3541e"/>',
        _text(_LABEL + 126, 13, "time to recover"),
    ]
    y = 24
    for name, cover, recover in pairs:
        body.append(_text(_LABEL - 6, y + _ROW - 4, esc(name), "end", "name"))
        for value, pattern, dy in ((cover, "solid", 0), (recover, "hatch", _ROW / 2 + 1)):
            w = 0.0 if value is None else max(float(value) * scale, 1.0)
            stroke = ' stroke="#b3541e"' if pattern == "hatch" else ""
            fill = _fill(chart_id, pattern)
            body.append(f'<rect x="{_LABEL}" y="{y + dy:g}" width="{w:.1f}" '
                        f'height="{_ROW / 2 - 1:g}" fill="{fill}"{stroke}/>')  # fmt: skip
            label = fmt_days(None if value is None else float(value))
            body.append(_text(_LABEL + w + 4, y + dy + 9, label, cls="val"))
        y += _ROW + 8
    desc = "; ".join(f"{n}: cover {fmt_days(_f(c))}, time to recover {fmt_days(_f(r))}"
                     for n, c, r in pairs)  # fmt: skip
    return _svg(chart_id, "Stock cover against time to recover, in days", desc, y + 2, body)


def _f(value: object) -> float | None:
    return None if value is None else float(str(value))


def plan_chart(chart_id: str, score: float, recs: Sequence[Recommendation]) -> str:
    """The company score today, then each action's own effect on it (not cumulative)."""
    scale = (WIDTH - _LABEL - 95) / 100
    body = [_text(_LABEL - 6, 18, "today", "end", "name"),
            f'<rect x="{_LABEL}" y="6" width="{score * scale:.1f}" height="16" '
            f'fill="{_fill(chart_id, "solid")}"/>',
            _text(_LABEL + score * scale + 4, 18, f"{score:.0f}", cls="val")]  # fmt: skip
    y = 30
    for r in recs:
        after, before = r.score_after * scale, r.score_before * scale
        body.append(_text(_LABEL - 6, y + 12, f"#{r.rank} alone", "end", "name"))
        body.append(f'<rect x="{_LABEL}" y="{y}" width="{after:.1f}" height="16" fill="#c9d6e3"/>')
        gone = max(before - after, 1.0) if r.score_before > r.score_after else 0.0
        body.append(f'<rect x="{_LABEL + after:.1f}" y="{y}" width="{gone:.1f}" height="16" '
                    f'fill="{_fill(chart_id, "hatch")}" stroke="#b3541e"/>')  # fmt: skip
        n = round(r.score_before) - round(r.score_after)
        label = f"{r.score_after:.0f} (−{n})" if n > 0 else f"{r.score_after:.0f} (no change)"
        body.append(_text(_LABEL + before + 4, y + 12, label, cls="val"))
        y += 24
    desc = f"Company score today {score:.0f}/100. " + "; ".join(
        f"action {r.rank} alone: {r.score_before:.0f} to {r.score_after:.0f}" for r in recs
    )
    title = "Company score after each action on its own (0–100; effects do not add up)"
    return _svg(chart_id, title, desc, y + 2, body)


def country_chart(chart_id: str, rows: Sequence[tuple[str, Sequence[Segment]]]) -> str:
    """One stacked bar per material: the share of its volume processed in each country."""
    span = WIDTH - _LABEL - 10
    body: list[str] = []
    y = 4
    for name, segments in rows:
        body.append(_text(_LABEL - 6, y + 15, esc(name), "end", "name"))
        x = float(_LABEL)
        for i, seg in enumerate(segments):
            w = span * seg.percent / 100
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="20" '
                        f'fill="{_fill(chart_id, _PATTERNS[i % 4])}" stroke="#fff"/>')  # fmt: skip
            label = f"{esc(seg.country)} {seg.percent:g}%"
            if w >= 9 * len(label):
                cls = "on-dark" if i % 4 == 0 else "on-light"
                body.append(_text(x + w / 2, y + 14, label, "middle", cls))
            x += w
        if any(span * s.percent / 100 < 9 * len(f"{s.country} {s.percent:g}%") for s in segments):
            small = [f"{esc(s.country)} {s.percent:g}%" for s in segments]
            body.append(_text(_LABEL, y + 33, ", ".join(small), cls="val"))
            y += 14
        y += 30
    desc = "; ".join(
        f"{n}: " + ", ".join(f"{s.country} {s.percent:g}%" for s in segs) for n, segs in rows
    )
    return _svg(chart_id, "Where each material is processed (share of volume)", desc, y, body)
