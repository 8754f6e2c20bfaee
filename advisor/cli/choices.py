"""Options that take one of a few words (a severity, a format): a bad word is a usage error
that lists the words and, when one is close, says "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

import typer

E = TypeVar("E", bound=Enum)


def parser(kind: type[E]) -> Callable[[object], E]:
    """A typer ``parser=`` turning a word into a member of the enum *kind*."""

    def parse(value: object) -> E:
        if isinstance(value, kind):
            return value
        text = str(value)
        words = [str(member.value) for member in kind]
        if text in words:
            return kind(text)
        raise typer.BadParameter(message(text, words))

    return parse


def metavar(kind: type[Enum]) -> str:
    """``<none|info|low>``: the words an option of *kind* takes, for its help."""
    return "<" + "|".join(str(member.value) for member in kind) + ">"


def message(text: str, words: list[str]) -> str:
    """``'hihg' is not one of none, info, ... (did you mean high?)``."""
    close = difflib.get_close_matches(text.lower(), words, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{text!r} is not one of {', '.join(words)}{hint}"
