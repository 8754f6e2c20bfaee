"""Coverage-guided fuzz target for advisor: the loader, the rule-pack compiler, every renderer.

Run it (not in CI; see docs/reliability.md)::

    pip install atheris
    nice -n 19 python fuzz/fuzz_advisor.py /tmp/advisor-corpus -max_total_time=1800 \\
        -timeout=20 -rss_limit_mb=2048

The corpus folder is seeded with the examples, the test profiles and the rule packs on the
first run. The first byte of an input picks what it feeds:

* 0 ``profile``: the bytes as a profile: strict YAML, the model, the cross-checks; a valid
  profile is assessed and rendered in every format;
* 1 ``pack``: the bytes as a rule pack merged over the built-in one; a valid pack assesses an
  example profile, rendered in every format;
* 2 ``data``: the bytes as a reference-data override file, used to assess an example;
* 3 ``text``: the bytes as text put into every name of an example profile (company, materials'
  forms, suppliers), rendered in every format, checking the escaping policy.

The only acceptable outcomes are a result or an :class:`~advisor.errors.AdvisorError`; any other
exception, a line of human output that a CI runner would run as a command, or a hidden
character in it, is a crash. Without atheris, ``--replay`` runs the target once on each seed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("table", "lines", "markdown", "json", "sarif", "junit", "github")
HUMAN = ("table", "lines", "markdown")
HIDDEN = ("\u200b", "\u202e", "\u2028", "\x1b", "\ufeff")
MODES = ("profile", "pack", "data", "text")


def _imports() -> None:
    """Import advisor (instrumented when atheris runs) and warm its caches."""
    from advisor import api

    api.load_rules()
    api.load_reference()


def seeds() -> list[bytes]:
    """One input per mode and seed file: the mode byte, then the file."""
    profiles = sorted((ROOT / "examples").glob("*.yaml"))
    profiles += sorted((ROOT / "tests" / "data" / "profiles").glob("*.yaml"))
    packs = sorted((ROOT / "examples" / "rules").glob("*.yaml"))
    packs += sorted((ROOT / "tests" / "data" / "rules").glob("*.yaml"))
    data = sorted((ROOT / "tests" / "data" / "reference").glob("*.yaml"))
    out = [b"\x00" + p.read_bytes() for p in profiles]
    out += [b"\x01" + p.read_bytes() for p in packs]
    out += [b"\x02" + p.read_bytes() for p in data]
    out += [b"\x03" + t.encode() for t in ("Acme", "x\n::error::y", "[bold]a[/]", "\u202eevil")]
    return out


def one_input(raw: bytes) -> None:
    """The fuzz target: run one input through the part of advisor its first byte picks."""
    if not raw:
        return
    from advisor.errors import AdvisorError

    mode, body = MODES[raw[0] % len(MODES)], raw[1:]
    try:
        if mode == "profile":
            _profile(body)
        elif mode == "pack":
            _pack(body)
        elif mode == "data":
            _data(body)
        else:
            _text(body.decode("utf-8", "replace"))
    except AdvisorError as exc:
        lines = exc.lines()
        assert all(_safe(line) for line in lines), lines


def _profile(body: bytes) -> None:
    from advisor import api
    from advisor.profile.build import profile_from
    from advisor.yaml.loader import load_bytes

    doc = load_bytes(body, "fuzz.yaml")
    loaded = api.LoadedProfile(profile_from(doc), doc)
    _render(api.assess(loaded, recommend=len(loaded.profile.materials) <= 3))


def _pack(body: bytes) -> None:
    from advisor import api
    from advisor.rules.load import _builtin_documents
    from advisor.rules.packs import BUILTIN, Merge
    from advisor.yaml.loader import load_bytes

    merge = Merge()
    for doc in _builtin_documents():
        merge.add(doc, BUILTIN)
    merge.add(load_bytes(body, "pack.yaml"), "pack.yaml")
    if merge.problems:
        return
    ruleset = merge.result()
    if ruleset.rules:
        _render(api.assess(_example(), ruleset, recommend=False), ruleset)


def _data(body: bytes) -> None:
    from advisor import api

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.yaml"
        path.write_bytes(body)
        reference = api.load_reference(path)
    _render(api.assess(_example(), reference=reference, recommend=False))


def _text(text: str) -> None:
    from advisor import api

    source = (ROOT / "tests" / "data" / "profiles" / "valid.yaml").read_text(encoding="utf-8")
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"')[:150] + '"'
    for old in ("Testwerk AG", "Magnet Co.", "Second Source KK", "NdFeB sintered magnet"):
        source = source.replace(old, quoted)
    _render(api.assess(api.parse_profile(source, text[:60] or "x.yaml"), recommend=False))


_EXAMPLE: list[object] = []


def _example() -> object:
    from advisor import api

    if not _EXAMPLE:
        _EXAMPLE.append(api.load_profile(ROOT / "tests" / "data" / "profiles" / "valid.yaml"))
    return _EXAMPLE[0]


def _render(result: object, ruleset: object = None) -> None:
    from advisor import api

    for fmt in FORMATS:
        text = api.render([result], fmt, ruleset=ruleset)  # type: ignore[list-item, arg-type]
        if fmt in HUMAN or fmt == "github":
            bad = [line for line in text.splitlines() if not _safe(line, fmt == "github")]
            assert not bad, (fmt, bad[:3])


def _safe(line: str, github: bool = False) -> bool:
    """No command a runner would run, no hidden character: the escaping policy holds."""
    if any(ch in line for ch in HIDDEN) or "##[" in line:
        return False
    if github and line.startswith(("::error file=", "::warning file=", "::notice file=")):
        return "\n" not in line
    return not line.lstrip().startswith("::")


def replay() -> int:
    """Run the target once on every seed (no atheris needed); 0 if none crashed."""
    _imports()
    for raw in seeds():
        one_input(raw)
    print(f"{len(seeds())} seeds: ok")
    return 0


def main(argv: list[str]) -> int:
    """Fuzz with atheris; the corpus folder (first argument) is seeded when empty."""
    if "--replay" in argv:
        return replay()
    import atheris

    with atheris.instrument_imports(include=["advisor"]):
        _imports()
    corpus = next((a for a in argv[1:] if not a.startswith("-")), None)
    if corpus is not None:
        os.makedirs(corpus, exist_ok=True)
        if not os.listdir(corpus):
            for i, raw in enumerate(seeds()):
                Path(corpus, f"seed-{i:03d}").write_bytes(raw)
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
