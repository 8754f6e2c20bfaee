"""Processing countries from the smelters a supplier's declaration lists.

When a supplier names its smelters and refiners, they are the evidence of where its material is
processed, and they replace the processing countries typed by hand. A smelter the supplier has
not identified is an unknown processing country: the supplier's processing is then unknown as a
whole (the rules see missing data, never a clean chain).
"""

from __future__ import annotations

from advisor.profile.model import Material, Profile, Supplier


def processing_countries(supplier: Supplier) -> list[str]:
    """The countries its smelters are in, sorted; empty (unknown) if any is unidentified."""
    countries = [s.country for s in supplier.smelters]
    if any(c is None for c in countries):
        return []
    return sorted({c for c in countries if c is not None})


def with_smelter_countries(profile: Profile) -> Profile:
    """*profile* with each supplier that lists smelters processed where its smelters are."""
    if not any(s.smelters for m in profile.materials for s in m.suppliers):
        return profile
    return profile.model_copy(update={"materials": [_material(m) for m in profile.materials]})


def _material(material: Material) -> Material:
    if not any(s.smelters for s in material.suppliers):
        return material
    suppliers = [
        s.model_copy(update={"processing_countries": processing_countries(s)}) if s.smelters else s
        for s in material.suppliers
    ]
    return material.model_copy(update={"suppliers": suppliers})


def evidence(supplier: Supplier) -> tuple[str, ...]:
    """Where the supplier's imported values come from, one line each: its declaration and each
    smelter, with the file, sheet and cell they were read from."""
    lines: list[str] = []
    decl = supplier.declaration
    if decl is not None:
        when = f", effective {decl.effective_date.isoformat()}" if decl.effective_date else ""
        where = f" ({decl.source.text()})" if decl.source else ""
        lines.append(
            f"declaration: {decl.template.value} {decl.version} by {decl.company!r}{when}{where}"
        )
    for s in supplier.smelters:
        what = f"smelter {s.name!r}" if s.name else "smelter"
        rid = f" {s.rmi_id}" if s.rmi_id else ""
        where = f" ({s.source.text()})" if s.source else ""
        country = s.country or "unknown (not identified)"
        lines.append(f"processing {country}: {s.metal} {what}{rid}{where}")
    if supplier.source is not None and not lines:
        lines.append(f"imported from {supplier.source.text()}")
    return tuple(lines)


def smelter_keys(supplier: Supplier) -> tuple[tuple[str, str], ...]:
    """Each smelter as (who, country): who is its RMI id, else its metal and name (numbered
    when unidentified); country is "unknown" when not identified. Sorted, for diffs."""
    out: list[tuple[str, str]] = []
    unnamed = 0
    for s in supplier.smelters:
        if s.rmi_id:
            who = s.rmi_id + (f" {s.name}" if s.name else "")
        elif s.name:
            who = f"{s.metal} {s.name}"
        else:
            unnamed += 1
            who = f"{s.metal} smelter not identified #{unnamed}"
        out.append((who, s.country or "unknown"))
    return tuple(sorted(out))
