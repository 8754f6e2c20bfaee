"""Property tests: whatever bytes a profile holds, advisor answers with its own error or a model.

Input comes from arbitrary bytes, from YAML-ish token soup, and from valid profiles mutated
line by line. The only acceptable outcomes are a Profile or an ``AdvisorError`` whose message
formats quickly, on bounded lines, on both parsers.
"""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.errors import AdvisorError, ProfileError
from advisor.profile.build import build, cross_problems
from advisor.profile.model import Profile, cross_checks
from advisor.yaml.loader import load_bytes

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [
    (ROOT / "tests" / "data" / "profiles" / "valid.yaml").read_text(encoding="utf-8"),
    (ROOT / "advisor" / "templates" / "profile.yaml").read_text(encoding="utf-8"),
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))),
]
#: Scalars that have tripped YAML loaders: 1.1 booleans, sexagesimals, octals, specials, tags.
SCALARS = [
    "NO", "yes", "off", "~", "null", ".nan", "-.inf", "1e999", "010", "0x1F", "0o7", "8:30",
    "1.10", "2026-02-30", "2026-13-01", '"35%"', "35%", "-1", "1" + "0" * 60, "[]", "{}",
    "&a x", "*a", "*nowhere", "!!python/none", "!!binary aGk=", "!foo x", '"\\u202e"', '"\\0"',
    '"\\ud800"', "\t", "'", '"', "|", ">", "? x", ":", "- ", "--- ", "...", "%YAML 1.2", "true",
    "@", "`", "#", "<<: *a", "\ufeff", "\u2028", "\u202e", "\x00", "\U0001f600", "unknown",
    "0.3", "2026-01-01", "{quantity: 1, unit: t}", "[CN, UK]", "x" * 300,
]  # fmt: skip
TOKENS = st.sampled_from(["a", ": ", " ", "\n", "  ", "- ", "[", "]", "{", "}", ", ", *SCALARS])
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(raw: bytes, pure: bool) -> str:
    """Run the whole profile pipeline; return "ok" or the formatted error, and nothing else."""
    start = time.perf_counter()
    try:
        doc = load_bytes(raw, "fuzz.yaml", pure=pure)
        profile = build(doc, Profile, ProfileError)
        found = cross_problems(doc, cross_checks(profile))
        if found:
            raise ProfileError(problems=found)
        result = "ok"
    except AdvisorError as exc:
        lines = exc.lines()
        result = str(exc)
        assert result == "\n".join(lines)
        assert all(len(line) < 1000 for line in lines), max(lines, key=len)[:200]
        assert len(lines) <= 101
    assert time.perf_counter() - start < 5
    return result


@st.composite
def mutated_profile(draw: st.DrawFn) -> bytes:
    """A valid profile with a few lines deleted, duplicated, swapped, re-indented or re-valued."""
    lines = draw(st.sampled_from(SEEDS)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "value"]))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[draw(st.integers(0, len(lines) - 1))])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.text(min_size=1, max_size=3)) + lines[i][at:]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 12)) + lines[i].lstrip()
        elif ":" in lines[i]:
            key = lines[i][: lines[i].index(":") + 1]
            lines[i] = f"{key} {draw(st.sampled_from(SCALARS))}"
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@FUZZ
@given(raw=st.binary(max_size=400), pure=st.booleans())
def test_arbitrary_bytes(raw: bytes, pure: bool) -> None:
    outcome(raw, pure)


@FUZZ
@given(tokens=st.lists(TOKENS, max_size=80), pure=st.booleans())
def test_yaml_token_soup(tokens: list[str], pure: bool) -> None:
    outcome("".join(tokens).encode("utf-8", "surrogatepass"), pure)


@FUZZ
@given(raw=mutated_profile(), pure=st.booleans())
def test_mutated_profiles(raw: bytes, pure: bool) -> None:
    outcome(raw, pure)


@FUZZ
@given(raw=mutated_profile())
def test_both_parsers_agree_on_valid_profiles(raw: bytes) -> None:
    """When libyaml reads a file as a valid profile, the pure parser reads the same profile."""
    fast = outcome(raw, pure=False)
    if fast == "ok" and b"\t" not in raw:
        assert outcome(raw, pure=True) == "ok"


def test_the_seeds_are_valid() -> None:
    for seed in SEEDS:
        assert outcome(seed.encode("utf-8"), pure=False) == "ok"
        assert outcome(seed.encode("utf-8"), pure=True) == "ok"
