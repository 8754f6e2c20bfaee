"""Helpers for the CI-gate tests: temporary git repositories of profiles, running the CLI as a
subprocess, and the two schemas CI tools read (SARIF 2.1.0, Jenkins xunit ``junit-10.xsd``).

The JUnit XSD is the Jenkins xunit plugin's ``junit-10.xsd`` as pytest ships it in its source
distribution (``testing/example_scripts/junit-10.xsd``; pytest validates its own JUnit output
against it). pytest is a dev dependency; its source distribution is fetched once with pip from
the package index, for the installed pytest version, and the XSD is kept in the user's cache
folder. Nothing of it is committed.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


def git(cwd: Path, *args: str) -> str:
    """Run git in *cwd*, failing the test on an error."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def make_repo(root: Path, files: dict[str, str]) -> Path:
    """A git repository at *root* holding *files* (path → text), committed once."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    with (root / ".git" / "config").open("a", encoding="utf-8") as config:  # no git call for it
        config.write("[user]\n\temail = test@example.invalid\n\tname = advisor tests\n"
                     "[commit]\n\tgpgsign = false\n")  # fmt: skip
    write(root, files)
    commit(root, "initial")
    return root


def write(root: Path, files: dict[str, str]) -> None:
    """Write *files* below *root*."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def commit(root: Path, message: str) -> None:
    """Commit everything in *root*."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def example(name: str) -> str:
    """The text of examples/NAME.yaml."""
    return (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")


def run(
    cwd: Path, *args: str | Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m advisor ARGS`` in *cwd*, with no ADVISOR_* or GITHUB_* variables inherited."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "GITHUB_"))}
    return subprocess.run(
        [sys.executable, "-m", "advisor", *map(str, args)],
        cwd=cwd, env={**base, "NO_COLOR": "1", **(env or {})}, capture_output=True, text=True,
        input=stdin, timeout=180,
    )  # fmt: skip


@functools.lru_cache(maxsize=1)
def sarif_validator() -> Any:
    """A validator for the official SARIF 2.1.0 JSON Schema (tests/data)."""
    from jsonschema.validators import validator_for

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return validator_for(schema)(schema)


def assert_valid_sarif(log: dict[str, Any]) -> None:
    """Fail with the first schema errors if *log* is not valid SARIF 2.1.0."""
    errors = list(sarif_validator().iter_errors(log))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def _cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "advisor-tests"


@functools.lru_cache(maxsize=1)
def junit_xsd() -> Path:
    """The Jenkins ``junit-10.xsd`` from the installed pytest version's source distribution."""
    version = pytest.__version__
    target = _cache() / f"junit-10-pytest-{version}.xsd"
    if target.is_file():
        return target
    with tempfile.TemporaryDirectory() as work:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             ":all:", "--disable-pip-version-check", "-d", work, f"pytest=={version}"],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        sdists = list(Path(work).glob("pytest-*.tar.gz"))
        if done.returncode != 0 or not sdists:
            if os.environ.get("CI"):
                pytest.fail(f"cannot fetch pytest's source distribution: {done.stderr[-500:]}")
            pytest.skip("pytest's source distribution (which ships junit-10.xsd) is unavailable")
        member = f"pytest-{version}/testing/example_scripts/junit-10.xsd"
        with tarfile.open(sdists[0]) as archive:
            source = archive.extractfile(member)
            assert source is not None, member
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            with partial.open("wb") as out:
                shutil.copyfileobj(source, out)
            partial.replace(target)
    return target


def assert_valid_junit(text: str) -> None:
    """Fail if *text* does not validate against the Jenkins junit-10.xsd."""
    import xmlschema

    schema = xmlschema.XMLSchema(str(junit_xsd()))
    errors = list(schema.iter_errors(text))
    assert not errors, [str(e.reason) + " at " + str(e.path) for e in errors[:5]]
