"""The CI recipes work as written: action.yml, and the GitHub Actions workflow and the GitLab
job of docs/ci.md. Their shell steps run here, in a temporary clone of a repository whose
branch makes a profile riskier, with the runner's expressions and files (GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY) stood in for; steps that `uses:` another action and the pip install
(advisor is installed here already) are the only ones not run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from gate_support import ROOT, assert_valid_junit, assert_valid_sarif, example, git, make_repo

BATTERY = example("battery-maker")
WORSE = BATTERY.replace("inventory: {days_of_cover: 100}", "inventory: {days_of_cover: 5}")
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of a repository (origin, branch main) on a branch that makes a profile riskier."""
    origin = make_repo(tmp_path / "origin", {"configs/battery.advisor.yaml": BATTERY})
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "config", "user.email", "test@example.invalid")
    git(work, "config", "user.name", "advisor tests")
    git(work, "checkout", "-q", "-b", "less-stock")
    (work / "configs" / "battery.advisor.yaml").write_text(WORSE, encoding="utf-8")
    git(work, "commit", "-qam", "less lithium stock")
    return work


def substitute(text: str, context: dict[str, str]) -> str:
    """The runner's ``${{ ... }}`` expressions, from *context* (an unknown one fails the test)."""

    def value(match: re.Match[str]) -> str:
        assert match.group(1) in context, f"unknown expression {match.group(1)!r}"
        return context[match.group(1)]

    return EXPRESSION.sub(value, text)


def shell(script: str, cwd: Path, env: dict[str, str]) -> int:
    """Run *script* with bash -e as a runner does; its exit code."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "GITHUB_"))}
    path = f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}"
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd,
                          env={**base, "PATH": path, **env}, timeout=300, check=False)  # fmt: skip
    return done.returncode


def runner_files(tmp_path: Path) -> dict[str, str]:
    out, summary = tmp_path / "github_output", tmp_path / "step_summary"
    out.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    return {"GITHUB_OUTPUT": str(out), "GITHUB_STEP_SUMMARY": str(summary)}


def _is_install(step: dict[str, Any]) -> bool:
    return "pip install" in str(step.get("run", ""))


def test_the_action_checks_uploads_diffs_and_gates(clone: Path, tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    inputs = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
    files = runner_files(tmp_path)
    context = {**inputs, "github.action_path": str(ROOT), "github.base_ref": "main",
               "github.event_name": "pull_request", "github.token": "",
               "github.event.pull_request.number": "7"}  # fmt: skip
    steps = action["runs"]["steps"]
    assert [s.get("uses", "").split("@")[0] for s in steps if "uses" in s] == [
        "actions/setup-python", "github/codeql-action/upload-sarif"]  # fmt: skip
    codes = {}
    for step in steps:
        if "run" not in step or _is_install(step):
            continue
        assert "${{" not in step["run"], "expressions belong in env:, never in a script"
        outputs = dict(line.split("=", 1) for line in
                       Path(files["GITHUB_OUTPUT"]).read_text("utf-8").split())  # fmt: skip
        context.update({f"steps.check.outputs.{k}": v for k, v in outputs.items()})
        env = {k: substitute(str(v), context) for k, v in step.get("env", {}).items()}
        codes[step["name"]] = shell(step["run"], clone, {**files, **env})
    assert codes == {"Check the profiles": 0, "Risk diff": 0, "Gate": 1}
    assert "exit-code=1" in Path(files["GITHUB_OUTPUT"]).read_text("utf-8")
    import json

    assert_valid_sarif(json.loads((clone / "advisor.sarif").read_text(encoding="utf-8")))
    summary = Path(files["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "### advisor risk diff: FETCH\\_HEAD → less-stock" in summary  # a clean tree
    assert re.search(r"\| `configs/battery\.advisor\.yaml` \| \d+ \| \d+ \| ▲ \+\d+ \|", summary)


def _blocks(marker: str) -> Any:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    found = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if b.startswith(marker)]
    assert len(found) == 1, marker
    return yaml.safe_load(found[0])


def test_the_documented_github_workflow(clone: Path, tmp_path: Path) -> None:
    workflow = _blocks("# .github/workflows/advisor.yml")
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["advisor"]["steps"]
    git(clone, "fetch", "-q", "origin")  # what checkout with fetch-depth 0 gives
    files = runner_files(tmp_path)
    context = {"github.base_ref": "main", "github.event_name": "pull_request"}
    codes = {}
    for step in steps:
        if "run" in step and not _is_install(step):
            env = {k: substitute(str(v), context) for k, v in step.get("env", {}).items()}
            codes[step["name"]] = shell(step["run"], clone, {**files, **env})
    assert codes == {"Check the profiles": 1, "Risk diff": 0}
    sarif_step = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert sarif_step["if"] == "always()"
    assert (clone / sarif_step["with"]["sarif_file"]).is_file()
    assert_valid_junit((clone / "advisor-junit.xml").read_text(encoding="utf-8"))
    summary = Path(files["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "# Critical-mineral supply risk: " in summary  # the report of --format github
    assert "### advisor risk diff: origin/main → less-stock" in summary  # a clean tree


def test_the_documented_gitlab_job(clone: Path) -> None:
    job = _blocks("# .gitlab-ci.yml")["advisor"]
    env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    assert all(_is_install({"run": line}) for line in job["before_script"])
    script = shell("\n".join(job["script"]), clone, env)
    after = shell("\n".join(job["after_script"]), clone, env)
    assert (script, after) == (1, 0)
    assert_valid_junit((clone / job["artifacts"]["reports"]["junit"]).read_text("utf-8"))
    for path in job["artifacts"]["paths"]:
        assert (clone / path).is_file(), path
    assert "Risk increased" in (clone / "advisor-diff.md").read_text(encoding="utf-8")
