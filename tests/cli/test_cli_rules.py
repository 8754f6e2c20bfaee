"""`advisor rules list|show|test|facts` as a user runs them, without a terminal (the command
line in this process)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_support import run_in

from advisor.rules.load import load_rules

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "examples" / "rules" / "company-policy.yaml"
BAD = ROOT / "tests" / "data" / "rules" / "bad.yaml"
RENAMED = ROOT / "tests" / "data" / "rules" / "renamed.yaml"


def advisor(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run advisor without a terminal, as CI does (in this process)."""
    return run_in(cwd or Path.cwd(), *args)


def test_list_shows_every_builtin_rule_in_80_columns_of_plain_text(tmp_path: Path) -> None:
    run = advisor("rules", "list", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["id", "severity", "category", "title"]
    assert sum(line.startswith("ADV") for line in lines) == len(load_rules().rules)
    assert "ADV001  high      diversification  Material depends on a single" in run.stdout
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines)
    assert "\x1b[" not in run.stdout


def test_list_with_a_user_pack_and_without_the_builtin() -> None:
    run = advisor("rules", "list", "--rules", str(POLICY))
    assert run.returncode == 0, run.stderr
    assert "ACME001" in run.stdout and "ADV017" not in run.stdout  # disabled by the pack
    rows = {
        line.split()[0]: line.split() for line in run.stdout.splitlines()[1:] if line[:1] != " "
    }
    assert rows["ADV010"][1] == "critical"  # severity overridden
    alone = advisor("rules", "list", "--no-builtin", "--rules", str(BAD))
    assert alone.returncode == 2 and "Traceback" not in alone.stderr


def test_show_prints_everything_about_a_rule() -> None:
    run = advisor("rules", "show", "ADV010")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for text in (
        "ADV010  stock-below-target",
        "severity    high",
        "pack        builtin (rules/builtin.yaml:",
        "  all of:\n    mineral in stockpile_minerals ([Nd, Dy, Tb])\n"
        "    days_of_cover < target_days (90 days)",
        "  target_days = 90 days",
        "  gap: days_of_cover below target_days (90 days)",
        "build-strategic-stock: Raise stock to cover the time it takes to recover\n"
        "    (months; model",
        "whose: advisor default policy (policy); applies to every company",
        "Rationale\n  The seed article recommends a 90-day just-in-case inventory",
        "seed: H2: Practical Tips for U.S. Companies Facing the Rare‑Earth Gap",
        "reference: JOGMEC",
        "fail-0 (fires on): {mineral: Nd, days_of_cover: 20}",
        "missing-0 (missing data on): {mineral: Tb}",
    ):
        assert text in out, text
    assert all(len(line) <= 80 for line in out.splitlines())


def test_show_of_every_builtin_rule_fits_80_columns() -> None:
    from advisor.render.rules_table import show_lines
    from advisor.rules.load import load_rules

    ruleset = load_rules()
    for rule in ruleset.rules:
        assert all(len(line) <= 80 for line in show_lines(rule, ruleset)), rule.id


def test_show_accepts_name_alias_and_shows_overrides() -> None:
    by_name = advisor("rules", "show", "stock-below-target", "--rules", str(POLICY))
    assert by_name.returncode == 0, by_name.stderr
    assert "overridden by acme-policy: target_days 90 days → 120 days" in by_name.stdout
    assert "days_of_cover < target_days (120 days)" in by_name.stdout
    by_alias = advisor("rules", "show", "TST002", "--rules", str(RENAMED))
    assert by_alias.returncode == 0, by_alias.stderr
    assert by_alias.stdout.startswith("TST010  cover-below-policy\n")
    assert "aliases     TST002, low-cover" in by_alias.stdout
    disabled = advisor("rules", "show", "ADV017", "--rules", str(POLICY))
    assert disabled.returncode == 2
    assert "rule ADV017 is disabled by pack 'acme-policy'" in disabled.stderr


def test_show_an_unknown_rule_exits_2_with_did_you_mean() -> None:
    run = advisor("rules", "show", "single-sorce")
    assert run.returncode == 2
    assert "unknown rule 'single-sorce' (did you mean single-source?)" in run.stderr
    assert run.stdout == "" and "Traceback" not in run.stderr


def test_test_runs_every_builtin_example() -> None:
    run = advisor("rules", "test")
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "ADV001-fail-0 ... ok"
    assert "ADV026-missing-0 ... ok" in lines
    assert lines[-1].endswith(" passed, 0 failed")
    assert int(lines[-1].split()[0]) == len(lines) - 1


def test_test_a_user_pack_tests_only_its_rules() -> None:
    run = advisor("rules", "test", str(POLICY))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[0] == "ACME001-fail-0 ... ok"
    assert "ADV" not in run.stdout
    assert run.stdout.splitlines()[-1] == "8 passed, 0 failed"


def test_test_reports_a_wrong_example_and_exits_1(tmp_path: Path) -> None:
    text = POLICY.read_text("utf-8").replace(
        "- {supplier_qualified: false, supplier_share: 0.05}",
        "- {supplier_qualified: false, supplier_share: 0.5}",
    )
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text, encoding="utf-8")
    run = advisor("rules", "test", str(wrong))
    assert run.returncode == 1
    assert (
        "ACME002-pass-0 ... FAIL: expected passed, got fired (evidence: "
        "supplier_qualified=no, supplier_share=50%" in run.stdout
    )
    assert run.stdout.splitlines()[-1] == "7 passed, 1 failed"


@pytest.mark.parametrize("args", [["rules", "test", str(BAD)], ["rules", "test", "--no-builtin"]])
def test_test_exits_2_on_an_invalid_pack_or_nothing_to_test(args: list[str]) -> None:
    run = advisor(*args)
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_facts_lists_what_a_scope_can_read() -> None:
    run = advisor("rules", "facts", "--scope", "material")
    assert run.returncode == 0, run.stderr
    assert "days_of_cover" in run.stdout and "sector" in run.stdout
    assert not any(line.startswith("supplier_share ") for line in run.stdout.splitlines())
    bad = advisor("rules", "facts", "--scope", "plant")
    assert bad.returncode == 2
