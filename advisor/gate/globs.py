"""Globs over POSIX paths, matched in time linear in the path (no backtracking).

``**/`` stands for any folders or none, ``**`` for anything, ``*`` for any characters of one
name and ``?`` for one character of a name; everything else stands for itself. A glob is
compiled once into a list of tokens, and a path is matched by walking the set of tokens that
could be next (a Thompson simulation of the glob's automaton): each character of the path is
looked at once against at most every token, so ``*a*a*a…b`` against a long name costs
len(glob) × len(path) steps, where a backtracking regular expression could take exponential
time (a config or waiver file is untrusted input).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

#: Token kinds: a literal character, ``?``, ``*``, ``**``, and the start of ``**/`` (which is
#: compiled to ``_OPT, _ANY, "/"``: optionally skip the next two tokens).
_LIT, _ONE, _STAR, _ANY, _OPT = range(5)
Token = tuple[int, str]


@lru_cache(maxsize=256)
def compile_glob(glob: str) -> tuple[Token, ...]:
    """The tokens of *glob*."""
    out: list[Token] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out += [(_OPT, ""), (_ANY, ""), (_LIT, "/")]
            i += 3
            continue
        if glob.startswith("**", i):
            token, i = (_ANY, ""), i + 2
        elif glob[i] in "*?":
            token, i = (_STAR if glob[i] == "*" else _ONE, ""), i + 1
        else:
            token, i = (_LIT, glob[i]), i + 1
        out.append(token)
    return tuple(out)


def _closure(tokens: tuple[Token, ...], states: set[int]) -> set[int]:
    """*states* and every state reachable from them without reading a character."""
    todo = list(states)
    seen = set(states)
    while todo:
        i = todo.pop()
        kind = tokens[i][0] if i < len(tokens) else None
        targets = (i + 1,) if kind in (_STAR, _ANY) else (i + 1, i + 3) if kind == _OPT else ()
        for j in targets:
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return seen


def _step(tokens: tuple[Token, ...], states: set[int], char: str) -> set[int]:
    """The states after reading *char* from *states*."""
    nxt: set[int] = set()
    for i in states:
        if i == len(tokens) or tokens[i][0] == _OPT:
            continue
        kind, lit = tokens[i]
        if (kind == _LIT and char == lit) or (kind == _ONE and char != "/"):
            nxt.add(i + 1)
        elif (kind == _STAR and char != "/") or kind == _ANY:
            nxt.add(i)
    return _closure(tokens, nxt)


def glob_match(glob: str, path: str) -> bool:
    """True if the whole POSIX *path* matches *glob*."""
    tokens = compile_glob(glob)
    states = _closure(tokens, {0})
    for char in path:
        states = _step(tokens, states, char)
        if not states:
            return False
    return len(tokens) in states


def matches(relative: str, globs: Iterable[str]) -> bool:
    """True if the POSIX path *relative* matches one of *globs* (a leading ``./`` ignored)."""
    return any(glob_match(g.removeprefix("./"), relative) for g in globs)
