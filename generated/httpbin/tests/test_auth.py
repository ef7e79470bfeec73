"""Tests generated from the saved examples of httpbin, and from its test scripts.

The examples are data: ``tests/examples/auth.json`` holds each case (the call, the
request it must send, the answer served), keyed ``<request> / <example name>``.
"""

from __future__ import annotations

import pytest

from httpbin_client import Client, errors
from httpbin_client._runtime import dump

from . import postman
from .conftest import Case, Cases, Mock

CASES = Cases("auth.json")


@pytest.mark.parametrize("case", CASES.of("model"))
def test_parses_into_its_model(client: Client, mock: Mock, case: Case) -> None:
    """The saved body is read into the method's model and written back equal to it."""
    result = case.call(client, mock)
    assert dump(result) == case.expected(), case
    case.check_sent(mock.request)


@pytest.mark.parametrize("case", CASES.of("error"))
def test_raises_its_error(client: Client, mock: Mock, case: Case) -> None:
    """An error status raises the class its status and error code select."""
    with pytest.raises(getattr(errors, case.error)):
        case.call(client, mock)
    case.check_sent(mock.request)


def test_bearer_authenticated_with_the_token(client: Client, mock: Mock) -> None:
    """From the collection's test script: Authenticated with the token"""
    mock.respond(*CASES.answer("auth.bearer / Authenticated"))
    response = mock.received(lambda: client.auth.with_raw_response.bearer())
    CASES.check_sent("auth.bearer / Authenticated", mock.request)
    data = postman.body(response)
    # pm.response.to.have.status(200);
    assert response.status_code == 200
    # pm.expect(json.authenticated).to.be.true;
    assert postman.at(data, ("authenticated",)) is True
    # pm.expect(json).to.have.property("token");
    assert postman.has_property(data, "token")


def test_bearer_unauthorized_without_one(client: Client, mock: Mock) -> None:
    """From the collection's test script: Unauthorized without one"""
    mock.respond(*CASES.answer("auth.bearer / No token"))
    response = mock.received(lambda: client.auth.with_raw_response.bearer())
    CASES.check_sent("auth.bearer / No token", mock.request)
    # pm.response.to.have.status(401);
    assert response.status_code == 401
