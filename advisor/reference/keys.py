"""Shared field types of the reference-data format: mineral keys, places, periods, keys.

Imported by :mod:`advisor.reference.models` and :mod:`advisor.reference.controls`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from advisor.errors import echo
from advisor.profile.fields import Choice, Count, Text, Word, country_name
from advisor.profile.model import Mineral
from advisor.yaml.loader import scalar_text

#: The minerals reference data covers, in the profile vocabulary's order.
VOCABULARY: tuple[str, ...] = tuple(m.value for m in Mineral if m is not Mineral.other)
#: The residual entry allowed besides ISO country codes in shares and tonnages.
OTHER = "other"


def _mineral_key(value: Any) -> Any:
    text = scalar_text(value)
    if isinstance(text, str) and text in VOCABULARY:
        return text
    shown = repr(echo(str(text)))
    raise PydanticCustomError(
        "mineral",
        "{got} is not a mineral key; expected one of: {known}",
        {"got": shown, "known": ", ".join(VOCABULARY)},
    )


def _place(value: Any) -> Any:
    text = scalar_text(value)
    if text == OTHER:
        return text
    if isinstance(text, str) and len(text) == 2 and text.isupper() and country_name(text) != text:
        return text
    raise PydanticCustomError(
        "country",
        "{got} is not an ISO 3166-1 alpha-2 country code (in capitals) or 'other'",
        {"got": repr(echo(str(text)))},
    )


def _period(value: Any) -> Any:
    text = str(scalar_text(value)).strip()
    year, _, month = text.partition("-")
    ok = len(year) == 4 and year.isdigit() and (not month or month in _MONTHS)
    if not ok or isinstance(value, bool):
        raise PydanticCustomError(
            "period", "{got} is not a period (write 2024 or 2024-07)", {"got": repr(echo(text))}
        )
    return text


_MONTHS = frozenset(f"{m:02d}" for m in range(1, 13))

MineralKey = Annotated[str, BeforeValidator(_mineral_key)]
Place = Annotated[str, BeforeValidator(_place)]
Period = Annotated[str, BeforeValidator(_period)]
Key = Annotated[Text, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
Year = Annotated[Count, Field(ge=1900, le=2100)]


class Confidence(Choice):
    """How a figure was established: V read in the primary, S secondary, unverified recalled."""

    V = "V"
    S = "S"
    unverified = "unverified"


Conf = Annotated[Confidence, Word, Field(description="V, S or unverified.")]
SourceKey = Annotated[Key, Field(description="A key of `sources`.")]
