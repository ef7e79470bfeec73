"""Collection values are examples, not defaults (docs/parameters.md): generated clients
called with only their required arguments, their requests seen through an
``httpx.MockTransport``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from generator.generate import generate
from tests.conftest import collection_doc, request_item, run
from tests.test_generated_test_data import cases_of

HOST = {"host": ["api", "example", "com"], "protocol": "https"}


def url(path: list[str], *query: tuple[str, str], **more: Any) -> dict[str, Any]:
    """A structured URL of api.example.com."""
    raw = "https://api.example.com/" + "/".join(path)
    pairs = [{"key": key, "value": value} for key, value in query]
    return {"raw": raw, **HOST, "path": path, "query": pairs, **more}


def project(tmp_path: Path, *items: dict[str, Any], **root: Any) -> tuple[Path, str]:
    """The generated project of a collection of ``items``, and its ``_client.py``."""
    source = tmp_path / "c.json"
    doc = collection_doc(*items, **root)
    doc["info"]["name"] = "Shop"
    source.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    files = generate(source, out).files
    return out, next(text for path, text in files.items() if path.endswith("/_client.py"))


def sent(out: Path, call: str, **environment: str) -> dict[str, Any]:
    """The request ``client.<call>`` sends: its URL, query pairs, headers and body."""
    script = f"""
import json, os, httpx
os.environ.update({environment!r})
from shop import Client
seen = []
def answer(request):
    seen.append(request)
    return httpx.Response(200, json={{"items": []}})
with Client(transport=httpx.MockTransport(answer)) as client:
    client.{call}
request = seen[0]
print(json.dumps({{
    "url": str(request.url),
    "path": request.url.raw_path.decode().split("?")[0],
    "query": [list(pair) for pair in request.url.params.multi_items()],
    "headers": dict(request.headers),
    "content": request.content.decode(),
}}))
"""
    result = run([sys.executable, "-c", script], out)
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def assert_its_tests_pass(out: Path) -> None:
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_saved_value_is_an_example_not_a_default(tmp_path: Path) -> None:
    """``?test=123`` was ``test: str = "123"``, sent on every call; an empty ``?q=`` was
    sent as ``q=``. Now both are optional, left out unless passed, and 123 is an example."""
    item = request_item(
        "Get request", url=url(["get"], ("test", "123"), ("q", ""), ("cursor", "{{cursor}}"))
    )
    item["request"]["header"] = [{"key": "If-Match", "value": "abc"}]
    item["response"] = [{"name": "ok", "code": 200, "body": "{}"}]
    out, client = project(tmp_path, item)
    assert "test: int | None = None," in client
    assert "if_match: str | None = None," in client
    assert "test: Example: 123" in client and "if_match: Example: abc" in client
    request = sent(out, "get_request()")
    assert request["query"] == []
    assert "if-match" not in request["headers"]
    assert sent(out, "get_request(test=7, q='x')")["query"] == [["test", "7"], ["q", "x"]]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert 'client.get_request(test=123, if_match="abc")' in readme
    case = cases_of(out, "client")["get_request / ok"]
    assert case["arguments"] == {"test": 123, "if_match": "abc"}
    assert type(case["arguments"]["test"]) is int
    assert case["sent"]["query"] == [["test", "123"]]
    assert_its_tests_pass(out)


def test_placeholders_type_parameters_and_are_never_sent(tmp_path: Path) -> None:
    """Stripe's ``<integer>``-style values went on the wire (``limit=%3Cinteger%3E``)."""
    query = [("limit", "<integer>"), ("active", "<boolean>"), ("ratio", "<number>")]
    item = request_item("List charges", url=url(["v1", "charges"], *query, ("after", "<string>")))
    item["request"]["url"]["variable"] = []
    item["request"]["url"]["path"] = ["v1", "charges", ":charge"]
    item["request"]["url"]["variable"] = [{"key": "charge", "value": "<long>"}]
    out, client = project(tmp_path, item)
    assert "charge: int," in client
    assert "limit: int | None = None," in client
    assert "active: bool | None = None," in client
    assert "ratio: float | None = None," in client
    assert "after: str | None = None," in client
    assert "<integer>" not in client and "<string>" not in client
    request = sent(out, "list_charges(7)")
    assert request["path"] == "/v1/charges/7" and request["query"] == []
    request = sent(out, "list_charges(7, limit=3, active=True)")
    assert request["query"] == [["limit", "3"], ["active", "true"]]
    tests = (out / "tests" / "test_client.py").read_text(encoding="utf-8")
    assert "<" not in tests.split("def test_", 1)[1]
    assert_its_tests_pass(out)


def test_a_parameter_its_description_marks_required_is_required(tmp_path: Path) -> None:
    """``(Required)`` (openapi-to-postman) makes a parameter required; a ``{{variable}}``
    value no longer does (Meraki's 14 filters of ``{{perPage}}`` and the like were)."""
    item = request_item("Search", url=url(["search"], ("q", "<string>"), ("page", "{{page}}")))
    item["request"]["url"]["query"][0]["description"] = "(Required) The terms."
    form = [
        {"key": "name", "value": "Ann", "description": "(Required) A name."},
        {"key": "billing[address][line2]", "value": "x", "description": "(Required) Billing."},
    ]
    item["request"]["method"] = "POST"
    item["request"]["body"] = {"mode": "urlencoded", "urlencoded": form}
    out, client = project(tmp_path, item)
    assert "q: str," in client and "name: str," in client
    assert "page: str | None = None," in client
    assert "billing_address_line2: str | None = None," in client
    request = sent(out, "search(q='cats', name='Bo')")
    assert request["query"] == [["q", "cats"]]
    assert request["content"] == "name=Bo"
    assert_its_tests_pass(out)


def test_query_values_that_are_numbers_everywhere_are_numbers(tmp_path: Path) -> None:
    """Numbers in the request and in its examples' original requests type the parameter;
    a value with a leading zero (a code) stays text."""
    query = [("limit", "10"), ("ratio", "1.5"), ("zip", "007")]
    item = request_item("List items", url=url(["items"], *query))
    original = {"method": "GET", "url": url(["items"], ("limit", "20"), ("ratio", "2"))}
    body = '{"items": []}'
    item["response"] = [{"name": "ok", "code": 200, "body": body, "originalRequest": original}]
    out, client = project(tmp_path, item)
    assert "limit: int | None = None," in client
    assert "ratio: float | None = None," in client
    assert "zip: str | None = None," in client
    arguments = cases_of(out, "client")["list_items / ok"]["arguments"]
    assert arguments == {"limit": 20, "ratio": 2}
    assert [type(value) for value in arguments.values()] == [int, int]
    assert_its_tests_pass(out)


def test_repeated_keys_and_php_brackets_are_lists(tmp_path: Path) -> None:
    """``?status=a&status=b`` kept the first key only; ``tag[]`` was a str named ``tag``."""
    query = [("status", "a"), ("status", "b"), ("tag[]", "x"), ("tag[]", "y")]
    item = request_item("List items", url=url(["items"], *query))
    item["response"] = [{"name": "ok", "code": 200, "body": '{"items": []}'}]
    out, client = project(tmp_path, item)
    assert "status: list[str] | None = None," in client
    assert "tag: list[str] | None = None," in client
    assert sent(out, "list_items()")["query"] == []
    request = sent(out, "list_items(status=['p', 'q'], tag=['z'])")
    assert request["query"] == [["status", "p"], ["status", "q"], ["tag[]", "z"]]
    case = cases_of(out, "client")["list_items / ok"]
    assert case["arguments"] == {"status": ["a", "b"], "tag": ["x", "y"]}
    assert_its_tests_pass(out)


def test_indexed_form_fields_are_one_list(tmp_path: Path) -> None:
    """Stripe's form fields ``expand[0]``, ``expand[1]`` were ``expand_0``, ``expand_1``."""
    fields = [{"key": "expand[0]", "value": "<string>"}, {"key": "expand[1]", "value": "b"}]
    item = request_item("Create customer", method="POST", url=url(["v1", "customers"]))
    item["request"]["body"] = {"mode": "urlencoded", "urlencoded": fields}
    out, client = project(tmp_path, item)
    assert "expand: list[str] | None = None," in client and "expand_0" not in client
    assert "expand: Example: b" in client
    request = sent(out, "create_customer(expand=['x', 'y'])")
    assert request["content"] == "expand%5B0%5D=x&expand%5B1%5D=y"
    assert sent(out, "create_customer()")["content"] == ""
    assert_its_tests_pass(out)


def test_an_empty_raw_body_is_no_body_argument(tmp_path: Path) -> None:
    """``raw: ""`` made a required ``content: str`` argument and a text/plain header."""
    item = request_item("Ping", method="POST", url=url(["ping"]))
    item["request"]["body"] = {"mode": "raw", "raw": " \n"}
    out, client = project(tmp_path, item)
    assert "content" not in client
    request = sent(out, "ping()")
    assert request["content"] == "" and "content-type" not in request["headers"]
    assert_its_tests_pass(out)


def test_an_openapi_brace_segment_is_a_path_parameter(tmp_path: Path) -> None:
    """``/users/{id}`` was sent literally as ``/users/%7Bid%7D``."""
    item = request_item("Get user", url=url(["users", "{id}", "files", "{name}.json"]))
    out, client = project(tmp_path, item)
    assert '"/users/{id}/files/{name}.json",' in client
    request = sent(out, "get_user('42', 'a b')")
    assert request["path"] == "/users/42/files/a%20b.json"
    assert_its_tests_pass(out)


def test_a_value_every_request_sends_is_a_client_setting(tmp_path: Path) -> None:
    """The same ``api-version`` and ``X-Tenant`` in every request: sent by the client from
    a setting (argument, environment variable, the value as default), not a parameter."""
    headers = [{"key": "X-Tenant", "value": "acme"}, {"key": "Accept", "value": "text/csv"}]
    first = request_item("One", url=url(["one"], ("api-version", "2024-01"), ("x", "1")))
    second = request_item("Two", url=url(["two"], ("api-version", "2024-01")))
    first["request"]["header"] = second["request"]["header"] = headers
    out, client = project(tmp_path, first, second)
    assert 'api_version = setting(api_version, "SHOP_API_VERSION", "2024-01")' in client
    assert 'headers={"User-Agent": USER_AGENT, "X-Tenant": x_tenant},' in client
    assert 'query={"api-version": api_version},' in client
    assert "api_version: str | None = None," in client  # the constructor's, not a method's
    assert client.count("api_version: str | None = None,") == 2  # Client and AsyncClient
    request = sent(out, "two()")
    assert request["query"] == [["api-version", "2024-01"]]
    assert request["headers"]["x-tenant"] == "acme"
    assert request["headers"]["accept"] == "text/csv"  # what the method speaks: kept
    overridden = sent(out, "one()", SHOP_API_VERSION="2025-02")
    assert overridden["query"] == [["api-version", "2025-02"]]
    assert_its_tests_pass(out)
