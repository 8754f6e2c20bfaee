"""Data releases: which shipped data a run uses, `data version`, `data changes` and the
`--max-data-age` gate (docs/data.md, "Data releases").

A stand-in for an installed ``mineral-advisor-data`` is a folder ``advisor_data`` (the shipped
files, edited) put on PYTHONPATH: what ``pip install`` makes of the distribution, without the
build (tests/reference/test_data_dist.py builds and installs the real one).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_support import run_many

from advisor import dataset
from advisor.reference.load import load_reference

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ev-motor-maker.yaml"
#: A control whose suspension the ev-motor-maker example relies on (ADV008, "suspended
#: controls that may return"): recorded as in force from the same date in the edited data.
SUSPENDED = "cn-2025-ann61-extraterritorial"
Run = Callable[..., Any]


def _text() -> str:
    return (ROOT / "advisor" / "data" / "reference.yaml").read_text(encoding="utf-8")


def _dated(text: str, day: dt.date) -> str:
    old = f"  compiled: {dataset.builtin().date}"
    assert old in text
    return text.replace(old, f"  compiled: {day.isoformat()}", 1)


def _no_suspension(text: str, control: str) -> str:
    """*text* with the first suspension of *control* recorded as the measure in force."""
    start = text.index(f"  - id: {control}\n")
    at = text.index("{state: suspended, ", start)
    end = text.index("}", at)
    entry = text[at : end + 1]
    fields = dict(part.split(": ", 1) for part in entry.strip("{}").split(", "))
    edited = f"{{state: in_force, date: {fields['date']}, source: {fields['source']}}}"
    return text[:at] + edited + text[end + 1 :]


def make_release(folder: Path, day: dt.date, text: str | None = None, fmt: int = 1) -> Path:
    """A release in *folder* (as the distribution lays it out) dated *day*."""
    folder.mkdir(parents=True)
    body = _dated(text if text is not None else _text(), day)
    if fmt != 1:
        body = body.replace("format: 1\n", f"format: {fmt}\n", 1)
    (folder / "reference.yaml").write_text(body, encoding="utf-8")
    shutil.copy(ROOT / "advisor" / "data" / "producers.yaml", folder / "producers.yaml")
    shutil.copytree(ROOT / "scenarios", folder / "scenarios", ignore=_not_yaml)
    (folder / "__init__.py").write_text('"""Data."""\n', encoding="utf-8")
    return folder


def _not_yaml(_: str, names: list[str]) -> list[str]:
    return [n for n in names if not n.endswith(".yaml")]


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., dict[str, str]]:
    """``site(days)``: an installed stand-in dated *days* after the built-in copy; returns the
    environment that puts it on the path (and a cache folder of its own)."""

    def make(days: int, fmt: int = 1, text: str | None = None) -> dict[str, str]:
        assert dataset.builtin().date is not None
        day = dataset.builtin().date + dt.timedelta(days=days)
        where = tmp_path / f"site{days}-{fmt}"
        make_release(where / dataset.DIST_PACKAGE, day, text, fmt)
        return {"PYTHONPATH": str(where), "ADVISOR_CACHE_DIR": str(tmp_path / "cache")}

    return make


# -- the date, read fast and loaded strictly -----------------------------------------------------
def test_the_date_read_fast_is_the_date_loaded_strictly() -> None:
    shipped = dataset.builtin()
    assert shipped.date == load_reference().compiled
    assert shipped.version == dataset.release_version(load_reference().compiled)
    assert dataset.release_version(dt.date(2026, 12, 8)) == "2026.12.8"


def test_the_file_formats_advisor_reads_are_the_model_s() -> None:
    from typing import get_args

    from advisor.reference.models import ReferenceFile

    annotation = ReferenceFile.model_fields["format"].annotation
    assert tuple(get_args(annotation)) == dataset.FORMATS


# -- which copy is used --------------------------------------------------------------------------
def test_a_newer_distribution_is_used_and_named(site: Any, tmp_path: Path):
    env = site(6)
    as_of = str(dataset.builtin().date + dt.timedelta(days=6))  # type: ignore[operator]
    # one new process (the copy is chosen at its start) runs the three commands
    version, text, report = run_many(tmp_path, [
        ["data", "version", "--format", "json"],
        ["data", "version", "--today", as_of],
        ["assess", str(EXAMPLE), "--format", "json"],
    ], env)  # fmt: skip
    assert version.returncode == 0, version.stderr
    shown = json.loads(version.stdout)
    assert shown["in_use"] == "mineral-advisor-data"
    assert shown["folder"].startswith(env["PYTHONPATH"])
    assert shown["as_of"] == as_of
    assert shown["installed_not_used"] is None
    assert f"data in use: mineral-advisor-data, release {shown['release']}" in text.stdout
    assert "age:      0 days" in text.stdout
    header = json.loads(report.stdout)["assessments"][0]["versions"]["reference_data"]
    assert header.endswith(f"; mineral-advisor-data {shown['release']})"), header


@pytest.mark.parametrize(
    ("days", "fmt", "env", "why"),
    [
        (0, 1, {}, "it is not newer than the built-in copy"),
        (-30, 1, {}, "it is not newer than the built-in copy"),
        (6, 2, {}, "it uses data format 2 and this advisor reads format 1"),
        (6, 1, {"ADVISOR_BUILTIN_DATA": "1"}, "ADVISOR_BUILTIN_DATA is set"),
    ],
    ids=["same-date", "older", "unknown-format", "pinned"],
)
def test_the_built_in_copy_is_used_otherwise_and_says_why(
    site: Any, tmp_path: Path, days: int, fmt: int, env: dict[str, str], why: str
) -> None:
    version, report = run_many(tmp_path, [  # one new process for both
        ["data", "version", "--format", "json"],
        ["assess", str(EXAMPLE), "--format", "json"],
    ], {**site(days, fmt), **env})  # fmt: skip
    assert version.returncode == 0, version.stderr
    shown = json.loads(version.stdout)
    assert shown["in_use"] == "built-in"
    assert shown["installed"] is not None and shown["installed_not_used"].startswith(why)
    header = json.loads(report.stdout)["assessments"][0]["versions"]["reference_data"]
    assert "mineral-advisor-data" not in header


def test_an_override_still_applies_on_top_of_the_distribution(
    site: Any, run_advisor: Run, tmp_path: Path, data_dir: Path
) -> None:
    override = data_dir / "reference" / "override_ok.yaml"
    shown = run_advisor("data", "version", "--format", "json", "--data", override,
                        cwd=tmp_path, env=site(6))  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert body["in_use"] == "mineral-advisor-data" and body["overrides"] == [str(override)]
    assert body["version"].endswith("+test.1")


def test_the_snapshot_is_kept_per_data_in_use(site: Any, run_advisor: Run, tmp_path: Path):
    env = site(6)
    cache = Path(env["ADVISOR_CACHE_DIR"])
    for extra in ({"ADVISOR_BUILTIN_DATA": "1"}, {}, {"ADVISOR_BUILTIN_DATA": "1"}, {}):
        report = run_advisor("assess", EXAMPLE, "--format", "json", cwd=tmp_path,
                             env={**env, **extra})  # fmt: skip
        header = json.loads(report.stdout)["assessments"][0]["versions"]["reference_data"]
        assert ("mineral-advisor-data" in header) == (not extra), (extra, header)
    assert len(list(cache.glob("reference-*.snapshot"))) == 2
    assert len(list(cache.glob("producers-*.snapshot"))) == 2


# -- data changes --------------------------------------------------------------------------------
def _releases(tmp_path: Path) -> tuple[Path, Path]:
    day = dataset.builtin().date
    assert day is not None
    old = make_release(tmp_path / "old", day)
    new = make_release(tmp_path / "new", day + dt.timedelta(days=7),
                       _no_suspension(_text(), SUSPENDED))  # fmt: skip
    return old, new


def test_data_changes_names_the_control_and_the_findings_it_changes(
    cli_in: Run, tmp_path: Path
) -> None:
    old, new = _releases(tmp_path)
    result = cli_in("data", "changes", old, new, EXAMPLE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"  ~ {SUSPENDED} (changed)\n      timeline[0].state: suspended → in_force" in out
    assert "compiled: " in out and "scenarios" in out.splitlines()[1]
    assert f"{EXAMPLE}: risk" in out
    resolved = [line for line in out.splitlines() if line.startswith("  - low ADV008")]
    assert resolved and "Ann. 61/2025" in resolved[0], out
    assert out.rstrip().endswith("findings or scores changed for 1 of 1 profile(s)")
    failing = cli_in("data", "changes", old, new, EXAMPLE, "--fail-on-change", cwd=tmp_path)
    assert failing.returncode == 1 and failing.stdout == out


def test_data_changes_as_json(cli_in: Run, tmp_path: Path) -> None:
    old, new = _releases(tmp_path)
    result = cli_in("data", "changes", old, new, EXAMPLE, "--format", "json", cwd=tmp_path)
    body = json.loads(result.stdout)
    control = next(e for e in body["data"] if e["key"] == SUSPENDED)
    assert control["change"] == "changed" and control["section"] == "controls"
    assert {"field": "timeline[0].state", "before": "suspended", "after": "in_force"} in (
        control["fields"]
    )
    (profile,) = body["profiles"]
    assert profile["changed"] is True and body["changed"] is True
    assert [(f["rule"], f["subject"]) for f in profile["resolved"]] == [("ADV008", "ndfeb-magnets")]


def test_the_same_data_changes_nothing(cli_in: Run, tmp_path: Path) -> None:
    result = cli_in("data", "changes", "built-in", ROOT, EXAMPLE, "--fail-on-change",
                         cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no data entry changed" in result.stdout
    assert result.stdout.rstrip().endswith("no finding or score of the 1 profile(s) changed")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nowhere", "built-in"), "nowhere: no such file or folder"),
        (("installed", "built-in"), "mineral-advisor-data is not installed"),
    ],
)
def test_data_changes_bad_input_is_exit_2(
    cli_in: Run, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli_in("data", "changes", *args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and not result.stdout


def test_data_changes_names_the_line_of_an_invalid_release(cli_in: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(_text().replace("  compiled: ", "  compiled_on: ", 1), encoding="utf-8")
    result = cli_in("data", "changes", "built-in", bad, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{bad}:") and "compiled_on" in result.stderr


# -- the data-age gate ---------------------------------------------------------------------------
def _check(run_advisor: Run, tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    profile = tmp_path / "profile.yaml"
    shutil.copy(EXAMPLE, profile)
    return run_advisor("check", profile, "--fail-on", "none", *args, cwd=tmp_path, env=env)


def test_max_data_age_fails_the_check_on_old_data_and_passes_on_fresh(
    cli_in: Run, tmp_path: Path
) -> None:
    day = dataset.builtin().date
    assert day is not None
    later = (day + dt.timedelta(days=40)).isoformat()
    old = _check(cli_in, tmp_path, "--max-data-age", "30", "--today", later,
                 "--junit-output", "report.xml")  # fmt: skip
    assert old.returncode == 1, old.stderr
    message = f"is 40 days old on {later}, older than max-data-age 30"
    assert f"error: reference data 2026.2 (as of {day}) {message}" in old.stdout
    assert "reference data older than max-data-age" in old.stderr
    assert 'type="stale-data"' in (tmp_path / "report.xml").read_text(encoding="utf-8")
    fresh = _check(cli_in, tmp_path, "--max-data-age", "40", "--today", later)
    assert fresh.returncode == 0, fresh.stdout
    assert "max-data-age" not in fresh.stdout + fresh.stderr
    assert f"reference data 2026.2 (as of {day})" in fresh.stdout


def test_max_data_age_from_the_config_file_and_the_environment(cli_in: Run, tmp_path: Path) -> None:
    day = dataset.builtin().date
    assert day is not None
    later = (day + dt.timedelta(days=10)).isoformat()
    (tmp_path / ".advisor.yaml").write_text("max-data-age: 5\n", encoding="utf-8")
    assert _check(cli_in, tmp_path, "--today", later).returncode == 1
    relaxed = _check(cli_in, tmp_path, "--today", later, env={"ADVISOR_MAX_DATA_AGE": "10"})
    assert relaxed.returncode == 0, relaxed.stdout
    (tmp_path / ".advisor.yaml").write_text("max-data-age: soon\n", encoding="utf-8")
    bad = _check(cli_in, tmp_path, "--today", later)
    assert bad.returncode == 2 and ".advisor.yaml:1:" in bad.stderr


def test_data_changes_lists_producers_and_scenarios(cli_in: Run, tmp_path: Path) -> None:
    old, new = _releases(tmp_path)
    producers = new / "producers.yaml"
    text = producers.read_text(encoding="utf-8")
    at = text.index("  - id: lynas-malaysia-samarium\n")
    edited = text[at:].replace("status: planned", "status: ramping", 1)
    producers.write_text(text[:at] + edited, encoding="utf-8")
    (new / "scenarios" / "price-2011-rare-earths.yaml").unlink()
    result = cli_in("data", "changes", old, new, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert (
        "producers:\n  ~ lynas-malaysia-samarium (changed)\n      status: planned → ramping" in out
    )
    assert "scenarios:\n  - price-2011-rare-earths (removed)" in out


def test_a_finding_scored_differently_is_rescored() -> None:
    from dataclasses import replace

    from advisor import api
    from advisor.gate.data_changes import profile_change

    before = api.assess(api.load_profile(EXAMPLE))
    first = before.findings[0]
    moved = replace(first, severity="critical", score=replace(first.score, value=99.0))
    after = replace(before, findings=(moved, *before.findings[1:]))
    change = profile_change(before, after, str(EXAMPLE))
    assert [(r.before, r.after) for r in change.rescored] == [(first, moved)]
    assert change.changed and not change.diff.new and not change.diff.resolved
    assert not profile_change(before, before, str(EXAMPLE)).changed
