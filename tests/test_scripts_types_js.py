"""Types from scripts through the real JavaScript front end: a collection whose requests
have no saved example but test scripts (a ``jsonSchema`` with a ``$ref``, ``tv4.validate``,
chai checks through an alias, a status guard, an inherited collection script), read by
``postc inspect --models`` and by a generated client calling a real loopback server whose
answers differ from what the scripts name (docs/scripts.md, "Types from scripts")."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from generator.annotations import annotation
from generator.api_models import build_models
from generator.generate import generate
from generator.ir import ApiModels
from generator.loader import collection_from_json
from tests.conftest import JsonHandler, RunPostc, collection_doc, loopback


def event(*lines: str) -> dict[str, Any]:
    return {"listen": "test", "script": {"type": "text/javascript", "exec": list(lines)}}


def request(name: str, method: str, url: str, *lines: str) -> dict[str, Any]:
    return {"name": name, "event": [event(*lines)], "request": {"method": method, "url": url}}


USER_SCRIPT = (
    "const schema = {",
    "  definitions: { address: { type: 'object', required: ['city'],",
    "    properties: { city: { type: 'string' }, zip: { type: ['string', 'null'] } } } },",
    "  type: 'object', required: ['id', 'email'],",
    "  properties: { id: { type: 'integer' }, email: { type: 'string', format: 'email' },",
    "    role: { enum: ['admin', 'member'] }, home: { $ref: '#/definitions/address' } }",
    "};",
    "pm.test('user is valid', function () { pm.response.to.have.jsonSchema(schema); });",
)
ORDER_SCRIPT = (
    "var json = JSON.parse(responseBody);",
    "var schema = { type: 'object', properties: { total: { type: 'number' },",
    "  lines: { type: 'array',",
    "    items: { type: 'object', properties: { sku: { type: 'string' } } } } } };",
    "tests['order is valid'] = tv4.validate(json.order, schema);",
)
ITEMS_SCRIPT = (
    "const json = pm.response.json();",
    "const first = json.items[0];",
    "pm.test('items', function () {",
    "  pm.expect(first.id).to.be.a('string');",
    "  pm.expect(json.items).to.have.lengthOf.at.least(1);",
    "  pm.expect(json.state).to.be.oneOf(['open', 'closed']);",
    "  if (json.next) { pm.expect(json.next.cursor).to.be.a('string'); }",
    "});",
)
CREATE_SCRIPT = (
    "const json = pm.response.json();",
    "if (pm.response.code === 201) {",
    "  pm.test('created', function () { pm.expect(json.id).to.be.a('number'); });",
    "}",
)


def shop() -> dict[str, Any]:
    return collection_doc(
        request("Get user", "GET", "https://shop.test/users/:id", *USER_SCRIPT),
        request("Get order", "GET", "https://shop.test/orders/:id", *ORDER_SCRIPT),
        request("List items", "GET", "https://shop.test/items", *ITEMS_SCRIPT),
        request("Create item", "POST", "https://shop.test/items", *CREATE_SCRIPT),
        event=[
            event(
                "pm.test('has a request id', function () {",
                "  pm.expect(pm.response.json()).to.have.property('requestId');",
                "});",
            )
        ],
    )


def fields(api: ApiModels, name: str) -> dict[str, tuple[str, bool]]:
    return {f.key: (annotation(f.type), f.required) for f in api.model(name).fields}


def test_every_kind_of_script_evidence_types_an_endpoint_without_examples() -> None:
    api = build_models(collection_from_json(shop(), "shop.json"))
    returns = {(b.endpoint, b.status): annotation(b.type) for b in api.bindings}
    assert returns == {
        ("GET /users/{id}", None): "GetUser",
        ("GET /orders/{id}", None): "GetOrder",
        ("GET /items", None): "ListItems",
        ("POST /items", 201): "CreateItem",
    }
    assert fields(api, "GetUser") == {
        "requestId": ("Any", True),  # the collection's script runs for every request
        "id": ("int", True),
        "email": ("str", True),
        "role": ('Literal["admin", "member"] | str', False),
        "home": ("Home", False),
    }
    assert fields(api, "Home") == {"city": ("str", True), "zip": ("str | None", False)}
    assert fields(api, "Order") == {"total": ("float", False), "lines": ("list[Line]", False)}
    assert fields(api, "ListItems") == {
        "requestId": ("Any", True),
        "items": ("list[Item]", True),
        "state": ('Literal["closed", "open"] | str', True),
    }  # `next` is checked only under `if (json.next)`: not sure, not typed
    assert fields(api, "Item") == {"id": ("str", True)}
    assert fields(api, "CreateItem") == {"requestId": ("Any", True), "id": ("float", True)}


def test_inspect_models_names_each_script_a_field_comes_from(
    run_postc: RunPostc, tmp_path: Path
) -> None:
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(shop()), encoding="utf-8")
    status, out, _ = run_postc("inspect", "--models", path)
    assert status == 0
    assert "    request_id: Any  (required; script event[0])" in out
    assert "    email: str  (required; script item[0].event[0])" in out
    assert "    total: float  (optional; script item[1].event[0])" in out
    status, out, _ = run_postc("inspect", "--models", "--json", path)
    models = {m["name"]: m for m in json.loads(out)["models"]}
    (field,) = models["Item"]["fields"]
    assert field["evidence"]["scripts"] == ["item[2].event[0]"]


def test_inspect_models_is_byte_identical_across_processes(tmp_path: Path) -> None:
    """Claims hold sets (kinds, sources): nothing of them may follow the hash seed."""
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(shop()), encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "generator", "inspect", "--models", "--json", str(path)],
            capture_output=True,
            env=environment,
            check=True,
            timeout=120,
        )
        outputs.add(done.stdout)
    (output,) = outputs
    assert json.loads(output)["models"]


class Answer(JsonHandler):
    """Answers every request 200 with ``body`` as JSON."""

    body: ClassVar[Any] = None

    def do_GET(self) -> None:
        self.send_json(200, self.body)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from loopback(Answer, monkeypatch)


def test_a_generated_client_returns_the_script_model_and_keeps_what_it_did_not_name(
    server: str, tmp_path: Path
) -> None:
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(shop()), encoding="utf-8")
    out = tmp_path / "client"
    generate(path, out, package="shop_client")
    sys.path.insert(0, str(out))
    try:
        package = importlib.import_module("shop_client")
        runtime = importlib.import_module("shop_client._runtime")
    finally:
        sys.path.remove(str(out))
    body = {
        "requestId": "r-1",
        "id": 7,
        "email": "ann@example.com",
        "home": {"city": "Oslo", "street": "Storgata 1"},  # a key the schema does not name
        "since": "2020-01-01",  # and another at the top
    }
    Answer.body = body
    with package.Client(base_url=server, strict=True) as client:
        user = client.get_user("7")
    assert type(user).__name__ == "GetUser"
    assert isinstance(user, runtime.Model)
    assert (user.id, user.email, user.home.city) == (7, "ann@example.com", "Oslo")
    assert json.dumps(user.to_dict()) == json.dumps(body)  # lossless: unknown keys kept
    Answer.body = {"requestId": "r-2", "items": [{"id": "a", "price": 3}], "state": "paused"}
    with package.Client(base_url=server, strict=True) as client:
        listed = client.list_items()
    assert listed.items[0].id == "a"
    assert listed.state == "paused"  # an open enum: any other string is still accepted
