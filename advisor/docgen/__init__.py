"""Generate what the docs show from the code, so that it never drifts from it.

``python -m advisor.docgen`` (``make docs``) does two things:

* writes every document of :data:`DOCUMENTS` whole (``docs/profile.md`` from the profile
  models, ``docs/rules.md`` from the built-in rule pack);
* reruns the command of every output marker in README.md and ``docs/*.md``
  (:mod:`advisor.docgen.blocks`) and writes what it prints into the block after the marker.

``--check`` writes nothing and exits 1 when anything is out of date, naming it; ``--only
generated`` or ``--only outputs`` does one of the two. Running it twice changes nothing the
second time: every run has a fixed environment and date (:mod:`advisor.docgen.runs`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from advisor.docgen.blocks import Block, MarkerError, find_blocks, replace_blocks, shown_lines
from advisor.docgen.profile_doc import profile_markdown
from advisor.docgen.runs import Printed, Runner, in_subprocess, run_block

__all__ = ["DOCUMENTS", "fresh_lines", "main", "output_docs", "profile_markdown", "regenerate"]


def _rules_markdown() -> str:
    from advisor.render.rule_docs import builtin_markdown

    return builtin_markdown()


#: Every generated document: file name under the docs folder → generator.
DOCUMENTS: dict[str, Callable[[], str]] = {
    "profile.md": profile_markdown,
    "rules.md": _rules_markdown,
}


def output_docs(root: Path) -> list[str]:
    """The documents that may show output: README.md and docs/*.md, relative to *root*, less
    the documents :data:`DOCUMENTS` writes whole."""
    generated = {f"docs/{name}" for name in DOCUMENTS}
    docs = sorted(p.relative_to(root).as_posix() for p in (root / "docs").glob("*.md"))
    readme = ["README.md"] if (root / "README.md").is_file() else []
    return [*readme, *(doc for doc in docs if doc not in generated)]


def fresh_lines(
    block: Block, root: Path, runner: Runner, printed: dict[object, Printed]
) -> list[str]:
    """The lines *block* must show now; *printed* caches the runs (one per command,
    environment and setup)."""
    key = (block.marker.run_key, block.code, block.doc if block.marker.setup else "")
    if key not in printed:
        printed[key] = run_block(block, root, runner)
    done = printed[key]
    return shown_lines(block.marker, done.code, done.stdout, done.stderr, block.where)


def regenerate(
    root: Path, doc: str, runner: Runner, printed: dict[object, Printed] | None = None
) -> str:
    """The text of *doc* with every marked block as its command prints it now."""
    cache = {} if printed is None else printed
    new = [(block, fresh_lines(block, root, runner, cache)) for block in find_blocks(root, doc)]
    return replace_blocks((root / doc).read_text(encoding="utf-8"), new)


def _generated(out: Path, check: bool) -> list[Path]:
    stale = []
    for name, generate in DOCUMENTS.items():
        target = out / name
        text = generate()
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        stale.append(target)
        if not check:
            _write(target, text)
    return stale


def _outputs(root: Path, check: bool) -> list[Path]:
    """Every document whose marked blocks are out of date (all computed before one is written)."""
    cache: dict[object, Printed] = {}
    fresh = {doc: regenerate(root, doc, in_subprocess, cache) for doc in output_docs(root)}
    stale = [doc for doc, text in fresh.items() if (root / doc).read_text("utf-8") != text]
    if not check:
        for doc in stale:
            _write(root / doc, fresh[doc])
    return [root / doc for doc in stale]


def _write(target: Path, text: str) -> None:
    from advisor.fsutil import write_output

    target.parent.mkdir(parents=True, exist_ok=True)
    write_output(target, text)
    print(f"wrote {target}")


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check`` compare) every generated document and every marked output
    block; return an exit code (1: something is out of date, 2: a marker is wrong)."""
    parser = argparse.ArgumentParser(prog="python -m advisor.docgen", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs"), help="docs folder (./docs)")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (.)")
    parser.add_argument("--check", action="store_true", help="report stale documents, write none")
    parser.add_argument("--only", choices=("generated", "outputs"), help="do only one part")
    args = parser.parse_args(argv)
    stale: list[Path] = []
    try:
        if args.only != "outputs":
            stale += _generated(args.out, args.check)
        if args.only != "generated":
            stale += _outputs(args.root.resolve(), args.check)
    except MarkerError as exc:
        print(f"python -m advisor.docgen: {exc}", file=sys.stderr)
        return 2
    if args.check and stale:
        for target in stale:
            print(f"{target}: out of date; run make docs (python -m advisor.docgen)",
                  file=sys.stderr)  # fmt: skip
        return 1
    return 0
