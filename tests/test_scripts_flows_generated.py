"""The generated ``tests/test_flows.py``: a chain (producer with a saved example ->
consumer) runs as one test, on ``httpx.MockTransport`` and live against ``postc mock``,
and fails when the consumer does not send the produced value."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.generate import generate
from tests.conftest import run
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
