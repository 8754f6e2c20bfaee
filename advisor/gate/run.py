"""One `advisor check`: config → rules and data → scan → outcomes → waivers → baseline.

Every file gets an outcome; the files that could not be checked are errors carried beside the
results of the others, so every report format still shows everything (the CLI then exits 2).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.errors import Problem, UsageError
from advisor.gate import baseline as bl
from advisor.gate.check import Item, Outcome, Work, check_all, source_name
from advisor.gate.config import Config, rule_pack
from advisor.gate.keep import ALL, reads
from advisor.gate.scan import DEFAULT_GLOBS, STDIN, Target, report_path, scan
from advisor.gate.waivers import Waiver, apply, load_file
from advisor.render import Format, Notice

if TYPE_CHECKING:
    from advisor.engine.model import Assessment
    from advisor.reference.load import Reference
    from advisor.rules.packs import RuleSet

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CheckRun:
    """Everything a check found, ready to render."""

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
    #: The findings as checked, before waivers and baseline: what --write-baseline records.
    raw: tuple[Assessment, ...] = field(default=(), repr=False)


def load_rules_and_data(config: Config) -> tuple[RuleSet, Reference]:
    """The rule set (built-in, the config's packs, its disable and parameters) and the data."""
    from advisor.reference.load import load_reference
    from advisor.rules.load import load_rules

    pack = rule_pack(config)
    documents = [(pack, pack.source)] if pack is not None else []
    rules = load_rules(list(config["rules"]), include_builtin=config["builtin"],
                       documents=documents)  # fmt: skip
    return rules, load_reference(config["data"])


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
) -> CheckRun:
    """Check every profile under *paths* as *config* says; *stdin* is the text of ``-``."""
    from advisor.engine.assess import require_rules

    ruleset, reference = load_rules_and_data(config)
    require_rules(ruleset)
    waivers = load_file(config["waivers"], ruleset) if config["waivers"] else ()
    found, scan_problems = targets(paths, config, cwd)
    if not found and not scan_problems:
        raise UsageError("no supplier profiles to check")
    work = Work(ruleset, reference, config["max-age-days"], recommend, _needs(keep))
    items: list[Item] = [(t, stdin if t.path == STDIN else None) for t in found]
    outcomes = check_all(work, items, config["jobs"], on_progress)
    sources = [o.source for o in outcomes] + [p.file for p in scan_problems]
    sources += [w.file for w in waivers]
    paths_ = {s: report_path(s, str(cwd)) for s in dict.fromkeys(sources)}
    raw = tuple(o.assessment for o in outcomes if o.assessment is not None)
    inline = [w for o in outcomes for w in o.waivers]
    applied = apply(raw, [*waivers, *inline], today, paths_, config["inline-waivers"])
    assessments = applied.assessments
    compared = None
    if baseline_ref is not None or config["baseline"]:
        entries = _baseline(config, baseline_ref, outcomes, work, cwd, paths_)
        checked = [paths_[a.source] for a in assessments]
        compared = bl.compare(assessments, entries, paths_, checked)
        assessments = compared.assessments
    errors = tuple(scan_problems) + tuple(p for o in outcomes for p in o.problems)
    return CheckRun(
        assessments=assessments,
        errors=errors,
        notices=tuple(applied.notices()),
        skipped=tuple(o.source for o in outcomes if o.skipped),
        ruleset=ruleset,
        paths=paths_,
        expired=len(applied.expired),
        waived=sum(applied.used.values()),
        baseline=(compared.new, compared.known, compared.fixed) if compared else None,
        raw=raw,
    )


def _needs(formats: Collection[Format] | None) -> frozenset[str] | None:
    """What to keep of each file: what *formats* read (:mod:`advisor.gate.keep`), or all."""
    return ALL if formats is None else reads(formats)


def _baseline(
    config: Config,
    ref: str | None,
    outcomes: Sequence[Outcome],
    work: Work,
    cwd: Path,
    paths: Mapping[str, str],
) -> list[bl.Entry]:
    if ref is None:
        path = Path(config["baseline"])
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise UsageError(f"{path}: cannot read the baseline ({exc.strerror or exc})") from None
        return bl.parse(text, str(path))
    return bl.entries(assess_at(ref, [o.source for o in outcomes if o.assessment], work, cwd),
                      paths)  # fmt: skip


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
    """The baseline file recording every finding of *run* (waived ones too)."""
    return bl.dump(bl.entries(run.raw, run.paths))


__all__ = ["CheckRun", "Waiver", "baseline_text", "load_rules_and_data", "run_check"]
