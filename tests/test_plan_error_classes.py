"""Error classes (``generator.emit.plan.error_classes``): one class per (status, code) the
error examples show, shared by the endpoints that show it, never named after a secret."""

from __future__ import annotations

import json
from typing import Any

from generator.api_models import build_models
from generator.emit.plan.error_classes import ErrorClasses, error_code_field
from generator.emit.plan.texts import Texts
from generator.units import endpoint_identity
from tests.conftest import load, request_item

SECRET = "sk_live_0123456789abcdef"


def failing(name: str, status: int, body: object) -> dict[str, Any]:
    saved = {"name": "Failed", "code": status, "header": [], "body": json.dumps(body)}
    return request_item(name, url=f"https://a.example/{name}") | {"response": [saved]}


def classes(*items: dict[str, Any]) -> tuple[ErrorClasses, list[tuple[str, ...]]]:
    variables = [{"key": "key", "value": SECRET, "type": "secret"}]
    collection = load(*items, variable=variables)
    api = build_models(collection)
    bindings = {(b.endpoint, b.role, b.status): b for b in api.bindings}
    made = ErrorClasses(bindings, Texts(collection, None))
    found = [
        tuple(c.name for c in made.of(e, endpoint_identity(e.request)))
        for e in collection.endpoints()
    ]
    return made, found


def test_one_class_per_status_and_code_shared_across_endpoints() -> None:
    made, found = classes(
        failing("a", 404, {"code": "item_missing"}),
        failing("b", 404, {"code": "item_missing"}),
        failing("c", 409, {"error": {"code": "item_missing"}}),
    )
    assert found[0] == found[1] and found[0] != found[2]
    assert {(c.status, c.base) for c in made.classes.values()} == {
        (404, "NotFoundError"),
        (409, "ConflictError"),
    }


def test_no_class_is_named_after_a_secret() -> None:
    made, found = classes(failing("a", 401, {"code": SECRET}))
    assert found == [()] and not made.classes


def test_the_code_field_is_where_the_first_error_example_has_it() -> None:
    collection = load(failing("a", 400, {"error": {"errorCode": "bad_thing"}}))
    assert error_code_field(next(collection.endpoints())) == "error.errorCode"
