"""Many declarations rolled up into one profile: each workbook's smelters go to the suppliers
of the profile that it declares for, matched by company name (or supplier id), per mineral."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from advisor.errors import echo
from advisor.importers import yamltext
from advisor.importers.rmi import Declaration
from advisor.yaml.document import Document

#: The templates' metal names → the profile's minerals (AMRT's rare earths are one category).
METALS: dict[str, tuple[str, ...]] = {
    "tungsten": ("W",),
    "cobalt": ("Co",),
    "lithium": ("Li",),
    "nickel": ("Ni",),
    "graphite": ("graphite",),
    "natural graphite": ("graphite",),
    "rare earth elements": ("Nd", "Pr", "Dy", "Tb", "Sm"),
    "gallium": ("Ga",),
    "germanium": ("Ge",),
    "antimony": ("Sb",),
}


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def covers(metal: str, material: dict[str, Any]) -> bool:
    """Whether smelters of *metal* supply *material* (a profile material mapping)."""
    mineral = str(material.get("mineral", ""))
    if mineral == "other":
        return _key(str(material.get("mineral_name", ""))) == _key(metal)
    return mineral in METALS.get(_key(metal), ())


def update(text: str, doc: Document, declarations: Sequence[Declaration]) -> str:
    """*text* (the profile *doc* was parsed from) with each declaration's company's suppliers
    given its declaration, smelters and the processing countries they make; InputError if a
    declaration matches no supplier."""
    edits: dict[tuple[Any, ...], dict[str, Any]] = {}
    for decl in declarations:
        hits = list(_suppliers(doc, decl.company))
        if not hits:
            raise decl.source.fail(
                f"no supplier of the profile is named {echo(decl.company)!r}: add it (or import "
                "the supplier master with advisor import table) and import again"
            )
        for path, material in hits:
            _add(edits.setdefault(path, {}), decl, material)
    out = text.splitlines()
    for path in sorted(edits, key=lambda p: yamltext.supplier_span(doc, p)[0], reverse=True):
        yamltext.replace_keys(out, doc, path, _fields(edits[path]))
    return "\n".join(out) + "\n"


def _suppliers(doc: Document, company: str) -> Any:
    want = _key(company)
    for i, material in enumerate(doc.data.get("materials") or []):
        for j, s in enumerate(material.get("suppliers") or []):
            if want in (_key(str(s.get("name", ""))), _key(str(s.get("id", "")))):
                yield ("materials", i, "suppliers", j), material


def _add(edit: dict[str, Any], decl: Declaration, material: dict[str, Any]) -> None:
    smelters = [s for s in decl.smelters if covers(s.metal, material)]
    if smelters or not decl.smelters:
        edit.setdefault("declaration", decl)
    edit.setdefault("smelters", []).extend(smelters)


def _fields(edit: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    smelters = edit.get("smelters", [])
    if smelters:
        found = [s.country for s in smelters]
        out["processing_countries"] = [] if None in found else sorted({c for c in found if c})
        out["smelters"] = [s.data() for s in smelters]
    if edit.get("declaration") is not None:
        out["declaration"] = edit["declaration"].data()
    return out
