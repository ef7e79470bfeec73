"""The escaping layer: whatever the collection holds, Python reads back the data, never code."""

from __future__ import annotations

import ast
import re
import sys
from types import FunctionType

import black
import pytest
from black.mode import TargetVersion
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.layout import fits
from generator.escaping import comment, docstring, identifier, py_str, toml_str

BLACK = black.Mode(target_versions={TargetVersion.PY310})  # what generated code is formatted with
# Text heavy in what quoting is about
QUOTED = st.text(
    st.sampled_from(["'", '"', "\\", "a", " ", "\n", "\u2028", "\x00", "漢", "\ud800"])
)

HAZARDS = [
    'say "hi"',
    "it's",
    '"""; import os; os.system("touch pwned"); """',
    "back\\slash\\",
    "line\nbreak\r\n",
    "sep\u2028arator\u2029",
    "nul\x00byte",
    "{{ jinja }} {% raw %}",
    "bidi\u202eoverride",
    "lone \ud800 surrogate",
    "emoji 🐍 and 漢字",
    "\\N{BULLET} not an escape",
    "",
]


@pytest.mark.parametrize("text", HAZARDS)
def test_string_literals_read_back_exactly(text: str) -> None:
    assert ast.literal_eval(py_str(text)) == text


@given(st.text() | QUOTED)
def test_any_text_is_a_literal_of_itself(text: str) -> None:
    literal = py_str(text)
    assert "\n" not in literal and "\u2028" not in literal
    assert ast.literal_eval(literal) == text


@given(st.text() | QUOTED)
def test_literals_are_in_double_quotes_unless_single_ones_need_fewer_backslashes(
    text: str,
) -> None:
    single = text.count("'") < text.count('"')
    assert py_str(text)[0] == ("'" if single else '"')


@settings(deadline=None)
@given(st.text() | QUOTED)
def test_black_keeps_a_literal_as_it_is(text: str) -> None:
    """black would change the quotes, or the case of an escape, of any other spelling."""
    line = f"x = {py_str(text)}\n"
    if fits(line.rstrip("\n")):
        assert black.format_str(line, mode=BLACK) == line


# A TOML 1.0 basic string (the spec's ABNF): unescaped characters, and the escapes it has
_TOML_BASIC = re.compile(
    r'"((?:[\t\x20\x21\x23-\x5b\x5d-\x7e\x80-\ud7ff\ue000-\U0010ffff]'
    r'|\\["\\bfnrt]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*)"'
)
_TOML_ESCAPE = re.compile(r'\\(["\\bfnrt]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})')
_TOML_SHORT = {'"': '"', "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def toml_basic_string(literal: str) -> str:
    """The value of a TOML basic string, read as the TOML 1.0 grammar says (a ``\\u`` escape
    is a Unicode scalar value: no surrogate); ValueError for anything else."""
    match = _TOML_BASIC.fullmatch(literal)
    if match is None:
        raise ValueError(f"not a TOML basic string: {literal!r}")

    def unescaped(escape: re.Match[str]) -> str:
        code = escape.group(1)
        if code in _TOML_SHORT:
            return _TOML_SHORT[code]
        value = int(code[1:], 16)
        if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            raise ValueError(f"not a Unicode scalar value: {code}")
        return chr(value)

    return _TOML_ESCAPE.sub(unescaped, match.group(1))


@pytest.mark.parametrize(
    ("literal", "value"),
    [('"a\\\\b"', "a\\b"), ('"\\u00e9\\t\\""', 'é\t"'), ('"\\U0001f40d"', "🐍")],
)
def test_the_toml_reader_of_these_tests_reads_the_spec(literal: str, value: str) -> None:
    assert toml_basic_string(literal) == value


@pytest.mark.parametrize("literal", ['"a"b"', '"\\x41"', '"\\ud800"', '"tab\nbreak"', "'a'"])
def test_the_toml_reader_of_these_tests_refuses_what_toml_refuses(literal: str) -> None:
    with pytest.raises(ValueError):
        toml_basic_string(literal)


@given(st.text(st.characters(exclude_categories=["Cs"])) | QUOTED.filter(str.isprintable))
def test_toml_strings_read_back_exactly(text: str) -> None:
    """TOML's single-quoted strings have no escapes: ``toml_str`` always uses double quotes.
    Read by the TOML grammar on every Python postc supports (3.10 has no ``tomllib``), and
    by ``tomllib`` too where there is one."""
    literal = toml_str(text)
    assert literal[0] == '"' and "\n" not in literal
    assert toml_basic_string(literal) == text
    if sys.version_info >= (3, 11):
        import tomllib

        assert tomllib.loads(f"x = {literal}")["x"] == text


def docstring_of(text: str) -> str | None:
    namespace: dict[str, object] = {}
    source = f'def f() -> None:\n    """{docstring(text)}"""\n'
    exec(compile(source, "<docstring>", "exec"), namespace)  # the generated shape, nothing else
    function = namespace["f"]
    return getattr(function, "__doc__", None)


@pytest.mark.parametrize("text", HAZARDS[:-1])
def test_docstrings_cannot_be_closed_early(text: str) -> None:
    """The whole text is the docstring, and the function's body is the docstring alone: a
    docstring closed early keeps some text and turns the rest into code (``os.system``)."""
    namespace: dict[str, object] = {}
    source = f'def f() -> None:\n    """{docstring(text)}"""\n'
    exec(compile(source, "<docstring>", "exec"), namespace)  # defines f, runs none of its body
    function = namespace["f"]
    assert isinstance(function, FunctionType)
    assert function.__doc__ == "\n".join(line.rstrip() for line in text.strip().splitlines())
    assert function.__code__.co_names == ()  # its body reads no name: nothing to run
    assert set(namespace) == {"__builtins__", "f"}


@given(st.text(st.characters(exclude_categories=["Cs"])))
def test_docstrings_read_back_their_text(text: str) -> None:
    expected = "\n".join(line.rstrip() for line in text.strip().splitlines())
    assert docstring_of(text) == expected


def test_comments_are_one_line() -> None:
    assert comment("a\nb\u2028c\x00d") == "a b c d"


@pytest.mark.parametrize("bad", ["class", "a b", "1x", "", "x-y"])
def test_identifier_refuses_anything_unsafe(bad: str) -> None:
    with pytest.raises(ValueError):
        identifier(bad)


def test_identifier_accepts_identifiers() -> None:
    assert identifier("job_details") == "job_details"
    assert identifier("имя") == "имя"


def test_a_quote_inside_a_docstring_stays_as_written() -> None:
    """Only quotes that could close the docstring are escaped: a reader sees "verbs", not
    \\"verbs\\"."""
    assert docstring('HTTP has "verbs", such as GET') == 'HTTP has "verbs", such as GET'
    assert docstring('say """hi""" now') == 'say \\"\\"\\"hi\\"\\"\\" now'
    assert docstring('ends with "x"') == 'ends with "x\\"'
    assert docstring('two at the end ""') == 'two at the end \\"\\"'
    for text in ('HTTP has "verbs"', 'say """hi"""', 'a ""', '"'):
        assert docstring_of(text) == text
