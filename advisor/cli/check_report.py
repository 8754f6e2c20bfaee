"""How `advisor check` writes its reports: one file at a time when it can, else whole.

A report in a format written one file at a time (its spec says it streams: ``lines``, and
``github`` without a job summary) with no other output beside it is :class:`Spooled`: as
each file is checked its text goes to a spool (a temporary file) and its results are dropped,
so the check holds no file's results; once the last file is in, the head (the errors and the
waivers' notes, github's annotations), the spool and the tail (which rules ran, the totals)
are written to standard output, or atomically to the output file. Every other report is
:class:`Whole`: rendered from every file's results, which the check keeps (cut down to what
the formats read, :mod:`advisor.gate.keep`). Both write the same bytes.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.render import Format

if TYPE_CHECKING:
    from advisor.api import Assessment, CheckRun, OnFile
    from advisor.render import Options

#: Characters copied from the spool at a time.
CHUNK = 1 << 16

Texts = list[tuple[Iterable[str], "Path | None"]]


class Whole:
    """Every report rendered whole, from the results the check kept of every file."""

    #: The check keeps every file's results.
    on_file: OnFile | None = None

    def __init__(self, outputs: Sequence[tuple[Format, Path | None]]) -> None:
        self.outputs = list(outputs)

    def __enter__(self) -> Whole:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def texts(self, run: CheckRun, options: Options) -> Texts:
        """Each output's text and where it goes (None: standard output)."""
        from advisor.render import renderer

        return [([renderer(f).render(run.assessments, options)], p) for f, p in self.outputs]

    def failing(self, run: CheckRun, options: Options) -> int:
        """Findings that fail the gate: at or above --fail-on, not waived, not known."""
        return sum(failing(a, options) for a in run.assessments)


class Spooled:
    """One report written one file at a time through a spool (a temporary file, removed when
    closed); *options* are the run's but for what depends on every file."""

    def __init__(self, fmt: Format, output: Path | None, options: Options) -> None:
        from advisor.render import file_stream

        self.stream = file_stream(fmt)
        self.output, self.options = output, options
        # text as it is, whatever its characters: it is read back as it was written
        self.spool = tempfile.TemporaryFile(  # noqa: SIM115 - closed by __exit__
            "w+", encoding="utf-8", errors="surrogatepass", newline=""
        )
        self._failing = 0

    def __enter__(self) -> Spooled:
        return self

    def __exit__(self, *_: object) -> None:
        self.spool.close()

    def on_file(self, a: Assessment, path: str) -> None:
        """Write one file's text to the spool and count what of it fails."""
        self.spool.write(self.stream.add(a, replace(self.options, paths={a.source: path})))
        self._failing += failing(a, self.options)

    def texts(self, run: CheckRun, options: Options) -> Texts:
        """The report, as the head, the spool and the tail, and where it goes."""
        return [(self._parts(options), self.output)]

    def _parts(self, options: Options) -> Iterator[str]:
        yield self.stream.head(options)
        self.spool.seek(0)
        yield from iter(lambda: self.spool.read(CHUNK), "")
        yield self.stream.tail(options)

    def failing(self, run: CheckRun, options: Options) -> int:
        """Findings that fail the gate, counted as the files came."""
        return self._failing


def failing(a: Assessment, options: Options) -> int:
    """Findings of *a* that fail the gate (none without --fail-on)."""
    from advisor.render._common import fails

    if options.fail_on is None:
        return 0
    return sum(1 for f in a.findings if fails(f, options))


def report(
    outputs: Sequence[tuple[Format, Path | None]], options: Options, whole: bool
) -> Whole | Spooled:
    """How to write *outputs*: spooled if there is one and its format is written one file at a
    time, unless *whole* (something else needs every file's results)."""
    from advisor.render import spec

    (fmt, path), *others = outputs
    if whole or others or not spec(fmt).streams:
        return Whole(outputs)
    return Spooled(fmt, path, options)


def emit_parts(parts: Iterable[str], output: Path | None, inputs: Sequence[str | Path]) -> None:
    """Write the text made of *parts* to *output* (atomically, never over one of *inputs*), or
    to standard output."""
    if output is None:
        for part in parts:
            sys.stdout.write(part)
        sys.stdout.flush()
        return
    from advisor.fsutil import write_output_parts

    write_output_parts(output, parts, inputs)
