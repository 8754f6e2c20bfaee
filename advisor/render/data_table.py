"""The `advisor data` commands' payloads drawn as tables (`--format table`).

Tables are as wide as ``Options.width`` and plain text unless ``Options.color``. Figures from an
override file are marked with ``*`` and the override is named in the footer. rich is imported
inside the functions, so that importing this module stays cheap.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from advisor.render import Options

#: The origin of figures from the shipped data file (as :data:`advisor.reference.BUILTIN`).
BUILTIN = "built-in"
#: What a data command reports: plain JSON-ready data, shared by JSON and tables.
Payload = dict[str, Any]


def render(view: str, payload: Payload, options: Options) -> str:
    """The tables of *view* (``list``, ``show``, ``sources`` or ``claims``) for *payload*."""
    draw: dict[str, Callable[[Console, Payload], None]] = {
        "list": render_list, "show": render_show, "sources": render_sources,
        "claims": render_claims,
    }  # fmt: skip
    out = io.StringIO()
    draw[view](console(options, out), payload)
    return out.getvalue()


def console(options: Options, out: io.StringIO) -> Console:
    """A rich console writing to *out*: ``options.width`` columns, colour only if asked."""
    from rich.console import Console

    return Console(
        file=out,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="auto" if options.color else None,
        highlight=False,
        markup=False,
        emoji=False,
    )


def _table(con: Console, title: str | None, *columns: str) -> Table:
    """A plain table; its *title* is printed first as a line of its own (wrapping at 80)."""
    from rich import box
    from rich.table import Table

    if title:
        con.print(f"\n{title}", style="bold")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _pct(share: float, lower: bool = False) -> str:
    text = f"{share * 100:.1f}%" if share >= 0.001 else f"{share * 100:.2g}%"
    return ("≥" if lower else "") + text


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _mark(origin: str) -> str:
    return "" if origin == BUILTIN else " *"


def render_list(con: Console, p: Payload) -> None:
    """Draw `data list`: one section a mineral, a line a dataset, with year and source."""
    table = _table(con, None, "Mineral", "Data", "Year (confidence)", "Source")
    table.columns[0].max_width = 12
    table.columns[1].min_width = 18
    table.columns[2].no_wrap = table.columns[3].no_wrap = True
    for row in p["minerals"]:
        lines = []
        for stage in ("mining", "refining"):
            s = row[stage]
            year = f"{s['year']} ({s['confidence']})" if s else ""
            lines.append([f"{stage} shares", year, _key(s) if s else "not sourced"])
        counts = ", ".join(f"{n} {status}" for status, n in row["controls"].items() if n)
        lines.append([f"export controls: {counts or 'none'}", "", ""])
        if row["eu2023"]:
            eu = row["eu2023"]
            lines.append(["EU 2023 values", f"2023 ({eu['confidence']})", _key(eu)])
        if row["prices"]:
            sources = "\n".join(_key(x) for x in row["prices"]["sources"])
            lines.append(["prices", row["prices"]["periods"], sources])
        names = [row["mineral"], row["name"]]
        for i, line in enumerate(lines):
            table.add_row(names[i] if i < 2 else "", *line, end_section=i == len(lines) - 1)
    con.print(table)
    con.print(f"Controls counted as of {p['as_of']}. Nd, Pr, Dy, Tb and Sm share the rare-earth")
    con.print("datasets (t REO, all rare earths). Details: advisor data show MINERAL")
    _footer(con, p)


def _key(x: Payload) -> str:
    return f"{x['source']}{_mark(x['origin'])}"


def _cite(x: Payload) -> str:
    return f"{x['source']} ({x['confidence']}){_mark(x['origin'])}"


def render_show(con: Console, p: Payload) -> None:
    """Draw `data show`: shares by stage, export controls, prices, EU values and notes."""
    con.print(f"{p['mineral']} — {p['name']}", style="bold")
    for stage in ("mining", "refining"):
        _render_stage(con, p, stage)
    _render_controls(con, p)
    if p["prices"]:
        table = _table(con, "Prices", "Product", "Period", "Value", "Source (confidence)")
        for x in p["prices"]:
            table.add_row(x["product"], x["period"], f"{_num(x['value'])} {x['unit']}", _cite(x))
        con.print(table)
    if p["eu2023"]:
        title = "EU 2023 criticality (critical if SR ≥ 1.0 and EI ≥ 2.8)"
        table = _table(con, title, "Material", "SR", "EI", "Stage used", "EoL-RIR", "Source")
        for e in p["eu2023"]:
            numbers = [f"{e['supply_risk']:g}", f"{e['economic_importance']:g}"]
            table.add_row(e["material"], *numbers, e["stage_used"], _pct(e["eol_rir"]), _cite(e))
        con.print(table)
    for note in p["notes"]:
        con.print(f"Note: {note}")
    _footer(con, p)


def _render_stage(con: Console, p: Payload, stage: str) -> None:
    current = [d for d in p[stage] if d["in_use"]]
    measures = p.get("stages", {}).get(stage)
    if not current:
        con.print(f"\n{stage.capitalize()} stage: no observed shares sourced.")
    if measures:
        con.print(f"{stage.capitalize()} stage measures: {measures}")
    for d in current:
        unit = f" ({d['unit']})" if d["unit"] else ""
        has_tonnes = any(c["tonnes"] is not None for c in d["countries"])
        columns = ["Country", *([f"Tonnes{unit}"] if has_tonnes else []), "Share"]
        table = _table(con, f"{stage.capitalize()} stage, {d['year']}: {d['what']}", *columns)
        for c in d["countries"]:
            tonnes = [_num(c["tonnes"])] if has_tonnes else []
            table.add_row(_country(c["country"]), *tonnes, _pct(c["share"], d["lower_bound"]))
        con.print(table)
        for line in _stage_lines(d, unit):
            con.print(line)
    others = [f"{d['year']}{' (projection)' if d['projection'] else ''} {d['source']}"
              for d in p[stage] if not d["in_use"]]  # fmt: skip
    if others:
        con.print(f"Other {stage} datasets: {'; '.join(others)} (in --format json)")


def _stage_lines(d: Payload, unit: str) -> list[str]:
    lines = []
    if d["world_total"]:
        total = f"World total {_num(d['world_total'])}{unit}"
        if d["coverage"] > 1:
            total += f"; USGS rounds it, the countries add up to {_pct(d['coverage'])}"
        lines.append(total)
    top = f"{d['top']['country']} {_pct(d['top']['share'], d['lower_bound'])}"
    lines.append(f"HHI {_num(round(d['hhi']))} over the listed countries; top {top}")
    origin = "built-in" if d["origin"] == BUILTIN else f"from {d['origin']} *"
    via = f" via {d['via']}" if d["via"] else ""
    lines.append(f"Source {d['source']}{via}; {d['year']}; confidence {d['confidence']}; {origin}")
    if len(d["shared_with"]) > 1:
        lines.append(f"Shared by {', '.join(d['shared_with'])}: figures for all {d['commodity']}.")
    return lines + [f"Note: {note}" for note in d["notes"]]


def _render_controls(con: Console, p: Payload) -> None:
    if not p["controls"]:
        con.print(f"\nExport controls: none recorded as of {p['as_of']}.")
        return
    table = _table(con, f"Export controls as of {p['as_of']}", "Measure", "Dates", "Status")
    table.columns[1].no_wrap = table.columns[2].no_wrap = True
    for c in p["controls"]:
        table.add_row(_measure_cell(c), "\n".join(_dates(c)), "\n".join(_status(c)))
    con.print(table)
    con.print("Forms: ore_concentrate, oxide_compound, metal, alloy, magnet_part, product,")
    con.print("technology, equipment; a profile material's stage and content decide which apply.")
    for c in p["controls"]:
        if c["assumption"]:
            con.print(f"Assumption ({c['id']}): {c['assumption']}. Basis: {c['basis']}")


def _measure_cell(c: Payload) -> str:
    target = ""
    if c["target_countries"]:
        who = "military end users in " if c["military_end_users"] else ""
        target = f" (to {who}{', '.join(c['target_countries'])} only)"
    lines = [f"{c['country']}: {c['measure']}{target}", f"Items: {c['items']}"]
    lines += [f"Covers {e['label']}" for e in c["covers"]]
    if not c["covers"]:
        lines.append("Covers no mineral of advisor's vocabulary")
    return "\n".join([*lines, _cite(c)])


def _dates(c: Payload) -> list[str]:
    dates = [f"announced {c['announced']}"] if c["announced"] else []
    dates.append(f"effective {c['effective']}")
    for t in c["timeline"]:
        if t["state"] == "suspended":
            dates += [f"suspended {t['date']}", f"       to {t['until']}"]
        elif t["state"] == "unknown":
            dates.append(f"unknown from {t['date']}")
        elif t["state"] == "replaced":
            dates.append(f"replaced {t['date']}")
        elif t["state"] == "lifted":
            dates.append(f"lifted {t['date']}")
        else:
            dates.append(f"in force {t['date']}")
    return dates


def _status(c: Payload) -> list[str]:
    status = [c["status"] + (" (assumed)" if c["assumption"] else "")]
    if c["may_return"]:
        status.append(f"may return {c['may_return']}")
    if c["state_checked"]:
        status.append(f"checked {c['state_checked']}")
    status.append(f"t = {c['trade_factor']:.1f}")
    return status


def render_sources(con: Console, p: Payload) -> None:
    """Draw `data sources`: each entry with its title, publisher, year and locators."""
    from rich.padding import Padding

    def indent(text: str) -> None:
        con.print(Padding(text, (0, 0, 0, 2), expand=False))

    for s in p["sources"]:
        con.print(f"{s['key']}{_mark(s['origin'])}", style="bold")
        indent(f"{s['title']}. {s['publisher']}, {s['year'] or 'n.d'}.")
        for label in ("url", "doi"):  # whole, never broken, so that they can be copied
            if s[label]:
                con.print(f"  {label}: {s[label]}", soft_wrap=True)
        for label in ("via", "checked", "note"):
            if s[label]:
                indent(f"{label}: {s[label]}")
        for c in s["cited_by"]:
            own = f" (checked {c['checked']})" if c["checked"] != s["checked"] else ""
            indent(f"- {c['what']}{own}{_mark(c['origin'])}")
    cited = sum(len(s["cited_by"]) for s in p["sources"])
    con.print(f"\n{len(p['sources'])} sources, cited by {cited} figures and control states.")
    _footer(con, p)


def render_claims(con: Console, p: Payload) -> None:
    """Draw `data claims`: the seed article's claims beside the sourced figures."""
    table = _table(con, "The seed article's market claims against sourced figures",
                   "#", "Article says", "Sourced figure", "Verdict")  # fmt: skip
    for c in p["claims"]:
        figure = c["sourced_figure"] + (f". {c['note']}" if c["note"] else "")
        figure += f"\n[{', '.join(c['sources'])}; {c['confidence']}]"
        says = f"{c['article_says']}\n§ {c['seed_section']}"
        mark = _mark(c["origin"])
        table.add_row(str(c["number"]) + mark, says, figure, c["verdict"], end_section=True)
    con.print(table)
    con.print(f"Verdicts: {p['verdicts']}.")
    _footer(con, p)


def _footer(con: Console, p: Payload) -> None:
    for warning in p.get("stale", []):
        con.print(f"Stale: {warning}")
    for origin in p["overrides"]:
        con.print(f"* from the override {origin}")
    hint = "" if "sources" in p else "; sources: advisor data sources"
    con.print(f"Reference data {p['version']}, as of {p['compiled']}{hint}")
    plan = p.get("planning_assumption")
    if plan:
        how = "chosen" if plan["chosen"] else "default"
        con.print(f"Unknown control states taken as {plan['assume']} ({how}; --assume)")


def _country(code: str) -> str:
    from advisor.profile.fields import country_name

    return "other" if code == "other" else f"{country_name(code)} ({code})"
