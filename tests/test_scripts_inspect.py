"""``postc inspect`` summarises the scripts: tests translated or not, variable sets, and
per script its findings, pre-request computed values with what the caller must do
(docs/scripts.md, "Front end")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from tests.conftest import RunPostc, collection_doc, request_item


def event(listen: str, *lines: str) -> dict[str, Any]:
    return {"listen": listen, "script": {"exec": list(lines)}}


def document() -> dict[str, Any]:
    login = request_item("Login")
    login["event"] = [
        event(
            "test",
            "var json = pm.response.json();",
            'pm.test("token", function () { pm.expect(json.token).to.be.a("string"); });',
            'pm.environment.set("token", json.token);',
            'postman.setNextRequest("Orders");',
        )
    ]
    orders = request_item("Orders")
    orders["event"] = [
        event("prerequest", 'pm.environment.set("stamp", Date.now());'),
        event("test", 'pm.test("fast", () => pm.expect(pm.response.responseTime).to.be.below(9));'),
        event("test", 'pm.environment.set("key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"); helper();'),
    ]
    folder = {"name": "Shop", "item": [orders]}
    return collection_doc(login, folder, event=[event("test", "pm.response.to.be.success;")])


def write(tmp_path: Any, doc: dict[str, Any]) -> str:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_inspect_json_scripts(run_postc: RunPostc, tmp_path: Any) -> None:
    status, out, _ = run_postc("inspect", "--json", write(tmp_path, document()))
    assert status == 0
    scripts = json.loads(out)["scripts"]
    assert {k: scripts[k] for k in ("count", "by_listen", "tests", "translated_tests")} == {
        "count": 5,
        "by_listen": {"prerequest": 1, "test": 4},
        "tests": 2,
        "translated_tests": 1,
    }
    assert scripts["checks"] == 2
    assert scripts["variable_sets"] == 3
    assert scripts["findings"] == {
        "computed": 1,
        "next_request": 1,
        "response_time": 1,
        "untranslated": 1,
    }
    where = [(s["where"], s["listen"], s["path"]) for s in scripts["scripts"]]
    assert where == [
        ("(collection)", "test", "event[0]"),
        ("Login", "test", "item[0].event[0]"),
        ("Shop / Orders", "prerequest", "item[1].item[0].event[0]"),
        ("Shop / Orders", "test", "item[1].item[0].event[1]"),
        ("Shop / Orders", "test", "item[1].item[0].event[2]"),
    ]
    computed = scripts["scripts"][2]["findings"][0]
    assert computed["kind"] == "computed"
    assert computed["js"] == 'pm.environment.set("stamp", Date.now());'
    assert computed["detail"].startswith("`stamp`: a timestamp (Date) the script computes")
    assert computed["detail"].endswith(
        "(a method argument or a body field, never a client default)"
    )
    assert "sk_live" not in out


def test_inspect_text_scripts_is_short(run_postc: RunPostc, tmp_path: Any) -> None:
    status, out, _ = run_postc("inspect", write(tmp_path, document()))
    assert status == 0
    section = out[out.index("Scripts:") :].splitlines()
    assert section[:6] == [
        "Scripts: 5 (1 pre-request, 4 test; never run): 1 test translated, "
        "1 with untranslated statements, 3 variable sets",
        "  Login (test): 1 next request",
        "  Shop / Orders (pre-request): `stamp`: a timestamp (Date) the script computes "
        "before the request",
        "  Shop / Orders (test): 1 response time",
        "  Shop / Orders (test): 1 untranslated",
        "  (each computed value: never run: the client never computes it, the caller passes it "
        "where a request sends it (a method argument or a body field, never a client default))",
    ]
    assert "sk_live" not in out


def test_inspect_without_scripts_says_nothing_of_them(run_postc: RunPostc, tmp_path: Any) -> None:
    status, out, _ = run_postc("inspect", write(tmp_path, collection_doc(request_item())))
    assert status == 0
    assert "Scripts" not in out


def test_inspect_json_scripts_is_byte_identical_across_processes(tmp_path: Any) -> None:
    """Sets of names and kinds are sorted, never in hash order."""
    path = write(tmp_path, document())
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "generator", "inspect", "--json", path],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
