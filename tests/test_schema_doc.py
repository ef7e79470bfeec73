"""The JSON Schema export and the Python annotations of inferred types."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator.annotations import annotation
from generator.ir import (
    ApiModels,
    BodyBinding,
    ClassRef,
    ListType,
    MapType,
    Model,
    ModelField,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
)
from generator.schema_doc import schema_document

STR = TypeExpr((ScalarType("str"),))
INT = TypeExpr((ScalarType("int"),))


def one(variant: Any, nullable: bool = False) -> TypeExpr:
    return TypeExpr((variant,), nullable)


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (TypeExpr(), "Any"),
        (TypeExpr((), nullable=True), "Any | None"),
        (one(ScalarType("int"), nullable=True), "int | None"),
        (TypeExpr((ScalarType("int"), ScalarType("str"))), "int | str"),
        (one(ScalarType("str", format="date-time")), "datetime"),
        (one(ScalarType("str", format="uri")), "str"),
        (one(ScalarType("str", enum=("A", "B"))), 'Literal["A", "B"] | str'),
        (one(ListType(one(ClassRef("Pet")))), "list[Pet]"),
        (one(TupleType((INT, STR))), "tuple[int, str]"),
        (one(MapType(TypeExpr())), "dict[str, Any]"),
        (
            one(TaggedUnion("type", (("a", ClassRef("A")),))),
            'Annotated[A | dict[str, Any], Tag("type")]',
        ),
    ],
)
def test_annotations(expr: TypeExpr, text: str) -> None:
    assert annotation(expr) == text


PET = Model(
    "Pet",
    (
        ModelField("id", "id", INT, True),
        ModelField("tag", "tag", one(ScalarType("str"), nullable=True), False),
        ModelField("kind", "kind", one(ScalarType("str", enum=("cat", "dog"))), True),
    ),
    "A pet.",
)
API = ApiModels(
    (PET,),
    (
        BodyBinding(
            "GET /pets",
            "List pets",
            "response",
            200,
            one(ListType(one(ClassRef("Pet")))),
            ("item[0].response[0]",),
        ),
        BodyBinding(
            "GET /pets", "List pets", "error", 500, one(MapType(STR)), ("item[0].response[1]",)
        ),
    ),
)


def validator(unit: int) -> Draft202012Validator:
    doc = schema_document("Pets", API)
    Draft202012Validator.check_schema(doc)
    return Draft202012Validator({"$defs": doc["$defs"], **doc["x-postc-units"][unit]["schema"]})


def test_document_shape() -> None:
    doc = schema_document("Pets", API)
    assert doc["$defs"]["Pet"]["required"] == ["id", "kind"]
    assert [u["endpoint"] for u in doc["x-postc-units"]] == ["GET /pets", "GET /pets"]
    assert doc["x-postc-units"][0]["examples"] == ["item[0].response[0]"]


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ([{"id": 1, "kind": "cat"}], True),
        ([{"id": 1, "kind": "parrot", "tag": None, "extra": [1]}], True),  # open enum, open object
        ([{"id": "1", "kind": "cat"}], False),
        ([{"kind": "cat"}], False),
        ([{"id": 1, "kind": "cat", "tag": 3}], False),
        ({"id": 1}, False),
    ],
)
def test_bodies_against_a_unit(body: object, valid: bool) -> None:
    assert validator(0).is_valid(body) == valid


def test_tuples_are_fixed_length() -> None:
    expr = one(TupleType((INT, STR)))
    api = ApiModels((), (BodyBinding("GET /", "x", "response", 200, expr, ()),))
    doc = schema_document("T", api)
    check = Draft202012Validator(doc["x-postc-units"][0]["schema"])
    assert check.is_valid([1, "a"]) and not check.is_valid([1]) and not check.is_valid([1, "a", 2])
