"""Shared helpers of the report-format tests: assess a profile in-process, with fixed Options.

The formats are pure functions of an Assessment and Options, so the tests build both here
(no terminal, no clock, no working folder) and the golden files do not depend on where or
when they run. Imported by the other ``test_render_*`` modules; it has no tests of its own.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from advisor.engine.assess.model import Assessment
from advisor.engine.pipeline import assess
from advisor.profile.build import load_profile, profile_from
from advisor.reference.load import Reference, load_reference
from advisor.render import Format, Options, renderer
from advisor.rules.load import load_rules
from advisor.rules.packs import RuleSet
from advisor.yaml.loader import load_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"
HOSTILE = DATA / "hostile"
EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))


@lru_cache(maxsize=1)
def ruleset() -> RuleSet:
    """The built-in rules."""
    return load_rules()


@lru_cache(maxsize=1)
def reference() -> Reference:
    """The built-in reference data."""
    return load_reference(None)


@cache
def assessed(path: str) -> Assessment:
    """The assessment of the profile at *path*, named as given (cached: it is immutable)."""
    profile, doc = load_profile(path)
    return assess(profile, ruleset(), reference(), doc)


@cache
def example(name: str) -> Assessment:
    """The assessment of examples/<name>.yaml, named so whatever the working folder."""
    source = f"examples/{name}.yaml"
    doc = load_text((ROOT / source).read_text(encoding="utf-8"), source)
    return assess(profile_from(doc), ruleset(), reference(), doc)


def options(*assessments: Assessment, **changes: Any) -> Options:
    """Fixed Options: each profile shown relative to the project root, the built-in rules."""
    paths = {a.source: shown_path(a.source) for a in assessments}
    return Options(**{"paths": paths, "rules": ruleset().rules, **changes})


def shown_path(source: str) -> str:
    """*source* relative to the project root, or its bare name when outside it."""
    path = (ROOT / source).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def render(fmt: Format, *assessments: Assessment, **changes: Any) -> str:
    """*assessments* rendered in *fmt* with :func:`options`."""
    return renderer(fmt).render(list(assessments), options(*assessments, **changes))


def write_profile(folder: Path, text: str, name: str = "profile.yaml") -> Path:
    """Write a profile into *folder* and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
