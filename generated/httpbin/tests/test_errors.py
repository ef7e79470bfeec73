"""Tests generated from the saved examples of httpbin."""

from __future__ import annotations

import pytest

from httpbin_client import Client, errors

from .conftest import Mock


def test_status_not_found(client: Client, mock: Mock) -> None:
    body = ""
    mock.respond(404, body, "text/html", "Not found", "item[2].item[0].response[0]")
    with pytest.raises(errors.NotFoundError):
        client.errors.status(code="404")
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/status/404"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )


def test_status_teapot(client: Client, mock: Mock) -> None:
    body = '\n    -=[ teapot ]=-\n\n       _...._\n     .\'  _ _ `.\n    | ."` ^ `". _,\n    \\_;`"---"`|//\n      |       ;/\n      \\_     _/\n        `"""`\n'
    mock.respond(418, body, "text/plain", "Teapot", "item[2].item[0].response[1]")
    with pytest.raises(errors.ApiStatusError):
        client.errors.status(code="418")
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/status/418"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )


def test_status_server_error(client: Client, mock: Mock) -> None:
    body = ""
    mock.respond(500, body, "text/html", "Server error", "item[2].item[0].response[2]")
    with pytest.raises(errors.InternalServerError):
        client.errors.status(code="500")
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/status/500"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )
