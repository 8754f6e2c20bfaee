"""`advisor validate`, `advisor schema` and `advisor init`: working with profile files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from advisor import escape
from advisor.errors import AdvisorError, UsageError

#: The name `advisor init` writes by default, which `advisor check` finds (**/*.advisor.yaml).
TEMPLATE_NAME = "profile.advisor.yaml"


def register(app: typer.Typer) -> None:
    """Add the profile commands to *app*."""
    app.command("validate")(validate)
    app.command("schema")(schema)
    app.command("init")(init)


def validate(
    profiles: Annotated[
        list[Path], typer.Argument(help="Profile files to check.", metavar="PROFILE")
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
) -> None:
    """Check profiles: exit 0 if all are valid, 2 with one line per problem otherwise."""
    from advisor.api import load_profile

    bad = 0
    for path in profiles:
        try:
            load_profile(path)
        except AdvisorError as exc:
            bad += 1
            for line in exc.lines():
                typer.echo(line, err=True)
        else:
            if not quiet:
                typer.echo(escape.line(f"{path}: ok"))
    if bad:
        typer.echo(f"{bad} of {len(profiles)} profile(s) invalid", err=True)
        raise typer.Exit(2)


def schema() -> None:
    """Print the profile's JSON Schema (draft 2020-12) for editors and other tools."""
    from advisor.api import profile_schema

    typer.echo(profile_schema()[1], nl=False)


def init(
    path: Annotated[
        Path, typer.Argument(help="Where to write the starter profile.", metavar="PATH")
    ] = Path(TEMPLATE_NAME),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter profile that validates as written, and the JSON Schema its
    first line points editors at (profile.schema.json beside it)."""
    from advisor.api import profile_schema
    from advisor.cli.assess_cmds import emit

    if (path.exists() or path.is_symlink()) and not force:
        raise UsageError(f"{path}: already exists (use --force to overwrite)")
    text = starter_text(path)
    shipped, schema_text = profile_schema()
    schema = path.parent / shipped
    emit(text, path)
    wrote = [str(path)]
    if force or not schema.exists():
        emit(schema_text, schema)
        wrote.append(f"{schema} (the schema its first line points editors at)")
    typer.echo(escape.line(f"wrote {' and '.join(wrote)}; next: advisor validate {path}"))
    if not path.name.endswith((".advisor.yaml", ".advisor.yml")):
        typer.echo(
            escape.line(
                f"note: advisor check finds profiles named *.advisor.yaml; name {path} so, or "
                "add a glob for it to the config file (globs:)"
            ),
            err=True,
        )


def starter_text(path: Path) -> str:
    """The starter profile, its header naming *path* (where it is written)."""
    text = resources.files("advisor.templates").joinpath("profile.yaml").read_text("utf-8")
    return text.replace(TEMPLATE_NAME, path.as_posix())
