"""The one escaping policy for text a person reads: every human format and every message.

Names, paths, ids and messages come from profiles, rule packs and file names that anyone with
write access to a configs repository can set, and the output lands in terminals and CI logs,
where some characters are instructions: a line feed ends a line, ``::error …`` at the start of a
line (after spaces) is a GitHub workflow command and ``##[`` anywhere in a line is its legacy
form, ESC starts a terminal escape, bidirectional and zero-width characters make text display
differently from what it is. So untrusted text is shown, never obeyed:

* :func:`visible` makes one value one visible line: ``\\n``, ``\\r`` and ``\\t`` are written as
  those two characters, every other control, format (bidirectional, zero-width, byte-order
  mark), line/paragraph separator, surrogate, private-use or unassigned character as
  ``\\uXXXX`` (``\\UXXXXXXXX`` above the BMP), and ``##[`` as ``#\\#[``.
* :func:`xml_chars` is the last step of an XML format (JUnit): every character XML 1.0 does not
  allow (C0 controls but tab and line breaks, surrogates such as a file name that is not
  UTF-8 leaves, U+FFFE, U+FFFF) is written ``\\uXXXX``, so the document stays well-formed.
* :func:`guard` is the last step of every human format and of every message line: a line that
  would start with ``::`` (after spaces) gets a backslash before it, and ``##[`` is broken, so no
  output line can be a workflow command, wherever a value happens to be wrapped.

Markup of a particular format (markdown, rich) is that format's business, on top of this.
This module imports nothing of advisor, so every layer can use it.
"""

from __future__ import annotations

import re
import unicodedata

#: Unicode categories shown as escapes: control, format, line and paragraph separators,
#: surrogates, private use, unassigned.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: GitHub's legacy workflow-command prefix, recognised anywhere in a line.
LEGACY_COMMAND = "##["
_LEGACY_SAFE = "#\\#["
_COMMAND_START = re.compile(r"^(\s*)::", re.MULTILINE)


def _shown(ch: str) -> str:
    named = _NAMED.get(ch)
    if named is not None:
        return named
    if ch.isascii() and ch.isprintable():
        return ch
    if unicodedata.category(ch) not in HIDDEN_CATEGORIES:
        return ch
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str) -> str:
    """*text* as one line in which every character is visible (see the module docstring)."""
    if text.isascii() and text.isprintable() and LEGACY_COMMAND not in text:
        return text
    return "".join(map(_shown, text)).replace(LEGACY_COMMAND, _LEGACY_SAFE)


def visible_lines(text: str) -> str:
    """Each line of *text* made :func:`visible`; the line breaks between them stay."""
    return "\n".join(visible(part) for part in text.split("\n"))


def bounded(text: str, limit: int) -> str:
    """:func:`visible` of at most *limit* characters of *text*, with ``…`` when cut."""
    if len(text) <= limit:
        return visible(text)
    return visible(text[:limit]) + "…"


def guard(text: str) -> str:
    """*text* (several lines) with no line that a CI runner would take as a command."""
    if "::" not in text and LEGACY_COMMAND not in text:
        return text
    text = text.replace(LEGACY_COMMAND, _LEGACY_SAFE)
    return _COMMAND_START.sub(lambda m: f"{m.group(1)}\\::", text)


def line(text: str) -> str:
    """One message line: :func:`visible`, then :func:`guard`."""
    return guard(visible(text))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_chars(text: str) -> str:
    """*text* with every character XML 1.0 forbids written as ``\\uXXXX``."""
    if text.isascii() and _NOT_XML.search(text) is None:
        return text
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
