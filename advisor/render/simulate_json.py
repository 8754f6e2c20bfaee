"""JSON for stress tests: every simulation as plain data, for other programs.

The shape is the shipped schema ``advisor/schemas/simulation.schema.json`` (draft 2020-12),
versioned by ``schema_version`` like the assessment's. ``advisor assess --with-scenarios``
puts the same simulation objects under each assessment's ``stress_tests``. Keys come in a
fixed order, numbers are rounded to 6 places, ``null`` means "not known from the profile".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.render._common import number
from advisor.render._json import dumps

if TYPE_CHECKING:
    from advisor.engine.stress.model import Hit, MaterialImpact, Mitigation, Simulation
    from advisor.render import Options

#: Version of the document shape; see advisor/schemas/simulation.schema.json.
SCHEMA_VERSION = "1.0"
#: The ``$id`` of the shipped schema (a name, not a URL, like the assessment's).
SCHEMA_ID = "urn:advisor:simulation:v1"


def render(simulations: Sequence[Simulation], options: Options) -> str:
    """One JSON document with every simulation, indented by two spaces, ending in a newline."""
    return dumps(document(simulations, options)) + "\n"


def document(simulations: Sequence[Simulation], options: Options) -> dict[str, Any]:
    """The stress-test report as plain data."""
    out: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "advisor", "version": __version__},
        "simulations": [simulation(s, options) for s in simulations],
    }
    if options.configuration is not None:
        from advisor.render._json import rules_run

        out["configuration"] = rules_run(options.configuration)
    return out


def _n(value: float | None) -> float | int | None:
    return None if value is None else number(value)


def simulation(s: Simulation, options: Options) -> dict[str, Any]:
    """One simulation as plain data."""
    return {
        "profile": options.path(s.profile),
        "company": s.company,
        "scenario": {
            "id": s.scenario,
            "title": s.title,
            "summary": s.summary,
            "origin": s.origin,
            "duration_basis": s.duration_basis,
            "sources": [
                {
                    "title": x.title,
                    "publisher": x.publisher,
                    "where": x.where,
                    "supports": x.supports,
                }
                for x in s.sources
            ],
            "reference_sources": list(s.reference_sources),
            "assumptions": list(s.assumptions),
        },
        "start": s.start,
        "duration_days": s.duration_days,
        "horizon_days": s.horizon_days,
        "end": s.end,
        "price_factors": [
            {"mineral": m, "factor": _n(f), "basis": b} for m, f, b in s.price_factors
        ],
        "totals": {
            "extra_cost": _n(s.extra_cost),
            "currency": s.currency,
            "first_runs_out_day": _n(s.first_runs_out_day),
            "products": [_product(p) for p in s.products_at_risk()],
        },
        "materials": [_material(m, options, s.profile) for m in s.materials],
        "notes": list(s.notes),
    }


def _product(p: Any) -> dict[str, Any]:
    return {
        "product": p.product,
        "part_number": p.part_number,
        "units_at_risk": _n(p.units_at_risk),
        "revenue_at_risk": _n(p.revenue_at_risk),
    }


def _material(m: MaterialImpact, options: Options, profile: str) -> dict[str, Any]:
    return {
        "material": m.material,
        "mineral": m.mineral,
        "affected": m.affected,
        "location": {"file": options.path(profile), "line": m.line, "col": m.col},
        "hits": [_hit(h) for h in m.hits],
        "lost_share": _n(m.lost_share),
        "supply_lost_t": _n(m.supply_lost_t),
        "demand_t_per_day": _n(m.demand_t_per_day),
        "stock_t": _n(m.stock_t),
        "stock_days": _n(m.stock_days),
        "onset_day": m.onset_day,
        "time_to_survive_days": _n(m.time_to_survive_days),
        "time_to_recover_days": m.time_to_recover_days,
        "recover_day": m.recover_day,
        "gap_days": _n(m.gap_days),
        "runs_out_day": _n(m.runs_out_day),
        "runs_out_date": m.runs_out_date,
        "shortfall_t": _n(m.shortfall_t),
        "price_factor": _n(m.price_factor),
        "price_cost": _n(m.price_cost),
        "premium_cost": _n(m.premium_cost),
        "extra_cost": _n(m.extra_cost),
        "currency": m.currency,
        "products": [_product(p) for p in m.products],
        "units_at_risk": _n(m.units_at_risk),
        "revenue_at_risk": _n(m.revenue_at_risk),
        "timeline": [{"day": _n(p.day), "stock_t": _n(p.stock_t)} for p in m.timeline],
        "mitigations": [_mitigation(x) for x in m.mitigations],
        "notes": list(m.notes),
    }


def _hit(h: Hit) -> dict[str, Any]:
    return {
        "supplier": h.supplier,
        "share": _n(h.share),
        "onset_day": h.onset_day,
        "recover_days": h.recover_days,
        "recovered_by": h.recovered_by,
        "why": h.why,
        "countries": list(h.countries),
    }


def _mitigation(x: Mitigation) -> dict[str, Any]:
    return {
        "kind": x.kind,
        "text": x.text,
        "amount": _n(x.amount),
        "unit": x.unit,
        "by_day": x.by_day,
        "by_date": x.by_date,
    }
