"""Any JSON value, however deep or wide, is typed without error and in any order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.infer import MAX_DEPTH, infer_unit
from generator.ir import JsonValue, ListType, MapType, ObjectType, ScalarType, TypeExpr
from tests.test_infer_helpers import accepts, object_type

KEYS = st.sampled_from(["a", "b", "id", "type", "status", "created_at", "1", "2", "x y", ""])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=6)
    | st.sampled_from(
        [
            "2020-01-01",
            "2021-02-03T04:05:06Z",
            "ACTIVE",
            "DONE",
            "https://a.example/b",
            "a@b.example",
            "<integer>",
            "<dateTime>",
            "<object>",
            "{{v}}",
            "{{w}}",
        ]
    )
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(KEYS | st.text(max_size=3), inner, max_size=5),
    max_leaves=30,
)
VARIABLES = {"v": "2020-01-01"}


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_shuffling_the_documents_changes_nothing(
    documents: list[JsonValue], rnd: random.Random
) -> None:
    expr = infer_unit(documents, hint="T", variables=VARIABLES)
    shuffled = list(documents)
    rnd.shuffle(shuffled)
    again = infer_unit(shuffled, hint="T", variables=VARIABLES)
    assert again == expr
    assert repr(again) == repr(expr)  # hints, paths and evidence too


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON, min_size=1, max_size=6))
def test_every_document_is_accepted_by_its_type(documents: list[JsonValue]) -> None:
    expr = infer_unit(documents, hint="T", variables=VARIABLES)
    for document in documents:
        assert accepts(expr, document, VARIABLES)


def nested(depth: int, leaf: JsonValue) -> JsonValue:
    value = leaf
    for level in range(depth):
        value = {"a": value} if level % 2 else [value]
    return value


def depth_of(expr: TypeExpr) -> int:
    depth = 0
    while expr.variants:
        (variant,) = expr.variants
        if isinstance(variant, ListType):
            expr = variant.items
        elif isinstance(variant, ObjectType):
            expr = variant.fields[0].type
        else:
            break
        depth += 1
    return depth


def test_two_hundred_levels_are_typed_down_to_the_depth_limit() -> None:
    document = nested(200, 1)
    expr = infer_unit([document, nested(200, "x")], hint="T")
    assert depth_of(expr) == MAX_DEPTH
    assert accepts(expr, document)
    assert expr == infer_unit([nested(200, "x"), document], hint="T")
    assert hash(expr) == hash(infer_unit([document, nested(200, "x")], hint="T"))


def test_shallow_documents_are_typed_all_the_way_down() -> None:
    expr = infer_unit([nested(MAX_DEPTH, 1)], hint="T")
    assert depth_of(expr) == MAX_DEPTH
    leaf = expr
    for _ in range(MAX_DEPTH):
        (variant,) = leaf.variants
        leaf = variant.items if isinstance(variant, ListType) else object_type(leaf).fields[0].type
    assert leaf == TypeExpr((ScalarType("int"),))


def test_five_thousand_levels_do_not_break_anything() -> None:
    document = nested(5000, None)
    expr = infer_unit([document, document], hint="T")
    assert accepts(expr, document)


def test_ten_thousand_keys() -> None:
    wide: JsonValue = {f"field{i}": i for i in range(10_000)}
    assert infer_unit([wide], hint="T") == TypeExpr((MapType(TypeExpr((ScalarType("int"),))),))
    mixed: JsonValue = {f"field{i}": [i] if i % 2 else str(i) for i in range(10_000)}
    expr = infer_unit([mixed], hint="T")
    assert len(object_type(expr).fields) == 10_000
    assert accepts(expr, mixed)


def test_huge_integers() -> None:
    document: JsonValue = {"a": 2**64 + 1, "b": -(10**30), "c": 10**5000}
    expr = infer_unit([document], hint="T")
    assert all(f.type == TypeExpr((ScalarType("int"),)) for f in object_type(expr).fields)
    _, _, c = object_type(expr).fields
    assert c.evidence is not None and c.evidence.samples[0].startswith("0x")


def test_documents_that_differ_only_in_key_order() -> None:
    first: JsonValue = {"a": 1, "b": 2}
    second: JsonValue = {"b": 2, "a": 1}
    assert repr(infer_unit([first, second], hint="T")) == repr(
        infer_unit([second, first], hint="T")
    )
