"""Lenient parsing of the JSON texts inside a collection (example and raw bodies)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.ir import JsonDocument
from generator.loader.lenient_json import looks_like_json, parse_json_text, strip_json_comments


def parsed(text: str, *repairs: str) -> Any:
    """The value of ``text``, checked to parse with exactly ``repairs``."""
    document = parse_json_text(text)
    assert document.parsed, document.error
    assert document.repairs == repairs
    assert document.text == text
    return document.value


def failure(text: str) -> str:
    document = parse_json_text(text)
    assert not document.parsed and document.value is None and document.error
    return document.error


# --- strict JSON -----------------------------------------------------------------------------


def test_strict_json_takes_the_fast_path() -> None:
    assert parse_json_text('{"id": 1}') == JsonDocument('{"id": 1}', parsed=True, repairs=())
    assert parsed('{\n  "id": 1,\n  "tags": ["a"]\n}') == {"id": 1, "tags": ["a"]}


def test_null_is_a_parsed_value() -> None:
    assert parse_json_text("null") == JsonDocument("null", parsed=True)


def test_big_integers_are_exact() -> None:
    assert parsed(f'{{"id": {2**64 + 1}, "n": -{10**30}}}') == {"id": 2**64 + 1, "n": -(10**30)}


def test_200_levels_of_nesting_parse() -> None:
    value = parsed("[" * 200 + "]" * 200)
    for _ in range(199):
        assert isinstance(value, list) and len(value) == 1
        value = value[0]
    assert value == []


def test_duplicate_keys_last_wins() -> None:
    assert parsed('{"a": 1, "a": 2}') == {"a": 2}


# --- repairs ---------------------------------------------------------------------------------


def test_a_bom() -> None:
    assert parsed('\ufeff{"a": 1}', "bom") == {"a": 1}


@pytest.mark.parametrize(
    "text",
    ['callback({"a": 1})', '/**/ callback({"a": 1});', '/**/jQuery_123.cb ( {"a": 1} ) ;\n'],
)
def test_a_jsonp_wrapper(text: str) -> None:
    assert parsed(text, "jsonp") == {"a": 1}


def test_line_and_block_comments() -> None:
    text = '// list\n{\n  "a": 1, // one\n  /* two,\n  lines */ "b": 2\n}\n/* end */'
    assert parsed(text, "comments") == {"a": 1, "b": 2}


def test_comment_markers_inside_strings_are_kept() -> None:
    text = '{"url": "http://x.org/*a*/", "q": "say \\"//\\" here", "e": "\\\\"} // c'
    assert parsed(text, "comments") == {"url": "http://x.org/*a*/", "q": 'say "//" here', "e": "\\"}


def test_trailing_commas() -> None:
    text = '{"a": [1, 2, ], "b": {"c": 3,\n},}'
    assert parsed(text, "trailing-commas") == {"a": [1, 2], "b": {"c": 3}}


def test_trailing_commas_across_comments() -> None:
    assert parsed("[1, /* more */\n // later\n]", "comments", "trailing-commas") == [1]


def test_a_comma_inside_a_string_is_kept() -> None:
    assert parsed('["a,]", "b",]', "trailing-commas") == ["a,]", "b"]


def test_every_repair_at_once_in_order() -> None:
    text = '\ufeff/**/ cb({\n  // id\n  "id": 1,\n});'
    assert parsed(text, "bom", "jsonp", "comments", "trailing-commas") == {"id": 1}


@pytest.mark.parametrize("text", ["[,]", "{,}", "[1,,]"])
def test_a_comma_after_no_value_is_not_a_trailing_comma(text: str) -> None:
    assert failure(text)


# --- what cannot be parsed -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n", "// nothing but a comment\n"])
def test_empty_text(text: str) -> None:
    assert failure(text) == "empty"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            '{"id": 1, "name": "Rex',
            "line 1, column 19: the text ends inside this string (truncated JSON?)",
        ),
        ('{"id": 1,\n "tags": [', "line 2, column 11: unexpected end of text (truncated JSON?)"),
        ("<html></html>", "line 1, column 1: not JSON: expected '{' or '[', found '<'"),
        ("[NaN]", "line 1, column 2: NaN is not a JSON value"),
        ('{"a": -Infinity}', "line 1, column 7: -Infinity is not a JSON value"),
        ("[" + "1" * 5000 + "]", "line 1, column 2: integer with too many digits to read"),
    ],
)
def test_unparseable_text_says_why_and_where(text: str, error: str) -> None:
    assert failure(text) == error


def test_errors_after_repairs_point_into_the_original_text() -> None:
    text = '\ufeff{\n  /* a\n  b */ "a": 1 // x\n  "b": 2,\n}'
    assert failure(text) == "line 4, column 3: expected ',' or '}', found '\"'"


def test_too_deep_nesting_is_not_parsed() -> None:
    assert failure("[" * 100_000 + "]" * 100_000) == "nested deeper than 900 levels"


# --- strip_json_comments and looks_like_json -------------------------------------------------


def test_strip_json_comments_removes_only_comments() -> None:
    text = '{"a": "//x\\" /*y*/", // c\r\n "b": /* z */ 2,\r\n}'
    assert strip_json_comments(text) == '{"a": "//x\\" /*y*/", \r\n "b":  2,\r\n}'


def test_an_unclosed_block_comment_runs_to_the_end() -> None:
    assert strip_json_comments('{"a": 1} /* open') == '{"a": 1} '


def test_a_lone_slash_is_not_a_comment() -> None:
    assert strip_json_comments("[1 / 2]") == "[1 / 2]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{}", True),
        ("  \n[1]", True),
        ('\ufeff {"a": 1}', True),
        ('"a"', False),
        ("", False),
        ("   ", False),
        ("<html>", False),
        ("cb({})", False),
        ("1", False),
    ],
)
def test_looks_like_json(text: str, expected: bool) -> None:
    assert looks_like_json(text) is expected


# --- linear time -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ('["' + '\\"' * 500_000 + '", 1,] // c', 2),  # escapes: no rescanning of the string
        ("[" + "1, /* c */ " * 100_000 + "]", 100_000),  # many comments and commas
        ("[" + "1," + " " * 1_000_000 + "]", 1),  # a long run of whitespace before a closer
        ('"' + "//" * 500_000, None),  # an unterminated string full of comment markers
    ],
)
def test_pathological_inputs_are_handled(text: str, length: int | None) -> None:
    """Inputs that a backtracking scanner would take minutes on (bench times them)."""
    document = parse_json_text(text)
    assert document.parsed == (length is not None)
    if length is not None:
        assert isinstance(document.value, list) and len(document.value) == length
    assert strip_json_comments(text).count("/*") == 0


# --- properties ------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
JSONISH = st.text(alphabet='{}[]",:/*\\ \n\ufeff0123456789.eE+-truefalsnNaIiy()$;', max_size=60)


@given(st.text() | JSONISH)
def test_parse_json_text_never_raises(text: str) -> None:
    document = parse_json_text(text)
    assert document.parsed or document.error


@given(json_values)
def test_any_dumped_value_parses_strictly(value: Any) -> None:
    document = parse_json_text(json.dumps(value, indent=2))
    assert document.parsed and document.value == value and document.repairs == ()


LINE_COMMENT_TEXT = st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=10)
BLOCK_COMMENT_TEXT = st.text(max_size=10).filter(lambda text: "*/" not in text)


class Decorator:
    """Renders a value as JSON with comments and trailing commas drawn at random."""

    def __init__(self, data: st.DataObject, *, trailing_commas: bool = True) -> None:
        self.data = data
        self.trailing_commas = trailing_commas
        self.repairs: set[str] = set()

    def gap(self) -> str:
        kind = self.data.draw(st.sampled_from(["", " ", "\n", "line", "block"]))
        if kind == "line":
            self.repairs.add("comments")
            return f"//{self.data.draw(LINE_COMMENT_TEXT)}\n"
        if kind == "block":
            self.repairs.add("comments")
            return f"/*{self.data.draw(BLOCK_COMMENT_TEXT)}*/"
        return kind

    def trailing_comma(self, container: list[Any] | dict[str, Any]) -> str:
        if self.trailing_commas and container and self.data.draw(st.booleans()):
            self.repairs.add("trailing-commas")
            return "," + self.gap()
        return ""

    def render(self, value: Any) -> str:
        if isinstance(value, list):
            items = [self.gap() + self.render(item) + self.gap() for item in value]
            return "[" + ",".join(items) + self.trailing_comma(value) + "]"
        if isinstance(value, dict):
            members = [
                f"{self.gap()}{json.dumps(key)}{self.gap()}:{self.gap()}{self.render(item)}{self.gap()}"
                for key, item in value.items()
            ]
            return "{" + ",".join(members) + self.trailing_comma(value) + "}"
        return json.dumps(value)


@given(json_values, st.data())
def test_comments_and_trailing_commas_are_forgiven(value: Any, data: st.DataObject) -> None:
    decorator = Decorator(data)
    text = decorator.gap() + decorator.render(value) + decorator.gap()
    expected = tuple(name for name in ("comments", "trailing-commas") if name in decorator.repairs)
    assert parsed(text, *expected) == value


@given(json_values, st.data())
def test_stripping_comments_leaves_the_json_postman_sends(value: Any, data: st.DataObject) -> None:
    decorator = Decorator(data, trailing_commas=False)
    text = decorator.render(value)
    assert json.loads(strip_json_comments(text)) == value


@given(json_values.map(json.dumps) | st.text().filter(lambda text: "/" not in text))
def test_strip_json_comments_is_identity_without_comments(text: str) -> None:
    assert strip_json_comments(text) == text
