"""Load rule packs: the built-in packs, then the user's, validated whole and merged.

Packs load in order: the built-in packs (package data ``advisor.builtin_rules``), then the
user's packs in command-line order. Every pack is validated whole before anything is
evaluated, and every problem of every pack is reported at once (file:line:col, field path).
A later pack may add rules and actions, override an earlier rule's parameters and severity,
disable an earlier rule, or replace it (``replace: true``); rule ids are never reused. The
pack format is :mod:`advisor.rules.models`, how packs merge is :mod:`advisor.rules.packs`.
See docs/rule-format.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from advisor import snapshot
from advisor.errors import AdvisorError, Problem, RuleError
from advisor.rules.packs import BUILTIN, Merge, RuleSet
from advisor.yaml.loader import Document, Limits, load_file, load_text


def load_rules(
    paths: Sequence[str] = (),
    *,
    include_builtin: bool = True,
    documents: Sequence[tuple[Document, str]] = (),
) -> RuleSet:
    """Load, validate and merge the packs, then the already parsed *documents* (document,
    origin), such as a config file's overrides; RuleError lists every problem in every pack.

    The built-in packs alone come from their snapshot (:mod:`advisor.snapshot`) when one was
    saved for these very packs and this very code; otherwise they load strictly and the result
    is saved for the next run.
    """
    if include_builtin and not paths and not documents:
        texts = [text for _, text in _builtin_texts()]
        return snapshot.cached("rules", texts, RuleSet, lambda: _load((), True, ()))
    return _load(paths, include_builtin, documents)


def _load(
    paths: Sequence[str], include_builtin: bool, documents: Sequence[tuple[Document, str]]
) -> RuleSet:
    merge = Merge()
    sources: list[tuple[Document | None, str]] = []
    if include_builtin:
        sources += [(doc, BUILTIN) for doc in _builtin_documents()]
    for path in paths:
        sources += [
            (_read(file, merge), path if file == path else file) for file in _expand(path, merge)
        ]
    sources += list(documents)
    for doc, origin in sources:
        if doc is not None:
            merge.add(doc, origin)
    if merge.problems:
        raise RuleError(problems=merge.problems, more=merge.more)
    return merge.result(None if include_builtin else builtin_count())


def builtin_count() -> int:
    """How many rules the built-in packs define (counted in their text, not validated)."""
    return sum(len(doc.data.get("rules") or []) for doc in _builtin_documents())


@lru_cache(maxsize=1)
def _builtin_texts() -> tuple[tuple[str, str], ...]:
    """(name, text) of every built-in pack, in load order."""
    folder = resources.files("advisor.builtin_rules")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))
    return tuple((n, folder.joinpath(n).read_text("utf-8")) for n in names)


@lru_cache(maxsize=1)
def _builtin_documents() -> tuple[Document, ...]:
    return tuple(load_text(text, f"rules/{n}", Limits()) for n, text in _builtin_texts())


def _expand(path: str, merge: Merge) -> list[str]:
    target = Path(path)
    if not target.is_dir():
        return [path]
    # every *.yaml entry is read, so that one that is not a regular file (a FIFO, a dangling
    # link) is an error naming it, never silently left out
    files = sorted(str(p) for p in target.iterdir() if p.suffix in (".yaml", ".yml"))
    if not files:
        merge.problems.append(Problem(1, 1, "<document>", "no rule packs (*.yaml) here", path))
    return files


def _read(path: str, merge: Merge) -> Document | None:
    try:
        return load_file(path)
    except AdvisorError as exc:
        merge.problems += exc.problems or [
            Problem(1, 1, "<document>", exc.message.removeprefix(f"{path}: "), path)
        ]
        return None
