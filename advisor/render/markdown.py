"""Markdown: the report a procurement manager forwards to a director.

Renders on GitHub and in common viewers. A summary that fits one screen comes first: the score,
band and profile (named once), the actions that move the company score as a table with the
others folded under the action they complete (or on one "also" line), and a table of the
materials with their cover, time to recover and processing countries. Under "Details": the
versions used, every action, a mermaid pie for each material processed in more than one
country, one section per material (suppliers, stock against target, findings with their
evidence and profile line), and appendices on the method and the sources the findings cite.
Every text that comes from a profile or a rule pack goes through
:func:`advisor.render._common.md_escape`, so a supplier name cannot break a table or add markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.engine.assess.scoring import (
    BANDS,
    COMPANY_WEIGHT,
    CRITICALITY_WEIGHT,
    MATERIAL_WEIGHT,
    MISSING_EVIDENCE,
    OTHER_WEIGHT,
    SEVERITY_WEIGHT,
    severity_rank,
)
from advisor.escape import guard
from advisor.render._common import (
    cost_cell,
    effect_words,
    md_escape,
    named,
    plan_lines,
    processing_shares,
    removes,
    rules_by_id,
    shown,
)
from advisor.rules.text import format_value

if TYPE_CHECKING:
    from advisor.engine.assess.model import (
        Assessment,
        Finding,
        Location,
        MaterialSummary,
        Recommendation,
        SupplierSummary,
    )
    from advisor.render import Options

_SAFE_CODE = re.compile(r"[A-Za-z0-9_./\[\]:-]+")
_MERMAID_UNSAFE = re.compile(r"[^A-Za-z0-9 ._/%()-]")

#: The article the built-in rules encode, as a reader can find it.
SEED_ARTICLE = (
    "Archyde, “Breaking: U.S. Reaches Back-to-Back Deals With Malaysia And Thailand To "
    "Secure Critical Minerals”, 5 December 2025"
)

e = md_escape


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """One markdown document: each assessment, then the method and the sources."""
    parts: list[str] = []
    for i, a in enumerate(assessments):
        if i:
            parts.append("---")
        parts.extend(_assessment(a, options))
    parts.extend(_methodology())
    parts.extend(_sources(assessments, options))
    return guard("\n\n".join(parts) + "\n")


def code(text: str) -> str:
    """*text* as inline code when it is plainly safe (paths, ids, fields), else escaped text."""
    return f"`{text}`" if _SAFE_CODE.fullmatch(text) else e(text)


def mermaid_label(text: str) -> str:
    """A label mermaid cannot misread: letters, digits and ``._/%()-`` only, at most 60."""
    return _MERMAID_UNSAFE.sub("_", text)[:60] or "_"


def _assessment(a: Assessment, options: Options) -> list[str]:
    blocks = [f"# Critical-mineral supply risk: {e(a.company)}", _headline(a, options)]
    blocks += _first(a, options)
    blocks += _materials_table(a)
    blocks += ["## Details", _header(a, options)]
    blocks += _plan(a, options)
    blocks += _charts(a)
    if a.materials:
        blocks.append("## Materials")
    for m in a.materials:
        blocks += _material(a, m, options)
    company = _stories(a, None, options)
    if company:
        blocks += ["## Company-wide findings", *company]
    blocks += _evidence(a)
    if a.assumptions:
        lines = [f"- {e(x.measure)}: {e(x.text)} (materials: {e(', '.join(x.materials))})"
                 for x in a.assumptions]  # fmt: skip
        blocks += ["## Assumptions about export controls", "\n".join(lines)]
    if a.stale:
        blocks += ["## Notes on the reference data", "\n".join(f"- {e(n)}" for n in a.stale)]
    if a.stress_tests:
        from advisor.render.simulate_markdown import section

        blocks += ["## Stress tests", *(b for s in a.stress_tests for b in section(s, options, 3))]
    return blocks


def _evidence(a: Assessment) -> list[str]:
    """Where imported supplier data comes from: declarations and smelters, file, sheet, cell."""
    items = [
        f"- {e(s.material)} / {e(s.id)} ({e(s.name)}): {e(line)}"
        for s in a.suppliers
        for line in s.evidence
    ]
    return ["## Evidence from supplier declarations", "\n".join(items)] if items else []


def _header(a: Assessment, options: Options) -> str:
    rows = [
        ("Company", f"{e(a.company)} ({e(a.sector)})"),
        ("Data as of", e(a.as_of)),
        ("advisor", e(a.versions.get("advisor", ""))),
        ("Rules", e(a.versions.get("rules", ""))),
        *([("Rules run", e(a.rules_run.text().removeprefix("rules: ")))] if a.rules_run else []),
        ("Reference data", e(a.versions.get("reference_data", ""))),
        ("Planning assumption", e(a.planning.text())),
    ]
    if options.timestamp is not None:
        rows.append(("Generated", e(options.timestamp)))
    return "\n".join(["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


def _headline(a: Assessment, options: Options) -> str:
    counts = ", ".join(f"{n} {s}" for s, n in a.counts().items() if n) or "none"
    missing = sum(1 for f in a.findings if f.status == "missing")
    text = (
        f"**Overall risk {a.score.value:.0f}/100: {a.band}.** {len(a.stories)} problems, "
        f"{len(a.findings)} findings ({counts})"
    )
    text += f", {missing} of them for missing data." if missing else "."
    if a.materials:
        worst = max(a.materials, key=lambda m: (m.score, m.id))
        text += f" Highest risk: {e(worst.id)} ({worst.score:.0f}/100, {worst.band})."
    return text + f" Profile {code(options.path(a.source))}, data as of {e(a.as_of)}."


def _first(a: Assessment, options: Options) -> list[str]:
    """The actions that move the score, as a table; the others folded under the one they
    complete (a problem they share), or into one line."""
    recs = _shown_recs(a, options)[0]
    if not recs:
        return ["## What to do first", "No recommendations at or above the chosen severity."]
    lead, completes, also = _fold(recs)
    blocks = ["## What to do first"]
    if lead:
        rows = [
            "| # | Action | For | When | Company score | Cost |",
            "|---:|---|---|---|---:|---:|",
        ]
        rows += [_row(r) for r in lead]
        blocks.append("\n".join(rows))
    folded = [f"- with #{rank}: {_listed(rs)}" for rank, rs in completes.items()]
    folded += [f"- also: {_listed(also)}"] if also else []
    if folded:
        blocks.append("\n".join(["No change to the company score on their own:", *folded]))
    return blocks


def _row(r: Recommendation) -> str:
    score = f"{r.score_before:.0f} → {r.score_after:.0f} (−{removes(r)})"
    return f"| {r.rank} | {e(r.title)} | {e(named(r))} | {_when(r)} | {score} | {e(cost_cell(r))} |"


def _fold(
    recs: Sequence[Recommendation],
) -> tuple[list[Recommendation], dict[int, list[Recommendation]], list[Recommendation]]:
    lead = [r for r in recs if removes(r) > 0]
    completes: dict[int, list[Recommendation]] = {}
    also: list[Recommendation] = []
    for r in recs:
        if removes(r) > 0:
            continue
        parent = next((p for p in lead if set(p.stories) & set(r.stories)), None)
        if parent is None:
            also.append(r)
        else:
            completes.setdefault(parent.rank, []).append(r)
    return lead, completes, also


def _listed(recs: Sequence[Recommendation]) -> str:
    return "; ".join(f"#{r.rank} {e(r.title)} ({_when(r) if r.tier == 'urgent' else r.horizon})"
                     for r in recs)  # fmt: skip


def _shown_recs(a: Assessment, options: Options) -> tuple[list[Recommendation], int]:
    """The recommendations shown (--min-severity, --top) and how many --top hides."""
    recs = _recommendations(a, options)
    hidden = len(recs) - options.top if options.top is not None and len(recs) > options.top else 0
    return (recs[: options.top] if options.top is not None else recs), hidden


def _sentence(r: Recommendation) -> str:
    return f"**{e(r.title)}** {_for(r)} ({_when(r)}, {r.severity}): {_effect(r)}."


def _for(r: Recommendation) -> str:
    return f"for {e(named(r))}" if r.materials else named(r)


def _when(r: Recommendation) -> str:
    if r.tier == "urgent" and r.deadline_days is not None:
        return f"urgent: within {r.deadline_days:.0f} days"
    return r.horizon if r.tier != "long-horizon" else f"{r.horizon}, a long-horizon option"


def _effect(r: Recommendation) -> str:
    return e(effect_words(r))


def _recommendations(a: Assessment, options: Options) -> list[Recommendation]:
    floor = severity_rank(options.min_severity)
    return [r for r in a.recommendations if severity_rank(r.severity) >= floor]


def _charts(a: Assessment) -> list[str]:
    """A pie per material processed in more than one place (one country is said in words, in
    the risk table)."""
    charts = [_pie(m.id, processing_shares([s for s in a.suppliers if s.material == m.id]))
              for m in a.materials]  # fmt: skip
    drawn = [c for c in charts if c]
    if not drawn:
        return []
    intro = "Share of each material's volume by processing country (from the supplier list)."
    return ["## Where the materials are processed", intro, *drawn]


def _pie(material: str, slices: Sequence[tuple[str, float]]) -> str | None:
    if len(slices) < 2:
        return None
    lines = [
        "```mermaid",
        "pie showData",
        f"    title {mermaid_label(material)} by processing country",
    ]
    lines += [f'    "{mermaid_label(c)}" : {v:g}' for c, v in slices]
    return "\n".join([*lines, "```"])


def _plan(a: Assessment, options: Options) -> list[str]:
    recs, hidden = _shown_recs(a, options)
    if not recs:
        return []
    blocks = ["## Action plan", *(_action(r) for r in recs)]
    if hidden:
        blocks.append(f"{hidden} more recommendation(s) not shown (--top {options.top}).")
    return blocks


def _action(r: Recommendation) -> str:
    lines = [f"**{r.rank}. {e(r.title)}** ({e(named(r))}, {_when(r)}, {r.severity}): "
             f"{e(r.text)}"]  # fmt: skip
    basis = f"modelled: {r.model_note}" if r.modelled else r.model_note
    lines.append(f"Effect: {_effect(r)} ({e(basis)}).")
    lines += [f"- {e(line[0].upper() + line[1:])}" for line in plan_lines(r)]
    return "\n".join(lines)


def _materials_table(a: Assessment) -> list[str]:
    if not a.materials:
        return []
    rows = ["| Material | Risk | Stock cover | To recover | Processed in | Main problem |",
            "|---|---:|---:|---:|---|---|"]  # fmt: skip
    main: dict[str, str] = {}
    for story in a.stories:
        if story.material is not None:
            main.setdefault(story.material, story.label)
    for m in a.materials:
        shares = processing_shares([s for s in a.suppliers if s.material == m.id])
        where = ", ".join(f"{c} {v:g}%" for c, v in shares) or "unknown"
        rows.append(
            f"| {e(m.id)} | {m.score:.0f} {m.band} | {_days(m.facts.get('days_of_cover'))} | "
            f"{_days(m.facts.get('time_to_recover_days'))} | {e(where)} | "
            f"{e(main.get(m.id, '-'))} |"
        )
    return ["## Risk by material", "\n".join(rows)]


def _days(value: object) -> str:
    return "unknown" if value is None else format_value("days_of_cover", value)


def _material(a: Assessment, m: MaterialSummary, options: Options) -> list[str]:
    head = f"### {e(m.id)}: {e(m.mineral)}, {e(m.criticality)} criticality"
    blocks = [head, f"Risk {m.score:.0f}/100 ({m.band}); in the profile at {_where(m.location)}."]
    suppliers = [s for s in a.suppliers if s.material == m.id]
    blocks.append(_supplier_table(suppliers) if suppliers else "No suppliers listed.")
    blocks.append(_stock(m))
    told = _stories(a, m.id, options)
    return [*blocks, *(told or ["No findings shown."])]


def _supplier_table(suppliers: Sequence[SupplierSummary]) -> str:
    rows = ["| Supplier | Ships from | Mined in | Processed in | Share | Qualified | Contract "
            "| Dual-source clause | Price | Ends | Line |",
            "|---|---|---|---|---:|---|---|---|---|---|---:|"]  # fmt: skip
    for s in suppliers:
        cells = [
            e(s.name),
            e(s.country),
            e(", ".join(s.mining_countries) or "unknown"),
            e(", ".join(s.processing_countries) or "unknown"),
            format_value("supplier_share", s.share),
            "yes" if s.qualified else "no",
            e(s.contract_type.replace("_", " ")),
            "yes" if s.dual_source_clause else "no",
            e(s.price_basis),
            e(s.contract_end) if s.contract_end else "-",
            str(s.location.line),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _stock(m: MaterialSummary) -> str:
    facts = m.facts
    cover, target = facts.get("days_of_cover"), facts.get("stock_target_days")
    if cover is None:
        text = "**Stock:** days of cover unknown (the profile gives no inventory)"
    else:
        text = f"**Stock:** {format_value('days_of_cover', cover)} of cover"
    if target is not None:
        text += f" against a target of {format_value('stock_target_days', target)}"
        gap = facts.get("cover_gap_days")
        if gap:
            text += f" ({format_value('cover_gap_days', gap)} short)"
    else:
        text += "; no stockpile target covers it"
    survive, recover = facts.get("time_to_survive_days"), facts.get("time_to_recover_days")
    if survive is not None and recover is not None:
        text += (
            f". Without the largest supplier, stock lasts {format_value('days_of_cover', survive)}"
            f"; qualifying a replacement takes {format_value('days_of_cover', recover)}"
        )
    country, lost = facts.get("country_loss_country"), facts.get("country_loss_share")
    survive, words = facts.get("country_loss_survive_days"), facts.get("country_loss_recovery")
    if country and lost and survive is not None and words:
        text += (
            f". If {e(str(country))} stops exports, {format_value('country_loss_share', lost)} of "
            f"the volume stops together: stock lasts {format_value('days_of_cover', survive)}, "
            f"and supply takes {e(str(words))}"
        )
    return text + "."


def _stories(a: Assessment, material: str | None, options: Options) -> list[str]:
    """The problems of one material (None: the company), each told once."""
    by_key = {f"{f.rule_id} {f.subject}": f for f in a.findings}
    floor = severity_rank(options.min_severity)
    answered: dict[str, list[int]] = {}
    for r in a.recommendations:
        for key in r.stories:
            answered.setdefault(key, []).append(r.rank)
    blocks = []
    for story in (s for s in a.stories if s.material == material):
        found = shown((by_key[k] for k in story.findings), options)
        if not found or severity_rank(story.severity) < floor:
            continue
        head = f"#### {e(story.label)} ({story.severity}, {story.score:.0f}/100)"
        ranks = ", ".join(f"#{n}" for n in answered.get(story.key, []))
        intro = e(story.summary) + (f". Answered by action {ranks}." if ranks else ".")
        blocks += [head, intro, _findings(found)]
    return blocks


def _findings(findings: Sequence[Finding]) -> str:
    items = []
    for f in findings:
        kind = "missing data" if f.status == "missing" else f.severity
        note = f"; {e(f.note)}" if f.note else ""
        if f.mitigation:
            note += f"; at most medium, covered: {e(f.mitigation)}"
        items.append(f"- {e(f.message)} ({kind}{note}; {e(f.rule_id)}, line {f.location.line})")
    return "\n".join(items)


def _where(loc: Location) -> str:
    return f"line {loc.line}, column {loc.col} ({code(loc.field)})"


def _methodology() -> list[str]:
    sev = ", ".join(f"{k} {v:g}" for k, v in SEVERITY_WEIGHT.items())
    crit = ", ".join(f"{k} {v:g}" for k, v in CRITICALITY_WEIGHT.items())
    bands = ", ".join(f"{name} from {floor:g}" for floor, name in reversed(BANDS))
    return [
        "## Appendix A: How the scores are made",
        "Rules read figures derived from the profile and the embedded reference data (who "
        "mines, refines and restricts each mineral). A rule that fires on the company, a "
        "material or a supplier gives a finding; a rule that cannot be decided because data is "
        "missing gives a missing-data finding, never a pass.",
        "Each finding scores 0-100: 100 × severity × exposure × criticality × gap × evidence, "
        f"with severity {sev}; exposure the share of the material's volume concerned; "
        f"criticality {crit}; gap 0.5 + 0.5 × how far past its threshold the figure is; "
        f"evidence 1 when the rule fired, {MISSING_EVIDENCE:g} for missing data.",
        "Findings with one root cause on one material (a sole supplier that refines in China "
        "fires several rules) are one problem, scored by its worst finding. Problems combine "
        "as chances of disruption: a score s counts as the chance s/100 that the problem "
        "disrupts supply, with strength g(s) = −ln(1 − s/100), and strengths add. A material "
        f"scores 100 × (1 − exp(−(g(worst problem) + {OTHER_WEIGHT:g} × the others' "
        "strengths))): the lesser problems count at part weight because they are partly the "
        "same event as the worst. The company score adds to its worst material's strength "
        f"{MATERIAL_WEIGHT:g} × the mean strength of the other materials and "
        f"{COMPANY_WEIGHT:g} × the strength of each company-wide problem, so it never reads "
        "lower than its worst material, and every problem an action removes lowers it. "
        "An action's effect is the company score before and after it, in the same points. "
        f"Bands: {bands}.",
        "Actions are ranked in three tiers. Urgent first: a suspended export control that "
        "returns, or a rule that takes effect, within the stock cover or lead time, and stock "
        "shorter than one export-licence cycle (45 working days, about 63 calendar days). "
        "Then structural fixes, by the score points they remove: where an action can be "
        "modelled (more stock, a second source named from known producers outside the "
        "dominant country, dual-source clauses, renewals) the profile is changed and assessed "
        "again; otherwise its findings are taken as resolved. Long-horizon options (research "
        "partnerships, recycling programmes) come last.",
    ]


def _sources(assessments: Sequence[Assessment], options: Options) -> list[str]:
    rules = rules_by_id(options)
    seeds: dict[str, set[str]] = {}
    refs: dict[str, set[str]] = {}
    for f in (f for a in assessments for f in shown(a.findings, options)):
        rule = rules.get(f.rule_id)
        if rule is None:
            continue
        if rule.source.seed:
            seeds.setdefault(rule.source.seed, set()).add(f.rule_id)
        for ref in rule.source.references:
            refs.setdefault(ref, set()).add(f.rule_id)
    blocks = ["## Appendix B: Sources"]
    if not seeds and not refs:
        return [*blocks, "No findings shown, or no rule metadata available."]
    if seeds:
        blocks.append(f"Sections of the source article ({SEED_ARTICLE}) the findings shown encode:")
        blocks.append(_cited(seeds))
    if refs:
        blocks.append("Public references the findings shown cite:")
        blocks.append(_cited(refs))
    return blocks


def _cited(sources: dict[str, set[str]]) -> str:
    return "\n".join(
        f"- {e(text)} ({', '.join(sorted(ids))})" for text, ids in sorted(sources.items())
    )
