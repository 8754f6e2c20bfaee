"""The planning assumption for export-control states the data does not know (docs/data.md).

After the suspensions of Ann. 70/2025 (to 2026-11-10) and Ann. 72/2025 (to 2026-11-27) ran out,
no published instrument settles the state. The user chooses how to plan: `--assume suspended`
(the default) or `--assume in-force`, on assess, check, simulate and diff, or `assume:` in the
config; every report says which, and whether it is the default.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cli_support import run_in

ROOT = Path(__file__).resolve().parents[2]

# Chinese lithium cells bought by a German company after Ann. 58/2025's suspension ran out.
PROFILE = """\
version: 1
as_of: 2026-12-08
company: {name: Test GmbH, sector: industrial, headquarters: DE, currency: EUR}
materials:
  - id: cells
    mineral: Li
    form: lithium-ion cells
    stage: product
    annual_demand: {quantity: 10, unit: t}
    criticality: high
    inventory: {days_of_cover: 30}
    suppliers:
      - {id: cn-cells, name: Cells Co, country: CN, mining_countries: [CN],
         processing_countries: [CN], share: 1.0}
"""


def _run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_in(cwd, *args, env=env)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the config search stops here
    (tmp_path / "cells.advisor.yaml").write_text(PROFILE, encoding="utf-8")
    return tmp_path


def _ann58(report: dict[str, object]) -> list[str]:
    (a,) = report["assessments"]  # type: ignore[misc]
    return [f["rule_id"] for f in a["findings"] if "Ann. 58/2025" in f["message"]]


def test_assess_defaults_to_suspended_and_says_so(folder: Path) -> None:
    out = _run("assess", "cells.advisor.yaml", "-f", "json", cwd=folder)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    plan = report["assessments"][0]["planning_assumption"]
    assert (plan["assume"], plan["chosen"]) == ("suspended", False)
    assert "ADV007" not in _ann58(report)  # suspended: no licence requirement in force


def test_assess_assume_in_force_changes_the_findings_and_says_so(folder: Path) -> None:
    out = _run("assess", "cells.advisor.yaml", "-f", "json", "--assume", "in-force", cwd=folder)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    plan = report["assessments"][0]["planning_assumption"]
    assert (plan["assume"], plan["chosen"]) == ("in-force", True)
    assert "ADV007" in _ann58(report)
    table = _run("assess", "cells.advisor.yaml", "--assume", "in-force", cwd=folder).stdout
    assert "unknown control states taken as in-force (chosen;" in table


def test_a_bad_assume_flag_is_a_usage_error(folder: Path) -> None:
    out = _run("assess", "cells.advisor.yaml", "--assume", "maybe", cwd=folder)
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_check_takes_the_assumption_from_flag_and_config(folder: Path) -> None:
    default = _run("check", ".", "-f", "lines", cwd=folder)
    assert "unknown control states taken as suspended (default;" in default.stdout
    flagged = _run("check", ".", "-f", "lines", "--assume", "in-force", cwd=folder)
    assert "unknown control states taken as in-force (chosen;" in flagged.stdout
    assert "ADV007 [cells]" in flagged.stdout and "ADV007 [cells]" not in default.stdout
    (folder / ".advisor.yaml").write_text("assume: in-force\n", encoding="utf-8")
    configured = _run("check", ".", "-f", "lines", cwd=folder)
    assert "unknown control states taken as in-force (chosen;" in configured.stdout
    shown = _run("config", "show", cwd=folder).stdout
    assert "assume" in shown and "in-force" in shown and ".advisor.yaml:1" in shown


def test_a_bad_assume_in_the_config_names_its_line(folder: Path) -> None:
    (folder / ".advisor.yaml").write_text("fail-on: high\nassume: maybe\n", encoding="utf-8")
    out = _run("check", ".", cwd=folder)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert ".advisor.yaml:2" in out.stderr and "suspended, in-force" in out.stderr


def test_the_return_of_a_suspended_measure_is_a_stress_scenario(folder: Path) -> None:
    """Under the default the suspension runs to 2027-01-10 and the scenario starts the stop
    then; under in-force the measure is already back, and the scenario has nothing to stop."""
    args = ("simulate", "cells.advisor.yaml", "--scenario", "cn-suspended-controls-return")
    default = _run(*args, "-f", "json", cwd=folder)
    assert default.returncode == 0, default.stderr
    (sim,) = json.loads(default.stdout)["simulations"]
    (cells,) = sim["materials"]
    assert cells["affected"] and "assumed still suspended" in json.dumps(cells)
    assumptions = sim["scenario"]["assumptions"]
    assert assumptions[-1].startswith("Planning assumption: unknown control states")
    back = _run(*args, "--assume", "in-force", cwd=folder)
    assert back.returncode == 0, back.stderr
    assert "No material of this profile is hit." in back.stdout
    assert "taken as in-force (chosen;" in back.stdout


def test_diff_states_the_assumption(folder: Path) -> None:
    other = folder / "cells-2.advisor.yaml"
    other.write_text(PROFILE.replace("days_of_cover: 30", "days_of_cover: 90"), encoding="utf-8")
    out = _run("diff", "cells.advisor.yaml", other.name, "--assume", "in-force", cwd=folder)
    assert out.returncode == 0, out.stderr
    assert "unknown control states taken as in-force (chosen;" in out.stdout
    data = _run("diff", "cells.advisor.yaml", other.name, "-f", "json", cwd=folder).stdout
    assert json.loads(data)["planning_assumption"] == {"assume": "suspended", "chosen": False}


def test_data_show_takes_the_assumption_too(folder: Path) -> None:
    shown = _run("data", "show", "Li", "--assume", "in-force", "--format", "json", cwd=folder)
    data = json.loads(shown.stdout)
    assert data["planning_assumption"] == {"assume": "in-force", "chosen": True}
    (ann58,) = [c for c in data["controls"] if c["id"] == "cn-2025-ann58-battery"]
    assert ann58["status"] == "active" and ann58["assumption"]
    table = _run("data", "show", "Li", cwd=folder).stdout
    assert "Unknown control states taken as suspended (default; --assume)" in table


def test_the_config_file_and_the_environment_reach_assess_and_simulate(folder: Path) -> None:
    (folder / ".advisor.yaml").write_text("assume: in-force\n", encoding="utf-8")
    report = json.loads(_run("assess", "cells.advisor.yaml", "-f", "json", cwd=folder).stdout)
    assert report["assessments"][0]["planning_assumption"]["assume"] == "in-force"
    args = ("simulate", "cells.advisor.yaml", "--scenario", "cn-suspended-controls-return")
    assert "No material of this profile is hit." in _run(*args, cwd=folder).stdout
    (folder / ".advisor.yaml").unlink()
    bad = _run("assess", "cells.advisor.yaml", cwd=folder, env={"ADVISOR_ASSUME": "maybe"})
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "ADVISOR_ASSUME: 'maybe' is not one of: suspended, in-force" in bad.stderr


def test_a_change_of_assumption_makes_a_git_diff_not_comparable(folder: Path) -> None:
    """The base revision's config assumed in-force, the working tree's the default: the two
    sides' scores do not compare, and --fail-on-increase fails closed."""
    (folder / ".git").rmdir()
    git = ("git", "-c", "user.name=t", "-c", "user.email=t@example.org")
    (folder / ".advisor.yaml").write_text("assume: in-force\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", "."], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=folder, check=True)
    (folder / ".advisor.yaml").write_text("fail-on: high\n", encoding="utf-8")
    out = _run("diff", "--git", "HEAD", "--fail-on-increase", cwd=folder)
    assert out.returncode == 1, out.stderr
    assert "base (HEAD) unknown control states taken as in-force (chosen;" in out.stdout
    assert "head (working tree) unknown control states taken as suspended (default;" in out.stdout
    assert "risk not comparable" in out.stdout
