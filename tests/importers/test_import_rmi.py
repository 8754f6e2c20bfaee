"""`advisor import rmi`: RMI templates (built here with the same layout) into a profile, and
every hazard of the real files: translated headers, never-recalculated files, special values,
country spellings, dates, blank rows, merged cells, sheet order, and bad or hostile files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import openpyxl
import pytest
from rmi_books import build, row

from advisor.errors import InputError
from advisor.importers import rmi

Cli = Callable[..., CompletedProcess[str]]

PROFILE = """\
# our tungsten and cobalt buyers' profile
version: 1
as_of: 2026-06-30
company: {name: Example Motors, sector: ev_motors, headquarters: DE, currency: EUR}
materials:
  - id: w-powder
    mineral: W
    form: tungsten powder
    stage: metal_alloy
    annual_demand: {quantity: 20, unit: t}
    criticality: high
    suppliers:
      - id: tanaka
        name: Tanaka Trading   # our Osaka trader
        country: JP
        processing_countries: [JP]
        share: 0.6
      - id: andes
        name: Andes Metals
        country: CL
        share: 0.4
"""


def test_chinese_cached_headers_are_read_by_position(tmp_path: Path) -> None:
    path = build(tmp_path / "a.xlsx", "CMRT", "Tanaka Trading", chinese=True,
                 smelters=[row("Tungsten", "Jiangxi Tungsten Co", "China", "CID000001")],
                 answers={"D26": "Yes", "D59": "Greater than 90%"})  # fmt: skip
    decl = rmi.read(str(path))
    assert (decl.template, decl.version, decl.company) == ("CMRT", "6.5", "Tanaka Trading")
    assert decl.answers == {"Tantalum": {"q1": "Yes"}, "Tungsten": {"q6": "Greater than 90%"}}
    (s,) = decl.smelters
    assert (s.metal, s.rmi_id, s.country, s.source.cell) == ("Tungsten", "CID000001", "CN", "E5")


def test_never_recalculated_row_is_resolved_against_the_look_up(tmp_path: Path) -> None:
    path = build(tmp_path / "a.xlsx", "CMRT", "X", smelters=[row(cid_input="CID000002")])
    (s,) = rmi.read(str(path)).smelters
    assert (s.metal, s.name, s.rmi_id, s.country) == (
        "Tungsten",
        "Korea Tungsten",
        "CID000002",
        "KR",
    )
    assert s.source.cell == "A5"


@pytest.mark.parametrize("word", ["Smelter not yet identified", "SMELTER NOT YET IDENTIFIED",
                                  "smelter Not Yet Identified"])  # fmt: skip
def test_unidentified_smelter_in_any_case_is_an_unknown_country(tmp_path: Path, word: str) -> None:
    path = build(tmp_path / "a.xlsx", "CMRT", "X", smelters=[row("Tungsten", lookup=word)])
    (s,) = rmi.read(str(path)).smelters
    assert s.country is None and s.name is None
    assert rmi.read(str(path)).processing_countries() == []


def test_smelter_not_listed_keeps_the_name_and_country_the_supplier_wrote(tmp_path: Path) -> None:
    listed = row("Tungsten", "Own smelter", "Viet Nam", lookup="smelter not listed")
    path = build(tmp_path / "a.xlsx", "CMRT", "X", smelters=[listed])
    (s,) = rmi.read(str(path)).smelters
    assert (s.name, s.country, s.rmi_id) == ("Own smelter", "VN", None)


@pytest.mark.parametrize(
    ("name", "code"),
    [("Republic of Korea", "KR"), ("Korea, Republic of", "KR"), ("KOREA, REPUBLIC OF", "KR"),
     ("Korea, Democratic People's Republic of", "KP"), ("Viet Nam", "VN"),
     ("Taiwan, Province of China", "TW"), ("Congo, Democratic Republic of the", "CD")],
)  # fmt: skip
def test_country_names_as_the_templates_spell_them(tmp_path: Path, name: str, code: str) -> None:
    path = build(tmp_path / "a.xlsx", "CMRT", "X", smelters=[row("Tungsten", "S", name)])
    assert rmi.read(str(path)).smelters[0].country == code


def test_an_ambiguous_country_is_refused_never_guessed(tmp_path: Path, cli_in: Cli) -> None:
    path = build(tmp_path / "a.xlsx", "CMRT", "X", smelters=[row("Tungsten", "S", "Korea")])
    with pytest.raises(InputError, match=r"sheet 'Smelter List', cell E5: country 'Korea'"):
        rmi.read(str(path))


def test_blank_rows_dates_merged_cells_and_mine_countries(tmp_path: Path) -> None:
    path = build(tmp_path / "a.xlsx", "CMRT", "X", effective=dt.datetime(2026, 2, 3, 0, 0),
                 smelters=[row("Tungsten", "A", "China", mines="China; Republic of Korea",
                               recycled="Yes"), [None] * 17, [None] * 17,
                           row("Tungsten", "B", "Japan")])  # fmt: skip
    book = openpyxl.load_workbook(path)
    book["Declaration"].merge_cells("D8:F8")
    book.save(path)
    decl = rmi.read(str(path))
    assert decl.effective_date == dt.date(2026, 2, 3) and decl.company == "X"
    a, b = decl.smelters
    assert (a.mine_countries, a.recycled, b.source.cell) == (["CN", "KR"], True, "E8")


def test_a_text_date_that_is_no_date_names_its_cell(tmp_path: Path) -> None:
    path = build(tmp_path / "a.xlsx", "EMRT", "X", smelters=[], effective="soon")
    with pytest.raises(InputError, match="sheet 'Declaration', cell D26: effective date 'soon'"):
        rmi.read(str(path))


@pytest.mark.parametrize("template", ["EMRT", "AMRT", "CRT"])
def test_each_template_and_its_sheet_order(tmp_path: Path, template: str) -> None:
    metal = {"EMRT": "Lithium", "AMRT": "Rare Earth Elements", "CRT": "Cobalt"}[template]
    path = build(tmp_path / "a.xlsm", template, "X", smelters=[row(metal, "S", "Chile")])
    decl = rmi.read(str(path))
    assert decl.template == template and decl.smelters[0].metal == metal


def _raw_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
         "password-protected"),
        (lambda p: p.write_bytes(b"PK\x03\x04 this is not a zip"), "not an .xlsx workbook"),
        (lambda p: _raw_zip(p, {"xl/worksheets/sheet1.xml": b" " * (50 * 1024 * 1024)}),
         "xl/worksheets/sheet1.xml: unpacks to 52428800 bytes"),
        (lambda p: _raw_zip(p, {f"x/{i}": b"" for i in range(2001)}), "2001 zip entries"),
        (lambda p: _raw_zip(p, {f"x/{i}": b"\0" * (30 * 1024 * 1024) for i in range(6)}),
         "(a zip bomb?)"),
    ],
    ids=["encrypted", "corrupt", "50MB-sheet", "entry-count", "zip-bomb"],
)  # fmt: skip
def test_hostile_files_exit_2_and_write_nothing(
    tmp_path: Path, cli_in: Cli, make: Callable[[Path], object], message: str
) -> None:
    bad = tmp_path / "bad.xlsx"
    make(bad)
    (tmp_path / "p.yaml").write_text(PROFILE)
    result = cli_in("import", "rmi", bad, "--into", "p.yaml", "-o", "out.yaml")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "bad.xlsx" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_not_a_template_unsupported_version_and_formula_only(tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(InputError, match="not an RMI reporting template"):
        rmi.read(str(plain))
    old = build(tmp_path / "old.xlsx", "CMRT", "X", smelters=[], version="5.12")
    with pytest.raises(InputError, match=r"CMRT revision 5\.12 is not supported"):
        rmi.read(str(old))
    formulas = build(tmp_path / "f.xlsx", "CMRT", "=L!C8", smelters=[])
    with pytest.raises(InputError, match="cell D8: the company name is empty"):
        rmi.read(str(formulas))


def test_into_keeps_comments_and_derives_processing(tmp_path: Path, cli_in: Cli) -> None:
    books = tmp_path / "books"
    books.mkdir()
    build(books / "t.xlsx", "CMRT", "Tanaka Trading",
          smelters=[row("Tungsten", "Jiangxi Tungsten Co", "China", "CID000001")])  # fmt: skip
    (tmp_path / "p.yaml").write_text(PROFILE)
    result = cli_in("import", "rmi", books, "--into", "p.yaml", "-o", "out.yaml")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out.yaml").read_text()
    assert "# our tungsten and cobalt buyers' profile" in text
    assert "name: Tanaka Trading   # our Osaka trader" in text
    assert "processing_countries: [CN]" in text and "[JP]" not in text
    assert (tmp_path / "p.yaml").read_text() == PROFILE  # -o: the input is untouched


def test_a_workbook_for_no_supplier_of_the_profile_is_refused(tmp_path: Path, cli_in: Cli) -> None:
    build(tmp_path / "z.xlsx", "CMRT", "Zeta Corp", smelters=[])
    (tmp_path / "p.yaml").write_text(PROFILE)
    result = cli_in("import", "rmi", "z.xlsx", "--into", "p.yaml")
    assert (
        result.returncode == 2
        and "no supplier of the profile is named 'Zeta Corp'" in result.stderr
    )
    assert (tmp_path / "p.yaml").read_text() == PROFILE


def test_progress_is_shown_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor.cli import import_cmds

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert import_cmds._progress("workbooks") is None
    tty = Tty()
    monkeypatch.setattr("sys.stderr", tty)
    show = import_cmds._progress("workbooks")
    assert show is not None
    show(1, 2)
    show(2, 2)
    assert tty.getvalue() == "\rread 1/2 workbooks\rread 2/2 workbooks\n"


def test_macros_in_an_xlsm_are_ignored_never_run(tmp_path: Path) -> None:
    path = build(tmp_path / "m.xlsm", "CMRT", "X", smelters=[row("Tungsten", "S", "Japan")])
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Auto_Open"\nShell "touch ran"')
    assert rmi.read(str(path)).smelters[0].country == "JP"
    assert not (tmp_path / "ran").exists()
