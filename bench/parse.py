"""Where the parse time goes: libyaml against the pure-Python parser, bare events against
advisor's located document, and the garbage collector's share (in-process, CPU time).

    .venv/bin/python bench/parse.py FILE [--runs 3]

Each line is the least CPU time of ``--runs`` runs of one way of reading FILE, and its ratio
to libyaml's bare event stream (the floor every way of reading YAML pays).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from advisor.yaml.loader import load_text
from advisor.yaml.text import check_characters


def _events(loader: type) -> Callable[[str], None]:
    def run(text: str) -> None:
        for _ in yaml.parse(text, Loader=loader):
            pass

    return run


def _dispatch(text: str) -> None:
    """The events and the isinstance tests that sort them, building nothing."""
    kinds = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, kinds):
            _ = event.start_mark.line


def _advisor(collect: bool) -> Callable[[str], None]:
    def run(text: str) -> None:
        if collect:
            load_text(text, "bench")
            return
        # the loader leaves the collector alone (library code): switch it off here to see its cost
        enabled = gc.isenabled()
        gc.disable()
        try:
            load_text(text, "bench")
        finally:
            if enabled:
                gc.enable()

    return run


WAYS: list[tuple[str, Callable[[str], None]]] = [
    ("libyaml events (C parser, Python event objects)", _events(yaml.CSafeLoader)),
    ("  + sorting the events (isinstance, marks)", _dispatch),
    ("text checks (encoding, forbidden characters)", lambda t: check_characters(t, "bench")),
    ("advisor load_text (located document), no gc", _advisor(False)),
    ("advisor load_text with the gc collecting", _advisor(True)),
    ("PyYAML CSafeLoader compose (nodes only)", lambda t: yaml.compose(t, Loader=yaml.CSafeLoader)),
    ("PyYAML CSafeLoader load (Python objects)", lambda t: yaml.load(t, Loader=yaml.CSafeLoader)),
    ("pure-Python parser events (SafeLoader)", _events(yaml.SafeLoader)),
]


def best(run: Callable[[str], None], text: str, runs: int) -> float:
    """The least CPU seconds of *runs* runs."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        run(text)
        times.append(time.process_time() - start)
    return min(times)


def main(argv: list[str]) -> int:
    """Time every way of reading the file and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    text = args.file.read_text(encoding="utf-8")
    print(f"{args.file.name}: {len(text) / 2**20:.1f} MiB, {text.count(chr(10)):,} lines\n")
    print("| way of reading | CPU time | vs libyaml events |\n|---|---|---|")
    floor = 0.0
    for name, run in WAYS:
        seconds = best(run, text, args.runs)
        floor = floor or seconds
        print(f"| {name} | {seconds * 1000:,.0f} ms | {seconds / floor:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
