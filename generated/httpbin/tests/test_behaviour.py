"""Tests generated from the saved examples of httpbin, and from its test scripts.

The examples are data: ``tests/examples/behaviour.json`` holds each case (the call, the
request it must send, the answer served), keyed ``<request> / <example name>``.
"""

from __future__ import annotations

import re

import pytest

from httpbin_client import Client
from httpbin_client._runtime import dump

from . import postman
from .conftest import Case, Cases, Mock

CASES = Cases("behaviour.json")


@pytest.mark.parametrize("case", CASES.of("model"))
def test_parses_into_its_model(client: Client, mock: Mock, case: Case) -> None:
    """The saved body is read into the method's model and written back equal to it."""
    result = case.call(client, mock)
    assert dump(result) == case.expected(), case
    case.check_sent(mock.request)


def test_redirect_lands_on_get(client: Client, mock: Mock) -> None:
    """From the collection's test script: Lands on /get"""
    mock.respond(*CASES.answer("behaviour.redirect / Followed"))
    response = mock.received(lambda: client.behaviour.with_raw_response.redirect(n="2"))
    CASES.check_sent("behaviour.redirect / Followed", mock.request)
    data = postman.body(response)
    # pm.response.to.be.success;
    assert 200 <= response.status_code <= 299
    # pm.expect(pm.response.json().url).to.match(/\/get$/);
    assert postman.matches(postman.at(data, ("url",)), "\\/get\\Z", re.ASCII)


def test_delay_waits_then_answers(client: Client, mock: Mock) -> None:
    """From the collection's test script: Waits, then answers"""
    mock.respond(*CASES.answer("behaviour.delay / Delayed"))
    response = mock.received(
        lambda: client.behaviour.with_raw_response.delay(seconds="1")
    )
    CASES.check_sent("behaviour.delay / Delayed", mock.request)
    data = postman.body(response)
    # dropped, a saved example has no response time: pm.expect(pm.response.responseTime).to.be.above(1000);
    # pm.expect(pm.response.json()).to.have.nested.property("headers.Host");
    assert postman.has_path(data, ("headers", "Host"))


def test_response_headers_retry_after_is_set(client: Client, mock: Mock) -> None:
    """From the collection's test script: Retry-After is set"""
    mock.respond(
        *CASES.answer("behaviour.response_headers / Headers"),
        headers=[("Retry-After", "1")],
    )
    response = mock.received(
        lambda: client.behaviour.with_raw_response.response_headers(retry_after=1)
    )
    CASES.check_sent("behaviour.response_headers / Headers", mock.request)
    data = postman.body(response)
    # pm.response.to.have.header("Retry-After", "1");
    assert postman.header(response, "Retry-After") == "1"
    # pm.expect(pm.response.json()["Retry-After"]).to.eql("1");
    assert postman.deep_equal(postman.at(data, ("Retry-After",)), "1")
