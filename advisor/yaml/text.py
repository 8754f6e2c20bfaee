"""Bytes to checked text: the encoding and character rules the YAML loader applies first.

UTF-8 (a byte-order mark is accepted) or UTF-16 with a byte-order mark; NUL and other control
characters, Unicode line separators, bidirectional overrides and lone surrogates are refused
with their line and column, before the parser sees them.
"""

from __future__ import annotations

import re

from advisor.errors import InputError, Problem

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
_CHAR_NAMES = {
    "\x00": "NUL",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\ufeff": "BYTE ORDER MARK inside the text",
}


def decode(raw: bytes, source: str) -> str:
    """UTF-8 (a byte-order mark is accepted) or UTF-16 with a byte-order mark."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(f"{source}:1:1: <document>: UTF-32 is not supported (save as UTF-8)")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                f"{source}:1:1: <document>: not valid UTF-16 text (save as UTF-8)"
            ) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    head = raw[:64]
    if len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) * 4 > len(head):
        message = "looks like UTF-16 without a byte-order mark; save the file as UTF-8"
        raise InputError(problems=[Problem(1, 1, "<document>", message, source)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        raise InputError(
            problems=[
                Problem(
                    line,
                    col,
                    "<document>",
                    f"not valid UTF-8 (byte 0x{bad}); save the file as UTF-8",
                    source,
                )
            ]
        ) from None


SURROGATE = re.compile("[\ud800-\udfff]")
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def bad_character(ch: str, at_start: bool = False) -> str:
    """What is wrong with a refused character, in words."""
    name = _CHAR_NAMES.get(ch, "control character")
    hint = ""
    if ch == "\x00" and at_start:
        hint = " (is this UTF-16 without a byte-order mark? save it as UTF-8)"
    elif ch in _BIDI:
        name = "bidirectional control character"
        hint = " (it can make text display differently from what it is)"
    elif SURROGATE.fullmatch(ch):
        name = "lone surrogate"
    return f"{name} U+{ord(ch):04X} is not allowed{hint}"


def check_characters(text: str, source: str) -> None:
    problems: list[Problem] = []
    for match in FORBIDDEN.finditer(text):
        pos = match.start()
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        message = bad_character(match.group(), at_start=pos < 4)
        problems.append(Problem(line, col, "<document>", message, source))
        if len(problems) > 50:
            break
    if problems:
        raise InputError(problems=problems)
