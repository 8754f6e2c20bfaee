"""Draft of the annual report of step 5 of the OECD Due Diligence Guidance for Responsible
Supply Chains of Minerals from Conflict-Affected and High-Risk Areas (five-step framework).

Step 5 reports on steps 1-4; ``REQUIRED`` names each part with its step, and :func:`build`
fills each from the profile (suppliers, countries of origin, imported smelters) and advisor's
findings and recommendations, or lists it as an evidence gap. docs/reports.md explains it.
"""

from __future__ import annotations

from advisor.render import report_parts as parts
from advisor.render.report_common import Draft, Inputs, Requirement, Section, Trace, section

CITATIONS = (
    "OECD (2016), OECD Due Diligence Guidance for Responsible Supply Chains of Minerals from "
    "Conflict-Affected and High-Risk Areas, Third Edition, OECD Publishing, Paris, "
    "https://doi.org/10.1787/9789264252479-en (Annex I, steps 1-5)",
)
DATES = ("Step 5: report on supply-chain due diligence annually, publicly.",)

REQUIRED = (
    Requirement("management", "Company management systems", "Step 1 (reported under step 5)",
                "Supply-chain policy, internal management structure, system of controls and "
                "transparency over the supply chain, supplier engagement, grievance mechanism."),
    Requirement("identification", "Identification of smelters/refiners and origins",
                "Step 2 (reported under step 5)",
                "The steps taken to identify the smelters and refiners and the countries of "
                "origin and transit of the minerals."),
    Requirement("assessment", "Risk assessment", "Step 2 (reported under step 5)",
                "The method and results of the assessment of risks in the supply chain, red "
                "flags included."),
    Requirement("response", "Risk management (strategy to respond)",
                "Step 3 (reported under step 5)",
                "The risk-management plan, its measures and how progress is monitored."),
    Requirement("audit", "Independent third-party audits", "Step 4 (reported under step 5)",
                "The audits of smelters' and refiners' due diligence, and their results."),
    Requirement("report", "Annual public report", "Step 5",
                "Published every year, without confidential supplier or price information."),
)  # fmt: skip
_REQ = {r.key: r for r in REQUIRED}


def build(inputs: Inputs) -> Draft:
    """The OECD step-5 draft for *inputs*: every material of the profile is in scope."""
    mats = list(enumerate(inputs.profile.materials))
    a = inputs.assessment
    scope = (
        "the guidance applies to every mineral supply chain; its supplements cover tin, "
        "tantalum, tungsten and gold, and the general framework applies to the others"
    )
    sections = (_management(inputs), _identification(inputs, mats), _assessment(inputs, mats),
                _response(inputs, mats), _audit(inputs, mats), _report())  # fmt: skip
    return Draft("oecd-step5", "Annual supply-chain due-diligence report (OECD step 5)",
                 "OECD Due Diligence Guidance for Responsible Supply Chains of Minerals, "
                 "five-step framework, step 5", CITATIONS, DATES, True, scope, a.company,
                 inputs.shown, a.as_of, a.versions.get("reference_data", "unknown"),
                 sections)  # fmt: skip


def _management(inputs: Inputs) -> Section:
    p = inputs.profile.programmes
    text = []
    if p.stockpile:
        text.append(f"Stockpile policy: {p.stockpile.target_days} days of cover.")
    if p.recycling:
        text.append("In-house recycling programme.")
    text += [f"Research partnership: {r.partner} ({r.topic})." for r in p.research_partnerships]
    gaps = ["The supply-chain policy (OECD Annex II model policy or equivalent).",
            "The internal management structure and who is responsible.",
            "The grievance mechanism.", "How the policy is communicated to suppliers."]  # fmt: skip
    trace = Trace(profile=(inputs.at("programmes"),)) if text else Trace()
    return section(_REQ["management"], "partial" if text else "gap", text, gaps=gaps, trace=trace)


def _identification(inputs: Inputs, mats: parts.Picked) -> Section:
    supply, trace = parts.supply_map(inputs, mats)
    table, smelter_trace, missing = parts.smelters(inputs, mats)
    text = ["Suppliers and the countries each says the mineral is mined and processed in "
            "(profile); smelters and refiners from imported RMI declarations."]  # fmt: skip
    gaps = []
    if missing:
        gaps.append("Smelters and refiners of " + ", ".join(missing) + " (no RMI declaration "
                    "imported).")  # fmt: skip
    blank = parts.unidentified(mats)
    if blank:
        gaps.append(f"{blank} declared smelters or refiners are not yet identified.")
    tables = [supply] + ([table] if table else [])
    return section(_REQ["identification"], "partial" if gaps else "filled", text, tables, gaps,
                   trace + smelter_trace)  # fmt: skip


def _assessment(inputs: Inputs, mats: parts.Picked) -> Section:
    found, trace = parts.findings(inputs, mats)
    ctl, ctl_trace = parts.controls(inputs, mats)
    world, world_trace = parts.world_shares(inputs, mats)
    text = ["advisor's risk method: sourced rules over the profile's facts (docs/scoring.md); "
            "the findings below are supply-security risks, with the export controls and world "
            "shares of the reference data."]  # fmt: skip
    gaps = ["Red-flag review: whether any origin or transit country is a conflict-affected or "
            "high-risk area (advisor has no CAHRA list).",
            "Risks of serious abuses and of direct or indirect support to non-state armed "
            "groups (Annex II of the guidance)."]  # fmt: skip
    return section(_REQ["assessment"], "partial", text, [found, ctl, world], gaps,
                   trace + ctl_trace + world_trace)  # fmt: skip


def _response(inputs: Inputs, mats: parts.Picked) -> Section:
    table, trace = parts.actions(inputs, mats)
    text = ["advisor's ranked actions on supply security; each is a modelled what-if."]
    gaps = ["Measures against Annex II risks (continue, suspend or disengage) and the "
            "monitoring of their progress."]  # fmt: skip
    return section(_REQ["response"], "partial", text, [table], gaps, trace)


def _audit(inputs: Inputs, mats: parts.Picked) -> Section:
    ids = sorted({x.rmi_id for _, m in mats for s in m.suppliers for x in s.smelters
                  if x.rmi_id})  # fmt: skip
    text = [f"Smelters and refiners with an RMI id to check: {', '.join(ids)}."] if ids else []
    gaps = ["The audit status (e.g. RMAP conformant or active) of each smelter and refiner: "
            "advisor does not hold RMI's facility list."]  # fmt: skip
    return section(_REQ["audit"], "gap", text, gaps=gaps)


def _report() -> Section:
    text = ["This draft is the input to the annual report; publish it without confidential "
            "supplier or price information (the tables above name suppliers)."]  # fmt: skip
    return section(_REQ["report"], "gap", text, gaps=["The reporting year and where the report "
                   "is published."])  # fmt: skip


__all__ = ["CITATIONS", "DATES", "REQUIRED", "build"]
