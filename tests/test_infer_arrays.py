"""Arrays: unified items, fixed-length tuples, discriminated unions (inference.md §7.8)."""

from __future__ import annotations

from generator.infer import infer_unit
from generator.ir import (
    JsonValue,
    ListType,
    MapType,
    ObjectType,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
)
from tests.test_infer_helpers import field_of, object_type, requires_shared, sample, type_at

INT = TypeExpr((ScalarType("int"),))
STR = TypeExpr((ScalarType("str"),))


def test_items_unify_across_every_array_at_the_path() -> None:
    expr = infer_unit([{"x": [1, 2]}, {"x": ["a"]}, {"x": []}], hint="T")
    assert field_of(expr, "x") == TypeExpr(
        (ListType(TypeExpr((ScalarType("int"), ScalarType("str")))),)
    )


def test_objects_in_an_array_become_one_class_with_the_union_of_keys() -> None:
    expr = infer_unit([[{"a": 1}, {"a": "foo"}, {}]], hint="T")
    (item,) = type_at(expr, "$[]")
    assert isinstance(item, ObjectType)
    (a,) = item.fields
    assert (a.key, a.required, a.type) == (
        "a",
        False,
        TypeExpr((ScalarType("int"), ScalarType("str"))),
    )


def test_world_bank_page_info_and_rows_is_a_tuple() -> None:
    requires_shared()
    expr = infer_unit([sample("00c36.json")], hint="Indicator")
    (root,) = expr.variants
    assert isinstance(root, TupleType)
    page, rows = root.items
    assert isinstance(page.variants[0], ObjectType)
    assert [f.key for f in page.variants[0].fields] == ["page", "pages", "per_page", "total"]
    assert page.variants[0].paths == ("$[0]",)
    assert isinstance(rows.variants[0], ListType)


def test_rows_of_fixed_length_and_kinds_are_tuples() -> None:
    rows: JsonValue = [["2013-06-30", 1.5, None], ["2012-06-30", 2, 3.5], ["2011-06-30", 1, 1.0]]
    (variant,) = field_of(infer_unit([{"data": rows}], hint="T"), "data").variants
    assert isinstance(variant, ListType)
    number = TypeExpr((ScalarType("float"),))
    assert variant.items == TypeExpr(
        (
            TupleType(
                (
                    TypeExpr((ScalarType("str", format="date"),)),
                    number,
                    TypeExpr((ScalarType("float"),), nullable=True),
                )
            ),
        )
    )


def test_one_array_of_scalars_is_a_list_even_if_kinds_differ() -> None:
    assert field_of(infer_unit([{"x": [1, "a"]}], hint="T"), "x") == TypeExpr(
        (ListType(TypeExpr((ScalarType("int"), ScalarType("str")))),)
    )


def test_two_arrays_of_scalars_with_kinds_by_position_are_tuples() -> None:
    assert field_of(infer_unit([{"x": [1, "a"]}, {"x": [2, "b"]}], hint="T"), "x") == TypeExpr(
        (TupleType((INT, STR)),)
    )


def test_no_tuple_when_lengths_differ_or_kinds_agree() -> None:
    assert isinstance(
        field_of(infer_unit([{"x": [1, "a"]}, {"x": [2, "b", "c"]}], hint="T"), "x").variants[0],
        ListType,
    )
    assert field_of(infer_unit([{"x": [1.5, 2.5]}, {"x": [3, 4.5]}], hint="T"), "x") == TypeExpr(
        (ListType(TypeExpr((ScalarType("float"),))),)
    )


EVENTS: list[JsonValue] = [
    {"id": "1", "type": "PushEvent", "actor": {"login": "a"}, "payload": {"ref": "r", "size": 1}},
    {"id": "2", "type": "WatchEvent", "actor": {"login": "b"}, "payload": {"action": "started"}},
    {"id": "3", "type": "PushEvent", "actor": {"login": "c"}, "payload": {"ref": "s", "size": 2}},
    {
        "id": "4",
        "type": "IssuesEvent",
        "actor": {"login": "d"},
        "payload": {"action": "x", "issue": {}},
    },
]


def test_a_type_tag_that_partitions_the_shapes_makes_a_tagged_union() -> None:
    expr = infer_unit([{"events": EVENTS}], hint="Events")
    (union,) = type_at(expr, "$.events[]")
    assert isinstance(union, TaggedUnion)
    assert union.tag == "type"
    assert [value for value, _ in union.variants] == ["IssuesEvent", "PushEvent", "WatchEvent"]
    push = dict(union.variants)["PushEvent"]
    assert isinstance(push, ObjectType)
    (payload,) = [f for f in push.fields if f.key == "payload"]
    assert payload.required
    assert [(f.key, f.required) for f in object_type(payload.type).fields] == [
        ("ref", True),
        ("size", True),
    ]
    assert push.paths == ("$.events[]",) and push.hint == "events"


def test_a_tag_whose_groups_look_alike_is_no_union() -> None:
    users: list[JsonValue] = [{"type": t, "id": i, "name": "n"} for i, t in enumerate("ABAB")]
    (item,) = type_at(infer_unit([users], hint="T"), "$[]")
    assert isinstance(item, ObjectType)


def test_a_key_not_named_like_a_tag_needs_three_objects_per_value() -> None:
    ops: list[JsonValue] = [
        {"verb": "add", "value": 1, "unit": "m"},
        {"verb": "remove", "path": "/b"},
    ] * 2
    (item,) = type_at(infer_unit([ops], hint="T"), "$[]")
    assert isinstance(item, ObjectType)
    (union,) = type_at(infer_unit([ops * 2], hint="T"), "$[]")
    assert isinstance(union, TaggedUnion) and union.tag == "verb"


def test_a_union_can_sit_beside_other_kinds_and_inside_maps() -> None:
    documents: list[JsonValue] = [{"x": {"1": EVENTS[0], "2": EVENTS[1]}}, {"x": {"3": None}}]
    (values,) = field_of(infer_unit(documents, hint="T"), "x").variants
    assert isinstance(values, MapType)
    assert values.values.nullable
    assert isinstance(values.values.variants[0], TaggedUnion)
