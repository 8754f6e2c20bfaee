"""`advisor report`: drafted regulatory assessments name every required section, say what is
in scope, trace each section to the profile, the reference data and the stress tests, and are
deterministic; bad input exits 2 and writes nothing."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from advisor import api
from advisor.config.model import Config
from advisor.render.report_common import REPORTS, Draft, required

Cli = Callable[..., CompletedProcess[str]]
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
KINDS = sorted(REPORTS)


@pytest.fixture(scope="module")
def config() -> Config:
    return api.load_config(use_file=False)


def _draft(kind: str, path: Path, config: Config) -> Draft:
    return api.report(kind, api.load_profile(path), config, shown=path.name)


def test_the_api_kinds_are_the_reports() -> None:
    assert sorted(api.REPORT_KINDS) == KINDS


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_draft_names_every_required_section(kind: str, example: Path, config: Config) -> None:
    draft = _draft(kind, example, config)
    text = api.render_report([draft], "markdown")
    page = api.render_report([draft], "html")
    assert text.startswith("# DRAFT: ") and "DRAFT for review" in text
    assert [s.requirement for s in draft.sections] == list(required(kind))
    for req in required(kind):
        assert f"## {req.title}" in text
        assert f"<h2>{req.title}</h2>" in page
        assert req.basis.split(";")[0] in text
    for section in draft.sections:
        assert section.status in ("filled", "partial", "gap", "not applicable")
        if section.status == "gap":
            assert section.gaps, section.requirement.key
    assert f"## Evidence gaps ({len(draft.gaps)})" in text


def test_battery_draft_of_a_company_without_battery_minerals_says_it_is_out_of_scope(
    config: Config,
) -> None:
    draft = _draft("battery-due-diligence", ROOT / "examples" / "ev-motor-maker.yaml", config)
    assert not draft.in_scope
    text = api.render_report([draft], "markdown")
    assert (
        "due-diligence scope (Annex X point 1: cobalt, lithium, nickel, natural graphite) "
        "does not cover the profile's materials" in text
    )
    assert "18 August 2027" in text and "2025/1561" in text
    risks = next(s for s in draft.sections if s.requirement.key == "risks")
    assert risks.status == "not applicable"


def test_battery_draft_of_a_battery_maker_is_in_scope_and_lists_every_annex_x_category(
    config: Config,
) -> None:
    draft = _draft("battery-due-diligence", ROOT / "examples" / "battery-maker.yaml", config)
    assert draft.in_scope
    assert "cobalt, lithium, natural graphite, nickel" in draft.scope
    text = api.render_report([draft], "markdown")
    assert "| human health | not assessed | evidence gap |" in text
    assert "Natural graphite processors" in text


def test_crma_draft_out_of_scope_when_no_strategic_raw_material(
    make_profile: Callable[..., Path], config: Config
) -> None:
    path = make_profile()
    text = path.read_text(encoding="utf-8")
    antimony = re.sub(r"mineral: \w+", "mineral: Sb", text)
    path.write_text(antimony, encoding="utf-8")
    draft = api.report("crma-art24", api.load_profile(path), config)
    assert not draft.in_scope
    assert "none of the profile's materials is a strategic raw material" in draft.scope
    statuses = {s.requirement.key: s.status for s in draft.sections}
    assert statuses["mapping"] == statuses["vulnerability"] == "not applicable"
    copper = antimony.replace("mineral: Sb", "mineral: other\n    mineral_name: copper", 1)
    path.write_text(copper, encoding="utf-8")
    draft = api.report("crma-art24", api.load_profile(path), config)
    assert draft.in_scope  # copper is on Annex I, named through mineral_name


def test_crma_sections_trace_to_profile_lines_reference_sources_and_scenarios(
    config: Config,
) -> None:
    path = ROOT / "examples" / "ev-motor-maker.yaml"
    draft = _draft("crma-art24", path, config)
    by_key = {s.requirement.key: s for s in draft.sections}
    lines = path.read_text(encoding="utf-8").splitlines()
    mapping = by_key["mapping"].trace
    assert mapping.profile and mapping.sources
    for where in mapping.profile:  # each cited line is a supplier entry of the profile
        number = int(where.rsplit(":", 1)[1])
        assert lines[number - 1].lstrip().startswith("- id:"), where
    ref = api.load_reference()
    known = {s.key for s in ref.sources()}
    assert set(mapping.sources) <= known
    assert set(by_key["factors"].trace.sources) <= known and by_key["factors"].trace.sources
    scenarios = {s.id for s in api.builtin_scenarios()}
    assert by_key["vulnerability"].trace.scenarios
    assert set(by_key["vulnerability"].trace.scenarios) <= scenarios
    text = api.render_report([draft], "markdown")
    assert re.search(r"Traced to: profile `ev-motor-maker\.yaml:\d+`.*reference sources `", text)


def test_smelters_from_an_imported_declaration_appear_with_their_rmi_id(
    tmp_path: Path, config: Config
) -> None:
    from smelter_profile import BASE

    path = tmp_path / "w.yaml"
    path.write_text(BASE, encoding="utf-8")
    draft = api.report("crma-art24", api.load_profile(path), config)
    text = api.render_report([draft], "markdown")
    assert "| Jiangxi Tungsten Co | CID000001 | CN |" in text
    assert "books/tanaka.xlsx, Smelter List!E5" in text


class _Strict(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in ("meta", "br", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag


def test_html_is_self_contained_and_well_nested(config: Config) -> None:
    draft = _draft("oecd-step5", ROOT / "examples" / "battery-maker.yaml", config)
    page = api.render_report([draft], "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "http://" not in page.split("<h2>Sources</h2>")[0]
    # the browser may load and run nothing, as in the assessment report
    csp = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
    assert csp in page.split("</head>")[0]
    parser = _Strict()
    parser.feed(page)
    assert parser.stack == []


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_same_input_gives_byte_identical_output(cli_in: Cli, tmp_path: Path, fmt: str) -> None:
    profile = ROOT / "examples" / "wind-turbine-maker.yaml"
    for name in ("a", "b"):
        done = cli_in("report", "crma-art24", profile, "-f", fmt, "-o", tmp_path / name)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


def test_several_profiles_give_one_document(cli_in: Cli) -> None:
    done = cli_in("report", "oecd-step5", *EXAMPLES[:2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("# DRAFT: ") == 2


@pytest.mark.parametrize(
    "args",
    [
        ("report", "crma-art25", "{profile}"),
        ("report", "crma-art24", "{missing}"),
        ("report", "crma-art24", "{profile}", "-f", "json"),
        ("report", "crma-art24", "{profile}", "-o", "{profile}"),
    ],
    ids=["bad-kind", "missing-profile", "bad-format", "output-is-input"],
)
def test_bad_input_exits_2_and_writes_nothing(
    cli_in: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text((ROOT / "examples" / "ev-motor-maker.yaml").read_text("utf-8"), "utf-8")
    before = profile.read_bytes()
    out = tmp_path / "out.md"
    given = [a.format(profile=profile, missing=tmp_path / "nope.yaml") for a in args]
    if "-o" not in given:
        given += ["-o", str(out)]
    done = cli_in(*given)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert profile.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


COBALT = """\
version: 1
as_of: 2026-06-30
company: {name: Cell Works, sector: batteries, headquarters: DE, currency: EUR}
materials:
  - id: co-sulphate
    mineral: Co
    form: cobalt sulphate
    stage: oxide_separated
    annual_demand: {quantity: 100, unit: t}
    criticality: high
    suppliers:
      - id: refiner
        name: Refiner Oy
        country: FI
        share: 1
        declaration: {template: EMRT, version: '2.1', company: Refiner Oy}
        smelters:
          - metal: Cobalt
            name: Example Cobalt Refinery
            rmi_id: CID004620
            country: FI
            mine_countries: [CD]
            source: {file: emrt/refiner.xlsx, sheet: Smelter List, cell: D5}
          - metal: Cobalt
            source: {file: emrt/refiner.xlsx, sheet: Smelter List, cell: D6}
"""


def test_battery_draft_lists_the_refiners_of_an_imported_emrt(
    tmp_path: Path, config: Config
) -> None:
    path = tmp_path / "cells.yaml"
    path.write_text(COBALT, encoding="utf-8")
    draft = api.report("battery-due-diligence", api.load_profile(path), config, shown="cells.yaml")
    by_key = {s.requirement.key: s for s in draft.sections}
    refiners = by_key["smelters"]
    assert refiners.status == "partial"  # one refiner is not identified
    assert refiners.tables[0].rows[0][3:7] == ("Example Cobalt Refinery", "CID004620", "FI", "CD")
    assert refiners.tables[0].rows[1][5] == "not identified"
    assert "1 declared smelters or refiners are not yet identified." in refiners.gaps
    lines = COBALT.splitlines()
    for where in refiners.trace.profile[:2]:
        assert lines[int(where.rsplit(":", 1)[1]) - 1].lstrip().startswith("- metal: Cobalt")
    assert by_key["management"].text == ("Supplier declarations imported: co-sulphate / "
                                         "refiner: EMRT 2.1",)  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_markdown_renders_as_github_markdown_with_every_table_whole(
    kind: str, config: Config
) -> None:
    from markdown_it import MarkdownIt

    draft = _draft(kind, ROOT / "examples" / "electronics-maker.yaml", config)
    page = MarkdownIt("gfm-like", {"linkify": False}).render(api.render_report([draft], "markdown"))
    for req in required(kind):
        assert f"<h2>{req.title}</h2>" in page
    tables = [t for s in draft.sections for t in s.tables if t.rows]
    assert page.count("<table>") == len(tables) + 1  # and the section list
    for t in tables:  # no cell text broke a row: every row keeps its column count
        assert f"<th>{t.header[0]}</th>" in page
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        assert row.count("<td>") in (0, 3, *(len(t.header) for t in tables))
