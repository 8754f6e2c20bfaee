"""Draft of the EU Critical Raw Materials Act (Regulation (EU) 2024/1252) Art. 24 risk
preparedness assessment of a large company that manufactures strategic technologies.

``REQUIRED`` is the list of what Art. 24 asks for, each with its paragraph; :func:`build`
fills each from the profile (suppliers, smelters), the reference data (world shares, export
controls) and the stress tests, or lists it as an evidence gap. docs/reports.md explains it.
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
    percent,
    section,
)

CITATIONS = (
    "Regulation (EU) 2024/1252 of the European Parliament and of the Council of 11 April 2024 "
    "establishing a framework for ensuring a secure and sustainable supply of critical raw "
    "materials, OJ L, 2024/1252, 3.5.2024, ELI: http://data.europa.eu/eli/reg/2024/1252/oj",
)
DATES = (
    "In force since 23 May 2024 (OJ L, 2024/1252).",
    "Member States identify the large companies in scope by 24 May 2025 and within 12 months "
    "of any update of the strategic raw materials list (Art. 24).",
    "The assessment is repeated at least every three years (Art. 24(1)). The date of the first "
    "company assessment (reported as 24 May 2027) is not confirmed against the Official "
    "Journal text in advisor's sources: check Art. 24(1) of OJ L 2024/1252 before relying on it.",
)

#: Annex I (Section 1) of Regulation (EU) 2024/1252: the strategic raw materials, by the
#: profile's mineral keys. Antimony is critical (Annex II) but not strategic.
ANNEX_I = {
    "Nd": "rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)",
    "Pr": "rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)",
    "Dy": "rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)",
    "Tb": "rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)",
    "Sm": "rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)",
    "Ga": "gallium",
    "Ge": "germanium",
    "graphite": "graphite (battery grade)",
    "Li": "lithium (battery grade)",
    "Co": "cobalt",
    "Ni": "nickel (battery grade)",
    "W": "tungsten",
}
#: Grade-qualified entries: the profile does not say the grade, so it is an assumption.
GRADED = frozenset({"graphite", "Li", "Ni"})
#: The other Annex I entries, matched against a material's ``mineral_name``.
OTHER_ANNEX_I = ("bauxite", "alumina", "aluminium", "bismuth", "boron", "copper", "magnesium",
                 "manganese", "platinum", "palladium", "silicon", "titanium")  # fmt: skip

#: The strategic technologies Art. 24 names, by the profile's sector (to be confirmed).
TECHNOLOGIES = {
    "batteries": "batteries for energy storage and electric mobility",
    "ev_motors": "traction motors",
    "wind_turbines": "equipment for renewable energy generation",
    "electronics": "mobile electronic devices; data transmission and storage equipment",
    "defence": "drones, rocket launchers, satellites or aircraft (to be confirmed)",
}

REQUIRED = (
    Requirement("scope", "Company and scope", "Art. 24(1); Art. 2 (large company); Annex I",
                "A large company manufacturing strategic technologies that uses strategic raw "
                "materials, identified by its Member State."),
    Requirement("materials", "Strategic raw materials used", "Art. 24(1); Annex I Section 1",
                "Which strategic raw materials the company uses."),
    Requirement("mapping", "Map of extraction, processing and recycling", "Art. 24(1)(a)",
                "Where the strategic raw materials used are extracted, processed or recycled."),
    Requirement("factors", "Factors that could affect supply", "Art. 24(1)(b)",
                "An analysis of the factors that could affect the supply of those materials."),
    Requirement("vulnerability", "Vulnerability to supply disruption", "Art. 24(1)(c)",
                "The company's vulnerability to disruptions of that supply."),
    Requirement("mitigation", "Mitigation of significant risks", "Art. 24 (mitigation)",
                "How significant risks are mitigated, including by diversifying supply."),
    Requirement("cycle", "Periodicity and review", "Art. 24(1)",
                "The assessment is carried out at least every three years."),
)  # fmt: skip
_REQ = {r.key: r for r in REQUIRED}


def strategic(inputs: Inputs) -> parts.Picked:
    """The profile's materials that are strategic raw materials (Annex I)."""
    out = parts.pick(inputs, ANNEX_I)
    for i, m in enumerate(inputs.profile.materials):
        name = (m.mineral_name or "").lower()
        if m.mineral.value == "other" and any(word in name for word in OTHER_ANNEX_I):
            out.append((i, m))
    return sorted(out, key=lambda im: im[0])


def build(inputs: Inputs) -> Draft:
    """The Art. 24 draft for *inputs*."""
    mats = strategic(inputs)
    a = inputs.assessment
    in_scope = bool(mats)
    scope = (
        f"{len(mats)} of {len(inputs.profile.materials)} materials are strategic raw materials "
        "(Annex I)"
        if in_scope
        else "none of the profile's materials is a strategic raw material (Annex I), so Art. 24 "
        "does not ask for this assessment of them"
    )
    sections = (_scope(inputs), _materials(inputs, mats), *_filled(inputs, mats), _cycle(inputs))
    return Draft("crma-art24", "Risk preparedness assessment (CRMA Art. 24)",
                 "EU Critical Raw Materials Act, Regulation (EU) 2024/1252, Article 24",
                 CITATIONS, DATES, in_scope, scope, a.company, inputs.shown, a.as_of,
                 a.versions.get("reference_data", "unknown"), sections)  # fmt: skip


def _scope(inputs: Inputs) -> Section:
    c = inputs.profile.company
    tech = TECHNOLOGIES.get(c.sector.value)
    text = [f"{c.name}, headquartered in {c.headquarters}, sector {c.sector.value}."]
    text.append(f"Strategic technology: {tech} (from the sector; to be confirmed)." if tech else
                "The sector does not name a strategic technology of Art. 24.")  # fmt: skip
    if c.annual_revenue is not None:
        text.append(f"Annual revenue: {c.annual_revenue:,} {c.currency} (profile).")
    gaps = ["Number of employees (the large-company test of Art. 2 needs it; the profile has "
            "no headcount).",
            "The Member State's identification of the company under Art. 24 (reference and date).",
            "Which products are the strategic technologies, by product line."]  # fmt: skip
    if c.annual_revenue is None:
        gaps.insert(0, "Annual net turnover (the large-company test of Art. 2).")
    trace = Trace(profile=(inputs.at("company"), inputs.at("company", "sector")))
    return section(_REQ["scope"], "partial", text, gaps=gaps, trace=trace)


def _materials(inputs: Inputs, mats: parts.Picked) -> Section:
    req = _REQ["materials"]
    if not mats:
        text = ["None of the profile's materials is on the Annex I list of strategic raw "
                "materials; Art. 24 covers strategic raw materials only."]  # fmt: skip
        return section(req, "not applicable", text, trace=parts.material_lines(inputs, mats))
    rows = []
    for i, m in mats:
        entry = ANNEX_I.get(m.mineral.value, m.mineral_name or m.mineral.value)
        grade = " - grade assumed, the profile does not say it" if m.mineral.value in GRADED else ""
        rows.append((m.id, m.form, f"{entry}{grade}",
                     f"{m.annual_demand.quantity:,} {m.annual_demand.unit.value}/year",
                     inputs.at("materials", i)))  # fmt: skip
    others = [m.id for m in inputs.profile.materials if m.id not in {x.id for _, x in mats}]
    text = [f"Not strategic (left out): {', '.join(others)}."] if others else []
    table = Table(("material", "form", "Annex I entry", "demand", "profile"), tuple(rows))
    return section(req, "filled", text, [table], trace=parts.material_lines(inputs, mats))


def _filled(inputs: Inputs, mats: parts.Picked) -> tuple[Section, ...]:
    if not mats:
        none = ["No strategic raw material in the profile: nothing to assess."]
        keys = ("mapping", "factors", "vulnerability", "mitigation")
        return tuple(section(_REQ[k], "not applicable", none) for k in keys)
    return (_mapping(inputs, mats), _factors(inputs, mats), _vulnerability(inputs, mats),
            _mitigation(inputs, mats))  # fmt: skip


def _mapping(inputs: Inputs, mats: parts.Picked) -> Section:
    table, trace = parts.supply_map(inputs, mats)
    world, world_trace = parts.world_shares(inputs, mats)
    smelter_table, smelter_trace, missing = parts.smelters(inputs, mats)
    tables = [table, world] + ([smelter_table] if smelter_table else [])
    gaps = ["Where recycling happens: the profile gives recycled shares, not recycling sites."]
    if missing:
        gaps.append("Smelters and refiners of " + ", ".join(missing) + " (no RMI declaration "
                    "imported; run advisor import rmi on its declaration).")  # fmt: skip
    blank = parts.unidentified(mats)
    if blank:
        gaps.append(f"{blank} declared smelters or refiners are not identified (no country).")
    unknown = [m.id for _, m in mats for s in m.suppliers
               if not s.mining_countries or not s.processing_countries]  # fmt: skip
    if unknown:
        gaps.append("Extraction or processing countries not known for: "
                    + ", ".join(dict.fromkeys(unknown)) + ".")  # fmt: skip
    text = ["Per supplier, from the profile (and imported RMI declarations); world shares of "
            "each stage from the reference data, for comparison."]  # fmt: skip
    trace = trace + world_trace + smelter_trace
    return section(_REQ["mapping"], "partial", text, tables, gaps, trace)


def _factors(inputs: Inputs, mats: parts.Picked) -> Section:
    found, found_trace = parts.findings(inputs, mats)
    ctl, ctl_trace = parts.controls(inputs, mats)
    text = [f"{len(found.rows)} findings of advisor's rules on these materials, and "
            f"{len(ctl.rows)} export-control measures in the reference data."]  # fmt: skip
    gaps = ["Factors outside advisor's data: logistics routes, supplier financial health, "
            "sanctions lists, climate and site risks."]  # fmt: skip
    return section(_REQ["factors"], "filled" if found.rows or ctl.rows else "partial", text,
                   [found, ctl], gaps, found_trace + ctl_trace)  # fmt: skip


def _vulnerability(inputs: Inputs, mats: parts.Picked) -> Section:
    table, trace = parts.stress(inputs, mats)
    facts = []
    for summary in inputs.assessment.materials:
        if summary.id in {m.id for _, m in mats}:
            cover = summary.facts.get("days_of_cover")
            facts.append(f"{summary.id}: risk score {summary.score:g} ({summary.band}), "
                         f"days of cover {days_text(cover)}")  # fmt: skip
    text = [f"Stress tests run: {', '.join(s.scenario for s in inputs.simulations)}.", *facts]
    if not table.rows:
        text.append("No built-in scenario disrupts these materials.")
    gaps = ["Company-specific disruption scenarios (the built-in ones are generic)."]
    trace = trace + parts.material_lines(inputs, mats)
    return section(_REQ["vulnerability"], "filled", text, [table], gaps, trace)


def days_text(value: object) -> str:
    """Days of cover as shown: ``95``, or ``unknown``."""
    return "unknown" if not isinstance(value, int | float) else f"{value:,.0f}"


def _mitigation(inputs: Inputs, mats: parts.Picked) -> Section:
    table, trace = parts.actions(inputs, mats)
    recycled = [f"{m.id} {percent(float(m.recycled_share))}" for _, m in mats
                if m.recycled_share is not None]  # fmt: skip
    text = ["The actions advisor recommends, ranked by the risk each removes (modelled what-ifs)."]
    if recycled:
        text.append("Recycled share today: " + ", ".join(recycled) + ".")
    gaps = ["Decisions taken, owners and dates for each action (advisor proposes, it does not "
            "record decisions)."]  # fmt: skip
    status: Status = "partial" if table.rows else "gap"
    return section(_REQ["mitigation"], status, text, [table], gaps, trace)


def _cycle(inputs: Inputs) -> Section:
    text = ["At least every three years (Art. 24(1)); this draft describes the profile's as-of "
            "date, and advisor can redraw it from an updated profile."]  # fmt: skip
    gaps = ["The date of the previous assessment and the next one planned."]
    trace = Trace(profile=(inputs.at("as_of"),))
    return section(_REQ["cycle"], "partial", text, gaps=gaps, trace=trace)


__all__ = ["ANNEX_I", "CITATIONS", "DATES", "REQUIRED", "build", "strategic"]
