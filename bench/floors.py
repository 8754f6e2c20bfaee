"""The floors advisor is measured against, as processes of their own.

    python bench/floors.py load FILE      # PyYAML's CSafeLoader: a whole Python object tree
    python bench/floors.py events FILE    # libyaml's bare event stream, nothing composed

The interpreter start-up and ``import yaml`` are part of each floor, as they are part of every
advisor run.
"""

from __future__ import annotations

import sys

import yaml


def main(argv: list[str]) -> int:
    """Run the floor named by ``argv[0]`` on the file ``argv[1]``."""
    mode, path = argv
    with open(path, "rb") as handle:
        if mode == "load":
            yaml.load(handle, Loader=yaml.CSafeLoader)
        elif mode == "events":
            for _ in yaml.parse(handle, Loader=yaml.CSafeLoader):
                pass
        else:
            raise SystemExit(f"unknown floor {mode!r}: load or events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
