"""Test helpers: a client whose transport records requests and serves an example."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from zoho_crm_bulk_write import Client

BASE_URL = "https://api.example.test"


class Mock:
    """Serves one response and remembers the requests the client sent."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.response = httpx.Response(204)

    def respond(self, status: int, body: str, content_type: str) -> None:
        self.response = httpx.Response(
            status, content=body.encode(), headers={"Content-Type": content_type}
        )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.response

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1, self.requests
        return self.requests[0]


@pytest.fixture
def mock() -> Mock:
    return Mock()


@pytest.fixture
def client(mock: Mock) -> Iterator[Client]:
    with Client(
        base_url=BASE_URL,
        access_token="test-access-token",
        max_retries=0,
        transport=httpx.MockTransport(mock),
    ) as client:
        yield client
