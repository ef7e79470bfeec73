"""Postman artefacts: placeholders, {{variables}} and faker keys (inference.md §7.11)."""

from __future__ import annotations

import pytest

from generator.infer import infer_unit, placeholder, resolve_template
from generator.ir import JsonValue, MapType, ObjectType, ScalarType, TypeExpr
from tests.test_infer_helpers import accepts, field_of, object_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<string>", TypeExpr((ScalarType("str"),))),
        ("<integer>", TypeExpr((ScalarType("int"),), placeholder=True)),
        ("<long>", TypeExpr((ScalarType("int"),), placeholder=True)),
        ("<number>", TypeExpr((ScalarType("float"),), placeholder=True)),
        ("<double>", TypeExpr((ScalarType("float"),), placeholder=True)),
        ("<boolean>", TypeExpr((ScalarType("bool"),), placeholder=True)),
        ("<dateTime>", TypeExpr((ScalarType("str", format="date-time"),))),
        ("<date>", TypeExpr((ScalarType("str", format="date"),))),
        ("<uuid>", TypeExpr((ScalarType("str", format="uuid"),))),
        ("<url>", TypeExpr((ScalarType("str", format="uri"),))),
        ("<email>", TypeExpr((ScalarType("str", format="email"),))),
        ("<object>", TypeExpr((MapType(TypeExpr()),), placeholder=True)),
        ("<PayPalTxnID>", TypeExpr((ScalarType("str"),))),
    ],
)
def test_placeholders_are_typed_as_what_they_declare(text: str, expected: TypeExpr) -> None:
    expr = infer_unit([{"x": text}], hint="T")
    assert field_of(expr, "x") == expected
    assert accepts(expr, {"x": text})


def test_placeholders_merge_with_real_values() -> None:
    assert field_of(infer_unit([{"x": "<integer>"}, {"x": 2.5}], hint="T"), "x") == TypeExpr(
        (ScalarType("float"),), placeholder=True
    )
    mixed = infer_unit([{"x": "<dateTime>"}, {"x": "2021-01-01T00:00:00Z"}], hint="T")
    assert field_of(mixed, "x") == TypeExpr((ScalarType("str", format="date-time"),))
    plain = infer_unit([{"x": "<dateTime>"}, {"x": "yesterday"}], hint="T")
    assert field_of(plain, "x") == TypeExpr((ScalarType("str"),))


def test_a_string_placeholder_is_no_format_evidence() -> None:
    expr = infer_unit(
        [{"created_at": "<string>"}, {"created_at": "2021-01-01T00:00:00Z"}], hint="T"
    )
    assert field_of(expr, "created_at") == TypeExpr((ScalarType("str"),))


def test_placeholder_lookalikes() -> None:
    assert placeholder("<br>") == ("str", None)
    assert placeholder("< integer >") is None
    assert placeholder("a <b>") is None


def test_a_variable_in_a_body_is_a_string_whatever_its_value() -> None:
    expr = infer_unit([{"count": "{{count}}"}], hint="T", variables={"count": "5"})
    assert field_of(expr, "count") == TypeExpr((ScalarType("str"),))


def test_a_variable_is_format_evidence_through_its_value() -> None:
    variables = {"user": "3f2504e0-4f89-11d3-9a0c-0305e82c3301"}
    expr = infer_unit([{"user_id": "{{user}}"}], hint="T", variables=variables)
    assert field_of(expr, "user_id") == TypeExpr((ScalarType("str", format="uuid"),))
    assert accepts(expr, {"user_id": "{{user}}"}, variables)
    guid = infer_unit([{"request_id": "{{$guid}}"}], hint="T")
    assert field_of(guid, "request_id") == TypeExpr((ScalarType("str", format="uuid"),))


def test_an_unknown_variable_is_neutral_for_formats() -> None:
    documents: list[JsonValue] = [{"d": "2021-01-01"}, {"d": "2021-01-02"}, {"d": "{{when}}"}]
    expr = infer_unit(documents, hint="T")
    assert field_of(expr, "d") == TypeExpr((ScalarType("str", format="date"),))
    assert all(accepts(expr, document) for document in documents)


def test_resolve_template() -> None:
    assert resolve_template("{{base}}/users/{{ id }}", {"base": "https://x", "id": "7"}) == (
        "https://x/users/7"
    )
    assert resolve_template("{{nope}}", {}) is None
    assert resolve_template("{{a}}", {"a": "{{b}}"}) is None


def test_faker_keys_beside_real_fields_are_dropped_from_the_class() -> None:
    documents: list[JsonValue] = [{"status": "<string>", "text": "<string>", "nisi14a": True}]
    expr = infer_unit(documents, hint="T")
    assert [f.key for f in object_type(expr).fields] == ["status", "text"]
    assert accepts(expr, documents[0])


def test_real_keys_that_start_like_lorem_words_are_kept() -> None:
    document: dict[str, JsonValue] = {
        "idea": 1,
        "index": 2,
        "id10": 3,
        "address_line_1": "x",
        "est": 4,
    }
    expr = infer_unit([document], hint="T")
    assert [f.key for f in object_type(expr).fields] == list(document)


def test_an_all_faker_object_is_a_map() -> None:
    (variant,) = field_of(infer_unit([{"p": {"dolor4a0": 1}}], hint="T"), "p").variants
    assert isinstance(variant, MapType)
    assert not isinstance(variant, ObjectType)
