"""Tests generated from the saved examples of Zoho CRM Bulk Write, and from its test scripts.

The examples are data: ``tests/examples/bulk_write.json`` holds each case (the call, the
request it must send, the answer served), keyed ``<request> / <example name>``.
"""

from __future__ import annotations

import json
import re

import pytest

from zoho_crm_bulk_write import Client, errors
from zoho_crm_bulk_write._runtime import dump

from . import postman
from .conftest import Case, Cases, Mock

CASES = Cases("bulk_write.json")


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


def test_job_details_status_code_is_200(client: Client, mock: Mock) -> None:
    """From the collection's test script: Status code is 200"""
    mock.respond(*CASES.answer("bulk_write.job_details / SUCCESS RESPONSE"))
    response = mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
    CASES.check_sent("bulk_write.job_details / SUCCESS RESPONSE", mock.request)
    # pm.response.to.have.status(200);
    assert response.status_code == 200


def test_job_details_the_job_is_described(client: Client, mock: Mock) -> None:
    """From the collection's test script: The job is described"""
    mock.respond(*CASES.answer("bulk_write.job_details / SUCCESS RESPONSE"))
    response = mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
    CASES.check_sent("bulk_write.job_details / SUCCESS RESPONSE", mock.request)
    data = postman.body(response)
    # pm.expect(jsonData.status).to.be.oneOf(["ADDED", "IN PROGRESS", "COMPLETED"]);
    assert postman.one_of(
        postman.at(data, ("status",)), ("ADDED", "IN PROGRESS", "COMPLETED")
    )
    # pm.expect(jsonData.id).to.be.a("string").and.to.have.lengthOf(19);
    assert postman.type_of(postman.at(data, ("id",))) == "string"
    assert postman.length(postman.at(data, ("id",))) == 19
    # pm.expect(jsonData.resource).to.be.an("array").that.is.not.empty;
    assert postman.type_of(postman.at(data, ("resource",))) == "array"
    assert not postman.is_empty(postman.at(data, ("resource",)))
    # pm.expect(jsonData.resource[0].file.added_count).to.be.at.least(0);
    assert postman.number(postman.at(data, ("resource", 0, "file", "added_count"))) >= 0
    # pm.expect(jsonData.resource[0].file.total_count).to.be.within(0, 25000);
    assert (
        0
        <= postman.number(postman.at(data, ("resource", 0, "file", "total_count")))
        <= 25000
    )
    # pm.expect(jsonData.result.download_url).to.match(/^https:\/\/download-accl\.zoho\.com\//);
    assert postman.matches(
        postman.at(data, ("result", "download_url")),
        "^https:\\/\\/download-accl\\.zoho\\.com\\/",
        re.ASCII,
    )
    # pm.expect(jsonData.ignore_empty).to.be.true;
    assert postman.at(data, ("ignore_empty",)) is True
    # pm.expect(jsonData).to.have.nested.property("created_by.name");
    assert postman.has_path(data, ("created_by", "name"))
    # pm.expect(jsonData.callback).to.eql({url: "https://www.zoho.com/", method: "post"});
    assert postman.deep_equal(
        postman.at(data, ("callback",)),
        json.loads('{"url": "https://www.zoho.com/", "method": "post"}'),
    )


def test_job_details_an_authentication_failure_is_explained(
    client: Client, mock: Mock
) -> None:
    """From the collection's test script: An authentication failure is explained"""
    mock.respond(*CASES.answer("bulk_write.job_details / AUTHENTICATION_FAILURE"))
    response = mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
    CASES.check_sent("bulk_write.job_details / AUTHENTICATION_FAILURE", mock.request)
    data = postman.body(response)
    # pm.response.to.have.status(401);
    assert response.status_code == 401
    # pm.expect(jsonData.code).to.eql("AUTHENTICATION_FAILURE");
    assert postman.deep_equal(postman.at(data, ("code",)), "AUTHENTICATION_FAILURE")
    # pm.expect(jsonData.message).to.include("failed");
    assert postman.includes(postman.at(data, ("message",)), "failed")


def test_job_details_errors_carry_a_code(client: Client, mock: Mock) -> None:
    """From the collection's test script: Errors carry a code"""
    mock.respond(*CASES.answer("bulk_write.job_details / INVALID_URL_PATTERN"))
    response = mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
    CASES.check_sent("bulk_write.job_details / INVALID_URL_PATTERN", mock.request)
    data = postman.body(response)
    if response.status_code >= 400:
        # pm.expect(jsonData).to.have.property("code");
        assert postman.has_property(data, "code")
        # pm.expect(jsonData.status).to.equal("error");
        assert postman.strict_equal(postman.at(data, ("status",)), "error")


def test_job_details_response_time_is_acceptable(client: Client, mock: Mock) -> None:
    """From the collection's test script: Response time is acceptable"""
    mock.respond(*CASES.answer("bulk_write.job_details / SUCCESS RESPONSE"))
    mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
    CASES.check_sent("bulk_write.job_details / SUCCESS RESPONSE", mock.request)
    # dropped, a saved example has no response time: tests["Response time is acceptable"] = responseTime < 2000;
