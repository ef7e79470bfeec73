"""Tests generated from the saved examples of httpbin, and from its test scripts."""

from __future__ import annotations

import json

import pytest

from httpbin_client import Client, errors
from httpbin_client._runtime import dump

from . import postman
from .conftest import Mock


def test_bearer_authenticated(client: Client, mock: Mock) -> None:
    body = '{"authenticated": true, "token": "<token>"}'
    mock.respond(
        200, body, "application/json", "Authenticated", "item[0].item[0].response[0]"
    )
    result = client.auth.bearer()
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/bearer"


def test_bearer_no_token(client: Client, mock: Mock) -> None:
    body = ""
    mock.respond(401, body, "text/html", "No token", "item[0].item[0].response[1]")
    with pytest.raises(errors.AuthenticationError):
        client.auth.bearer()
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/bearer"


def test_basic_authenticated(client: Client, mock: Mock) -> None:
    body = '{"authenticated": true, "user": "user"}'
    mock.respond(
        200, body, "application/json", "Authenticated", "item[0].item[1].response[0]"
    )
    result = client.auth.basic(user="user", passwd="passwd")
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/basic-auth/user/passwd"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )


def test_digest_authenticated(client: Client, mock: Mock) -> None:
    body = '{"authenticated": true, "user": "user"}'
    mock.respond(
        200, body, "application/json", "Authenticated", "item[0].item[2].response[0]"
    )
    result = client.auth.digest(qop="auth", user="user", passwd="passwd")
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/digest-auth/auth/user/passwd"


def test_bearer_authenticated_with_the_token(client: Client, mock: Mock) -> None:
    """From the collection's test script: Authenticated with the token"""
    body = '{"authenticated": true, "token": "<token>"}'
    mock.respond(
        200, body, "application/json", "Authenticated", "item[0].item[0].response[0]"
    )
    response = mock.received(lambda: client.auth.with_raw_response.bearer())
    data = postman.body(response)
    # pm.response.to.have.status(200);
    assert response.status_code == 200
    # pm.expect(json.authenticated).to.be.true;
    assert postman.at(data, ("authenticated",)) is True
    # pm.expect(json).to.have.property("token");
    assert postman.has_property(data, "token")


def test_bearer_unauthorized_without_one(client: Client, mock: Mock) -> None:
    """From the collection's test script: Unauthorized without one"""
    body = ""
    mock.respond(401, body, "text/html", "No token", "item[0].item[0].response[1]")
    response = mock.received(lambda: client.auth.with_raw_response.bearer())
    # pm.response.to.have.status(401);
    assert response.status_code == 401
