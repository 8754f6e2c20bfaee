"""The terminal report: score, counts, ranked recommendations and a per-material summary.

Fits an 80-column terminal; colour only when asked (the CLI asks on a TTY without NO_COLOR).
Text from the profile or a rule pack is never read as rich markup (it is passed as ``Text``) and
goes through :func:`advisor.escape.visible`; the whole report through :func:`~advisor.escape.guard`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.engine.assess.scoring import severity_rank
from advisor.escape import guard, visible, visible_lines
from advisor.render._common import effect_words, named, plan_lines, removes_cell

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from advisor.engine.assess.model import Assessment, Recommendation, Story
    from advisor.render import Options

_STYLE = {
    "critical": "bold red",
    "high": "red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
    "severe": "bold red",
    "moderate": "yellow",
}


def render(assessments: Sequence[Assessment], options: Options) -> str:
    """Every assessment, one after another."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        color_system="standard" if options.color else None,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    for i, assessment in enumerate(assessments):
        if i:
            console.print()
        _one(console, assessment, options)
    return guard("\n".join(line.rstrip() for line in buffer.getvalue().split("\n")))


def _one(console: Console, a: Assessment, options: Options) -> None:
    from rich.text import Text

    console.print(
        Text(visible(a.company), style="bold"), Text(f"({a.sector}), data as of {a.as_of}")
    )
    console.print(Text(f"profile {visible(a.source)}"))
    console.print(Text(visible(f"advisor {a.versions['advisor']} · rules {a.versions['rules']} · "
                               f"reference data {a.versions['reference_data']}")))  # fmt: skip
    if a.rules_run is not None:
        console.print(Text(visible(a.rules_run.text())))
    console.print(Text(a.planning.text()))
    score = Text("Overall risk ")
    score.append(f"{a.score.value:.0f}/100 {a.band}", style=_STYLE.get(a.band, "bold"))
    score.append("   " + " · ".join(f"{n} {s}" for s, n in a.counts().items()))
    console.print(score)
    if options.explain:
        console.print(Text(f"  {a.score.explain()}", style="dim"))
    recs = [r for r in a.recommendations
            if severity_rank(r.severity) >= severity_rank(options.min_severity)]  # fmt: skip
    hidden = len(recs) - options.top if options.top is not None and len(recs) > options.top else 0
    recs = recs[: options.top] if options.top is not None else recs
    console.print()
    if recs:
        console.print(_overview(recs))
        if hidden:
            console.print(Text(f"{hidden} more recommendation(s) not shown (--top {options.top})"))
        console.print()
        _details(console, a, recs, options)
    else:
        console.print("No recommendations at or above the chosen severity.")
        console.print()
    _problems(console, a, options, recs if options.top is not None else None)
    console.print(_materials(a))
    if options.explain:
        _evidence(console, a)
    if a.assumptions:
        console.print()
        for x in a.assumptions:
            console.print(Text(visible(f"assumption: {x.measure}: {x.text}"), style="yellow"))
    if a.stale:
        console.print()
        for line in a.stale:
            console.print(Text(f"note: {visible(line)}", style="yellow"))
    for s in a.stress_tests:
        from advisor.render.simulate_table import block

        console.print()
        console.print(Text(visible_lines("\n".join(block(s, options)))))


def _evidence(console: Console, a: Assessment) -> None:
    """With --explain: where imported supplier data comes from, down to the workbook cell."""
    from rich.text import Text

    lines = [f"evidence: {s.material}/{s.id}: {line}" for s in a.suppliers for line in s.evidence]
    if lines:
        console.print()
    for line in lines:
        console.print(Text(visible(line), style="dim"), soft_wrap=True)


def _overview(recs: Sequence[Recommendation]) -> object:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title="What to do first", title_justify="left", box=box.SIMPLE_HEAD, expand=True,
        pad_edge=False, show_edge=False,
    )  # fmt: skip
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Material", max_width=18, overflow="fold")
    table.add_column("Action", ratio=1, overflow="fold")
    table.add_column("When", no_wrap=True)
    table.add_column("Removes", justify="right", no_wrap=True)
    for r in recs:
        table.add_row(
            str(r.rank),
            Text(r.severity, style=_STYLE.get(r.severity, "")),
            Text(visible(named(r, "(company)"))),
            Text(visible(r.title)),
            when(r),
            removes_cell(r),
        )
    return table


def when(r: Recommendation) -> str:
    """How soon: ``58 days`` for an urgent action, else its horizon."""
    if r.tier == "urgent" and r.deadline_days is not None:
        return f"{r.deadline_days:.0f} days"
    return r.horizon


def effect(r: Recommendation) -> str:
    """What the action does to the scores, in score points, and how that was worked out."""
    return effect_words(r) + f" ({'modelled: ' if r.modelled else ''}{r.model_note})"


def _details(
    console: Console, a: Assessment, recs: Sequence[Recommendation], options: Options
) -> None:
    from rich.text import Text

    labels = {s.key: s for s in a.stories}
    for r in recs:
        head = Text(f"{r.rank}. ", style="bold")
        head.append(visible(r.title), style="bold")
        head.append(f" — {visible(named(r))}")
        console.print(head)
        where = r.location
        answers = "; ".join(_answer(labels[k], r) for k in r.stories if k in labels)
        at = visible(f"at {where.file}:{where.line}:{where.col} ({where.field})")
        rows = [("", Text(visible(r.text))), ("", Text(visible(f"answers: {answers}"))),
                ("", Text(at, style="dim")),
                ("", Text(visible(effect(r)), style="dim"))]  # fmt: skip
        rows += [("", Text(visible(line), style="dim")) for line in plan_lines(r)]
        _hanging(console, rows)
        console.print()


def _answer(story: Story, r: Recommendation) -> str:
    mine = sum(1 for f in story.findings if f in r.findings or f in r.completed_findings)
    several = len(r.materials) > 1
    where = (
        f"{story.material}: "
        if story.material and (several or story.material != r.material)
        else ""
    )
    return f"{where}{story.label.lower()} ({mine} of {len(story.findings)} findings)"


def _problems(
    console: Console, a: Assessment, options: Options, recs: Sequence[Recommendation] | None
) -> None:
    """Each problem once: its label, summary and the findings that are its symptoms (with
    --top, only the problems the recommendations shown answer)."""
    from rich.text import Text

    floor = severity_rank(options.min_severity)
    by_key = {f"{f.rule_id} {f.subject}": f for f in a.findings}
    shown = [s for s in a.stories if severity_rank(s.severity) >= floor]
    if recs is not None:
        answered = {k for r in recs for k in r.stories}
        hidden = sum(1 for s in shown if s.key not in answered)
        shown = [s for s in shown if s.key in answered]
    if not shown:
        return
    console.print(Text("Problems found", style="bold"))
    console.print()
    if recs is not None and hidden:
        console.print(Text(f"{hidden} more problem(s) not shown (--top {options.top})"))
        console.print()
    for story in shown:
        head = Text(f"{visible(story.material or 'company-wide')}: ", style="bold")
        head.append(visible(story.label), style="bold")
        head.append(
            f" — {story.severity}, {story.score:.0f}/100", style=_STYLE.get(story.severity, "")
        )
        console.print(head)
        rows: list[tuple[str, Text]] = [("", Text(visible(story.summary)))]
        if options.explain and len(story.findings) > 1:
            rows.append(("", Text(visible(
                f"one root cause, counted once: the problem scores its worst finding, "
                f"{story.counted}; the other {len(story.findings) - 1} restate it"
            ), style="dim")))  # fmt: skip
        for key in story.findings:
            f = by_key[key]
            if severity_rank(f.severity) < floor:
                continue
            line = ("missing data: " if f.status == "missing" else "") + f.message
            if f.note:
                line += f" ({f.note})"
            if f.mitigation:
                line += f" (at most medium, covered: {f.mitigation})"
            rows.append(("- ", Text(visible(line))))
            if options.explain:
                rows.append(("  ", Text(visible(f"{f.rule_id} {f.score.explain()}"), style="dim")))
        _hanging(console, rows)
        console.print()


def _hanging(console: Console, rows: Sequence[tuple[str, Text]]) -> None:
    """Indented lines whose wrapped continuation lines hang under the text.

    Printed as one text, laid out as the rich grid of three columns it replaces (3 spaces, the
    bullets, the text; a grid per block cost more than the rest of the report): each text
    wrapped and padded as rich wraps a table cell, as wide as the grid made that column.
    """
    from rich.cells import cell_len
    from rich.text import Text

    bullets = max(len(bullet) for bullet, _ in rows)
    room = console.width - 3 - bullets
    if not bullets:  # the grid measured an empty column 1 wide, then shrank the text to fit
        longest = max(
            (cell_len(line) for _, text in rows for line in text.plain.splitlines()), default=0
        )
        room = min(room - 1, longest)
    lines: list[Text] = []
    for bullet, text in rows:
        lead = "   " + bullet.ljust(bullets)
        for line in text.wrap(console, max(1, room), justify="left", overflow="fold"):
            lines.append(Text(lead).append_text(line))
            lead = " " * len(lead)
    console.print(Text("\n").join(lines), no_wrap=True, overflow="ignore")


def _materials(a: Assessment) -> object:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title="Risk by material", title_justify="left", box=box.SIMPLE_HEAD, expand=True,
        pad_edge=False, show_edge=False,
    )  # fmt: skip
    table.add_column("Material", max_width=18, overflow="fold")
    table.add_column("Mineral", no_wrap=True)
    table.add_column("Risk", no_wrap=True)
    table.add_column("Main problem", ratio=1, overflow="fold")
    main: dict[str, str] = {}
    for story in a.stories:
        if story.material is not None:
            main.setdefault(story.material, story.label)
    for m in a.materials:
        risk = Text(f"{m.score:>3.0f} ")
        risk.append(m.band, style=_STYLE.get(m.band, ""))
        table.add_row(
            Text(visible(m.id)),
            Text(f"{m.mineral} ({m.criticality})"),
            risk,
            Text(visible(main.get(m.id, "-"))),
        )
    return table
