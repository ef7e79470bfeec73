"""The collection's text with recorded examples (generator/record/splice.py): only the
``response`` arrays change, laid out like the document; everything else byte-for-byte."""

from __future__ import annotations

import codecs
import csv
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.ir import JsonValue
from generator.loader import load_collection
from generator.record.spans import scan
from generator.record.splice import RECORDED_MARKER, CollectionText
from tests.conftest import collection_doc, request_item

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def recorded(body: str, name: str = "recorded 200") -> dict[str, JsonValue]:
    return {"name": name, RECORDED_MARKER: True, "code": 200, "body": body}


def collection() -> dict[str, Any]:
    return {
        "info": {"name": "é \u2028", "schema": SCHEMA},
        "item": [
            {"name": "a", "request": "http://x/a"},
            {
                "name": "f",
                "item": [
                    {
                        "name": "b",
                        "request": "http://x/b",
                        "response": [
                            {"name": "recorded 200"},
                            {"name": "recorded 200", RECORDED_MARKER: False},
                        ],
                    },
                    {"name": "c", "request": "http://x/c", "response": []},
                ],
            },
        ],
    }


def spliced(text: str, examples: dict[str, list[JsonValue]]) -> str:
    return CollectionText.parse(text.encode(), "c.json").with_examples(examples).decode()


@pytest.mark.parametrize("indent", [None, 2, 4, "\t"])
def test_examples_are_laid_out_like_the_document(indent: int | str | None) -> None:
    doc = collection()
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    paths = ["item[0]", "item[1].item[0]", "item[1].item[1]"]
    got = spliced(text, {path: [recorded("{}")] for path in paths})
    for item in (doc["item"][0], *doc["item"][1]["item"]):
        item.setdefault("response", []).append(recorded("{}"))
    assert got == json.dumps(doc, indent=indent, ensure_ascii=False)


def test_crlf_bom_and_escapes_are_kept() -> None:
    text = json.dumps(collection(), indent=2).replace("\n", "\r\n")  # ASCII with \u escapes
    data = codecs.BOM_UTF8 + text.encode()
    got = CollectionText.parse(data, "c.json").with_examples({"item[0]": [recorded("é")]})
    assert got.startswith(codecs.BOM_UTF8) and b"\n" not in got.replace(b"\r\n", b"")
    assert b"\\u00e9" in got and "é".encode() not in got


def test_a_recorded_example_replaces_its_own_never_a_hand_saved_one() -> None:
    text = json.dumps(collection(), indent=2)
    first = spliced(text, {"item[1].item[0]": [recorded("one")]})
    second = spliced(first, {"item[1].item[0]": [recorded("two"), recorded("x", "recorded 404")]})
    responses = json.loads(second)["item"][1]["item"][0]["response"]
    assert responses == [
        {"name": "recorded 200"},  # hand-saved, same name: kept in place
        {"name": "recorded 200", RECORDED_MARKER: False},
        recorded("two"),
        recorded("x", "recorded 404"),
    ]


def test_the_wrapped_form_and_requests_are_read_by_the_loaders_paths() -> None:
    text = json.dumps({"collection": collection()})
    parsed = CollectionText.parse(text.encode(), "c.json")
    assert parsed.request("item[1].item[0]") == "http://x/b"
    assert json.loads(parsed.with_examples({"item[0]": [recorded("")]}))["collection"]["item"][0][
        "response"
    ] == [recorded("")]


@pytest.mark.parametrize("data", [b"{", b'{"a": 1,}', b"\xff\xfe\x00", b'{"a" 1}', b"[] x"])
def test_bad_text_is_an_input_error_naming_the_file(data: bytes) -> None:
    with pytest.raises(InputError) as raised:
        CollectionText.parse(data, "bad.json")
    assert str(raised.value).startswith("bad.json: ")


def test_an_unknown_item_is_an_input_error() -> None:
    parsed = CollectionText.parse(json.dumps(collection()).encode(), "c.json")
    with pytest.raises(InputError):
        parsed.request("item[7]")


# --- the property: only the response arrays change ------------------------------------

names = st.text(st.characters(codec="utf-8"), max_size=6)
leaves = st.builds(
    lambda name, has: (
        {"name": name, "request": "http://x/" + name}
        | ({"response": [{"name": "recorded 200"}]} if has else {})
    ),
    names,
    st.booleans(),
)
trees = st.recursive(
    leaves,
    lambda children: st.builds(
        lambda n, i: {"name": n, "item": i}, names, st.lists(children, max_size=3)
    ),
    max_leaves=8,
)
spaces = st.sampled_from(["", " ", "\n", "\t", "\r\n  "])


def _requests(items: list[Any], path: str) -> list[str]:
    found = []
    for index, item in enumerate(items):
        here = f"{path}.item[{index}]" if path else f"item[{index}]"
        found += _requests(item["item"], here) if "item" in item else [here]
    return found


def _odd(value: Any, space: str) -> str:
    """``value`` as JSON with ``space`` around every token."""
    if isinstance(value, dict):
        members = [
            f"{space}{json.dumps(k)}{space}:{space}{_odd(v, space)}" for k, v in value.items()
        ]
        return "{" + ",".join(members) + space + "}"
    if isinstance(value, list):
        return "[" + ",".join(space + _odd(v, space) for v in value) + space + "]"
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(trees, min_size=1, max_size=4), spaces, st.data())
def test_only_the_changed_response_arrays_differ(items: list[Any], space: str, data: Any) -> None:
    doc = {"info": {"name": "p", "schema": SCHEMA}, "item": items}
    text = _odd(doc, space)
    endpoints = _requests(items, "")
    if not endpoints:
        return
    chosen = data.draw(st.lists(st.sampled_from(endpoints), unique=True, min_size=1))
    got = spliced(text, {path: [recorded(path)] for path in chosen})
    expected = json.loads(text)
    for path in chosen:
        _at(expected, path).setdefault("response", []).append(recorded(path))
    assert json.loads(got) == expected
    assert _outside_responses(got, chosen) == _outside_responses(text, chosen)


def _outside_responses(text: str, paths: list[str]) -> str:
    """``text`` without the ``response`` members (key to value) of the items at ``paths``."""
    root = scan(text, "t")
    cuts = []
    for path in paths:
        item = root.at_path(path)
        assert item is not None
        for index, (key, start, _, value) in enumerate(item.members):
            if key == "response":
                before = item.members[index - 1][3].end if index else start
                cuts.append((before, value.end))
    for start, end in sorted(cuts, reverse=True):
        text = text[:start] + text[end:]
    return text


@pytest.mark.skipif(
    not (CORPUS / "MANIFEST.tsv").is_file(), reason="../shared/corpus is not available"
)
def test_every_v2_corpus_collection_gains_examples_and_keeps_every_other_byte() -> None:
    """Three items of each (first, middle, last, by the loader's paths) get an example: the
    file parses to the collection plus those examples, and no other byte moves."""
    with (CORPUS / "MANIFEST.tsv").open(newline="") as manifest:
        rows = [r for r in csv.DictReader(manifest, delimiter="\t") if r["schema_version"] in V2]
    assert len(rows) > 20
    for row in rows:
        data = (CORPUS / row["file"]).read_bytes()
        paths = [e.json_path for e in load_collection(CORPUS / row["file"]).endpoints()]
        chosen = sorted({paths[0], paths[len(paths) // 2], paths[-1]})
        parsed = CollectionText.parse(data, row["file"])
        got = parsed.with_examples({path: [recorded(path)] for path in chosen}).decode("utf-8-sig")
        text = data.decode("utf-8-sig")
        assert _outside_responses(got, chosen) == _outside_responses(text, chosen), row["file"]
        expected = json.loads(text)
        root = _root(expected)
        for path in chosen:
            item = _at(root, path)
            responses = item.get("response")
            item["response"] = [*(responses if isinstance(responses, list) else ()), recorded(path)]
        assert json.loads(got) == expected, row["file"]


V2 = frozenset({"v2.0", "v2.1"})


def _root(doc: Any) -> Any:
    return doc["collection"] if "collection" in doc and "item" not in doc else doc


def _at(root: Any, path: str) -> Any:
    item = root
    for part in path.split("."):
        item = item["item"][int(part[5:-1])]
    return item


def test_a_null_response_becomes_the_array_and_utf16_stays_utf16() -> None:
    doc = collection()
    doc["item"][0] = {"name": "a", "response": None, "request": "http://x/a"}
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    got = CollectionText.parse(data, "c.json").with_examples({"item[0]": [recorded("")]})
    assert got.startswith(codecs.BOM_UTF16_LE)
    doc["item"][0]["response"] = [recorded("")]
    assert got[2:].decode("utf-16-le") == json.dumps(doc, indent=2, ensure_ascii=False)


def test_the_text_is_spliced_in_linear_time() -> None:
    """20,000 items each gaining an example: about half a second of CPU; 25 s when each edit
    copied the whole text (a collection of that size is no rarity to record)."""
    items = [request_item(f"r{i}", url=f"https://a.example/r/{i}") for i in range(20_000)]
    data = json.dumps(collection_doc(*items), indent=2).encode()
    text = CollectionText.parse(data, "c.json")
    example: JsonValue = {"name": "recorded 200", "code": 200}
    examples = {f"item[{i}]": [example] for i in range(20_000)}
    started = time.process_time()
    spliced = text.with_examples(examples)
    assert time.process_time() - started < 5
    assert json.loads(spliced)["item"][19_999]["response"] == [
        {"name": "recorded 200", "code": 200}
    ]
