"""The generated ``tests/test_flows.py``: a chain (producer with a saved example ->
consumer) runs as one test, on ``httpx.MockTransport`` and live against ``postc mock``,
and fails when the consumer does not send the produced value."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path
from typing import Any

from generator.emit.flow_tests import MAX_PLACES, Place, Text, json_places
from generator.emit.tests import TEST_NESTING
from generator.escaping import py_str
from generator.generate import generate
from generator.ir import Request
from tests.conftest import collection_doc, load, request_item, run
from tests.test_scripts_flows_cli import JSON, _test, shop

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
    assert code.count('path={"cart_id": cart_id}') == 1  # once for both clients
    assert code.count("json=body,") == 1
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
        Place(("id",), Text()),
        Place(("items", 0, "ref"), Text("cart-", "!")),
        Place(("items", 2), Text()),
    ]


def test_json_places_are_bounded() -> None:
    many = _raw(json.dumps({"a": ["{{id}}"] * 1000}))
    assert len(json_places(many, many, "id")) == MAX_PLACES
    deep = _raw("[" * (TEST_NESTING + 1) + '"{{id}}"' + "]" * (TEST_NESTING + 1))
    assert json_places(deep, deep, "id") == []
    text = _raw('"{{id}}"')
    assert json_places(text, text, "id") == []


# A variable name, JSON keys and a query key with quotes, a backslash, a line break and
# non-ASCII, a header name with a quote (the only one HTTP allows): all reach test_flows.py
# through the escaping filters. A JSON string holds a variable only if its name needs no
# escape in JSON: the body's is ``BODY_VARIABLE``.
ODD_VARIABLE = 'va"r\\ é\nz'
BODY_VARIABLE = "it's ü"
ODD_KEY = 'K"ey\\ é\nx'
ODD_QUERY = "q'\"\\ é\n"
ODD_HEADER = "X-O'dd"
ODD_BODY_KEY = "b'o\"dy\\ é\n unquote_plus("


def _js(text: str) -> str:
    """``text`` as a JavaScript string literal (JSON's escapes are JavaScript's)."""
    return json.dumps(text)


def odd() -> dict[str, Any]:
    """Create -> a value under an odd key of a map (``headers``, a dictionary by convention),
    sent whole in an odd query key, inside an odd header's value, and inside a string of a
    JSON body under odd keys. A key of the body and the producer's saved query hold
    ``unquote_plus(`` and ``json.loads(``: no import may be decided by searching the
    code for them."""
    variable = "{{" + ODD_VARIABLE + "}}"
    url = "https://odd.example.com"
    return collection_doc(
        {
            "name": "Create",
            "request": {
                "method": "GET",
                "url": {
                    "raw": f"{url}/things?mode=unquote_plus(json.loads(",
                    "host": ["odd", "example", "com"],
                    "protocol": "https",
                    "path": ["things"],
                    "query": [{"key": "mode", "value": "unquote_plus(json.loads("}],
                },
            },
            "event": _test(
                "var b = pm.response.json();",
                f"pm.environment.set({_js(ODD_VARIABLE)}, b.headers[{_js(ODD_KEY)}]);",
                f"pm.environment.set({_js(BODY_VARIABLE)}, b.headers[{_js(ODD_KEY)}]);",
            ),
            "response": [
                {
                    "name": "ok",
                    "code": 200,
                    "header": JSON,
                    "body": json.dumps({"headers": {ODD_KEY: "v-1"}, "id": "t-9"}),
                }
            ],
        },
        {
            "name": "Find",
            "request": {
                "method": "GET",
                "url": {
                    "raw": f"{url}/find",
                    "host": ["odd", "example", "com"],
                    "protocol": "https",
                    "path": ["find"],
                    "query": [{"key": ODD_QUERY, "value": variable}],
                },
            },
        },
        {
            "name": "Tag",
            "request": {
                "method": "GET",
                "url": f"{url}/tag",
                "header": [{"key": ODD_HEADER, "value": f'pre "{variable}" \\post'}],
            },
        },
        {
            "name": "Put",
            "request": {
                "method": "POST",
                "url": f"{url}/put",
                "header": JSON,
                "body": {
                    "mode": "raw",
                    "raw": json.dumps(
                        {ODD_BODY_KEY: {"l'st": ["x", f'p"{{{{{BODY_VARIABLE}}}}}\\ é']}},
                        ensure_ascii=False,
                    ),
                },
            },
        },
    )


def test_odd_names_and_keys_reach_the_flow_tests_escaped(tmp_path: Path) -> None:
    """The generated module compiles, is ruff-clean (no import its code does not use, also
    without the JSON body's chain), and its tests pass: each reads the value under the odd
    key and finds it where it was sent. The docstring spells the read as the test does
    (both from the same steps)."""
    doc = odd()
    out = _generated_from(doc, tmp_path / "all")
    text = (out / "tests" / "test_flows.py").read_text("utf-8")
    compile(text, "test_flows.py", "exec")
    names = [line.split("(")[0] for line in text.splitlines() if line.startswith("def test_")]
    assert len(names) == 3, text
    read = f"result.headers[{py_str(ODD_KEY)}]"
    assert f"value = dump({read})" in text
    client = ast.parse((out / "odd" / "_client.py").read_text("utf-8"))
    find = next(n for n in ast.walk(client) if isinstance(n, ast.FunctionDef) and n.name == "find")
    assert f"comes from ``client.create().headers[{py_str(ODD_KEY)}]``" in (
        " ".join((ast.get_docstring(find) or "").split())
    )
    ran = run(PYTEST, out)
    assert ran.returncode == 0 and "3 passed" in ran.stdout, ran.stdout + ran.stderr
    doc["item"] = doc["item"][:-1]  # no JSON body: nothing needs json
    for project in (out, _generated_from(doc, tmp_path / "bodiless")):
        ruff = run([str(Path(sys.executable).parent / "ruff"), "check", "--no-cache", "."], project)
        assert ruff.returncode == 0, ruff.stdout


def _generated_from(doc: dict[str, Any], directory: Path) -> Path:
    directory.mkdir()
    collection = directory / "odd.json"
    collection.write_text(json.dumps(doc), encoding="utf-8")
    generate(collection, directory / "out", package="odd")
    return directory / "out"


def test_a_value_in_a_form_is_checked_as_its_encoding_carries_it(tmp_path: Path) -> None:
    """A produced value with ``+`` and ``%`` in it, sent in a form-data text part (multipart:
    the value as it is) and in an urlencoded field (decoded before the check): each chain
    test passes, and fails when the consumer sends another value."""
    made = {"name": "ok", "code": 200, "header": JSON, "body": '{"ref": "a+b%20c"}'}

    def consumer(name: str, mode: str) -> dict[str, Any]:
        body = {"mode": mode, mode: [{"key": "ref", "value": "{{ref}}", "type": "text"}]}
        url = f"https://notes.example.com/{name.lower()}"
        return {"name": name, "request": {"method": "POST", "url": url, "body": body}}

    doc = collection_doc(
        {
            "name": "Create note",
            "request": {"method": "POST", "url": "https://notes.example.com/notes"},
            "event": _test("pm.collectionVariables.set('ref', pm.response.json().ref);"),
            "response": [made],
        },
        consumer("Multipart", "formdata"),
        consumer("Urlencoded", "urlencoded"),
    )
    collection = tmp_path / "notes.json"
    collection.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    generate(collection, out, package="notes")
    text = (out / "tests" / "test_flows.py").read_text("utf-8")
    assert text.count("assert str(value) in sent.read().decode()") == 1
    assert text.count("assert str(value) in unquote_plus(sent.read().decode())") == 1
    ran = run(PYTEST, out)
    assert ran.returncode == 0 and "2 passed" in ran.stdout, ran.stdout + ran.stderr
    client = out / "notes" / "_client.py"
    code = client.read_text("utf-8")
    assert code.count('form={"ref": ref}') == 2  # each consumer
    client.write_text(code.replace('form={"ref": ref}', 'form={"ref": "a b c"}'))
    ran = run(PYTEST, out)
    assert ran.returncode == 1 and "2 failed" in ran.stdout, ran.stdout
