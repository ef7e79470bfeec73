"""``generator.json_layout.indented`` writes what ``json.dumps(value, indent=2,
ensure_ascii=False)`` writes, for any value: the JSON types by its own writer, anything
else (subclasses, tuples, non-string keys, NaN, infinities) by the encoder, errors
included."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.json_layout import indented

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities too
    | st.text()  # any code point, lone surrogates and line separators included
)
KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        | st.dictionaries(KEYS, inner, max_size=3)
    ),
    max_leaves=30,
)


def reference(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@given(VALUES)
def test_the_text_is_the_encoders(value: Any) -> None:
    assert indented(value) == reference(value)


class Text(str):
    pass


class Number(int):
    pass


@pytest.mark.parametrize(
    "value",
    [
        {"a": [Text("sub"), Number(7), 1.5, -0.0, 1e300, True, False, None]},
        OrderedDict(b=[], a={}),
        {"nan": float("nan"), "inf": [float("inf"), float("-inf")]},
        [{"\u2028 é 𝄞 \ud800": 'line\nbreak\t"q" \\'}],
        {1: "int key", False: "bool key", None: "null key", 2.5: "float key"},
        "\x00\x1f\x7f",
    ],
    ids=["subclasses", "dict-subclass", "nan", "escapes", "keys", "controls"],
)
def test_unusual_values_are_the_encoders(value: Any) -> None:
    assert indented(value) == reference(value)


def test_what_the_encoder_refuses_is_refused_alike() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    for value in (cycle, {"a": {1, 2}}, {("tuple", "key"): 1}):
        with pytest.raises((ValueError, TypeError)) as expected:
            reference(value)
        with pytest.raises(expected.type, match=str(expected.value)[:20]):
            indented(value)
