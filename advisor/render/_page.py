"""The frame of every HTML page advisor writes (the assessment report, the drafted regulatory
assessments): HTML5, UTF-8, a viewport, a Content-Security-Policy that forbids loading or
running anything (``default-src 'none'``; only the page's own inline style applies), the title
and the style. One place, so no page can be written without the policy."""

from __future__ import annotations

from collections.abc import Sequence

#: Nothing may be loaded or run: no script, image, font, frame or style sheet from anywhere;
#: the inline ``<style>`` of the page is the one exception.
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def page(title: str, style: str, body: Sequence[str]) -> str:
    """A whole document: *title* and *style* must already be escaped text and CSS, *body* the
    lines inside ``<body>``."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>{title}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"
