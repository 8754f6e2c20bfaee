"""Errors that advisor reports to a user as bad input (exit code 2).

Every problem carries the file, 1-based line and column, and the dotted field path, so the
message points at the line a person must edit. Every line a user sees goes through
:mod:`advisor.escape` (one visible line, never a CI command); nothing else of advisor is
imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor import escape

#: Longest piece of untrusted text echoed back in a message.
MAX_ECHO = 40
#: At most this many problems are listed per file; the rest are counted.
MAX_PROBLEMS = 100


def echo(value: object, limit: int = MAX_ECHO) -> str:
    """Render an untrusted value for a message: bounded, one line, every character visible."""
    return escape.bounded(value if isinstance(value, str) else repr(value), limit)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a place a person can find."""

    line: int
    col: int
    field: str
    message: str
    file: str = ""

    def render(self) -> str:
        """`path:line:col: field.path: message`, or `path: message` for a problem with the
        whole file (line 0: a FIFO, a size, a device), which has no line to point at."""
        if self.line <= 0:
            return escape.line(f"{escape.visible(self.file)}: {self.message}")
        where = f"{escape.visible(self.file)}:{self.line}:{self.col}"
        return escape.line(f"{where}: {echo(self.field, 120)}: {self.message}")


@dataclass
class AdvisorError(Exception):
    """Base of every error advisor reports as bad input or usage (exit 2)."""

    message: str = ""
    problems: list[Problem] = field(default_factory=list)
    #: Problems found but not made into a Problem (past MAX_PROBLEMS), only counted.
    more: int = 0

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def lines(self) -> list[str]:
        """The message as the lines a user sees, problems sorted by position."""
        if not self.problems:
            return [escape.line(self.message)]
        ordered = sorted(self.problems, key=lambda p: (p.file, p.line, p.col, p.field, p.message))
        shown = [p.render() for p in ordered[:MAX_PROBLEMS]]
        more = len(ordered) - len(shown) + self.more
        if more:
            shown.append(escape.line(f"{ordered[0].file}: … and {more} more problems"))
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
