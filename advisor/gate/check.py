"""Checking many profiles: one outcome per file, in parallel on every core, in input order.

Each file is read, validated and assessed on its own, so one broken profile never hides the
results of the others: its outcome carries its problems instead of an assessment. Workers are
processes (the engine is pure Python, so threads would not run in parallel); each gets the rule
set and the reference data once, and the outcomes are put back in input order, so the output
is byte-identical whatever the number of processes. :func:`check_each` hands each outcome on as
soon as it and those before it are done, with at most ``AHEAD`` files per worker in flight, so
that the outcomes waiting for a slow file stay few.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.errors import AdvisorError, Problem
from advisor.gate.keep import keep
from advisor.gate.scan import STDIN, Target, file_problem, readable
from advisor.gate.waivers import Waiver, inline

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment
    from advisor.reference.load import Reference
    from advisor.rules.packs import RuleSet
    from advisor.yaml.document import Document

#: The name reports give standard input.
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Work:
    """What checking one file needs, the same for every file."""

    ruleset: RuleSet
    reference: Reference
    max_age_days: int = 730
    recommend: bool = False
    #: What the run's report formats read of each assessment (:func:`advisor.gate.keep.reads`;
    #: None: everything): the rest is dropped as soon as the file is assessed.
    needs: frozenset[str] | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one file: an assessment, problems (or both), or skipped."""

    source: str
    assessment: Assessment | None = None
    problems: tuple[Problem, ...] = ()
    skipped: bool = False
    waivers: tuple[Waiver, ...] = ()
    #: The subjects the file's rules were evaluated on (what a waiver could match).
    subjects: frozenset[str] = frozenset()


def source_name(target: Target) -> str:
    """The name a report gives *target*."""
    return STDIN_NAME if target.path == STDIN else target.path


def check_one(work: Work, target: Target, text: str | None = None) -> Outcome:
    """Read (or parse *text*), validate and assess one file."""
    source = source_name(target)
    if text is None:
        problem = readable(target.path)
        if problem is not None:
            return Outcome(source, problems=(problem,))
    try:
        doc = _load(target.path, source, text)
    except AdvisorError as exc:
        return Outcome(source, problems=_problems(exc, source))
    from advisor.profile.build import looks_like_profile

    if target.explicit and not looks_like_profile(doc):
        if not _named_as_profile(target.path):
            return Outcome(source, skipped=True)
        return Outcome(source, problems=(_not_a_profile(doc, source),))
    raw = text if text is not None else _text(target.path)
    waivers, bad = inline(raw, source)
    try:
        assessment = _assess(work, doc)
    except AdvisorError as exc:
        return Outcome(source, problems=_problems(exc, source) + bad)
    subjects = frozenset(subject for _, subject in assessment.evaluated)
    return Outcome(source, keep(assessment, work.needs), bad, waivers=waivers, subjects=subjects)


def _named_as_profile(path: str) -> bool:
    """True if *path* is named as a profile is (``*.advisor.yaml``): named on the command line,
    it must be one, whatever YAML it holds."""
    return path.lower().endswith((".advisor.yaml", ".advisor.yml"))


def _not_a_profile(doc: Document, source: str) -> Problem:
    from advisor.profile.build import PROFILE_KEYS

    keys = ", ".join(sorted(PROFILE_KEYS))
    return Problem(
        1, 1, "<document>",
        f"not a supplier profile: no top-level {keys} (a profile nested under another key is "
        "not read)", source,
    )  # fmt: skip


def _load(path: str, source: str, text: str | None) -> Document:
    from advisor.yaml.loader import load_file, load_text

    return load_file(path) if text is None else load_text(text, source)


def _text(path: str) -> str:
    from advisor.fsutil import read_regular
    from advisor.yaml.loader import Limits

    try:  # bounded like the load: the file may have been swapped since
        return read_regular(path, Limits.from_env().max_bytes).decode("utf-8", "replace")
    except AdvisorError:
        return ""


def _assess(work: Work, doc: Document) -> Assessment:
    from advisor.engine.pipeline import assess
    from advisor.profile.build import profile_from

    profile = profile_from(doc)
    return assess(profile, work.ruleset, work.reference, doc, recommend=work.recommend,
                  stale_days=work.max_age_days)  # fmt: skip


def _problems(exc: AdvisorError, source: str) -> tuple[Problem, ...]:
    if exc.problems:
        return tuple(exc.problems)
    return (file_problem(source, exc.message.removeprefix(f"{source}: ")),)


def cores() -> int:
    """The processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


Item = tuple[Target, "str | None"]
Progress = Callable[[int, int], None]


def check_all(
    work: Work, items: Sequence[Item], jobs: int = 0, on_progress: Progress | None = None
) -> list[Outcome]:
    """The outcome of every item (target, text or None), in input order (:func:`check_each`)."""
    return list(check_each(work, items, jobs, on_progress))


def check_each(
    work: Work, items: Sequence[Item], jobs: int = 0, on_progress: Progress | None = None
) -> Generator[Outcome, None, None]:
    """The outcome of each item (target, text or None) in input order, each as soon as it and
    those before it are done; *jobs* processes (0: one per core; 1: in this process).
    *on_progress* gets (done, total) after each file. Closing it early stops the processes
    (the files not yet started are not checked)."""
    workers = min(jobs or cores(), len(items))
    if workers <= 1:
        for i, (target, text) in enumerate(items):
            yield check_one(work, target, text)
            if on_progress is not None:
                on_progress(i + 1, len(items))
        return
    yield from _parallel(work, items, workers, on_progress)


_WORK: Work | None = None
#: Files handed to the workers ahead of the next outcome due, per worker: enough to keep them
#: busy, few enough that the outcomes waiting for a slow file before them stay few.
AHEAD = 8


def _start(work: Work) -> None:
    global _WORK
    _WORK = work


def _run(target: Target, text: str | None) -> Outcome:
    assert _WORK is not None, "worker started without its work"
    return check_one(_WORK, target, text)


def _parallel(
    work: Work, items: Sequence[Item], workers: int, on_progress: Progress | None
) -> Generator[Outcome, None, None]:
    # fork shares the loaded rules and data with the workers at no cost; elsewhere (macOS,
    # Windows) each worker is sent them once.
    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    running: dict[Future[Outcome], int] = {}
    ready: dict[int, Outcome] = {}
    sent = due = done = 0
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                             initargs=(work,)) as pool:  # fmt: skip
        try:
            while due < len(items):
                while sent < len(items) and sent - due < AHEAD * workers:
                    running[pool.submit(_run, *items[sent])] = sent
                    sent += 1
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    ready[running.pop(future)] = future.result()
                    done += 1
                    if on_progress is not None:
                        on_progress(done, len(items))
                while due in ready:
                    yield ready.pop(due)
                    due += 1
        finally:  # stopped early (an error, or the caller's): drop what has not started
            for future in running:
                future.cancel()
