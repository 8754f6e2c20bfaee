"""Bounds on a workbook before any XML in it is parsed.

An ``.xlsx`` is a zip archive: a small file can unpack to gigabytes (a zip bomb) or hold a
sheet too large to read in reasonable time. The zip's central directory says how large every
entry is and how many there are, so the bounds are checked from it, before openpyxl reads a byte
of XML. A password-protected workbook is not a zip at all but an encrypted OLE container (as is
a legacy ``.xls``): it is recognised by its signature and named as such.
"""

from __future__ import annotations

import io
import zipfile

from advisor.errors import InputError, echo

#: Largest workbook file read, bytes (RMI templates are 1–2 MB).
MAX_FILE = 32 * 1024 * 1024
#: Largest total the archive may unpack to, bytes.
MAX_UNPACKED = 160 * 1024 * 1024
#: Largest single entry (one worksheet's XML), bytes.
MAX_ENTRY = 40 * 1024 * 1024
#: Most entries in the archive (a template has about 60).
MAX_ENTRIES = 2000
#: Largest ratio of unpacked to packed size of one entry; XML compresses well, not this well.
MAX_RATIO = 200

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check(source: str, raw: bytes) -> zipfile.ZipFile:
    """The zip archive of *raw* (the bytes of workbook *source*), or InputError naming why it
    cannot be read safely."""
    if raw.startswith(_OLE):
        raise InputError(
            f"{source}: is a password-protected (encrypted) workbook or a legacy .xls, not an "
            ".xlsx; save an unprotected copy as .xlsx and import that"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(
            f"{source}: is not an .xlsx workbook (not a readable zip: {exc})"
        ) from None
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"{source}: has {len(infos)} zip entries, more than {MAX_ENTRIES}")
    total = 0
    for info in infos:
        total += info.file_size
        _entry(source, info)
    if total > MAX_UNPACKED:
        raise InputError(
            f"{source}: would unpack to {total} bytes, more than {MAX_UNPACKED} (a zip bomb?)"
        )
    return archive


def _entry(source: str, info: zipfile.ZipInfo) -> None:
    name = echo(info.filename, 80)
    if info.file_size > MAX_ENTRY:
        raise InputError(
            f"{source}: {name}: unpacks to {info.file_size} bytes, more than {MAX_ENTRY} "
            "(a sheet this large is not a supplier declaration)"
        )
    if (
        info.compress_size
        and info.file_size / info.compress_size > MAX_RATIO
        and (info.file_size > 1024 * 1024)
    ):
        raise InputError(
            f"{source}: {name}: compressed {info.file_size // info.compress_size}:1, more than "
            f"{MAX_RATIO}:1 (a zip bomb?)"
        )
