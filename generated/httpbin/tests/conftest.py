"""Test helpers: a client whose transport records requests and serves a saved example.

Set ``POSTC_BASE_URL`` (to a running ``postc mock`` of the collection, say) to run the same
tests live: requests then go to that server, and each test asks it for its example with
the ``x-mock-response-name`` and ``x-mock-response-code`` headers, and with
``x-postc-example`` (the example's place in the collection), which ``postc mock`` reads to
tell apart examples of one route with the same name and status. Redirects are not followed:
a saved redirect is the answer the test expects.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import httpx
import pytest

from httpbin_client import Client
from httpbin_client._runtime import RawResponse
from httpbin_client.errors import ApiStatusError

BASE_URL = "https://api.example.test"
LIVE_URL = os.environ.get("POSTC_BASE_URL")


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
        username="test-username",
        password="test-password",
        token="test-token",
        max_retries=0,
        http_client=http,
        strict=True,  # a saved example must fit its model exactly
    )
    with http, client:
        yield client
