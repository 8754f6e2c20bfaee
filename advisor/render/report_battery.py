"""Draft of the EU Battery Regulation (Regulation (EU) 2023/1542) supply-chain due diligence
report for cobalt, lithium, nickel and natural graphite (Art. 48-52, Annex X).

``REQUIRED`` is what the regulation asks for, each with its article; :func:`build` fills
each from the profile (suppliers, imported smelters and refiners) and advisor's findings and
recommendations, or lists it as an evidence gap. The obligations apply from 18 August 2027
(Regulation (EU) 2025/1561). docs/reports.md explains it.
"""

from __future__ import annotations

from advisor.render import report_parts as parts
from advisor.render.report_common import (
    Draft,
    Inputs,
    Requirement,
    Section,
    Status,
    Table,
    Trace,
    section,
)

CITATIONS = (
    "Regulation (EU) 2023/1542 of the European Parliament and of the Council of 12 July 2023 "
    "concerning batteries and waste batteries, OJ L 191, 28.7.2023, ELI: "
    "http://data.europa.eu/eli/reg/2023/1542/oj",
    "Regulation (EU) 2025/1561 of 18 July 2025 amending Regulation (EU) 2023/1542 as regards "
    "the obligations of economic operators concerning battery due diligence policies, "
    "published in the Official Journal on 30 July 2025, in force 31 July 2025",
)
DATES = (
    "The due-diligence obligations apply from 18 August 2027: Regulation (EU) 2025/1561 "
    "postponed them from 18 August 2025.",
    "The Commission's due-diligence guidelines are due by 26 July 2026 (Regulation (EU) "
    "2025/1561).",
)

#: Annex X point 1: the raw materials in the due-diligence scope, by the profile's keys.
ANNEX_X_MATERIALS = {
    "Co": "cobalt",
    "Li": "lithium",
    "Ni": "nickel",
    "graphite": "natural graphite",
}

#: Annex X point 2: the social and environmental risk categories (as summarised here; check
#: the wording against the Official Journal text).
ANNEX_X_RISKS = (
    "air", "water (incl. marine environment)", "soil", "biodiversity", "hazardous substances",
    "noise and vibration", "plant safety", "energy use", "waste and residues",
    "human rights (incl. child and forced labour)", "human health",
    "occupational health and safety", "labour rights", "community life",
)  # fmt: skip

REQUIRED = (
    Requirement("scope", "Economic operator and scope", "Art. 48(1); Annex X point 1",
                "An operator placing batteries on the market (net turnover of at least EUR 40 "
                "million) and the raw materials in scope."),
    Requirement("policy", "Due-diligence policy", "Art. 48; Art. 49(1)",
                "The battery due-diligence policy for the raw materials in scope, adopted and "
                "communicated to suppliers and the public."),
    Requirement("management", "Management system and supply-chain traceability",
                "Art. 49", "Internal management (senior responsibility), a system of controls "
                "and transparency over the supply chain (chain of custody), supplier "
                "engagement and a grievance mechanism."),
    Requirement("smelters", "Smelters and refiners in the supply chain", "Art. 49",
                "The identification of the actors upstream, smelters and refiners above all, "
                "with their countries and the mines they source from."),
    Requirement("risks", "Risks identified by Annex X category", "Art. 50(1)(a); Annex X point 2",
                "Risks of adverse impacts in the supply chain, by Annex X risk category."),
    Requirement("plan", "Risk-management plan", "Art. 50(1)(b)",
                "A strategy to respond to the risks identified: report to senior management, "
                "measures to prevent or mitigate, monitoring."),
    Requirement("verification", "Third-party verification", "Art. 51",
                "Verification of the due-diligence policy by a notified body."),
    Requirement("disclosure", "Disclosure", "Art. 52",
                "The report made available to the public and to the operator's buyers."),
)  # fmt: skip
_REQ = {r.key: r for r in REQUIRED}


def build(inputs: Inputs) -> Draft:
    """The battery due-diligence draft for *inputs*."""
    mats = parts.pick(inputs, ANNEX_X_MATERIALS)
    a = inputs.assessment
    names = sorted({ANNEX_X_MATERIALS[m.mineral.value] for _, m in mats})
    scope = (
        f"materials in scope (Annex X point 1): {', '.join(names)}"
        if mats
        else "the regulation's due-diligence scope (Annex X point 1: cobalt, lithium, nickel, "
        "natural graphite) does not cover the profile's materials"
    )
    sections = (_scope(inputs, mats), _policy(inputs), _management(inputs, mats),
                _smelters(inputs, mats), _risks(inputs, mats), _plan(inputs, mats),
                _verification(), _disclosure())  # fmt: skip
    return Draft("battery-due-diligence", "Battery supply-chain due diligence (Art. 48-52)",
                 "EU Battery Regulation, Regulation (EU) 2023/1542, Chapter VII (due diligence) "
                 "and Annex X", CITATIONS, DATES, bool(mats), scope, a.company, inputs.shown,
                 a.as_of, a.versions.get("reference_data", "unknown"), sections)  # fmt: skip


def _none() -> list[str]:
    return [
        "Not applicable: none of the profile's materials is cobalt, lithium, nickel or "
        "natural graphite, so the regulation's due-diligence scope does not cover them."
    ]


def _scope(inputs: Inputs, mats: parts.Picked) -> Section:
    c = inputs.profile.company
    text = [f"{c.name} ({c.headquarters}), sector {c.sector.value}."]
    gaps = ["Whether the company places batteries on the EU market or puts them into service, "
            "and which battery models."]  # fmt: skip
    if c.annual_revenue is None:
        gaps.append("Net turnover (the EUR 40 million threshold).")
    else:
        text.append(f"Annual revenue {c.annual_revenue:,} {c.currency} (the threshold is a net "
                    "turnover of EUR 40 million; check the currency and the group).")  # fmt: skip
    if mats:
        text += [f"{m.id}: {ANNEX_X_MATERIALS[m.mineral.value]} ({m.form})" for _, m in mats]
    else:
        text += _none()
    trace = Trace(profile=(inputs.at("company"),)) + parts.material_lines(inputs, mats)
    return section(_REQ["scope"], "partial", text, gaps=gaps, trace=trace)


def _policy(inputs: Inputs) -> Section:
    return section(_REQ["policy"], "gap", gaps=["The adopted due-diligence policy (advisor "
                   "holds no policy document)."])  # fmt: skip


def _management(inputs: Inputs, mats: parts.Picked) -> Section:
    if not mats:
        return section(_REQ["management"], "not applicable", _none())
    declared = [f"{m.id} / {s.id}: {s.declaration.template.value} {s.declaration.version}"
                for _, m in mats for s in m.suppliers if s.declaration]  # fmt: skip
    text = ["Supplier declarations imported: " + ("; ".join(declared) if declared else "none")]
    gaps = ["Who in senior management is responsible.", "The grievance mechanism.",
            "Chain-of-custody or traceability system records."]  # fmt: skip
    return section(_REQ["management"], "partial" if declared else "gap", text, gaps=gaps,
                   trace=parts.material_lines(inputs, mats))  # fmt: skip


def _smelters(inputs: Inputs, mats: parts.Picked) -> Section:
    if not mats:
        return section(_REQ["smelters"], "not applicable", _none())
    table, trace, missing = parts.smelters(inputs, mats)
    supply, supply_trace = parts.supply_map(inputs, mats)
    gaps = []
    if missing:
        gaps.append(
            "Smelters and refiners of " + ", ".join(missing) + ": no EMRT imported "
            "(advisor import rmi); only the countries the profile gives are known."
        )
    if any(m.mineral.value == "graphite" for _, m in mats):
        gaps.append("Natural graphite processors: RMI's EMRT 2.1 look-up lists none, so they "
                    "must be identified with each supplier.")  # fmt: skip
    blank = parts.unidentified(mats)
    if blank:
        gaps.append(f"{blank} declared smelters or refiners are not yet identified.")
    tables = ([table] if table else []) + [supply]
    status: Status = "filled" if table and not gaps else "partial"
    return section(_REQ["smelters"], status, [], tables, gaps, trace + supply_trace)


def _risks(inputs: Inputs, mats: parts.Picked) -> Section:
    if not mats:
        return section(_REQ["risks"], "not applicable", _none())
    found, trace = parts.findings(inputs, mats)
    text = ["advisor's findings are about security of supply (concentration, export controls, "
            "stock, contracts); none is an Annex X social or environmental risk category, so "
            "each category below is an evidence gap. The supply findings are shown because "
            "they name the countries the due diligence must look at."]  # fmt: skip
    rows = tuple((cat, "not assessed", "evidence gap") for cat in ANNEX_X_RISKS)
    cats = Table(("Annex X risk category", "finding", "status"), rows)
    gaps = [f"Risk assessment for the category: {cat}." for cat in ANNEX_X_RISKS]
    gaps.append("Which supply countries are conflict-affected or high-risk areas (advisor has "
                "no CAHRA list).")  # fmt: skip
    return section(_REQ["risks"], "gap", text, [cats, found], gaps, trace)


def _plan(inputs: Inputs, mats: parts.Picked) -> Section:
    if not mats:
        return section(_REQ["plan"], "not applicable", _none())
    table, trace = parts.actions(inputs, mats)
    text = ["advisor's ranked actions address supply security; a due-diligence plan also "
            "needs measures for the Annex X risks above."]  # fmt: skip
    gaps = ["Measures against the Annex X risks, their owners, dates and monitoring.",
            "The report of the risk assessment to senior management."]  # fmt: skip
    return section(_REQ["plan"], "partial", text, [table], gaps, trace)


def _verification() -> Section:
    return section(_REQ["verification"], "gap", gaps=["The notified body and its verification "
                   "report (none is recorded in the profile)."])  # fmt: skip


def _disclosure() -> Section:
    text = ["This draft is not the disclosure: it lists what a disclosure would contain."]
    return section(_REQ["disclosure"], "gap", text, gaps=["Where and when the report is "
                   "published."])  # fmt: skip


__all__ = ["ANNEX_X_MATERIALS", "ANNEX_X_RISKS", "CITATIONS", "DATES", "REQUIRED", "build"]
