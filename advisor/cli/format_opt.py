"""The ``--format`` option of every command: the formats whose spec renders the command's kind
of report (:func:`advisor.render.spec.formats`), so that no command lists formats of its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from advisor.render.spec import Format, Kind, formats


def choices(kind: Kind) -> str:
    """The format names that render *kind*, as help shows them: ``table, markdown, json``."""
    return ", ".join(f.value for f in formats(kind))


def _parser(kind: Kind) -> Callable[[str], Format]:
    def parse(value: str | Format) -> Format:
        if isinstance(value, Format) and kind in _kinds(value):
            return value
        for fmt in formats(kind):
            if fmt.value == str(value):
                return fmt
        from advisor.cli.choices import message

        raise typer.BadParameter(message(str(value), [f.value for f in formats(kind)]))

    return parse


def _kinds(fmt: Format) -> tuple[Kind, ...]:
    from advisor.render.spec import spec

    return tuple(spec(fmt).modules)


def format_option(kind: Kind, *names: str, help: str = "Output format.") -> Any:
    """A ``--format`` option (named *names*, default ``--format -f``) accepting the formats
    that render *kind*."""
    shown = "|".join(f.value for f in formats(kind))
    return typer.Option(
        *(names or ("--format", "-f")),
        help=help,
        metavar=f"<{shown}>",
        parser=_parser(kind),
        autocompletion=lambda: [f.value for f in formats(kind)],
    )


__all__ = ["choices", "format_option"]
