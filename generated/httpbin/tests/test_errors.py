"""Tests generated from the saved examples of httpbin, and from its test scripts.

The examples are data: ``tests/examples/errors.json`` holds each case (the call, the
request it must send, the answer served), keyed ``<request> / <example name>``.
"""

from __future__ import annotations

import pytest

from httpbin_client import Client, errors

from . import postman
from .conftest import Case, Cases, Mock

CASES = Cases("errors.json")


@pytest.mark.parametrize("case", CASES.of("error"))
def test_raises_its_error(client: Client, mock: Mock, case: Case) -> None:
    """An error status raises the class its status and error code select."""
    with pytest.raises(getattr(errors, case.error)):
        case.call(client, mock)
    case.check_sent(mock.request)


def test_status_not_found(client: Client, mock: Mock) -> None:
    """From the collection's test script: Not found"""
    mock.respond(*CASES.answer("errors.status / Not found"))
    response = mock.received(lambda: client.errors.with_raw_response.status(code="404"))
    CASES.check_sent("errors.status / Not found", mock.request)
    # pm.response.to.have.status(404);
    assert response.status_code == 404


def test_status_i_m_a_teapot(client: Client, mock: Mock) -> None:
    """From the collection's test script: I'm a teapot"""
    mock.respond(*CASES.answer("errors.status / Teapot"))
    response = mock.received(lambda: client.errors.with_raw_response.status(code="418"))
    CASES.check_sent("errors.status / Teapot", mock.request)
    # pm.response.to.have.status(418);
    assert response.status_code == 418
    # pm.expect(pm.response.text()).to.include("teapot");
    assert postman.includes(response.text, "teapot")


def test_status_a_server_error(client: Client, mock: Mock) -> None:
    """From the collection's test script: A server error"""
    mock.respond(*CASES.answer("errors.status / Server error"))
    response = mock.received(lambda: client.errors.with_raw_response.status(code="500"))
    CASES.check_sent("errors.status / Server error", mock.request)
    # pm.response.to.be.serverError;
    assert 500 <= response.status_code <= 599
