"""A what-if re-assessment takes unchanged suppliers from the baseline: never a different answer.

:mod:`advisor.engine.advise.reuse` lets a modelled action skip the suppliers it did not change. The
recommendations (what they remove, in which order, with which notes) must be exactly those of
re-assessing every supplier, on generated profiles, on the bundled examples, and with a rule
pack whose supplier rules read the material and company facts that actions change (stock,
supplier spread, clauses, programmes), where taking the baseline's findings would be wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from generated_profiles import PROPERTY, REF, RULES, build, profile_data
from hypothesis import given

from advisor.engine.advise.reuse import Reuse
from advisor.engine.assess.evaluate import evaluate
from advisor.engine.assess.facts import derive
from advisor.engine.pipeline import assess
from advisor.profile.build import profile_from
from advisor.rules.load import load_rules
from advisor.rules.packs import RuleSet
from advisor.yaml.loader import load_file

EXAMPLES_DIR = Path(__file__).parents[2] / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))

#: Supplier rules that read what the modelled actions change: the material's stock and
#: supplier spread, the company's programmes, a deadline.
PACK = """\
pack: reads-the-material
version: 1
rules:
  - id: RM001
    name: big-supplier-thin-stock
    title: A large supplier of a material with little stock
    category: stockpile
    severity: high
    scope: supplier
    when:
      all:
        - {fact: supplier_share, op: ge, value: 0.3}
        - {fact: days_of_cover, op: lt, value: 90}
    message: "{supplier_id} supplies {supplier_share} of {material_id}, {days_of_cover} of cover"
    action: build-strategic-stock
    recommendation: "Stock up."
    rationale: "A test rule."
    source: {references: ["tests/engine/test_reuse.py"]}
    examples:
      fail: [{supplier_share: 0.5, days_of_cover: 10, supplier_id: a, material_id: m}]
      pass: [{supplier_share: 0.1, days_of_cover: 10}]
  - id: RM002
    name: supplier-of-a-concentrated-material
    title: A supplier of a material bought mostly from one supplier
    category: concentration
    severity: medium
    scope: supplier
    when:
      any:
        - {fact: top_supplier_share, op: gt, value: 0.5}
        - {fact: dual_source_clause_share, op: lt, value: 0.5}
        - {fact: supplier_count, op: lt, value: 2}
    exposure: top_supplier_share
    message: "{supplier_id}: {material_id} is concentrated"
    action: add-second-source
    recommendation: "Spread the volume."
    rationale: "A test rule."
    source: {references: ["tests/engine/test_reuse.py"]}
    examples:
      fail:
        - {top_supplier_share: 0.9, dual_source_clause_share: 1, supplier_count: 3,
           supplier_id: a, material_id: m}
      pass: [{top_supplier_share: 0.3, dual_source_clause_share: 1, supplier_count: 3}]
  - id: RM003
    name: supplier-without-programmes
    title: A supplier of a company with no stockpile policy or research partnership
    category: research
    severity: medium
    scope: supplier
    when:
      any:
        - {fact: stockpile_policy, op: eq, value: false}
        - {fact: research_partnerships, op: lt, value: 1}
    message: "{supplier_id}: no company programmes"
    action: partner-on-alternatives
    recommendation: "Start a programme."
    rationale: "A test rule."
    source: {references: ["tests/engine/test_reuse.py"]}
    examples:
      fail: [{stockpile_policy: false, research_partnerships: 2, supplier_id: a}]
      pass: [{stockpile_policy: true, research_partnerships: 2}]
"""


def _everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-assess every supplier, as before :mod:`advisor.engine.advise.reuse`."""
    monkeypatch.setattr(Reuse, "same", lambda self, profile, index: (frozenset(), frozenset()))


def _recommendations(data: Any, rules: RuleSet, doc: Any = None) -> tuple[Any, ...]:
    profile = data if doc is not None else build(data)
    return assess(profile, rules, REF, doc).recommendations


@pytest.fixture(scope="module")
def pack_rules(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    path = tmp_path_factory.mktemp("pack") / "reads-the-material.yaml"
    path.write_text(PACK, encoding="utf-8")
    return load_rules([str(path)])


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_examples_get_the_recommendations_of_a_whole_reassessment(
    example: Path, pack_rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = load_file(str(example))
    profile = profile_from(doc)
    for rules in (RULES, pack_rules):
        reused = _recommendations(profile, rules, doc)
        with monkeypatch.context() as m:
            _everything(m)
            whole = _recommendations(profile, rules, doc)
        assert reused == whole
        assert reused  # the examples have something to do


def test_a_pack_reading_material_facts_sees_them_change(pack_rules: RuleSet) -> None:
    """The pack's supplier rules fire on the example, so the comparisons above compare
    actions that change what those rules read."""
    doc = load_file(str(EXAMPLES_DIR / "ev-motor-maker.yaml"))
    result = assess(profile_from(doc), pack_rules, REF, doc)
    fired = {f.rule_id for f in result.findings if f.scope == "supplier"}
    assert {"RM001", "RM002", "RM003"} <= fired


@PROPERTY
@given(data=profile_data())
def test_generated_profiles_get_the_recommendations_of_a_whole_reassessment(
    data: dict[str, Any], pack_rules: RuleSet
) -> None:
    for rules in (RULES, pack_rules):
        reused = _recommendations(data, rules)
        with pytest.MonkeyPatch.context() as m:
            _everything(m)
            whole = _recommendations(data, rules)
        assert reused == whole


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_suppliers_carry_every_material_fact_their_rules_read(
    example: Path, pack_rules: RuleSet
) -> None:
    """An assessment gives each supplier only the material and company facts its rules read:
    the findings are those of suppliers that carry every fact."""
    doc = load_file(str(example))
    profile = profile_from(doc)
    for rules in (RULES, pack_rules):
        whole = evaluate(derive(profile, REF), rules, doc)
        assert list(assess(profile, rules, REF, doc, recommend=False).findings) == whole
