"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself on a repository full of YAML
that is not a profile (its own config, a workflow, a rule pack, a compose file).

``pre-commit try-repo`` installs this project into a fresh environment as a user's
pre-commit would (from the package index), then runs every hook on every file; one run
covers all hooks, to keep the test as short as an install allows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gate_support import ROOT, example, make_repo

pytestmark = pytest.mark.early  # seconds of set-up or waiting: scheduled first (conftest.py)

pytest.importorskip("pre_commit", reason="pre-commit is not installed")


def test_the_hooks_pass_only_profiles_and_gate_on_them(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {
        ".pre-commit-config.yaml": "repos: []\n",
        ".github/workflows/ci.yml": "on: push\njobs:\n  x: {runs-on: ubuntu-latest}\n",
        "docker-compose.yml": "services: {db: {image: postgres}}\n",
        "rules/policy.yaml": "pack: acme\nversion: 1\n",
        "configs/battery.advisor.yaml": example("battery-maker"),
        "configs/wind.advisor.yaml": example("wind-turbine-maker"),
    })  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "GITHUB_"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files", "--color",
         "never"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    out = done.stdout + done.stderr
    assert "An unexpected error has occurred" not in out, out[-3000:]
    assert done.returncode == 1, out[-3000:]
    hooks = {line.split(".")[0]: line.rsplit(".", 1)[-1] for line in out.splitlines()
             if line.endswith(("Passed", "Failed"))}  # fmt: skip
    assert hooks == {
        "advisor check (critical-mineral procurement risk)": "Failed",
        "advisor check (every profile in the repository)": "Failed",
        "advisor validate (profile format only)": "Passed",
    }, out[-3000:]
    assert "configs/battery.advisor.yaml:25:16: high ADV013 [anode-graphite]" in out
    for other in ("docker-compose.yml", "ci.yml", "policy.yaml", "unknown field"):
        assert other not in out


def test_the_documented_remote_hooks_are_this_repository_s_at_the_release_tag() -> None:
    """docs/ci.md's pre-commit snippet names hooks of .pre-commit-hooks.yaml at the tag of this
    version (the local hook of the first hour runs in test_first_hour.py)."""
    import re

    import yaml

    from advisor import __version__

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8").split("## pre-commit", 1)[1]
    (block,) = re.findall(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.S)
    (repo,) = yaml.safe_load(block)["repos"]
    assert repo["rev"] == f"v{__version__}"
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in repo["hooks"]} <= {h["id"] for h in hooks}
