"""Test helpers: a client whose transport records requests and serves a saved example.

Set ``POSTC_BASE_URL`` (to a running ``postc mock`` of the collection, say) to run the same
tests live: requests then go to that server, and each test asks it for its example with
the ``x-mock-response-name`` and ``x-mock-response-code`` headers, and with
``x-postc-example`` (the example's place in the collection), which ``postc mock`` reads to
tell apart examples of one route with the same name and status. Redirects are not followed:
a saved redirect is the answer the test expects.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from zoho_crm_bulk_write import Client
from zoho_crm_bulk_write._runtime import RawResponse
from zoho_crm_bulk_write.errors import ApiStatusError

BASE_URL = "https://api.example.test"
LIVE_URL = os.environ.get("POSTC_BASE_URL")
# The credentials the tests' client holds: a header or query value holding one carries it
CREDENTIALS: tuple[str, ...] = ("test-access-token",)


class Mock:
    """Serves one response and remembers the requests the client sent."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.response = httpx.Response(204)
        self.choice: dict[str, str] = {}
        self.unanswered_live = False

    def respond(
        self,
        status: int,
        body: str,
        content_type: str,
        example: str | None = None,
        place: str | None = None,
        *,
        headers: Sequence[tuple[str, str]] = (),
        reason: str | None = None,
    ) -> None:
        """Serve this answer (with the example's saved ``headers`` and ``reason`` phrase,
        for the tests that read them); live, ask the server for the saved ``example`` (its
        name, and its JSON path in the collection: ``place``)."""
        if LIVE_URL:
            if example is None:
                pytest.skip("live: no saved example answers this request")
            self.choice = {"x-mock-response-code": str(status)}
            if place is not None:
                self.choice["x-postc-example"] = place
            name = example.strip()
            if name.isascii() and name.isprintable():  # else not a header value
                self.choice["x-mock-response-name"] = name
        extensions = (
            {"reason_phrase": reason.encode("latin-1", "replace")} if reason else {}
        )
        self.response = httpx.Response(
            status,
            content=body.encode(),
            headers=[*headers, ("Content-Type", content_type)],
            extensions=extensions,
        )

    def unanswered(
        self, reason: str, status: int | None = None, request: str = ""
    ) -> None:
        """No saved example answers this test: it skips, unless live, where the server
        answers as it will (asked for the ``status`` the test checks, and for an answer to
        this ``request``, its place in the collection: ``postc mock`` refuses both without
        an example of it, rather than answer with another request's)."""
        if not LIVE_URL:
            pytest.skip(reason)
        self.unanswered_live = True
        self.choice = {"x-postc-request": request}
        if status is not None:
            self.choice["x-mock-response-code"] = str(status)

    def received(self, call: Callable[[], RawResponse[Any]]) -> httpx.Response:
        """The HTTP response the call received, whatever its status (the client raises an
        error status as ``ApiStatusError``, which carries it): a test script sees every
        answer. Live, a test no saved example answers skips where the server is
        ``postc mock`` refusing for want of one: there is no answer to check."""
        try:
            response = call().http
        except ApiStatusError as error:
            response = error.response
        if self.unanswered_live and _mock_refused(response):
            pytest.skip(
                "live: the server (postc mock) has no saved example for this request"
            )
        return response

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.response

    def record(self, request: httpx.Request) -> None:
        """Live: ask the server for the example, and remember the request."""
        request.headers.update(self.choice)
        self.requests.append(request)

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1, self.requests
        return self.requests[0]


class Case:
    """A saved example's case, from ``tests/examples/<module>.json``: the call and
    its arguments, the request it must send, the answer served, what the call gives."""

    def __init__(self, file: str, key: str, data: dict[str, Any]) -> None:
        self.where = f"tests/examples/{file}: {key}"
        self.data = data
        self.status: int = data["status"]
        self.error: str = data.get("error", "")

    def __repr__(self) -> str:
        return self.where  # what an assertion's message shows: the file and the example

    def answer(self) -> tuple[int, str, str, str | None, str | None]:
        """``Mock.respond``'s arguments: status, body, media type, example, place."""
        data = self.data
        if "json" in data:
            body = json.dumps(data["json"], ensure_ascii=False)
        else:
            body = data["text"]
        return self.status, body, data["content_type"], data["example"], data["place"]

    def expected(self) -> Any:
        """What the call gives back: the body served, decoded as JSON (for a model, or
        ``JsonValue``), else as text (a JSON string too: ``"2024-01-01"``) or bytes."""
        body = self.answer()[1]
        if self.data["expect"] in ("model", "json"):
            return json.loads(body)
        return body.encode() if self.data["expect"] == "bytes" else body

    def call(self, client: Client, mock: Mock, *, raw: bool = False) -> Any:
        """Serve the answer, then call the method (``with_raw_response``: ``raw``)."""
        mock.respond(*self.answer())
        *owners, name = self.data["request"].split(".")
        target: Any = client
        for owner in owners:
            target = getattr(target, owner)
        if raw:
            target = target.with_raw_response
        binary = set(self.data.get("binary", ()))
        files = set(self.data.get("files", ()))
        arguments = {
            key: value.encode() if key in binary else value
            for key, value in self.data["arguments"].items()
        }
        for key in files:  # a file: (name, content)
            arguments[key] = (arguments[key][0], arguments[key][1].encode())
        return getattr(target, name)(**arguments)

    def check_sent(self, sent: httpx.Request) -> None:
        """The request went out as saved: method, path, query, the credentials the
        collection declares for it (and no other), its JSON or form body."""
        expected = self.data["sent"]
        assert sent.method == expected["method"], self
        assert sent.url.path == expected["path"], self
        for key, value in expected["query"]:
            assert sent.url.params.get(key) == value, (self, key)
        if expected["credentials"] is not None:
            declared = {(w, name.lower(), v) for w, name, v in expected["credentials"]}
            assert credentials_sent(sent) == declared, self
        if "json" in expected:
            assert json.loads(sent.content) == expected["json"], self
        if "form" in expected:
            assert form_sent(sent) == form_expected(sent, expected), self


def credentials_sent(sent: httpx.Request) -> set[tuple[str, str, str]]:
    """Every credential the request carries: its ``Authorization`` header, and each header
    or query parameter holding a credential of the tests' client."""
    found = {
        ("header", key, value)
        for key, value in sent.headers.multi_items()
        if key == "authorization" or any(secret in value for secret in CREDENTIALS)
    }
    return found | {
        ("query", key, value)
        for key, value in sent.url.params.multi_items()
        if any(secret in value for secret in CREDENTIALS)
    }


def form_sent(sent: httpx.Request) -> tuple[str, list[Any]]:
    """A form body as sent: its media type, and its ``(key, text)`` pairs when urlencoded,
    its parts (each its headers and content, the boundary aside) when multipart."""
    media = sent.headers.get("content-type", "").partition(";")[0]
    body = sent.read()
    if media != "multipart/form-data":
        return media, parse_qsl(body.decode("ascii"), keep_blank_values=True)
    boundary = sent.headers["content-type"].partition("boundary=")[2].strip('"')
    return media, body.split(b"--" + boundary.encode())


def form_expected(
    sent: httpx.Request, expected: dict[str, Any]
) -> tuple[str, list[Any]]:
    """The form the case expects, as ``form_sent`` reads one: a form-data body multipart,
    its fields (no filename) then its files, encoded with the boundary of the one sent; an
    urlencoded body its fields; a form with nothing to send, no body."""
    fields = [(key, value) for key, value in expected["form"]]
    if not fields and not expected["files"]:
        return "", []
    if not expected["multipart"]:
        return "application/x-www-form-urlencoded", fields
    parts = [(key, (None, value)) for key, value in fields] + [
        (key, (name, content.encode())) for key, name, content in expected["files"]
    ]
    boundary = sent.headers.get("content-type", "").partition("boundary=")[2].strip('"')
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return form_sent(httpx.Request("POST", sent.url, files=parts, headers=headers))


class Cases:
    """The cases of one test module, read from its data file, each a pytest parameter
    whose id names the example (``<request> / <example name>``)."""

    def __init__(self, file: str) -> None:
        path = Path(__file__).parent / "examples" / file
        data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        self.cases = {key: Case(file, key, case) for key, case in data.items()}

    def of(self, *kinds: str) -> list[Any]:
        """The cases whose outcome is one of ``kinds``, as parameters of a test."""
        return [
            pytest.param(case, id=key)
            for key, case in self.cases.items()
            if case.data["expect"] in kinds
        ]

    def answer(self, key: str) -> tuple[int, str, str, str | None, str | None]:
        """The answer of a case (a script test serves it)."""
        return self.cases[key].answer()

    def check_sent(self, key: str, sent: httpx.Request) -> None:
        """A script test's request went out as its case's must (the same call)."""
        self.cases[key].check_sent(sent)


def _mock_refused(response: httpx.Response) -> bool:
    """Whether this is ``postc mock``'s answer to a request no saved example matches."""
    if response.status_code != 404:
        return False
    try:
        error = response.json().get("error", "")
    except (ValueError, AttributeError):
        return False
    return isinstance(error, str) and error.startswith("postc mock: no saved example")


@pytest.fixture
def mock() -> Mock:
    return Mock()


@pytest.fixture
def client(mock: Mock) -> Iterator[Client]:
    if LIVE_URL:
        http = httpx.Client(event_hooks={"request": [mock.record]})
    else:
        http = httpx.Client(transport=httpx.MockTransport(mock))
    client = Client(
        base_url=LIVE_URL or BASE_URL,
        access_token="test-access-token",
        max_retries=0,
        http_client=http,
        strict=True,  # a saved example must fit its model exactly
    )
    with http, client:
        yield client
