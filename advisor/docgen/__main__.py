"""``python -m advisor.docgen``: regenerate the docs (``make docs``)."""

from __future__ import annotations

import sys

from advisor.docgen import main

sys.exit(main())
