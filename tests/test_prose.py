"""HTML in descriptions made plain for docstrings (generator/emit/prose.py)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.emit.prose import paragraphs, plain
from tests.conftest import CORPUS


def test_a_table_becomes_rows_of_cells() -> None:
    text = (
        "You can patch these:<table><thead><tr><th>Attribute</th><th>Operations</th></tr>"
        "</thead><tbody><tr><td><code>description</code></td><td>add, replace</td></tr>"
        "<tr><td><code>category</code></td><td>remove</td></tr></tbody></table>"
    )
    assert plain(text) == (
        "You can patch these:\n\n"
        "Attribute | Operations\n"
        "`description` | add, replace\n"
        "`category` | remove"
    )


def test_paragraphs_breaks_lists_and_entities() -> None:
    text = "<p>First &amp; foremost.</p><p>Then:<br/>a line<ul><li>one</li><li>two</li></ul></p>"
    assert plain(text) == "First & foremost.\n\nThen:\na line\n\n- one\n- two"
    assert plain("a&nbsp;b<br>c") == "a b\nc"  # no \u00a0 in the docstring


def test_links_keep_their_address() -> None:
    text = 'See <a href="https://example.com/docs">the docs</a> or <a href="https://x.y">https://x.y</a>.'
    assert plain(text) == "See the docs (https://example.com/docs) or https://x.y."


def test_emphasis_is_dropped_and_the_text_kept() -> None:
    assert plain("A <b>bold</b>, <em>stressed</em> <STRONG>word</STRONG>.") == (
        "A bold, stressed word."
    )


def test_angle_brackets_that_are_no_known_tag_stay() -> None:
    assert plain("GET /users/<user_id> with <code>limit</code>") == (
        "GET /users/<user_id> with `limit`"
    )
    assert plain("a <custom x='1'>b</custom> <br>c") == "a <custom x='1'>b</custom>\nc"


def test_text_without_html_keeps_its_markdown() -> None:
    text = "Markdown **stays**, &amp; stays, <id> stays,\n\n  and so does indentation."
    assert plain(text) == text
    assert plain("one line, as written ") == "one line, as written "


PIECES = [*"ab <>/&;#\"'=\n", "<p>", "</p>", "<td>", "</tr>", "<a href=", "</a>", "&amp;", "<!--"]


@given(st.lists(st.sampled_from(PIECES)).map("".join))
def test_any_text_gives_text_without_markers(text: str) -> None:
    """Whatever the tags, balanced or not: no exception, and no marker left behind."""
    assert "\0" not in plain(text)


def test_the_lines_of_a_paragraph_are_joined() -> None:
    text = "Retrieves a thumbnail of\na file, in the sizes\n  listed below.\n\n\nSecond\nparagraph."
    assert plain(text) == (
        "Retrieves a thumbnail of a file, in the sizes listed below.\n\nSecond paragraph."
    )


def test_lines_markdown_lays_out_on_their_own_stay_lines() -> None:
    text = (
        "# Heading\n"
        "Intro text\n"
        "goes on:\n"
        "- one\n"
        "  continued\n"
        "* two\n"
        "1. first\n"
        "2) second\n"
        "> quoted\n"
        "| a | b |\n"
        "|---|---|\n"
        "| 1 | 2 |\n"
        "Ends with a hard break  \n"
        "and a backslash\\\n"
        "next\n"
        "***\n"
        "after the rule"
    )
    assert paragraphs(text).splitlines() == [
        "# Heading",
        "Intro text goes on:",
        "- one continued",
        "* two",
        "1. first",
        "2) second",
        "> quoted",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
        "Ends with a hard break",
        "and a backslash\\",
        "next",
        "***",
        "after the rule",
    ]


def test_code_blocks_are_copied_line_by_line() -> None:
    text = (
        'Send this:\n\n```json\n{\n  "a": 1\n}\n```\nthen\nthis:\n\n'
        "    indented code\n    more code\n\n<pre>x = 1\ny = 2</pre>"
    )
    assert plain(text) == (
        'Send this:\n\n```json\n{\n  "a": 1\n}\n```\nthen this:\n\n'
        "    indented code\n    more code\n\nx = 1\ny = 2"
    )


def test_a_paragraph_written_in_html_and_markdown_lines() -> None:
    assert plain("<p>First\nline and\nmore</p><p>Second<br>line</p>") == (
        "First line and more\n\nSecond\nline"
    )


def test_a_ragged_corpus_description_reads_as_paragraphs() -> None:
    """Box's "Restore folder": markdown wrapped by hand at about 70 columns, with a heading."""
    path = CORPUS / "box__box-postman__box-collection.json"
    if not path.is_file():
        pytest.skip(f"the corpus is missing ({CORPUS}); it comes with ../shared")
    document = json.loads(path.read_text("utf-8"))
    found = _find(document["item"], "Restore folder")
    description = found["request"]["description"]["content"]
    assert description.count("\n") == 9  # the ragged original
    assert plain(description) == (
        "Restores a folder that has been moved to the trash.\n\n"
        "# Folder locking\n\n"
        "During this operation, part of the file tree will be locked, mainly the source folder"
        " and all of its descendants, as well as the destination folder.\n\n"
        "For the duration of the operation, no other move, copy, delete, or restore operation"
        " can performed on any of the locked folders."
    )


def _find(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    for item in items:
        if item.get("name") == name and "request" in item:
            return item
        if "item" in item:
            with contextlib.suppress(LookupError):
                return _find(item["item"], name)
    raise LookupError(name)
