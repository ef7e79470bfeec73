"""Chains between the requests of httpbin.

Each test calls the request that produces a value, its saved example served, reads the
value from its result, calls the request that uses it and checks the request carried it.
A value read from a model goes through ``dump``: a UUID or a datetime the model parsed is
passed on as the JSON text a script would have copied.
"""

from __future__ import annotations

from typing import Any

from httpbin_client import Client
from httpbin_client._runtime import dump

from .conftest import Mock


def test_flow_anything_request_id(client: Client, mock: Mock) -> None:
    """request_id: client.requests.uuid() -> client.requests.anything(request_id=...)"""
    mock.respond(
        200,
        '{"uuid": "0f2d5c4e-8a61-4b7e-9c3d-2e5f6a7b8c9d"}',
        "application/json",
        "UUID",
        "item[1].item[4].response[0]",
    )
    raw = client.requests.with_raw_response.uuid()
    result: Any = raw.parse()
    value = dump(result.uuid)
    assert isinstance(value, str)
    mock.respond(
        200,
        '{"args": {}, "data": "", "files": {}, "form": {}, "headers": {"Accept": "application/json", "Host": "httpbin.org", "User-Agent": "postc-example/1.0"}, "json": null, "method": "GET", "origin": "203.0.113.7", "url": "https://httpbin.org/anything/0f2d5c4e-8a61-4b7e-9c3d-2e5f6a7b8c9d"}',
        "application/json",
        "Echo",
        "item[1].item[5].response[0]",
    )
    client.requests.with_raw_response.anything(request_id=str(value))
    sent = mock.requests[-1]
    assert str(value) in sent.url.path
