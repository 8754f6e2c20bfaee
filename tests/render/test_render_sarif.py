"""SARIF 2.1.0: valid against the official schema, what GitHub code scanning needs, and stable
fingerprints across runs and unrelated edits."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for
from render_support import DATA, EXAMPLE_NAMES, EXAMPLES, assessed, example, render

from advisor.errors import UsageError
from advisor.render import Format
from advisor.render import sarif as sarif_format
from advisor.rules.load import builtin_count, load_rules

SCHEMA = DATA / "sarif-schema-2.1.0.json"


@lru_cache(maxsize=1)
def validator() -> Any:
    """The validator the schema declares (its ``$schema`` is draft-04)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def sarif(*names: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(Format.sarif, *(example(n) for n in names), **changes))
    return data


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_valid_against_the_official_schema(name: str) -> None:
    errors = sorted(validator().iter_errors(sarif(name)), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_several_profiles_are_one_valid_run_with_every_result() -> None:
    log = sarif(*EXAMPLE_NAMES, timestamp="2031-02-03T04:05:06Z")
    total = builtin_count()
    assert not list(validator().iter_errors(log))
    (run,) = log["runs"]  # GitHub takes one run per tool and category in an upload
    assert run["automationDetails"]["id"] == "advisor/"
    files = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
             for r in run["results"]}  # fmt: skip
    assert files == {f"examples/{n}.yaml" for n in EXAMPLE_NAMES}
    assert len(run["results"]) == sum(len(example(n).findings) for n in EXAMPLE_NAMES)
    assert [p["profile"] for p in run["properties"]["profiles"]] == [
        f"examples/{n}.yaml" for n in EXAMPLE_NAMES
    ]
    assert run["properties"]["timestamp"] == "2031-02-03T04:05:06Z"
    assert run["invocations"] == [
        {
            "executionSuccessful": True,
            "toolConfigurationNotifications": [
                {
                    "descriptor": {"id": "advisor/rules-run"},
                    "level": "note",
                    "message": {"text": f"rules: {total} of {total} built-in active"},
                }
            ],
        }
    ]


def test_driver_and_rules() -> None:
    (run,) = sarif("ev-motor-maker")["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "advisor"
    assert driver["version"] == driver["semanticVersion"] == "0.1.0"
    assert "informationUri" not in driver  # no repository URL is set: no invented link
    ids = [r["id"] for r in driver["rules"]]
    # every rule evaluated: ADV016 (US), the DFARS rules (US defence) and the Battery
    # Regulation's minimums (EU battery makers) do not apply here
    skipped = {"ADV016", "ADV030", "ADV031", "ADV035"}
    assert ids == sorted(ids) and set(ids) == {r.id for r in load_rules().rules} - skipped
    adv001 = driver["rules"][0]
    assert adv001["name"] == "single-source"
    assert adv001["shortDescription"]["text"] == "Material depends on a single qualified supplier"
    assert adv001["fullDescription"]["text"].startswith("A single qualified source")
    assert "USGS Open-File Report 2025-1047" in adv001["help"]["text"]
    assert adv001["help"]["markdown"].startswith("**ADV001 ")
    assert "helpUri" not in adv001
    assert adv001["defaultConfiguration"]["level"] == "error"
    assert "security-severity" not in adv001["properties"]  # not a security alert by default
    assert "diversification" in adv001["properties"]["tags"]
    assert "security" not in adv001["properties"]["tags"]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_security_severity_is_a_choice_and_still_valid(name: str) -> None:
    log = sarif(name, security_severity=True)
    assert not list(validator().iter_errors(log))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    expected = sarif_format.SECURITY_SEVERITY
    assert all(r["properties"]["security-severity"] == expected[_severity(r)] for r in rules)
    assert all("security" in r["properties"]["tags"] for r in rules)
    assert not any("security-severity" in r["properties"] for r in
                   sarif(name)["runs"][0]["tool"]["driver"]["rules"])  # fmt: skip


def _severity(rule: dict[str, Any]) -> str:
    from advisor.rules.load import load_rules

    return next(r.severity for r in load_rules().rules if r.id == rule["id"])


def test_rule_anchors_exist_in_the_rule_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor

    monkeypatch.setattr(advisor, "REPOSITORY_URL", "https://example.org/advisor")
    docs = (EXAMPLES.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    (run,) = sarif("ev-motor-maker")["runs"]
    assert run["tool"]["driver"]["informationUri"] == "https://example.org/advisor"
    for rule in run["tool"]["driver"]["rules"]:
        anchor = rule["helpUri"].rsplit("#", 1)[1]
        assert f"(#{anchor})" in docs


def test_results_point_at_the_exact_line() -> None:
    (run,) = sarif("ev-motor-maker")["runs"]
    rules = run["tool"]["driver"]["rules"]
    findings = example("ev-motor-maker").findings
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule_id
        where = result["locations"][0]["physicalLocation"]
        assert where["artifactLocation"] == {
            "uri": "examples/ev-motor-maker.yaml",
            "uriBaseId": "%SRCROOT%",
        }
        assert where["region"] == {
            "startLine": finding.location.line,
            "startColumn": finding.location.col,
        }
    first = run["results"][0]
    assert first["level"] == "error"
    assert first["message"]["text"].startswith("dy-alloy: 100% of volume ships from CN")


def test_missing_data_is_a_result_that_says_what_is_missing() -> None:
    (run,) = sarif("ev-motor-maker")["runs"]
    missing = [r for r in run["results"] if r["properties"]["status"] == "missing"]
    assert len(missing) == 1
    assert missing[0]["message"]["text"].startswith("Missing data: ")
    assert "recycled_share" in missing[0]["message"]["text"]


def test_fingerprints_are_stable_across_runs() -> None:
    def prints() -> list[str]:
        (run,) = sarif("ev-motor-maker")["runs"]
        return [r["partialFingerprints"][sarif_format.FINGERPRINT] for r in run["results"]]

    first = prints()
    assert len(set(first)) == len(first)
    assert prints() == first


def test_fingerprints_survive_unrelated_edits(tmp_path: Path) -> None:
    """Comments above, a material inserted before: the lines move, the fingerprints do not."""
    text = (EXAMPLES / "ev-motor-maker.yaml").read_text(encoding="utf-8")
    inserted = (
        "  - id: extra-gallium\n    mineral: Ga\n    form: gallium metal\n    stage: metal_alloy\n"
        "    annual_demand: {quantity: 1, unit: t}\n    criticality: low\n"
    )
    edited = "# a new comment\n# and another\n" + text.replace(
        "materials:\n", "materials:\n" + inserted, 1
    )
    path = tmp_path / "edited.yaml"
    path.write_text(edited, encoding="utf-8")
    before = {
        sarif_format.fingerprint(f): f.location.line for f in example("ev-motor-maker").findings
    }
    after = {sarif_format.fingerprint(f): f.location.line for f in assessed(str(path)).findings}
    assert set(before) <= set(after)
    assert all(after[key] > line for key, line in before.items())


def test_many_profiles_are_one_run() -> None:
    many = [example("battery-maker")] * 25
    assert len(json.loads(render(Format.sarif, *many))["runs"]) == 1


def test_over_the_result_limit_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_format, "MAX_RESULTS", 3)
    with pytest.raises(UsageError, match="more than the 3 results"):
        render(Format.sarif, example("ev-motor-maker"))


def test_over_the_rule_limit_keeps_only_rules_with_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_results = {f.rule_id for f in example("ev-motor-maker").findings}
    monkeypatch.setattr(sarif_format, "MAX_RULES", len(with_results))
    (run,) = json.loads(render(Format.sarif, example("ev-motor-maker")))["runs"]
    ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert ids == {f.rule_id for f in example("ev-motor-maker").findings}
    assert not list(validator().iter_errors({"version": "2.1.0", "runs": [run]}))


def test_over_the_size_limit_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_format, "MAX_GZIP_BYTES", 1000)
    with pytest.raises(UsageError, match="gzipped"):
        render(Format.sarif, example("ev-motor-maker"))
