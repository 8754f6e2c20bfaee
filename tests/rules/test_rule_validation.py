"""A rule pack is validated whole at load: every mistake is reported with file:line:col and the
field path, all at once, never as a rule that silently never fires. Also: three-valued logic,
overrides, disable and replace, and what evaluate() returns.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from itertools import product
from pathlib import Path

import pytest
import yaml

from advisor.errors import RuleError
from advisor.rules import conditions as cond
from advisor.rules.evaluate import evaluate
from advisor.rules.load import load_rules
from advisor.rules.text import format_value

DATA = Path(__file__).parents[1] / "data" / "rules"
BAD = DATA / "bad.yaml"


def _cases(kind: str) -> list[tuple[str, str, str]]:
    """(old, new, message) cases of *kind* from tests/data/rules/mistakes.yaml."""
    cases = yaml.safe_load((DATA / "mistakes.yaml").read_text("utf-8"))[kind]
    return [(c["old"], c["new"], c["message"]) for c in cases]


#: A minimal valid rule; tests replace parts of it.
RULE = """\
  - id: TST001
    name: low-cover
    title: Low cover
    category: stockpile
    severity: high
    scope: material
    parameters: {target_days: 90}
    when: {fact: days_of_cover, op: lt, value: {param: target_days}}
    message: "{material_id}: {days_of_cover} of cover, target {target_days}"
    action: build-strategic-stock
    recommendation: Raise it.
    rationale: Because.
    source: {references: ["test"]}
    examples: {fail: [{days_of_cover: 10}], pass: [{days_of_cover: 100}]}
"""


def advisor(*args: str) -> list[str]:
    """The command line that runs ``advisor ARGS`` in a fresh interpreter."""
    from advisor.cli import app

    if any(group.name == "rules" for group in app.registered_groups):
        return [sys.executable, "-m", "advisor", *args]
    # Until `rules` is wired into advisor.cli._register(): register it, then run main().
    shim = (
        "import sys; from advisor.cli import app, main, rules_cmds; "
        "rules_cmds.register(app); main(sys.argv[1:])"
    )
    return [sys.executable, "-c", shim, *args]


def write(tmp_path: Path, body: str, name: str = "pack.yaml", pack: str = "test-pack") -> str:
    """A pack file in *tmp_path* with *body* under its header; returns its path."""
    path = tmp_path / name
    path.write_text(f"pack: {pack}\nversion: 1\n" + textwrap.dedent(body), encoding="utf-8")
    return str(path)


def problems(*paths: str, builtin: bool = True) -> list[str]:
    """The rendered problems of loading *paths*; fails if they load."""
    with pytest.raises(RuleError) as caught:
        load_rules(list(paths), include_builtin=builtin)
    return caught.value.lines()


def rule_with(tmp_path: Path, old: str, new: str) -> list[str]:
    """Problems of a pack whose one rule has *old* replaced by *new*."""
    assert old in RULE
    return problems(write(tmp_path, "rules:\n" + RULE.replace(old, new)))


# -- one pack with one of each mistake --------------------------------------------------------

#: What loading tests/data/rules/bad.yaml reports: position, field path, and the message.
EXPECTED = [
    ("15:18", "rules[0].when.fact", "unknown fact 'top_contry_share' (did you mean 'top_country_"),
    ("30:52", "rules[1].when.all[0].value", "top_country_share is a share (0 to 1) but the value "),
    ("31:46", "rules[1].when.all[1].value", "'in' needs a list of values, got the text 'high'"),
    (
        "32:52",
        "rules[1].when.all[2].value",
        "magnet_rare_earth is true/false; 'gt' compares numbers",
    ),
    ("45:37", "rules[2].when.op", "unknown operator 'gte' (did you mean 'ge'?)"),
    ("59:56", "rules[3].when.value.param", "unknown parameter 'target_day' (did you mean 'target_"),
    ("73:14", "rules[4].message", "placeholder {days_cover} is neither a fact visible to a mat"),
    ("79:9", "rules[5].id", "'BAD005' is also used by rules[4]"),
    ("96:15", "rules[6].severity", "'yes' is not one of: info, low, medium, high, critical"),
    ("109:15", "rules[7].severity", "got the boolean true"),
    ("126:13", "rules[8].action", "unknown action 'call-suplier' (did you mean 'call-supplier'?)"),
]


def test_every_mistake_in_a_pack_is_reported_at_once_with_its_position() -> None:
    lines = problems(str(BAD), builtin=False)
    assert len(lines) == len(EXPECTED)
    for line, (where, field, message) in zip(lines, EXPECTED, strict=True):
        assert line.startswith(f"{BAD}:{where}: {field}: "), line
        assert message in line


def test_rules_test_on_a_bad_pack_exits_2_without_traceback() -> None:
    run = subprocess.run(
        advisor("rules", "test", str(BAD)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert f"{BAD}:15:18: rules[0].when.fact: unknown fact 'top_contry_share'" in run.stderr
    assert len(run.stderr.splitlines()) == len(EXPECTED)


# -- more mistakes, one at a time -------------------------------------------------------------

MISTAKES = _cases("rule")


@pytest.mark.parametrize("old, new, message", MISTAKES, ids=[m[2][:40] for m in MISTAKES])
def test_each_mistake_is_rejected_with_a_clear_message(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    lines = rule_with(tmp_path, old, new)
    assert any(message in line for line in lines), lines
    assert all(line.startswith(str(tmp_path)) and ":" in line for line in lines)


def test_a_reused_id_across_packs_is_rejected_unless_replaced(tmp_path: Path) -> None:
    first = write(tmp_path, "rules:\n" + RULE, "a.yaml", "first")
    second = write(tmp_path, "rules:\n" + RULE.replace("low-cover", "other"), "b.yaml", "second")
    lines = problems(first, second)
    assert len(lines) == 1 and "rule id TST001 is already used by pack 'first'" in lines[0]
    assert lines[0].startswith(f"{second}:4:9: rules[0].id: ")
    replacing = RULE.replace("low-cover", "other").replace(
        "    title:", "    replace: true\n    title:"
    )
    third = write(tmp_path, "rules:\n" + replacing, "c.yaml", "third")
    ruleset = load_rules([first, third])
    assert ruleset.find("TST001").name == "other"  # type: ignore[union-attr]
    assert ruleset.find("low-cover") is None


def test_the_same_pack_name_twice_is_rejected(tmp_path: Path) -> None:
    first = write(tmp_path, "rules:\n" + RULE, "a.yaml")
    second = write(tmp_path, "rules: []\n", "b.yaml")
    assert any(
        "a pack named 'test-pack' is already loaded" in line for line in problems(first, second)
    )


def test_a_missing_file_and_an_empty_folder_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    lines = problems(str(tmp_path / "nope.yaml"), str(tmp_path / "empty"))
    assert any("nope.yaml:1:1: <document>: cannot read" in line for line in lines)
    assert any("empty:1:1: <document>: no rule packs (*.yaml) here" in line for line in lines)


def test_a_folder_loads_its_packs_in_name_order(tmp_path: Path) -> None:
    write(tmp_path, "rules:\n" + RULE.replace("TST001", "TST002"), "b.yaml", "second")
    write(tmp_path, "rules:\n" + RULE.replace("low-cover", "b-rule"), "a.yml", "first")
    ruleset = load_rules([str(tmp_path)])
    assert [p.name for p in ruleset.packs] == ["builtin", "first", "second"]
    assert [p.origin for p in ruleset.packs[1:]] == [
        str(tmp_path / "a.yml"),
        str(tmp_path / "b.yaml"),
    ]


# -- overrides, disable, aliases --------------------------------------------------------------

OVERRIDE = """\
overrides:
  ADV010: {parameters: {target_days: 120}, severity: critical}
disable: [ADV012]
"""


def test_overrides_change_parameters_and_severity_and_disable_removes(tmp_path: Path) -> None:
    ruleset = load_rules([write(tmp_path, OVERRIDE)])
    rule = ruleset.find("ADV010")
    assert (
        rule is not None and rule.parameters["target_days"] == 120 and rule.severity == "critical"
    )
    assert rule.defaults["target_days"] == 90
    assert rule.notes == (
        "test-pack: target_days 90 days → 120 days",
        "test-pack: severity high → critical",
    )
    assert evaluate(rule, {"mineral": "Nd", "days_of_cover": 100.0}).status == "fired"
    assert ruleset.find("ADV012") is None and ruleset.disabled == {"ADV012": "test-pack"}
    assert "ADV012" not in [r.id for r in ruleset.rules]


OVERRIDE_MISTAKES = _cases("override")


@pytest.mark.parametrize(
    "old, new, message", OVERRIDE_MISTAKES, ids=[m[0] for m in OVERRIDE_MISTAKES]
)
def test_override_mistakes_are_rejected(tmp_path: Path, old: str, new: str, message: str) -> None:
    lines = problems(write(tmp_path, OVERRIDE.replace(old, new)))
    assert any(message in line for line in lines), lines


def test_a_rule_is_found_by_id_name_and_alias(tmp_path: Path) -> None:
    aliased = RULE.replace("    title:", "    aliases: [TST000, old-low-cover]\n    title:")
    ruleset = load_rules([write(tmp_path, "rules:\n" + aliased)])
    for key in ("TST001", "tst001", "low-cover", "TST000", "old-low-cover"):
        assert ruleset.find(key) is ruleset.rules[-1], key
    assert ruleset.find("ADV001") is ruleset.rules[0]
    assert ruleset.suggest("low-covr") == "low-cover"


# -- three-valued logic -----------------------------------------------------------------------

T, F, U = True, False, None
COMPARE = {T: ("a", 1.0), F: ("a", 5.0), U: ("a", None)}  # fact a < 2


def leaf(name: str) -> cond.Compare:
    return cond.Compare(fact=name, op="lt", value=2.0)


def facts_for(*values: bool | None) -> dict[str, object]:
    return {f"f{i}": {T: 1.0, F: 5.0, U: None}[v] for i, v in enumerate(values)}


@pytest.mark.parametrize("a, b", list(product([T, F, U], repeat=2)))
def test_all_any_not_follow_three_valued_logic(a: bool | None, b: bool | None) -> None:
    facts = facts_for(a, b)
    both = (leaf("f0"), leaf("f1"))
    expected_all = F if F in (a, b) else U if U in (a, b) else T
    expected_any = T if T in (a, b) else U if U in (a, b) else F
    value, missing = cond.truth(cond.AllOf(parts=both), facts, {})
    assert value is expected_all
    assert missing == (
        frozenset(n for n, v in (("f0", a), ("f1", b)) if v is U) if value is U else frozenset()
    )
    assert cond.truth(cond.AnyOf(parts=both), facts, {})[0] is expected_any
    assert cond.truth(cond.Not(part=leaf("f0")), facts, {})[0] is (None if a is U else not a)


def test_known_and_unknown_are_never_unknown() -> None:
    assert cond.truth(cond.Compare(fact="a", op="unknown"), {}, {}) == (True, frozenset())
    assert cond.truth(cond.Compare(fact="a", op="known"), {"a": 0.0}, {}) == (True, frozenset())


def test_a_fact_to_fact_comparison_names_both_unknown_facts() -> None:
    c = cond.Compare(fact="a", op="lt", value=cond.Ref(kind="fact", name="b"))
    assert cond.truth(c, {}, {}) == (None, frozenset({"a", "b"}))
    assert cond.truth(c, {"a": 1.0, "b": 2.0}, {}) == (True, frozenset())


# -- evaluate ---------------------------------------------------------------------------------


def test_evaluate_fills_the_message_and_reports_evidence_exposure_and_gap() -> None:
    rule = load_rules().find("single-source")
    assert rule is not None
    facts = {"qualified_supplier_count": 1.0, "criticality": "high", "material_id": "ndfeb",
             "top_supplier_share": 0.72, "country_loss_country": "CN",
             "supplier_loss_cover": ""}  # fmt: skip
    out = evaluate(rule, facts)
    assert out.status == "fired" and out.missing == ()
    assert (
        out.message
        == "ndfeb (high criticality): 1 qualified supplier(s); policy asks for at least 2"
    )
    assert "does not pass through CN" in out.recommendation
    assert out.evidence == facts  # every fact it read, in the order it read them
    assert list(out.evidence) == ["qualified_supplier_count", "criticality", "material_id",
                                  "country_loss_country", "top_supplier_share",
                                  "supplier_loss_cover"]  # fmt: skip
    assert out.exposure == 0.72 and out.gap == 0.5


def test_evaluate_reports_missing_data_naming_the_unknown_facts() -> None:
    rule = load_rules().find("ADV004")
    assert rule is not None
    out = evaluate(rule, {"top_country": "US"})
    assert out.status == "missing"
    assert out.missing == ("processing_foreign_top_country_share",)
    assert out.exposure == 1.0 and out.gap is None
    assert "unknown" in out.message


def test_gap_above_uses_the_share_ceiling_and_an_explicit_one() -> None:
    ruleset = load_rules()
    country = ruleset.find("ADV003")
    hhi = ruleset.find("ADV006")
    assert country is not None and hhi is not None
    assert evaluate(country, {"foreign_top_country_share": 0.9}).gap == 0.5  # (0.9-0.8)/(1-0.8)
    assert evaluate(hhi, {"supplier_count": 2.0, "supplier_hhi": 7500.0}).gap == 0.5


@pytest.mark.parametrize(
    "fact, value, text",
    [
        ("top_country_share", 0.72, "72%"),
        ("top_country_share", 0.155, "15.5%"),
        ("days_of_cover", 20.0, "20 days"),
        ("days_of_cover", 1.0, "1 day"),
        ("supplier_hhi", 5200.4, "5,200"),
        ("supplier_count", 3.0, "3"),
        ("annual_spend", 1234567.4, "1,234,567"),
        ("annual_demand_t", 12.5, "12.5 t"),
        ("controlled_countries", ["CN", "MM"], "CN, MM"),
        ("controlled_countries", [], "none"),
        ("magnet_rare_earth", True, "yes"),
        ("days_of_cover", None, "unknown"),
        ("eu_supply_risk", 4.5, "4.5"),
    ],
)
def test_format_value_by_unit(fact: str, value: object, text: str) -> None:
    assert format_value(fact, value) == text


def test_problems_in_valid_parts_of_an_invalid_pack_are_reported_too(tmp_path: Path) -> None:
    body = RULE.replace("severity: high", "severity: yes").replace(
        "{param: target_days}", "{param: days}"
    )
    text = "overrides:\n  ADV010: {parameters: {target_dais: 1}}\nrules:\n" + body
    lines = problems(write(tmp_path, text))
    assert len(lines) == 3, lines
    assert "overrides.ADV010.parameters.target_dais: ADV010 has no parameter" in lines[0]
    assert "rules[0].severity: 'yes' is not one of" in lines[1]
    assert "rules[0].when.value.param: unknown parameter 'days'" in lines[2]
