"""``postc inspect --flows [--json]`` and the chain lines of method docstrings, on
collections whose scripts are real JavaScript (the front end parses them)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.generate import generate
from tests.conftest import RunPostc, collection_doc

JSON = [{"key": "Content-Type", "value": "application/json"}]
SECRET = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"


def _test(*lines: str) -> list[dict[str, Any]]:
    return [{"listen": "test", "script": {"exec": list(lines)}}]


def shop() -> dict[str, Any]:
    """Login -> token (the client's auth), create cart -> cart id (a JSON path), its
    Location header, a version set under a condition; then requests that use them."""
    bearer = [{"key": "Authorization", "value": "Bearer {{token}}"}]
    return collection_doc(
        {
            "name": "Login",
            "request": {"method": "POST", "url": "https://shop.example.com/login"},
            "event": _test(
                "var json = pm.response.json();", 'pm.environment.set("token", json.access_token);'
            ),
            "response": [
                {"name": "ok", "code": 200, "header": JSON, "body": '{"access_token": "t"}'}
            ],
        },
        {
            "name": "Carts",
            "item": [
                {
                    "name": "Create cart",
                    "request": {
                        "method": "POST",
                        "url": "https://shop.example.com/carts",
                        "header": bearer,
                    },
                    "event": _test(
                        "const body = pm.response.json();",
                        "pm.collectionVariables.set('cart_id', body.data.cartId);",
                        "pm.collectionVariables.set('loc', pm.response.headers.get('Location'));",
                        "if (pm.response.code === 201) {",
                        "  pm.environment.set('version', body.data.version);",
                        "}",
                        "pm.environment.set('sig', CryptoJS.HmacSHA256(body.data.cartId, '"
                        + SECRET
                        + "'));",
                        "postman.setNextRequest('Get cart');",
                    ),
                    "response": [
                        {
                            "name": "Created",
                            "code": 201,
                            "header": [*JSON, {"key": "Location", "value": "/carts/c-42"}],
                            "body": '{"data": {"cartId": "c-42", "version": 3}}',
                        }
                    ],
                },
                {
                    "name": "Get cart",
                    "request": {
                        "method": "GET",
                        "url": "https://shop.example.com/carts/{{cart_id}}?v={{version}}",
                        "header": [*bearer, {"key": "X-From", "value": "{{loc}}"}],
                    },
                    "response": [
                        {"name": "ok", "code": 200, "header": JSON, "body": '{"id": "c-42"}'}
                    ],
                },
                {
                    "name": "Add item",
                    "request": {
                        "method": "POST",
                        "url": "https://shop.example.com/items",
                        "header": bearer,
                        "body": {"mode": "raw", "raw": '{"cart": "{{cart_id}}", "qty": 1}'},
                    },
                },
            ],
        },
    )


def test_inspect_flows_text(run_postc: RunPostc, write_json: Callable[[Any, str], Path]) -> None:
    path = write_json(shop(), "shop.json")
    code, out, err = run_postc("inspect", "--flows", path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        "Flows: 4 variables set from responses (4 producers), 7 variable uses, "
        "7 from a producer; 2 not followed"
    )
    assert "    set by Carts / Create cart (item[1].item[0]) from data.cartId (collection)" in lines
    assert "      used by Carts / Get cart (item[1].item[1]): url path cart_id" in lines
    assert "      used by Carts / Add item (item[1].item[2]): body raw" in lines
    assert (
        "    set by Carts / Create cart (item[1].item[0]) from header Location (collection)"
        in lines
    )
    assert (
        "    set by Carts / Create cart (item[1].item[0]) from data.version "
        "(environment, under a condition)"
    ) in lines
    assert lines[lines.index("Not followed:") + 1].startswith(
        "  Carts / Create cart (item[1].item[0]), line 7: computed: pm.environment.set('sig'"
    )
    assert any(": next_request: postman.setNextRequest('Get cart');" in line for line in lines)
    assert SECRET not in out
    assert run_postc("inspect", "--flows", path)[1] == out  # deterministic


def test_inspect_flows_json(run_postc: RunPostc, write_json: Callable[[Any, str], Path]) -> None:
    path = write_json(shop(), "shop.json")
    code, out, _ = run_postc("inspect", "--flows", "--json", path)
    assert code == 0
    report = json.loads(out)
    assert report["counts"] == {"producers": 4, "uses": 7, "edges": 7, "unfollowed": 2}
    cart = next(v for v in report["variables"] if v["name"] == "cart_id")
    (producer,) = cart["producers"]
    assert producer["endpoint"] == "item[1].item[0]"
    assert (producer["path"], producer["segments"], producer["scope"]) == (
        "data.cartId",
        ["data", "cartId"],
        "collection",
    )
    assert [(c["endpoint"], c["place"], c["part"], c["key"]) for c in producer["consumers"]] == [
        ("item[1].item[1]", "url", "path", "cart_id"),
        ("item[1].item[2]", "body", "raw", ""),
    ]
    assert [(u["owner"], u["kind"]) for u in report["unfollowed"]] == [
        ("item[1].item[0]", "computed"),
        ("item[1].item[0]", "next_request"),
    ]
    assert SECRET not in out


def test_inspect_flows_of_a_bad_file_is_one_line_and_exit_2(
    run_postc: RunPostc, tmp_path: Path
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"info": ', encoding="utf-8")
    code, out, err = run_postc("inspect", "--flows", path)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "broken.json" in err


def test_method_docstrings_say_where_chained_arguments_come_from(
    write_json: Callable[[Any, str], Path], tmp_path: Path
) -> None:
    """The value path is read the way Python reads it on the producer's result: its
    model's attribute names (``cartId`` is ``cart_id``), a header on the raw response;
    the credential chain (``{{token}}``) is the client's auth, not a docstring line."""
    out = tmp_path / "out"
    generate(write_json(shop(), "shop.json"), out)
    code = (out / "test_api" / "resources" / "carts.py").read_text("utf-8")
    text = " ".join(code.split())
    assert "``cart_id`` comes from ``client.carts.create_cart().data.cart_id``." in text
    assert (
        "``v`` comes from ``client.carts.create_cart().data.version`` (set only when a "
        "condition in its script holds)."
    ) in text
    assert (
        "``x_from`` comes from "
        '``client.carts.with_raw_response.create_cart().headers["Location"]``.'
    ) in text
    assert (
        "``{{cart_id}}`` in ``body`` comes from ``client.carts.create_cart().data.cart_id``."
        in text
    )
    assert "token" not in code.split("def get_cart")[1].split('"""')[1]
