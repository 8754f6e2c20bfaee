"""The engine's stages for one profile: assess (facts, findings, scores), then advise (ranked,
modelled recommendations). Pure: no I/O, no clock, no printing.

The stress tests are a stage of their own, run on demand (:mod:`advisor.engine.stress.simulate`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.engine.assess.assessment import STALE_DAYS
from advisor.engine.assess.assessment import assess as assess_findings
from advisor.engine.assess.model import Assessment

if TYPE_CHECKING:
    from advisor.profile.model import Profile
    from advisor.reference.load import Reference
    from advisor.rules.packs import RuleSet
    from advisor.yaml.document import Document


def assess(
    profile: Profile,
    ruleset: RuleSet,
    ref: Reference,
    doc: Document | None = None,
    *,
    recommend: bool = True,
    stale_days: int = STALE_DAYS,
) -> Assessment:
    """The whole pipeline for one profile: facts, findings, scores and, with *recommend*,
    recommendations."""
    result, subjects = assess_findings(profile, ruleset, ref, doc, stale_days=stale_days)
    if not recommend:
        return result
    from advisor.engine.advise.recommend import recommendations  # only when asked: start-up

    recs = recommendations(profile, ruleset, ref, result, subjects=subjects)
    return Assessment(**{**result.__dict__, "recommendations": tuple(recs)})
