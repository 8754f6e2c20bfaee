"""The terminal report: score, counts, ranked recommendations and a per-material summary.

Fits an 80-column terminal; colour only when asked (the CLI asks on a TTY without NO_COLOR).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.scoring import severity_rank

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.engine import Assessment
    from advisor.recommend import Recommendation
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
    return buffer.getvalue()


def _one(console: Console, a: Assessment, options: Options) -> None:
    from rich.text import Text

    head = Text(f"{a.company}", style="bold")
    head.append(f"  ({a.sector}, data as of {a.as_of})", style="")
    console.print(head)
    console.print(f"profile {a.source} · advisor {a.versions['advisor']} · "
                  f"rules {a.versions['rules']} · data {a.versions['reference_data']}")  # fmt: skip
    score = Text("Overall risk ")
    score.append(f"{a.score.value:.0f}/100 {a.band}", style=_STYLE.get(a.band, "bold"))
    counts = a.counts()
    score.append("   " + " · ".join(f"{n} {s}" for s, n in counts.items()))
    console.print(score)
    if options.explain:
        console.print(f"  score {a.score.explain()}", style="dim")
    for line in a.stale:
        console.print(f"warning: {line}", style="yellow")
    recs = [r for r in a.recommendations
            if severity_rank(r.severity) >= severity_rank(options.min_severity)]  # fmt: skip
    if options.top is not None:
        recs = recs[: options.top]
    console.print()
    if recs:
        console.print(_recommendations(a, recs, options))
    else:
        console.print("No recommendations at or above the chosen severity.")
    console.print()
    console.print(_materials(a))


def _recommendations(a: Assessment, recs: Sequence[Recommendation], options: Options) -> object:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title="What to do first", title_justify="left", box=box.SIMPLE_HEAD, expand=True,
        pad_edge=False, show_edge=False,
    )  # fmt: skip
    table.add_column("#", justify="right", width=2, no_wrap=True)
    table.add_column("Severity", width=8, no_wrap=True)
    table.add_column("Material", width=12, overflow="fold")
    table.add_column("What to do, and why", ratio=1, overflow="fold")
    table.add_column("Risk", justify="right", width=9, no_wrap=True)
    for r in recs:
        body = Text(f"{r.title} [{r.horizon}]", style="bold")
        body.append(f"\n{r.text}")
        for why in r.why[:4]:
            body.append(f"\n- {why}", style="")
        if len(r.why) > 4:
            body.append(f"\n- … and {len(r.why) - 4} more")
        where = r.location
        body.append(f"\n@ {where.file}:{where.line}  {where.field}", style="dim")
        if options.explain:
            body.append(f"\n  {'modelled: ' if r.modelled else ''}{r.model_note}", style="dim")
            for f in a.findings:
                if f"{f.rule_id} {f.subject}" in r.findings:
                    body.append(f"\n  {f.rule_id} {f.score.explain()}", style="dim")
        risk = f"{r.score_before:.0f}→{r.score_after:.0f}"
        table.add_row(str(r.rank), Text(r.severity, style=_STYLE.get(r.severity, "")),
                      r.material or "(company)", body, risk)  # fmt: skip
    return table


def _materials(a: Assessment) -> object:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title="Risk by material", title_justify="left", box=box.SIMPLE_HEAD, expand=True,
        pad_edge=False, show_edge=False,
    )  # fmt: skip
    table.add_column("Material", ratio=2, overflow="fold")
    table.add_column("Mineral", no_wrap=True)
    table.add_column("Critic.", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    table.add_column("Main issue", ratio=3, overflow="fold")
    for m in a.materials:
        table.add_row(m.id, m.mineral, m.criticality, f"{m.score:.0f}",
                      Text(m.band, style=_STYLE.get(m.band, "")),
                      m.top_finding or "-")  # fmt: skip
    return table
