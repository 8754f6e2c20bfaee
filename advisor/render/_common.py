"""Helpers the report formats share: paths, rule metadata, thresholds and plain numbers.

Pure functions of an Assessment and the Options; no I/O, no clock, no environment.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from advisor.engine.assess.scoring import severity_rank
from advisor.escape import line as escape_line
from advisor.escape import visible

if TYPE_CHECKING:
    from advisor.engine.assess.model import Assessment, Finding, Recommendation
    from advisor.errors import Problem
    from advisor.render import Options
    from advisor.rules.models import Rule

#: The generated rule reference below the repository; each rule has an anchor such as
#: ``#adv001-single-source``.
RULES_DOC_PATH = "blob/main/docs/rules.md"
#: The severity at or above which a finding fails a JUnit test case when --fail-on is not given
#: (the default of `advisor check`).
DEFAULT_FAIL_ON = "high"


def repository_url() -> str | None:
    """The project's public repository (``advisor.REPOSITORY_URL``), or None when unset."""
    import advisor

    return advisor.REPOSITORY_URL


def rule_url(rule_id: str, name: str) -> str | None:
    """The rule's section in docs/rules.md, e.g. ``…/rules.md#adv001-single-source``; None
    when no repository URL is set."""
    base = repository_url()
    if base is None:
        return None
    return f"{base.rstrip('/')}/{RULES_DOC_PATH}#{rule_id.lower()}-{name}"


def rules_by_id(options: Options) -> dict[str, Rule]:
    """The rules the CLI passed in Options, by id."""
    return {rule.id: rule for rule in options.rules}


def is_builtin(rule: Rule | None) -> bool:
    """True for a rule of the built-in pack, whose documentation is in docs/rules.md."""
    return rule is not None and rule.pack == "builtin"


def fail_floor(options: Options) -> str:
    """The severity at or above which a finding is a failure: --fail-on, else "high"."""
    return options.fail_on or DEFAULT_FAIL_ON


def fails(finding: Finding, options: Options) -> bool:
    """True if *finding* is at or above the failure threshold and no waiver or baseline takes
    it out of the gate."""
    at_or_above = severity_rank(finding.severity) >= severity_rank(fail_floor(options))
    return at_or_above and finding.gating


def shown(findings: Iterable[Finding], options: Options) -> list[Finding]:
    """The findings at or above --min-severity that are not waived or known from a baseline,
    in rank order (highest score first)."""
    floor = severity_rank(options.min_severity)
    return sorted(
        (f for f in findings if severity_rank(f.severity) >= floor and f.gating),
        key=lambda f: f.sort_key,
    )


def problem_text(problem: Problem) -> str:
    """``path:line:col: field: message``, or ``path: message`` for a whole-file problem."""
    if problem.line <= 0:
        return escape_line(f"{problem.file}: {problem.message}")
    return problem.render()


def rank(f: Finding) -> tuple[Any, ...]:
    """Where *f* ranks among the findings of every profile (highest first; stable across
    profiles: ties go by file)."""
    return (*f.sort_key, f.location.file)


def ranked(assessments: Sequence[Assessment]) -> list[Finding]:
    """Every finding of every assessment, highest-ranked first (:func:`rank`)."""
    return sorted((f for a in assessments for f in a.findings), key=rank)


def plain(value: Any) -> Any:
    """A fact or evidence value as plain JSON data: numbers rounded to 6 places, keys sorted.

    Decimals become numbers, -0.0 becomes 0, NaN and infinities (never produced by the facts)
    become None, tuples become lists, and mapping keys are sorted so the output is stable.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        return number(value)
    if isinstance(value, Mapping):
        return {str(k): plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [plain(v) for v in items]
    return str(value)


def number(value: float | Decimal) -> float | int | None:
    """A float rounded to 6 places (integral values stay floats); None if not finite."""
    as_float = float(value)
    if not math.isfinite(as_float):
        return None
    rounded = round(as_float, 6)
    return 0.0 if rounded == 0 else rounded


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$@#])")
_MD_LINE_START = re.compile(r"^([-+=])(?=[-+=\s]|$)|^(\d{1,9})([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Text safe anywhere in markdown, table cells included: one line, no markup, no HTML.

    First the text is made one visible line (:func:`advisor.escape.visible`: a line break shows
    as ``\\n``, a zero-width space as ``\\u200b``); runs of spaces become one; ``& < >``
    become entities (so ``<script>`` is shown, never run); backslash, backtick,
    ``* _ [ ] | ~ $ @ #`` are backslash-escaped (no emphasis, links, code, cell breaks, maths
    or mentions); and a leading list marker (``-``, ``+``, ``1.``) or setext underline
    (``===``, ``---``) is escaped, so the text never starts a block.
    """
    one_line = " ".join(visible(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))
    return _MD_LINE_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped
    )


def named(r: Recommendation, company: str = "company-wide") -> str:
    """The materials an action changes, ``dy-alloy, tb-metal``; *company* when it has none."""
    return ", ".join(r.materials) or company


def removes(r: Recommendation) -> int:
    """Company score points an action removes, as the scores a report shows them."""
    return round(r.score_before) - round(r.score_after)


def removes_cell(r: Recommendation) -> str:
    """``6 pts``, or ``–`` for an action that does not move the company score on its own."""
    n = removes(r)
    return f"{n} pt{'' if n == 1 else 's'}" if n > 0 else "–"


def effect_words(r: Recommendation) -> str:
    """What an action does to the scores, in the unit of the score, and why it does not move
    it when it does not: ``company score 95 → 89 (−6); dy-alloy 90 → 83``."""
    n = removes(r)
    mats = ", ".join(f"{m} {before:.0f} → {after:.0f}" for m, before, after in r.material_scores)
    text = f"company score {r.score_before:.0f} → {r.score_after:.0f}"
    if n > 0:
        return text + f" (−{n})" + (f"; {mats}" if mats else "")
    text += " (no change on its own"
    if r.held_by is not None:
        text += f": {r.held_by} still sets it"
    elif r.material and r.still_set_by:
        text += f": {r.material}'s {r.still_set_by}"
    elif not r.material:
        text += ": the materials' own problems set it"
    return text + ")" + (f"; {mats}" if mats else "")


def plan_lines(r: Recommendation) -> list[str]:
    """``takes effect: …``, the window, ``cost: …`` and ``completed by: …`` lines."""
    lines = []
    if r.takes_days is not None:
        lines.append(f"takes effect: {'at once' if r.takes_days == 0 else f'{r.takes_days} days'}")
    if r.window:
        lines.append(f"in the time left: {r.window}")
    if r.cost_text:
        lines.append(f"cost: {r.cost_text}")
    lines += [f"completed by: {c}" for c in r.completes]
    return lines


def cost_cell(r: Recommendation) -> str:
    """``7.85 million EUR``, ``at least 1.2 million USD`` (a lower bound), ``no purchase`` or
    ``unknown``: the cost in a table cell."""
    if r.cost is not None and r.cost_currency:
        value = r.cost
        least = "at least " if r.cost_text.startswith("at least") else ""
        if value >= 1e9:
            return f"{least}{value / 1e9:,.3g} billion {r.cost_currency}"
        if value >= 1e6:
            return f"{least}{value / 1e6:,.3g} million {r.cost_currency}"
        return f"{least}{value:,.0f} {r.cost_currency}"
    return "no purchase" if r.cost_text.startswith("no purchase") else "unknown"


def processing_shares(suppliers: Sequence[Any]) -> list[tuple[str, float]]:
    """A material's volume by processing country in percent (one decimal), largest first:
    a supplier processing in several countries counts equally in each, one with none counts as
    ``unknown``, and volume given to no supplier as ``not assigned``; zero shares are left out."""
    volume: dict[str, float] = {}
    for s in suppliers:
        countries = s.processing_countries or ("unknown",)
        for c in countries:
            volume[c] = volume.get(c, 0.0) + s.share / len(countries)
    gap = 1.0 - sum(s.share for s in suppliers)
    if gap > 1e-9:
        volume["not assigned"] = gap
    return sorted(
        ((c, round(100 * v, 1)) for c, v in volume.items() if round(100 * v, 1) > 0),
        key=lambda kv: (-kv[1], kv[0]),
    )
