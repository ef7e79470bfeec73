"""The generated ``tests/test_flows.py``: a chain (producer with a saved example ->
consumer) runs as one test, on ``httpx.MockTransport`` and live against ``postc mock``,
and fails when the consumer does not send the produced value."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.emit.flow_tests import MAX_PLACES, json_places
from generator.emit.tests import TEST_NESTING
from generator.generate import generate
from generator.ir import Request
from tests.conftest import load, request_item, run
from tests.test_scripts_flows_cli import shop

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from live_mock import live_run

PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_flows.py"]


def _generated(tmp_path: Path) -> Path:
    collection = tmp_path / "shop.json"
    collection.write_text(json.dumps(shop()), encoding="utf-8")
    out = tmp_path / "out"
    generate(collection, out, package="shop")
    return out


def test_each_runnable_chain_is_a_test_in_collection_order(tmp_path: Path) -> None:
    """Create cart -> get cart by its id (path) and version (query, set under a condition),
    add an item to it (its id in the JSON body); the Location header chain is not run
    (docs/scripts.md), nor the token, which is the client's auth."""
    out = _generated(tmp_path)
    text = (out / "tests" / "test_flows.py").read_text("utf-8")
    names = [line.split("(")[0] for line in text.splitlines() if line.startswith("def test_")]
    assert names == [
        "def test_flow_get_cart_cart_id",
        "def test_flow_get_cart_v",
        "def test_flow_add_item_body",
    ]
    assert "value = dump(result.data.cart_id)" in text  # the attribute the docstring names
    assert 'body["cart"] = str(value)' in text
    assert 'assert json.loads(sent.content)["cart"] == str(value)' in text
    ran = run(PYTEST, out)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "3 passed" in ran.stdout


def test_a_chain_test_fails_when_the_consumer_drops_the_value(tmp_path: Path) -> None:
    out = _generated(tmp_path)
    carts = out / "shop" / "resources" / "carts.py"
    code = carts.read_text("utf-8")
    assert code.count('path={"cart_id": cart_id}') == 2  # sync and async
    assert code.count("json=body,") == 2
    code = code.replace('path={"cart_id": cart_id}', 'path={"cart_id": "c-0"}')
    carts.write_text(code.replace("json=body,", 'json={"cart": "c-0"},'))
    ran = run(PYTEST, out)
    assert ran.returncode == 1 and "2 failed, 1 passed" in ran.stdout, ran.stdout


def test_chain_tests_pass_live_against_postc_mock(tmp_path: Path) -> None:
    collection = tmp_path / "shop.json"
    collection.write_text(json.dumps(shop()), encoding="utf-8")
    outcome = live_run(collection, tmp_path / "live")
    assert outcome.clean, (outcome.error, outcome.failures, outcome.odd_skips)
    # two chains and three examples pass; Add item has no example a server could answer
    assert (outcome.passed, outcome.skipped) == (5, 2)


def test_no_chain_no_module(tmp_path: Path) -> None:
    collection = tmp_path / "plain.json"
    doc = shop()
    for item in doc["item"][1]["item"]:
        item.pop("event", None)
    collection.write_text(json.dumps(doc), encoding="utf-8")
    generate(collection, tmp_path / "out", package="shop")
    assert not (tmp_path / "out" / "tests" / "test_flows.py").exists()


def _raw(text: str) -> Request:
    body = load(request_item("R", method="POST", body={"mode": "raw", "raw": text})).endpoints()
    return next(body).request


def test_json_places_of_a_variable_in_a_body() -> None:
    """Each string that holds ``{{id}}`` once, at any depth, with the text around it; keys,
    other variables and a string holding it twice are no place."""
    doc = {
        "id": "{{id}}",
        "items": [{"ref": "cart-{{id}}!"}, {"other": "{{idx}}"}, "{{id}}"],
        "{{id}}": 1,
        "twice": "{{id}}{{id}}",
    }
    request = _raw(json.dumps(doc))
    assert json_places(request, request, "id") == [
        (("id",), "str(value)"),
        (("items", 0, "ref"), '"cart-" + str(value) + "!"'),
        (("items", 2), "str(value)"),
    ]


def test_json_places_are_bounded() -> None:
    many = _raw(json.dumps({"a": ["{{id}}"] * 1000}))
    assert len(json_places(many, many, "id")) == MAX_PLACES
    deep = _raw("[" * (TEST_NESTING + 1) + '"{{id}}"' + "]" * (TEST_NESTING + 1))
    assert json_places(deep, deep, "id") == []
    text = _raw('"{{id}}"')
    assert json_places(text, text, "id") == []
