"""The data distribution, mineral-advisor-data, builds from this repository and is used when it
is installed beside advisor and newer than advisor's built-in copy.

The files the build reads (data-dist/, advisor/data, scenarios/) are copied to a temporary
folder with the data's date moved a week on, so the build never writes into the working tree
and makes a release newer than the built-in copy. ``python -m build`` makes the sdist, then the
wheel from the sdist (in isolated environments: setuptools comes from the package index). The
wheel is installed with advisor's own wheel (built as in tests/system/test_install.py) into a fresh
folder that is the only thing on PYTHONPATH.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import pip, shared

from advisor import dataset

pytestmark = pytest.mark.early  # seconds of set-up or waiting: scheduled first (conftest.py)

ROOT = Path(__file__).resolve().parents[2]
WEEK = dt.timedelta(days=7)
#: Put before a scenario's title in the release, to see which copy of the scenarios is read.
MARK = "(release)"


def _newer() -> dt.date:
    day = dataset.builtin().date
    assert day is not None
    return day + WEEK


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the sdist and the wheel of a release dated a week after the built-in
    data, built once per test run (conftest.shared): the tests only read it."""
    return shared(tmp_path_factory, "data-release", _build) / "dist"


def _build(work: Path) -> None:
    source = work / "src"
    (source / "advisor").mkdir(parents=True)
    shutil.copytree(ROOT / "advisor" / "data", source / "advisor" / "data")
    shutil.copytree(ROOT / "scenarios", source / "scenarios")
    leave = shutil.ignore_patterns("build", "dist", "*.egg-info", "*.yaml")
    shutil.copytree(ROOT / "data-dist", source / "data-dist", ignore=leave)
    scenario = source / "scenarios" / "cn-licence-stop.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        "\ntitle: ", f"\ntitle: {MARK} ", 1), encoding="utf-8")  # fmt: skip
    reference = source / "advisor" / "data" / "reference.yaml"
    text = reference.read_text(encoding="utf-8")
    old = f"  compiled: {dataset.builtin().date}"
    assert old in text
    reference.write_text(text.replace(old, f"  compiled: {_newer()}", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source / "data-dist")],
        cwd=work, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _expected(prefix: str) -> set[str]:
    names = {f"{prefix}advisor_data/{n}" for n in ("__init__.py", "reference.yaml",
                                                   "producers.yaml")}  # fmt: skip
    return names | {f"{prefix}advisor_data/scenarios/{p.name}"
                    for p in (ROOT / "scenarios").glob("*.yaml")}  # fmt: skip


def test_the_version_is_the_date_of_the_data(built: Path) -> None:
    version = dataset.release_version(_newer())
    names = sorted(p.name for p in built.iterdir())
    assert names == [f"mineral_advisor_data-{version}-py3-none-any.whl",
                     f"mineral_advisor_data-{version}.tar.gz"]  # fmt: skip


def test_the_sdist_and_the_wheel_hold_the_data(built: Path) -> None:
    (sdist,) = built.glob("*.tar.gz")
    (wheel,) = built.glob("*.whl")
    top = sdist.name.removesuffix(".tar.gz") + "/"
    with tarfile.open(sdist) as archive:
        in_sdist = set(archive.getnames())
    assert _expected(top) <= in_sdist, sorted(_expected(top) - in_sdist)
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert _expected("") <= in_wheel, sorted(_expected("") - in_wheel)
    shipped = zipfile.ZipFile(wheel).read("advisor_data/producers.yaml").decode("utf-8")
    assert shipped == (ROOT / "advisor" / "data" / "producers.yaml").read_text(encoding="utf-8")


def test_installed_beside_advisor_the_newer_data_is_used(
    built: Path, wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (data_wheel,) = built.glob("*.whl")
    pip("install", "--no-deps", "--target", str(site), str(wheel), str(data_wheel), cwd=tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "PYTHON"))}
    env.update({"PYTHONPATH": str(site), "ADVISOR_CACHE_DIR": str(tmp_path / "cache")})

    def advisor(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "advisor", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    shown = advisor("data", "version", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert (body["in_use"], body["release"], body["as_of"]) == (
        "mineral-advisor-data",
        dataset.release_version(_newer()),
        _newer().isoformat(),
    )
    assert Path(body["folder"]) == site / "advisor_data"
    assert body["built_in"]["folder"].startswith(str(site / "advisor"))
    shutil.copy(ROOT / "examples" / "ev-motor-maker.yaml", tmp_path / "profile.yaml")
    report = advisor("assess", "profile.yaml", "--format", "json")
    header = json.loads(report.stdout)["assessments"][0]["versions"]["reference_data"]
    assert header.endswith(f"; mineral-advisor-data {body['release']})"), header
    scenarios = advisor("scenarios", "list")
    assert scenarios.returncode == 0, scenarios.stderr
    assert f"{MARK} China stops granting export licences" in scenarios.stdout
