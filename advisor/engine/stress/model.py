"""What a stress test is made of: supply hits, stock curves, costs, units, mitigations.

Plain frozen dataclasses shared by :mod:`advisor.engine.stress.simulate` and the renderers. Days
count from the simulation's start date (day 0); tonnes are metric; money is in the company's
currency. ``None`` means "not known from the profile" (a note says which field would tell),
never zero.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """Supply of one supplier that a scenario stops."""

    supplier: str
    #: Share of the material's volume that stops (0-1).
    share: float
    #: Day the supply stops.
    onset_day: int
    #: Days after the onset until the volume is back (scenario end or a qualified replacement).
    recover_days: int
    #: What brings it back, in words.
    recovered_by: str
    #: Why it stops, in words (the countries and measures).
    why: str
    #: The countries whose supply stops (empty when the scenario names none).
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class StockPoint:
    """Stock on hand on one day (never below zero)."""

    day: float
    stock_t: float


@dataclass(frozen=True)
class ProductImpact:
    """Units of one product that cannot be built for lack of the material."""

    product: str
    part_number: str | None
    units_at_risk: float | None
    revenue_at_risk: float | None


@dataclass(frozen=True)
class Mitigation:
    """One sized action that closes (part of) the gap."""

    kind: str  # "stock" | "diversify" | "fix_price" | "data"
    text: str
    amount: float | None
    unit: str
    by_day: int | None
    by_date: str | None


@dataclass(frozen=True)
class MaterialImpact:
    """What a scenario does to one material."""

    material: str
    mineral: str
    affected: bool
    hits: tuple[Hit, ...]
    lost_share: float
    supply_lost_t: float
    demand_t_per_day: float
    stock_t: float
    stock_days: float | None
    onset_day: int | None
    time_to_survive_days: float | None
    time_to_recover_days: int | None
    recover_day: int | None
    gap_days: float | None
    runs_out_day: float | None
    runs_out_date: str | None
    shortfall_t: float
    price_factor: float | None
    price_cost: float | None
    premium_cost: float | None
    extra_cost: float | None
    currency: str | None
    products: tuple[ProductImpact, ...]
    units_at_risk: float | None
    revenue_at_risk: float | None
    timeline: tuple[StockPoint, ...]
    mitigations: tuple[Mitigation, ...]
    notes: tuple[str, ...]
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class ScenarioSource:
    """One source a scenario cites."""

    title: str
    publisher: str
    where: str
    supports: str


@dataclass(frozen=True)
class Simulation:
    """One scenario run on one profile."""

    profile: str
    company: str
    currency: str
    scenario: str
    title: str
    summary: str
    origin: str
    start: str
    duration_days: int
    duration_basis: str
    horizon_days: int
    end: str
    price_factors: tuple[tuple[str, float, str], ...]
    materials: tuple[MaterialImpact, ...]
    sources: tuple[ScenarioSource, ...]
    reference_sources: tuple[str, ...]
    assumptions: tuple[str, ...]
    notes: tuple[str, ...]
    #: The planning assumption for unknown control states (also the last of ``assumptions``).
    planning: str = ""

    @property
    def affected(self) -> tuple[MaterialImpact, ...]:
        """The materials the scenario hits (supply or price)."""
        return tuple(m for m in self.materials if m.affected)

    @property
    def extra_cost(self) -> float | None:
        """The extra cost in the company currency over the affected materials priced in it."""
        costs = [m.extra_cost for m in self.affected
                 if m.extra_cost is not None and m.currency == self.currency]  # fmt: skip
        return round(sum(costs), 2) if costs else None

    @property
    def first_runs_out_day(self) -> float | None:
        """The earliest day any material runs out, if one does."""
        days = [m.runs_out_day for m in self.materials if m.runs_out_day is not None]
        return min(days) if days else None

    def products_at_risk(self) -> list[ProductImpact]:
        """Each product once: the most units any one material puts at risk (a lower bound)."""
        best: dict[tuple[str, str | None], ProductImpact] = {}
        for m in self.materials:
            for p in m.products:
                key = (p.product, p.part_number)
                old = best.get(key)
                if old is None or (p.units_at_risk or 0) > (old.units_at_risk or 0):
                    best[key] = p
        return list(best.values())
