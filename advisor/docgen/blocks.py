"""The outputs the docs show, found by their markers, and the text each marker asks for.

A block of output in README.md or ``docs/*.md`` is preceded by a marker naming the command
that prints it::

    <!-- output: advisor assess examples/ev-motor-maker.yaml --top 3 -->
    ```text
    ...what the command prints...
    ```

The block is a fenced code block (any language) or a run of ``>`` quoted lines, starting on
the line after the marker. Options follow the command, each after a ``;``:

``exit=N``
    the exit code the command must end with (default 0); another one is an error.
``stream=stdout|stderr|both``
    what is shown (default stdout; ``both`` is stdout then stderr).
``env=NAME=VALUE``
    an environment variable for the run (repeatable), on top of the fixed environment.
``setup=NAME``
    run in a temporary folder a scripted setup prepares (:mod:`advisor.docgen.setups`).
``match=REGEX``
    show only the lines that match (``…`` between two that are not next to each other).
``lines=1-12,20-``
    show only those lines (1-based, inclusive, an open end runs to the last line); a line
    ``…`` stands for the lines left out between two ranges.
``transcript``
    show it as a terminal session: ``$ COMMAND``, the output and, when the exit code is not
    0, ``$ echo $?`` and the code.

Options are separated by ``;``, so a REGEX cannot hold one. Trailing blanks are taken off
every line (a table pads its cells). A command that reads the clock gets a fixed ``--today``
(:mod:`advisor.docgen.runs`).

The command ``python`` runs the last ```` ```python ```` block above the marker, from the
repository root, and shows what it prints. ``<!-- checked by tests/docs/test_x.py::name -->``
before a block says that a dedicated test checks it instead (an excerpt no marker can
express), and ``<!-- not output: why -->`` that a block shows no output at all (a formula).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

MARKER = re.compile(r"^<!-- output: (.+?) -->$")
CHECKED_BY = re.compile(r"^<!-- checked by (tests/\S+\.py)::(\w+) -->$")
NOT_OUTPUT = re.compile(r"^<!-- not output: .+ -->$")
FENCE = re.compile(r"^(`{3,})([\w-]*)$")
STREAMS = ("stdout", "stderr", "both")
ELIDED = "…"


class MarkerError(ValueError):
    """A marker that cannot be read, or a command that did not do what its marker says."""


@dataclass(frozen=True)
class Marker:
    """What one marker asks for: a command and how its output is shown."""

    #: The command as written, e.g. ``advisor data version``.
    text: str
    #: Its words after ``advisor`` (empty for ``python``).
    argv: tuple[str, ...]
    exit: int = 0
    stream: str = "stdout"
    env: tuple[tuple[str, str], ...] = ()
    setup: str = ""
    match: str = ""
    lines: str = ""
    transcript: bool = False

    @property
    def is_python(self) -> bool:
        """Whether it runs the doc's python block above it rather than ``advisor``."""
        return self.text == "python"

    @property
    def run_key(self) -> tuple[object, ...]:
        """What makes two markers one run: the same command, environment and setup."""
        return (self.text, self.env, self.setup)


@dataclass(frozen=True)
class Block:
    """A marked block of one document: where it is, what it shows now, what its marker says."""

    #: The document's path relative to the repository root, e.g. ``docs/data.md``.
    doc: str
    #: The 1-based line of the marker.
    line: int
    marker: Marker
    #: 0-based index of the block's first and one-past-last content line.
    start: int
    end: int
    #: ``fence`` or ``quote``.
    kind: str
    #: The block's lines as shown now (a quote's without its ``> ``).
    shown: tuple[str, ...]
    #: The python block above the marker, for ``python`` markers.
    code: str = field(default="", compare=False)

    @property
    def where(self) -> str:
        """``docs/data.md:662``: the marker's place."""
        return f"{self.doc}:{self.line}"


def parse_marker(text: str, where: str) -> Marker:
    """The marker of ``<!-- output: TEXT -->``; a :class:`MarkerError` naming *where* if bad."""
    command, *options = (part.strip() for part in text.split(";"))
    words = shlex.split(command)
    if command != "python" and (len(words) < 2 or words[0] != "advisor"):
        raise MarkerError(f"{where}: an output marker runs `advisor ...` or `python`: {text!r}")
    marker = Marker(text=command, argv=tuple(words[1:]))
    for option in filter(None, options):
        key, _, value = option.partition("=")
        marker = _option(marker, key.strip(), value.strip(), where)
    return marker


def _option(marker: Marker, key: str, value: str, where: str) -> Marker:
    """*marker* with the option ``key=value`` applied."""
    if key == "exit" and value.isdigit():
        return replace(marker, exit=int(value))
    if key == "stream" and value in STREAMS:
        return replace(marker, stream=value)
    if key == "env" and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", value):
        name, _, setting = value.partition("=")
        return replace(marker, env=(*marker.env, (name, setting)))
    if key == "setup" and value:
        return replace(marker, setup=value)
    if key == "match" and value:
        return replace(marker, match=value)
    if key == "lines" and re.fullmatch(r"\d+(-\d*)?(,\d+(-\d*)?)*", value):
        return replace(marker, lines=value)
    if key == "transcript" and not value:
        return replace(marker, transcript=True)
    raise MarkerError(f"{where}: unknown or bad marker option {key}={value!r}")


def find_blocks(root: Path, doc: str) -> list[Block]:
    """Every marked block of the document *doc* (a path relative to *root*)."""
    lines = (root / doc).read_text(encoding="utf-8").split("\n")
    return [block for block in _scan(lines, doc)]


def _scan(lines: list[str], doc: str) -> Iterator[Block]:
    last_python = ""
    for index, line in enumerate(lines):
        if line == "```python":
            last_python = "\n".join(_fence_body(lines, index)) + "\n"
        found = MARKER.match(line)
        if found is None:
            continue
        where = f"{doc}:{index + 1}"
        marker = parse_marker(found.group(1), where)
        start, end, kind = _extent(lines, index + 1, where)
        shown = lines[start:end] if kind == "fence" else [_unquote(x) for x in lines[start:end]]
        code = last_python if marker.is_python else ""
        if marker.is_python and not code:
            raise MarkerError(f"{where}: a python marker needs a ```python block above it")
        yield Block(doc, index + 1, marker, start, end, kind, tuple(shown), code)


def _fence_body(lines: list[str], opening: int) -> list[str]:
    fence = FENCE.match(lines[opening].strip())
    ticks = fence.group(1) if fence else "```"
    for close in range(opening + 1, len(lines)):
        if lines[close].strip() == ticks:
            return lines[opening + 1 : close]
    return lines[opening + 1 :]


def _extent(lines: list[str], first: int, where: str) -> tuple[int, int, str]:
    """The content lines of the block that starts at *first*: (start, end, kind)."""
    if first < len(lines) and FENCE.match(lines[first]):
        body = _fence_body(lines, first)
        end = first + 1 + len(body)
        if end >= len(lines):
            raise MarkerError(f"{where}: the block after the marker is never closed")
        return first + 1, end, "fence"
    if first < len(lines) and lines[first].startswith(">"):
        end = first
        while end < len(lines) and lines[end].startswith(">"):
            end += 1
        return first, end, "quote"
    raise MarkerError(f"{where}: an output marker must be followed by a ``` block or > lines")


def _unquote(line: str) -> str:
    return line[2:] if line.startswith("> ") else line[1:]


def shown_lines(marker: Marker, code: int, stdout: str, stderr: str, where: str) -> list[str]:
    """The lines the block must show, given what the command printed and its exit code."""
    if code != marker.exit:
        said = (stderr or stdout).strip()[-2000:]
        raise MarkerError(
            f"{where}: `{marker.text}` exited {code}, its marker says {marker.exit}:\n{said}"
        )
    text = {"stdout": stdout, "stderr": stderr, "both": stdout + stderr}[marker.stream]
    out = [line.rstrip() for line in text.splitlines()]  # no invisible trailing blanks
    if marker.match:
        out = _matching(out, marker.match)
    if marker.lines:
        out = _select(out, marker.lines)
    if not out:
        raise MarkerError(f"{where}: `{marker.text}` shows nothing with this marker")
    if marker.transcript:
        out = [f"$ {marker.text}", *out]
        if code:
            out += ["$ echo $?", str(code)]
    return out


def _matching(lines: list[str], pattern: str) -> list[str]:
    """The lines that match *pattern*, with ``…`` where lines between them are left out."""
    out: list[str] = []
    last = None
    for index, line in enumerate(lines):
        if re.search(pattern, line):
            if last is not None and index > last + 1:
                out.append(ELIDED)
            out.append(line)
            last = index
    return out


def _select(lines: list[str], spec: str) -> list[str]:
    """The lines of the ranges in *spec*, with ``…`` where lines between them are left out."""
    out: list[str] = []
    last = 0
    for part in spec.split(","):
        first, _, end = part.partition("-")
        start = int(first)
        stop = int(end) if end else (len(lines) if "-" in part else start)
        if out and start > last + 1:
            out.append(ELIDED)
        out += lines[start - 1 : stop]
        last = stop
    return out


def replace_blocks(text: str, blocks: list[tuple[Block, list[str]]]) -> str:
    """*text* with each block's content replaced by its lines (quoted again for quotes)."""
    lines = text.split("\n")
    for block, new in sorted(blocks, key=lambda pair: pair[0].start, reverse=True):
        body = new if block.kind == "fence" else [f"> {x}" if x else ">" for x in new]
        lines[block.start : block.end] = body
    return "\n".join(lines)
