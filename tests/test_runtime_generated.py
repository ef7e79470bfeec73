"""The runtime as a generated package uses it: return types chosen by the saved evidence,
the typed raw and streaming views, call options, read-only settings and noauth requests.

One small collection is generated once; a script in its project (checked by
``mypy --strict`` first, so the views' types are tested too) calls the client through an
``httpx.MockTransport``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.generate import generate
from tests.conftest import MypyStrict, collection_doc, run
from tests.test_generated_test_data import cases_of


def item(name: str, method: str = "GET", path: str = "/x", **extra: Any) -> dict[str, Any]:
    request = {"method": method, "url": "https://api.example.com" + path}
    request.update(extra.pop("request", {}))
    return {"name": name, "request": request, **extra}


def example(code: int, body: str, content_type: str | None = None) -> dict[str, Any]:
    header = [{"key": "Content-Type", "value": content_type}] if content_type else []
    return {"name": f"saved {code}", "code": code, "body": body, "header": header}


APIKEY = [
    {"key": "key", "value": "X-Api-Key"},
    {"key": "value", "value": "{{api_key}}"},
    {"key": "in", "value": "header"},
]
FILES = [
    item("Report", path="/reports/:id", response=[example(200, "%PDF-1.4", "application/pdf")]),
    item("Readme", path="/readme", response=[example(200, "hello", "text/plain")]),
    item("Check", method="HEAD", path="/things"),
    item("Delete thing", method="DELETE", path="/things/:id", response=[example(204, "")]),
    item("Export", path="/export", request={"header": [{"key": "Accept", "value": "text/csv"}]}),
    item("Public", path="/public", request={"auth": {"type": "noauth"}}),
    item(
        "Create",
        method="POST",
        path="/things",
        request={"body": {"mode": "raw", "raw": '{"name": "a"}'}},
    ),
]
COLLECTION = collection_doc(
    item("Ping", path="/ping"),
    item("Token", path="/token", response=[example(200, '{"t": 1}', "application/json")]),
    {"name": "Files", "auth": {"type": "apikey", "apikey": APIKEY}, "item": FILES},
    auth={"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
)

SCRIPT = """
from __future__ import annotations

import asyncio
import json

import httpx

from shapes import AsyncClient, Client
from shapes._runtime import JsonValue, RawResponse, ValidationError

sent: list[httpx.Request] = []
answer = httpx.Response(200, json={"ok": True})


def handler(request: httpx.Request) -> httpx.Response:
    request.read()
    sent.append(request)
    return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


client = Client(token="t0k", api_key="k3y", transport=httpx.MockTransport(handler))
pinged: JsonValue = client.ping(extra_headers={"X-Trace": "1"}, extra_query={"q": "a"})
assert pinged == {"ok": True}, pinged
assert sent[-1].headers["X-Trace"] == "1" and sent[-1].url.params["q"] == "a"
assert sent[-1].headers["Authorization"] == "Bearer t0k"
answer = httpx.Response(200, text="plain", headers={"Content-Type": "text/plain"})
assert client.ping(timeout=None) == "plain"
assert sent[-1].extensions["timeout"]["read"] is None
answer = httpx.Response(200, content=b"\\x89PNG", headers={"Content-Type": "image/png"})
try:
    client.ping()
except ValidationError as error:
    assert "with_raw_response" in str(error)
else:
    raise AssertionError("an image is no JSON value")
raw: RawResponse[JsonValue] = client.with_raw_response.ping()
assert raw.status_code == 200 and raw.http.content == b"\\x89PNG"
report: bytes = client.files.report(id="1")
assert report == b"\\x89PNG"
with client.files.with_streaming_response.report(id="2") as response:
    assert b"".join(response.iter_bytes()) == b"\\x89PNG"
assert response.http.is_closed and sent[-1].url.path == "/reports/2"
try:
    client.files.report(id="")
except ValueError as error:
    assert "'id' is empty" in str(error), error
else:
    raise AssertionError("an empty path value was sent")
count = len(sent)
client.files.delete_thing(id="3")
assert len(sent) == count + 1
answer = httpx.Response(200, text="a,b", headers={"Content-Type": "text/csv"})
exported: str = client.files.export()
assert exported == "a,b"
client.files.create(body={"name": "n"}, extra_body={"dry_run": True})
assert json.loads(sent[-1].content) == {"name": "n", "dry_run": True}
assert sent[-1].headers["X-Api-Key"] == "k3y"
assert client.api_key == "k3y" and client.base_url == "https://api.example.com"
assert callable(client.token)  # the token setting is no property: a root method has the name

caller = httpx.Client(transport=httpx.MockTransport(handler), auth=httpx.BasicAuth("gw", "pw"))
Client(token="t0k", api_key="k3y", http_client=caller).files.public()
assert sent[-1].headers["Authorization"] == "Basic Z3c6cHc=", sent[-1].headers
assert "X-Api-Key" not in sent[-1].headers


async def scenario() -> bytes:
    async with AsyncClient(
        token="t", api_key="k", transport=httpx.MockTransport(handler)
    ) as api:
        raw_report = await api.files.with_raw_response.report(id="4")
        assert raw_report.parse() == b"\\x89PNG"
        async with api.files.with_streaming_response.report(id="5") as streamed:
            return b"".join([chunk async for chunk in streamed.aiter_bytes()])


answer = httpx.Response(200, content=b"\\x89PNG", headers={"Content-Type": "image/png"})
assert asyncio.run(scenario()) == b"\\x89PNG"
print("ok")
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shapes")
    source = root / "shapes.json"
    source.write_text(json.dumps({**COLLECTION, "info": {**COLLECTION["info"], "name": "Shapes"}}))
    generate(source, root / "out")
    return root / "out"


def test_return_types_follow_the_saved_evidence(project: Path) -> None:
    files = (project / "shapes" / "resources" / "files.py").read_text()
    client = (project / "shapes" / "_client.py").read_text()
    returns = {
        "report": "bytes",  # application/pdf
        "readme": "str",  # text/plain
        "check": "None",  # HEAD
        "delete_thing": "None",  # every example 204
        "export": "str",  # no example, Accept: text/csv
        "public": "JsonValue",  # no evidence
        "create": "JsonValue",
    }
    for name, annotation in returns.items():
        head = files[files.index(f"    def {name}(") :]
        assert head[: head.index(":\n")].endswith(f") -> Call[{annotation}]"), name
    assert "    def ping(" in client and ") -> Call[JsonValue]:" in client
    assert "def api_key(self) -> str:" in client
    assert "def token(self) -> str:" not in client  # the root method keeps the name


def test_the_generated_client_calls_decode_stream_and_take_options(
    project: Path, mypy_strict: MypyStrict
) -> None:
    (project / "check_calls.py").write_text(SCRIPT)
    checked = run([*mypy_strict(), "shapes", "tests", "check_calls.py"], project)
    assert checked.returncode == 0, checked.stdout
    result = run([sys.executable, "check_calls.py"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


def test_the_generated_tests_check_decoded_values_and_pass(project: Path) -> None:
    """A PDF is compared as bytes, a text as str; a request without an example (and a
    ``text/csv`` answer no example shows) only as the request it builds."""
    cases = cases_of(project, "files")
    report, readme = cases["files.report / saved 200"], cases["files.readme / saved 200"]
    assert (report["expect"], report["text"], report["arguments"]) == (
        "bytes",
        "%PDF-1.4",
        {"id": "example"},
    )
    assert (readme["expect"], readme["text"], readme["arguments"]) == ("text", "hello", {})
    assert cases["files.export / (no example)"]["expect"] == "request"
    tests = (project / "tests" / "test_files.py").read_text()
    assert "assert case.call(client, mock) == case.expected(), case" in tests
    command = [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider"]
    result = run(command, project)
    assert result.returncode == 0, result.stdout + result.stderr
    for passed in (
        "test_returns_its_body[files.report / saved 200] PASSED",
        "test_returns_its_body[files.readme / saved 200] PASSED",
        "test_builds_its_request[files.export / (no example)] PASSED",
    ):
        assert passed in result.stdout, result.stdout
