"""Drafted regulatory assessments as markdown: banner, scope, dates, evidence gaps, then every
required section with its basis, status, tables and trace (GitHub flavoured markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.render._common import md_escape

if TYPE_CHECKING:
    from advisor.render import Options
    from advisor.render.report_common import Draft, Section, Table, Trace


def render(drafts: Sequence[Draft], options: Options) -> str:
    """The drafts, one after the other, as one markdown document."""
    return "\n---\n\n".join(_draft(d) for d in drafts)


def _draft(d: Draft) -> str:
    lines = [f"# DRAFT: {md_escape(d.title)}", "", f"> **{md_escape(d.banner)}**", ""]
    lines += [f"- Company: {md_escape(d.company)}", f"- Profile: `{d.profile}` (as of {d.as_of})",
              f"- Regulation: {md_escape(d.regulation)}",
              f"- Scope: {'in scope' if d.in_scope else 'not in scope'}: {md_escape(d.scope)}",
              f"- Reference data: {md_escape(d.data_version)}", ""]  # fmt: skip
    lines += ["## Dates", "", *(f"- {md_escape(x)}" for x in d.dates), ""]
    lines += ["## Sections", "", "| section | basis | status |", "|---|---|---|"]
    lines += [f"| {md_escape(s.requirement.title)} | {md_escape(s.requirement.basis)} | "
              f"{s.status} |" for s in d.sections]  # fmt: skip
    lines += ["", f"## Evidence gaps ({len(d.gaps)})", ""]
    lines += [f"- {md_escape(t)}: {md_escape(g)}" for t, g in d.gaps] or ["- none"]
    lines.append("")
    for s in d.sections:
        lines += _section(s)
    lines += ["## Sources", "", *(f"- {md_escape(c)}" for c in d.citations), ""]
    return "\n".join(lines)


def _section(s: Section) -> list[str]:
    r = s.requirement
    out = [f"## {md_escape(r.title)}", "", f"*{md_escape(r.basis)}: {md_escape(r.asks)}*", "",
           f"Status: **{s.status}**", ""]  # fmt: skip
    for text in s.text:
        out += [md_escape(text), ""]
    for table in s.tables:
        out += _table(table)
    if s.gaps:
        out += ["Evidence gaps:", "", *(f"- {md_escape(g)}" for g in s.gaps), ""]
    out += _trace(s.trace)
    return out


def _table(t: Table) -> list[str]:
    if not t.rows:
        return ["(none)", ""]
    head = "| " + " | ".join(md_escape(h) for h in t.header) + " |"
    rule = "|" + "---|" * len(t.header)
    body = ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in t.rows]
    return [head, rule, *body, ""]


def _trace(t: Trace) -> list[str]:
    parts = []
    if t.profile:
        parts.append("profile " + ", ".join(f"`{p}`" for p in t.profile))
    if t.sources:
        parts.append("reference sources " + ", ".join(f"`{s}`" for s in t.sources))
    if t.scenarios:
        parts.append("stress tests " + ", ".join(f"`{s}`" for s in t.scenarios))
    return (
        [f"Traced to: {'; '.join(parts)}.", ""]
        if parts
        else ["Traced to: nothing in the data.", ""]
    )
