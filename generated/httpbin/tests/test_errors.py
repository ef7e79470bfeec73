"""Tests generated from the saved examples of httpbin, and from its test scripts."""

from __future__ import annotations

import pytest

from httpbin_client import Client, errors

from . import postman
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


def test_status_not_found_2(client: Client, mock: Mock) -> None:
    """From the collection's test script: Not found"""
    body = ""
    mock.respond(404, body, "text/html", "Not found", "item[2].item[0].response[0]")
    response = mock.received(lambda: client.errors.with_raw_response.status(code="404"))
    # pm.response.to.have.status(404);
    assert response.status_code == 404


def test_status_i_m_a_teapot(client: Client, mock: Mock) -> None:
    """From the collection's test script: I'm a teapot"""
    body = '\n    -=[ teapot ]=-\n\n       _...._\n     .\'  _ _ `.\n    | ."` ^ `". _,\n    \\_;`"---"`|//\n      |       ;/\n      \\_     _/\n        `"""`\n'
    mock.respond(418, body, "text/plain", "Teapot", "item[2].item[0].response[1]")
    response = mock.received(lambda: client.errors.with_raw_response.status(code="418"))
    # pm.response.to.have.status(418);
    assert response.status_code == 418
    # pm.expect(pm.response.text()).to.include("teapot");
    assert postman.includes(response.text, "teapot")


def test_status_a_server_error(client: Client, mock: Mock) -> None:
    """From the collection's test script: A server error"""
    body = ""
    mock.respond(500, body, "text/html", "Server error", "item[2].item[0].response[2]")
    response = mock.received(lambda: client.errors.with_raw_response.status(code="500"))
    # pm.response.to.be.serverError;
    assert 500 <= response.status_code <= 599
