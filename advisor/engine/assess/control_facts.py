"""Which export controls reach a material's suppliers: by form, content, destination and date.

A measure of country C reaches a supplier's chain where C exports one of the forms it covers:
the bought form when the supplier ships from C; the separated oxide, metal or alloy when C
processes it elsewhere (processing_countries); ore when C mines it and the ore is processed
elsewhere (mining_countries); and, for an extraterritorial entry (``foreign_made``), the
bought form made abroad from C's material. A destination-limited measure counts only for a
headquarters among its target countries (military end users: a defence company there).

What is not given is never taken as clean. An unknown mining or processing country stands for
the country that dominates that stage worldwide (half or more of it in the reference data): if
a measure of that country would reach the form, the supplier's exposure is undetermined and the
field to fill is named. So is a mixed form (alloy, magnet, product) whose ``content`` of other
minerals is not given, where a measure has a content condition. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from advisor.reference.controls import STAGE_FORMS, STAGE_ORDER, Coverage, Form, reach

if TYPE_CHECKING:
    from advisor.profile.model import Material, Profile, Supplier
    from advisor.reference.load import ControlStatus, Reference

Path = tuple[str | int, ...]

#: A stage whose origin is not given stands for a country holding at least this world share.
DOMINANT_SHARE = 0.5
#: The sector that counts as a military end user for destination-limited measures.
MILITARY_SECTOR = "defence"
#: Kinds of measure that restrict technology, not the goods a company buys.
TECHNOLOGY_KINDS = frozenset({"technology"})


@dataclass
class Reach:
    """How the measures reach one supplier: controlled, undetermined, and what is missing."""

    controlled: bool = False
    suspended: bool = False
    undetermined: bool = False
    countries: set[str] = field(default_factory=set)
    measures: dict[str, ControlStatus] = field(default_factory=dict)
    suspended_measures: dict[str, ControlStatus] = field(default_factory=dict)
    missing: list[Path] = field(default_factory=list)

    def add_missing(self, path: Path) -> None:
        """Name a field to fill, once."""
        if path not in self.missing:
            self.missing.append(path)


def exposing_controls(profile: Profile, material: Material, ref: Reference) -> list[Any]:
    """Measures on the goods (not technology) announced for the material's mineral or content,
    active or suspended on as_of, and aimed at the headquarters' country."""
    if material.mineral.value == "other":
        return []  # the reference data covers the named minerals only
    hq = profile.company.headquarters
    military = profile.company.sector.value == MILITARY_SECTOR
    seen: dict[str, Any] = {}
    for mineral in _present(material):
        for c in ref.controls(mineral, profile.as_of):
            if (
                c.status in ("active", "suspended")
                and c.kind not in TECHNOLOGY_KINDS
                and c.country != hq  # buying at home is not an export
                and (not c.target_countries or hq in c.target_countries)
                and (military or not c.military_end_users)
            ):
                seen.setdefault(c.id, c)
    return sorted(seen.values(), key=lambda c: (c.effective, c.id))


def _present(material: Material) -> list[str]:
    others = [m.value for m, w in (material.content or {}).items() if w > 0]
    return list(dict.fromkeys([material.mineral.value, *others]))


@dataclass(frozen=True)
class Chain:
    """What the reference data says of a mineral's chain: the forms a mining country exports
    (ore, or a by-product's primary metal), and the countries that stand for an unknown
    mining or processing country."""

    mined_as: tuple[Form, ...] = (Form.ore_concentrate,)
    mining: frozenset[str] = frozenset()
    processing: frozenset[str] = frozenset()


def chain(ref: Reference, mineral: str) -> Chain:
    """The :class:`Chain` of *mineral*: a stage's stand-in is the country holding half or more
    of world mining, or of refining (else the mining one: by-product and refined metals are
    mostly refined where they are produced)."""
    if mineral == "other":
        return Chain()
    top: dict[str, frozenset[str]] = {}
    for stage in ("mining", "refining"):
        shares = ref.shares(mineral, stage)
        name, share = shares.top if shares is not None else (None, 0.0)
        top[stage] = frozenset({name}) if name and share >= DOMINANT_SHARE else frozenset()
    return Chain(ref.mined_as(mineral), top["mining"], top["refining"] or top["mining"])


def supplier_reach(
    material: Material,
    supplier: Supplier,
    index: int,
    controls: Sequence[ControlStatus],
    defaults: Chain,
) -> Reach:
    """How *controls* reach *supplier* (the material's supplier number *index*)."""
    out = Reach()
    present = set(_present(material))
    known = material.content is not None
    for c in controls:
        for forms, entries, unknown_field in _touch_points(material, supplier, c, defaults):
            verdicts = {reach(e, f, present, known) for e in entries for f in forms}
            if unknown_field is None and True in verdicts:
                _mark(out, c)
            elif (True in verdicts or None in verdicts) and c.status == "active":
                out.undetermined = True
                if unknown_field is not None:
                    out.add_missing(("suppliers", index, unknown_field))
                if True not in verdicts:
                    out.add_missing(("content",))
    return out


def _mark(out: Reach, c: ControlStatus) -> None:
    if c.status == "active":
        out.controlled = True
        out.countries.add(c.country)
        out.measures[c.id] = c
    else:
        out.suspended = True
        out.suspended_measures[c.id] = c


def _touch_points(
    material: Material, s: Supplier, c: ControlStatus, defaults: Chain
) -> Iterable[tuple[tuple[Form, ...], list[Coverage], str | None]]:
    """(forms c.country exports in the chain, entries, the unknown origin field or None)."""
    home = [e for e in c.covers if not e.foreign_made]
    abroad = [e for e in c.covers if e.foreign_made]
    bought = STAGE_FORMS[material.stage.value]
    upstream = _processed_forms(material.stage.value)
    country = c.country
    if s.country == country:
        yield bought, home, None
        return
    for stage, countries, forms, stand_in in (
        ("processing", s.processing_countries, upstream, defaults.processing),
        ("mining", s.mining_countries, defaults.mined_as, defaults.mining),
    ):
        if not forms:
            continue
        known = bool(countries)
        inside = country in countries if known else country in stand_in
        if stage == "mining" and country in s.processing_countries:
            inside = False  # ore processed where it is mined is not exported as ore
        if inside:
            missing = None if known else f"{stage}_countries"
            yield forms, home, missing
            yield bought, abroad, missing


@cache  # asked for every supplier and every measure: four stages, four answers
def _processed_forms(stage: str) -> tuple[Form, ...]:
    """Forms a processing country exports towards the bought stage: oxide up to alloy."""
    index = STAGE_ORDER.index(stage)
    if index == 0:
        return ()
    stages = STAGE_ORDER[1 : min(index, 2) + 1]
    return tuple(f for st in stages for f in STAGE_FORMS[st])
