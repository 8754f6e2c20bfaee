"""A team's first hour, exactly as docs/ci.md tells it ("Your first hour, step by step"): the
section's shell commands are run and its files written, in their order, in a new git
repository, and each command must exit as the section says and print what a newcomer looks
for. The install command is the one exception: the advisor of this virtualenv stands for it
in the walk, and :func:`test_the_documented_install_installs_the_release_tag` installs a tagged
clone of this repository with it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from gate_support import ROOT, git, make_repo

from advisor import __version__

pytestmark = pytest.mark.early  # seconds of set-up or waiting: scheduled first (conftest.py)

CI_DOC = ROOT / "docs" / "ci.md"
SECTION = "## Your first hour, step by step"
INSTALL = re.compile(
    r'^python -m pip install "mineral-advisor @ git\+\$\{ADVISOR_REPO\}@(v[^"]+)"$'
)
EXIT = re.compile(r"\s+# exit (\d)\b.*$")

#: What each command must print (stdout and stderr together), beyond its exit code.
SAYS = {
    "advisor init": ["wrote profile.advisor.yaml and profile.schema.json"],
    "advisor check --fail-on high": ["1 profile(s) checked, 0 finding(s) at or above high"],
    "advisor check --write-baseline advisor-baseline.json": ["1 waived"],
    "advisor check": [],  # twice: see the walk
    "advisor diff --git main --format markdown": [
        "### advisor risk diff: main → less-stock",
        "| `profile.advisor.yaml` | 20 | 56 | ▲ +36 |",
        "New findings (3):\n- **high ADV010**",
        "**Risk increased.**",
    ],
    "pre-commit run --all-files": ["advisor check", "Failed", "high ADV013 [ndfeb-magnets]"],
}


@dataclass(frozen=True)
class Step:
    """A command to run (with the exit code the doc gives), or a file to write."""

    command: str = ""
    exit: int | None = None
    file: str = ""
    text: str = ""


def steps() -> list[Step]:
    """The section's commands and files, in their order."""
    text = CI_DOC.read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    out: list[Step] = []
    for lang, body in re.findall(r"```(sh|yaml)\n(.*?)```", section, re.S):
        if lang == "yaml":
            name = body.splitlines()[0].removeprefix("# ").strip()
            out.append(Step(file=name, text=body))
            continue
        for line in filter(None, body.splitlines()):
            said = EXIT.search(line)
            command = EXIT.sub("", line).strip()
            out.append(Step(command, int(said.group(1)) if said else None))
    return out


def test_the_section_is_a_whole_walk() -> None:
    walk = steps()
    commands = [s.command for s in walk if s.command]
    assert [s.file for s in walk if s.file] == [
        ".advisor.yaml", "advisor-waivers.yaml", ".pre-commit-config.yaml"]  # fmt: skip
    assert INSTALL.match(commands[0]), commands[0]
    assert all(s.exit is not None for s in walk if s.command and s is not walk[0]), (
        "every command but the install says its exit code"
    )
    for done in ("advisor init", "--write-baseline", "git switch -c", "advisor diff --git main",
                 "pre-commit run"):  # fmt: skip
        assert any(done in c for c in commands), done
    until = re.search(r"until: (\d{4}-\d\d-\d\d)", CI_DOC.read_text(encoding="utf-8"))
    assert until is not None
    assert dt.date.fromisoformat(until.group(1)) > dt.date.today() + dt.timedelta(days=365), (
        "the first hour's waiver expires within a year: move its date on in docs/ci.md"
    )


def _environment(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("ADVISOR_", "GITHUB_", "GIT_", "PRE_COMMIT"))}  # fmt: skip
    return {
        **base,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}",
        "NO_COLOR": "1",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "advisor tests", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "advisor tests", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }  # fmt: skip


def test_the_first_hour_as_the_docs_tell_it(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed")
    repo = make_repo(tmp_path / "configs", {"README.md": "procurement configs\n"})
    env = _environment(tmp_path)
    said: dict[str, list[str]] = {}
    for step in steps():
        if step.file:
            (repo / step.file).write_text(step.text, encoding="utf-8")
            continue
        if INSTALL.match(step.command):
            continue  # this virtualenv's advisor stands for it (see the next test)
        done = subprocess.run(["bash", "-c", step.command], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        out = done.stdout + done.stderr
        assert done.returncode == step.exit, f"{step.command}: exit {done.returncode}\n{out}"
        for text in SAYS.get(step.command, []):
            assert text in out, f"{step.command}: no {text!r} in\n{out}"
        said.setdefault(step.command, []).append(out)
    assert (repo / "advisor-baseline.json").is_file()
    first, second = said["advisor check"]  # waived and known; then the branch's new findings
    assert "1 waived, baseline: 0 new, 1 known, 0 fixed" in first
    assert "high ADV010 [ndfeb-magnets]" in second and "baseline: 3 new, 1 known" in second
    assert "matched no finding" not in "".join(o for outs in said.values() for o in outs)


def test_the_documented_install_installs_the_release_tag(tmp_path: Path) -> None:
    """The install command of the docs, on a clone of this repository tagged as a release is:
    pip takes the tag from the git URL and builds the package from it."""
    (command,) = {s.command for s in steps() if INSTALL.match(s.command)}
    match = INSTALL.match(command)
    assert match is not None and match.group(1) == f"v{__version__}"
    others = [ROOT / "README.md", ROOT / "docs" / "ci.md"]
    for doc in others:
        for tag in re.findall(r"git\+\$\{ADVISOR_REPO\}@(v[\w.]+)", doc.read_text("utf-8")):
            assert tag == f"v{__version__}", f"{doc.name} installs {tag}"
    origin = tmp_path / "advisor"
    shutil.copytree(ROOT, origin, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"))  # fmt: skip
    make_repo(origin, {})
    git(origin, "tag", f"v{__version__}")
    target = tmp_path / "site"
    # a host in the URL: the pip of Python 3.10's ensurepip takes no git+file:///path
    env = {**_environment(tmp_path), "ADVISOR_REPO": f"file://localhost{origin.as_posix()}"}
    pip = command.replace("python -m pip install", f"{sys.executable} -m pip install --no-deps "
                          f"--no-build-isolation --target {target}", 1)  # fmt: skip
    done = subprocess.run(["bash", "-c", pip], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    installed = list(target.glob("mineral_advisor-*.dist-info"))
    assert [p.name for p in installed] == [f"mineral_advisor-{__version__}.dist-info"]
    assert (target / "advisor" / "templates" / "profile.yaml").is_file()
