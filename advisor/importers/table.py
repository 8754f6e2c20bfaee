"""Supplier masters and purchasing exports (CSV or XLSX) into a profile, with a mapping file.

An ERP export has one row per vendor and material (SAP: LFA1 joined to EKKO/EKPO). The mapping
file names the column of each field; rows of the same vendor and material are added up. A
material's annual demand is the sum of its rows' quantities, and a supplier's share is its
column when mapped, else its quantity over the material's. Every supplier keeps the file and row
it came from. See ``docs/import.md`` for the mapping format, with SAP and spreadsheet examples.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from advisor.errors import InputError, echo
from advisor.fsutil import read_regular
from advisor.importers import countries, yamltext, zipguard
from advisor.yaml.document import Document

#: Largest table read, bytes.
MAX_TABLE = 32 * 1024 * 1024
FIELDS = ("vendor_id", "name", "country", "material", "mineral", "quantity", "unit", "share",
          "contract_end", "contract_type", "dual_source_clause")  # fmt: skip
REQUIRED = ("vendor_id", "name", "country", "material")
UNITS = {"t": "t", "to": "t", "tonne": "t", "tonnes": "t", "mt": "t", "kg": "kg", "kgm": "kg"}
MATERIAL_KEYS = ("mineral", "mineral_name", "form", "stage", "criticality")


@dataclass
class Mapping:
    """The mapping file: which column is which field, and what the table does not say."""

    source: str
    columns: dict[str, str]
    sheet: str | None = None
    company: dict[str, Any] = field(default_factory=dict)
    as_of: Any = None
    materials: dict[str, dict[str, Any]] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)


def load_mapping(doc: Document) -> Mapping:
    """The mapping in *doc*; InputError naming file:line and field if it is not one."""
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None:
        raise InputError(f"{doc.source}:1:1: a mapping file is a mapping with `columns:`")
    known = {"columns", "sheet", "company", "as_of", "materials", "defaults", "units"}
    for key in data:
        if key not in known:
            raise _bad(doc, (key,), f"unknown key (expected one of {sorted(known)})")
    columns = data.get("columns")
    if not isinstance(columns, dict):
        raise _bad(doc, ("columns",), "give `columns:` naming the column of each field")
    for key, value in columns.items():
        if key not in FIELDS:
            raise _bad(doc, ("columns", key), f"unknown field (fields: {', '.join(FIELDS)})")
        if not isinstance(value, str):
            raise _bad(doc, ("columns", key), "give the column's header text")
    for need in REQUIRED:
        if need not in columns:
            raise _bad(doc, ("columns",), f"`{need}` is required")
    return Mapping(
        source=doc.source,
        columns={str(k): str(v) for k, v in columns.items()},
        sheet=data.get("sheet"),
        company=dict(data.get("company") or {}),
        as_of=data.get("as_of"),
        materials={str(k): dict(v) for k, v in (data.get("materials") or {}).items()},
        defaults=dict(data.get("defaults") or {}),
        units={str(k).casefold(): str(v) for k, v in (data.get("units") or {}).items()},
    )


def _bad(doc: Document, path: tuple[Any, ...], message: str) -> InputError:
    return InputError(problems=[doc.problem(path, message)])


def rows(path: str, mapping: Mapping) -> tuple[list[dict[str, Any]], str | None]:
    """The table's rows as {header: value} with their 1-based row number under "__row__", and
    the sheet they were read from (None for CSV)."""
    raw = read_regular(path, MAX_TABLE)
    if path.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(path, raw, mapping.sheet)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: byte {exc.start}: not UTF-8 (export the table as UTF-8 CSV)"
        ) from None
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    table = list(reader)
    if not table:
        raise InputError(f"{path}: the table is empty")
    header = [h.strip() for h in table[0]]
    return [
        {**dict(zip(header, r, strict=False)), "__row__": n}
        for n, r in enumerate(table[1:], 2)
        if any(c.strip() for c in r)
    ], None


def _xlsx_rows(path: str, raw: bytes, sheet: str | None) -> tuple[list[dict[str, Any]], str]:
    zipguard.check(path, raw).close()
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"{path}: cannot be read as a workbook ({type(exc).__name__})") from None
    try:
        name = sheet or book.sheetnames[0]
        if name not in book.sheetnames:
            raise InputError(
                f"{path}: no sheet {echo(name)!r} (sheets: {', '.join(book.sheetnames)})"
            )
        it = book[name].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(it, ())]
        out = [
            {**dict(zip(header, r, strict=False)), "__row__": n}
            for n, r in enumerate(it, 2)
            if any(c not in (None, "") for c in r)
        ]
        return out, name
    finally:
        book.close()


def profile_data(path: str, mapping: Mapping) -> dict[str, Any]:
    """The profile (as plain data) the table at *path* describes."""
    table, sheet = rows(path, mapping)
    for need in REQUIRED:
        column = mapping.columns[need]
        if table and column not in table[0]:
            raise InputError(
                f"{path}: no column {echo(column)!r} (mapped as {need} in {mapping.source})"
            )
    materials: dict[str, dict[str, dict[str, Any]]] = {}
    for row in table:
        rec = _record(path, sheet, row, mapping)
        vendors = materials.setdefault(rec["material"], {})
        found = vendors.get(rec["vendor_id"])
        if found is None:
            vendors[rec["vendor_id"]] = rec
        else:
            found["kg"] = (
                (found["kg"] or 0) + (rec["kg"] or 0) if rec["kg"] is not None else found["kg"]
            )
    for key in ("name", "sector", "headquarters", "currency"):
        if key not in mapping.company:
            raise InputError(
                f"{mapping.source}: company.{key} is required (the table does not say it)"
            )
    if mapping.as_of is None:
        raise InputError(f"{mapping.source}: as_of is required: the date the data describes")
    return {
        "version": 1,
        "as_of": mapping.as_of,
        "company": mapping.company,
        "materials": [_material(mid, vendors, mapping) for mid, vendors in materials.items()],
    }


def _cell(row: dict[str, Any], mapping: Mapping, key: str) -> Any:
    column = mapping.columns.get(key)
    value = row.get(column) if column else None
    if isinstance(value, str):
        value = value.strip() or None
    return value


def _record(path: str, sheet: str | None, row: dict[str, Any], mapping: Mapping) -> dict[str, Any]:
    where = f"{path}: row {row['__row__']}" + (f" of sheet {sheet!r}" if sheet else "")

    def need(key: str) -> Any:
        value = _cell(row, mapping, key)
        if value is None:
            raise InputError(f"{where}: column {mapping.columns[key]!r} ({key}) is empty")
        return value

    country_text = str(need("country"))
    try:
        country = countries.code(country_text)
    except countries.UnknownCountry:
        country = None
    if country is None:
        column = mapping.columns["country"]
        raise InputError(f"{where}: column {column!r}: {echo(country_text)!r} is not a country")
    source = {"file": path, **({"sheet": sheet} if sheet else {}), "cell": f"row {row['__row__']}"}
    return {
        "vendor_id": re.sub(r"[^A-Za-z0-9_.-]+", "-", str(need("vendor_id"))).strip("-")
        or "vendor",
        "name": str(need("name")),
        "country": country,
        "material": str(need("material")),
        "mineral": _cell(row, mapping, "mineral"),
        "kg": _kg(where, row, mapping),
        "share": _cell(row, mapping, "share"),
        "contract_end": _when(where, _cell(row, mapping, "contract_end")),
        "contract_type": _cell(row, mapping, "contract_type")
        or mapping.defaults.get("contract_type"),
        "dual": _flag(_cell(row, mapping, "dual_source_clause")),
        "source": source,
    }


def _kg(where: str, row: dict[str, Any], mapping: Mapping) -> Decimal | None:
    qty = _cell(row, mapping, "quantity")
    if qty is None:
        return None
    try:
        number = Decimal(str(qty).replace(",", "")) if isinstance(qty, str) else Decimal(str(qty))
    except InvalidOperation:
        raise InputError(f"{where}: quantity {echo(str(qty))!r} is not a number") from None
    unit_text = str(_cell(row, mapping, "unit") or mapping.defaults.get("unit") or "").casefold()
    unit = mapping.units.get(unit_text) or UNITS.get(unit_text)
    if unit not in ("t", "kg"):
        raise InputError(f"{where}: unit {unit_text!r} is not t or kg (map it under `units:`)")
    return number * (1000 if unit == "t" else 1)


def _when(where: str, value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    for form in ("%Y-%m-%d", "%Y%m%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise InputError(f"{where}: contract end {echo(text)!r} is not a date (YYYY-MM-DD)")


def _flag(value: Any) -> bool:
    return str(value or "").strip().casefold() in ("x", "1", "yes", "y", "true", "ja", "j")


def _material(mid: str, vendors: dict[str, dict[str, Any]], mapping: Mapping) -> dict[str, Any]:
    given = {**mapping.defaults, **mapping.materials.get(mid, {})}
    first = next(iter(vendors.values()))
    mineral = given.get("mineral") or first["mineral"]
    if mineral is None:
        raise InputError(
            f"{mapping.source}: materials.{mid}.mineral is required (no mineral column)"
        )
    total = sum((v["kg"] or 0) for v in vendors.values())
    out: dict[str, Any] = {"id": re.sub(r"[^A-Za-z0-9_.-]+", "-", mid).strip("-") or "material",
                           "mineral": mineral}  # fmt: skip
    out.update({k: given[k] for k in MATERIAL_KEYS[1:] if k in given})
    out.setdefault("form", mid)
    out["annual_demand"] = _quantity(total)
    out.setdefault("stage", "metal_alloy")
    out.setdefault("criticality", "medium")
    out["suppliers"] = [_supplier(v, total) for v in vendors.values()]
    return out


def _quantity(kg: Decimal | int) -> dict[str, Any]:
    kg = Decimal(kg)
    if kg >= 1000 and kg % 1000 == 0:
        return {"quantity": int(kg / 1000), "unit": "t"}
    return {"quantity": int(kg) if kg == int(kg) else kg.normalize(), "unit": "kg"}


def _supplier(v: dict[str, Any], total: Decimal | int) -> dict[str, Any]:
    out: dict[str, Any] = {"id": v["vendor_id"], "name": v["name"], "country": v["country"]}
    if v["share"] is not None:
        out["share"] = v["share"] if isinstance(v["share"], str) else float(v["share"])
    elif total and v["kg"] is not None:
        out["share"] = float(round(Decimal(v["kg"]) / Decimal(total), 6))
    else:
        out["share"] = 0
    if v["contract_end"] or v["contract_type"] or v["dual"]:
        contract: dict[str, Any] = {"type": v["contract_type"] or "framework"}
        if v["contract_end"]:
            contract["end"] = v["contract_end"]
        if v["dual"]:
            contract["dual_source_clause"] = True
        out["contract"] = contract
    out["source"] = v["source"]
    return out


def text(data: dict[str, Any], path: str) -> str:
    """The profile YAML for *data*, with a header saying where it came from."""
    return yamltext.document(
        data,
        [
            f"advisor profile imported from {path} (advisor import table).",
            "Shares are the mapped column or each vendor's quantity over the material's;",
            "stage and criticality not in the table are the mapping's defaults: check them.",
        ],
    )
