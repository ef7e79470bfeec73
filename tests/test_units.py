"""Grouping bodies into inference units (inference.md §7.1)."""

from __future__ import annotations

from typing import Any

from generator.units import collect_units, status_of
from tests.conftest import load, request_item


def item(
    name: str, method: str, url: str, *examples: dict[str, Any], body: Any = None
) -> dict[str, Any]:
    entry = request_item(name, method=method, url=url)
    if body is not None:
        entry["request"]["body"] = {
            "mode": "raw",
            "raw": body,
            "options": {"raw": {"language": "json"}},
        }
    entry["response"] = list(examples)
    return entry


def example(code: int | None, body: str, name: str = "ex", status: str = "") -> dict[str, Any]:
    return {"name": name, "code": code, "status": status, "body": body}


def test_success_and_error_bodies_never_share_a_unit() -> None:
    collection = load(
        item(
            "Get",
            "GET",
            "https://x.test/a/:id",
            example(200, '{"id": 1}'),
            example(404, '{"id": "x"}'),
        )
    )
    units = {unit.key: unit for unit in collect_units(collection)}
    assert units["response GET /a/{id} 200"].documents == [{"id": 1}]
    assert units["error envelope id"].documents == [{"id": "x"}]


def test_requests_with_the_same_identity_pool_their_examples_across_names() -> None:
    collection = load(
        item("Get user", "GET", "https://x.test/users/:id", example(200, '{"a": 1}')),
        {
            "name": "F",
            "item": [item("Fetch", "GET", "{{base}}/users/{{id}}", example(200, '{"a": 2}'))],
        },
    )
    (unit,) = collect_units(collection)
    assert unit.documents == [{"a": 1}, {"a": 2}]
    (occurrence,) = unit.occurrences.values()
    assert occurrence.examples == ("item[0].response[0]", "item[1].item[0].response[0]")
    assert occurrence.operation == "Get user"


def test_statuses_are_separate_units() -> None:
    collection = load(
        item("Make", "POST", "https://x.test/t", example(200, "{}"), example(201, "[]"))
    )
    assert [u.key for u in collect_units(collection)] == [
        "response POST /t 200",
        "response POST /t 201",
    ]


def test_error_envelopes_cluster_across_endpoints() -> None:
    error = '{"code": "E", "message": "m"}'
    collection = load(
        item("A", "GET", "https://x.test/a", example(401, error)),
        item(
            "B",
            "GET",
            "https://x.test/b",
            example(404, error),
            example(500, '["not", "an", "object"]'),
        ),
    )
    units = {unit.key: unit for unit in collect_units(collection)}
    envelope = units["error envelope code\x00message"]
    assert len(envelope.documents) == 2
    assert sorted(envelope.occurrences) == [("GET /a", 401), ("GET /b", 404)]
    assert units["error GET /b 500"].documents == [["not", "an", "object"]]


def test_request_bodies_from_the_request_and_original_requests() -> None:
    original = {
        "method": "POST",
        "url": "https://x.test/t",
        "body": {"mode": "raw", "raw": '{"n": 2}'},
    }
    entry = item("Make", "POST", "https://x.test/t", body='{"n": 1}')
    entry["response"] = [{"name": "ok", "code": 201, "originalRequest": original, "body": ""}]
    (unit,) = collect_units(load(entry))
    assert unit.key == "request POST /t"
    assert unit.documents == [{"n": 1}, {"n": 2}]
    (occurrence,) = unit.occurrences.values()
    assert occurrence.examples == ("item[0].request", "item[0].response[0].originalRequest")


def test_bodies_that_are_not_json_are_not_in_any_unit() -> None:
    collection = load(
        item("Get", "GET", "https://x.test/", example(200, "<html/>"), example(200, "{oops"))
    )
    assert collect_units(collection) == []


def test_status_from_code_then_text_then_name() -> None:
    collection = load(
        item(
            "Get",
            "GET",
            "https://x.test/",
            {"name": "a", "status": "Not Found", "body": "{}"},
            {"name": "201 created", "body": "{}"},
            {"name": "no status", "body": "{}"},
        )
    )
    examples = next(collection.endpoints()).examples
    assert [status_of(e) for e in examples] == [404, 201, None]
