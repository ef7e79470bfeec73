"""Required and nullable are independent axes (inference.md §7.3)."""

from __future__ import annotations

from generator.infer import infer_unit
from generator.ir import (
    FieldEvidence,
    JsonValue,
    ListType,
    MapType,
    ObjectType,
    ScalarType,
    TypeExpr,
)
from tests.test_infer_helpers import field_of, object_type

INT = ScalarType("int")


def test_required_means_present_in_every_parent_object() -> None:
    expr = infer_unit([{"a": 1, "b": 2}, {"a": 3}], hint="T")
    fields = {f.key: f.required for f in object_type(expr).fields}
    assert fields == {"a": True, "b": False}


def test_nullable_means_a_null_was_seen_and_absent_is_not_null() -> None:
    expr = infer_unit([{"a": 1, "b": None}, {"a": 2}], hint="T")
    assert field_of(expr, "a") == TypeExpr((INT,))  # always present, never null
    b = object_type(expr).fields[1]
    assert (b.required, b.type.nullable) == (False, True)


def test_required_and_nullable_at_once() -> None:
    expr = infer_unit([{"a": None}, {"a": 1}], hint="T")
    (a,) = object_type(expr).fields
    assert a.required
    assert a.type == TypeExpr((INT,), nullable=True)


def test_a_key_only_ever_null_is_any_or_none_not_the_none_type() -> None:
    expr = infer_unit([{"format": None}], hint="T")
    assert field_of(expr, "format") == TypeExpr((), nullable=True)


def test_items_never_observed_are_any() -> None:
    expr = infer_unit([{"tags": []}], hint="T")
    assert field_of(expr, "tags") == TypeExpr((ListType(TypeExpr()),))


def test_array_items_count_as_parents() -> None:
    expr = infer_unit([{"items": [{"id": 1, "note": "x"}, {"id": 2}]}], hint="T")
    (items,) = field_of(expr, "items").variants
    assert isinstance(items, ListType)
    item = object_type(items.items)
    assert [(f.key, f.required) for f in item.fields] == [("id", True), ("note", False)]


def test_one_document_is_enough_to_require_a_field() -> None:
    """No tolerant mode: a single example's keys are required (docs/inference.md §3)."""
    expr = infer_unit([{"status": "COMPLETED", "id": "7"}], hint="Job")
    assert all(f.required for f in object_type(expr).fields)


def test_evidence_is_recorded_for_every_field() -> None:
    expr = infer_unit([{"a": 1, "b": None}, {"a": 2.5}, {"a": 1}], hint="T")
    a, b = object_type(expr).fields
    assert a.evidence == FieldEvidence(
        parents=3,
        present=3,
        nulls=0,
        kinds=(("float", 1), ("int", 2)),
        documents=3,
        samples=("1", "2.5"),
    )
    assert b.evidence is not None
    assert (b.evidence.present, b.evidence.nulls, b.evidence.documents) == (1, 1, 1)


def test_the_root_class_carries_the_hint_and_its_path() -> None:
    expr = infer_unit([{"file": {"name": "a"}}], hint="Job Details")
    root = object_type(expr)
    assert (root.hint, root.paths) == ("Job Details", ("$",))
    nested = object_type(root.fields[0].type)
    assert (nested.hint, nested.paths) == ("file", ("$.file",))


def test_nested_hints_are_raw_keys_even_for_array_items() -> None:
    expr = infer_unit([{"data": [{"images": [{"url": "u"}]}]}], hint="T")
    (data,) = field_of(expr, "data").variants
    assert isinstance(data, ListType)
    item = object_type(data.items)
    assert (item.hint, item.paths) == ("data", ("$.data[]",))
    (images,) = item.fields[0].type.variants
    assert isinstance(images, ListType)
    assert object_type(images.items).paths == ("$.data[].images[]",)


def test_field_order_follows_the_documents_and_merges_new_keys_in_place() -> None:
    expr = infer_unit([{"a": 1, "c": 3}, {"a": 1, "b": 2, "c": 3}, {"z": 0, "a": 1}], hint="T")
    assert [f.key for f in object_type(expr).fields] == ["z", "a", "b", "c"]


def test_empty_object_alone_is_a_map_of_any_never_an_empty_class() -> None:
    expr = infer_unit([{"details": {}}], hint="T")
    assert field_of(expr, "details") == TypeExpr((MapType(TypeExpr()),))
    assert not isinstance(field_of(expr, "details").variants[0], ObjectType)


def test_the_research_example_of_section_7_13() -> None:
    body: JsonValue = {
        "status": "COMPLETED",
        "resource": [{"file": {"added_count": 9, "name": "Fil2.csv"}, "format": None}],
    }
    expr = infer_unit([body], hint="ImportFile")
    assert field_of(expr, "status") == TypeExpr((ScalarType("str"),))  # one value: no enum
    (resources,) = field_of(expr, "resource").variants
    assert isinstance(resources, ListType)
    file_, format_ = object_type(resources.items).fields
    assert format_.required and format_.type == TypeExpr((), nullable=True)
    assert [(f.key, f.type) for f in object_type(file_.type).fields] == [
        ("added_count", TypeExpr((INT,))),
        ("name", TypeExpr((ScalarType("str"),))),
    ]
