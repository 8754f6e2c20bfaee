"""Whether the command line colours its output: the terminal, NO_COLOR and FORCE_COLOR."""

from __future__ import annotations

import os
import sys


def color() -> bool:
    """Colour on a terminal; never with NO_COLOR set (no-color.org) or TERM=dumb; always with
    FORCE_COLOR set (force-color.org), even into a pipe or a CI log. NO_COLOR wins."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()
