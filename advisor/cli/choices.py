"""Options that take one of a few words (a severity, a format): a bad word is a usage error
that lists the words and, when one is close, says "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

import typer


def parser(words: Sequence[str]) -> Callable[[object], str]:
    """A typer ``parser=`` accepting one of *words* (as written), else a usage error."""

    def parse(value: object) -> str:
        text = str(value)
        if text in words:
            return text
        raise typer.BadParameter(message(text, list(words)))

    return parse


def metavar(words: Sequence[str]) -> str:
    """``<none|info|low>``: the words an option takes, for its help."""
    return "<" + "|".join(words) + ">"


def message(text: str, words: list[str]) -> str:
    """``'hihg' is not one of none, info, ... (did you mean high?)``."""
    close = difflib.get_close_matches(text.lower(), words, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{text!r} is not one of {', '.join(words)}{hint}"
