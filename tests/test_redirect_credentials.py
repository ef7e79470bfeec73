"""A redirect never takes the generated client's credentials to another origin.

httpx, following a redirect, drops only the ``Authorization`` header when it leaves the
origin: an API key header, any other header an auth scheme sets, a key the auth put in the
query (when the ``Location`` repeats the query, as ``return 301 https://new$request_uri``
does) and the cookie jar's cookies (cookies ignore ports and, without ``Secure``, schemes)
went along. The runtime follows redirects itself (``_Redirects``): the call's auth runs on
each hop while the chain stays at the first request's origin, never after it has left, and
what the auth added is taken off every later hop.

Two real loopback servers (``http.server`` threads; different ports, so different origins)
and a client generated once, from a collection built here with one request per auth kind.
The origin answers the request with the redirect each test arranges, and records what it
received; so does the other origin.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from generator.generate import generate
from templates.runtime._runtime import JSON, ApiError, Call, ClientCore, ClientCredentialsAuth
from tests.conftest import collection_doc

PACKAGE = "redirect_credentials_client"
TOKEN = "cc-t0ken-from-the-origin"  # what the origin's token endpoint issues
COOKIE = "session=c00kie-of-the-origin"  # what the origin sets on every answer
SETTINGS = {
    "bearer_token": "bearer-5ecret-0001",
    "user": "alice",
    "password": "basic-5ecret-0002",
    "service_key": "service-5ecret-0003",
    "query_key": "query-5ecret-0004",
    "access_token": "access-5ecret-0005",
    "client_id": "client-id-0006",
    "client_secret": "client-5ecret-0007",
    "x_api_key": "literal-header-5ecret-0008",
    "auth_token": "auth-5ecret-0009",
    "session_token": "session-5ecret-0010",
}
BASIC = base64.b64encode(f"{SETTINGS['user']}:{SETTINGS['password']}".encode()).decode()
CLIENT_BASIC = base64.b64encode(
    f"{SETTINGS['client_id']}:{SETTINGS['client_secret']}".encode()
).decode()
# every value that would show a credential went along
SECRETS = (*SETTINGS.values(), BASIC, CLIENT_BASIC, TOKEN, COOKIE.split("=")[1])


@dataclass(frozen=True)
class Kind:
    """An auth kind: the request of the collection that uses it, and where it puts its
    credentials (header names, query keys)."""

    slug: str
    auth: dict[str, Any] | None
    headers: tuple[str, ...] = ()
    query: tuple[str, ...] = ()
    request_headers: tuple[tuple[str, str], ...] = ()

    @property
    def method(self) -> str:
        return self.slug.replace("-", "_")

    @property
    def path(self) -> str:
        return f"/start/{self.slug}"


def _attributes(**values: str) -> list[dict[str, str]]:
    return [{"key": key, "value": value} for key, value in values.items()]


def _apikey(name: str, variable: str, where: str) -> dict[str, Any]:
    return {"type": "apikey", "apikey": _attributes(key=name, value=variable, **{"in": where})}


def _oauth2(**values: str) -> dict[str, Any]:
    return {"type": "oauth2", "oauth2": _attributes(**values)}


USER = {"username": "{{user}}", "password": "{{password}}"}
KINDS = [
    Kind(
        "bearer",
        {"type": "bearer", "bearer": _attributes(token="{{bearerToken}}")},
        headers=("authorization",),
    ),
    Kind("basic", {"type": "basic", "basic": _attributes(**USER)}, headers=("authorization",)),
    Kind("digest", {"type": "digest", "digest": _attributes(**USER)}, headers=("authorization",)),
    Kind(
        "key-header",
        _apikey("X-Service-Key", "{{serviceKey}}", "header"),
        headers=("x-service-key",),
    ),
    Kind("key-query", _apikey("api_key", "{{queryKey}}", "query"), query=("api_key",)),
    Kind(
        "oauth2-header",
        _oauth2(accessToken="{{accessToken}}", addTokenTo="header", headerPrefix="Token"),
        headers=("authorization",),
    ),
    Kind(
        "oauth2-query",
        _oauth2(accessToken="{{accessToken}}", addTokenTo="queryParams"),
        query=("access_token",),
    ),
    Kind(
        "oauth2-client",  # the token URL is the origin's, filled in when generating
        _oauth2(
            grant_type="client_credentials",
            clientId="{{clientId}}",
            clientSecret="{{clientSecret}}",
        ),
        headers=("authorization",),
    ),
    Kind(  # a literal credential header: a setting of the client, named after the header
        "literal-header",
        None,
        headers=("x-api-key",),
        request_headers=(("X-API-Key", "k3y-written-in-the-collection"),),
    ),
    Kind(  # two credential headers sent together (HeaderAuth)
        "header-pair",
        None,
        headers=("x-auth-token", "authorization"),
        request_headers=(
            ("X-Auth-Token", "{{authToken}}"),
            ("Authorization", "Bearer {{sessionToken}}"),
        ),
    ),
]
KIND_IDS = [kind.slug for kind in KINDS]
CREDENTIAL_HEADERS = {name for kind in KINDS for name in kind.headers} | {"cookie"}
CREDENTIAL_QUERY = {key for kind in KINDS for key in kind.query}


@dataclass(frozen=True)
class Seen:
    """One request a server received."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names
    tls: bool

    def values(self, key: str) -> list[str]:
        return [value for name, value in self.query if name == key]


class Origin(ThreadingHTTPServer):
    """A loopback server that records every request and answers as the test arranges:
    ``redirects`` by path (``{query}`` in a location repeats the request's query), a
    Digest challenge for ``/start/digest`` until a Digest answer comes, an OAuth2 token at
    ``/token``, else 200 ``{"ok": true}``. With ``tls`` it speaks HTTPS and HTTP on the
    same port (the first byte tells), so one host and port is two origins."""

    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[Seen] = []
        self.redirects: dict[str, tuple[int, str]] = {}
        self.cookie: str | None = None  # set on every answer when given
        self.tls = tls

    def url(self, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.server_address[1]}"

    def reset(self) -> None:
        self.seen.clear()
        self.redirects.clear()
        self.cookie = None

    def at(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]

    def get_request(self) -> tuple[Any, Any]:
        connection, address = super().get_request()
        if self.tls is not None and connection.recv(1, socket.MSG_PEEK) == b"\x16":
            connection = self.tls.wrap_socket(connection, server_side=True)
        return connection, address


class _Handler(BaseHTTPRequestHandler):
    server: Origin

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlsplit(self.path)
        seen = Seen(
            self.command,
            url.path,
            parse_qsl(url.query, keep_blank_values=True),
            {name.lower(): value for name, value in self.headers.items()},
            isinstance(self.connection, ssl.SSLSocket),
        )
        self.server.seen.append(seen)
        authorization = seen.headers.get("authorization", "")
        if url.path == "/start/digest" and not authorization.startswith("Digest "):
            challenge = 'Digest realm="origin", nonce="n0nce", qop="auth", algorithm=MD5'
            self._send(401, {"WWW-Authenticate": challenge})
        elif url.path in self.server.redirects:
            status, location = self.server.redirects[url.path]
            self._send(status, {"Location": location.replace("{query}", url.query)})
        elif url.path == "/token":
            self._send(200, {}, {"access_token": TOKEN, "expires_in": 3600})
        else:
            self._send(200, {}, {"ok": True})

    def _send(self, status: int, headers: dict[str, str], body: Any = None) -> None:
        content = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if self.server.cookie is not None:
            self.send_header("Set-Cookie", self.server.cookie + "; Path=/")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def _serve(server: Origin) -> Iterator[Origin]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def origin() -> Iterator[Origin]:
    yield from _serve(Origin())


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[Origin]:
    yield from _serve(Origin())


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made for the test: (certificate, key)."""
    folder = tmp_path_factory.mktemp("tls")
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "ec"),
            *("-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(certificate)),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


@pytest.fixture(scope="module")
def both_schemes(tls_files: tuple[Path, Path]) -> Iterator[Origin]:
    """One host and port answering HTTPS and HTTP: two origins told apart by scheme only."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*tls_files)
    yield from _serve(Origin(tls=context))


@pytest.fixture(autouse=True)
def _fresh(origin: Origin, elsewhere: Origin) -> None:
    origin.reset()
    elsewhere.reset()


@pytest.fixture
def https_and_http(
    both_schemes: Origin, tls_files: tuple[Path, Path]
) -> tuple[Origin, dict[str, Any]]:
    """The two-scheme server, reset, and the arguments of an httpx client that trusts it."""
    both_schemes.reset()
    trusted = ssl.create_default_context(cafile=str(tls_files[0]))
    return both_schemes, {"verify": trusted, "follow_redirects": True}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory, origin: Origin) -> Iterator[ModuleType]:
    """The client generated from one request per auth kind, imported."""
    items = []
    for kind in KINDS:
        auth = kind.auth or {"type": "noauth"}
        if kind.slug == "oauth2-client":
            auth = _oauth2(**_as_dict(auth["oauth2"]), accessTokenUrl=origin.url() + "/token")
        header = [{"key": name, "value": value} for name, value in kind.request_headers]
        url = "https://api.example.com" + kind.path
        request = {"method": "GET", "url": url, "header": header, "auth": auth}
        items.append({"name": kind.slug.replace("-", " "), "request": request})
    folder = tmp_path_factory.mktemp("redirects")
    source = folder / "collection.json"
    source.write_text(json.dumps(collection_doc(*items)), encoding="utf-8")
    generate(source, folder / "out", package=PACKAGE)
    sys.path.insert(0, str(folder / "out"))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder / "out"))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _as_dict(attributes: list[dict[str, str]]) -> dict[str, str]:
    return {attribute["key"]: attribute["value"] for attribute in attributes}


def call(
    package: ModuleType,
    kind: Kind,
    base_url: str,
    flavour: str = "sync",
    view: str = "",
    http: dict[str, Any] | None = None,
) -> None:
    """Call the kind's method as a user would: plain, or through its raw or streaming view;
    with the sync ``Client`` or the ``AsyncClient``; ``http``: the arguments of an httpx
    client of the caller's own (closed after)."""
    arguments = {**SETTINGS, "base_url": base_url, "max_retries": 0}
    if flavour == "sync":
        with (
            httpx.Client(**http) if http is not None else nullcontext() as http_client,
            package.Client(**arguments, http_client=http_client) as client,
        ):
            owner = getattr(client, f"with_{view}_response") if view else client
            result = getattr(owner, kind.method)()
            if view == "streaming":
                with result as response:
                    response.read()
            elif view == "raw":
                result.parse()
        return

    async def main() -> None:
        async with (
            httpx.AsyncClient(**http) if http is not None else nullcontext() as http_client,
            package.AsyncClient(**arguments, http_client=http_client) as client,
        ):
            owner = getattr(client, f"with_{view}_response") if view else client
            if view == "streaming":
                async with getattr(owner, kind.method)() as response:
                    await response.read()
            else:
                result = await getattr(owner, kind.method)()
                if view == "raw":
                    result.parse()

    asyncio.run(main())


def leaked(seen: Seen) -> list[str]:
    """What of the client's credentials a request carries: credential headers, credential
    query keys, and any secret value anywhere in its path, query or headers."""
    found = [f"header {name}" for name in seen.headers if name in CREDENTIAL_HEADERS]
    found += [f"query {key}" for key, _ in seen.query if key in CREDENTIAL_QUERY]
    text = json.dumps([seen.path, seen.query, seen.headers])
    return found + [f"value {secret}" for secret in SECRETS if secret in text]


def carries(seen: Seen, kind: Kind) -> bool:
    """Whether a request carries the kind's credentials: each header showing a secret
    (a token, an encoded password, a Digest username), each query key once, a secret."""
    shown = [
        any(secret in seen.headers.get(name, "") for secret in SECRETS) for name in kind.headers
    ]
    once = [len(seen.values(key)) == 1 and seen.values(key)[0] in SECRETS for key in kind.query]
    return all(shown) and all(once)


def credentialed(origin: Origin, kind: Kind) -> Seen:
    """The kind's request as the origin received it with its credentials (a Digest request
    is sent twice: without, answered by the challenge, then with)."""
    return origin.at(kind.path)[-1]


FLAVOURS = ["sync", "async"]


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("status", [302, 307])
@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_a_redirect_to_another_origin_carries_no_credential(
    package: ModuleType, origin: Origin, elsewhere: Origin, kind: Kind, status: int, flavour: str
) -> None:
    origin.redirects[kind.path] = (status, elsewhere.url() + "/landed?{query}")
    call(package, kind, origin.url(), flavour)
    assert carries(credentialed(origin, kind), kind)
    (landed,) = elsewhere.seen
    assert landed.path == "/landed"
    assert leaked(landed) == []


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("view", ["raw", "streaming"])
@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_the_raw_and_streaming_views_carry_none_either(
    package: ModuleType, origin: Origin, elsewhere: Origin, kind: Kind, view: str, flavour: str
) -> None:
    origin.redirects[kind.path] = (307, elsewhere.url() + "/landed?{query}")
    call(package, kind, origin.url(), flavour, view)
    assert carries(credentialed(origin, kind), kind)
    (landed,) = elsewhere.seen
    assert leaked(landed) == []


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("location", ["/landed", "/landed?{query}"])
@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_a_redirect_within_the_origin_keeps_the_credentials(
    package: ModuleType, origin: Origin, elsewhere: Origin, kind: Kind, location: str, flavour: str
) -> None:
    """Kept once each: a key the Location repeats is not sent twice."""
    origin.redirects[kind.path] = (302, location)
    call(package, kind, origin.url(), flavour)
    (landed,) = origin.at("/landed")
    assert carries(landed, kind)
    assert elsewhere.seen == []


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_once_the_chain_has_left_the_origin_no_hop_gets_them_back(
    package: ModuleType, origin: Origin, elsewhere: Origin, kind: Kind, flavour: str
) -> None:
    """The other origin chooses where it sends the client back to: an authenticated request
    of its choosing would be a forged one."""
    origin.redirects[kind.path] = (302, elsewhere.url() + "/bounce?{query}")
    elsewhere.redirects["/bounce"] = (302, origin.url() + "/landed?{query}")
    call(package, kind, origin.url(), flavour)
    (bounced,) = elsewhere.seen
    (landed,) = origin.at("/landed")
    assert leaked(bounced) == []
    assert leaked(landed) == []


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_a_downgrade_from_https_to_http_on_the_same_host_and_port_carries_none(
    package: ModuleType, https_and_http: tuple[Origin, dict[str, Any]], kind: Kind, flavour: str
) -> None:
    server, http = https_and_http
    server.redirects[kind.path] = (302, server.url("http") + "/landed?{query}")
    call(package, kind, server.url("https"), flavour, http=http)
    first = credentialed(server, kind)
    assert first.tls and carries(first, kind)
    (landed,) = server.at("/landed")
    assert not landed.tls
    assert leaked(landed) == []


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_the_origins_cookies_stay_at_the_origin(
    package: ModuleType,
    origin: Origin,
    elsewhere: Origin,
    https_and_http: tuple[Origin, dict[str, Any]],
    flavour: str,
) -> None:
    """Cookies are scoped by host alone (not port) and, without ``Secure``, not by scheme:
    the cookie jar would give the origin's session cookie to another port of the same host
    and to plain HTTP. A redirect within the origin keeps it."""
    bearer = KINDS[KIND_IDS.index("bearer")]
    origin.cookie = COOKIE
    origin.redirects[bearer.path] = (302, "/landed")
    origin.redirects["/landed"] = (307, elsewhere.url() + "/elsewhere")
    call(package, bearer, origin.url(), flavour)
    (landed,) = origin.at("/landed")
    assert landed.headers.get("cookie") == COOKIE
    (away,) = elsewhere.seen
    assert "cookie" not in away.headers
    server, http = https_and_http
    server.cookie = COOKIE
    server.redirects[bearer.path] = (302, "/landed")
    server.redirects["/landed"] = (302, server.url("http") + "/plain")
    call(package, bearer, server.url("https"), flavour, http=http)
    (plain,) = server.at("/plain")
    assert not plain.tls and "cookie" not in plain.headers


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_redirect_loop_still_ends(
    package: ModuleType, origin: Origin, elsewhere: Origin, flavour: str
) -> None:
    """httpx's limit (20 redirects) holds, within the origin and between two."""
    key_header = KINDS[KIND_IDS.index("key-header")]
    origin.redirects[key_header.path] = (302, key_header.path)
    with pytest.raises(package.errors.ApiConnectionError, match="redirects"):
        call(package, key_header, origin.url(), flavour)
    assert len(origin.seen) == 21
    origin.reset()
    origin.redirects[key_header.path] = (307, elsewhere.url() + "/ping")
    elsewhere.redirects["/ping"] = (307, origin.url() + key_header.path)
    with pytest.raises(package.errors.ApiConnectionError, match="redirects"):
        call(package, key_header, origin.url(), flavour)
    assert len(origin.seen) + len(elsewhere.seen) == 21
    assert [found for seen in elsewhere.seen for found in leaked(seen)] == []


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_callers_http_client_that_does_not_follow_redirects_is_obeyed(
    package: ModuleType, origin: Origin, elsewhere: Origin, flavour: str
) -> None:
    key_header = KINDS[KIND_IDS.index("key-header")]
    origin.redirects[key_header.path] = (302, elsewhere.url() + "/landed")
    call(package, key_header, origin.url(), flavour, http={})
    assert len(origin.seen) == 1 and elsewhere.seen == []


@pytest.mark.parametrize("credentials_in", ["header", "body"])
def test_the_token_request_is_not_redirected(
    origin: Origin, elsewhere: Origin, credentials_in: str
) -> None:
    """The client secret (a Basic header, or form fields) never reaches another origin
    through the token endpoint's redirect: a 307 would post it there again."""
    origin.redirects["/token"] = (307, elsewhere.url() + "/token")
    auth = ClientCredentialsAuth(
        origin.url() + "/token",
        SETTINGS["client_id"],
        SETTINGS["client_secret"],
        credentials_in="body" if credentials_in == "body" else "header",
    )
    with (
        ClientCore(origin.url(), auth=auth, max_retries=0) as core,
        pytest.raises(ApiError, match="redirect"),
    ):
        core.request(Call("GET", "/start/token", returns=JSON))
    assert [seen.path for seen in origin.seen] == ["/token"]
    assert elsewhere.seen == []
