"""HTML in descriptions made plain for docstrings (generator/emit/prose.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.emit.prose import plain


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


def test_text_without_html_is_left_exactly_as_written() -> None:
    text = "Markdown **stays**, &amp; stays, <id> stays,\n\n  and so does indentation."
    assert plain(text) is text


PIECES = [*"ab <>/&;#\"'=\n", "<p>", "</p>", "<td>", "</tr>", "<a href=", "</a>", "&amp;", "<!--"]


@given(st.lists(st.sampled_from(PIECES)).map("".join))
def test_any_text_gives_text_without_markers(text: str) -> None:
    """Whatever the tags, balanced or not: no exception, and no marker left behind."""
    assert "\0" not in plain(text)
