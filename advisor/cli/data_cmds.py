"""`advisor data list|show|sources|claims`: the reference data, its sources, the article's claims
(`data version` and `data changes` are :mod:`advisor.cli.data_release_cmds`).

Every command takes ``--data FILE`` (a reference-data override, see docs/data.md) and
``--format table|json``. Each command builds one plain payload; its format's renderer
(:mod:`advisor.render.data_json` prints it as is, :mod:`advisor.render.data_table` draws it as
tables) turns it into text.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor.cli.assess_cmds import AssumeOpt
from advisor.cli.data_release_cmds import ConfigOpt, NoConfigOpt
from advisor.cli.format_opt import choices, format_option
from advisor.errors import UsageError, echo
from advisor.render import Format
from advisor.render.data_table import BUILTIN, Payload

if TYPE_CHECKING:
    from advisor.api import (
        ControlState,
        ControlStatus,
        Coverage,
        EUCriticality,
        PricePoint,
        Reference,
        StageShares,
    )


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Reference-data file that overrides or extends the built-in data (same format).",
        show_default=False,
        metavar="FILE",
    ),
]
FormatOption = Annotated[Format, format_option("data", "--format", help=f"{choices('data')}.")]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Evaluate export controls and staleness on this date, YYYY-MM-DD "
        "(default: the data's as-of date, never today).",
        show_default=False,
        metavar="YYYY-MM-DD",
    ),
]
MaxAgeOption = Annotated[
    int | None,
    typer.Option("--max-age-days", min=0, show_default=False,
                 help="Report data older than this as stale (default: the config's, else 730)."),
]  # fmt: skip
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
    from advisor.cli import data_release_cmds

    data_release_cmds.register(group)
    app.add_typer(group, name="data")


# -- commands ------------------------------------------------------------------------------------
def list_minerals(
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    as_of: AsOfOption = None,
    max_age_days: MaxAgeOption = None,
    assume: AssumeOpt = None,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """List the minerals covered, with the year, source and confidence of each dataset."""
    ref, max_age = _configured(data, assume, max_age_days, config_file, no_config)
    on = _date(as_of, ref.compiled)
    payload = {**_about(ref, on), "minerals": [_list_row(ref, key, on) for key in ref.minerals()]}
    payload["stale"] = ref.stale(on, max_age)
    _emit(fmt, payload, "list")


def show(
    mineral: Annotated[
        str, typer.Argument(metavar="MINERAL", help="Mineral key or name: Nd, neodymium, W, …")
    ],
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    as_of: AsOfOption = None,
    max_age_days: MaxAgeOption = None,
    assume: AssumeOpt = None,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Show shares by country, export controls, prices and EU 2023 values for one mineral."""
    from advisor.api import resolve_mineral

    key = resolve_mineral(mineral)
    ref, max_age = _configured(data, assume, max_age_days, config_file, no_config)
    on = _date(as_of, ref.compiled)
    _emit(fmt, show_payload(ref, key, on, max_age), "show")


def sources(data: DataOption = None, fmt: FormatOption = Format.table) -> None:
    """Print the bibliography: every source with its locators and check date, and every figure
    and export-control state that cites it."""
    from advisor.api import citations

    ref = _load(data)
    cited: dict[str, list[Payload]] = {}
    for c in citations(ref):
        when = c.checked.isoformat() if c.checked else None
        cited.setdefault(c.source, []).append({"what": c.what, "checked": when,
                                               "origin": c.origin})  # fmt: skip
    rows = [
        {"key": s.key, "title": s.title, "publisher": s.publisher, "year": s.year, "url": s.url,
         "doi": s.doi, "via": s.via, "checked": s.checked.isoformat() if s.checked else None,
         "note": s.note, "origin": s.origin, "cited_by": cited.get(s.key, [])}
        for s in ref.sources()
    ]  # fmt: skip
    _emit(fmt, {**_about(ref, None), "sources": rows}, "sources")


def claims(data: DataOption = None, fmt: FormatOption = Format.table) -> None:
    """Set the seed article's market claims beside the sourced figures, with a verdict."""
    ref = _load(data)
    rows = [
        {"number": c.number, "seed_section": c.seed_section, "article_says": c.article_says,
         "sourced_figure": c.sourced_figure, "verdict": c.verdict.value, "note": c.note,
         "sources": list(c.sources), "confidence": c.confidence.value, "origin": c.origin}
        for c in ref.claims()
    ]  # fmt: skip
    _emit(fmt, {**_about(ref, None), "verdicts": VERDICTS, "claims": rows}, "claims")


# -- payloads: plain data, shared by JSON and tables ---------------------------------------------
def show_payload(ref: Reference, key: str, on: dt.date, max_age_days: int) -> Payload:
    """Everything `data show` reports about mineral *key*, as plain JSON-ready data."""
    eu = ref.eu2023(key)
    groups = ref.eu2023_groups(key)
    return {
        **_about(ref, on),
        "mineral": key,
        "name": ref.name(key),
        "stages": ref.stage_measures(key),
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
        about["planning_assumption"] = {"assume": ref.plan, "chosen": ref.plan_chosen}
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
        "items": c.items, "covers": [_coverage(e) for e in c.covers],
        "target_countries": c.target_countries, "military_end_users": c.military_end_users,
        "status": c.status, "since": c.since.isoformat() if c.since else None,
        "assumption": c.assumption, "basis": c.basis,
        "state_source": c.state_source,
        "state_checked": c.state_checked.isoformat() if c.state_checked else None,
        "may_return": c.suspended_until.isoformat() if c.suspended_until else None,
        "announced": c.announced.isoformat() if c.announced else None,
        "effective": c.effective.isoformat(), "suspended": window,
        "lifted": c.lifted.isoformat() if c.lifted else None, "trade_factor": c.trade_factor,
        "timeline": [_state(t) for t in c.timeline],
        "source": c.source, "suspension_source": c.suspension_source,
        "confidence": c.confidence, "note": c.note, "origin": c.origin,
    }  # fmt: skip


def _coverage(e: Coverage) -> Payload:
    return {"forms": [f.value for f in e.forms], "minerals": list(e.minerals),
            "containing": list(e.containing), "foreign_made": e.foreign_made,
            "label": e.label(), "note": e.note}  # fmt: skip


def _state(t: ControlState) -> Payload:
    return {
        "state": t.state.value, "date": t.date.isoformat(),
        "until": t.until.isoformat() if t.until else None, "source": t.source,
        "checked": t.checked.isoformat() if t.checked else None,
        "readings": [{"state": r.state.value, "until": r.until.isoformat() if r.until else None,
                      "sources": list(r.sources), "note": r.note} for r in t.readings],
        "basis": t.basis,
        "replaced_by": t.replaced_by, "note": t.note,
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

    found = ref.controls(key, on)
    statuses = [c.status for c in found] + ["assumed" for c in found if c.assumed]
    eu = ref.eu2023(key)
    prices = ref.prices(key)
    periods = sorted({p.period for p in prices})
    return {
        "mineral": key, "name": ref.name(key), "mining": brief("mining"),
        "refining": brief("refining"),
        "controls": {s: statuses.count(s)
                     for s in ("active", "suspended", "announced", "lapsed", "replaced",
                               "assumed")},
        "eu2023": None if eu is None else {
            "supply_risk": eu.supply_risk, "economic_importance": eu.economic_importance,
            "source": eu.source, "confidence": eu.confidence.value, "origin": eu.origin},
        "prices": None if not prices else {
            "periods": f"{periods[0]}–{periods[-1]}" if len(periods) > 1 else periods[0],
            "sources": [{"source": k, "origin": o}
                        for k, o in sorted({(p.source, p.origin) for p in prices})]},
    }  # fmt: skip


# -- plumbing ------------------------------------------------------------------------------------
def _configured(
    data: Path | None,
    assume: Any,
    max_age_days: int | None,
    config_file: Path | None,
    no_config: bool,
) -> tuple[Reference, int]:
    """The reference data and staleness limit the flags, the environment and the config file
    ask for (its ``data``, ``assume`` and ``max-age-days``), as every other command reads them."""
    from advisor.api import reference_for
    from advisor.cli.assess_cmds import load_config

    given = {"data": data, "assume": assume, "max-age-days": max_age_days}
    config = load_config(given, config_file, no_config)
    return reference_for(config), int(config["max-age-days"])


def _load(data: Path | None) -> Reference:
    from advisor.api import load_reference

    return load_reference(data)


def _date(text: str | None, default: dt.date) -> dt.date:
    if text is None:
        return default
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise UsageError(f"--as-of: {echo(text)!r} is not a real date (write YYYY-MM-DD)")


def _emit(fmt: Format, payload: Payload, view: str) -> None:
    """Print *payload* of the command *view* in *fmt*: as wide as the terminal, else 80
    columns; colour as :mod:`advisor.cli.term` says (terminal, NO_COLOR, FORCE_COLOR)."""
    from advisor.cli.term import color
    from advisor.render import Options, module

    tty = sys.stdout.isatty()
    width = shutil.get_terminal_size((80, 24)).columns if tty else 80
    options = Options(width=width, color=color())
    sys.stdout.write(module(fmt, "data").render(view, payload, options))
    sys.stdout.flush()
