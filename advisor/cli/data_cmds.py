"""`advisor data list|show|sources|claims`: the reference data, its sources, the article's claims.

Every command takes ``--data FILE`` (a reference-data override, see docs/data.md) and
``--format table|json``. Each command builds one plain payload; JSON prints it as is (fixed key
order, no timestamps), the table renderer draws it. Tables are 80 columns wide and plain text
unless stdout is a terminal; NO_COLOR is honoured.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor.errors import UsageError, echo

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from advisor.reference import (
        ControlStatus,
        EUCriticality,
        PricePoint,
        Reference,
        StageShares,
    )

BUILTIN = "built-in"
Payload = dict[str, Any]


class Format(str, Enum):
    """Output formats of the data commands."""

    table = "table"
    json = "json"


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Reference-data file that overrides or extends the built-in data (same format).",
        show_default=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", help="table or json.")]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Evaluate export controls and staleness on this date, YYYY-MM-DD "
        "(default: the dataset's compiled date, never today).",
        show_default=False,
    ),
]
MaxAgeOption = Annotated[
    int, typer.Option("--max-age-days", min=0, help="Report data older than this as stale.")
]
VERDICTS = (
    "consistent = the sources agree; outdated = matches older data, not the latest; "
    "contradicted = the sources give a different figure; unsupported = no source supports it"
)


def register(app: typer.Typer) -> None:
    """Add the `data` command group to *app*."""
    group = typer.Typer(
        name="data",
        help="Reference data: who mines, refines and restricts each mineral, with sources.",
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    group.command("list")(list_minerals)
    group.command("show")(show)
    group.command("sources")(sources)
    group.command("claims")(claims)
    app.add_typer(group, name="data")


def console() -> Console:
    """A rich console: 80 columns and plain text unless stdout is a terminal; NO_COLOR honoured."""
    from rich.console import Console

    tty = sys.stdout.isatty()
    plain = not tty or bool(os.environ.get("NO_COLOR"))
    return Console(
        width=None if tty else 80,
        force_terminal=tty,
        no_color=plain,
        color_system=None if plain else "auto",
        highlight=False,
        markup=False,
        emoji=False,
    )


# -- commands ------------------------------------------------------------------------------------
def list_minerals(
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    as_of: AsOfOption = None,
    max_age_days: MaxAgeOption = 730,
) -> None:
    """List the minerals covered, with the year, source and confidence of each dataset."""
    ref = _load(data)
    on = _date(as_of, ref.compiled)
    payload = {**_about(ref, on), "minerals": [_list_row(ref, key, on) for key in ref.minerals()]}
    payload["stale"] = ref.stale(on, max_age_days)
    _emit(fmt, payload, _render_list)


def show(
    mineral: Annotated[
        str, typer.Argument(metavar="MINERAL", help="Mineral key or name: Nd, neodymium, W, …")
    ],
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    as_of: AsOfOption = None,
    max_age_days: MaxAgeOption = 730,
) -> None:
    """Show shares by country, export controls, prices and EU 2023 values for one mineral."""
    from advisor.reference import resolve_mineral

    key = resolve_mineral(mineral)
    ref = _load(data)
    on = _date(as_of, ref.compiled)
    _emit(fmt, show_payload(ref, key, on, max_age_days), _render_show)


def sources(data: DataOption = None, fmt: FormatOption = Format.table) -> None:
    """Print the bibliography: every source cited, with title, publisher, year and locator."""
    ref = _load(data)
    rows = [
        {"key": s.key, "title": s.title, "publisher": s.publisher, "year": s.year, "url": s.url,
         "doi": s.doi, "via": s.via, "note": s.note, "origin": s.origin}
        for s in ref.sources()
    ]  # fmt: skip
    _emit(fmt, {**_about(ref, None), "sources": rows}, _render_sources)


def claims(data: DataOption = None, fmt: FormatOption = Format.table) -> None:
    """Set the seed article's market claims beside the sourced figures, with a verdict."""
    ref = _load(data)
    rows = [
        {"number": c.number, "seed_section": c.seed_section, "article_says": c.article_says,
         "sourced_figure": c.sourced_figure, "verdict": c.verdict.value, "note": c.note,
         "sources": list(c.sources), "confidence": c.confidence.value, "origin": c.origin}
        for c in ref.claims()
    ]  # fmt: skip
    _emit(fmt, {**_about(ref, None), "verdicts": VERDICTS, "claims": rows}, _render_claims)


# -- payloads: plain data, shared by JSON and tables ---------------------------------------------
def show_payload(ref: Reference, key: str, on: dt.date, max_age_days: int) -> Payload:
    """Everything `data show` reports about mineral *key*, as plain JSON-ready data."""
    eu = ref.eu2023(key)
    groups = ref.eu2023_groups(key)
    return {
        **_about(ref, on),
        "mineral": key,
        "name": ref.name(key),
        "mining": [_dataset(s, ref) for s in ref.datasets(key, "mining")],
        "refining": [_dataset(s, ref) for s in ref.datasets(key, "refining")],
        "controls": [_control(c) for c in ref.controls(key, on)],
        "prices": [_price(p) for p in ref.prices(key)],
        "eu2023": [_eu(e) for e in ([eu] if eu else []) + groups],
        "notes": ref.notes(key),
        "stale": ref.stale(on, max_age_days, key),
    }


def _about(ref: Reference, on: dt.date | None) -> Payload:
    about: Payload = {"version": ref.version, "compiled": ref.compiled.isoformat()}
    about["overrides"] = [o for o in ref.origins if o != BUILTIN]
    if on is not None:
        about["as_of"] = on.isoformat()
    return about


def _dataset(s: StageShares, ref: Reference) -> Payload:
    latest = ref.shares(s.mineral, s.stage)
    countries = [
        {"country": c, "tonnes": s.tonnes.get(c), "share": round(share, 6)}
        for c, share in s.by_country.items()
    ]
    return {
        "year": s.year, "projection": s.projection, "in_use": latest == s,
        "commodity": s.commodity, "shared_with": list(s.shared_with), "what": s.what,
        "unit": s.unit, "world_total": s.world_total, "countries": countries,
        "lower_bound": s.lower_bound, "coverage": round(s.coverage, 6), "hhi": round(s.hhi, 1),
        "top": {"country": s.top[0], "share": round(s.top[1], 6)}, "source": s.source,
        "via": s.via, "confidence": s.confidence, "origin": s.origin, "notes": list(s.notes),
    }  # fmt: skip


def _control(c: ControlStatus) -> Payload:
    window = [d.isoformat() for d in c.suspension] if c.suspension else None
    return {
        "id": c.id, "country": c.country, "measure": c.measure, "kind": c.kind,
        "items": c.items, "target_countries": c.target_countries, "status": c.status,
        "may_return": c.suspended_until.isoformat() if c.suspended_until else None,
        "announced": c.announced.isoformat() if c.announced else None,
        "effective": c.effective.isoformat(), "suspended": window,
        "lifted": c.lifted.isoformat() if c.lifted else None, "trade_factor": c.trade_factor,
        "source": c.source, "suspension_source": c.suspension_source,
        "confidence": c.confidence, "note": c.note, "origin": c.origin,
    }  # fmt: skip


def _price(p: PricePoint) -> Payload:
    return {
        "product": p.product, "period": p.period, "value": p.value, "unit": p.unit,
        "basis": p.basis, "source": p.source, "confidence": p.confidence, "origin": p.origin,
    }  # fmt: skip


def _eu(e: EUCriticality) -> Payload:
    return {
        "material": e.material, "group": e.group, "supply_risk": e.supply_risk,
        "economic_importance": e.economic_importance, "stage_used": e.stage_used.value,
        "import_reliance_primary": e.import_reliance_primary,
        "import_reliance_refined": e.import_reliance_refined, "eol_rir": e.eol_rir,
        "year": 2023, "source": e.source, "confidence": e.confidence.value, "note": e.note,
        "origin": e.origin,
    }  # fmt: skip


def _list_row(ref: Reference, key: str, on: dt.date) -> Payload:
    def brief(stage: str) -> Payload | None:
        s = ref.shares(key, stage)
        return None if s is None else {"year": s.year, "source": s.source,
                                       "confidence": s.confidence, "origin": s.origin}  # fmt: skip

    statuses = [c.status for c in ref.controls(key, on)]
    eu = ref.eu2023(key)
    prices = ref.prices(key)
    periods = sorted({p.period for p in prices})
    return {
        "mineral": key, "name": ref.name(key), "mining": brief("mining"),
        "refining": brief("refining"),
        "controls": {s: statuses.count(s) for s in ("active", "suspended", "announced", "lapsed")},
        "eu2023": None if eu is None else {
            "supply_risk": eu.supply_risk, "economic_importance": eu.economic_importance,
            "source": eu.source, "confidence": eu.confidence.value, "origin": eu.origin},
        "prices": None if not prices else {
            "periods": f"{periods[0]}–{periods[-1]}" if len(periods) > 1 else periods[0],
            "sources": [{"source": k, "origin": o}
                        for k, o in sorted({(p.source, p.origin) for p in prices})]},
    }  # fmt: skip


# -- plumbing ------------------------------------------------------------------------------------
def _load(data: Path | None) -> Reference:
    from advisor.reference import load_reference

    return load_reference(None if data is None else str(data))


def _date(text: str | None, default: dt.date) -> dt.date:
    if text is None:
        return default
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise UsageError(f"--as-of: {echo(text)!r} is not a real date (write YYYY-MM-DD)")


def _emit(fmt: Format, payload: Payload, render: Callable[[Console, Payload], None]) -> None:
    if fmt is Format.json:
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        render(console(), payload)


# -- tables --------------------------------------------------------------------------------------
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


def _render_list(con: Console, p: Payload) -> None:
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


def _render_show(con: Console, p: Payload) -> None:
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
    if not current:
        con.print(f"\n{stage.capitalize()} stage: no observed shares sourced.")
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
        target = f" (to {', '.join(c['target_countries'])} only)" if c["target_countries"] else ""
        measure = f"{c['country']}: {c['measure']}{target}\nItems: {c['items']}\n{_cite(c)}"
        dates = [
            f"announced {c['announced']}" if c["announced"] else "",
            f"effective {c['effective']}",
        ]
        if c["suspended"]:
            dates += [f"suspended {c['suspended'][0]}", f"       to {c['suspended'][1]}"]
        status = [c["status"], f"may return {c['may_return']}" if c["may_return"] else ""]
        status.append(f"t = {c['trade_factor']:.1f}")
        table.add_row(measure, "\n".join(x for x in dates if x), "\n".join(x for x in status if x))
    con.print(table)


def _render_sources(con: Console, p: Payload) -> None:
    from rich.padding import Padding

    def indent(text: str) -> None:
        con.print(Padding(text, (0, 0, 0, 2), expand=False))

    for s in p["sources"]:
        con.print(f"{s['key']}{_mark(s['origin'])}", style="bold")
        indent(f"{s['title']}. {s['publisher']}, {s['year'] or 'n.d.'}.")
        for label in ("url", "doi"):  # whole, never broken, so that they can be copied
            if s[label]:
                con.print(f"  {label}: {s[label]}", soft_wrap=True)
        for label in ("via", "note"):
            if s[label]:
                indent(f"{label}: {s[label]}")
    con.print(f"\n{len(p['sources'])} sources.")
    _footer(con, p)


def _render_claims(con: Console, p: Payload) -> None:
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
    con.print(f"Reference data {p['version']}, compiled {p['compiled']}{hint}")


def _country(code: str) -> str:
    from advisor.fields import country_name

    return "other" if code == "other" else f"{country_name(code)} ({code})"
