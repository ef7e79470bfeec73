"""Tests generated from the saved examples of httpbin."""

from __future__ import annotations

import json

from httpbin_client import Client
from httpbin_client._runtime import dump

from .conftest import Mock


def test_redirect_followed(client: Client, mock: Mock) -> None:
    body = '{"args": {}, "headers": {"Accept": "application/json", "Host": "httpbin.org", "User-Agent": "postc-example/1.0"}, "origin": "203.0.113.7", "url": "https://httpbin.org/get"}'
    mock.respond(
        200, body, "application/json", "Followed", "item[3].item[0].response[0]"
    )
    result = client.behaviour.redirect(n="2")
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/redirect/2"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )


def test_delay_delayed(client: Client, mock: Mock) -> None:
    body = '{"args": {}, "data": "", "files": {}, "form": {}, "headers": {"Accept": "application/json", "Host": "httpbin.org", "User-Agent": "postc-example/1.0"}, "origin": "203.0.113.7", "url": "https://httpbin.org/delay/1"}'
    mock.respond(
        200, body, "application/json", "Delayed", "item[3].item[1].response[0]"
    )
    result = client.behaviour.delay(seconds="1")
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/delay/1"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )


def test_response_headers_headers(client: Client, mock: Mock) -> None:
    body = '{"Content-Length": "89", "Content-Type": "application/json", "Retry-After": "1"}'
    mock.respond(
        200, body, "application/json", "Headers", "item[3].item[2].response[0]"
    )
    result = client.behaviour.response_headers(retry_after=1)
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/response-headers"
    assert sent.url.params.get("Retry-After") == "1"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )
