"""A small API for the tests of ``postc record``, served on loopback, and its collection.

``POST /login`` answers a fresh token for the right password; every ``/users`` route needs
it (``401`` without); ``POST /users`` creates a user whose id comes from its name (so two
recordings get the same answers); ``GET /hang`` answers only when the test releases it
(for Ctrl-C while a request is in flight); ``GET /away`` redirects to another origin;
``GET /big`` answers about 1 MB of JSON. The collection lists the requests in an order
that only works once reordered: the get by id before the create, the login last.
"""

from __future__ import annotations

import json
import secrets
import threading
from http.server import ThreadingHTTPServer
from typing import Any

from tests.conftest import V21, JsonHandler

PASSWORD = "correct-horse-battery-staple"
USER = "ada"
BIG = 20_000
SEEDED = {"usr_grace": {"id": "usr_grace", "name": "grace", "admin": True}}  # listed at once


class RecordApi(JsonHandler):
    """The handler; the server's state lives on the server (``RecordServer``)."""

    server: RecordServer

    def do_POST(self) -> None:
        body = self._body()
        if self.path == "/login":
            if body.get("username") == USER and body.get("password") == PASSWORD:
                token = secrets.token_urlsafe(24)
                self.server.tokens.add(token)
                session = {"self": f"/sessions/{token}"}  # the token again, in a link
                self.send_json(200, {"token": token, "expires_in": 3600, "links": session})
            else:
                self.send_json(401, {"error": "bad credentials"})
        elif self.path == "/users" and self._authorised():
            name = str(body.get("name", "nobody"))
            user: dict[str, Any] = {"id": f"usr_{name}", "name": name, "admin": False}
            self.server.users[f"usr_{name}"] = user
            self.send_json(201, user)

    def do_GET(self) -> None:
        self.server.log.append(f"GET {self.path}")
        if self.path == "/hang":
            self.server.hanging.set()
            self.server.release.wait(30)
            self.send_json(200, {"released": True})
        elif self.path == "/big":  # over the body limit: 20,000 items, about 1 MB
            self.send_json(200, {"items": [{"id": i, "name": f"item {i}"} for i in range(BIG)]})
        elif self.path == "/away":  # the same server under another origin's name
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_address[1]}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/users" and self._authorised():
            self.send_json(
                200, {"users": [self.server.users[key] for key in sorted(self.server.users)]}
            )
        elif self.path.startswith("/users/") and self._authorised():
            user = self.server.users.get(self.path.removeprefix("/users/"))
            self.send_json(200 if user else 404, user or {"error": "no such user"})

    def _body(self) -> dict[str, Any]:
        self.server.log.append(f"{self.command} {self.path}")
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            found = json.loads(data or b"{}")
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}

    def _authorised(self) -> bool:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        if token in self.server.tokens:
            return True
        self.send_json(401, {"error": "unauthorized", "hint": "log in first"})
        return False


class RecordServer(ThreadingHTTPServer):
    """The API's state: tokens given out, users made, requests seen, the hanging route."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), RecordApi)
        self.tokens: set[str] = set()
        self.users: dict[str, dict[str, Any]] = dict(SEEDED)
        self.log: list[str] = []
        self.hanging = threading.Event()
        self.release = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client gone before its answer (an interrupted recording) is no fault of the
        API's: no traceback on the test's output."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def reset(self) -> None:
        """Forget every token, request and user made: the next recording meets a fresh API."""
        self.tokens.clear()
        self.users = dict(SEEDED)
        self.log.clear()


def _test(*lines: str) -> list[dict[str, Any]]:
    return [{"listen": "test", "script": {"type": "text/javascript", "exec": list(lines)}}]


def _request(
    name: str, method: str, path: str, event: list[dict[str, Any]] | None = None, **rest: Any
) -> dict[str, Any]:
    url = {"raw": "{{baseUrl}}/" + path, "host": ["{{baseUrl}}"], "path": path.split("/")}
    item = {"name": name, "request": {"method": method, "url": url, **rest}}
    return {**item, "event": event} if event else item


def _json_body(value: dict[str, Any]) -> dict[str, Any]:
    return {"mode": "raw", "raw": json.dumps(value), "options": {"raw": {"language": "json"}}}


def collection(base_url: str, *, hang: bool = False) -> dict[str, Any]:
    """The API's collection, its requests out of the order they must be sent in."""
    users = [
        _request("Get user", "GET", "users/{{id}}"),
        _request("List users", "GET", "users"),
        _request(
            "Create user",
            "POST",
            "users",
            header=[{"key": "Content-Type", "value": "application/json"}],
            body=_json_body({"name": USER}),
            event=_test('pm.environment.set("id", pm.response.json().id);'),
        ),
    ]
    login = _request(
        "Login",
        "POST",
        "login",
        auth={"type": "noauth"},
        header=[{"key": "Content-Type", "value": "application/json"}],
        body=_json_body({"username": USER, "password": "{{password}}"}),
        event=_test(
            "var data = pm.response.json();",
            'pm.environment.set("token", data.token);',
        ),
    )
    anonymous = _request("Profile without token", "GET", "users", auth={"type": "noauth"})
    items: list[dict[str, Any]] = [{"name": "Users", "item": users}, anonymous, login]
    if hang:
        items.insert(0, _request("Hang", "GET", "hang", auth={"type": "noauth"}))
    return {
        "info": {"name": "Record API", "schema": V21},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
        "variable": [{"key": "baseUrl", "value": base_url}],
        "item": items,
    }


def environment(password: str = PASSWORD) -> dict[str, Any]:
    """The environment that holds the password (a secret value: never recorded)."""
    return {
        "name": "Record API",
        "values": [{"key": "password", "value": password, "type": "secret", "enabled": True}],
        "_postman_variable_scope": "environment",
    }
