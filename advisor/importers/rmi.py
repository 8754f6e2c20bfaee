"""Read a filled RMI reporting template (CMRT 6.x, EMRT 2.x, AMRT 1.x, CRT 2.x).

The templates are hostile to a parser that reads them like a table: their labels are formulas
whose cached text is in the last editor's language, columns driven by the smelter id have no
cached values in a file never recalculated, the sheet order differs between versions, and the
special values (``Smelter not listed``, ``Smelter not yet identified``) vary in case. So this
module reads by sheet name, row and column position as each template version defines them,
never by header text; resolves a smelter id with no cached values against the workbook's own
``Smelter Look-up`` sheet; and maps country names with the explicit table of
:mod:`advisor.importers.countries`. Macros are never run (openpyxl does not run them; the
workbook is opened read-only with cached values only).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from advisor.errors import InputError, echo
from advisor.fsutil import read_regular
from advisor.importers import countries, zipguard

SMELTERS = "Smelter List"
LOOKUP = "Smelter Look-up"
DECLARATION = "Declaration"
#: The Smelter List's header row; data starts on the next row.
HEADER_ROW = 4
#: Most rows of the Smelter List read (the templates pre-format about 2,500).
MAX_ROWS = 20_000
#: Columns A–Q of the Smelter List, as every template defines them (1-based).
COL_ID_INPUT, COL_METAL, COL_LOOKUP, COL_NAME, COL_COUNTRY, COL_ID = 1, 2, 3, 4, 5, 6
COL_MINE_NAMES, COL_MINE_COUNTRIES, COL_RECYCLED = 14, 15, 16

NOT_LISTED = "smelter not listed"
NOT_IDENTIFIED = "smelter not yet identified"
_CID = re.compile(r"CID[0-9]{6}")


@dataclass(frozen=True)
class Layout:
    """Where one template version keeps things: the Declaration's rows and the sheet order."""

    template: str
    versions: tuple[str, ...]  # major versions it covers, e.g. ("6",)
    effective_row: int  # the Effective Date answer (column D)
    first_question_row: int  # question 1's heading; answers on the rows below
    question_step: int  # rows from one question's heading to the next
    questions: int
    metal_rows: int  # rows of metals under a question
    metals: tuple[str, ...]  # fixed metal order, or () where the rows are labelled in B
    smelter_sheet_index: int  # position of "Smelter List" among the sheets


LAYOUTS = (
    Layout("CMRT", ("6",), 22, 25, 6, 8, 4, ("Tantalum", "Tin", "Gold", "Tungsten"), 4),
    Layout("CRT", ("2",), 22, 25, 6, 6, 1, ("Cobalt",), 4),
    Layout("EMRT", ("2",), 26, 29, 12, 7, 6, (), 4),
    Layout("AMRT", ("1.3",), 27, 30, 12, 2, 10, (), 5),
    Layout("AMRT", ("1.2",), 24, 27, 12, 2, 10, (), 5),
)
SUPPORTED = "CMRT 6.x, EMRT 2.x, AMRT 1.2–1.3, CRT 2.x"


@dataclass(frozen=True)
class Where:
    """A cell of a workbook: file, sheet and cell such as ``E7``."""

    file: str
    sheet: str
    cell: str

    def data(self) -> dict[str, str]:
        """As the profile's ``source`` mapping."""
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell}

    def fail(self, message: str) -> InputError:
        """InputError naming this file, sheet and cell."""
        return InputError(f"{self.file}: sheet {self.sheet!r}, cell {self.cell}: {message}")


@dataclass
class Smelter:
    """One row of the Smelter List, resolved."""

    metal: str
    name: str | None
    rmi_id: str | None
    country: str | None
    mine_countries: list[str]
    recycled: bool | None
    source: Where

    def data(self) -> dict[str, Any]:
        """As the profile's smelter mapping (absent values left out)."""
        out: dict[str, Any] = {"metal": self.metal}
        if self.name:
            out["name"] = self.name
        if self.rmi_id:
            out["rmi_id"] = self.rmi_id
        if self.country:
            out["country"] = self.country
        if self.mine_countries:
            out["mine_countries"] = self.mine_countries
        if self.recycled is not None:
            out["recycled"] = self.recycled
        out["source"] = self.source.data()
        return out


@dataclass
class Declaration:
    """What one workbook declares: the company, its answers and its smelters."""

    template: str
    version: str
    company: str
    scope: str | None
    effective_date: dt.date | None
    answers: dict[str, dict[str, str]]
    source: Where
    smelters: list[Smelter] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        """As the profile's declaration mapping."""
        out: dict[str, Any] = {
            "template": self.template,
            "version": self.version,
            "company": self.company,
        }
        if self.scope:
            out["scope"] = self.scope
        if self.effective_date:
            out["effective_date"] = self.effective_date
        if self.answers:
            out["answers"] = self.answers
        out["source"] = self.source.data()
        return out

    def processing_countries(self) -> list[str]:
        """Where its smelters are, sorted; empty (unknown) if any smelter is unidentified."""
        found = [s.country for s in self.smelters]
        return [] if None in found else sorted({c for c in found if c})

    def metals(self) -> list[str]:
        """The metals its smelters process, in first-seen order."""
        return list(dict.fromkeys(s.metal for s in self.smelters))


def read(path: str) -> Declaration:
    """The declaration in the workbook at *path*; InputError naming file, sheet and cell if it
    is not a supported RMI template or cannot be read safely."""
    raw = read_regular(path, zipguard.MAX_FILE)
    zipguard.check(path, raw).close()
    import io
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(
                io.BytesIO(raw), read_only=True, data_only=True, keep_vba=False, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(
            f"{path}: cannot be read as a workbook ({type(exc).__name__}: {echo(str(exc), 80)})"
        ) from None
    try:
        return _read_book(path, book)
    finally:
        book.close()


def _read_book(path: str, book: Any) -> Declaration:
    names = list(book.sheetnames)
    for needed in (DECLARATION, SMELTERS):
        if needed not in names:
            raise InputError(
                f"{path}: not an RMI reporting template (no {needed!r} sheet; sheets: "
                f"{echo(', '.join(names), 80)})"
            )
    grid = _grid(book[DECLARATION], 1, 140, 12)
    layout, version = _layout(path, names, grid)
    decl = _declaration(path, layout, version, grid)
    lookup = _lookup(book[LOOKUP]) if LOOKUP in names else {}
    decl.smelters = list(_smelters(path, book[SMELTERS], lookup))
    return decl


def _grid(sheet: Any, first: int, last: int, cols: int) -> dict[tuple[int, int], Any]:
    """The non-empty cached values of rows *first*..*last*, columns 1..*cols*, by (row, col)."""
    out: dict[tuple[int, int], Any] = {}
    for r, row in enumerate(
        sheet.iter_rows(min_row=first, max_row=last, max_col=cols, values_only=True), first
    ):
        for c, value in enumerate(row, 1):
            if value is not None and value != "":
                out[(r, c)] = value
    return out


def _layout(path: str, names: list[str], grid: dict[tuple[int, int], Any]) -> tuple[Layout, str]:
    """The template and version: the revision written in the Declaration's rows 2–3 (a literal,
    not a translated formula) and the template's name in D2, else the sheets it has."""
    revision = next(
        (str(v) for (r, _), v in sorted(grid.items()) if r <= 3 and "Revision" in str(v)), None
    )
    match = re.search(r"Revision\s+([0-9]+(?:\.[0-9]+)*)", revision or "")
    if not match:
        raise InputError(
            f"{path}: sheet {DECLARATION!r}, cells A2:L3: no template revision (not an RMI "
            "reporting template, or one older than the supported versions: " + SUPPORTED + ")"
        )
    version = match.group(1)
    template = _template(grid.get((2, 4)), names)
    for layout in LAYOUTS:
        if layout.template == template and any(
            version == v or version.startswith(v + ".") or (len(v) == 1 and version[0] == v)
            for v in layout.versions
        ):
            return layout, version
    raise InputError(
        f"{path}: sheet {DECLARATION!r}, cells A2:L3: {template} revision {echo(version)} is not "
        f"supported (supported: {SUPPORTED})"
    )


def _template(title: Any, names: list[str]) -> str:
    found = re.search(r"\((CMRT|EMRT|AMRT|CRT)\)", str(title or ""))
    if found:
        return found.group(1)
    if "Minerals Scope" in names:
        return "AMRT"
    if "Mine List" in names:
        return "EMRT"
    return "CRT" if names and names[0] == "Instructions" else "CMRT"


def _declaration(
    path: str, layout: Layout, version: str, grid: dict[tuple[int, int], Any]
) -> Declaration:
    company = _text(grid.get((8, 4)))
    where = Where(path, DECLARATION, "D8")
    if not company:
        raise where.fail(
            "the company name is empty (or a formula never calculated: open the file in Excel "
            "and save it)"
        )
    effective = Where(path, DECLARATION, f"D{layout.effective_row}")
    return Declaration(
        template=layout.template,
        version=version,
        company=company,
        scope=_text(grid.get((9, 4))),
        effective_date=_date(grid.get((layout.effective_row, 4)), effective),
        answers=_answers(layout, grid),
        source=where,
    )


def _answers(layout: Layout, grid: dict[tuple[int, int], Any]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for q in range(layout.questions):
        heading = layout.first_question_row + q * layout.question_step
        for i in range(layout.metal_rows):
            row = heading + 1 + i
            metal = layout.metals[i] if layout.metals else _metal_label(grid.get((row, 2)))
            answer = _text(grid.get((row, 4)))
            if metal and answer:
                out.setdefault(metal, {})[f"q{q + 1}"] = answer
    return out


def _metal_label(value: Any) -> str | None:
    """A metal row's label without the template's "(*)" marks; None if empty."""
    text = _text(value)
    return re.sub(r"\s*\(\*\)\s*", "", text).strip() or None if text else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _date(value: Any, where: Where) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for form in ("%Y-%m-%d", "%d-%b-%Y", "%d %B %Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise where.fail(f"effective date {echo(text)!r} is not a date (enter it as a date)")


def _lookup(sheet: Any) -> dict[str, tuple[str, str, str]]:
    """The workbook's own smelter reference list: id → (metal, standard name, country name).
    Columns: A metal, B look-up alias, C standard name, D country, E smelter id."""
    out: dict[str, tuple[str, str, str]] = {}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=5, values_only=True):
        sid = _text(row[4]) if len(row) > 4 else None
        if sid and _CID.fullmatch(sid) and sid not in out:
            out[sid] = (_text(row[0]) or "", _text(row[2]) or "", _text(row[3]) or "")
    return out


def _smelters(path: str, sheet: Any, lookup: dict[str, tuple[str, str, str]]) -> Iterator[Smelter]:
    rows = sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=17, values_only=True)
    for r, row in enumerate(rows, HEADER_ROW + 1):
        if r > HEADER_ROW + MAX_ROWS:
            raise Where(path, SMELTERS, f"A{r}").fail(
                f"more than {MAX_ROWS} rows: not a supplier's smelter list"
            )
        cells = [_text(v) for v in (*row, *([None] * 17))[:17]]
        if any(cells):
            found = _smelter(path, r, cells, lookup)
            if found is not None:
                yield found


def _smelter(
    path: str, r: int, cells: list[str | None], lookup: dict[str, tuple[str, str, str]]
) -> Smelter | None:
    def at(col: int) -> Where:
        return Where(path, SMELTERS, f"{'ABCDEFGHIJKLMNOPQ'[col - 1]}{r}")

    special = next(
        (c.casefold() for c in (cells[COL_LOOKUP - 1], cells[COL_NAME - 1], cells[0])
         if c and c.casefold() in (NOT_LISTED, NOT_IDENTIFIED)),
        None,
    )  # fmt: skip
    sid = next(
        (c for c in (cells[COL_ID - 1], cells[COL_ID_INPUT - 1]) if c and _CID.fullmatch(c)), None
    )
    known = lookup.get(sid) if sid else None
    metal = cells[COL_METAL - 1] or (known[0] if known else None)
    if metal is None:
        if special is None and sid is None:
            return None  # a row with notes only (comments, contact) and no smelter
        raise at(COL_METAL).fail("no metal for this smelter (and no smelter id to look it up)")
    name = cells[COL_NAME - 1]
    if name and name.casefold() in (NOT_LISTED, NOT_IDENTIFIED):
        name = None
    name = name or (known[1] if known else None)
    if special == NOT_IDENTIFIED:
        country, where = None, at(COL_LOOKUP)
    else:
        country, where = _smelter_country(cells, known, at)
    return Smelter(
        metal=metal,
        name=name if special != NOT_IDENTIFIED else None,
        rmi_id=sid if special is None else None,
        country=country,
        mine_countries=_mine_countries(cells[COL_MINE_COUNTRIES - 1], at(COL_MINE_COUNTRIES)),
        recycled=_yes_no(cells[COL_RECYCLED - 1]),
        source=where,
    )


def _smelter_country(
    cells: list[str | None], known: tuple[str, str, str] | None, at: Callable[[int], Where]
) -> tuple[str | None, Where]:
    """The country the supplier chose (column E), else the look-up's for the smelter id."""
    written = cells[COL_COUNTRY - 1]
    if written:
        return _country(written, at(COL_COUNTRY)), at(COL_COUNTRY)
    if known and known[2]:
        return _country(known[2], at(COL_ID_INPUT)), at(COL_ID_INPUT)
    return None, at(COL_COUNTRY)


def _country(name: str, where: Where) -> str | None:
    try:
        return countries.code(name)
    except countries.UnknownCountry:
        raise where.fail(
            f"country {echo(name)!r} is not a country name the templates use (choose it from "
            "the template's list, e.g. 'Korea, Republic of')"
        ) from None


def _mine_countries(text: str | None, where: Where) -> list[str]:
    """Mine countries: one per line or separated by ';' ("recycled" and "scrap" skipped); a
    piece that is not a country is tried as a comma-separated list."""
    if not text:
        return []
    found: list[str] = []
    for piece in re.split(r"[;\n]", text):
        piece = piece.strip()
        if not piece or piece.casefold() in ("recycled", "scrap", "recycled or scrap"):
            continue
        try:
            code = countries.code(piece)
            found += [code] if code else []
        except countries.UnknownCountry:
            found += [c for p in piece.split(",") if p.strip() and (c := _country(p, where))]
    return sorted(set(found))


def _yes_no(text: str | None) -> bool | None:
    word = (text or "").casefold()
    return True if word == "yes" else False if word == "no" else None
