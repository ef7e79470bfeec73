"""Inferred types as JSON data (``generator.type_json``), the form of the inference memo:
every field comes back (those equality ignores too), and data that is not a type this
module wrote is ``TypeDataError``, never another exception nor a wrong object."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.infer import infer_unit
from generator.ir import (
    ClassRef,
    FieldEvidence,
    FieldType,
    JsonValue,
    ListType,
    MapType,
    ObjectType,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
)
from generator.type_json import TypeDataError, type_data, type_from_data

_TEXT = st.text(max_size=6)  # lone surrogates included: a collection's strings may hold them
_COUNT = st.integers(min_value=0, max_value=10**12)
_EVIDENCE = st.builds(
    FieldEvidence,
    _COUNT,
    _COUNT,
    _COUNT,
    st.lists(st.tuples(_TEXT, _COUNT), max_size=3).map(tuple),
    _COUNT,
    st.lists(_TEXT, max_size=2).map(tuple),
    st.lists(_TEXT, max_size=2).map(tuple),
)
_SCALAR = st.builds(ScalarType, _TEXT, st.none() | _TEXT, st.lists(_TEXT, max_size=3).map(tuple))


def _objects(inner: st.SearchStrategy[TypeExpr]) -> st.SearchStrategy[ObjectType]:
    field = st.builds(FieldType, _TEXT, inner, st.booleans(), st.none() | _EVIDENCE)
    return st.builds(
        ObjectType,
        st.lists(field, max_size=3).map(tuple),
        _TEXT,
        st.lists(_TEXT, max_size=2).map(tuple),
        st.none() | _TEXT,
    )


def _exprs(variants: st.SearchStrategy[Any]) -> st.SearchStrategy[TypeExpr]:
    return st.builds(
        TypeExpr, st.lists(variants, max_size=3).map(tuple), st.booleans(), st.booleans()
    )


_TYPES: st.SearchStrategy[TypeExpr] = st.recursive(
    _exprs(st.one_of(_SCALAR, st.builds(ClassRef, _TEXT))),
    lambda inner: _exprs(
        st.one_of(
            inner.map(ListType),
            inner.map(MapType),
            st.lists(inner, max_size=2).map(lambda items: TupleType(tuple(items))),
            _objects(inner),
            st.builds(
                TaggedUnion,
                _TEXT,
                st.lists(
                    st.tuples(_TEXT, _objects(inner) | st.builds(ClassRef, _TEXT)), max_size=2
                ).map(tuple),
            ),
        )
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(_TYPES)
def test_a_type_comes_back_whole_through_json_text(expr: TypeExpr) -> None:
    text = json.dumps(type_data(expr))  # as the memo writes it: ASCII, surrogates escaped
    back = type_from_data(json.loads(text))
    assert back == expr
    assert repr(back) == repr(expr)  # hints, paths, evidence and names too


def test_an_inferred_type_comes_back_whole() -> None:
    documents: list[JsonValue] = [
        {"id": 1, "tags": ["a"], "owner": {"name": "x"}, "at": "2024-01-02T03:04:05Z"},
        {"id": 2, "tags": [], "owner": None, "pair": [1, "b"], "kind": "b", "meta": {"k": 1}},
    ]
    inferred = infer_unit(documents, hint="thing", overrides=(), variables={})
    assert repr(type_from_data(json.loads(json.dumps(type_data(inferred))))) == repr(inferred)


WELL_FORMED = type_data(
    TypeExpr(
        (
            ObjectType(
                (
                    FieldType(
                        "id",
                        TypeExpr((ScalarType("int"),)),
                        True,
                        FieldEvidence(1, 1, 0, (("int", 1),), 1),
                    ),
                ),
                "thing",
            ),
        )
    )
)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "a type",
        [],
        [[], False],
        [[], 0, False],  # a number is not a boolean
        [[], False, False, "extra"],
        [[["x", "int"]], False, False],  # an unknown variant tag
        [[["s", "int", None]], False, False],  # a scalar of three items
        [[["s", 1, None, []]], False, False],
        [[["s", "str", None, ["a", 1]]], False, False],
        [[["c", None]], False, False],
        [[["u", "type", [["a", ["s", "int", None, []]]]]], False, False],  # a case not a class
        [[["o", [["id", [[], False, False], "yes", None]], "", [], None]], False, False],
        [
            [["o", [["id", [[], False, False], True, [1, 1, 0, [], True, [], []]]], "", [], None]],
            False,
            False,
        ],
        [[["o", [["id", [[], False, False], True, None]], "", [], 7]], False, False],
    ],
)
def test_data_that_is_not_a_type_is_refused(data: Any) -> None:
    with pytest.raises(TypeDataError):
        type_from_data(data)


def test_a_type_nested_too_deeply_is_refused_not_a_crash() -> None:
    data: Any = [[], False, False]
    for _ in range(5000):
        data = [[["l", data]], False, False]
    with pytest.raises(TypeDataError):
        type_from_data(data)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_change_to_written_data_is_a_type_or_refused(data: st.DataObject) -> None:
    """Whatever an attacker puts anywhere in the data: a type (of the IR's classes, with
    values of their fields' kinds) or ``TypeDataError``."""
    planted = json.loads(json.dumps(WELL_FORMED))
    spots = list(_spots(planted))
    container, index = data.draw(st.sampled_from(spots))
    container[index] = data.draw(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=3), st.just([]))
    )
    try:
        found = type_from_data(planted)
    except TypeDataError:
        return
    assert isinstance(found, TypeExpr)


def _spots(value: Any) -> Any:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield value, index
            yield from _spots(item)
