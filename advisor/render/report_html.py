"""Drafted regulatory assessments as one self-contained HTML page in the frame of every advisor
page (:mod:`advisor.render._page`: nothing loaded, nothing run), printable from a browser; the
same drafts give byte-identical HTML."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from advisor.render._page import page

if TYPE_CHECKING:
    from advisor.render import Options
    from advisor.render.report_common import Draft, Section, Table, Trace

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.45}
.banner{border:3px solid #b00020;background:#fff4f4;padding:.75rem 1rem;font-weight:600}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}.status{font-weight:600}.gap{color:#b00020}
code{font-size:.85rem}section{page-break-inside:avoid}
@media print{.banner{border-color:#000}}
""".strip()


def render(drafts: Sequence[Draft], options: Options) -> str:
    """The drafts as one HTML document."""
    title = escape(" / ".join(f"DRAFT: {d.title} - {d.company}" for d in drafts))
    body = "\n<hr>\n".join(_draft(d) for d in drafts)
    return page(title, "\n" + _STYLE + "\n", [body])


def _draft(d: Draft) -> str:
    facts = [("Company", d.company), ("Profile", f"{d.profile} (as of {d.as_of})"),
             ("Regulation", d.regulation),
             ("Scope", f"{'in scope' if d.in_scope else 'not in scope'}: {d.scope}"),
             ("Reference data", d.data_version)]  # fmt: skip
    out = [f"<article>\n<h1>DRAFT: {escape(d.title)}</h1>",
           f'<p class="banner" role="note">{escape(d.banner)}</p>', "<dl>"]  # fmt: skip
    out += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts]
    out += ["</dl>", "<h2>Dates</h2>", _list(d.dates), "<h2>Sections</h2>"]
    rows = tuple((s.requirement.title, s.requirement.basis, s.status) for s in d.sections)
    out.append(_rows(("section", "basis", "status"), rows))
    out.append(f"<h2>Evidence gaps ({len(d.gaps)})</h2>")
    out.append(_list([f"{t}: {g}" for t, g in d.gaps] or ["none"]))
    out += [_section(s) for s in d.sections]
    out += ["<h2>Sources</h2>", _list(d.citations), "</article>"]
    return "\n".join(out)


def _section(s: Section) -> str:
    r = s.requirement
    cls = "status gap" if s.status == "gap" else "status"
    out = [f'<section id="{escape(r.key)}">', f"<h2>{escape(r.title)}</h2>",
           f"<p><em>{escape(r.basis)}: {escape(r.asks)}</em></p>",
           f'<p class="{cls}">Status: {escape(s.status)}</p>']  # fmt: skip
    out += [f"<p>{escape(t)}</p>" for t in s.text]
    out += [_table(t) for t in s.tables]
    if s.gaps:
        out += ["<p>Evidence gaps:</p>", _list(s.gaps)]
    out += [_trace(s.trace), "</section>"]
    return "\n".join(out)


def _list(items: Sequence[str]) -> str:
    return "<ul>\n" + "\n".join(f"<li>{escape(i)}</li>" for i in items) + "\n</ul>"


def _table(t: Table) -> str:
    return _rows(t.header, t.rows) if t.rows else "<p>(none)</p>"


def _rows(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>"
    body = ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows]
    return (
        "<table>\n<thead>" + head + "</thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"
    )


def _trace(t: Trace) -> str:
    parts = []
    if t.profile:
        parts.append("profile " + ", ".join(f"<code>{escape(p)}</code>" for p in t.profile))
    if t.sources:
        parts.append(
            "reference sources " + ", ".join(f"<code>{escape(s)}</code>" for s in t.sources)
        )
    if t.scenarios:
        parts.append("stress tests " + ", ".join(f"<code>{escape(s)}</code>" for s in t.scenarios))
    return f"<p>Traced to: {'; '.join(parts) if parts else 'nothing in the data'}.</p>"
