"""The escaping layer: whatever the collection holds, Python reads back the data, never code."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.escaping import comment, docstring, identifier, py_str

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


@given(st.text())
def test_any_text_is_a_literal_of_itself(text: str) -> None:
    literal = py_str(text)
    assert "\n" not in literal and "\u2028" not in literal
    assert ast.literal_eval(literal) == text


def docstring_of(text: str) -> str | None:
    namespace: dict[str, object] = {}
    source = f'def f() -> None:\n    """{docstring(text)}"""\n'
    exec(compile(source, "<docstring>", "exec"), namespace)  # the generated shape, nothing else
    function = namespace["f"]
    return getattr(function, "__doc__", None)


@pytest.mark.parametrize("text", HAZARDS[:-1])
def test_docstrings_cannot_be_closed_early(text: str) -> None:
    doc = docstring_of(text)
    assert doc is not None
    assert "pwned" not in doc or "touch pwned" in doc  # the payload stays text


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
