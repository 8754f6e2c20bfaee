"""Field types shared by the profile, rule-pack and reference-data models.

Each type accepts exactly what a person would mean and rejects the rest with a message that
says what was expected: numbers are never parsed out of text (``010`` is not 8 or 10), shares
are written ``0.35`` or ``"35%"``, dates are ISO ``YYYY-MM-DD`` and must exist, countries are
ISO 3166-1 alpha-2 codes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from advisor.errors import echo
from advisor.yaml.loader import RawFloat, RawInt, scalar_text

#: Model configuration shared by every input model: frozen, unknown keys rejected.
#: Models build their validators on first use, not on import: a run that loads the built-in
#: data from its snapshot never validates rule packs or reference files (see advisor.snapshot).
STRICT_MODEL = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)

#: Largest magnitude of a number in a profile, rule pack or data file (a revenue in yen or won
#: fits; products and quotients of such numbers stay far from float overflow).
MAX_NUMBER = Decimal("1e18")
#: Smallest non-zero magnitude (a milligram is 1e-6 kg); zero itself is always accepted.
MIN_NUMBER = Decimal("1e-9")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PERCENT = re.compile(r"\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*%\s*")


def _fail(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx or None)


def _shown(value: Any) -> str:
    """A value as it was written in YAML: `true`, `null`, `1.10`; bounded."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return echo(str(value))
    return echo(scalar_text(value))


def _text(value: Any) -> Any:
    value = scalar_text(value)
    if isinstance(value, bool) or value is None or not isinstance(value, str):
        raise _fail("text", "expected text, got {got} (put it in quotes)", got=_shown(value))
    if not value.strip():
        raise _fail("text", "must not be empty")
    return value


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        if isinstance(value, str):
            hint = _number_hint(value)
            raise _fail("number", "expected a number, got {got}{hint}", got=repr(echo(value)),
                        hint=hint)  # fmt: skip
        raise _fail("number", "expected a number, got {got}", got=_shown(value))
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail("number", "must be a finite number, not {got}", got=echo(value))
    number: Any = Decimal(value.raw) if isinstance(value, RawFloat) else value
    size = abs(Decimal(number))
    if size > MAX_NUMBER:
        raise _fail("number", "{got} is too large: numbers are at most 1e18", got=_shown(value))
    if 0 < size < MIN_NUMBER:
        raise _fail("number", "{got} is too small: write 0, or at least 1e-9", got=_shown(value))
    return number


def _number_hint(text: str) -> str:
    stripped = text.strip()
    if re.fullmatch(r"[-+]?0[0-9]+(\.[0-9]*)?", stripped):
        return " (a leading zero is ambiguous; write it without the zero)"
    if re.fullmatch(r"[-+]?0[xXoObB][0-9a-fA-F_]+", stripped):
        return " (hex, octal and binary numbers are not read; write it in decimal)"
    if "%" in stripped:
        return " (a percentage is only accepted for shares)"
    if "," in stripped or "_" in stripped:
        return " (write numbers without separators)"
    return ""


def _integer(value: Any) -> Any:
    value = _number(value)
    if isinstance(value, (Decimal, float)):
        if value != int(value):
            raise _fail("integer", "expected a whole number, got {got}", got=_shown(value))
        return int(value)
    return int(value)


def _fraction(value: Any) -> Any:
    if isinstance(value, str):
        match = _PERCENT.fullmatch(value)
        if not match:
            raise _fail("fraction", "expected a share like 0.35 or '35%', got {got}",
                        got=repr(echo(value)))  # fmt: skip
        share = Decimal(match.group(1)) / 100
    else:
        share = Decimal(_number(value))
    if share < 0 or share > 1:
        plain = not isinstance(value, str)
        hint = (
            " (write 0.35 or '35%' for thirty-five percent)" if plain and 1 < share <= 100 else ""
        )
        raise _fail("fraction", "share {got} is outside 0 to 1{hint}", got=echo(value), hint=hint)
    return float(share)


def _date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text = scalar_text(value)
    if not isinstance(text, str) or not _DATE.fullmatch(text.strip()):
        raise _fail("date", "expected a date as YYYY-MM-DD, got {got}", got=repr(echo(text)))
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise _fail("date", "{got} is not a real date ({why})", got=text.strip(),
                    why=str(exc)) from None  # fmt: skip
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _fail("date", "{got} is outside the years {low} to {high}", got=text.strip(),
                    low=MIN_YEAR, high=MAX_YEAR)  # fmt: skip
    return day


#: The years a date may have: dates are computed with (contract renewals, stress-test horizons,
#: days of cover), and none of that may leave the calendar (year 9999 would overflow).
MIN_YEAR, MAX_YEAR = 1900, 2999


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → English short name, as pycountry has them: from a snapshot
    (:mod:`advisor.snapshot`) while pycountry's data file is unchanged, since importing
    pycountry and reading its database is a tenth of a small run."""
    from advisor import snapshot

    stamp = _pycountry_stamp()
    key = snapshot.key([stamp]) if stamp else None
    cached = snapshot.load("countries", key) if key else None
    if isinstance(cached, dict) and all(isinstance(v, str) for v in cached.values()):
        return cached
    import pycountry

    table = {c.alpha_2: c.name for c in pycountry.countries}
    if key:
        snapshot.save("countries", key, table)
    return table


def _pycountry_stamp() -> str | None:
    """Path, size and modification time of pycountry's country data (None if not found)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("pycountry")
    if spec is None or spec.origin is None:
        return None
    path = os.path.join(os.path.dirname(spec.origin), "databases", "iso3166-1.json")
    try:
        info = os.stat(path)
    except OSError:
        return None
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


@lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {"UK": "GB", "EL": "GR"}
    for c in pycountry.countries:
        table[c.alpha_3] = c.alpha_2
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                table[name.upper()] = c.alpha_2
    return table


def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 alpha-2 code (the code itself if unknown)."""
    return _countries().get(code, code)


def _country(value: Any) -> Any:
    text = _text(value).strip()
    if text.upper() in _countries():
        if text != text.upper():
            raise _fail("country", "write country codes in capitals: {code}", code=text.upper())
        return text
    guess = _country_lookup().get(text.upper())
    hint = f" (did you mean {guess}?)" if guess else ""
    # a close-match search is left to country_hint, run only for the problems that are listed
    raise _fail("country", "{got} is not an ISO 3166-1 alpha-2 country code{hint}",
                got=repr(echo(text)), hint=hint, text=text if not guess else "")  # fmt: skip


def country_hint(text: str) -> str:
    """`` (did you mean DE?)`` for the code or name closest to *text*, or ""."""
    close = difflib.get_close_matches(text.upper(), list(_country_lookup()), n=1, cutoff=0.8)
    return f" (did you mean {_country_lookup()[close[0]]}?)" if close else ""


def _flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    got = repr(echo(value)) if isinstance(value, str) else echo(value)
    raise _fail("flag", "expected true or false, got {got}", got=got)


def _countries_or_unknown(value: Any) -> Any:
    if value == "unknown" or value is None:
        return []
    return value


def _lower_enum(value: Any) -> Any:
    value = scalar_text(value)
    if isinstance(value, str):
        return value.strip()
    raise _fail("choice", "expected one of the listed words, got {got}", got=echo(value))


Text = Annotated[str, BeforeValidator(_text)]
#: Constraints come before the validator so that they reach the JSON Schema.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64),
    BeforeValidator(_text),
]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), BeforeValidator(_text)]
Name = Annotated[str, StringConstraints(max_length=200), BeforeValidator(_text)]
Version = Annotated[Literal[1], BeforeValidator(_integer, json_schema_input_type=Literal[1])]
Number = Annotated[Decimal, BeforeValidator(_number, json_schema_input_type=float)]
Count = Annotated[int, BeforeValidator(_integer, json_schema_input_type=int)]
Fraction = Annotated[
    float,
    BeforeValidator(
        _fraction,
        json_schema_input_type=Annotated[float, Field(ge=0, le=1)]
        | Annotated[str, Field(pattern=r"^\s*[0-9]+(\.[0-9]+)?\s*%\s*$")],
    ),
]
Date = Annotated[dt.date, BeforeValidator(_date, json_schema_input_type=dt.date)]
#: Where the JSON Schema has a country code; profile/schema.py puts the ISO 3166 list there
#: (here it would load the country list whenever a profile is read).
COUNTRY_SCHEMA_MARK = "advisor:country"

Country = Annotated[
    str,
    BeforeValidator(_country, json_schema_input_type=str),
    WithJsonSchema({"type": "string", "$comment": COUNTRY_SCHEMA_MARK}),
]


def country_schema() -> dict[str, Any]:
    """ISO 3166-1 alpha-2 codes as a JSON Schema, so that editors check them too."""
    return {
        "type": "string",
        "enum": sorted(_countries()),
        "description": "ISO 3166-1 alpha-2 country code, in capitals (DE, CN, US).",
    }


Flag = Annotated[bool, BeforeValidator(_flag, json_schema_input_type=bool)]
CountryList = Annotated[
    list[Country],
    BeforeValidator(
        _countries_or_unknown, json_schema_input_type=list[Country] | Literal["unknown"] | None
    ),
]
Word = BeforeValidator(_lower_enum)


class Choice(str, Enum):
    """An enumeration whose values are the words written in YAML."""

    def __str__(self) -> str:
        return str(self.value)


__all__ = [
    "STRICT_MODEL",
    "Choice",
    "Count",
    "Country",
    "CountryList",
    "CurrencyCode",
    "Date",
    "Flag",
    "Fraction",
    "Id",
    "Name",
    "Number",
    "RawFloat",
    "RawInt",
    "Text",
    "Version",
    "Word",
    "country_hint",
    "country_name",
]
