"""The profile model and its cross-field checks, as a user meets them through `load_profile`.

Every test edits tests/data/profiles/valid.yaml and checks the line a user would read:
``file:line:col: field.path: what is wrong (what was expected)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from advisor.errors import ProfileError
from advisor.profile.build import load_profile
from advisor.profile.model import Profile, Quantity, Unit

MakeProfile = Callable[..., Path]


def at(path: Path, needle: str, shift: int = 0) -> str:
    """`file:line:col` of the first occurrence of *needle* in the file, *shift* columns on."""
    text = path.read_text(encoding="utf-8")
    index = text.index(needle) + shift
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{path}:{line}:{col}"


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """Line number of the *occurrence*-th *needle* in the file."""
    text = path.read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


def problems(path: Path) -> list[str]:
    """The lines `advisor validate` prints for an invalid profile."""
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    return caught.value.lines()


def one_problem(path: Path) -> str:
    lines = problems(path)
    assert len(lines) == 1, lines
    return lines[0]


def valid(path: Path) -> Profile:
    return load_profile(str(path))[0]


def test_the_fixture_profile_is_valid(make_profile: MakeProfile) -> None:
    profile = valid(make_profile())
    assert profile.company.headquarters == "DE"
    assert [m.id for m in profile.materials] == ["magnets", "dysprosium"]


# -- supplier shares ------------------------------------------------------------------------


def test_shares_over_100_percent_say_by_how_much(make_profile: MakeProfile) -> None:
    path = make_profile(("share: 70%", "share: 82.5%"))
    line = one_problem(path)
    assert line.startswith(f"{at(path, '- id: sup-a')}: materials[0].suppliers: ")
    assert "add up to 112.5" in line
    assert "12.5" in line.split("add up to")[1].split(",")[1]
    assert "over 100%" in line


def test_shares_over_100_percent_in_the_second_material(make_profile: MakeProfile) -> None:
    path = make_profile(("share: 100%", "share: 100%\n      - id: sup-d\n        name: D\n"
                                        "        country: VN\n        share: 0.25"))  # fmt: skip
    line = one_problem(path)
    assert line.startswith(f"{at(path, '- id: sup-c')}: materials[1].suppliers: ")
    assert "add up to 125" in line


def test_shares_of_exactly_100_percent_in_mixed_forms_are_fine(make_profile: MakeProfile) -> None:
    path = make_profile(("share: 70%", "share: 0.1"), ("share: 0.3", "share: 90%"))
    assert valid(path).materials[0].suppliers[1].share == pytest.approx(0.9)


def test_shares_under_100_percent_are_allowed(make_profile: MakeProfile) -> None:
    assert valid(make_profile(("share: 70%", "share: 20%"))).materials[0].suppliers[0].share == 0.2


@pytest.mark.parametrize("written", ["35%", '"35%"', "'35 %'", "0.35", ".35", "3.5e-1"])
def test_percent_and_fraction_mean_the_same(make_profile: MakeProfile, written: str) -> None:
    profile = valid(make_profile(("share: 70%", f"share: {written}")))
    assert profile.materials[0].suppliers[0].share == 0.35


def test_percent_and_fraction_give_equal_profiles(make_profile: MakeProfile) -> None:
    as_percent = valid(make_profile(("share: 0.3", "share: 30%"), name="a.yaml"))
    as_fraction = valid(make_profile(name="b.yaml"))
    assert as_percent == as_fraction


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("35", "share 35 is outside 0 to 1 (write 0.35 or '35%' for thirty-five percent)"),
        ("135%", "share 135% is outside 0 to 1"),
        ("-5%", "share -5% is outside 0 to 1"),
        ("'0.35'", "expected a share like 0.35 or '35%', got '0.35'"),
        ("thirty", "expected a share like 0.35 or '35%', got 'thirty'"),
        (".nan", "must be a finite number, not nan"),
        (".inf", "must be a finite number, not inf"),
    ],
)
def test_bad_shares(make_profile: MakeProfile, written: str, says: str) -> None:
    path = make_profile(("share: 70%", f"share: {written}"))
    assert one_problem(path) == f"{at(path, written)}: materials[0].suppliers[0].share: {says}"


# -- dates ----------------------------------------------------------------------------------


def test_dates_are_read_as_dates(make_profile: MakeProfile) -> None:
    profile = valid(make_profile())
    assert profile.as_of == dt.date(2026, 6, 30)
    contract = profile.materials[0].suppliers[0].contract
    assert contract is not None
    assert (contract.start, contract.end) == (dt.date(2025, 1, 1), dt.date(2027, 12, 31))


def test_impossible_date_is_a_file_line_error(make_profile: MakeProfile) -> None:
    path = make_profile(("as_of: 2026-06-30", "as_of: 2026-02-30"))
    assert one_problem(path) == (
        f"{at(path, '2026-02-30')}: as_of: 2026-02-30 is not a real date "
        "(day is out of range for month)"
    )


@pytest.mark.parametrize(
    "written", ["2026-6-30", "30/06/2026", "2026-06-30T12:00:00", "20260630", "June 2026", "2026"]
)
def test_dates_must_be_iso(make_profile: MakeProfile, written: str) -> None:
    path = make_profile(("as_of: 2026-06-30", f"as_of: {written}"))
    line = one_problem(path)
    assert line.startswith(f"{at(path, written)}: as_of: expected a date as YYYY-MM-DD, got ")


@pytest.mark.parametrize("end", ["2024-12-31", "2025-01-01"])
def test_contract_end_must_be_after_start(make_profile: MakeProfile, end: str) -> None:
    path = make_profile(("end: 2027-12-31", f"end: {end}"))
    assert one_problem(path) == (
        f"{at(path, f'end: {end}', 5)}: materials[0].suppliers[0].contract.end: "
        f"end {end} is not after start 2025-01-01"
    )


# -- countries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "hint"),
    [("UK", " (did you mean GB?)"), ("DEU", " (did you mean DE?)"),
     ("Germany", " (did you mean DE?)"), ("Germny", " (did you mean DE?)"), ("XX", "")],
)  # fmt: skip
def test_country_must_be_iso_alpha2_with_did_you_mean(
    make_profile: MakeProfile, written: str, hint: str
) -> None:
    path = make_profile(("headquarters: DE", f"headquarters: {written}"))
    assert one_problem(path) == (
        f"{at(path, written)}: company.headquarters: "
        f"'{written}' is not an ISO 3166-1 alpha-2 country code{hint}"
    )


def test_lower_case_country_code_is_refused_with_the_fix(make_profile: MakeProfile) -> None:
    path = make_profile(("headquarters: DE", "headquarters: de"))
    assert one_problem(path).endswith("company.headquarters: write country codes in capitals: DE")


def test_country_in_a_list_names_its_index(make_profile: MakeProfile) -> None:
    path = make_profile(("mining_countries: [CN, MM]", "mining_countries: [CN, UK]"))
    assert one_problem(path) == (
        f"{at(path, 'UK')}: materials[0].suppliers[0].mining_countries[1]: "
        "'UK' is not an ISO 3166-1 alpha-2 country code (did you mean GB?)"
    )


def test_norway_is_a_country_not_false(make_profile: MakeProfile) -> None:
    profile = valid(make_profile(("country: JP", "country: NO")))
    assert profile.materials[0].suppliers[1].country == "NO"


@pytest.mark.parametrize("written", ["unknown", "[]", "~"])
def test_unknown_upstream_countries(make_profile: MakeProfile, written: str) -> None:
    path = make_profile(("mining_countries: [CN, MM]", f"mining_countries: {written}"))
    assert valid(path).materials[0].suppliers[0].mining_countries == []


# -- unknown keys, duplicate ids ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        ("company:", "compnay:", "compnay", "unknown field 'compnay' (did you mean 'company'?)"),
        ("        tier: 1", "        teir: 1", "materials[0].suppliers[0].teir",
         "unknown field 'teir' (did you mean 'tier'?)"),
        ("          type: long_term", "          type: long_term\n          dual_sourcing: true",
         "materials[0].suppliers[0].contract.dual_sourcing",
         "unknown field 'dual_sourcing' (did you mean 'dual_source_clause'?)"),
        ("  stockpile:", "  stockpiles:", "programmes.stockpiles",
         "unknown field 'stockpiles' (did you mean 'stockpile'?)"),
    ],
)  # fmt: skip
def test_unknown_keys_are_rejected_with_did_you_mean(
    make_profile: MakeProfile, old: str, new: str, field: str, says: str
) -> None:
    path = make_profile((old, new))
    key = new.split("\n")[-1].split(":")[0].strip()
    lines = problems(path)
    assert f"{at(path, key)}: {field}: {says}" in lines


def test_unknown_key_without_a_close_match_lists_the_fields(make_profile: MakeProfile) -> None:
    path = make_profile(("    form: Dy metal", "    form: Dy metal\n    colour: grey"))
    assert one_problem(path).endswith(
        "materials[1].colour: unknown field 'colour' (expected one of: annual_demand, "
        "content, criticality, form, id, inventory, mineral, mineral_name, recycled_share, "
        "reference_price, stage, suppliers, used_in)"
    )


def test_a_misspelt_required_key_reports_both_sides(make_profile: MakeProfile) -> None:
    path = make_profile(("  sector: ev_motors", "  sectr: ev_motors"))
    assert problems(path) == [
        f"{at(path, 'name: Testwerk AG')}: company.sector: required field is missing",
        f"{at(path, 'sectr')}: company.sectr: unknown field 'sectr' (did you mean 'sector'?)",
    ]


def test_duplicate_supplier_id(make_profile: MakeProfile) -> None:
    path = make_profile(("- id: sup-b", "- id: sup-a"))
    assert one_problem(path) == (
        f"{path}:{_line_of(path, 'id: sup-a', 2)}:13: materials[0].suppliers[1].id: "
        "duplicate supplier id 'sup-a' (also suppliers[0])"
    )


def test_duplicate_material_id(make_profile: MakeProfile) -> None:
    path = make_profile(("- id: dysprosium", "- id: magnets"))
    assert one_problem(path) == (
        f"{path}:{_line_of(path, 'id: magnets', 2)}:9: materials[1].id: "
        "duplicate material id 'magnets' (also materials[0])"
    )


def test_same_supplier_id_under_two_materials_is_fine(make_profile: MakeProfile) -> None:
    assert valid(make_profile(("- id: sup-c", "- id: sup-a")))


def test_duplicate_id_message_is_bounded(make_profile: MakeProfile) -> None:
    long_id = "x" * 5000
    path = make_profile(("- id: sup-a", f"- id: {long_id}"), ("- id: sup-b", f"- id: {long_id}"))
    lines = problems(path)
    assert lines
    assert all(len(line) < 300 for line in lines), max(lines, key=len)[:300]


# -- YAML 1.1 hazards at the model ----------------------------------------------------------


@pytest.mark.parametrize("written", ["00123", "0101", "1.10", "8:30", "123", "0x10", "ON", "1e3"])
def test_part_numbers_stay_as_written(make_profile: MakeProfile, written: str) -> None:
    profile = valid(make_profile(('part_number: "00123"', f"part_number: {written}")))
    assert profile.materials[0].used_in[0].part_number == written


@pytest.mark.parametrize("written", ["NO", "off", "YES", "1.10", "8:30", "2026-01-01", "null-ish"])
def test_names_stay_as_written(make_profile: MakeProfile, written: str) -> None:
    assert valid(make_profile(("name: Testwerk AG", f"name: {written}"))).company.name == written


@pytest.mark.parametrize("written", ["yes", "ON", "off", "1", "0", "'true'"])
def test_flags_take_only_true_or_false(make_profile: MakeProfile, written: str) -> None:
    path = make_profile(("qualified: true", f"qualified: {written}"))
    assert one_problem(path).startswith(
        f"{at(path, f'qualified: {written}', 11)}: materials[0].suppliers[0].qualified: "
        "expected true or false, got "
    )


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("010", "expected a number, got '010' (a leading zero is ambiguous; write it without "
                "the zero)"),
        ("0x10", "expected a number, got '0x10' (hex, octal and binary numbers are not read; "
                 "write it in decimal)"),
        ("1_000", "expected a number, got '1_000' (write numbers without separators)"),
        ("8:30", "expected a number, got '8:30'"),
        (".nan", "must be a finite number, not nan"),
        ("-.inf", "must be a finite number, not -inf"),
        ("1e400", "must be a finite number, not inf"),
        ("1" + "0" * 50, "integer with 51 digits is too large"),
        ("-5", "must be at least 0, got -5"),
    ],
)  # fmt: skip
def test_prices_take_plain_finite_numbers(
    make_profile: MakeProfile, written: str, says: str
) -> None:
    path = make_profile(("amount: 70", f"amount: {written}"))
    assert one_problem(path) == f"{at(path, written)}: materials[0].reference_price.amount: {says}"


def test_numbers_keep_their_decimal_value(make_profile: MakeProfile) -> None:
    profile = valid(make_profile(("kg_per_unit: 1.6", "kg_per_unit: 1.10")))
    assert profile.materials[0].used_in[0].kg_per_unit == Decimal("1.10")


def test_quantities_convert_to_kilograms_exactly(make_profile: MakeProfile) -> None:
    profile = valid(make_profile())
    assert profile.materials[0].annual_demand.kg == Decimal(40000)
    assert profile.materials[1].annual_demand.kg == Decimal(800)
    assert Quantity(quantity=Decimal("0.1"), unit=Unit.t).kg == Decimal("100.0")


@pytest.mark.parametrize(
    ("written", "says"),
    [("1.5", "expected a whole number"), ("9", "must be at most 5, got 9"),
     ("0", "must be at least 1, got 0"), ("'1'", "expected a number, got '1'")],
)  # fmt: skip
def test_tier_is_a_whole_number_from_1_to_5(
    make_profile: MakeProfile, written: str, says: str
) -> None:
    path = make_profile(("tier: 1", f"tier: {written}"))
    line = one_problem(path)
    assert line.startswith(f"{at(path, f'tier: {written}', 6)}: materials[0].suppliers[0].tier: ")
    assert says in line


def test_whole_number_written_as_float_is_accepted(make_profile: MakeProfile) -> None:
    assert valid(make_profile(("tier: 1", "tier: 2.0"))).materials[0].suppliers[0].tier == 2


@pytest.mark.parametrize(
    ("written", "says"),
    [("true", r"got true"), ("'1'", r"expected a number|one of: 1"), ("2", r"one of: 1$")],
)
def test_version_must_be_the_number_1(make_profile: MakeProfile, written: str, says: str) -> None:
    path = make_profile(("version: 1", f"version: {written}"))
    line = one_problem(path)
    assert line.startswith(f"{at(path, f'version: {written}', 9)}: version: ")
    assert re.search(says, line), line


def test_too_long_text_says_characters(make_profile: MakeProfile) -> None:
    path = make_profile(("name: Testwerk AG", "name: " + "A" * 250))
    line = one_problem(path)
    assert "200 characters" in line
    assert len(line) < 300


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [("qualified: true", "qualified: 1", "got 1"),
     ("name: Testwerk AG", "name: true", "got true"),
     ("tier: 1", "tier: 2.5", "got 2.5")],
)  # fmt: skip
def test_values_are_echoed_as_written(
    make_profile: MakeProfile, old: str, new: str, shown: str
) -> None:
    assert shown in one_problem(make_profile((old, new)))


def test_integer_key_is_reported_at_its_own_line(
    make_profile: MakeProfile, valid_text: str
) -> None:
    path = make_profile(text=valid_text + "1: x\n")
    line = one_problem(path)
    assert line.startswith(f"{path}:{len(valid_text.splitlines()) + 1}:1: ")
    assert "unknown field '1'" in line


# -- other model rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("{days_of_cover: 30, quantity: 5, unit: t}",
         "give either quantity (with unit) or days_of_cover, not both"),
        ("{quantity: 5}", "quantity needs a unit (t or kg)"),
        ("{quantity: 5, unit: tonnes}", "'tonnes' is not one of: t, kg"),
    ],
)  # fmt: skip
def test_inventory_is_a_quantity_or_days_of_cover(
    make_profile: MakeProfile, written: str, says: str
) -> None:
    path = make_profile(("inventory: {days_of_cover: 30}", f"inventory: {written}"))
    assert one_problem(path).endswith(f"{says}")


def test_empty_inventory_says_what_to_give(make_profile: MakeProfile) -> None:
    path = make_profile(("inventory: {days_of_cover: 30}", "inventory: {}"))
    line = one_problem(path)
    assert "give either quantity (with unit) or days_of_cover" in line
    assert "not both" not in line


def test_mineral_other_needs_a_name(make_profile: MakeProfile) -> None:
    path = make_profile(("mineral: Dy", "mineral: other"))
    assert one_problem(path) == (
        f"{path}:{_line_of(path, '- id: dysprosium')}:5: materials[1]: "
        "mineral 'other' needs mineral_name"
    )
    fixed = make_profile(
        ("mineral: Dy", "mineral: other\n    mineral_name: Holmium"), name="x.yaml"
    )
    assert valid(fixed).materials[1].mineral_name == "Holmium"


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [("mineral: Nd", "mineral: nd", "'nd' is not one of: Nd, Pr, Dy, Tb, Sm, Ga, Ge, graphite, "
      "Sb, Li, Co, Ni, W, other (did you mean 'Nd'?)"),
     ("sector: ev_motors", "sector: ev_motor", "'ev_motor' is not one of: ev_motors, "
      "wind_turbines, electronics, batteries, defence, industrial, other (did you mean "
      "'ev_motors'?)")],
)  # fmt: skip
def test_choices_list_the_options_and_suggest(
    make_profile: MakeProfile, old: str, new: str, says: str
) -> None:
    assert one_problem(make_profile((old, new))).endswith(says)


def test_materials_must_not_be_empty(make_profile: MakeProfile) -> None:
    path = make_profile(text="version: 1\nas_of: 2026-06-30\ncompany: {name: A, sector: other, "
                        "headquarters: SE, currency: SEK}\nmaterials: []\n")  # fmt: skip
    assert one_problem(path).startswith(f"{path}:4:12: materials: ")


def test_missing_required_fields_point_at_the_parent(make_profile: MakeProfile) -> None:
    path = make_profile(text="version: 1\nas_of: 2026-06-30\n")
    assert problems(path) == [
        f"{path}:1:1: company: required field is missing",
        f"{path}:1:1: materials: required field is missing",
    ]


# -- all problems at once, in file order ----------------------------------------------------


def test_all_problems_are_reported_at_once_sorted_by_line(make_profile: MakeProfile) -> None:
    path = make_profile(
        ("target_days: 90", "target_days: -1"),
        ("headquarters: DE", "headquarters: UK"),
        ("        tier: 1", "        tier: 9"),
        ("criticality: critical", "criticality: vital"),
    )
    lines = problems(path)
    assert [line.split(": ")[1] for line in lines] == [
        "company.headquarters",
        "materials[0].suppliers[0].tier",
        "materials[1].criticality",
        "programmes.stockpile.target_days",
    ]
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)


def test_loader_problems_come_through_as_profile_errors(make_profile: MakeProfile) -> None:
    path = make_profile(("  currency: EUR", "  currency: EUR\n  currency: USD"))
    assert one_problem(path) == (
        f"{path}:9:3: company.currency: duplicate key 'currency' (first defined on line 8); "
        "each key may appear once"
    )


@pytest.mark.parametrize("char", ["\u202e", "\u2028", "\x00"])
def test_control_characters_in_a_name(make_profile: MakeProfile, char: str) -> None:
    path = make_profile(("name: Testwerk AG", f"name: Test{char}werk AG"))
    assert one_problem(path).startswith(f"{path}:5:13: <document>: ")


def test_escaped_bidi_override_in_a_name_is_refused(make_profile: MakeProfile) -> None:
    path = make_profile(("name: Testwerk AG", 'name: "Test\\u202ewerk AG"'))
    assert "U+202E" in one_problem(path)
