"""``import <package>`` and ``Client()`` load no HTTP code (docs/runtime.md, "What importing
a client costs"): httpx and the heavy standard-library modules under it are imported by the
first request, and the httpx client that request builds takes the constructor's settings."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import NoneType
from typing import Any

import httpx

from templates.runtime import _runtime
from templates.runtime._runtime import (
    NOT_GIVEN,
    ApiKeyAuth,
    AsyncClientCore,
    BasicAuth,
    BearerAuth,
    Call,
    ClientCore,
    Deferred,
    DigestAuth,
    HeaderAuth,
    RawResponse,
    given_or_login,
)

REPO = Path(__file__).resolve().parents[1]
GENERATED = REPO / "generated"
BASE = "https://api.example.test/v1"

# What building a client must not import: httpx and what it brings (the standard library's
# HTTP, TLS and mail modules), and the modules the runtime imports where it needs them
HEAVY = (
    "httpx",
    "httpcore",
    "ssl",
    "http.client",
    "urllib.request",
    "email.utils",
    "mimetypes",
    "pathlib",
    "urllib.parse",
    "random",
)

# Inside a fresh interpreter (``sys.path[0]`` the directory given): run the code, then print
# the heavy modules it imported
PROBE = """
import sys
{code}
print(__import__("json").dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""

EVERY_SCHEME = """
from templates.runtime._runtime import *
from templates.runtime._runtime import given_or_login
schemes = {
    "bearer": BearerAuth("t"),
    "basic": BasicAuth("u", "p"),
    "digest": DigestAuth("u", "p"),
    "apikey": ApiKeyAuth("k", "v", location="query"),
    "headers": HeaderAuth({"x-a": "1"}, prefixes={"x-a": "Key"}),
    "client_credentials": ClientCredentialsAuth("https://a.test/token", "id", "secret"),
    "deferred": Deferred(lambda: BearerAuth("t")),
    "login": given_or_login(None, "POSTC_NO_SUCH_VARIABLE", BearerAuth, lambda: None),
}
ClientCore("https://a.test", auth=schemes, headers={"User-Agent": "x"}, query={"a": "1"})
AsyncClientCore("https://a.test", auth=schemes["bearer"], timeout=5.0)
"""


def _heavy_imported(code: str, directory: Path) -> list[str]:
    probe = PROBE.format(code=code, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=directory, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_building_a_core_with_every_auth_scheme_imports_no_http_code() -> None:
    assert _heavy_imported(EVERY_SCHEME, REPO) == []


def test_the_probe_sees_what_a_request_imports() -> None:
    """The probe above can fail: a request imports httpx (so a runtime that imported it
    eagerly would show it)."""
    code = (
        "from templates.runtime._runtime import Call, ClientCore\n"
        "import httpx\n"
        "answer = httpx.MockTransport(lambda request: httpx.Response(204))\n"
        "api = ClientCore('https://a.test', transport=answer)\n"
        "api.request(Call('GET', '/{id}', path={'id': 'x y'}, returns=type(None)))\n"
    )
    assert {"httpx", "urllib.parse"} <= set(_heavy_imported(code, REPO))


def _packages() -> list[Path]:
    found = sorted(path.parent for path in GENERATED.glob("*/*/_runtime.py"))
    assert found, f"no generated package under {GENERATED}"
    return found


def test_importing_a_generated_package_and_building_its_clients_imports_no_http_code() -> None:
    """The committed clients, as a user meets them: every ``str | None`` setting given."""
    for package in _packages():
        code = (
            f"import inspect, {package.name} as pkg\n"
            "given = {name: 'x' for name, p in inspect.signature(pkg.Client).parameters.items()"
            " if p.annotation == 'str | None'}\n"
            "pkg.Client(**given)\n"
            "pkg.AsyncClient(**given)\n"
        )
        assert _heavy_imported(code, package.parent) == [], package.name


def test_the_first_request_puts_httpx_in_place_of_the_proxy() -> None:
    api = ClientCore(BASE, transport=httpx.MockTransport(lambda request: httpx.Response(204)))
    api.request(Call("GET", "/", returns=NoneType))
    assert vars(_runtime)["httpx"] is httpx  # later reads are plain global lookups
    api.close()


def _sent(transport: list[httpx.Request]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        transport.append(request)
        return httpx.Response(204)

    return httpx.MockTransport(answer)


def test_the_owned_client_takes_the_constructors_settings() -> None:
    sent: list[httpx.Request] = []
    api = ClientCore(BASE, headers={"X-Team": "a"}, auth=BearerAuth("t0k"), transport=_sent(sent))
    api.request(Call("GET", "/pets", returns=NoneType))
    assert str(sent[-1].url) == f"{BASE}/pets"
    assert sent[-1].headers["X-Team"] == "a"
    assert sent[-1].headers["Authorization"] == "Bearer t0k"
    assert api._http.timeout == httpx.Timeout(60.0, connect=10.0)  # the default
    assert api._http.follow_redirects
    for given, expected in ((5.0, httpx.Timeout(5.0)), (None, httpx.Timeout(None))):
        assert ClientCore(BASE, timeout=given)._http.timeout == expected
    timeout = httpx.Timeout(3.0, read=9.0)
    assert ClientCore(BASE, timeout=timeout)._http.timeout == timeout
    assert ClientCore(BASE, timeout=NOT_GIVEN)._http.timeout == httpx.Timeout(60.0, connect=10.0)


def test_the_async_client_is_built_on_first_use_once_and_closed() -> None:
    sent: list[httpx.Request] = []

    async def scenario() -> AsyncClientCore:
        async with AsyncClientCore(
            BASE, auth=BasicAuth("u", "p"), timeout=7.0, transport=_sent(sent)
        ) as api:
            assert api._http_client is None
            await asyncio.gather(
                *(api.request(Call("GET", f"/{i}", returns=NoneType)) for i in range(8))
            )
            built = api._http
            assert isinstance(built, httpx.AsyncClient) and api._http is built
            assert built.timeout == httpx.Timeout(7.0)
        return api

    api = asyncio.run(scenario())
    assert len(sent) == 8 and sent[0].headers["Authorization"] == "Basic dTpw"
    assert api._http_client is not None and api._http_client.is_closed


def test_threads_racing_for_the_owned_client_share_one() -> None:
    """Without a transport, building the httpx client sets up TLS (milliseconds): without
    the lock, threads that ask meanwhile build one each."""
    sync, asynchronous = ClientCore(BASE), AsyncClientCore(BASE)
    with ThreadPoolExecutor(8) as pool:
        built = set(pool.map(lambda _: id(sync._http), range(32)))
        built_async = set(pool.map(lambda _: id(asynchronous._http), range(32)))
    assert len(built) == 1 and len(built_async) == 1
    assert isinstance(asynchronous._http, httpx.AsyncClient)
    sync.close()
    asyncio.run(asynchronous.close())


def test_a_given_async_http_client_is_used_as_given_and_left_open() -> None:
    sent: list[httpx.Request] = []

    async def scenario() -> httpx.AsyncClient:
        http = httpx.AsyncClient(transport=_sent(sent), headers={"X-Theirs": "1"})
        async with AsyncClientCore(BASE, http_client=http, auth=ApiKeyAuth("k", "v")) as api:
            await api.request(Call("GET", "/", returns=NoneType))
            assert api._http is http
        return http

    http = asyncio.run(scenario())
    assert not http.is_closed
    assert sent[0].headers["X-Theirs"] == "1" and sent[0].headers["k"] == "v"


def _no_login() -> RawResponse[Any]:
    raise AssertionError("the credential is given: no login")


def test_runtime_schemes_and_callers_httpx_schemes_mix() -> None:
    """A ``Deferred`` (or a login's ``make``) may make an ``httpx.Auth`` of the caller's,
    and a scheme may be made of settings read only by the first request."""
    sent: list[httpx.Request] = []
    api = ClientCore(
        BASE,
        auth={
            "theirs": Deferred(lambda: httpx.BasicAuth("u", "p")),
            "login": given_or_login("k3y", "POSTC_NO_SUCH_VARIABLE", BearerAuth, _no_login),
            "headers": HeaderAuth({"Authorization": "s3"}, prefixes={"Authorization": "SSWS"}),
            "digest": DigestAuth("u", "p"),
        },
        transport=_sent(sent),
    )
    for scheme, expected in (
        ("theirs", "Basic dTpw"),
        ("login", "Bearer k3y"),
        ("headers", "SSWS s3"),
    ):
        api.request(Call("GET", "/", returns=NoneType, auth=scheme))
        assert sent[-1].headers["Authorization"] == expected
    api.request(Call("GET", "/", returns=NoneType))  # the default: the first scheme
    assert sent[-1].headers["Authorization"] == "Basic dTpw"
