"""`advisor import table`: supplier masters (CSV, XLSX) with a mapping file into a profile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import openpyxl

from advisor.yaml.loader import load_file

Cli = Callable[..., CompletedProcess[str]]

MAP = """\
columns: {vendor_id: Supplier no., name: Supplier, country: Country, material: Material,
          mineral: Mineral, quantity: Tonnes, share: Share, contract_type: Contract}
company: {name: Example Wind AS, sector: wind_turbines, headquarters: "NO", currency: EUR}
as_of: 2026-06-30
defaults: {unit: t, criticality: high}
"""


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Suppliers"
    sheet.append(["Supplier no.", "Supplier", "Country", "Material", "Mineral", "Tonnes", "Share",
                  "Contract"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_spreadsheet_with_shares_and_rows_added_up(tmp_path: Path, cli_in: Cli) -> None:
    _xlsx(tmp_path / "s.xlsx", [
        ["A1", "Baotou Magnets", "China", "NdFeB", "Nd", 30, "60%", "long_term"],
        [None] * 8,
        ["B2", "Seoul Magnetics", "Korea, Republic of", "NdFeB", "Nd", 20, "40%", "annual"],
    ])  # fmt: skip
    (tmp_path / "map.yaml").write_text(MAP)
    result = cli_in("import", "table", "s.xlsx", "--map", "map.yaml", "-o", "p.yaml")
    assert result.returncode == 0, result.stderr
    assert cli_in("validate", "p.yaml").returncode == 0
    (material,) = load_file(tmp_path / "p.yaml").data["materials"]
    assert material["annual_demand"] == {"quantity": 50, "unit": "t"}
    assert [(s["country"], s["share"]) for s in material["suppliers"]] == [
        ("CN", "60%"), ("KR", "40%")]  # fmt: skip
    assert material["suppliers"][1]["source"] == {"file": "s.xlsx", "sheet": "Suppliers",
                                                  "cell": "row 4"}  # fmt: skip


def test_bad_rows_and_maps_exit_2_naming_the_place(tmp_path: Path, cli_in: Cli) -> None:
    (tmp_path / "map.yaml").write_text(MAP)
    (tmp_path / "v.csv").write_text(
        "Supplier no.,Supplier,Country,Material,Mineral,Tonnes,Share,Contract\n"
        "A1,Acme,Korea,NdFeB,Nd,3,,\n"
    )
    bad_country = cli_in("import", "table", "v.csv", "--map", "map.yaml", "-o", "p.yaml")
    assert bad_country.returncode == 2
    assert "v.csv: row 2: column 'Country': 'Korea' is not a country" in bad_country.stderr
    (tmp_path / "bad.yaml").write_text("columns: {vendor: X}\n")
    bad_map = cli_in("import", "table", "v.csv", "--map", "bad.yaml", "-o", "p.yaml")
    assert bad_map.returncode == 2 and "bad.yaml:1:" in bad_map.stderr
    assert "unknown field" in bad_map.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_an_existing_profile_is_never_overwritten(tmp_path: Path, cli_in: Cli) -> None:
    (tmp_path / "map.yaml").write_text(MAP)
    (tmp_path / "v.csv").write_text("Supplier no.,Supplier,Country,Material\n")
    (tmp_path / "p.yaml").write_text("mine\n")
    result = cli_in("import", "table", "v.csv", "--map", "map.yaml", "-o", "p.yaml")
    assert result.returncode == 2 and (tmp_path / "p.yaml").read_text() == "mine\n"
