"""Country names as the RMI templates and ERP exports spell them → ISO 3166-1 alpha-2 codes.

An exact look-up (case and spacing ignored) in an explicit table: ISO 3166-1's own names
(short, official and common, from pycountry) plus the spellings the templates' country lists
use and a few in everyday use. Nothing is guessed: no fuzzy matching, so "Korea, Republic of"
is KR, "Korea, Democratic People's Republic of" is KP, and a bare "Korea" is not a country.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Spellings outside ISO 3166-1's own names: the RMI templates' lists (C sheet and the smelter
#: country drop-down), and common forms. Each maps to exactly one code.
ALIASES: dict[str, str] = {
    "Bolivia (Plurinational State of)": "BO",
    "Bolivia": "BO",
    "Congo, Democratic Republic of the": "CD",
    "Congo, The Democratic Republic of the": "CD",
    "Democratic Republic of the Congo": "CD",
    "DR Congo": "CD",
    "DRC": "CD",
    "Republic of the Congo": "CG",
    "Republic of Congo": "CG",
    "Holy See": "VA",
    "Iran (Islamic Republic of)": "IR",
    "Iran": "IR",
    "Korea (Democratic People's Republic of)": "KP",
    "Korea, Democratic People's Republic of": "KP",
    "Democratic People's Republic of Korea": "KP",
    "North Korea": "KP",
    "Korea (Republic of)": "KR",
    "Korea, Republic of": "KR",
    "Republic of Korea": "KR",
    "South Korea": "KR",
    "Micronesia (Federated States of)": "FM",
    "Micronesia": "FM",
    "Turkey": "TR",
    "Türkiye": "TR",
    "Venezuela (Bolivarian Republic of)": "VE",
    "Venezuela": "VE",
    "Virgin Islands (British)": "VG",
    "Virgin Islands (U.S.)": "VI",
    "Western Sahara *": "EH",
    "Viet Nam": "VN",
    "Vietnam": "VN",
    "Taiwan": "TW",
    "Taiwan, Province of China": "TW",
    "Taiwan, China": "TW",
    "Russia": "RU",
    "Laos": "LA",
    "Tanzania": "TZ",
    "Tanzania, United Republic of": "TZ",
    "Syria": "SY",
    "Moldova": "MD",
    "Czech Republic": "CZ",
    "USA": "US",
    "United States of America": "US",
    "UK": "GB",
    "Great Britain": "GB",
    "Hong Kong": "HK",
    "Hong Kong, China": "HK",
    "Macau": "MO",
    "Macao, China": "MO",
    "Brunei": "BN",
    "Ivory Coast": "CI",
    "Cote d'Ivoire": "CI",
    "Swaziland": "SZ",
    "Burma": "MM",
    "Cape Verde": "CV",
    "East Timor": "TL",
}

#: Words that say the country is not known: an unknown processing country, not an error.
UNKNOWN = frozenset({"unknown", "not known", "n/a", "na", "none", "not identified"})


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Every accepted spelling (case-folded) → alpha-2 code."""
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names[_key(value)] = c.alpha_2
    names.update({_key(k): v for k, v in ALIASES.items()})
    return names


class UnknownCountry(ValueError):
    """A name that is not in the table (and not a word for unknown)."""


def code(name: str) -> str | None:
    """The alpha-2 code of *name*; None when it says the country is unknown.

    An alpha-2 code is accepted as written (in capitals); anything else must be in the table.
    """
    text = name.strip()
    if re.fullmatch(r"[A-Z]{2}", text) and text in table().values():
        return text
    key = _key(text)
    if key in UNKNOWN:
        return None
    found = table().get(key)
    if found is None:
        raise UnknownCountry(text)
    return found
