"""`advisor check` one file at a time: waivers and the baseline applied as each file comes give
what they gave applied to every file at once, the report written through a spool is the whole
report, the memory a check holds does not grow with its files, and a failure leaves no
partial output file."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from cli_support import run_in
from gate_support import example, make_repo, write

from advisor import api
from advisor.cli import main
from advisor.cli.check_report import Spooled
from advisor.engine.assess.model import Assessment
from advisor.fsutil import write_atomic_parts
from advisor.gate import baseline as bl
from advisor.gate import check as gate_check
from advisor.gate.check import Work, check_all
from advisor.gate.run import CheckRun, targets
from advisor.gate.scan import report_path
from advisor.gate.waivers import apply, load_file
from advisor.render import Format, Options, renderer

TODAY = dt.date(2026, 12, 1)
BATTERY = example("battery-maker")
WAIVERS = """waivers:
  - {rule: ADV013, subject: anode-graphite, reason: qualifying, until: 2027-06-30, owner: ops}
  - {rule: ADV013, subject: anode-graphite, reason: old, until: 2026-11-30}
  - {rule: ADV013, subject: no-such-material, reason: unused, until: 2027-06-30}
  - {rule: ADV010, subject: anode-graphite, reason: p1 only, until: 2027-06-30,
     profile: "configs/p1-*"}
"""


def _inline(comment: str) -> str:
    old = "    inventory: {days_of_cover: 95}\n"
    return BATTERY.replace(old, f"    inventory: {{days_of_cover: 95}}  {comment}\n")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Profiles of every kind: valid, broken, with inline waivers that hold, expired, match
    nothing or are malformed; a waivers file; a baseline of an older state of them."""
    names = ["battery-maker", "ev-motor-maker", "wind-turbine-maker", "electronics-maker"]
    files = {f"configs/p{i}-{n}.advisor.yaml": example(n) for i, n in enumerate(names * 2)}
    comments = {
        "ok": "ignore[ADV013] qualifying until=2027-06-30",
        "old": "ignore[ADV013] old until=2026-01-01",
        "unused": "ignore[ADV001] none until=2027-06-30",
        "bad": "ignore[ADV013] until=2027-06-30",
    }
    files |= {
        f"configs/inline-{k}.advisor.yaml": _inline(f"# advisor: {c}") for k, c in comments.items()
    }
    files |= {
        "configs/sub/broken.advisor.yaml": "as_of: [\n",
        "configs/sub/near.advisor.yaml": "Company: {name: X}\nMaterials: []\n",
        "notes.yaml": "title: not a profile\n",
        "waivers.yaml": WAIVERS,
    }  # fmt: skip
    root = make_repo(tmp_path_factory.mktemp("stream") / "repo", files)
    config = api.load_config({"jobs": 1}, {}, cwd=root, use_file=False)
    done = api.check([str(root / "configs")], config, cwd=root, today=TODAY, record=True)
    (root / "baseline.json").write_text(bl.dump(done.recorded or ()), encoding="utf-8")
    worse = BATTERY.replace("inventory: {days_of_cover: 100}", "inventory: {days_of_cover: 5}")
    better = BATTERY.replace("inventory: {days_of_cover: 95}", "inventory: {days_of_cover: 400}")
    # one file more risky, one less, one broken since: its entries are not fixed
    write(root, {"configs/p0-battery-maker.advisor.yaml": worse,
                 "configs/p4-battery-maker.advisor.yaml": better,
                 "configs/p7-electronics-maker.advisor.yaml": "as_of: [\n"})  # fmt: skip
    return root


VARIANTS: dict[str, dict[str, Any]] = {
    "plain": {},
    "waivers": {"waivers": "waivers.yaml"},
    "no-inline": {"waivers": "waivers.yaml", "inline-waivers": False},
    "baseline": {"baseline": "baseline.json", "waivers": "waivers.yaml"},
}


def _config(root: Path, flags: dict[str, Any], jobs: int = 1) -> Any:
    return api.load_config({**flags, "jobs": jobs}, {}, cwd=root, use_file=False)


def _as_before(root: Path, flags: dict[str, Any]) -> tuple[list[Assessment], Any, Any]:
    """The check's waivers and baseline applied to every file at once, as the check did
    before it applied them file by file: (assessments, waivers applied, baseline compared)."""
    config = _config(root, flags)
    ruleset, reference = api.rules_for(config), api.reference_for(config)
    found, problems = targets(_inputs(root), config, root)
    outcomes = check_all(Work(ruleset, reference), [(t, None) for t in found], 1)
    waivers = load_file(config["waivers"], ruleset) if config["waivers"] else ()
    sources = [o.source for o in outcomes] + [p.file for p in problems] + [w.file for w in waivers]
    paths = {s: report_path(s, str(root)) for s in dict.fromkeys(sources)}
    raw = [o.assessment for o in outcomes if o.assessment is not None]
    inline = [w for o in outcomes for w in o.waivers]
    applied = apply(raw, [*waivers, *inline], TODAY, paths, config["inline-waivers"])
    out, compared = list(applied.assessments), None
    if config["baseline"]:
        entries = bl.parse(Path(config["baseline"]).read_text("utf-8"), "baseline.json")
        compared = bl.compare(out, entries, paths, [paths[a.source] for a in out])
        out = list(compared.assessments)
    return out, applied, compared


def _streamed(root: Path, flags: dict[str, Any], jobs: int) -> tuple[CheckRun, list[Assessment]]:
    config = _config(root, _rooted(root, flags), jobs)
    seen: list[Assessment] = []
    done = api.check(_inputs(root), config, cwd=root, today=TODAY,
                     keep=[Format.sarif], on_file=lambda a, path: seen.append(a))  # fmt: skip
    return done, seen


def _inputs(root: Path) -> list[str]:
    return [str(root / "configs"), str(root / "notes.yaml")]


def _rooted(root: Path, flags: dict[str, Any]) -> dict[str, Any]:
    return {k: str(root / v) if isinstance(v, str) else v for k, v in flags.items()}


@pytest.fixture(scope="module")
def once(repo: Path) -> dict[tuple[str, ...], Any]:
    """What the parametrised tests compare against, computed once per variant (and format)
    for the module: each is a whole check of the repository."""
    return {}


def _once(cache: dict[tuple[str, ...], Any], key: tuple[str, ...], make: Any) -> Any:
    if key not in cache:
        cache[key] = make()
    return cache[key]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("variant", VARIANTS)
def test_waivers_and_baseline_file_by_file_are_what_they_were_at_once(
    repo: Path, once: dict[tuple[str, ...], Any], variant: str, jobs: int
) -> None:
    flags = _rooted(repo, VARIANTS[variant])
    before, applied, compared = _once(once, ("before", variant), lambda: _as_before(repo, flags))
    done, seen = _streamed(repo, VARIANTS[variant], jobs)
    assert not done.assessments and done.checked == len(seen) == len(before) == 11
    cut = [f for a in before for f in a.findings]
    # the check kept what SARIF reads of each finding: compare what waivers and baselines set
    states = [(f.rule_id, f.subject, f.location, f.suppression, f.baseline) for f in cut]
    assert [(f.rule_id, f.subject, f.location, f.suppression, f.baseline)
            for a in seen for f in a.findings] == states  # fmt: skip
    assert done.notices == tuple(applied.notices())
    assert (done.waived, done.expired) == (sum(applied.used.values()), len(applied.expired))
    if compared is not None:
        assert done.baseline == (compared.new, compared.known, compared.fixed)
        assert compared.fixed and compared.new and compared.known  # every case is there
    assert done.notices and done.errors and done.skipped == (str(repo / "notes.yaml"),)


CHANGES: list[dict[str, Any]] = [
    {"fail_on": "high"}, {"fail_on": "medium", "min_severity": "low"}, {}
]  # fmt: skip


def _reports(root: Path, fmt: Format, flags: dict[str, Any]) -> list[str]:
    """The report of the check written file by file through the CLI's spool, under each of
    CHANGES: one check (two processes) hands each file to a spool per options."""
    config = _config(root, _rooted(root, flags), 2)
    with contextlib.ExitStack() as stack:
        spools = [stack.enter_context(Spooled(fmt, None, Options(**c))) for c in CHANGES]

        def on_file(a: Assessment, path: str) -> None:
            for spool in spools:
                spool.on_file(a, path)

        done = api.check(_inputs(root), config, cwd=root, today=TODAY, keep=[fmt],
                         on_file=on_file)  # fmt: skip
        texts = []
        for spool, changes in zip(spools, CHANGES, strict=True):
            final = Options(paths=done.paths, errors=done.errors, notices=done.notices, **changes)
            ((parts, _),) = spool.texts(done, final)
            texts.append("".join(parts))
        return texts


@pytest.mark.parametrize("fmt", [Format.lines, Format.github], ids=lambda f: f.value)
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("changes", range(len(CHANGES)), ids=lambda i: f"changes{i}")
def test_the_spooled_report_is_the_whole_report(
    repo: Path, once: dict[tuple[str, ...], Any], fmt: Format, variant: str, changes: int
) -> None:
    config = _config(repo, _rooted(repo, VARIANTS[variant]), 1)
    whole = _once(once, ("whole", variant, fmt.value), lambda: api.check(
        _inputs(repo), config, cwd=repo, today=TODAY, keep=[fmt]))  # fmt: skip
    assert whole.checked == len(whole.assessments) == 11 and whole.errors and whole.notices
    options = Options(paths=whole.paths, errors=whole.errors, notices=whole.notices,
                      **CHANGES[changes])  # fmt: skip
    expected = renderer(fmt).render(whole.assessments, options)
    spooled = _once(once, ("spooled", variant, fmt.value),
                    lambda: _reports(repo, fmt, VARIANTS[variant]))  # fmt: skip
    assert spooled[changes] == expected


@pytest.mark.parametrize(
    "args",
    [
        ["-j", "1"],
        ["-j", "2", "-f", "github", "--fail-on", "medium"],
        ["--waivers", "waivers.yaml", "--baseline", "baseline.json", "--min-severity", "low"],
        ["--baseline-ref", "HEAD", "-f", "github", "--waivers", "waivers.yaml"],
        ["-", "--fail-on", "low"],
    ],
    ids=["serial", "github", "waivers-baseline", "git-ref", "stdin"],
)
def test_the_cli_prints_the_same_spooled_or_whole(repo: Path, args: list[str]) -> None:
    # with a JSON file beside it the report is rendered whole from every file's results
    common = ["check", "configs", "notes.yaml", "--today", "2026-12-01", *args]
    spooled = run_in(repo, *common, stdin=BATTERY)
    whole = run_in(repo, *common, "--json-output", "whole.json", stdin=BATTERY)
    assert spooled.stdout == whole.stdout and spooled.stderr == whole.stderr
    assert spooled.returncode == whole.returncode == 2  # the broken files
    assert spooled.stdout.count(": risk ") >= 11


def _profiles(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        name = ["battery-maker", "ev-motor-maker"][i % 2]
        (folder / f"p{i:03}.advisor.yaml").write_text(example(name), encoding="utf-8")
    return folder


def _held(folder: Path, streamed: bool) -> tuple[int, int]:
    """(peak, kept after) bytes a serial check of *folder* allocates, writing lines."""
    config = api.load_config({"jobs": 1}, {}, cwd=folder, use_file=False)
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        with Spooled(Format.lines, None, Options()) as out:
            done = api.check([str(folder)], config, cwd=folder, today=TODAY, keep=[Format.lines],
                             on_file=out.on_file if streamed else None)  # fmt: skip
            gc.collect()
            now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert done.checked > 0 and not done.errors
    return peak - base, now - base


def test_a_streamed_check_holds_the_same_memory_for_4_times_the_files(tmp_path: Path) -> None:
    # 8 and 32 files: what a streamed check keeps is about 200 bytes a file, what a whole one
    # keeps about 18 KB, so the margins below hold at any count (and 168 files cost 10 s)
    small, large = _profiles(tmp_path / "small", 8), _profiles(tmp_path / "large", 32)
    _held(_profiles(tmp_path / "warm", 2), True)  # warm what every run shares (caches, imports)
    (peak_small, kept_small), (peak_large, kept_large) = _held(small, True), _held(large, True)
    _, kept_whole = _held(small, False)
    # what grows is the list of files, their names and report paths: not their findings
    assert (kept_large - kept_small) / 24 < 1024, (kept_small, kept_large)
    assert peak_large < peak_small * 1.25 + 24 * 1024, (peak_small, peak_large)
    assert kept_whole - kept_small > 8 * 8 * 1024  # results kept: kilobytes per file


def test_a_check_that_fails_midway_leaves_no_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _profiles(tmp_path / "profiles", 6)
    (tmp_path / "report.txt").write_text("the last report\n", encoding="utf-8")
    checked = gate_check.check_one
    calls = []

    def fails_on_the_fourth(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("disk on fire")
        return checked(*args)

    monkeypatch.setattr(gate_check, "check_one", fails_on_the_fourth)
    monkeypatch.chdir(tmp_path)
    for output in ("report.txt", "new.txt"):
        with pytest.raises(SystemExit) as stopped:
            main(["check", str(folder), "-j", "1", "-o", output, "--no-config"])
        assert stopped.value.code == 3
        assert "internal error (RuntimeError)" in capsys.readouterr().err
        calls.clear()
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "the last report\n"
    assert sorted(os.listdir(tmp_path)) == ["profiles", "report.txt"]


def test_an_output_written_in_parts_is_whole_or_not_there(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("before\n", encoding="utf-8")

    def parts() -> Any:
        yield "head\n"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic_parts(target, parts())
    assert target.read_text(encoding="utf-8") == "before\n"
    assert os.listdir(tmp_path) == ["out.txt"]
    write_atomic_parts(target, iter(["head\n", "body\n", "tail\n"]))
    assert target.read_text(encoding="utf-8") == "head\nbody\ntail\n"


def test_a_baseline_from_a_revision_where_a_profile_was_a_folder(tmp_path: Path) -> None:
    # git prints a folder's listing after its header: the next file must still be read
    root = make_repo(tmp_path / "repo", {"a.advisor.yaml/x.txt": "x\n", "b.advisor.yaml": BATTERY})
    (root / "a.advisor.yaml" / "x.txt").unlink()
    (root / "a.advisor.yaml").rmdir()
    write(root, {"a.advisor.yaml": BATTERY})
    result = run_in(root, "check", "a.advisor.yaml", "b.advisor.yaml", "--baseline-ref", "HEAD")
    assert result.returncode == 1, result.stderr
    assert "baseline: 8 new, 8 known, 0 fixed" in result.stderr
