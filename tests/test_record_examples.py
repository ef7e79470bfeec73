"""The recorded example (generator/record/examples.py): its form, the header subset, the
secrets it must not hold, and how large bodies are cut (docs/record-examples.md)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir import JsonValue
from generator.record.cut import cut_json, cut_text, size
from generator.record.examples import recorded_example
from generator.record.exchange import Outgoing, Received
from generator.record.splice import RECORDED_MARKER

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "postman-schema"
TOKEN = "tok3nV4lue5ecretXyZ"
PASSWORD = "hunter2pass"
ODD = 'p@ss w/rd"1+\\é'  # a password every spelling writes differently
BASIC = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
REQUEST: Any = {
    "method": "GET",
    "header": [
        {"key": "Authorization", "value": "Bearer {{token}}"},
        {"key": "X-Api-Key", "value": "literalKey123456"},
        {"key": "Accept", "value": "application/json"},
    ],
    "url": {
        "raw": "https://api.example.com/users?api_key=qk9Secret77&page=2",
        "host": ["api", "example", "com"],
        "path": ["users"],
        "query": [{"key": "api_key", "value": "qk9Secret77"}, {"key": "page", "value": "2"}],
    },
    "auth": {"type": "basic", "basic": [{"key": "password", "value": PASSWORD}]},
}
OUTGOING = Outgoing(
    "item[0]", "GET", "https://api.example.com/users", credentials=(TOKEN, BASIC, PASSWORD)
)


def record(*arguments: Any, **options: Any) -> Any:
    """``recorded_example``, its result as loosely typed as the JSON it is."""
    return recorded_example(*arguments, **options)


def received(body: bytes, content_type: str | None = "application/json", **extra: str) -> Received:
    headers = [("Content-Type", content_type)] if content_type else []
    headers += list(extra.items())
    return Received(200, "OK", tuple(headers), body, "https://api.example.com/users", 0.25)


def example_text(body: bytes, content_type: str | None = "application/json") -> str:
    return json.dumps(record(REQUEST, OUTGOING, received(body, content_type)))


def test_the_example_is_a_marked_postman_response_without_per_request_values() -> None:
    got = record(REQUEST, OUTGOING, received(b'{"id": 1}', Date="Mon", ETag='"x"'))
    assert got["name"] == "recorded 200" and got[RECORDED_MARKER] is True
    assert (got["code"], got["status"], got["_postman_previewlanguage"]) == (200, "OK", "json")
    assert got["body"] == '{"id": 1}'  # the API's own text when nothing changes
    assert got["header"] == [{"key": "Content-Type", "value": "application/json"}]
    assert "responseTime" not in got


def test_headers_keep_only_the_stable_safe_subset() -> None:
    extra = {
        "Set-Cookie": "sid=abc",
        "Authorization": "x",
        "X-Auth-Token": "y",
        "Content-Length": "9",
        "Content-Encoding": "gzip",
        "Transfer-Encoding": "chunked",
        "Date": "Mon",
        "X-Request-Id": "r1",
        "X-RateLimit-Remaining": "9",
        "X-RateLimit-Limit": "10",
        "Link": f'<https://api.example.com/users?page=3&token={TOKEN}>; rel="next"',
    }
    got = record(REQUEST, OUTGOING, received(b"{}", **extra))
    assert [h["key"] for h in got["header"]] == ["Content-Type", "X-RateLimit-Limit", "Link"]
    assert TOKEN not in json.dumps(got)


def test_a_missing_reason_phrase_is_the_statuses() -> None:
    response = Received(404, "", (), b"", "u", 0.0)
    assert record(REQUEST, OUTGOING, response)["status"] == "Not Found"


@pytest.mark.parametrize(
    "field", ["access_token", "refresh_token", "id_token", "client_secret", "password", "apiKey"]
)
def test_credential_fields_get_samples_of_their_type(field: str) -> None:
    body = json.dumps({field: "v4lueOfTheField99", "count": 3}).encode()
    got = json.loads(record(REQUEST, OUTGOING, received(body))["body"])
    assert got == {field: f"<{field}>", "count": 3}


def test_sent_credentials_echoed_back_are_replaced_everywhere() -> None:
    """httpbin's /headers shape, a Basic pair's base64, a token inside a longer string, in
    JSON, in a text body and URL-encoded."""
    echoed = {
        "headers": {"Authorization": f"Bearer {TOKEN}", "X-Basic": f"Basic {BASIC}"},
        "note": f"prefix{TOKEN}suffix",
        "url": f"https://x/?t={TOKEN}",
    }
    for body, kind in [
        (json.dumps(echoed).encode(), "application/json"),
        (f"token={TOKEN}; pair={BASIC}; pw {PASSWORD}".encode(), "text/plain"),
    ]:
        text = example_text(body, kind)
        for secret in (TOKEN, BASIC, PASSWORD, "literalKey123456", "qk9Secret77"):
            assert secret not in text


@pytest.mark.parametrize("spelling", [quote(ODD, safe=""), quote_plus(ODD), json.dumps(ODD)[1:-1]])
def test_a_sent_credential_is_replaced_in_its_echoed_spellings(spelling: str) -> None:
    """URL-encoded (an echoed URL) and JSON-escaped (JSON quoted in a text body)."""
    sent = Outgoing("item[0]", "GET", "u", credentials=(ODD,))
    body = f"url=https://x/?pw={spelling}&n=1".encode()
    got = record(REQUEST, sent, received(body, "text/plain"))["body"]
    assert spelling not in got and got == "url=https://x/?pw=REDACTED&n=1"


def test_secret_shapes_are_replaced_in_bodies() -> None:
    body = json.dumps({"key": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"}).encode()
    assert "sk_live_4eC39HqLyjWDarjtT1zdp7dc" not in example_text(body)


def test_the_original_request_keeps_references_and_loses_literal_credentials() -> None:
    got = record(REQUEST, OUTGOING, received(b"{}"))["originalRequest"]
    assert isinstance(got, dict)
    assert got["header"][0] == {"key": "Authorization", "value": "Bearer {{token}}"}
    assert got["header"][2] == {"key": "Accept", "value": "application/json"}
    assert "REDACTED" in json.dumps(got)


def test_a_binary_body_is_not_kept() -> None:
    got = record(REQUEST, OUTGOING, received(b"\x89PNG\r\n\x1a\n\x00", "image/png"))
    assert got["body"] is None and got["header"] == [{"key": "Content-Type", "value": "image/png"}]
    assert record(REQUEST, OUTGOING, received(b"\xff\xfe", "text/plain"))["body"] is None


def test_large_json_bodies_are_cut_valid_under_the_limit_and_first_items_kept() -> None:
    body: Any = {"data": [{"id": i, "name": f"user {i}"} for i in range(5000)], "total": 5000}
    raw = json.dumps(body).encode()
    first = record(REQUEST, OUTGOING, received(raw), limit=4000)
    again = record(REQUEST, OUTGOING, received(raw), limit=4000)
    assert first == again
    text = first["body"]
    assert isinstance(text, str) and len(text.encode()) <= 4000
    kept = json.loads(text)
    assert kept["total"] == 5000 and 10 < len(kept["data"]) < 5000
    assert kept["data"] == body["data"][: len(kept["data"])]


def test_an_object_keeps_its_keys_when_an_early_member_is_huge() -> None:
    value: JsonValue = {"items": list(range(10000)), "next": "cursor", "count": 1}
    cut: Any = cut_json(value, 500)
    assert isinstance(cut, dict) and list(cut) == ["items", "next", "count"]
    assert len(json.dumps(cut, indent=2).encode()) <= 500


def test_text_is_cut_at_a_character_boundary() -> None:
    assert cut_text("é" * 10, 5) == "éé"


@pytest.mark.skipif(not SCHEMAS.is_dir(), reason="../shared/postman-schema is not available")
@pytest.mark.parametrize("version", ["v2.0.0", "v2.1.0"])
def test_the_example_validates_against_the_official_schema(version: str) -> None:
    schema = json.loads((SCHEMAS / f"collection-{version}.draft-07.json").read_text())
    request = dict(REQUEST)  # the collection's own request is in its version's form
    if version == "v2.0.0":
        request["auth"] = {"type": "basic", "basic": {"password": PASSWORD}}
    got = record(request, OUTGOING, received(b'{"a": [1]}'))
    assert PASSWORD not in json.dumps(got)
    collection = {
        "info": {
            "name": "x",
            "schema": f"https://schema.getpostman.com/json/collection/{version}/collection.json",
        },
        "item": [{"name": "a", "request": request, "response": [got]}],
    }
    jsonschema.validate(collection, schema)


def test_binary_is_told_by_media_type_or_by_nul_bytes() -> None:
    octets = received(b"plain ascii", "application/octet-stream")
    assert record(REQUEST, OUTGOING, octets)["body"] is None
    assert record(REQUEST, OUTGOING, received(b"a\x00b", None))["body"] is None
    assert record(REQUEST, OUTGOING, received(b"ab", None))["body"] == "ab"


def test_a_short_credential_is_replaced_only_where_a_whole_value_equals_it() -> None:
    sent = Outgoing("item[0]", "GET", "u", credentials=("abc",))
    body = json.dumps({"user": "abc", "label": "abcdef"}).encode()
    got = json.loads(record(REQUEST, sent, received(body))["body"])
    assert got == {"user": "REDACTED", "label": "abcdef"}


@pytest.mark.parametrize(
    ("content_type", "body", "language"),
    [
        ("text/html; charset=utf-8", b"<p>hi</p>", "html"),
        ("application/atom+xml", b"<feed/>", "xml"),
        ("text/plain", b"hi", "text"),
        ("application/problem+json", b'{"title": "x"}', "json"),
        ("application/json", b"not json", "text"),
    ],
)
def test_the_preview_language_follows_the_body(
    content_type: str, body: bytes, language: str
) -> None:
    got = record(REQUEST, OUTGOING, received(body, content_type))
    assert got["_postman_previewlanguage"] == language and got["body"] == body.decode()


def test_a_sent_credential_used_as_a_json_key_is_replaced_too() -> None:
    text = example_text(json.dumps({TOKEN: 1}).encode())
    assert TOKEN not in text and "REDACTED" in text


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=5), inner, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(json_values, st.integers(min_value=2, max_value=400))
def test_any_json_is_measured_exactly_and_cut_under_the_limit(value: Any, limit: int) -> None:
    exact = len(json.dumps(value, indent=2, ensure_ascii=False).encode())
    assert size(value) == exact
    assert size(value, cap=limit) > limit if exact > limit else size(value, cap=limit) == exact
    cut = cut_json(value, limit)
    assert len(json.dumps(cut, indent=2, ensure_ascii=False).encode()) <= limit
    assert cut_json(value, limit) == cut
    assert cut == value if exact <= limit else cut != value


def test_a_credential_that_came_to_light_while_sending_is_replaced() -> None:
    """The token a client-credentials grant fetched (``Received.credentials``)."""
    fetched = "fetchedGrantTok3n42"
    response = Received(200, "OK", (), f'{{"echo": "{fetched}"}}'.encode(), "u", 0.0, (fetched,))
    assert fetched not in json.dumps(record(REQUEST, OUTGOING, response))


def test_dynamic_values_are_written_as_their_placeholders() -> None:
    """Recording twice gives the same file: a ``{{$guid}}``'s UUID and a ``{{$timestamp}}``
    as whole tokens, a short ``{{$randomInt}}`` only as a whole value."""
    guid, stamp = "0f8fad5b-d9cb-469f-a165-70867728950e", "1765143563"
    sent = Outgoing(
        "item[0]",
        "POST",
        "u",
        generated=((guid, "{{$guid}}"), (stamp, "{{$timestamp}}"), ("42", "{{$randomInt}}")),
    )
    body = {"id": guid, "at": stamp, "n": "42", "later": stamp + "7", "page": "a42", "count": 42}
    location = ("Location", f"/items/{guid}")
    response = received(json.dumps(body).encode(), "application/json", **dict([location]))
    got = record(REQUEST, sent, response)
    assert json.loads(got["body"]) == {
        "id": "{{$guid}}",
        "at": "{{$timestamp}}",
        "n": "{{$randomInt}}",
        "later": stamp + "7",
        "page": "a42",
        "count": 42,
    }
    assert got["header"][1] == {"key": "Location", "value": "/items/{{$guid}}"}
