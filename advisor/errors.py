"""Errors that advisor reports to a user as bad input (exit code 2).

Every problem carries the file, 1-based line and column, and the dotted field path, so the
message points at the line a person must edit. Nothing here imports the rest of advisor.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

#: Longest piece of untrusted text echoed back in a message.
MAX_ECHO = 40
#: At most this many problems are listed per file; the rest are counted.
MAX_PROBLEMS = 50


def echo(value: object, limit: int = MAX_ECHO) -> str:
    """Render an untrusted value for a message: bounded, one line, control characters escaped."""
    text = value if isinstance(value, str) else repr(value)
    out: list[str] = []
    for ch in text[: limit + 1]:
        cat = unicodedata.category(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif cat in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    rendered = "".join(out[:limit])
    if len(text) > limit:
        rendered += "…"
    return rendered


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a place a person can find."""

    line: int
    col: int
    field: str
    message: str
    file: str = ""

    def render(self) -> str:
        """`path:line:col: field.path: message`."""
        return f"{self.file}:{self.line}:{self.col}: {echo(self.field, 120)}: {self.message}"


@dataclass
class AdvisorError(Exception):
    """Base of every error advisor reports as bad input or usage (exit 2)."""

    message: str = ""
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def lines(self) -> list[str]:
        """The message as the lines a user sees, problems sorted by position."""
        if not self.problems:
            return [self.message]
        ordered = sorted(self.problems, key=lambda p: (p.file, p.line, p.col, p.field, p.message))
        shown = [p.render() for p in ordered[:MAX_PROBLEMS]]
        if len(ordered) > MAX_PROBLEMS:
            shown.append(f"{ordered[0].file}: … and {len(ordered) - MAX_PROBLEMS} more problems")
        return shown

    def __str__(self) -> str:
        return "\n".join(self.lines())


class InputError(AdvisorError):
    """A file could not be read or parsed as strict YAML."""


class ProfileError(AdvisorError):
    """A supplier profile is not valid."""


class RuleError(AdvisorError):
    """A rule pack is not valid."""


class DataError(AdvisorError):
    """A reference-data file is not valid."""


class ScenarioError(AdvisorError):
    """A stress-test scenario file is not valid."""


class UsageError(AdvisorError):
    """The command line asks for something that cannot be done."""
