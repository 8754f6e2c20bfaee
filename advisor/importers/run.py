"""Whole imports: workbooks into an existing profile, a table into a new one. Each returns the
profile text, validated as a profile; nothing is written here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from advisor.errors import AdvisorError, InputError, UsageError
from advisor.importers import merge, rmi, table
from advisor.importers.rmi import Declaration

WORKBOOKS = (".xlsx", ".xlsm")


def workbooks(paths: Iterable[Path]) -> list[str]:
    """The workbook files named, folders expanded to their .xlsx/.xlsm files (sorted)."""
    out: list[str] = []
    for path in paths:
        if path.is_dir():
            out += sorted(str(p) for p in path.iterdir() if p.suffix.lower() in WORKBOOKS)
        else:
            out.append(str(path))
    if not out:
        raise UsageError("no workbooks to import (the folders hold no .xlsx or .xlsm files)")
    return out


def read_all(
    files: list[str], progress: Callable[[int, int], None] | None = None
) -> list[Declaration]:
    """Every workbook's declaration, in order; the first bad one stops the import."""
    found = []
    for n, path in enumerate(files, 1):
        found.append(rmi.read(path))
        if progress:
            progress(n, len(files))
    return found


def rmi_into(profile_path: str, declarations: list[Declaration]) -> str:
    """The text of the profile at *profile_path* with the declarations rolled into it."""
    from advisor.profile.build import load_profile

    _, doc = load_profile(profile_path)
    text = Path(profile_path).read_text("utf-8")
    updated = merge.update(text, doc, declarations)
    check(updated, profile_path)
    return updated


def table_profile(path: str, map_path: str) -> str:
    """A new profile's text from the supplier table at *path* mapped by *map_path*."""
    from advisor.yaml.loader import load_file

    mapping = table.load_mapping(load_file(map_path))
    out = table.text(table.profile_data(path, mapping), path)
    check(out, path)
    return out


def check(text: str, source: str) -> None:
    """InputError if *text* is not a valid profile (nothing is written then)."""
    from advisor.profile.build import profile_from
    from advisor.yaml.loader import load_text

    try:
        profile_from(load_text(text, f"(profile imported from {source})"))
    except AdvisorError as exc:  # say it is the imported data
        raise InputError(
            f"{source}: the imported profile would not be valid: {exc.lines()[0]}"
        ) from None
