"""``postc mock``: a real HTTP server answering with saved examples (issue 8).

Requests go over loopback with httpx to a server running in a thread (or, for the
command, in its own process), never through a fake transport.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from generator.emit.tests import served
from generator.ir import Collection, Example, RawBody
from generator.loader import load_collection
from generator.mock import (
    CODE_HEADER,
    EXAMPLE_HEADER,
    NAME_HEADER,
    REQUEST_HEADER,
    MockApi,
    server,
)
from tests.conftest import CORPUS, collection_doc, load, request_item

REPO = Path(__file__).resolve().parents[1]


def example(name: str, code: int, reply: Any, url: str, **request: Any) -> dict[str, Any]:
    saved = {"method": request.pop("method", "GET"), "url": url, **request}
    return {
        "name": name,
        "code": code,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps(reply),
        "originalRequest": saved,
    }


@pytest.fixture
def serve() -> Iterator[Any]:
    """Start a mock server for a collection; yields a function returning an httpx client."""
    servers: list[Any] = []

    def start(collection: Collection) -> httpx.Client:
        httpd = server(MockApi(collection), log=None)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        host, port = httpd.server_address[:2]
        return httpx.Client(base_url=f"http://{host!s}:{port}", timeout=10)

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


USERS = load(
    {
        **request_item("Get user", url="{{baseUrl}}/users/:id"),
        "response": [
            example("ok", 200, {"id": 7, "name": "saved seven"}, "{{baseUrl}}/users/7"),
            example("other", 200, {"id": 8, "name": "saved eight"}, "{{baseUrl}}/users/8"),
            example("missing", 404, {"error": "no such user"}, "{{baseUrl}}/users/0"),
        ],
    },
    {
        **request_item("Me", url="{{baseUrl}}/users/me"),
        "response": [example("me", 200, {"id": 1, "me": True}, "{{baseUrl}}/users/me")],
    },
    {
        **request_item("Search", url="{{baseUrl}}/search?q=x"),
        "response": [
            example("cats", 200, ["cat"], "{{baseUrl}}/search?q=cats"),
            example("dogs", 200, ["dog"], "{{baseUrl}}/search?q=dogs"),
        ],
    },
    {
        **request_item("Create", method="POST", url="{{baseUrl}}/users"),
        "response": [
            example("a", 201, {"made": "a"}, "{{baseUrl}}/users", method="POST",
                    body={"mode": "raw", "raw": '{"name": "a"}'}),
            example("b", 201, {"made": "b"}, "{{baseUrl}}/users", method="POST",
                    body={"mode": "raw", "raw": '{"name": "b"}'}),
        ],
    },
)  # fmt: skip


def test_a_path_variable_matches_any_value_and_prefers_the_saved_one(serve: Any) -> None:
    client = serve(USERS)
    assert client.get("/users/123").json() == {"id": 7, "name": "saved seven"}  # first 2xx
    assert client.get("/users/8").json() == {"id": 8, "name": "saved eight"}
    assert client.get("/users/0").status_code == 404  # saved with 0


def test_a_literal_segment_beats_a_path_variable(serve: Any) -> None:
    assert serve(USERS).get("/users/me").json() == {"id": 1, "me": True}


def test_the_mock_headers_choose_an_example(serve: Any) -> None:
    client = serve(USERS)
    chosen = client.get("/users/5", headers={NAME_HEADER: "other"})
    assert chosen.json()["name"] == "saved eight"
    failing = client.get("/users/5", headers={CODE_HEADER: "404"})
    assert failing.status_code == 404 and failing.json() == {"error": "no such user"}
    unknown = client.get("/users/5", headers={NAME_HEADER: "nope"})
    assert unknown.status_code == 404
    assert unknown.json()["error"] == (
        "postc mock: no saved example has x-mock-response-name: nope: GET /users/5"
    )


def test_the_saved_query_and_body_decide_between_examples(serve: Any) -> None:
    client = serve(USERS)
    assert client.get("/search", params={"q": "dogs"}).json() == ["dog"]
    assert client.get("/search", params={"q": "cats"}).json() == ["cat"]
    assert client.post("/users", json={"name": "b"}).json() == {"made": "b"}
    assert client.post("/users", content=b'{"name":"a"}').json() == {"made": "a"}


def test_a_base_path_in_front_of_the_template_is_allowed(serve: Any) -> None:
    assert serve(USERS).get("/api/v2/users/me").json() == {"id": 1, "me": True}


def test_an_unmatched_request_gets_a_404_naming_the_closest_endpoints(serve: Any) -> None:
    response = serve(USERS).get("/user/me")
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "postc mock: no saved example matches: GET /user/me"
    assert body["closest"][0] == "GET /users/me"
    assert serve(USERS).delete("/users/1").status_code == 404  # no DELETE saved


def test_the_reply_is_the_saved_example(serve: Any) -> None:
    odd = load(
        {
            **request_item("Odd", url="https://x.test/odd"),
            "response": [
                {
                    "name": "odd",
                    "code": 0,  # no HTTP status: sent as 200
                    "status": "Fine",
                    "header": [
                        {"key": "X-Thing", "value": "kept"},
                        {"key": "Content-Length", "value": "999"},
                        {"key": "Content-Encoding", "value": "gzip"},
                    ],
                    "body": "plain text, ünïcode",
                }
            ],
        }
    )
    response = serve(odd).get("/odd")
    assert response.status_code == 200
    assert response.headers["x-thing"] == "kept"
    assert "content-encoding" not in response.headers
    assert response.content == "plain text, ünïcode".encode()
    assert serve(odd).head("/odd").content == b""


# -- choosing an example -----------------------------------------------------------------------

ORDER_ONE = "{{baseUrl}}/orders/1"
TWINS = load(
    {
        "name": "Orders",
        "item": [
            {
                **request_item("Get order", url="{{baseUrl}}/orders/:id"),
                "response": [
                    example("OK", 200, {"from": "first"}, ORDER_ONE),
                    example("OK", 200, {"from": "second"}, ORDER_ONE),
                    example("Using Passthrough Api ", 200, {"from": "padded"}, ORDER_ONE),
                    example("Café crème", 200, {"from": "accented"}, ORDER_ONE),
                    example("Façade à", 200, {"from": "NBSP byte"}, ORDER_ONE),
                ],
            }
        ],
    },
    {
        "name": "Copies",
        "item": [
            {
                **request_item("Get order", url="{{baseUrl}}/orders/:id"),
                "response": [example("OK", 200, {"from": "copy"}, ORDER_ONE)],
            }
        ],
    },
)  # fmt: skip


def test_the_example_header_chooses_among_examples_of_one_route_name_and_status(
    serve: Any,
) -> None:
    """Examples of one route sharing a name and a status (one request's twins, a request
    copied into another folder) are told apart only by their place in the collection."""
    client = serve(TWINS)
    twins = [e for endpoint in TWINS.endpoints() for e in endpoint.examples if e.name == "OK"]
    assert len(twins) == 3
    for saved in twins:
        chosen = {NAME_HEADER: "OK", CODE_HEADER: "200", EXAMPLE_HEADER: saved.json_path}
        assert client.get("/orders/1", headers=chosen).content == (saved.body or "").encode()
    chosen = {NAME_HEADER: "OK", EXAMPLE_HEADER: "item[0].item[0].response[2]"}
    refused = client.get("/orders/1", headers=chosen)  # that place holds another name
    assert refused.status_code == 404
    assert refused.json()["error"] == (
        "postc mock: no saved example has x-mock-response-name: OK, "
        "x-postc-example: item[0].item[0].response[2]: GET /orders/1"
    )


def test_the_request_header_answers_with_that_requests_examples_only(serve: Any) -> None:
    """Two requests of one route, only the first with an example (Postman Echo's digest
    auth: a success request saved, the 401 request not): a test about the second names it
    and is refused, instead of checking the first one's answer as its own."""
    saved = request_item("Digest success", url="https://x.test/digest")
    saved["response"] = [{"name": "OK", "code": 200, "status": "OK", "body": "{}"}]
    collection = load(saved, request_item("Digest refused", url="https://x.test/digest"))
    client = serve(collection)
    assert client.get("/digest", headers={REQUEST_HEADER: "item[0]"}).status_code == 200
    refused = client.get("/digest", headers={REQUEST_HEADER: "item[1]"})
    assert refused.status_code == 404
    assert refused.json()["error"] == (
        "postc mock: no saved example has x-postc-request: item[1]: GET /digest"
    )
    assert client.get("/digest").status_code == 200  # unnamed, any example of the route


def test_the_name_header_ignores_the_whitespace_around_it() -> None:
    """HTTP drops the spaces around a header value, a client may keep them: a name saved as
    ``"Using Passthrough Api "`` is chosen either way (sent raw: clients trim)."""
    httpd = server(MockApi(TWINS), log=None)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        port = httpd.server_address[1]
        for sent in (" Using Passthrough Api \t ", "Using Passthrough Api"):
            lines = ["GET /orders/1 HTTP/1.1", "Host: x", "Connection: close"]
            lines += [f"{NAME_HEADER}:{sent}", "", ""]
            with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
                connection.sendall("\r\n".join(lines).encode("latin-1"))
                reply = b""
                while chunk := connection.recv(65536):  # until the server closes
                    reply += chunk
            assert reply.startswith(b"HTTP/1.1 200 ") and reply.endswith(b'{"from": "padded"}')
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_name_with_non_ascii_letters_is_chosen_in_utf8_or_latin1(serve: Any) -> None:
    """Header bytes are read as ISO-8859-1; a UTF-8 name is read back as UTF-8 (``à`` ends
    in the byte 0xa0, a space to ``str.strip``), an ISO-8859-1 one still works."""
    client = serve(TWINS)
    for encoding in ("utf-8", "latin-1"):
        for name, origin in (("Café crème", "accented"), ("Façade à", "NBSP byte")):
            chosen = client.get("/orders/1", headers={NAME_HEADER: name.encode(encoding)})
            assert chosen.json() == {"from": origin}, (encoding, name)


def test_the_mock_serves_bodies_without_the_collections_credentials(serve: Any) -> None:
    """The generated tests leave the collection's credential values out of the bodies they
    serve; the mock serves those bodies, so the two agree (and a token is not served)."""
    token = "tok-4f8a1c9e7b2d6053"
    collection = load(
        {
            **request_item("Me", url="{{baseUrl}}/me"),
            "response": [
                example("json", 200, {"seen": f"Bearer {token}"}, "{{baseUrl}}/me"),
                {**example("text", 201, None, "{{baseUrl}}/me"), "header": [],
                 "body": f"token={token}; kept"},
            ],
        },
        auth={"type": "bearer", "bearer": [{"key": "token", "value": token}]},
    )  # fmt: skip
    client = serve(collection)
    assert client.get("/me").json() == {"seen": "Bearer REDACTED"}
    assert client.get("/me", headers={CODE_HEADER: "201"}).text == "token=REDACTED; kept"
    api = MockApi(collection)
    for saved in next(collection.endpoints()).examples:
        assert (
            served(saved, api.secrets).body
            == client.get("/me", headers={NAME_HEADER: saved.name}).text
        )


def test_an_example_saved_with_an_empty_last_segment_answers_that_path(serve: Any) -> None:
    """``/things/`` saved for ``/things/:id`` (a query of all, say) answers ``/things/``."""
    collection = load(
        {
            **request_item("Get", url="{{baseUrl}}/things/:id"),
            "response": [example("all", 200, ["all"], "{{baseUrl}}/things/")],
        }
    )
    client = serve(collection)
    response = client.get("/things/", headers={EXAMPLE_HEADER: "item[0].response[0]"})
    assert response.json() == ["all"]


# -- the command -------------------------------------------------------------------------------


def started_mock(*args: str | Path) -> tuple[subprocess.Popen[str], str]:
    """``postc mock ARGS --port 0`` in a process of its own, and the banner it starts with
    (which names its URL: ``on http://127.0.0.1:PORT (...)``)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "mock", *map(str, args), "--port", "0"],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    return process, process.stderr.readline()


def test_postc_mock_serves_logs_and_stops_cleanly(tmp_path: Path) -> None:
    source = tmp_path / "users.json"
    source.write_text(json.dumps(collection_doc(USERS_ITEM)), encoding="utf-8")
    process, banner = started_mock(source)
    try:
        assert process.stderr is not None
        found = re.search(r"on (http://127\.0\.0\.1:\d+) \(1 endpoints, 1 examples\)", banner)
        assert found, banner
        response = httpx.get(found.group(1) + "/users/3", timeout=10)
        assert response.json() == {"id": 3}
        assert process.stderr.readline().strip() == "GET /users/3 -> 200 (ok)"
    finally:
        process.send_signal(signal.SIGTERM)
        rest = process.communicate(timeout=10)[1]
    assert process.returncode == 0
    assert "postc mock: stopped" in rest
    assert "Traceback" not in rest


USERS_ITEM = {
    **request_item("Get user", url="{{baseUrl}}/users/:id"),
    "response": [example("ok", 200, {"id": 3}, "{{baseUrl}}/users/3")],
}


def test_postc_mock_env_keeps_the_environments_credentials_out_of_bodies(tmp_path: Path) -> None:
    """``postc mock --env``: a secret of the environment (as ``postc generate --env`` reads
    it) is left out of the bodies served, as the generated tests leave it out."""
    secret = "env-Secret-7f3a9c2e5b"
    item = {
        **request_item("Me", url="{{baseUrl}}/me"),
        "response": [example("ok", 200, {"echo": f"key {secret}"}, "{{baseUrl}}/me")],
    }
    source = tmp_path / "me.json"
    source.write_text(json.dumps(collection_doc(item)), encoding="utf-8")
    environment = tmp_path / "env.json"
    values = [{"key": "apiKey", "value": secret, "type": "secret", "enabled": True}]
    environment.write_text(json.dumps({"name": "E", "values": values}), encoding="utf-8")
    process, banner = started_mock(source, "--env", environment)
    try:
        found = re.search(r"on (http://\S+) ", banner)
        assert found, banner
        assert httpx.get(found.group(1) + "/me", timeout=10).json() == {"echo": "key REDACTED"}
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)


def test_postc_mock_on_bad_input_exits_2(tmp_path: Path, run_postc: Any) -> None:
    source = tmp_path / "bad.json"
    source.write_text("{", encoding="utf-8")
    status, _, err = run_postc("mock", source)
    assert status == 2 and "bad.json" in err


# -- every saved example of the corpus ----------------------------------------------------------


def _corpus() -> list[Path]:
    """The v2.0 and v2.1 collections of the corpus, by its MANIFEST.tsv."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [CORPUS / row["file"] for row in rows if row["schema_version"] in ("v2.0", "v2.1")]


def _request_of(saved: Example, fallback: Any) -> tuple[str, str, list[tuple[str, str]], bytes]:
    """Method, path, query and raw body of the request an example was saved for (the
    request's own when the example's has no URL)."""
    request = saved.original_request
    if request is None or not (request.url.host or request.url.path):
        request = fallback
    values = {v.name: v.value or "" for v in request.url.variables}
    parts = []
    for segment in request.url.path:
        if segment.startswith(":") and segment[1:].split(".")[0] in values:
            name = segment[1:].split(".")[0]
            segment = (values[name] or "x") + segment[1 + len(name) :]
        segment = re.sub(r"\{\{[^{}]*\}\}", "x", segment)
        parts.append(quote(segment, safe=""))
    query = [(p.key, p.value or "") for p in request.url.query if not p.disabled]
    body = request.body.text.encode() if isinstance(request.body, RawBody) else b""
    return request.method.upper(), "/" + "/".join(parts), query, body


@pytest.mark.skipif(
    not (CORPUS / "MANIFEST.tsv").is_file(), reason="../shared/corpus is not available"
)
def test_the_mock_serves_every_saved_example_of_the_corpus(serve: Any) -> None:
    """Each example, asked for by name, status and place, is the answer, exactly as the
    generated tests serve it (``served``): also where several examples of one route share a
    name and a status (Sabre's requests copied between folders, PayPal's numbered twins)."""
    served_count = 0
    for path in _corpus():
        collection = load_collection(path)
        api = MockApi(collection)
        client = serve(collection)
        for endpoint in collection.endpoints():
            for saved in endpoint.examples:
                method, url_path, query, body = _request_of(saved, endpoint.request)
                answer = served(saved, api.secrets)
                headers = {CODE_HEADER: str(answer.status), EXAMPLE_HEADER: saved.json_path}
                name = saved.name.strip()
                if name.isprintable():  # else not a header value
                    headers[NAME_HEADER] = name.encode()  # type: ignore[assignment]
                response = client.request(
                    method, url_path, params=query, headers=headers, content=body
                )
                expected = b"" if method == "HEAD" else answer.body.encode()
                where = f"{path.name} {saved.json_path}: {method} {url_path}"
                assert response.status_code == answer.status, where
                assert response.content == expected, where
                if saved.content_type:  # the media type the tests serve, never a saved charset
                    assert response.headers["content-type"] == answer.content_type, where
                served_count += 1
    assert served_count > 1000


# -- the generated tests, live against postc mock ----------------------------------------------


@pytest.mark.parametrize(
    ("collection", "project"),
    [
        ("zoho-crm-bulk-write.postman_collection.json", "zoho_crm_bulk_write"),
        ("httpbin.postman_collection.json", "httpbin"),
    ],
)
def test_the_generated_tests_pass_live_against_postc_mock(collection: str, project: str) -> None:
    """``POSTC_BASE_URL=... python -m pytest`` in a generated project: the same example tests,
    over HTTP, against ``postc mock`` serving the collection."""
    mock, banner = started_mock(f"collections/{collection}")
    try:
        found = re.search(r"on (http://\S+) ", banner)
        assert found, banner
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs"],
            cwd=REPO / "generated" / project,
            env={**os.environ, "POSTC_BASE_URL": found.group(1)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        mock.send_signal(signal.SIGTERM)
        log = mock.communicate(timeout=10)[1]
    assert run.returncode == 0, run.stdout + run.stderr
    assert " passed" in run.stdout and "failed" not in run.stdout
    assert " -> 200 " in log  # the requests did reach the server
