"""From a supplier CSV and a folder of CMRT/EMRT/AMRT workbooks to a profile that validates and
that `advisor assess --explain` explains down to the workbook cell."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import jsonschema
from rmi_books import build, row

from advisor.importers import yamltext
from advisor.profile.schema import shipped_text
from advisor.yaml.loader import load_file

Cli = Callable[..., CompletedProcess[str]]

CSV = """\
LIFNR,NAME1,LAND1,MATNR,MENGE,MEINS,KDATE,DUAL
100001,Tanaka Trading,JP,W-POWDER,12,TO,20271231,X
100002,Andes Metals,Chile,W-POWDER,8,TO,,
100003,Cobalt Partners,FI,CO-SULF,40000,KG,2027-06-30,
100004,Magnet Metals,Viet Nam,ND-OXIDE,5,TO,,
"""
MAP = """\
columns: {vendor_id: LIFNR, name: NAME1, country: LAND1, material: MATNR, quantity: MENGE,
          unit: MEINS, contract_end: KDATE, dual_source_clause: DUAL}
company: {name: Example Motors GmbH, sector: ev_motors, headquarters: DE, currency: EUR}
as_of: 2026-06-30
defaults: {contract_type: framework}
materials:
  W-POWDER: {mineral: W, form: tungsten powder, criticality: high}
  CO-SULF: {mineral: Co, form: cobalt sulphate, stage: oxide_separated}
  ND-OXIDE: {mineral: Nd, form: NdPr oxide, stage: oxide_separated}
"""


def _setup(tmp_path: Path) -> None:
    (tmp_path / "vendors.csv").write_text(CSV)
    (tmp_path / "map.yaml").write_text(MAP)
    books = tmp_path / "books"
    books.mkdir()
    build(books / "tanaka.xlsx", "CMRT", "Tanaka Trading", chinese=True,
          smelters=[row("Tungsten", "Jiangxi Tungsten Co", "China", "CID000001")])  # fmt: skip
    build(books / "andes.xlsx", "CMRT", "Andes Metals",
          smelters=[row("Tungsten", lookup="Smelter not yet identified")])  # fmt: skip
    build(books / "cobalt.xlsx", "EMRT", "Cobalt Partners", smelters=[row(cid_input="CID000003")])
    build(books / "magnet.xlsx", "AMRT", "Magnet Metals",
          smelters=[row("Rare Earth Elements", "Fujian REE", "China", "CID000005")])  # fmt: skip


def test_csv_and_workbooks_make_a_profile_explained_to_the_cell(
    tmp_path: Path, cli_in: Cli
) -> None:
    _setup(tmp_path)
    made = cli_in("import", "table", "vendors.csv", "--map", "map.yaml", "-o", "profile.yaml")
    assert made.returncode == 0, made.stderr
    rolled = cli_in("import", "rmi", "books", "--into", "profile.yaml")
    assert rolled.returncode == 0, rolled.stderr
    assert cli_in("validate", "profile.yaml").returncode == 0
    data = load_file(tmp_path / "profile.yaml").data
    jsonschema.Draft202012Validator(json.loads(shipped_text())).validate(
        json.loads(json.dumps(data, default=str))
    )
    tungsten = data["materials"][0]
    assert tungsten["annual_demand"] == {"quantity": 20, "unit": "t"}
    assert [s["share"] for s in tungsten["suppliers"]] == [0.6, 0.4]
    magnets = data["materials"][2]["suppliers"][0]
    assert magnets["processing_countries"] == ["CN"]  # AMRT rare earths count for Nd
    assert magnets["smelters"][0]["rmi_id"] == "CID000005"

    text = cli_in("assess", "profile.yaml", "--explain").stdout
    assert "books/tanaka.xlsx, Smelter List!E5" in text
    assert "processing unknown (not identified)" in text and "andes.xlsx, Smelter List!C5" in text


def test_jp_trader_with_cn_smelter_is_processed_in_cn(tmp_path: Path) -> None:
    from advisor import api

    _setup(tmp_path)
    from advisor.importers import run

    text = run.table_profile(str(tmp_path / "vendors.csv"), str(tmp_path / "map.yaml"))
    (tmp_path / "p.yaml").write_text(text)
    decls = run.read_all(run.workbooks([tmp_path / "books"]))
    (tmp_path / "p.yaml").write_text(run.rmi_into(str(tmp_path / "p.yaml"), decls))
    a = api.assess(api.load_profile(tmp_path / "p.yaml"))
    tanaka = next(s for s in a.suppliers if s.name == "Tanaka Trading")
    assert tanaka.country == "JP" and tanaka.processing_countries == ("CN",)
    andes = next(s for s in a.suppliers if s.name == "Andes Metals")
    assert andes.processing_countries == ()
    unknown = [f for f in a.findings if f.rule_id == "ADV024" and f.subject == "W-POWDER"]
    assert unknown, "an unidentified smelter must leave the origin unknown, never clean"


def test_text_values_read_back_as_the_same_text() -> None:
    from advisor.yaml.loader import load_text

    values = [
        "Yes",
        "no",
        "NO",
        "a: b",
        "#x",
        "Korea, Republic of",
        "1.10",
        "Côte d'Ivoire",
        "null",
    ]
    doc = load_text(yamltext.document({"k": values, "m": {"x": "on"}}), "t.yaml")
    assert doc.data["k"] == values and doc.data["m"] == {"x": "on"}
