"""Every report says which rules ran, and a run with no active rule is refused (exit 2).

A pack may disable built-in rules, but then every format of `assess` and `check` says so, with
the pack that did it; disabling them all, or `--no-builtin` with a pack of no rules, is never
"no findings" and exit 0.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import advisor

from advisor import api
from advisor.errors import UsageError
from advisor.rules.load import builtin_count

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ev-motor-maker.yaml"
TOTAL = builtin_count()


@pytest.fixture
def pack(tmp_path: Path) -> Callable[[str], Path]:
    def write(body: str, name: str = "policy") -> Path:
        path = tmp_path / f"{name}.yaml"
        path.write_text(f"version: 1\npack: {name}\n{body}", encoding="utf-8")
        return path

    return write


def all_builtin_ids() -> list[str]:
    return [rule.id for rule in api.load_rules().rules]


@pytest.mark.parametrize("command", ["assess", "check"])
@pytest.mark.parametrize("fmt", ["table", "lines", "markdown", "github", "sarif", "junit"])
def test_every_human_format_names_the_disabled_rules_and_their_pack(
    capsys: pytest.CaptureFixture[str], pack: Callable[[str], Path], command: str, fmt: str
) -> None:
    policy = pack("disable: [ADV001, ADV003]\n", "relaxed")
    code, out, _ = advisor(
        capsys, command, EXAMPLE, "--rules", policy, "-f", fmt, "--fail-on", "none"
    )
    assert code == 0
    expected = f"{TOTAL - 2} of {TOTAL} built-in active; disabled by pack relaxed: ADV001, ADV003"
    assert expected in out.replace("\\", "")


def test_json_states_which_rules_ran(
    capsys: pytest.CaptureFixture[str], pack: Callable[[str], Path]
) -> None:
    extra = pack("disable: [ADV002]\n", "relaxed")
    code, out, _ = advisor(capsys, "check", EXAMPLE, "--rules", extra, "-f", "json")
    assert code == 1
    (assessment,) = json.loads(out)["assessments"]
    assert assessment["rules_run"] == {
        "active": TOTAL - 1,
        "active_builtin": TOTAL - 1,
        "builtin": TOTAL,
        "builtin_loaded": True,
        "disabled": [{"rule_id": "ADV002", "pack": "relaxed"}],
        "packs": [{"pack": "relaxed", "file": str(extra)}],
    }


def test_the_default_run_says_every_built_in_rule_ran(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = advisor(capsys, "check", EXAMPLE, "--fail-on", "none")
    assert code == 0
    # every built-in rule ran; the flag that switched the gate off is said too
    assert f"rules: {TOTAL} of {TOTAL} built-in active; gate off: fail-on none (flag)\n" in out


def test_no_builtin_says_so_and_counts_the_other_packs(pack: Callable[[str], Path]) -> None:
    own = pack(
        "actions:\n  act: {title: Act, horizon: months}\nrules:\n"
        "  - {id: OWN001, name: own-rule, title: Own, category: stockpile, severity: low,\n"
        "     scope: material, when: {fact: days_of_cover, op: lt, value: 90},\n"
        "     message: short, recommendation: r, action: act, rationale: why,\n"
        "     source: {references: [internal]}, examples: {fail: [{days_of_cover: 10}],\n"
        "     pass: [{days_of_cover: 100}]}}\n",
        "own",
    )
    run = api.assess_all([EXAMPLE], api.load_rules([own], builtin=False), recommend=False)
    text = run.rules_run.text()
    assert text == (
        f"rules: 0 of {TOTAL} built-in active (built-in pack not loaded), 1 from other packs"
    )
    assert run.assessments[0].rules_run == run.rules_run


@pytest.mark.parametrize("fail_on", ["info", "none"])
def test_disabling_every_rule_is_refused_not_clean(
    capsys: pytest.CaptureFixture[str], pack: Callable[[str], Path], fail_on: str
) -> None:
    off = pack(f"disable: [{', '.join(all_builtin_ids())}]\n", "off")
    for command in ("assess", "check"):
        code, out, err = advisor(capsys, command, EXAMPLE, "--rules", off, "--fail-on", fail_on)
        assert (code, out) == (2, "")
        assert err.startswith(f"no rule is active (rules: 0 of {TOTAL} built-in active; ")
        assert "disabled by pack off: ADV001, ADV002" in err


def test_no_builtin_with_an_empty_pack_is_refused(
    capsys: pytest.CaptureFixture[str], pack: Callable[[str], Path]
) -> None:
    empty = pack("rules: []\n", "empty")
    code, out, err = advisor(capsys, "check", EXAMPLE, "--no-builtin", "--rules", empty)
    assert (code, out) == (2, "")
    assert "no rule is active" in err
    with pytest.raises(UsageError, match="no rule is active"):
        api.assess(api.load_profile(EXAMPLE), api.load_rules([empty], builtin=False))


def test_sarif_shows_disabled_rules_to_code_scanning(
    capsys: pytest.CaptureFixture[str], pack: Callable[[str], Path]
) -> None:
    from jsonschema.validators import validator_for

    policy = pack("disable: [ADV001]\n", "relaxed")
    code, out, _ = advisor(capsys, "check", EXAMPLE, "--rules", policy, "-f", "sarif")
    assert code == 1
    document = json.loads(out)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    validator_for(schema)(schema).validate(document)
    (invocation,) = document["runs"][0]["invocations"]
    (note,) = invocation["toolConfigurationNotifications"]
    assert note["level"] == "warning"
    assert "disabled by pack relaxed: ADV001" in note["message"]["text"]
    assert invocation["ruleConfigurationOverrides"] == [
        {"descriptor": {"id": "ADV001"}, "configuration": {"enabled": False},
         "properties": {"disabledBy": "relaxed"}}
    ]  # fmt: skip
