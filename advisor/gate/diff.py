"""The risk diff of a change: two versions of each profile, assessed with the same rules.

For each profile: the overall score before and after, the materials whose score moved, the
findings that are new and those resolved (matched by fingerprint, so a moved line is not a new
finding), and the supplier shares and days of cover that changed. ``Diff.increased`` is true
when any profile or material scores higher than before (a new profile counts from zero). The
result types are in :mod:`advisor.engine.assess.diff_model`, below the renderers that read them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.engine.assess.diff_model import EPSILON, Diff, Move, ProfileDiff, Side
from advisor.engine.assess.model import Assessment, Finding, Planning, fingerprint
from advisor.errors import AdvisorError, ProfileError, UsageError
from advisor.gate.check import Work, check_one
from advisor.gate.scan import Target, matches

if TYPE_CHECKING:
    from advisor.gate.run import Config
    from advisor.reference.load import Reference
    from advisor.rules.packs import RuleSet


@dataclass(frozen=True)
class SideWork:
    """A side's rule set and data, ready to assess with."""

    work: Work
    side: Side


def compare(path: str, before: Assessment | None, after: Assessment | None) -> ProfileDiff:
    """The diff of one profile; either side may be missing (added or removed)."""
    old = {fingerprint(f): f for f in (before.findings if before else ())}
    new = {fingerprint(f): f for f in (after.findings if after else ())}
    either = after if after is not None else before
    return ProfileDiff(
        path=path,
        company=either.company if either is not None else "",
        before=before.score.value if before else None,
        after=after.score.value if after else None,
        materials=_materials(before, after),
        new=tuple(sorted((f for k, f in new.items() if k not in old), key=_by_severity)),
        resolved=tuple(sorted((f for k, f in old.items() if k not in new), key=_by_severity)),
        moves=tuple(_moves(before, after)),
    )


def _by_severity(f: Finding) -> tuple[int, Any]:
    """Most severe first, then in the findings' own order."""
    from advisor.engine.assess.scoring import severity_rank

    return (-severity_rank(f.severity), f.sort_key)


def _materials(
    before: Assessment | None, after: Assessment | None
) -> tuple[tuple[str, float | None, float | None], ...]:
    old = {m.id: m.score for m in (before.materials if before else ())}
    new = {m.id: m.score for m in (after.materials if after else ())}
    ids = list(dict.fromkeys([*new, *old]))
    rows = [(i, old.get(i), new.get(i)) for i in ids]
    return tuple(r for r in rows if r[1] is None or r[2] is None or abs(r[2] - r[1]) > EPSILON)


def _moves(before: Assessment | None, after: Assessment | None) -> list[Move]:
    if before is None or after is None:
        return []
    out: list[Move] = []
    old = {(s.material, s.id): s.share for s in before.suppliers}
    new = {(s.material, s.id): s.share for s in after.suppliers}
    for key in dict.fromkeys([*new, *old]):
        b, a = old.get(key), new.get(key)
        if b != a:
            out.append(Move(f"{key[0]}/{key[1]} share", _pct(b), _pct(a)))
    out += smelter_moves(before, after)
    cover_old = {m.id: m.facts.get("days_of_cover") for m in before.materials}
    for m in after.materials:
        b, a = cover_old.get(m.id), m.facts.get("days_of_cover")
        if m.id in cover_old and b != a:
            out.append(Move(f"{m.id} days of cover", _days(b), _days(a)))
    return out


def smelter_moves(before: Assessment, after: Assessment) -> list[Move]:
    """Smelters added, removed or moved country, per supplier (by RMI id, else metal and name)."""
    out: list[Move] = []
    old = {(s.material, s.id): dict(s.smelters) for s in before.suppliers}
    for s in after.suppliers:
        was = old.get((s.material, s.id), {})
        now = dict(s.smelters)
        for who in sorted({*was, *now}):
            b, a = was.get(who), now.get(who)
            if b != a:
                out.append(Move(f"{s.material}/{s.id} smelter {who}", b or "absent", a or "absent"))
    return out


def _pct(value: float | None) -> str:
    return "none" if value is None else f"{value * 100:.4g}%"


def _days(value: object) -> str:
    return "unknown" if not isinstance(value, (int, float)) else f"{float(value):.4g} days"


def side(ruleset: RuleSet, reference: Reference, max_age_days: int, config: str | None) -> SideWork:
    """One side of a diff: its rules and data, and what reports say of them."""
    from advisor.engine.assess.assessment import rules_run

    key = (
        tuple((r.id, r.severity, tuple(sorted(r.parameters.items()))) for r in ruleset.rules),
        ruleset.settings,
        reference.plan,
    )
    work = Work(ruleset, reference, max_age_days, recommend=False)
    planning = Planning(reference.plan, reference.plan_chosen)
    return SideWork(work, Side(rules_run(ruleset), key, config, planning))


def _assess(work: Work, source: str, text: str | None, required: bool) -> Assessment | None:
    """The assessment of *source* (or of *text* named *source*); a head that is not a valid
    profile is an error (exit 2); a base that is not is taken as absent."""
    outcome = check_one(work, Target(source, False), text)
    if outcome.problems and required:
        raise ProfileError(problems=list(outcome.problems))
    return outcome.assessment


def diff_files(base: str, head: str, work: SideWork) -> Diff:
    """The diff of two profile files, both assessed as *work* says, named by *head*."""
    before = _assess(work.work, base, None, True)
    after = _assess(work.work, head, None, True)
    return Diff(base, head, (compare(head, before, after),), work.side, work.side)


def diff_git(
    ref: str, paths: Sequence[str], config: Config, cwd: Path, old: SideWork, new: SideWork
) -> Diff:
    """The diff of every profile under *paths* between the revision *ref*, assessed as *old*
    says, and the work tree, assessed as *new* says."""
    from advisor.gate import gitref
    from advisor.gate.run import targets

    top = gitref.root(cwd)
    found, problems = targets(paths, config, cwd)
    if problems:
        raise UsageError(problems=problems)
    head = {gitref.relative(t.path, top): t.path for t in found}
    roots = [gitref.relative(p, top) for p in (paths or [str(cwd)]) if os.path.isdir(p)]
    globs = ("**/*.advisor.yaml", *config["globs"])
    gone = [f for f in gitref.files_at(ref, top) if f not in head and _under(f, roots, globs)]
    texts = gitref.read_at(ref, top, [*head, *gone])
    out = []
    for name in sorted([*head, *gone]):
        local = head.get(name)
        source = local if local is not None else os.path.join(top, name)
        text = texts.get(name)
        before = _assess(old.work, source, text, False) if text is not None else None
        after = _assess(new.work, local, None, True) if local is not None else None
        diff = compare(name, before, after)
        if diff.new or diff.resolved or diff.moves or diff.materials or diff.before != diff.after:
            out.append(diff)
    return Diff(ref, gitref.head_name(top, [*head, *gone]), tuple(out), old.side, new.side)


def _under(name: str, roots: Sequence[str], globs: Sequence[str]) -> bool:
    for root in roots:
        prefix = "" if root in (".", "") else root.rstrip("/") + "/"
        if name.startswith(prefix) and matches(name[len(prefix) :], globs):
            return True
    return False


__all__ = [
    "AdvisorError", "Diff", "Move", "ProfileDiff", "Side", "SideWork", "compare", "diff_files",
    "diff_git", "side",
]  # fmt: skip
