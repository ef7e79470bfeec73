"""Headers and urlencoded fields in every shape the SDK accepts."""

from __future__ import annotations

import pytest

from generator.ir import Diagnostic, Param
from generator.loader.params import content_type, parse_headers, parse_urlencoded


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (
            [{"key": "A", "value": "1"}, {"key": "a", "value": "2", "disabled": True}],
            (Param("A", "1"), Param("a", "2", disabled=True)),
        ),
        ("A: 1\r\nB: two words \nnot a header\n", (Param("A", "1"), Param("B", "two words"))),
        (["A: 1", "B:2"], (Param("A", "1"), Param("B", "2"))),
        ({"A": "1", "N": 5}, (Param("A", "1"), Param("N", "5"))),
        (
            [{"key": "X", "value": "1"}, {"key": "X", "value": "2"}],
            (Param("X", "1"), Param("X", "2")),
        ),
        ([{"key": "E", "value": "v", "enabled": False}], (Param("E", "v", disabled=True),)),
        ([{"key": "D", "description": {"content": "docs"}}], (Param("D", None, "docs"),)),
        ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n", (Param("Content-Type", "text/plain"),)),
        (None, ()),
    ],
    ids=[
        "objects",
        "string",
        "string-list",
        "map",
        "repeated",
        "enabled-false",
        "description",
        "status-line",
        "none",
    ],
)
def test_header_shapes(node: object, expected: tuple[Param, ...]) -> None:
    assert parse_headers(node, "h", []) == expected


def test_headers_without_a_name_are_dropped() -> None:
    assert parse_headers([{"key": "", "value": "x"}, {"value": "y"}], "h", []) == ()


def test_a_non_list_header_value_is_a_warning() -> None:
    warnings: list[Diagnostic] = []
    assert parse_headers(42, "item[0].request.header", warnings) == ()
    assert warnings == [
        Diagnostic("item[0].request.header", "expected a list or a string of headers, ignored")
    ]


def test_urlencoded_from_string_and_list() -> None:
    assert parse_urlencoded("a=1&b=x+y&c", "b", []) == (
        Param("a", "1"),
        Param("b", "x y"),
        Param("c", None),
    )
    assert parse_urlencoded([{"key": "a", "value": 1}], "b", []) == (Param("a", "1"),)


def test_content_type_takes_the_last_enabled_header_without_parameters() -> None:
    headers = (
        Param("Content-Type", "text/plain"),
        Param("content-type", "Application/JSON; charset=utf-8"),
        Param("Content-Type", "text/xml", disabled=True),
    )
    assert content_type(headers) == "application/json"
