"""The places a team's first hour with `advisor check` broke (issue 23): a folder of YAML but
no profiles, the first baseline, a subset's waivers, and where company findings point."""

from __future__ import annotations

from pathlib import Path

from cli_support import run_in
from gate_support import example, make_repo

WIND = example("wind-turbine-maker")
BATTERY = example("battery-maker")


def test_a_folder_without_profiles_names_the_glob_and_the_yaml_passed_over(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"profile.yaml": BATTERY, "ci/other.yml": "a: 1\n"})
    done = run_in(repo, "check", "--no-config")
    assert done.returncode == 2
    assert (
        ".: error: no files matching **/*.advisor.yaml here; passed over 2 YAML file(s) not "
        "named so: ci/other.yml, profile.yaml (name profiles *.advisor.yaml, or add a glob "
        "to the config file: globs:)"
    ) in done.stdout + done.stderr


def test_the_first_baseline_is_written_where_the_config_says(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {
        ".advisor.yaml": "baseline: advisor-baseline.json\n",
        "battery.advisor.yaml": BATTERY,
    })  # fmt: skip
    assert run_in(repo, "check", "-q").returncode == 2  # the configured file is not there yet
    first = run_in(repo, "check", "-q", "--write-baseline", "advisor-baseline.json")
    assert first.returncode == 1, first.stderr  # the findings are still reported
    assert (repo / "advisor-baseline.json").is_file()
    after = run_in(repo, "check")
    assert after.returncode == 0, after.stderr
    assert "baseline: 0 new, 8 known, 0 fixed" in after.stderr
    again = run_in(repo, "check", "--write-baseline", "advisor-baseline.json")
    assert again.returncode == 0, again.stderr  # renewing it compares with the old one


WAIVERS = """\
waivers:
  - rule: ADV013
    subject: anode-graphite
    reason: second graphite source in qualification
    until: 2099-01-01
  - rule: ADV015
    subject: company
    profile: "wind.advisor.yaml"
    reason: recovery rate rising with the new line
    until: 2099-01-01
"""


def test_checking_a_subset_judges_only_the_waivers_it_could_match(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {
        ".advisor.yaml": "waivers: advisor-waivers.yaml\nfail-on: none\n",
        "advisor-waivers.yaml": WAIVERS,
        "battery.advisor.yaml": BATTERY,
        "wind.advisor.yaml": WIND.replace("recovery_rate: 10%", "recovery_rate: 20%"),
    })  # fmt: skip
    one = run_in(repo, "check", "battery.advisor.yaml")
    assert one.returncode == 0, one.stderr
    assert "matched no finding" not in one.stdout + one.stderr
    # the whole repository: the wind profile's waiver matched nothing there, and is said so
    whole = run_in(repo, "check")
    assert "waiver for ADV015 [company] matched no finding; remove it" in whole.stdout
    # named, the profile it could have matched is checked: judged
    named = run_in(repo, "check", "wind.advisor.yaml")
    assert "waiver for ADV015 [company] matched no finding; remove it" in named.stdout


def test_a_company_finding_points_at_its_field_and_an_inline_waiver_there_works(
    tmp_path: Path,
) -> None:
    line = "    in_house_recovery_rate: 10%"
    at = next(i for i, text in enumerate(WIND.splitlines(), 1) if text.startswith(line))
    repo = make_repo(tmp_path / "repo", {"wind.advisor.yaml": WIND})
    before = run_in(repo, "check", "--no-config", "--fail-on", "none")
    assert f"wind.advisor.yaml:{at}:29: medium ADV015 [company]" in before.stdout
    waived = WIND.replace(line, line + "  # advisor: ignore[ADV015] new line until=2099-01-01 #", 1)
    (repo / "wind.advisor.yaml").write_text(waived, encoding="utf-8")
    after = run_in(repo, "check", "--no-config", "--fail-on", "none")
    assert "matched no finding" not in after.stdout + after.stderr
    assert "1 waived" in after.stderr


def test_a_company_finding_on_an_absent_field_points_at_its_parent(tmp_path: Path) -> None:
    ev = example("ev-motor-maker")
    at = ev.splitlines().index("programmes:") + 2  # the value of programmes: its first key
    repo = make_repo(tmp_path / "repo", {"ev.advisor.yaml": ev})
    done = run_in(repo, "check", "--no-config", "--fail-on", "none")
    assert f"ev.advisor.yaml:{at}:3: medium ADV014 [company]" in done.stdout


def test_security_alerts_are_asked_for_by_flag_or_config(tmp_path: Path) -> None:
    import json

    repo = make_repo(tmp_path / "repo", {"battery.advisor.yaml": BATTERY})

    def severities(*args: str) -> set[str | None]:
        done = run_in(
            repo, "check", "-q", "--sarif-output", "out.sarif", "--fail-on", "none", *args
        )
        assert done.returncode == 0, done.stderr
        log = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        return {r["properties"].get("security-severity") for r in rules}

    assert severities() == {None}
    assert None not in severities("--sarif-security-severity")
    (repo / ".advisor.yaml").write_text("sarif-security-severity: true\n", encoding="utf-8")
    assert None not in severities()
