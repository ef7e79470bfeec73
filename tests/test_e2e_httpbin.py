"""End to end: the generated client of collections/httpbin.postman_collection.json against a
real httpbin (the ``httpbin`` package from PyPI) served by a real WSGI server on loopback.

The client under test is the committed one, ``generated/httpbin`` (test_generate.py proves it
is what postc generates today). Each test calls generated methods as a user would: bearer,
basic and digest auth, query parameters, JSON, urlencoded and multipart bodies (with a
file), error statuses raising typed errors, redirects, a timeout, and retries on 503 with
``Retry-After``.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpbin  # type: ignore[import-untyped]
import pytest
from werkzeug import serving

GENERATED = Path(__file__).resolve().parents[1] / "generated" / "httpbin"
Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]


class Flaky:
    """WSGI middleware in front of httpbin, standing for an overloaded upstream: while
    ``failures`` is positive, ``/status/503`` answers 503 with ``Retry-After: 0`` (and
    counts down); after that it answers as httpbin's ``/status/200``. ``/delay/...`` is
    held until the test sets ``release`` (then answered at once): a slow answer whose end
    the test decides, not the clock; ``answered`` counts the delays answered. It records
    paths."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app
        self.seen: list[str] = []
        self.failures = 0
        self.release = threading.Event()
        self.answered = 0

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        self.seen.append(path)
        if path.startswith("/delay/"):
            self.release.wait(timeout=60)  # a safety net only: the test releases it
            self.answered += 1
            environ = {**environ, "PATH_INFO": "/delay/0"}
        if path == "/status/503":
            if self.failures > 0:
                self.failures -= 1
                start_response("503 Service Unavailable", [("Retry-After", "0")])
                return [b""]
            environ = {**environ, "PATH_INFO": "/status/200"}
        return self.app(environ, start_response)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Flaky]]:
    app = Flaky(httpbin.app)
    httpd = serving.make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.port}", app
    httpd.shutdown()


@pytest.fixture(scope="module")
def package() -> Iterator[ModuleType]:
    sys.path.insert(0, str(GENERATED))
    try:
        made = importlib.import_module("httpbin_client")
        importlib.import_module("httpbin_client.errors")
        yield made
    finally:
        sys.path.remove(str(GENERATED))


@pytest.fixture
def client(server: tuple[str, Flaky], package: ModuleType) -> Iterator[Any]:
    base_url, _ = server
    with package.Client(
        base_url=base_url, token="secret-token", username="user", password="passwd"
    ) as made:
        yield made


def test_bearer_auth(client: Any) -> None:
    result = client.auth.bearer()
    assert result.authenticated is True and result.token == "secret-token"


def test_basic_auth(client: Any) -> None:
    result = client.auth.basic(user="user", passwd="passwd")
    assert result.authenticated is True and result.user == "user"


def test_digest_auth(client: Any) -> None:
    result = client.auth.digest(qop="auth", user="user", passwd="passwd")
    assert result.authenticated is True and result.user == "user"


def test_each_scheme_needs_its_credentials_only_when_used(
    server: tuple[str, Flaky], package: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A caller of the bearer requests alone needs no username or password."""
    for name in ("USERNAME", "PASSWORD", "TOKEN"):
        monkeypatch.delenv(f"HTTPBIN_CLIENT_{name}", raising=False)
    with package.Client(base_url=server[0], token="secret-token") as client:
        assert client.auth.bearer().authenticated is True
        with pytest.raises(package.errors.ApiError, match="HTTPBIN_CLIENT_USERNAME"):
            client.auth.basic(user="user", passwd="passwd")


def test_wrong_credentials_raise_a_typed_error(client: Any, package: ModuleType) -> None:
    with pytest.raises(package.errors.AuthenticationError) as raised:
        client.auth.basic(user="user", passwd="another-password")
    assert raised.value.status_code == 401


def test_query_parameters(client: Any) -> None:
    result = client.requests.query_parameters(color="blue", size="3")
    assert result.args == {"color": "blue", "size": "3"}


def test_json_body(client: Any) -> None:
    body = {"name": "Grace", "languages": ["en"], "age": 85, "active": False}
    result = client.requests.json_body(body=body)
    assert result.json.to_dict() == body


def test_urlencoded_form(client: Any) -> None:
    result = client.requests.form(city="Lyon", zip="69001")
    assert result.form == {"city": "Lyon", "zip": "69001"}


def test_multipart_with_a_file(client: Any, tmp_path: Path) -> None:
    upload = tmp_path / "report.txt"
    upload.write_bytes(b"numbers\n")
    with upload.open("rb") as stream:
        result = client.requests.upload(title="Q3", upload=stream)
    assert result.form == {"title": "Q3"}
    assert result.files == {"upload": "numbers\n"}


def test_error_statuses_raise_typed_errors(client: Any, package: ModuleType) -> None:
    with pytest.raises(package.errors.NotFoundError) as raised:
        client.errors.status(code="404")
    assert raised.value.status_code == 404
    with pytest.raises(package.errors.ApiStatusError) as teapot:
        client.errors.status(code="418")
    assert teapot.value.status_code == 418


def test_redirects_are_followed(client: Any) -> None:
    result = client.behaviour.redirect(n="3")
    assert result.url.endswith("/get")


def test_a_slow_answer_times_out(server: tuple[str, Flaky], package: ModuleType) -> None:
    """The call gives up while the server still holds the answer: it did not wait for it."""
    base_url, app = server
    app.release.clear()
    answered = app.answered
    try:
        with package.Client(
            base_url=base_url, username="user", password="passwd", max_retries=0
        ) as made:
            with pytest.raises(package.errors.ApiTimeoutError):
                made.behaviour.delay(seconds="3", timeout=0.5)
            assert app.answered == answered  # the server had not answered yet
    finally:
        app.release.set()


def test_503_is_retried_as_retry_after_says(
    server: tuple[str, Flaky], package: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url, app = server
    slept: list[float] = []
    monkeypatch.setattr(package._runtime, "_sleep", slept.append)  # the waits, recorded
    with package.Client(
        base_url=base_url, username="user", password="passwd", max_retries=2
    ) as made:
        app.failures, app.seen[:] = 2, []
        made.errors.status(code="503")  # two 503s, then an answer
        assert app.seen == ["/status/503"] * 3
        assert slept == [0.0, 0.0]  # Retry-After: 0, not the backoff
        app.failures, app.seen[:] = 5, []
        with pytest.raises(package.errors.ApiStatusError) as raised:
            made.errors.status(code="503")
        assert raised.value.status_code == 503
        assert app.seen == ["/status/503"] * 3  # the first try and two retries
