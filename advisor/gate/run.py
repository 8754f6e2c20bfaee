"""One `advisor check`: config → rules and data → scan → outcomes → waivers → baseline.

Every file gets an outcome; the files that could not be checked are errors carried beside the
results of the others, so every report format still shows everything (the CLI then exits 2).
Each file's waivers and baseline are applied as its outcome comes, in input order; what the
report's head and foot need of every file (errors, waiver notes, counts) is kept as it goes.
With ``on_file``, each file's results are handed on and not kept, so that the memory of a
check does not grow with its number of files.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.errors import Problem, UsageError
from advisor.gate import baseline as bl
from advisor.gate.check import Item, Outcome, Work, check_all, check_each, source_name
from advisor.gate.config import Config, rule_pack
from advisor.gate.keep import ALL, reads
from advisor.gate.scan import DEFAULT_GLOBS, STDIN, Target, readable, report_path, scan
from advisor.gate.waivers import Waiver, Waiving, load_file
from advisor.render import Format, Notice

if TYPE_CHECKING:
    from advisor.engine.model import Assessment
    from advisor.reference.load import Reference
    from advisor.rules.packs import RuleSet

Progress = Callable[[int, int], None]
#: Called with each file's assessment (waivers and baseline applied) and the path reports
#: show for it, in input order, as soon as the file is checked.
OnFile = Callable[["Assessment", str], None]


@dataclass(frozen=True)
class CheckRun:
    """Everything a check found, ready to render."""

    #: Every profile's results, in input order (none when they were handed to ``on_file``).
    assessments: tuple[Assessment, ...]
    errors: tuple[Problem, ...]
    notices: tuple[Notice, ...]
    skipped: tuple[str, ...]
    ruleset: RuleSet
    #: Every source named in the results → the path reports show.
    paths: Mapping[str, str]
    expired: int = 0
    waived: int = 0
    #: With a baseline: (new, known, fixed entries).
    baseline: tuple[int, int, tuple[bl.Entry, ...]] | None = None
    #: Profiles checked (with an assessment), kept or not.
    checked: int = 0
    #: With ``record``: every finding as checked, before waivers and baseline, as a baseline
    #: entry: what --write-baseline records.
    recorded: tuple[bl.Entry, ...] | None = field(default=None, repr=False)


def load_rules_and_data(config: Config) -> tuple[RuleSet, Reference]:
    """The rule set (built-in, the config's packs, its disable and parameters) and the data."""
    from advisor.reference.load import load_reference
    from advisor.rules.load import load_rules

    pack = rule_pack(config)
    documents = [(pack, pack.source)] if pack is not None else []
    rules = load_rules(list(config["rules"]), include_builtin=config["builtin"],
                       documents=documents)  # fmt: skip
    chosen = config.sources.get("assume", "default") != "default"
    return rules, load_reference(config["data"], config.values.get("assume") if chosen else None)


def targets(paths: Sequence[str], config: Config, cwd: Path) -> tuple[list[Target], list[Problem]]:
    """The files to check: *paths*, else the folder of the config file (or *cwd*)."""
    home = (
        os.path.relpath(Path(config.file).resolve().parent, cwd.resolve()) if config.file else "."
    )
    roots = list(paths) or [home]
    found = scan(roots, (*DEFAULT_GLOBS, *config["globs"]), config["exclude"])
    return list(found.targets), list(found.problems)


def run_check(
    paths: Sequence[str],
    config: Config,
    *,
    cwd: Path,
    today: dt.date,
    stdin: str | None = None,
    baseline_ref: str | None = None,
    recommend: bool = False,
    on_progress: Progress | None = None,
    keep: Collection[Format] | None = None,
    on_file: OnFile | None = None,
    record: bool = False,
) -> CheckRun:
    """Check every profile under *paths* as *config* says; *stdin* is the text of ``-``.
    With *on_file*, each file's results go to it instead of ``CheckRun.assessments``; with
    *record*, ``CheckRun.recorded`` has every finding as a baseline entry."""
    from advisor.engine.assess import require_rules

    ruleset, reference = load_rules_and_data(config)
    require_rules(ruleset)
    waivers = load_file(config["waivers"], ruleset) if config["waivers"] else ()
    found, scan_problems = targets(paths, config, cwd)
    if not found and not scan_problems:
        raise UsageError("no supplier profiles to check")
    work = Work(ruleset, reference, config["max-age-days"], recommend, _needs(keep))
    items: list[Item] = [(t, stdin if t.path == STDIN else None) for t in found]
    sources = [source_name(t) for t in found] + [p.file for p in scan_problems]
    sources += [w.file for w in waivers]
    paths_ = {s: report_path(s, str(cwd)) for s in dict.fromkeys(sources)}
    gate = _Gate(Waiving(waivers, today, paths_, config["inline-waivers"]), paths_, record)
    if baseline_ref is not None:
        gate.comparing = bl.Comparing(_at_revision(baseline_ref, found, work, cwd, paths_))
    kept = []
    with closing(check_each(work, items, config["jobs"], on_progress)) as outcomes:
        # a baseline file is read once the first file is in: the processes checking the files
        # have started by then, and are not given a copy of it
        first = next(outcomes, None)
        if baseline_ref is None and config["baseline"]:
            gate.comparing = bl.Comparing(_baseline_file(Path(config["baseline"])))
        for outcome in chain(() if first is None else (first,), outcomes):
            a = gate.add(outcome)
            if a is not None and on_file is not None:
                on_file(a, paths_[a.source])
            elif a is not None:
                kept.append(a)
    return gate.run(tuple(kept), tuple(scan_problems), ruleset)


class _Gate:
    """Waivers and the baseline applied to each outcome as it comes, and what the report needs
    of every file kept: errors, skipped files, counts (and with *record* baseline entries)."""

    def __init__(self, waiving: Waiving, paths: Mapping[str, str], record: bool) -> None:
        self.waiving, self.paths = waiving, paths
        #: The baseline, if there is one, compared file by file.
        self.comparing: bl.Comparing | None = None
        self.errors: list[Problem] = []
        self.skipped: list[str] = []
        self.checked = 0
        self.recorded: set[bl.Entry] | None = set() if record else None

    def add(self, o: Outcome) -> Assessment | None:
        """The results of one file, waived and compared; None if it has none."""
        self.errors += o.problems
        if o.skipped:
            self.skipped.append(o.source)
        if o.assessment is None:
            return None
        if self.recorded is not None:
            self.recorded.update(bl.entries([o.assessment], self.paths))
        a = self.waiving.mark(o.assessment, o.waivers)
        if self.comparing is not None:
            a = self.comparing.mark(a, self.paths[a.source])
        self.checked += 1
        return a

    def run(
        self, kept: tuple[Assessment, ...], scan_problems: tuple[Problem, ...], ruleset: RuleSet
    ) -> CheckRun:
        """The whole check, once every file is in."""
        c = self.comparing
        return CheckRun(
            assessments=kept,
            errors=scan_problems + tuple(self.errors),
            notices=tuple(self.waiving.notices()),
            skipped=tuple(self.skipped),
            ruleset=ruleset,
            paths=self.paths,
            expired=len(self.waiving.expired),
            waived=self.waiving.waived,
            baseline=(c.new, c.known, c.fixed(c.checked)) if c is not None else None,
            checked=self.checked,
            recorded=tuple(sorted(self.recorded)) if self.recorded is not None else None,
        )


def _needs(formats: Collection[Format] | None) -> frozenset[str] | None:
    """What to keep of each file: what *formats* read (:mod:`advisor.gate.keep`), or all."""
    return ALL if formats is None else reads(formats)


def _baseline_file(path: Path) -> list[bl.Entry]:
    """The entries of the baseline file at *path*; UsageError if it cannot be read."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the baseline ({exc.strerror or exc})") from None
    return bl.parse(text, str(path))


def _at_revision(
    ref: str, found: Sequence[Target], work: Work, cwd: Path, paths: Mapping[str, str]
) -> list[bl.Entry]:
    """The baseline at the git revision *ref*, made before the files are checked (each is
    compared as it comes): the entries of every file to check that can be read now, as it was
    at *ref*. A file that turns out not to be a valid profile now has no finding to match and
    is not checked, so its entries are never fixed: they change nothing."""
    sources = [source_name(t) for t in found if t.path == STDIN or readable(t.path) is None]
    return bl.entries(assess_at(ref, sources, work, cwd), paths)


def assess_at(ref: str, sources: Sequence[str], work: Work, cwd: Path) -> list[Assessment]:
    """The profiles *sources* as they were at the git revision *ref*, assessed (a file that did
    not exist there, or was no valid profile, has no assessment)."""
    from advisor.gate import gitref

    top = gitref.root(cwd)
    files = [s for s in sources if s != source_name(Target(STDIN, True))]
    names = {s: gitref.relative(s, top) for s in files}
    texts = gitref.read_at(ref, top, list(names.values()))
    items: list[Item] = [
        (Target(s, True), texts[names[s]]) for s in files if texts[names[s]] is not None
    ]
    # a baseline entry needs only what every check keeps
    bare = replace(work, recommend=False, needs=frozenset())
    outcomes = check_all(bare, items, 1 if len(items) < 8 else 0)
    return [o.assessment for o in outcomes if o.assessment is not None]


def baseline_text(run: CheckRun) -> str:
    """The baseline file recording every finding of *run* (waived ones too): the run must have
    been made with ``record=True``."""
    if run.recorded is None:
        raise ValueError("the check did not record its findings (record=True)")
    return bl.dump(run.recorded)


__all__ = ["CheckRun", "OnFile", "Waiver", "baseline_text", "load_rules_and_data", "run_check"]
