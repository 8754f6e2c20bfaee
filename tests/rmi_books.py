"""Synthetic workbooks with the RMI templates' layout (sheet names, rows, columns), built with
openpyxl for the tests: the real templates are RMI's copyright and are not shipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

SHEETS = {
    "CMRT": ["Revision", "Instructions", "Definitions", "Declaration", "Smelter List", "Checker",
             "Product List", "Smelter Look-up", "L", "C", "SorP"],
    "EMRT": ["Revision", "Instructions", "Definitions", "Declaration", "Smelter List", "Checker",
             "Mine List", "Product List", "Smelter Look-up", "L", "C", "SorP"],
    "AMRT": ["Revision", "Instructions", "Definitions", "Declaration", "Minerals Scope",
             "Smelter List", "Checker", "Mine List", "Product List", "Smelter Look-up", "L", "C",
             "SorP"],
    "CRT": ["Instructions", "Revision", "Definitions", "Declaration", "Smelter List", "Checker",
            "Product List", "Smelter Look-up", "L", "C", "SorP"],
}  # fmt: skip
VERSION = {"CMRT": "6.5", "EMRT": "2.1", "AMRT": "1.3", "CRT": "2.21"}
EFFECTIVE_ROW = {"CMRT": 22, "EMRT": 26, "AMRT": 27, "CRT": 22}
TITLE = {"CMRT": "Conflict Minerals Reporting Template (CMRT)",
         "EMRT": "扩展矿物报告模版 (EMRT)", "AMRT": "Additional Minerals Reporting Template (AMRT)",
         "CRT": "Cobalt Reporting Template (CRT)"}  # fmt: skip
#: A few look-up rows: metal, alias, standard name, country (as the templates spell it), id.
LOOKUP = [
    ("Tungsten", "Jiangxi Tungsten Co", "Jiangxi Tungsten Co", "CHINA", "CID000001"),
    ("Tungsten", "Korea Tungsten", "Korea Tungsten", "KOREA, REPUBLIC OF", "CID000002"),
    ("Cobalt", "Cobalt Refinery A", "Cobalt Refinery A", "CHINA", "CID000003"),
    ("Lithium", "Lithium Works", "Lithium Works", "CHILE", "CID000004"),
    ("Rare Earth Elements", "Fujian REE", "Fujian REE", "CHINA", "CID000005"),
]


def build(
    path: Path,
    template: str,
    company: str,
    smelters: list[list[Any]],
    *,
    version: str | None = None,
    chinese: bool = False,
    answers: dict[str, str] | None = None,
    effective: Any = dt.date(2026, 3, 1),
) -> Path:
    """A workbook of *template*'s layout at *path*: *smelters* are rows of columns A–Q."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in SHEETS[template]:
        book.create_sheet(name)
    decl = book["Declaration"]
    decl["D2"] = TITLE[template]
    decl["J3"] = f"Revision {version or VERSION[template]}\nApril 25, 2025"
    decl["B8"] = "公司名称 (*)：" if chinese else "Company Name (*):"
    decl["D8"] = company
    decl["D9"] = "A. Company"
    decl[f"D{EFFECTIVE_ROW[template]}"] = effective
    for cell, value in (answers or {}).items():
        decl[cell] = value
    sheet = book["Smelter List"]
    header = [
        "冶炼厂识别号码输入列",
        "金属 (*)",
        "冶炼厂查找 (*)",
        "冶炼厂名称 (1)",
        "冶炼厂所在国家或地区 (*)",
    ]
    english = ["Smelter Identification Number Input Column", "Metal (*)", "Smelter Look-up (*)",
               "Smelter Name", "Smelter Country (*)"]  # fmt: skip
    for col, text in enumerate(header if chinese else english, 1):
        sheet.cell(row=4, column=col, value=text)
    sheet["Q3"] = f"Revision {version or VERSION[template]}"
    for r, row in enumerate(smelters, 5):
        for c, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    look = book["Smelter Look-up"]
    for r, row in enumerate(LOOKUP, 5):
        for c, value in enumerate(row, 1):
            look.cell(row=r, column=(1, 2, 3, 4, 5)[c - 1], value=value)
    book.save(path)
    return path


def row(
    metal: str | None = None,
    name: str | None = None,
    country: str | None = None,
    cid: str | None = None,
    *,
    lookup: str | None = None,
    cid_input: str | None = None,
    mines: str | None = None,
    recycled: str | None = None,
) -> list[Any]:
    """One Smelter List row (columns A–Q)."""
    cells: list[Any] = [None] * 17
    cells[0], cells[1], cells[2], cells[3], cells[4], cells[5] = (
        cid_input, metal, lookup or name, name, country, cid,
    )  # fmt: skip
    cells[14], cells[15] = mines, recycled
    return cells
