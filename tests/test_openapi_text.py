"""``postc generate`` writes ``openapi.json`` from remembered parts (``generator.json_layout``):
the bytes must be ``json.dumps(document, indent=2, ensure_ascii=False)``'s, whatever the
memo holds, and a part is looked up only under the digest of its exact compact text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.cache import prune, store
from generator.json_layout import MEMO_FORM, SMALL, LayoutMemo, document_text


def reference(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def large(value: Any) -> dict[str, Any]:
    """``value`` in a part long enough to be looked up in the memo, not written directly."""
    return {"value": value, "padding": "p" * SMALL}


def odd_document() -> dict[str, Any]:
    """Escapes, line breaks inside strings, non-ASCII keys, empty containers at every level
    of the layout, numbers of every kind, lists of objects."""
    strange = 'line\nbreak "quoted" \\ back \t tab \u2028 sep é 𝄞 \ud800 lone'
    return {
        "openapi": "3.1.0",
        "info": {"title": strange, "x-empty": {}, "x-list": []},
        "servers": [{"url": "https://a.example", "variables": {}}],
        "paths": {
            "/users/{id}": {
                "get": large({"description": strange, "n": [1, 1.5, -0.0, 1e300, True, None]}),
                "parameters": [],
                "x-nested": {"deeper": {"deepest": [{}, [], {"k": "v"}]}},
            },
            "/é/\n": {},
            strange: {"post": {}},
        },
        "components": {"schemas": {"Ünïcode": large([{"a": {}}, [[]]]), "Empty": {}}},
        "x-top": [],
    }


@pytest.mark.parametrize(
    "document",
    [odd_document(), {}, [], "text", 1, None, {"a": {"b": {"c": {"d": {}}}}}],
    ids=["odd", "empty-object", "list", "string", "number", "null", "nested"],
)
def test_the_text_is_the_encoders_cold_and_warm(document: Any) -> None:
    memo = LayoutMemo()
    assert document_text(document, memo) == reference(document)
    warm = LayoutMemo()
    warm.known = dict(memo.used)
    assert document_text(document, warm) == reference(document)
    assert warm.used == memo.used


def test_a_part_is_remembered_under_its_exact_text_not_what_compares_equal() -> None:
    """1, 1.0 and True are equal in Python and differ in JSON; key order is part of the text."""
    memo = LayoutMemo()
    for value in (1, 1.0, True, {"a": 1, "b": 2}, {"b": 2, "a": 1}, "x", "y"):
        document = {"paths": {"/p": {"get": large(value)}}}
        assert document_text(document, memo) == reference(document)
        memo.known = dict(memo.used)  # every earlier part remembered for the next


def test_a_changed_operation_is_written_again_beside_remembered_ones() -> None:
    """The one-request change: the memo holds every part of the previous document."""
    before = {"paths": {f"/p{n}": {"get": large({"n": n})} for n in range(5)}}
    memo = LayoutMemo()
    document_text(before, memo)
    after = json.loads(json.dumps(before))
    after["paths"]["/p3"]["get"]["value"]["extra"] = "field"
    warm = LayoutMemo()
    warm.known = dict(memo.used)
    assert document_text(after, warm) == reference(after)
    assert len(set(warm.used) - set(memo.used)) == 1  # the others were found


def test_the_memo_survives_a_run_through_the_cache(tmp_path: Path) -> None:
    collection = tmp_path / "c.json"
    document = odd_document()
    first = LayoutMemo.of(collection)
    document_text(document, first)
    first.save()
    again = LayoutMemo.of(collection)
    assert again.known == first.used and again.known
    assert document_text(document, again) == reference(document)


@pytest.mark.parametrize(
    "content",
    [b"not json", json.dumps(["another-form", {}]).encode(), json.dumps([MEMO_FORM, []]).encode()],
    ids=["not-json", "another-form", "not-an-object"],
)
def test_an_unreadable_memo_is_empty(tmp_path: Path, content: bytes) -> None:
    collection = tmp_path / "c.json"
    memo = LayoutMemo.of(collection)
    assert memo.path is not None
    store(memo.path, content)
    assert LayoutMemo.of(collection).known == {}


def test_the_memo_is_pruned_with_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One entry per collection ever generated: it must go when the cache is over its limit."""
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "cache"))
    memo = LayoutMemo.of(tmp_path / "c.json")
    document_text(odd_document(), memo)
    memo.save()
    assert memo.path is not None and memo.path.is_file()
    assert prune(limit=0) == 1
    assert not memo.path.exists()


def test_a_remembered_text_that_is_not_the_part_is_written_again() -> None:
    """What the cache holds becomes openapi.json: an entry whose text says something else
    than its part (edited, or planted with a valid seal) is not used."""
    document = {"paths": {"/p": {"get": large("right")}}}
    memo = LayoutMemo()
    document_text(document, memo)
    (key,) = memo.used
    for planted in (reference({"value": "wrong", "padding": "p" * SMALL}), "not json", "1"):
        warm = LayoutMemo()
        warm.known = {key: planted}
        assert document_text(document, warm) == reference(document)
