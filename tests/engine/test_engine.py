"""evaluate → findings → Assessment: missing data is reported, findings point at profile lines,
scores add up as documented, and the same profile always gives the same assessment."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.engine.assess.evaluate import evaluate, problem_scores
from advisor.engine.assess.facts import derive
from advisor.engine.assess.model import Assessment
from advisor.engine.assess.scoring import company_score, subject_score
from advisor.engine.pipeline import assess
from advisor.profile.build import load_profile
from advisor.reference.load import load_reference
from advisor.rules.load import load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules()
REF = load_reference()

#: A well-run buyer of NdFeB magnets: three suppliers in three countries, fixed-price long-term
#: contracts with dual-source clauses, a stockpile policy, recycling and research. With its
#: inventory line it has no findings at all; line numbers are used below.
CLEAN = """\
version: 1
as_of: 2026-06-30
company:
  name: Lagerlos GmbH
  sector: ev_motors
  headquarters: DE
  currency: EUR
materials:
  - id: magnets
    mineral: Nd
    form: NdFeB sintered magnet
    stage: magnet_component
    annual_demand: {quantity: 100, unit: t}
    inventory: {days_of_cover: 120}
    recycled_share: 30%
    criticality: low
    suppliers:
      - id: au-magnets
        name: Southern Magnets Pty Ltd
        country: AU
        mining_countries: [AU]
        processing_countries: [AU]
        share: 40%
        qualification_days: 120
        contract: {type: long_term, end: 2030-12-31, dual_source_clause: true, price_basis: fixed}
      - id: us-magnets
        name: Prairie Magnetics Inc.
        country: US
        mining_countries: [US]
        processing_countries: [US]
        share: 30%
        qualification_days: 150
        contract: {type: long_term, end: 2030-12-31, dual_source_clause: true, price_basis: fixed}
      - id: ca-magnets
        name: Laurentian Magnet Works Ltd.
        country: CA
        mining_countries: [CA]
        processing_countries: [CA]
        share: 30%
        qualification_days: 150
        contract: {type: long_term, end: 2030-12-31, dual_source_clause: true, price_basis: fixed}
programmes:
  stockpile: {target_days: 90, minerals: [Nd]}
  recycling: {in_house_recovery_rate: 20%}
  research_partnerships:
    - {partner: TU Example, topic: ferrite motors, minerals: [Nd], alternative_chemistry: true}
"""
INVENTORY = "    inventory: {days_of_cover: 120}\n"


def run(tmp_path: Path, text: str, name: str = "profile.yaml") -> Assessment:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    profile, doc = load_profile(str(path))
    return assess(profile, RULES, REF, doc, recommend=False)


def example(name: str) -> Assessment:
    profile, doc = load_profile(str(ROOT / "examples" / f"{name}.yaml"))
    return assess(profile, RULES, REF, doc, recommend=False)


def by_rule(result: Assessment) -> dict[str, str]:
    return {f.rule_id: f.status for f in result.findings}


# -- missing data -------------------------------------------------------------------------------


def test_the_clean_profile_has_no_findings(tmp_path: Path) -> None:
    result = run(tmp_path, CLEAN)
    assert result.findings == ()
    assert (result.score.value, result.band) == (0, "low")


def test_without_inventory_the_stock_rules_report_missing_data(tmp_path: Path) -> None:
    result = run(tmp_path, CLEAN.replace(INVENTORY, ""))
    assert by_rule(result) == {"ADV010": "missing", "ADV012": "missing", "ADV013": "missing"}
    missing = {f.rule_id: f.missing for f in result.findings}
    assert missing["ADV010"] == missing["ADV012"] == ("days_of_cover",)
    for f in result.findings:
        assert f.message.startswith("magnets: cannot check '")
        assert f.score.terms[-1].name == "evidence"
        assert f.score.terms[-1].value == 0.5


def test_missing_data_is_never_called_clean(tmp_path: Path) -> None:
    result = run(tmp_path, CLEAN.replace(INVENTORY, ""))
    assert result.counts() == {"critical": 0, "high": 2, "medium": 1, "low": 0, "info": 0}
    (magnets,) = result.materials
    assert magnets.score > 0
    assert magnets.findings == 3
    assert result.score.value > 0


def test_a_missing_data_finding_points_at_the_material_to_complete(tmp_path: Path) -> None:
    result = run(tmp_path, CLEAN.replace(INVENTORY, ""))
    stock = next(f for f in result.findings if f.rule_id == "ADV010")
    assert (stock.location.file, stock.location.line, stock.location.field) == (
        str(tmp_path / "profile.yaml"),
        9,
        "materials[0]",
    )


def test_a_rule_that_needs_only_known_facts_is_decided(tmp_path: Path) -> None:
    """Unknown stock does not make a rule undecidable when another part already decides it."""
    result = run(tmp_path, CLEAN.replace(INVENTORY, ""))
    assert "ADV009" not in by_rule(result)  # nothing is export-controlled: false either way


def test_a_missing_data_finding_explains_the_exposure_it_used(tmp_path: Path) -> None:
    """40% of the dysprosium is under licence and the stock is unknown: the licence-delay rule
    (ADV009) cannot be decided. Its explanation must not name a fact with another value than
    the one it multiplied by.

    BUG: the missing-data score uses exposure 1.0 but labels it "controlled_share", which is
    0.4 (--explain prints "exposure 1 (controlled_share)").
    """
    text = CLEAN.replace(INVENTORY, "").replace("mineral: Nd", "mineral: Dy")
    text = text.replace("minerals: [Nd]", "minerals: [Dy]")
    text = text.replace("processing_countries: [AU]", "processing_countries: [CN]")
    result = run(tmp_path, text)
    (f,) = [f for f in result.findings if f.rule_id == "ADV009"]
    assert (f.status, f.evidence["controlled_share"]) == ("missing", 0.4)
    exposure = next(t for t in f.score.terms if t.name == "exposure")
    assert exposure.basis != "controlled_share" or exposure.value == 0.4, f.score.explain()


# -- findings point at the line to edit ---------------------------------------------------------


def test_findings_point_at_the_profile_field_behind_their_numbers(tmp_path: Path) -> None:
    text = CLEAN.replace("days_of_cover: 120", "days_of_cover: 20").replace(
        "recycled_share: 30%", "recycled_share: 5%"
    )
    result = run(tmp_path, text)
    where = {f.rule_id: (f.location.line, f.location.field) for f in result.findings}
    assert where["ADV010"] == (14, "materials[0].inventory")
    assert where["ADV012"] == (14, "materials[0].inventory")
    assert where["ADV017"] == (15, "materials[0].recycled_share")
    assert all(f.location.file == str(tmp_path / "profile.yaml") for f in result.findings)


def test_a_supplier_finding_points_at_the_supplier_contract_it_asks_to_change(
    tmp_path: Path,
) -> None:
    """Dysprosium (licensed by China since April 2025); the first supplier moves to China and
    drops its dual-source clause."""
    text = CLEAN.replace("mineral: Nd", "mineral: Dy").replace("minerals: [Nd]", "minerals: [Dy]")
    first = text.index("      - id: au-magnets")
    head, rest = text[:first], text[first:]
    rest = rest.replace("au-magnets", "cn-magnets", 1).replace("[AU]", "[CN]", 2)
    rest = rest.replace("country: AU", "country: CN", 1)
    rest = rest.replace("dual_source_clause: true", "dual_source_clause: false", 1)
    result = run(tmp_path, head + rest)
    (f,) = [f for f in result.findings if f.rule_id == "ADV026"]
    assert (f.subject, f.material, f.supplier) == ("magnets/cn-magnets", "magnets", "cn-magnets")
    assert (f.location.line, f.location.field) == (25, "materials[0].suppliers[0].contract")
    assert f.evidence["supplier_share"] == 0.4
    assert f.score.terms[1].value == 0.4  # exposure: the supplier's share
    assert f.message.startswith("cn-magnets (CN) supplies 40% of magnets")
    assert f.evidence["controlled_countries"] == ["CN"]


# -- scores add up --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ev-motor-maker", "wind-turbine-maker", "battery-maker"])
def test_material_and_company_scores_are_aggregates_of_the_findings(name: str) -> None:
    result = example(name)
    for m in result.materials:
        own = [f for f in result.findings if f.material == m.id]
        assert m.findings == len(own)
        assert m.score == subject_score((f.cause, f.score.value) for f in own)
        assert m.top_finding == own[0].title
    company = [(f.cause, f.score.value) for f in result.findings if f.material is None]
    materials = [m.score for m in result.materials]
    assert result.score == company_score(materials, problem_scores(company))
    assert result.score.value >= max(materials)  # never lower than the worst material
    assert sum(result.counts().values()) == len(result.findings)


def test_findings_are_sorted_by_score_then_severity_rule_and_subject() -> None:
    findings = example("wind-turbine-maker").findings
    assert list(findings) == sorted(findings, key=lambda f: f.sort_key)
    assert findings[0].score.value >= findings[-1].score.value


def test_evaluate_skips_passing_rules_and_rules_of_other_scopes() -> None:
    profile, doc = load_profile(str(ROOT / "examples" / "battery-maker.yaml"))
    subjects = derive(profile, REF)
    findings = evaluate(subjects, RULES, doc)
    assert {f.rule_id for f in findings} == {"ADV013", "ADV017", "ADV021"}
    assert all(f.scope == "material" for f in findings)


def test_the_same_profile_always_gives_the_same_assessment() -> None:
    assert example("electronics-maker") == example("electronics-maker")


def test_versions_and_stale_reference_notes_are_recorded() -> None:
    result = example("ev-motor-maker")
    assert result.versions["rules"] == "builtin v1"
    assert result.stale and len(set(result.stale)) == len(result.stale)
    assert any("rare earths refining shares" in note for note in result.stale)
    assert example("battery-maker").stale != result.stale  # notes only for minerals bought


def test_a_rule_pack_override_changes_parameters_severity_and_disables() -> None:
    policy = load_rules([str(ROOT / "examples" / "rules" / "company-policy.yaml")])
    profile, doc = load_profile(str(ROOT / "examples" / "ev-motor-maker.yaml"))
    result = assess(profile, policy, REF, doc, recommend=False)
    stock = [f for f in result.findings if f.rule_id == "ADV010"]
    assert stock and all(f.severity == "critical" for f in stock)
    assert all("the just-in-case target is 120 days" in f.message for f in stock)
    assert "ADV017" not in {f.rule_id for f in result.findings}
    assert result.counts()["critical"] == len(stock)
    assert result.score.value >= example("ev-motor-maker").score.value
