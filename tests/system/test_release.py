"""The package is ready to publish (docs/release.md): ``python -m build`` makes a wheel and a
source distribution from a clean copy of the project, and ``twine check --strict`` passes on
both (the metadata, and the README as the package index renders it)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from advisor import __version__

pytestmark = pytest.mark.early  # seconds of set-up or waiting: scheduled first (conftest.py)

ROOT = Path(__file__).resolve().parents[2]
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", ".venv",
    "venv",
)  # fmt: skip

pytest.importorskip("build", reason="build is not installed (pip install -e '.[dev]')")
pytest.importorskip("twine", reason="twine is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/ of ``python -m build`` run on a clean copy of the project (this venv's setuptools,
    no download: ``--no-isolation``)."""
    source = tmp_path_factory.mktemp("release") / "src"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", str(source)],
        cwd=source, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return source / "dist"


def test_build_makes_a_wheel_and_an_sdist_that_twine_passes(dist: Path) -> None:
    names = sorted(p.name for p in dist.iterdir())
    assert names == [
        f"mineral_advisor-{__version__}-py3-none-any.whl",
        f"mineral_advisor-{__version__}.tar.gz",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


def test_the_sdist_holds_what_a_build_from_it_needs(dist: Path) -> None:
    with tarfile.open(dist / f"mineral_advisor-{__version__}.tar.gz") as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for needed in ("pyproject.toml", "README.md", "rules/builtin.yaml",
                   "advisor/templates/profile.yaml", "advisor/data/reference.yaml"):  # fmt: skip
        assert needed in names, needed
    with zipfile.ZipFile(dist / f"mineral_advisor-{__version__}-py3-none-any.whl") as wheel:
        meta = wheel.read(f"mineral_advisor-{__version__}.dist-info/METADATA").decode()
    assert "Description-Content-Type: text/markdown" in meta
    assert "Name: mineral-advisor" in meta


def test_the_version_is_one_and_the_changelog_has_a_place_for_it() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"$', pyproject, re.M)
    assert match is not None and match.group(1) == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    release = (ROOT / "docs" / "release.md").read_text(encoding="utf-8")
    for step in ("python -m build", "twine check --strict", "git tag -a", "twine upload"):
        assert step in release, step
