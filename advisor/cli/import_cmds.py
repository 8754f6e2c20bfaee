"""`advisor import rmi` and `advisor import table`: what suppliers and ERPs send, into profiles.

Nothing is written unless the whole import succeeds and the result validates as a profile; the
file is then written atomically.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from advisor import escape
from advisor.errors import UsageError

import_app = typer.Typer(
    help="Import RMI reporting templates (CMRT, EMRT, AMRT, CRT) and supplier tables.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the `import` command group to *app*."""
    app.add_typer(import_app, name="import")


@import_app.command("rmi")
def rmi(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Filled RMI workbooks (.xlsx, .xlsm) or folders of them.", metavar="FILE"
        ),
    ],
    into: Annotated[
        Path,
        typer.Option(
            "--into", metavar="PROFILE", help="The profile whose suppliers the declarations update."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Write the updated profile here, not over --into.",
        ),
    ] = None,
) -> None:
    """Roll suppliers' RMI declarations (smelters, their countries, the answers) into a
    profile: each workbook updates the suppliers named like its company, keeping every other
    line and comment of the profile."""
    from advisor import api
    from advisor.fsutil import write_output

    files_read = api.rmi_workbooks(files)
    declarations = api.read_declarations(files_read, _progress("workbooks"))
    text = api.rmi_into(str(into), declarations)
    target = output or into
    write_output(target, text, [] if output is None else [into, *files_read])
    smelters = sum(len(d.smelters) for d in declarations)
    typer.echo(
        escape.line(
            f"wrote {target}: {len(declarations)} declaration(s), {smelters} smelter row(s); "
            f"next: advisor assess {target} --explain"
        )
    )


@import_app.command("table")
def table(
    file: Annotated[
        Path,
        typer.Argument(help="Supplier master or purchasing export (CSV, XLSX).", metavar="FILE"),
    ],
    map_file: Annotated[
        Path,
        typer.Option("--map", metavar="FILE", help="Mapping file: which column is which field."),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Write the profile here (default stdout)."
        ),
    ] = None,
) -> None:
    """Turn a supplier table into a profile with a mapping file (see docs/import.md)."""
    from advisor.api import table_profile
    from advisor.cli.assess_cmds import emit

    if output is not None and output.exists():
        raise UsageError(
            f"{output}: already exists; import table writes a new profile (to update a "
            "profile's suppliers from workbooks use advisor import rmi --into)"
        )
    text = table_profile(str(file), str(map_file))
    emit(text, output, [file, map_file])
    if output is not None:
        typer.echo(escape.line(f"wrote {output}; next: advisor validate {output}"))


def _progress(what: str):  # type: ignore[no-untyped-def]
    """A progress line on stderr, only when it is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rread {done}/{total} {what}{end}")
        sys.stderr.flush()

    return show
