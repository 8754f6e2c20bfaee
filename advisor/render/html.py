"""HTML: the one-page report a manager reads in two minutes and prints to PDF.

One self-contained file: no script, no network, no external font (a system font stack), a
Content-Security-Policy that forbids loading anything, and a print stylesheet. The first screen
holds the company, its score and band, the first three actions (what each removes, when, and
what it costs) and three charts drawn as inline SVG by :mod:`advisor.render._charts`: stock
cover against time to recover, the company score after each action on its own, and where each
material is processed. The whole plan, the findings (with their profile file:line), suppliers,
stress tests (with ``--with-scenarios`` or ``--scenario``), sources and method follow in
``<details>`` closed by default. Every text from a profile or a rule pack is escaped
(:func:`~._charts.esc`); the same assessment gives the same bytes (a time only with
``--timestamp``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from advisor.engine.assess.scoring import BANDS, severity_rank
from advisor.render._charts import Segment, country_chart, cover_chart, esc, plan_chart
from advisor.render._common import (
    cost_cell,
    effect_words,
    named,
    problem_text,
    processing_shares,
    removes,
    rules_by_id,
    shown,
)
from advisor.render._page import page
from advisor.render.html_stress import stress_tests
from advisor.rules.text import format_value

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment, Recommendation, SupplierSummary
    from advisor.render import Options

#: Actions on the first screen.
FIRST = 3
#: Actions drawn in the plan chart (the first ones).
CHARTED = 5

_CSS = """
:root{--ink:#1c2733;--muted:#5a6773;--line:#d5dbe1;--accent:#2f5d8a;--warn:#b3541e}
*{box-sizing:border-box}
body{margin:0;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
"Liberation Sans",sans-serif;color:var(--ink);background:#fff}
main{max-width:1260px;margin:0 auto;padding:14px 20px 40px}
section.report+section.report{border-top:3px solid var(--line);margin-top:28px}
header.top{display:flex;justify-content:space-between;align-items:flex-start;gap:20px;
border-bottom:1px solid var(--line);padding-bottom:8px}
h1{font-size:24px;margin:0 0 2px}
h2{font-size:17px;margin:14px 0 6px}
.meta{color:var(--muted);font-size:13px;margin:0}
.score{text-align:right;white-space:nowrap}
.score .n{font-size:40px;font-weight:700;line-height:1}
.score .of{font-size:18px;color:var(--muted)}
.band{display:inline-block;margin-top:4px;padding:1px 10px;border:2px solid var(--ink);
border-radius:12px;font-weight:600;text-transform:uppercase;font-size:13px;letter-spacing:.05em}
ol.actions{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(3,1fr);
gap:12px}
ol.actions li{border:1px solid var(--line);border-left:5px solid var(--accent);border-radius:4px;
padding:8px 10px}
ol.actions li.urgent{border-left-color:var(--warn)}
.act{font-weight:650;margin:0 0 4px}
.act .rank{color:var(--muted);margin-right:4px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 8px;margin:0;font-size:13px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.charts{display:grid;grid-template-columns:repeat(3,1fr);gap:14px;margin-top:14px}
figure{margin:0;border:1px solid var(--line);border-radius:4px;padding:8px}
figcaption{font-weight:650;font-size:14px;margin-bottom:4px}
figure .note{color:var(--muted);font-size:12px;margin:4px 0 0}
svg.chart{width:100%;height:auto;font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,
sans-serif;fill:var(--ink)}
svg .name{font-weight:600}
svg .on-dark{fill:#fff;font-weight:600}
svg .on-light{fill:#1c2733;font-weight:700;stroke:#fff;stroke-width:3px;paint-order:stroke}
details{border:1px solid var(--line);border-radius:4px;margin:8px 0;padding:6px 10px}
summary{cursor:pointer;font-weight:650}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f5f7}
td.num{text-align:right;white-space:nowrap}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;
font-size:12px}
.problems{border:2px solid var(--warn);border-radius:4px;padding:4px 12px;margin:8px 0}
.problems .error{color:var(--warn);font-weight:600}
@media (max-width:900px){ol.actions,.charts{grid-template-columns:1fr}}
@media print{
body{font-size:11px}main{max-width:none;padding:0}
details{border:none;padding:0}details::details-content{content-visibility:visible;display:block}
figure,ol.actions li,tr{break-inside:avoid}
}
"""


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """One HTML document: each assessment, its first screen, then its details."""
    title = "Critical-mineral supply risk: " + ", ".join(a.company for a in assessments)
    parts = ["<main>", *_problems(options)]
    for i, a in enumerate(assessments):
        parts.extend(_assessment(a, options, f"r{i + 1}"))
    return page(esc(title), _CSS, [*parts, "</main>"])


def _problems(options: Options) -> list[str]:
    """The files that could not be checked and the notes about the run, before any result:
    what could not be read is never shown as clean."""
    items = [f'<li class="error">{esc(problem_text(p))}</li>' for p in options.errors]
    items += [f"<li>{esc(n.level)}: {esc(n.message)}"
              + (f" (<code>{esc(n.file)}:{n.line}</code>)" if n.file else "") + "</li>"
              for n in options.notices]  # fmt: skip
    if not items:
        return []
    head = (f"{len(options.errors)} file(s) could not be checked" if options.errors
            else "Notes about this run")  # fmt: skip
    return [f'<section class="problems" role="alert"><h2>{esc(head)}</h2><ul>', *items,
            "</ul></section>"]  # fmt: skip


def _assessment(a: Assessment, options: Options, key: str) -> list[str]:
    recs = _recommendations(a, options)
    return [
        f'<section class="report" id="{key}" aria-labelledby="{key}-h">',
        *_header(a, options, key),
        *_first_actions(recs[:FIRST]),
        *_charts(a, recs, key),
        *_details(a, options, recs),
        "</section>",
    ]


def _recommendations(a: Assessment, options: Options) -> list[Recommendation]:
    floor = severity_rank(options.min_severity)
    recs = [r for r in a.recommendations if severity_rank(r.severity) >= floor]
    return recs[: options.top] if options.top is not None else recs


def _header(a: Assessment, options: Options, key: str) -> list[str]:
    meta = (
        f"{esc(a.sector.replace('_', ' '))} · data as of {esc(a.as_of)} · profile "
        f"<code>{esc(options.path(a.source))}</code> · reference data "
        f"{esc(a.versions.get('reference_data', ''))}"
    )
    if options.timestamp is not None:
        meta += f" · generated {esc(options.timestamp)}"
    counts = ", ".join(f"{n} {s}" for s, n in a.counts().items() if n) or "no findings"
    return [
        '<header class="top">',
        f'<div><h1 id="{key}-h">{esc(a.company)}</h1><p class="meta">{meta}</p>',
        f'<p class="meta">Critical-mineral supply risk · {len(a.stories)} problems, '
        f"{len(a.findings)} findings ({counts})</p></div>",
        f'<div class="score" id="{key}-score" aria-label="Overall risk '
        f'{a.score.value:.0f} out of 100, {esc(a.band)}">',
        f'<span class="n">{a.score.value:.0f}</span><span class="of">/100</span><br>',
        f'<span class="band">{esc(a.band)}</span></div>',
        "</header>",
    ]


def _first_actions(recs: Sequence[Recommendation]) -> list[str]:
    if not recs:
        return ["<h2>First actions</h2>", "<p>No recommendations at or above the chosen "
                "severity.</p>"]  # fmt: skip
    items = [_card(r) for r in recs]
    return [f"<h2>First {len(recs)} actions</h2>", '<ol class="actions">', *items, "</ol>"]


def _card(r: Recommendation) -> str:
    urgent = ' class="urgent"' if r.tier == "urgent" else ""
    return (
        f'<li{urgent} data-rank="{r.rank}"><p class="act"><span class="rank">{r.rank}.</span>'
        f"{esc(r.title)}</p>"
        '<dl class="facts">'
        f"<dt>For</dt><dd>{esc(named(r))}</dd>"
        f"<dt>Removes</dt><dd>{esc(effect_words(r))}</dd>"
        f"<dt>When</dt><dd>{esc(_when(r))} ({esc(r.severity)})</dd>"
        f"<dt>Cost</dt><dd>{esc(_cost(r))}</dd>"
        "</dl></li>"
    )


def _cost(r: Recommendation) -> str:
    """The action's cost as the model states it: an amount where sourced prices give one,
    else why it is unknown (never a made-up figure)."""
    cell = cost_cell(r)
    if cell == "unknown":
        return "unknown: no sourced price or reference figure (the plan says which)"
    return cell


def _when(r: Recommendation) -> str:
    if r.tier == "urgent" and r.deadline_days is not None:
        return f"urgent: within {r.deadline_days:.0f} days"
    return r.horizon if r.tier != "long-horizon" else f"{r.horizon}, a long-horizon option"


def _charts(a: Assessment, recs: Sequence[Recommendation], key: str) -> list[str]:
    rows = [
        (m.id, [Segment(c, p) for c, p in processing_shares(_of(a.suppliers, m.id))])
        for m in a.materials
    ]
    charted = [r for r in recs if removes(r) > 0][:CHARTED]
    still = sum(1 for r in recs if removes(r) <= 0)
    note = (
        "Each action modelled alone against today's score: advisor does not compute the "
        "plan's combined effect, so the removals do not simply add up."
    )
    if still:
        note += f" {still} action(s) change no score on their own (see the plan below)."
    return [
        '<div class="charts">',
        _figure(cover_chart(f"{key}-cover", a.materials) if a.materials else None,
                "Stock cover against time to recover",
                "Days of stock against the days to qualify a replacement for the largest "
                "supplier; a hatched bar longer than the solid one is a gap."),
        _figure(plan_chart(f"{key}-plan", a.score.value, charted),
                "What each action does to the score", note),
        _figure(country_chart(f"{key}-countries", rows) if rows else None,
                "Where each material is processed",
                "Share of each material's volume by processing country, from the supplier "
                "list."),
        "</div>",
    ]  # fmt: skip


def _of(suppliers: Sequence[SupplierSummary], material: str) -> list[SupplierSummary]:
    return [s for s in suppliers if s.material == material]


def _figure(svg: str | None, caption: str, note: str) -> str:
    body = svg if svg is not None else "<p>Nothing to draw.</p>"
    return (
        f"<figure><figcaption>{esc(caption)}</figcaption>\n{body}\n"
        f'<p class="note">{esc(note)}</p></figure>'
    )


def _details(a: Assessment, options: Options, recs: Sequence[Recommendation]) -> list[str]:
    return [
        "<h2>Details</h2>",
        *_plan(recs),
        *_findings(a, options),
        *_suppliers(a),
        *stress_tests(a.stress_tests, _table),
        *_notes(a),
        *_sources(a, options),
        *_method(a),
    ]


def _section(summary: str, body: list[str]) -> list[str]:
    return ["<details>", f"<summary>{esc(summary)}</summary>", *body, "</details>"]


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], nums: frozenset[int]) -> str:
    ths = "".join(f"<th>{esc(h)}</th>" for h in head)
    out = [f"<table><thead><tr>{ths}</tr></thead><tbody>"]
    for row in rows:
        cells = "".join(
            f'<td class="num">{c}</td>' if i in nums else f"<td>{c}</td>" for i, c in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    return "\n".join([*out, "</tbody></table>"])


def _plan(recs: Sequence[Recommendation]) -> list[str]:
    if not recs:
        return []
    rows = [
        [str(r.rank), f"<strong>{esc(r.title)}</strong><br>{esc(r.text)}", esc(named(r)),
         esc(_when(r)), esc(effect_words(r)),
         esc(("modelled: " if r.modelled else "") + r.model_note)]
        for r in recs
    ]  # fmt: skip
    head = ("#", "Action", "Materials", "When", "Effect", "Basis")
    return _section(f"Action plan ({len(recs)} actions)", [_table(head, rows, frozenset({0}))])


def _findings(a: Assessment, options: Options) -> list[str]:
    found = shown(a.findings, options)
    if not found:
        return _section("Findings (none shown)", ["<p>No findings at or above the chosen "
                                                  "severity.</p>"])  # fmt: skip
    path = options.path(a.source)
    rows = [
        [esc("missing data" if f.status == "missing" else f.severity),
         esc(f.material or "company"), esc(f.message) + (f" <em>({esc(f.note)})</em>" if f.note
                                                         else ""),
         f"<code>{esc(f.rule_id)}</code>", f"<code>{esc(path)}:{f.location.line}</code>"]
        for f in found
    ]  # fmt: skip
    head = ("Severity", "Material", "Finding", "Rule", "Profile line")
    return _section(f"Findings ({len(found)})", [_table(head, rows, frozenset())])


def _suppliers(a: Assessment) -> list[str]:
    if not a.suppliers:
        return []
    rows = [
        [esc(s.material), esc(s.name), esc(s.country),
         esc(", ".join(s.processing_countries) or "unknown"),
         esc(format_value("supplier_share", s.share)), "yes" if s.qualified else "no",
         esc(s.contract_type.replace("_", " ")), "yes" if s.dual_source_clause else "no",
         str(s.location.line)]
        for s in a.suppliers
    ]  # fmt: skip
    head = ("Material", "Supplier", "Ships from", "Processed in", "Share", "Qualified",
            "Contract", "Dual-source clause", "Line")  # fmt: skip
    stock = [_stock_row(m.id, m.facts) for m in a.materials]
    stock_head = ("Material", "Cover", "Target", "Without largest supplier", "To recover")
    body = [
        _table(head, rows, frozenset({4, 8})),
        _table(stock_head, stock, frozenset({1, 2, 3, 4})),
    ]
    return _section(f"Suppliers and stock ({len(a.suppliers)} suppliers)", body)


def _stock_row(material: str, facts: Mapping[str, Any]) -> list[str]:
    def days(name: str) -> str:
        value = facts.get(name)
        return "unknown" if value is None else esc(format_value("days_of_cover", value))

    return [esc(material), days("days_of_cover"), days("stock_target_days"),
            days("time_to_survive_days"), days("time_to_recover_days")]  # fmt: skip


def _notes(a: Assessment) -> list[str]:
    items = [f"<li>{esc(x.measure)}: {esc(x.text)} (materials: {esc(', '.join(x.materials))})"
             "</li>" for x in a.assumptions]  # fmt: skip
    items += [f"<li>{esc(n)}</li>" for n in a.stale]
    items += [f"<li>{esc(s.material)} / {esc(s.id)}: {esc(line)}</li>"
              for s in a.suppliers for line in s.evidence]  # fmt: skip
    if not items:
        return []
    return _section("Assumptions and evidence", ["<ul>", *items, "</ul>"])


def _sources(a: Assessment, options: Options) -> list[str]:
    rules = rules_by_id(options)
    cited: dict[str, set[str]] = {}
    for f in shown(a.findings, options):
        rule = rules.get(f.rule_id)
        if rule is None:
            continue
        for text in ([rule.source.seed] if rule.source.seed else []) + list(rule.source.references):
            cited.setdefault(text, set()).add(f.rule_id)
    if not cited:
        return []
    items = [f"<li>{esc(text)} ({esc(', '.join(sorted(ids)))})</li>"
             for text, ids in sorted(cited.items())]  # fmt: skip
    return _section(f"Sources ({len(items)})", ["<ul>", *items, "</ul>"])


def _method(a: Assessment) -> list[str]:
    bands = ", ".join(f"{name} from {floor:g}" for floor, name in reversed(BANDS))
    versions = ", ".join(f"{esc(k)} {esc(v)}" for k, v in sorted(a.versions.items()))
    ran = f"<p>{esc(a.rules_run.text())}</p>" if a.rules_run else ""
    return _section("Method", [
        "<p>Rules read figures derived from the profile and the embedded reference data. Each "
        "finding scores 0–100 from its severity, the share of volume concerned, the "
        "material's criticality and how far past its threshold the figure is; a material's "
        "problems combine as chances of disruption, and the company score never reads lower "
        "than its worst material (docs/scoring.md). An action's effect is the company score "
        "with that action alone applied to the profile, or its findings taken as resolved "
        f"where it cannot be modelled. Bands: {esc(bands)}.</p>",
        ran, f"<p>Versions: {versions}.</p>",
    ])  # fmt: skip
