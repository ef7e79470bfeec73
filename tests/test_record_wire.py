"""postc record on the wire: each request as the generated client sends it (auth, hosts,
bodies, retries, redirects), against a real server on loopback (docs/record.md, "On the
wire")."""

from __future__ import annotations

import base64
import gzip
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

import pytest

from generator.ir import Collection, Endpoint
from generator.loader import collection_from_json
from generator.record.exchange import Outgoing, Received, Skipped
from generator.record.variables import Variables
from generator.record.wire import Sender, SendError, prepare
from tests.conftest import collection_doc, loopback, request_item


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    body: bytes


class Recorder(BaseHTTPRequestHandler):
    """Answers by path and keeps every request it receives."""

    seen: ClassVar[list[Seen]] = []
    lock = threading.Lock()
    failures = 0  # how many more times /flaky answers 503

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        parts = urlsplit(self.path)
        seen = Seen(
            self.command,
            parts.path,
            tuple(parse_qsl(parts.query, keep_blank_values=True)),
            {k.lower(): v for k, v in self.headers.items()},
            body,
        )
        with self.lock:
            self.seen.append(seen)
        route = getattr(self, "route_" + parts.path.strip("/").split("/")[-1], None)
        if route is not None:
            route(seen)
        else:
            self._answer(200, {"path": parts.path})

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        for key, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def route_token(self, seen: Seen) -> None:
        self._answer(200, {"access_token": "fetched-token-9f8e7d", "expires_in": 3600})

    def route_digest(self, seen: Seen) -> None:
        if seen.headers.get("authorization", "").startswith("Digest "):
            self._answer(200, {"ok": True})
        else:
            challenge = 'Digest realm="r", nonce="abc123", qop="auth", algorithm=MD5'
            self._answer(401, {}, {"WWW-Authenticate": challenge})

    def route_flaky(self, seen: Seen) -> None:
        if Recorder.failures > 0:
            Recorder.failures -= 1
            self._answer(503, {}, {"Retry-After": "7"})
        else:
            self._answer(200, {"ok": True})

    def route_gzipped(self, seen: Seen) -> None:
        self._answer(200, gzip.compress(b'{"zipped": true}'), {"Content-Encoding": "gzip"})

    def route_cookie(self, seen: Seen) -> None:
        self._answer(200, {}, {"Set-Cookie": "session=s-123; Path=/"})

    def route_same(self, seen: Seen) -> None:
        self._answer(302, b"", {"Location": "/landed"})

    def route_away(self, seen: Seen) -> None:
        port = self.headers["Host"].rsplit(":", 1)[1]
        self._answer(302, b"", {"Location": f"http://localhost:{port}/elsewhere"})

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    Recorder.seen = []
    Recorder.failures = 0
    yield from loopback(Recorder, monkeypatch)


def _collection(tmp_path: Path, *items: Any, **root: Any) -> Collection:
    return collection_from_json(collection_doc(*items, **root), str(tmp_path / "c.json"))


def _prepared(
    collection: Collection, process: dict[str, str] | None = None, index: int = 0
) -> Outgoing | Skipped:
    variables = Variables.of(collection, None, process or {})
    endpoint: Endpoint = list(collection.endpoints())[index]
    return prepare(collection, endpoint, variables)


def _sent(
    collection: Collection, process: dict[str, str] | None = None
) -> tuple[Outgoing, Received]:
    outgoing = _prepared(collection, process)
    assert isinstance(outgoing, Outgoing), outgoing
    with Sender() as sender:
        return outgoing, sender.send(outgoing)


def _auth(kind: str, **attributes: str) -> dict[str, Any]:
    return {"type": kind, kind: [{"key": k, "value": v} for k, v in attributes.items()]}


AUTHS = [
    (_auth("bearer", token="{{tok}}"), "authorization", "Bearer secret-123456"),
    (_auth("apikey", key="X-Key", value="{{tok}}", **{"in": "header"}), "x-key", "secret-123456"),
    (
        _auth("oauth2", accessToken="{{tok}}", headerPrefix="Token"),
        "authorization",
        "Token secret-123456",
    ),
]


@pytest.mark.parametrize(("auth", "header", "expected"), AUTHS)
def test_auth_in_a_header(
    server: str, tmp_path: Path, auth: dict[str, Any], header: str, expected: str
) -> None:
    collection = _collection(
        tmp_path,
        request_item(url=f"{server}/a"),
        auth=auth,
        variable=[{"key": "tok", "value": "secret-123456"}],
    )
    outgoing, _ = _sent(collection)
    assert Recorder.seen[-1].headers[header] == expected
    assert "secret-123456" in outgoing.credentials


@pytest.mark.parametrize(
    "auth",
    [
        _auth("apikey", key="key", value="{{tok}}", **{"in": "query"}),
        _auth("oauth2", accessToken="{{tok}}", addTokenTo="queryParams"),
    ],
)
def test_auth_in_the_query(server: str, tmp_path: Path, auth: dict[str, Any]) -> None:
    collection = _collection(
        tmp_path,
        request_item(url=f"{server}/a?x=1"),
        auth=auth,
        variable=[{"key": "tok", "value": "secret-123456"}],
    )
    _sent(collection)
    assert Recorder.seen[-1].query[0] == ("x", "1")
    assert Recorder.seen[-1].query[1][1] == "secret-123456"


def test_basic_auth_lists_the_encoded_pair(server: str, tmp_path: Path) -> None:
    auth = _auth("basic", username="{{user}}", password="{{pass}}")
    variables = [{"key": "user", "value": "alice"}, {"key": "pass", "value": "pw-123456"}]
    outgoing, _ = _sent(
        _collection(tmp_path, request_item(url=f"{server}/a"), auth=auth, variable=variables)
    )
    pair = base64.b64encode(b"alice:pw-123456").decode()
    assert Recorder.seen[-1].headers["authorization"] == f"Basic {pair}"
    assert {"pw-123456", pair, f"Basic {pair}"} <= set(outgoing.credentials)


def test_digest_answers_the_challenge(server: str, tmp_path: Path) -> None:
    auth = _auth("digest", username="{{user}}", password="{{pass}}")
    variables = [{"key": "user", "value": "alice"}, {"key": "pass", "value": "pw-123456"}]
    _, received = _sent(
        _collection(tmp_path, request_item(url=f"{server}/digest"), auth=auth, variable=variables)
    )
    assert received.status == 200
    assert [s.headers.get("authorization", "")[:7] for s in Recorder.seen] == ["", "Digest "]
    assert 'username="alice"' in Recorder.seen[-1].headers["authorization"]


def test_client_credentials_fetch_a_token_once_and_report_it(server: str, tmp_path: Path) -> None:
    auth = _auth(
        "oauth2",
        grant_type="client_credentials",
        accessTokenUrl=f"{server}/token",
        clientId="{{cid}}",
        clientSecret="{{secret}}",
    )
    variables = [{"key": "cid", "value": "client-1"}, {"key": "secret", "value": "shh-123456"}]
    collection = _collection(
        tmp_path, request_item(url=f"{server}/a"), auth=auth, variable=variables
    )
    outgoing = _prepared(collection)
    assert isinstance(outgoing, Outgoing)
    with Sender() as sender:
        first, second = sender.send(outgoing), sender.send(outgoing)
    assert [s.path for s in Recorder.seen] == ["/token", "/a", "/a"]
    assert (
        Recorder.seen[0].headers["authorization"]
        == "Basic " + base64.b64encode(b"client-1:shh-123456").decode()
    )
    assert Recorder.seen[1].headers["authorization"] == "Bearer fetched-token-9f8e7d"
    assert first.credentials == second.credentials
    assert first.credentials == ("fetched-token-9f8e7d", "Bearer fetched-token-9f8e7d")
    assert "shh-123456" in outgoing.credentials


@pytest.mark.parametrize(
    ("carriage", "header", "query"),
    [
        ({"headerPrefix": "Token"}, "Token fetched-token-9f8e7d", []),
        ({"addTokenTo": "queryParams"}, None, ["fetched-token-9f8e7d"]),
    ],
)
def test_client_credentials_carry_the_token_as_the_auth_says(
    server: str, tmp_path: Path, carriage: dict[str, str], header: str | None, query: list[str]
) -> None:
    auth = _auth(
        "oauth2",
        grant_type="client_credentials",
        accessTokenUrl=f"{server}/token",
        clientId="{{cid}}",
        clientSecret="{{secret}}",
        **carriage,
    )
    variables = [{"key": "cid", "value": "client-1"}, {"key": "secret", "value": "shh-123456"}]
    collection = _collection(
        tmp_path, request_item(url=f"{server}/a"), auth=auth, variable=variables
    )
    _, received = _sent(collection)
    sent = Recorder.seen[-1]
    tokens = [value for key, value in sent.query if key == "access_token"]
    assert (sent.headers.get("authorization"), tokens) == (header, query)
    assert received.credentials[0] == "fetched-token-9f8e7d"
    assert header is None or header in received.credentials


def test_credential_headers_are_sent_as_written_and_listed(server: str, tmp_path: Path) -> None:
    headers = [
        {"key": "Authorization", "value": "SSWS {{key}}"},
        {"key": "x-api-key", "value": "{{other}}"},
        {"key": "Accept", "value": "application/json"},
        {"key": "X-Off", "value": "no", "disabled": True},
        {"key": "Content-Length", "value": "999"},
    ]
    variables = [{"key": "key", "value": "ssws-123456"}, {"key": "other", "value": "other-123456"}]
    collection = _collection(
        tmp_path, request_item(url=f"{server}/a", header=headers), variable=variables
    )
    outgoing, _ = _sent(collection)
    seen = Recorder.seen[-1].headers
    assert (seen["authorization"], seen["x-api-key"], seen["accept"]) == (
        "SSWS ssws-123456",
        "other-123456",
        "application/json",
    )
    assert "x-off" not in seen and seen.get("content-length", "0") == "0"
    assert {"ssws-123456", "SSWS ssws-123456", "other-123456"} <= set(outgoing.credentials)


def test_unsupported_auth_is_skipped_with_its_type(tmp_path: Path) -> None:
    collection = _collection(tmp_path, request_item(), auth=_auth("awsv4", accessKey="k"))
    skipped = _prepared(collection)
    assert isinstance(skipped, Skipped) and skipped.reason == "auth awsv4 is not generated by postc"


def test_missing_credential_names_the_clients_variable(tmp_path: Path) -> None:
    collection = _collection(tmp_path, request_item(), auth=_auth("bearer", token="{{tok}}"))
    skipped = _prepared(collection)
    assert isinstance(skipped, Skipped)
    assert skipped.reason == "needs {{tok}} (TEST_API_TOK)" and skipped.variables == ("tok",)


def test_an_empty_credential_is_missing_not_sent_empty(tmp_path: Path) -> None:
    """Zoho's ``access-token`` is declared ``""``: the client has no value for it (it would
    refuse with ``missing setting``), so the request is skipped, not sent as ``Bearer ``."""
    variable = [{"key": "tok", "value": ""}, {"key": "wrapped", "value": "{{tok}}"}]
    for token in ("{{tok}}", "{{wrapped}}"):
        auth = _auth("bearer", token=token)
        collection = _collection(tmp_path, request_item(), auth=auth, variable=variable)
        skipped = _prepared(collection)
        assert isinstance(skipped, Skipped), token
        assert skipped.variables == (token[2:-2],)


def _body(server: str, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return request_item(method="POST", url=f"{server}/b", body=body, **extra)


def test_each_body_mode_arrives_byte_exact(server: str, tmp_path: Path) -> None:
    (tmp_path / "up.bin").write_bytes(b"\x00\x01binary")
    raw = '{"name": "{{name}}",  "n": 1}'
    items = [
        _body(server, {"mode": "raw", "raw": raw, "options": {"raw": {"language": "json"}}}),
        _body(
            server,
            {"mode": "raw", "raw": "<a>{{name}}</a>", "options": {"raw": {"language": "xml"}}},
        ),
        _body(
            server,
            {
                "mode": "urlencoded",
                "urlencoded": [
                    {"key": "a", "value": "1 2"},
                    {"key": "b", "value": "{{name}}"},
                    {"key": "c", "value": "x", "disabled": True},
                ],
            },
        ),
        _body(
            server,
            {"mode": "graphql", "graphql": {"query": "{ me }", "variables": '{"id": "{{name}}"}'}},
        ),
        _body(server, {"mode": "file", "file": {"src": "up.bin"}}),
        _body(server, {"mode": "graphql", "graphql": {"query": "{ you }"}}),
        _body(
            server,
            {
                "mode": "formdata",
                "formdata": [
                    {"key": "t", "value": "{{name}}", "type": "text"},
                    {"key": "f", "src": "up.bin", "type": "file"},
                ],
            },
        ),
    ]
    collection = _collection(tmp_path, *items, variable=[{"key": "name", "value": "ada"}])
    variables = Variables.of(collection, None, {})
    with Sender() as sender:
        for endpoint in collection.endpoints():
            outgoing = prepare(collection, endpoint, variables)
            assert isinstance(outgoing, Outgoing), outgoing
            sender.send(outgoing)
    bodies = [s.body for s in Recorder.seen]
    types = [s.headers["content-type"] for s in Recorder.seen]
    assert bodies[:6] == [
        b'{"name": "ada",  "n": 1}',
        b"<a>ada</a>",
        b"a=1+2&b=ada",
        b'{"query":"{ me }","variables":{"id":"ada"}}',
        b"\x00\x01binary",
        b'{"query":"{ you }","variables":null}',
    ]
    assert types[:4] == [
        "application/json",
        "application/xml",
        "application/x-www-form-urlencoded",
        "application/json",
    ]
    boundary = types[6].split("boundary=")[1]
    assert types[6].startswith("multipart/form-data")
    assert (
        f'--{boundary}\r\nContent-Disposition: form-data; name="t"\r\n\r\nada\r\n'.encode()
        in bodies[6]
    )
    assert b'filename="up.bin"' in bodies[6] and b"\x00\x01binary" in bodies[6]


def test_form_data_without_files_is_sent_multipart(server: str, tmp_path: Path) -> None:
    """Postman sends every form-data body multipart, and so does the client: text parts
    without a filename, in their order; urlencoded only for an urlencoded body."""
    parts = [
        {"key": "t", "value": "{{name}}", "type": "text"},
        {"key": "off", "value": "x", "type": "text", "disabled": True},
        {"key": "u", "value": "2", "type": "text"},
    ]
    collection = _collection(
        tmp_path,
        _body(server, {"mode": "formdata", "formdata": parts}),
        variable=[{"key": "name", "value": "ada"}],
    )
    _sent(collection)
    kind = Recorder.seen[-1].headers["content-type"]
    boundary = kind.partition("; boundary=")[2]
    assert kind == f"multipart/form-data; boundary={boundary}" and boundary
    part = f'--{boundary}\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
    expected = part % ("t", "ada") + part % ("u", "2") + f"--{boundary}--\r\n"
    assert Recorder.seen[-1].body == expected.encode()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            {"mode": "file", "file": {"src": "absent.bin"}},
            "file absent.bin is not a readable file next to the collection",
        ),
        (
            {"mode": "file", "file": {"src": "../outside.bin"}},
            "file ../outside.bin is outside the collection's directory",
        ),
        (
            {
                "mode": "formdata",
                "formdata": [{"key": "f", "src": "/etc/hostname", "type": "file"}],
            },
            "file /etc/hostname is outside the collection's directory",
        ),
    ],
)
def test_a_file_not_next_to_the_collection_is_not_sent(
    tmp_path: Path, body: dict[str, Any], reason: str
) -> None:
    (tmp_path.parent / "outside.bin").write_bytes(b"x")
    skipped = _prepared(_collection(tmp_path, _body("https://api.example.com", body)))
    assert isinstance(skipped, Skipped) and skipped.reason == reason


def test_a_fifo_next_to_the_collection_does_not_stall_the_recording(tmp_path: Path) -> None:
    """A file part is read as postc reads its inputs (generator.reading): a FIFO nobody
    writes to reads as empty; read plainly, it waited for a writer forever."""
    os.mkfifo(tmp_path / "pipe.bin")
    body = {"mode": "file", "file": {"src": "pipe.bin"}}
    collection = _collection(tmp_path, _body("https://api.example.com", body))
    prepared: list[Outgoing | Skipped] = []
    worker = threading.Thread(target=lambda: prepared.append(_prepared(collection)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert prepared and isinstance(prepared[0], Outgoing) and prepared[0].content == b""


def test_the_clients_base_url_setting_replaces_a_literal_host(server: str, tmp_path: Path) -> None:
    collection = _collection(
        tmp_path,
        request_item(url="https://postman-echo.com/get?foo=b%20r&x={{v}}"),
        variable=[{"key": "v", "value": "a&b"}],
    )
    outgoing, received = _sent(collection, {"TEST_API_BASE_URL": f"{server}/prefix/"})
    assert outgoing.url == f"{server}/prefix/get?foo=b+r&x=a%26b"
    assert (Recorder.seen[-1].path, Recorder.seen[-1].query) == (
        "/prefix/get",
        (("foo", "b r"), ("x", "a&b")),
    )
    assert received.status == 200


UPLOAD = {
    "raw": "https://upload.shop.io/files/:id",
    "protocol": "https",
    "host": ["upload", "shop", "io"],
    "path": ["files", ":id"],
    "variable": [{"key": "id", "value": "a/b"}],
}


def test_another_host_goes_to_its_own_setting(server: str, tmp_path: Path) -> None:
    items = [
        request_item(url="https://api.shop.io/a"),
        request_item(url="https://api.shop.io/b"),
        request_item("Up", url=UPLOAD),
    ]
    collection = _collection(tmp_path, *items)
    variables = Variables.of(collection, None, {"TEST_API_UPLOAD_BASE_URL": server})
    main_endpoint, _, upload = collection.endpoints()
    outgoing = prepare(collection, upload, variables)
    assert isinstance(outgoing, Outgoing) and outgoing.url == f"{server}/files/a%2Fb"
    main = prepare(collection, main_endpoint, variables)
    assert isinstance(main, Outgoing) and main.url == "https://api.shop.io/a"


def test_a_host_variable_with_its_own_scheme_replaces_the_written_one(
    server: str, tmp_path: Path
) -> None:
    collection = _collection(
        tmp_path,
        request_item(url="https://{{host}}/v1/x"),
        variable=[{"key": "host", "value": "example.org"}],
    )
    outgoing = _prepared(collection, {"TEST_API_HOST": server})
    assert isinstance(outgoing, Outgoing) and outgoing.url == f"{server}/v1/x"


def test_a_url_leaving_its_hosts_origin_is_not_sent(tmp_path: Path) -> None:
    """A value set while recording (a response steering the next request) that would
    move the request elsewhere: user information in its host, another scheme."""
    items = [
        request_item(url="https://api.example.com{{p}}/x"),
        request_item(url="{{base}}/x"),
        request_item(url="https://{{host}}/x"),
    ]
    collection = _collection(tmp_path, *items)
    variables = Variables.of(collection, None, {})
    endpoints = list(collection.endpoints())
    for value, index in [
        ("@evil.example", 0),
        ("https://ok.example@evil.example", 1),
        ("file:///etc", 1),
        ("ok.example@evil.example", 2),
    ]:
        variables.set({0: "p", 1: "base", 2: "host"}[index], value)
        skipped = prepare(collection, endpoints[index], variables)
        assert isinstance(skipped, Skipped), (value, skipped)
    variables.set("p", ".example.org")  # a host of its own, which the setting makes
    assert isinstance(prepare(collection, endpoints[0], variables), Outgoing)


def test_retries_honour_retry_after_for_idempotent_methods_only(
    server: str, tmp_path: Path
) -> None:
    collection = _collection(
        tmp_path, request_item(url=f"{server}/flaky"), _body(server, {"mode": "raw", "raw": "x"})
    )
    variables = Variables.of(collection, None, {})
    get, post = (prepare(collection, e, variables) for e in collection.endpoints())
    assert isinstance(get, Outgoing) and isinstance(post, Outgoing)
    waits: list[float] = []
    Recorder.failures = 2
    with Sender(sleep=waits.append) as sender:
        received = sender.send(get)
        Recorder.failures = 1
        refused = sender.send(Outgoing(post.endpoint, "POST", f"{server}/flaky"))
    assert (received.status, waits, refused.status) == (200, [7.0, 7.0], 503)
    assert [s.method for s in Recorder.seen] == ["GET", "GET", "GET", "POST"]


def test_redirects_are_followed_at_the_origin_only(server: str, tmp_path: Path) -> None:
    auth = _auth("bearer", token="{{tok}}")
    collection = _collection(
        tmp_path,
        request_item(url=f"{server}/same"),
        request_item(url=f"{server}/away"),
        auth=auth,
        variable=[{"key": "tok", "value": "secret-123456"}],
    )
    variables = Variables.of(collection, None, {})
    same, away = (prepare(collection, e, variables) for e in collection.endpoints())
    assert isinstance(same, Outgoing) and isinstance(away, Outgoing)
    with Sender() as sender:
        landed = sender.send(same)
        with pytest.raises(SendError, match="redirects to another origin"):
            sender.send(away)
    assert landed.url == f"{server}/landed" and landed.status == 200
    assert [s.path for s in Recorder.seen] == ["/same", "/landed", "/away"]
    assert Recorder.seen[1].headers["authorization"] == "Bearer secret-123456"


def test_a_body_is_decoded_and_a_refused_connection_is_a_send_error(
    server: str, tmp_path: Path
) -> None:
    _, received = _sent(_collection(tmp_path, request_item(url=f"{server}/gzipped")))
    assert received.body == b'{"zipped": true}'
    with (
        Sender(max_retries=0) as sender,
        pytest.raises(SendError, match=r"GET http://127\.0\.0\.1:1/"),
    ):
        sender.send(Outgoing("item[0]", "GET", "http://127.0.0.1:1/"))


def test_every_credential_on_the_wire_is_listed(server: str, tmp_path: Path) -> None:
    """Each kind sent once; every credential the server receives (a credential header's
    value, an API key in the query, each part of a Basic header) is one the wire lists."""
    grant = _auth(
        "oauth2",
        grant_type="client_credentials",
        accessTokenUrl=f"{server}/token",
        clientId="{{cid}}",
        clientSecret="{{secret}}",
    )
    auths = [
        _auth("bearer", token="{{token}}"),
        _auth("basic", username="{{user}}", password="{{secret}}"),
        _auth("apikey", key="X-Key", value="{{token}}", **{"in": "header"}),
        _auth("apikey", key="key", value="{{token}}", **{"in": "query"}),
        _auth("oauth2", accessToken="{{token}}"),
        grant,
    ]
    items = [request_item(f"r{i}", url=f"{server}/a", auth=auth) for i, auth in enumerate(auths)]
    header = [{"key": "X-Auth-Token", "value": "{{other}}"}]
    items.append(request_item("h", url=f"{server}/a", header=header, auth={"type": "noauth"}))
    values = {"token": "tok-a1b2c3", "user": "alice", "secret": "pw-d4e5f6", "cid": "client-1"}
    values["other"] = "oth-g7h8i9"
    variable = [{"key": k, "value": v} for k, v in values.items()]
    collection = _collection(tmp_path, *items, variable=variable)
    variables = Variables.of(collection, None, {})
    listed: set[str] = set()
    with Sender() as sender:
        for endpoint in collection.endpoints():
            outgoing = prepare(collection, endpoint, variables)
            assert isinstance(outgoing, Outgoing), outgoing
            listed.update(outgoing.credentials, sender.send(outgoing).credentials)
    received: set[str] = set()
    for seen in Recorder.seen:
        for name in ("authorization", "x-key", "x-auth-token"):
            if name in seen.headers:
                value = seen.headers[name]
                received.update((value, *value.split(" ")[1:]))
        received.update(value for key, value in seen.query if key == "key")
    assert len(Recorder.seen) == len(items) + 1  # and the token request
    assert received - listed == set()
    assert {"tok-a1b2c3", "pw-d4e5f6", "oth-g7h8i9", "fetched-token-9f8e7d"} <= listed


def test_a_requests_own_auth_replaces_its_credential_headers(server: str, tmp_path: Path) -> None:
    """As in the client (docs/hosts-and-credentials.md): the auth's header is sent, a
    credential header beside it is not."""
    header = [
        {"key": "Authorization", "value": "Bearer {{old}}"},
        {"key": "X-API-Key", "value": "{{old}}"},
        {"key": "x-api-key", "value": "{{old}}"},
    ]
    variable = [{"key": "tok", "value": "new-123456"}, {"key": "old", "value": "old-123456"}]
    item = request_item(url=f"{server}/a", header=header, auth=_auth("bearer", token="{{tok}}"))
    _sent(_collection(tmp_path, item, variable=variable))
    assert Recorder.seen[-1].headers["authorization"] == "Bearer new-123456"
    assert "x-api-key" not in Recorder.seen[-1].headers


def test_no_cookie_is_kept_between_requests(server: str, tmp_path: Path) -> None:
    items = [request_item(url=f"{server}/cookie"), request_item(url=f"{server}/a")]
    header = [{"key": "Cookie", "value": "mine=1"}]
    items.append(request_item(url=f"{server}/a", header=header))
    collection = _collection(tmp_path, *items)
    variables = Variables.of(collection, None, {})
    with Sender() as sender:
        for endpoint in collection.endpoints():
            outgoing = prepare(collection, endpoint, variables)
            assert isinstance(outgoing, Outgoing)
            sender.send(outgoing)
    assert [s.headers.get("cookie") for s in Recorder.seen] == [None, None, "mine=1"]
