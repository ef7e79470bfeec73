"""End to end: a generated client logs in with the collection's login request (issue 17,
part 3). A real HTTP server on loopback issues a token on ``POST /login`` and accepts only
tokens it has not revoked; the client calls the login when it has no token, keeps the
token, logs in again once after a 401 and gives up after a second one; a token the caller
passes is used as before, without a login. The collection's script and auth are written
here; the JavaScript front end reads the script."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs

import pytest

from generator.generate import generate
from tests.conftest import JsonHandler, collection_doc, loopback

PACKAGE = "login_shop"
SECRET = "hunter2-never-in-files"
LOGIN_SCRIPT = [
    "if (pm.response.code == 200) {",
    "    const json = pm.response.json();",
    "    pm.environment.set('token', json.data.token);",
    "}",
]


def _json_example(body: Any) -> dict[str, Any]:
    content = [{"key": "Content-Type", "value": "application/json"}]
    return {"name": "ok", "code": 200, "header": content, "body": json.dumps(body)}


def _collection() -> dict[str, Any]:
    """A bearer ``{{token}}`` collection whose "Log in" request sets ``token`` (and
    inherits the very auth it feeds, as collections do)."""
    form = [
        {"key": "username", "value": "{{username}}"},
        {"key": "password", "value": "{{password}}"},
        {"key": "grant_type", "value": "password"},
    ]
    login = {
        "name": "Log in",
        "event": [{"listen": "test", "script": {"exec": LOGIN_SCRIPT}}],
        "request": {
            "method": "POST",
            "url": "{{baseUrl}}/login",
            "body": {"mode": "urlencoded", "urlencoded": form},
        },
        "response": [_json_example({"data": {"token": "abc"}})],
    }
    things = {
        "name": "List things",
        "request": {"method": "GET", "url": "{{baseUrl}}/things"},
        "response": [_json_example([{"id": 1}])],
    }
    return collection_doc(
        {"name": "Auth", "item": [login]},
        {"name": "Things", "item": [things]},
        info={
            "name": "Login Shop",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        auth={"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
        variable=[
            {"key": "baseUrl", "value": "http://127.0.0.1:9"},
            {"key": "password", "value": SECRET},
        ],
    )


class Shop(JsonHandler):
    """``POST /login`` (ann / pw) issues ``t1``, ``t2``, ...; ``GET /things`` accepts an
    issued token not revoked. ``revoke_after_use`` revokes a token once it has been
    accepted (so the next call with it gets a 401); ``reject_all`` answers every
    ``/things`` 401. ``log`` is every request: method, path, Authorization."""

    log: ClassVar[list[tuple[str, str, str | None]]] = []
    issued: ClassVar[list[str]] = []
    revoked: ClassVar[set[str]] = set()
    revoke_after_use: ClassVar[bool] = False
    reject_all: ClassVar[bool] = False
    login_delay: ClassVar[float] = 0.0
    lock = threading.Lock()

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self._note()
        time.sleep(self.login_delay)
        if form.get("username") != ["ann"] or form.get("password") != ["pw"]:
            self.send_json(401, {"error": "bad credentials"})
            return
        with self.lock:
            token = f"t{len(self.issued) + 1}"
            self.issued.append(token)
        self.send_json(200, {"data": {"token": token}})

    def do_GET(self) -> None:
        self._note()
        token = (self.headers["Authorization"] or "").removeprefix("Bearer ")
        with self.lock:
            valid = token in self.issued and token not in self.revoked
            if valid and self.revoke_after_use:
                self.revoked.add(token)
        if self.reject_all or not valid:
            self.send_json(401, {"error": "stale token"})
        else:
            self.send_json(200, [{"id": 1}])

    def _note(self) -> None:
        with self.lock:
            self.log.append((self.command, self.path, self.headers["Authorization"]))



@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("login")
    source = root / "collection.json"
    source.write_text(json.dumps(_collection()), encoding="utf-8")
    out = root / "out"
    generate(source, out)
    return out


@pytest.fixture
def package(generated: Path) -> Iterator[Any]:
    sys.path.insert(0, str(generated))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(generated))


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("TOKEN", "USERNAME", "PASSWORD"):
        monkeypatch.delenv(f"LOGIN_SHOP_{name}", raising=False)
    Shop.log, Shop.issued, Shop.revoked = [], [], set()
    Shop.revoke_after_use = Shop.reject_all = False
    Shop.login_delay = 0.0
    yield from loopback(Shop, monkeypatch)


LOGIN = ("POST", "/login", None)  # the login sends no token, not even a stale one


def _things(token: str) -> tuple[str, str, str]:
    return ("GET", "/things", f"Bearer {token}")


def test_the_client_logs_in_keeps_the_token_and_logs_in_again_once_after_a_401(
    package: Any, server: str
) -> None:
    Shop.revoke_after_use = True  # each token works once: the second call meets a 401
    with package.Client(username="ann", password="pw", base_url=server) as client:
        assert [t.id for t in client.things.list_things()] == [1]
        assert [t.id for t in client.things.list_things()] == [1]
    assert Shop.log == [LOGIN, _things("t1"), _things("t1"), LOGIN, _things("t2")]


def test_the_token_is_kept_between_calls(package: Any, server: str) -> None:
    with package.Client(username="ann", password="pw", base_url=server) as client:
        for _ in range(3):
            client.things.list_things()
    assert Shop.log == [LOGIN, _things("t1"), _things("t1"), _things("t1")]


def test_a_second_401_raises_and_the_client_does_not_loop(package: Any, server: str) -> None:
    Shop.reject_all = True
    client = package.Client(username="ann", password="pw", base_url=server)
    with client, pytest.raises(package.errors.AuthenticationError):
        client.things.list_things()
    assert Shop.log == [LOGIN, _things("t1"), LOGIN, _things("t2")]


def test_a_token_the_caller_gives_is_sent_as_before_without_a_login(
    package: Any, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for given in ("mine", None):  # the argument, then the environment variable
        client = package.Client(token=given, base_url=server)
        with client, pytest.raises(package.errors.AuthenticationError):
            client.things.list_things()
        monkeypatch.setenv("LOGIN_SHOP_TOKEN", "from-env")
    assert Shop.log == [_things("mine"), _things("from-env")]


def test_the_login_inputs_are_settings_read_when_it_runs(
    package: Any, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = package.Client(base_url=server)  # no credential needed to make it
    monkeypatch.setenv("LOGIN_SHOP_USERNAME", "ann")
    monkeypatch.setenv("LOGIN_SHOP_PASSWORD", "pw")
    with client:
        client.things.list_things()
    assert Shop.log == [LOGIN, _things("t1")]


def test_a_failed_login_raises_its_own_error_and_sends_nothing_else(
    package: Any, server: str
) -> None:
    client = package.Client(username="ann", password="wrong", base_url=server)
    with client, pytest.raises(package.errors.AuthenticationError, match="/login"):
        client.things.list_things()
    assert Shop.log == [LOGIN]


def test_the_async_client_logs_in_and_again_once_after_a_401(package: Any, server: str) -> None:
    Shop.revoke_after_use = True

    async def calls() -> None:
        async with package.AsyncClient(username="ann", password="pw", base_url=server) as client:
            await client.things.list_things()
            await client.things.list_things()

    asyncio.run(calls())
    assert Shop.log == [LOGIN, _things("t1"), _things("t1"), LOGIN, _things("t2")]


def test_threads_share_one_login(package: Any, server: str) -> None:
    Shop.login_delay = 0.2  # every thread asks while the first login is under way
    with package.Client(username="ann", password="pw", base_url=server) as client:
        threads = [threading.Thread(target=client.things.list_things) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert Shop.log.count(LOGIN) == 1 and Shop.log.count(_things("t1")) == 6


def test_the_collections_password_is_in_no_generated_file(generated: Path) -> None:
    for path in generated.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text("utf-8", errors="replace"), path


def test_a_login_that_needs_its_own_credential_fails_instead_of_calling_itself(
    package: Any, server: str
) -> None:
    """A login sent with the scheme it feeds (a hand-made core: the generated client
    sends its login bare) would wait on itself for ever; it raises instead."""
    runtime = package._runtime

    def login() -> Any:
        form = {"username": "ann", "password": "pw"}
        call = runtime.Call("POST", "/login", returns=runtime.JSON, form=form)
        return runtime.raw(core.request)(call)

    raised: list[BaseException] = []

    def things() -> None:
        try:
            core.request(runtime.Call("GET", "/things", returns=runtime.JSON))
        except Exception as error:
            raised.append(error)

    auth = runtime.LoginAuth(runtime.BearerAuth, login, path=("data", "token"))
    with runtime.ClientCore(server, auth=auth) as core:
        caller = threading.Thread(target=things, daemon=True)
        caller.start()
        caller.join(10)  # a login waiting on itself never returns
    assert not caller.is_alive(), "the login waits on itself"
    assert [type(e).__name__ for e in raised] == ["ApiError"]
    assert "needs the credential it gets" in str(raised[0]) and Shop.log == []


def test_the_readme_and_the_docstring_say_which_request_logs_in(generated: Path) -> None:
    readme = (generated / "README.md").read_text("utf-8")
    assert "Without `token`, the client logs in with `client.auth.log_in()`" in readme
    client = " ".join((generated / PACKAGE / "_client.py").read_text("utf-8").split())
    assert "Without it the client logs in with ``client.auth.log_in()``." in client
