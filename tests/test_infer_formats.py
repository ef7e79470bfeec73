"""String formats: strict matches, and only with evidence (inference.md §7.5)."""

from __future__ import annotations

import copy
import json

import pytest

from generator.infer import infer_unit
from generator.infer.formats import format_of, key_suggests
from generator.ir import JsonValue, ScalarType, TypeExpr
from tests.test_infer_helpers import field_of, object_type

EXAMPLES = {
    "date-time": ("2021-05-11T12:38:29+05:30", "2015-07-15T23:25:21.541Z"),
    "date": ("2000-01-03", "2024-02-29"),
    "time": ("12:38:29", "23:59:59.5+01:00"),
    "uuid": ("F5165FDB-1A2B-4C3D-8E9F-0123456789AB", "00000000-0000-4000-8000-000000000000"),
    "uri": ("https://api.example.com/v1/users?page=2", "http://localhost:8080/"),
    "email": ("ann@example.com", "bob.smith+tag@mail.example.org"),
}
HINTED_KEYS = {
    "date-time": "created_at",
    "date": "birthDate",
    "time": "start_time",
    "uuid": "userId",
    "uri": "html_url",
    "email": "email",
}


def type_of(key: str, *values: JsonValue) -> TypeExpr:
    return field_of(infer_unit([{key: value} for value in values], hint="T"), key)


@pytest.mark.parametrize("fmt", sorted(EXAMPLES))
def test_two_distinct_matching_values_are_enough(fmt: str) -> None:
    assert type_of("value", *EXAMPLES[fmt]) == TypeExpr((ScalarType("str", format=fmt),))


@pytest.mark.parametrize("fmt", sorted(EXAMPLES))
def test_one_value_needs_a_key_that_names_the_format(fmt: str) -> None:
    value = EXAMPLES[fmt][0]
    assert type_of("value", value, value) == TypeExpr((ScalarType("str"),))
    assert type_of(HINTED_KEYS[fmt], value) == TypeExpr((ScalarType("str", format=fmt),))


def test_one_value_that_does_not_match_loses_the_format() -> None:
    assert type_of("created_at", "2021-05-11T12:38:29Z", "yesterday") == TypeExpr(
        (ScalarType("str"),)
    )
    assert type_of("created_at", "2021-05-11T12:38:29Z", "") == TypeExpr((ScalarType("str"),))


def test_nulls_do_not_count_against_a_format() -> None:
    assert type_of("d", "2000-01-03", None, "2000-01-04") == TypeExpr(
        (ScalarType("str", format="date"),), nullable=True
    )


@pytest.mark.parametrize(
    "text",
    [
        "2021-05-11T12:38:29",  # naive: no offset
        "2021-05-11 12:38:29Z",  # space instead of T
        "2021-05-11T12:38Z",  # no seconds
        "0000-01-01",  # year 0 (crashed quicktype's decoder)
        "2021-02-30",  # not in the calendar
        "2021-13-01",
        "24:00:00",
        "20:00",
        "1",
        "F5165FDB1A2B4C3D8E9F0123456789AB",
        "https://api.github.com/users/x/following{/other_user}",
        "ftp://example.com/file",
        "www.example.com",
        "ann@",
        "ann@localhost",
        "\u0662\u0660\u0662\u0661-\u0660\u0665-\u0661\u0661",  # Arabic-Indic digits
    ],
)
def test_lookalikes_have_no_format(text: str) -> None:
    assert format_of(text) is None


def test_date_is_never_widened_to_date_time() -> None:
    assert format_of("2000-01-03") == "date"
    assert type_of("d", "2000-01-03", "2000-01-03T00:00:00Z") == TypeExpr((ScalarType("str"),))


@pytest.mark.parametrize(
    ("key", "fmt"),
    [
        ("updatedAt", "date-time"),
        ("published_on", "date"),
        ("timestamp", "date-time"),
        ("expires", "date-time"),
        ("id", "uuid"),
        ("account_id", "uuid"),
        ("guid", "uuid"),
        ("href", "uri"),
        ("avatarUrl", "uri"),
        ("links", "uri"),
        ("contactEmail", "email"),
    ],
)
def test_key_hints(key: str, fmt: str) -> None:
    assert key_suggests(key, fmt)


@pytest.mark.parametrize(("key", "fmt"), [("name", "date"), ("idea", "uuid"), ("url", "email")])
def test_keys_that_are_no_hint(key: str, fmt: str) -> None:
    assert not key_suggests(key, fmt)


def test_array_items_take_the_hint_of_the_array_key() -> None:
    expr = infer_unit([{"emails": ["ann@example.com"]}], hint="T")
    assert "format='email'" in repr(field_of(expr, "emails"))


def test_inference_types_and_never_transforms_the_documents() -> None:
    document: dict[str, JsonValue] = {
        "at": "2021-05-11T12:38:29.100+05:30",
        "id": "F5165FDB-1A2B-4C3D-8E9F-0123456789AB",
    }
    kept = copy.deepcopy(document)
    expr = infer_unit([document], hint="T")
    assert document == kept
    (at,) = [f for f in object_type(expr).fields if f.key == "at"]
    assert at.evidence is not None
    assert at.evidence.samples == (json.dumps(document["at"]),)  # the wire form, unchanged
