"""Each export control reaches the profiles it covers and no other: by form, content,
destination and date (before, inside and after each period), and what cannot be decided is
reported as such, never as a pass."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from advisor import api
from advisor.engine.assess.control_facts import chain, exposing_controls, supplier_reach
from advisor.errors import DataError, UsageError
from advisor.profile.model import Profile
from advisor.reference.checks import builtin_checks
from advisor.reference.load import load_reference
from advisor.reference.models import ReferenceFile

REF = load_reference()
DATA_DATE = dt.date(2026, 12, 2)  # the data's as-of date: after both suspensions ended
IN_SUSPENSION = dt.date(2026, 6, 30)


def _profile(
    mineral: str,
    stage: str,
    country: str,
    *,
    mining: list[str] | None = None,
    processing: list[str] | None = None,
    content: dict[str, str] | None = None,
    hq: str = "DE",
    sector: str = "industrial",
    as_of: dt.date = DATA_DATE,
) -> Profile:
    material: dict[str, Any] = {
        "id": "mat", "mineral": mineral, "form": "test", "stage": stage,
        "annual_demand": {"quantity": 10, "unit": "t"}, "criticality": "high",
        "suppliers": [{"id": "s", "name": "S", "country": country, "share": 1.0,
                       "mining_countries": mining if mining is not None else [country],
                       "processing_countries": processing if processing is not None
                       else [country]}],
    }  # fmt: skip
    if content is not None:
        material["content"] = content
    return Profile.model_validate({
        "version": 1, "as_of": as_of, "materials": [material],
        "company": {"name": "T", "sector": sector, "headquarters": hq, "currency": "EUR"},
    })  # fmt: skip


def reached(p: Profile) -> dict[str, str]:
    """Control id → how it reaches the one supplier: active, suspended, or assumed suspended /
    assumed in force (state not settled, taken as the planning assumption); plus "?" → the
    fields to fill when something is undetermined."""
    material = p.materials[0]
    controls = exposing_controls(p, material, REF)
    r = supplier_reach(material, material.suppliers[0], 0, controls, chain(REF, material.mineral))
    out = {c.id: "assumed in force" if c.assumed else "active" for c in r.measures.values()}
    out.update({c.id: "assumed suspended" if c.assumed else "suspended"
                for c in r.suspended_measures.values()})  # fmt: skip
    if r.undetermined and not r.controlled:
        out["?"] = ", ".join(".".join(map(str, path)) for path in r.missing)
    return out


CASES: list[tuple[str, str, Profile, str | None]] = [
    # id, case, profile, how the control reaches it (None: it does not)
    ("cn-2023-ga-ge-licence", "Ga metal from China", _profile("Ga", "metal_alloy", "CN"), "active"),
    ("cn-2023-ga-ge-licence", "Ga refined in Japan from Chinese primary metal",
     _profile("Ga", "metal_alloy", "JP", mining=["CN"], processing=["JP"]), "active"),
    ("cn-2023-ga-ge-licence", "Ga from Japan, all Japanese",
     _profile("Ga", "metal_alloy", "JP"), None),
    ("cn-2023-ga-ge-licence", "before 1 August 2023",
     _profile("Ga", "metal_alloy", "CN", as_of=dt.date(2023, 7, 15)), None),
    ("cn-2023-graphite-licence", "flake concentrate from China",
     _profile("graphite", "ore_concentrate", "CN"), "active"),
    ("cn-2023-graphite-licence", "before 1 December 2023",
     _profile("graphite", "ore_concentrate", "CN", as_of=dt.date(2023, 11, 1)), None),
    ("cn-2023-graphite-licence", "Mozambican flake",
     _profile("graphite", "ore_concentrate", "MZ"), None),
    ("cn-2024-sb-licence", "antimony ore from China",
     _profile("Sb", "ore_concentrate", "CN"), "active"),
    ("cn-2024-sb-licence", "a product containing antimony (not listed)",
     _profile("Sb", "product", "CN"), None),
    ("cn-2024-ann46-us-military", "US defence company, Chinese gallium",
     _profile("Ga", "metal_alloy", "CN", hq="US", sector="defence"), "active"),
    ("cn-2024-ann46-us-military", "US electronics company (not a military end user)",
     _profile("Ga", "metal_alloy", "CN", hq="US", sector="electronics"), None),
    ("cn-2024-ann46-us-military", "German defence company (not the US)",
     _profile("Ga", "metal_alloy", "CN", sector="defence"), None),
    ("cn-2024-ann46-us-ban", "US buyer before the suspension",
     _profile("Ga", "metal_alloy", "CN", hq="US", as_of=dt.date(2025, 6, 1)), "active"),
    ("cn-2024-ann46-us-ban", "US buyer during the suspension",
     _profile("Ga", "metal_alloy", "CN", hq="US", as_of=IN_SUSPENSION), "suspended"),
    ("cn-2024-ann46-us-ban", "US buyer after 27 November 2026",
     _profile("Ga", "metal_alloy", "CN", hq="US"), "assumed suspended"),
    ("cn-2024-ann46-us-ban", "German buyer", _profile("Ga", "metal_alloy", "CN"), None),
    ("cn-2024-ann46-graphite-us", "US buyer during the suspension",
     _profile("graphite", "oxide_separated", "CN", hq="US", as_of=IN_SUSPENSION), "suspended"),
    ("cn-2024-ann46-graphite-us", "German buyer",
     _profile("graphite", "oxide_separated", "CN", as_of=IN_SUSPENSION), None),
    ("cn-2025-w-licence", "APT or tungsten oxide from China",
     _profile("W", "oxide_separated", "CN"), "active"),
    ("cn-2025-w-licence", "tungsten concentrate (not listed)",
     _profile("W", "ore_concentrate", "CN"), None),
    ("cn-2025-w-licence", "before 4 February 2025",
     _profile("W", "oxide_separated", "CN", as_of=dt.date(2025, 1, 15)), None),
    ("cn-2025-ann18-ree-licence", "Dy oxide from China",
     _profile("Dy", "oxide_separated", "CN"), "active"),
    ("cn-2025-ann18-ree-licence", "Dy oxide before 4 April 2025",
     _profile("Dy", "oxide_separated", "CN", as_of=dt.date(2025, 3, 1)), None),
    ("cn-2025-ann18-ree-licence", "Nd oxide from China (Nd is not listed)",
     _profile("Nd", "oxide_separated", "CN"), None),
    ("cn-2025-ann18-ree-licence", "Dy-bearing NdFeB magnets from China",
     _profile("Nd", "magnet_component", "CN", content={"Dy": "2%"}), "active"),
    ("cn-2025-ann18-ree-licence", "Tb-bearing NdFeB magnets from China",
     _profile("Nd", "magnet_component", "CN", content={"Tb": "0.5%", "Pr": "6%"}), "active"),
    ("cn-2025-ann18-ree-licence", "NdFeB magnets from China without Dy or Tb",
     _profile("Nd", "magnet_component", "CN", content={}), None),
    ("cn-2025-ann18-ree-licence", "Japanese magnets from Chinese-refined Dy",
     _profile("Nd", "magnet_component", "JP", processing=["CN"], content={"Dy": "2%"}), "active"),
    ("cn-2025-ann18-ree-licence", "SmCo magnets from China",
     _profile("Sm", "magnet_component", "CN"), "active"),
    ("cn-2025-ann56-re-equipment", "Nd oxide from China (equipment only)",
     _profile("Nd", "oxide_separated", "CN"), None),
    ("cn-2025-ann61-extraterritorial", "Nd oxide refined in China, shipped from Japan",
     _profile("Nd", "oxide_separated", "JP", processing=["CN"]), None),
    ("cn-2025-ann61-extraterritorial", "Japanese Dy-NdFeB from Chinese oxide, suspended",
     _profile("Nd", "magnet_component", "JP", processing=["CN"], content={"Dy": "2%"},
              as_of=IN_SUSPENSION), "suspended"),
    ("cn-2025-ann61-extraterritorial", "the same after 10 November 2026",
     _profile("Nd", "magnet_component", "JP", processing=["CN"], content={"Dy": "2%"}),
     "assumed suspended"),
    ("cn-2025-ann61-extraterritorial", "the same before it was announced",
     _profile("Nd", "magnet_component", "JP", processing=["CN"], content={"Dy": "2%"},
              as_of=dt.date(2025, 10, 1)), None),
    ("cn-2025-ann61-extraterritorial", "Chinese-made magnets (Ann. 18, not 61)",
     _profile("Nd", "magnet_component", "CN", content={"Dy": "2%"}), None),
    ("cn-2025-ann58-battery", "Chinese battery cells during the suspension",
     _profile("Li", "product", "CN", as_of=IN_SUSPENSION), "suspended"),
    ("cn-2025-ann58-battery", "Chinese battery cells after 10 November 2026",
     _profile("Li", "product", "CN"), "assumed suspended"),
    ("cn-2025-ann58-battery", "lithium concentrate (not listed)",
     _profile("Li", "ore_concentrate", "CN"), None),
    ("cn-2026-ann1-japan-military", "Japanese defence company, Chinese Dy oxide",
     _profile("Dy", "oxide_separated", "CN", hq="JP", sector="defence",
              as_of=dt.date(2026, 2, 1)), "active"),
    ("cn-2026-ann1-japan-military", "the same before 6 January 2026",
     _profile("Dy", "oxide_separated", "CN", hq="JP", sector="defence",
              as_of=dt.date(2025, 12, 31)), None),
    ("cn-2026-ann1-japan-military", "Japanese electronics company",
     _profile("Dy", "oxide_separated", "CN", hq="JP", sector="electronics"), None),
    ("my-2023-raw-re-ban", "NdPr oxide separated in Malaysia from Australian ore",
     _profile("Nd", "oxide_separated", "MY", mining=["AU"], processing=["MY"]), None),
    ("my-2023-raw-re-ban", "rare-earth concentrate from Malaysia",
     _profile("Nd", "ore_concentrate", "MY"), "active"),
    ("my-2023-raw-re-ban", "oxide refined in China from Malaysian ore",
     _profile("Nd", "oxide_separated", "CN", mining=["MY"], processing=["CN"]), "active"),
    ("my-2023-raw-re-ban", "concentrate before 11 September 2023",
     _profile("Nd", "ore_concentrate", "MY", as_of=dt.date(2023, 9, 1)), None),
    ("id-nickel-ore-ban", "nickel ore from Indonesia",
     _profile("Ni", "ore_concentrate", "ID"), "active"),
    ("id-nickel-ore-ban", "nickel sulphate refined in Indonesia",
     _profile("Ni", "oxide_separated", "ID"), None),
    ("cd-2025-co-suspension", "cobalt hydroxide from the DRC in June 2025",
     _profile("Co", "oxide_separated", "CD", as_of=dt.date(2025, 6, 1)), "active"),
    ("cd-2025-co-suspension", "the same after it was replaced by quotas",
     _profile("Co", "oxide_separated", "CD", as_of=dt.date(2025, 12, 1)), None),
    ("cd-2025-co-quota", "cobalt hydroxide from the DRC in December 2025",
     _profile("Co", "oxide_separated", "CD", as_of=dt.date(2025, 12, 1)), "active"),
    ("cd-2025-co-quota", "the same before 16 October 2025",
     _profile("Co", "oxide_separated", "CD", as_of=dt.date(2025, 10, 1)), None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("control", "profile", "expected"),
    [pytest.param(c, p, e, id=f"{c}: {case}") for c, case, p, e in CASES],
)
def test_each_control_reaches_what_it_covers(
    control: str, profile: Profile, expected: str | None
) -> None:
    assert reached(profile).get(control) == expected


def test_every_vocabulary_control_has_a_covered_and_an_uncovered_case() -> None:
    cases = {c: {e is None for c2, _, _, e in CASES if c2 == c} for c, _, _, _ in CASES}
    for control, _ in REF.all_controls():
        if control.all_minerals() and control.kind.value != "technology":
            if control.id == "cn-2025-ann56-re-equipment":
                continue  # equipment: never a material, covered above
            assert cases.get(control.id) == {True, False}, control.id


# -- what cannot be decided ---------------------------------------------------------------------
def test_unknown_refining_country_of_dy_oxide_is_undetermined() -> None:
    """Heavy rare earths are refined in China by default: without the processing country the
    exposure to Ann. 18 cannot be decided."""
    p = _profile("Dy", "oxide_separated", "JP", mining=[], processing=[])
    assert reached(p) == {"?": "suppliers.0.processing_countries"}


def test_unknown_origin_of_nd_oxide_is_not_undetermined() -> None:
    """No measure of the dominant refiner covers Nd oxide, so there is nothing to decide."""
    assert reached(_profile("Nd", "oxide_separated", "JP", mining=[], processing=[])) == {}


def test_magnets_without_content_are_undetermined() -> None:
    p = _profile("Nd", "magnet_component", "CN")
    assert reached(p) == {"?": "content"}


def test_unknown_origin_never_passes_the_export_control_rule() -> None:
    text = _yaml("Ga", "metal_alloy", "US", "unknown", "unknown")
    result = api.assess(api.parse_profile(text, "p.yaml"), recommend=False)
    (f,) = [f for f in result.findings if f.rule_id == "ADV007"]
    assert f.status == "missing"
    assert f.message.endswith(
        "the profile does not give materials[0].suppliers[0].processing_countries, "
        "materials[0].suppliers[0].mining_countries"
    )
    where = (f.location.line, f.location.field)
    assert where == (13, "materials[0].suppliers[0].processing_countries")


def test_malaysian_processed_ndpr_oxide_gets_no_export_licence_finding() -> None:
    text = _yaml("Nd", "oxide_separated", "MY", "[AU]", "[MY]")
    result = api.assess(api.parse_profile(text, "p.yaml"), recommend=False)
    assert not [f for f in result.findings if f.category == "export-control"]
    assert result.assumptions == ()


def test_dy_bearing_ndfeb_from_china_gets_the_licence_finding_citing_ann18() -> None:
    text = _yaml("Nd", "magnet_component", "CN", "[CN]", "[CN]", content="{Dy: 3%}")
    result = api.assess(api.parse_profile(text, "p.yaml"), recommend=False)
    (f,) = [f for f in result.findings if f.rule_id == "ADV007"]
    assert f.status == "fired"
    assert "MOFCOM/GAC Ann. 18/2025, export licensing, all destinations (effective 2025-04-04)" in (
        f.message
    )


OTHER_READING = ("other reading: still suspended until 2027-01-10 "
                 "(mofcom_kl_extension_2026, us_treasury_truce_2026)")  # fmt: skip


def test_unknown_state_defaults_to_suspended_with_both_readings() -> None:
    """After Ann. 70/2025 ran out (2026-11-10) the state is unknown: by default advisor plans on
    the suspension continuing (to 2027-01-10), names the other reading, and fires nothing."""
    text = _yaml("Li", "product", "CN", "[CN]", "[CN]")
    result = api.assess(api.parse_profile(text, "p.yaml"), recommend=False)
    assert not [f for f in result.findings if f.rule_id == "ADV007" and f.status == "fired"]
    (x,) = result.assumptions
    assert (x.control, x.status, x.since) == ("cn-2025-ann58-battery", "suspended", "2026-11-10")
    assert "planning assumption: still suspended until 2027-01-10" in x.text
    assert "other reading: back in force (mofcom_ann70_2025" in x.text
    assert (result.planning.assume, result.planning.chosen) == ("suspended", False)


def test_assume_in_force_is_in_the_message_and_the_json_report() -> None:
    text = _yaml("Li", "product", "CN", "[CN]", "[CN]")
    ref = api.load_reference(assume="in-force")
    result = api.assess(api.parse_profile(text, "p.yaml"), None, ref, recommend=False)
    (f,) = [f for f in result.findings if f.rule_id == "ADV007"]
    assumption = (
        "status after 2026-11-10 not settled by a published instrument (data as of 2026-12-08); "
        f"planning assumption: back in force; {OTHER_READING}"
    )
    assert f"[assumption: {assumption}]" in f.message
    (x,) = result.assumptions
    assert (x.control, x.status, x.since, x.text, x.materials) == (
        "cn-2025-ann58-battery", "active", "2026-11-10", assumption, ("mat",)
    )  # fmt: skip
    report = api.render([result], "json")
    assert '"assumed_status": "active"' in report and assumption in report
    assert json.loads(report)["assessments"][0]["planning_assumption"]["assume"] == "in-force"
    assert "assumption: MOFCOM/GAC Ann. 58/2025" in api.render([result], "table")
    assert "## Assumptions about export controls" in api.render([result], "markdown")


@pytest.mark.parametrize("plan", [None, "suspended", "in-force"])
def test_every_report_states_the_planning_assumption(plan: str | None) -> None:
    text = _yaml("Ga", "metal_alloy", "CN", "[CN]", "[CN]")
    ref = api.load_reference(assume=plan)
    result = api.assess(api.parse_profile(text, "p.yaml"), None, ref)
    words = f"taken as {plan or 'suspended'} ({'chosen' if plan else 'default'}"
    for fmt in ("table", "markdown", "json", "sarif", "junit", "lines", "github"):
        report = api.render([result], fmt)
        if fmt == "sarif":
            assert f'"assume": "{plan or "suspended"}"' in report.replace("\n", ""), fmt
            assert f'"chosen": {"true" if plan else "false"}' in report, fmt
        else:
            assert words in report, fmt


def test_a_bad_planning_assumption_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--assume must be one of: suspended, in-force"):
        api.load_reference(assume="maybe")


def test_every_report_header_shows_the_data_as_of_date() -> None:
    result = api.assess(api.parse_profile(_yaml("W", "oxide_separated", "CN", "[CN]", "[CN]")))
    for fmt in ("table", "markdown", "json", "sarif", "junit", "lines", "github"):
        assert "2026.2 (as of 2026-12-08)" in api.render([result], fmt), fmt


def _yaml(
    mineral: str, stage: str, country: str, mining: str, processing: str, content: str = ""
) -> str:
    extra = f"\n    content: {content}" if content else ""
    return f"""\
version: 1
as_of: 2026-12-02
company: {{name: T, sector: industrial, headquarters: DE, currency: EUR}}
materials:
  - id: mat
    mineral: {mineral}
    form: test
    stage: {stage}{extra}
    annual_demand: {{quantity: 10, unit: t}}
    criticality: high
    suppliers:
      - {{id: s, name: S, country: {country}, mining_countries: {mining},
         processing_countries: {processing}, share: 1.0}}
"""


# -- the timeline -------------------------------------------------------------------------------
def test_a_suspension_that_ended_unrecorded_is_an_assumption(tmp_path: Path) -> None:
    """An override in the short form: after suspended_until nothing is recorded."""
    path = tmp_path / "short.yaml"
    path.write_text(
        "controls:\n"
        "  - {id: xx-test, country: CN, measure: Test, kind: licence, items: W items,\n"
        "     minerals: [W], effective: 2025-01-01, suspended_from: 2025-06-01,\n"
        "     suspended_until: 2025-09-01, source: mofcom_ann10_2025,\n"
        "     suspension_source: mofcom_ann10_2025, confidence: S}\n",
        encoding="utf-8",
    )
    ref = load_reference(str(path))

    def status(on: str, plan: str | None = None) -> tuple[str, bool]:
        found = ref.assuming(plan).controls("W", dt.date.fromisoformat(on))
        (c,) = [c for c in found if c.id == "xx-test"]
        return c.status, c.assumed

    assert status("2025-05-31") == ("active", False)
    assert status("2025-08-31") == ("suspended", False)
    assert status("2025-09-01") == ("suspended", True)  # the default planning assumption
    assert status("2025-09-01", "suspended") == ("suspended", True)
    assert status("2025-09-01", "in-force") == ("active", True)


def test_a_recorded_state_after_a_suspension_is_not_an_assumption(tmp_path: Path) -> None:
    path = tmp_path / "timeline.yaml"
    path.write_text(
        "controls:\n"
        "  - id: xx-test\n    country: CN\n    measure: Test\n    kind: licence\n"
        "    items: W items\n    covers: [{forms: [metal], minerals: [W]}]\n"
        "    effective: 2025-01-01\n    source: mofcom_ann10_2025\n    confidence: S\n"
        "    timeline:\n"
        "      - {state: suspended, date: 2025-06-01, until: 2025-09-01,\n"
        "         source: mofcom_ann10_2025}\n"
        "      - {state: lifted, date: 2025-09-01, source: mofcom_ann10_2025}\n",
        encoding="utf-8",
    )
    (c,) = [c for c in load_reference(str(path)).controls("W", DATA_DATE) if c.id == "xx-test"]
    assert (c.status, c.assumed, c.trade_factor) == ("lapsed", False, 1.0)


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("{state: suspended, date: 2025-06-01, source: mofcom_ann10_2025}", "needs until"),
        ("{state: in_force, date: 2025-06-01}", "needs its source"),
        ("{state: suspended, date: 2025-06-01, until: 2025-05-01, source: mofcom_ann10_2025}",
         "is not after date"),
        ("{state: replaced, date: 2025-06-01, replaced_by: xx-none, source: mofcom_ann10_2025}",
         "no control with id"),
    ],
)  # fmt: skip
def test_bad_states_are_rejected_with_their_line(tmp_path: Path, state: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "controls:\n"
        "  - id: xx-test\n    country: CN\n    measure: Test\n    kind: licence\n"
        "    items: W items\n    minerals: [W]\n    effective: 2025-01-01\n"
        f"    source: mofcom_ann10_2025\n    confidence: S\n    timeline:\n      - {state}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_reference(str(path))
    (line,) = caught.value.lines()
    assert line.startswith(f"{path}:12:") and "controls[0].timeline[0]" in line
    assert message in line


def test_the_built_in_file_needs_check_dates_and_a_basis_for_unknown_states() -> None:
    data = ReferenceFile.model_validate(
        {
            "sources": {"a": {"title": "T", "publisher": "P", "via": "v"}},
            "controls": [
                {
                    "id": "xx",
                    "country": "CN",
                    "measure": "M",
                    "kind": "licence",
                    "items": "I",
                    "effective": "2025-01-01",
                    "source": "a",
                    "confidence": "S",
                    "timeline": [{"state": "unknown", "date": "2025-06-01"}],
                }
            ],
        }
    )
    assert [path for path, _ in builtin_checks(data)] == [
        ("sources", "a"), ("controls", 0, "timeline", 0), ("controls", 0, "timeline", 0)
    ]  # fmt: skip
