"""A non-editable install works from any folder: templates, schema and rules are package data.

The project is copied to a temporary folder (so the build never writes into the working tree),
built into a wheel with the current interpreter's setuptools, installed with
``pip install --target``, and then run from an unrelated folder with only that target on
PYTHONPATH, so nothing can be read from the source tree by accident.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import MANY
from conftest import pip, shared

pytestmark = pytest.mark.early  # seconds of set-up or waiting: scheduled first (conftest.py)

ROOT = Path(__file__).resolve().parents[2]
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def site(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed into a folder of its own (dependencies come from this venv), once per
    test run: the tests only read it."""

    def install(target: Path) -> None:
        pip("install", "--no-deps", "--target", str(target), str(wheel), cwd=target)

    return shared(tmp_path_factory, "site", install)


@pytest.fixture
def run(site: Path, tmp_path: Path) -> Run:
    """Run `python ARGS` in an empty folder with only the installed copy on PYTHONPATH."""

    def go(*args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "PYTHON"))}
        env["PYTHONPATH"] = str(site)
        return subprocess.run(
            [sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip

    return go


def test_wheel_contains_the_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "advisor/py.typed",
        "advisor/schemas/profile.schema.json",
        "advisor/schemas/assessment.schema.json",
        "advisor/templates/profile.yaml",
        *(f"advisor/builtin_rules/{p.name}" for p in (ROOT / "rules").glob("*.yaml")),
        *(f"advisor/data/{p.name}" for p in (ROOT / "advisor" / "data").glob("*.yaml")),
    }
    assert expected <= names, sorted(expected - names)


def test_wheel_holds_every_module_of_the_source_tree(wheel: Path) -> None:
    """A package left out of pyproject's `packages` list (e.g. a new engine stage) is not
    installed from a wheel: every module of advisor/ must be in it."""
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "advisor").rglob("*.py")}
    assert modules - names == set()


def test_wheel_holds_no_tests_or_examples(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith(("tests/", "examples/", "docs/"))]


def test_installed_copy_is_the_one_imported(run: Run, site: Path) -> None:
    result = run("-c", "import advisor; print(advisor.__file__)")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(site)


def test_version_and_help(run: Run) -> None:
    import advisor

    version = run("-m", "advisor", "--version")
    assert (version.returncode, version.stdout) == (0, f"advisor {advisor.__version__}\n")
    helped = run("-m", "advisor", "--help")
    assert helped.returncode == 0
    assert "validate" in helped.stdout


def test_schema_is_package_data(run: Run) -> None:
    from advisor.profile.schema import shipped_text

    result = run("-m", "advisor", "schema")
    assert (result.returncode, result.stdout) == (0, shipped_text())


def test_init_then_validate(run: Run, tmp_path: Path) -> None:
    written = run("-m", "advisor", "init", "starter.yaml")
    assert written.returncode == 0, written.stderr
    checked = run("-m", "advisor", "validate", "starter.yaml")
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "starter.yaml: ok\n", "")
    assert (
        (tmp_path / "starter.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server:")
    )


def test_bad_profile_exit_code(run: Run, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("version: 1\ncountry: NO\n", encoding="utf-8")
    result = run("-m", "advisor", "validate", "bad.yaml")
    assert result.returncode == 2
    assert result.stderr.startswith("bad.yaml:1:1: ")


def test_every_command_runs_from_the_installed_copy(run: Run, tmp_path: Path) -> None:
    """Rules, reference data and schemas come from the package, not from the source tree."""
    import shutil

    shutil.copy(ROOT / "examples" / "ev-motor-maker.yaml", tmp_path / "profile.yaml")
    commands = [
        ("assess", "profile.yaml", "--top", "2"),
        ("assess", "profile.yaml", "--format", "sarif"),
        ("assess", "profile.yaml", "--format", "json"),
        ("check", "profile.yaml", "--fail-on", "none"),
        ("rules", "list"),
        ("rules", "show", "ADV010"),
        ("rules", "test"),
        ("data", "list"),
        ("data", "show", "Dy"),
        ("data", "sources"),
        ("data", "claims"),
    ]
    # one process runs them all (an interpreter start-up each cost 5 s): each command is the
    # first of the process to need its part of the package data, so each part is read from site
    done = run("-c", MANY, json.dumps(commands))
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert len(results) == len(commands)
    for command, (code, out, err) in zip(commands, results, strict=True):
        assert code == 0, (command, err)
        assert out.strip(), command
        assert "Traceback" not in err
