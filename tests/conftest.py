"""Shared fixtures: the project's folders, the starter profile, and running the installed CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"

#: The console script installed next to this interpreter (the entry point users run).
ADVISOR = Path(sys.executable).parent / "advisor"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``early`` first (in their order), then the rest: pytest-xdist hands tests
    out in this order, so the few that take seconds overlap the many quick ones instead of
    keeping one worker busy after the other has finished."""
    items.sort(key=lambda item: item.get_closest_marker("early") is None)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data."""
    return DATA


@pytest.fixture(scope="session")
def template() -> str:
    """The starter profile `advisor init` writes (package data; a valid profile)."""
    return resources.files("advisor.templates").joinpath("profile.yaml").read_text("utf-8")


@pytest.fixture(scope="session")
def valid_text() -> str:
    """The text of tests/data/profiles/valid.yaml, a small valid profile."""
    return (DATA / "profiles" / "valid.yaml").read_text(encoding="utf-8")


@pytest.fixture
def make_profile(tmp_path: Path, valid_text: str) -> Callable[..., Path]:
    """Write tests/data/profiles/valid.yaml with textual edits into tmp_path; return the path.

    ``make_profile(("share: 70%", "share: 90%"))`` replaces the first occurrence of each old
    text, which must be present (so a changed fixture fails loudly here, not silently).
    """

    def make(*edits: tuple[str, str], name: str = "profile.yaml", text: str | None = None) -> Path:
        body = valid_text if text is None else text
        for old, new in edits:
            assert old in body, f"fixture text not in the profile: {old!r}"
            body = body.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        return path

    return make


def _run_advisor(
    *args: str | Path,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    full_env.update({"NO_COLOR": "1", "COLUMNS": "100", **(env or {})})
    return subprocess.run(
        [str(ADVISOR), *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def run_advisor() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `advisor` console script: ``run_advisor(*args, cwd=..., env=...)``."""
    return _run_advisor


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Like run_advisor, with the working folder defaulting to tmp_path."""

    def run(
        *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return _run_advisor(*args, cwd=cwd or tmp_path, env=env)

    return run


@pytest.fixture
def cli_in(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Like cli, in this process (``cli_support.run_in``): the default for every test that is
    not about the process itself (entry point, exit, signals, variables read at start-up)."""
    from cli_support import run_in

    def run(
        *args: str | Path,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        stdin: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return run_in(cwd or tmp_path, *args, env={"COLUMNS": "100", **(env or {})}, stdin=stdin)

    return run


_NOT_SOURCE = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "tests",
    ".venv", "venv",
)  # fmt: skip


def pip(*args: str, cwd: Path) -> None:
    """Run this interpreter's pip quietly; fail the test with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def shared(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder *make* fills once per test run, shared by every pytest-xdist worker of the run:
    the first worker to ask makes it (under a file lock) and the others wait for it and reuse
    it. For what costs seconds to build (a wheel, a data release, a benchmark run). Each run
    has a base folder of its own, so nothing is reused from an earlier run."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder; each worker's basetemp is one below it
    done = base / f"shared-{name}"
    with _locked(base / f"shared-{name}.lock"):
        if not done.is_dir():
            work = Path(tempfile.mkdtemp(prefix=f"making-{name}-", dir=base))
            make(work)
            work.rename(done)  # whole or not there: a failed make leaves it to the next asker
    return done


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on *path* (created if need be); no lock where fcntl is missing
    (each worker then makes its own copy)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_wheel(work: Path) -> None:
    source = work / "src"
    shutil.copytree(DATA.parent.parent, source, ignore=_NOT_SOURCE)
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(work / "dist"), str(source),
        cwd=work)  # fmt: skip
    shutil.rmtree(source)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """advisor's wheel, built once per test run (:func:`shared`) from a clean copy of the
    project (so the build never writes into the working tree) with this interpreter's
    setuptools."""
    (built,) = (shared(tmp_path_factory, "wheel", _build_wheel) / "dist").glob(
        "mineral_advisor-*.whl"
    )
    return built
