"""The framework's own floor under `advisor assess` on a small profile.

    python bench/framework.py FILE

One typer command with the fourteen parameters of `advisor assess` (same types: a list
argument, three choices, paths, lists of paths, integers with bounds, flags), in a group as
advisor's app is; it reads FILE with PyYAML, validates one two-field pydantic model and prints
one rich table of three columns. That is the least a command line built on typer, pydantic and
rich does: typer 0.29 builds a pydantic ``TypeAdapter`` per parameter, which imports pydantic's
model machinery, and a rich table imports rich's console. Nothing of advisor is imported.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class Level(str, Enum):
    """A choice, as --format, --fail-on and --min-severity are."""

    info = "info"
    low = "low"
    high = "high"


app = typer.Typer()


@app.callback()
def group() -> None:
    """A group, as advisor's app is: the command is named on the command line."""


@app.command()
def assess(
    files: Annotated[list[str], typer.Argument()],
    fmt: Annotated[Level, typer.Option("--format", "-f")] = Level.info,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    rules: Annotated[list[Path] | None, typer.Option("--rules")] = None,
    no_builtin: Annotated[bool, typer.Option("--no-builtin")] = False,
    data: Annotated[Path | None, typer.Option("--data")] = None,
    max_age_days: Annotated[int, typer.Option("--max-age-days", min=0)] = 730,
    fail_on: Annotated[Level, typer.Option("--fail-on")] = Level.info,
    top: Annotated[int | None, typer.Option("--top", min=1)] = None,
    min_severity: Annotated[Level, typer.Option("--min-severity")] = Level.info,
    explain: Annotated[bool, typer.Option("--explain")] = False,
    timestamp: Annotated[str | None, typer.Option("--timestamp")] = None,
    with_scenarios: Annotated[bool, typer.Option("--with-scenarios")] = False,
    scenario: Annotated[list[str] | None, typer.Option("--scenario")] = None,
) -> None:
    """Read the files, validate one model, print one table."""
    import yaml
    from pydantic import BaseModel, ConfigDict
    from rich.console import Console
    from rich.table import Table

    for name in files:
        with open(name, encoding="utf-8") as handle:
            yaml.safe_load(handle)

    class Item(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")
        name: str
        share: float

    Item.model_validate({"name": "x", "share": 0.5})
    table = Table(title="What to do first", expand=True)
    for heading in ("#", "Action", "When"):
        table.add_column(heading)
    table.add_row("1", "Qualify a second source", "months")
    Console(width=80).print(table)


if __name__ == "__main__":
    app(args=["assess", *sys.argv[1:]], prog_name="framework")
