"""Tests generated from the saved examples of Zoho CRM Bulk Write, and from its test scripts."""

from __future__ import annotations

import json
import re

import pytest

from zoho_crm_bulk_write import Client, errors
from zoho_crm_bulk_write._runtime import dump

from . import postman
from .conftest import Mock


def test_job_details_success_response(client: Client, mock: Mock) -> None:
    body = '{"status": "COMPLETED", "character_encoding": "UTF-8", "resource": [{"status": "COMPLETED", "type": "data", "module": {"id": "4150868000000002175", "api_name": "Leads"}, "field_mappings": [{"api_name": "Owner", "index": 2, "format": null, "find_by": null, "module": null, "default_value": null}, {"api_name": "Last_Name", "index": 0, "format": null, "find_by": null, "module": null, "default_value": null}, {"api_name": "Mobile", "index": 1, "format": null, "find_by": null, "module": null, "default_value": null}], "file": {"status": "COMPLETED", "name": "Fil2.csv", "added_count": 9, "skipped_count": 2, "updated_count": 0, "total_count": 11}, "code": "COMPLETED"}], "id": "4150868000005350003", "callback": {"url": "https://www.zoho.com/", "method": "post"}, "result": {"download_url": "https://download-accl.zoho.com/v2/crm/694902309/bulk-write/4150868000005350003/4150868000005350003.zip"}, "created_by": {"id": "4150868000000225013", "name": "Patricia Boyle"}, "ignore_empty": true, "operation": "insert", "created_time": "2021-05-11T12:38:29+05:30"}'
    mock.respond(
        200, body, "application/json", "SUCCESS RESPONSE", "item[0].item[0].response[0]"
    )
    result = client.bulk_write.job_details(job_id="4150868000005350003")
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/crm/bulk/v2.1/write/4150868000005350003"
    assert sent.headers.get("Authorization") == "Bearer test-access-token"


def test_job_details_invalid_url_pattern(client: Client, mock: Mock) -> None:
    body = '{"code": "INVALID_URL_PATTERN", "details": {}, "message": "Please check if the URL trying to access is a correct one", "status": "error"}'
    mock.respond(
        404,
        body,
        "application/json",
        "INVALID_URL_PATTERN",
        "item[0].item[0].response[1]",
    )
    with pytest.raises(errors.InvalidUrlPattern):
        client.bulk_write.job_details(job_id="4150868000005350003")
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/crm/bulk/v2.1/write/4150868000005350003"
    assert sent.headers.get("Authorization") == "Bearer test-access-token"


def test_job_details_invalid_request_method(client: Client, mock: Mock) -> None:
    body = '{"code": "INVALID_REQUEST_METHOD", "details": {}, "message": "The http request method type is not a valid one", "status": "error"}'
    mock.respond(
        400,
        body,
        "application/json",
        "INVALID_REQUEST_METHOD",
        "item[0].item[0].response[2]",
    )
    with pytest.raises(errors.InvalidRequestMethod):
        client.bulk_write.job_details(job_id="4150868000005350003")
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/crm/bulk/v2.1/write/4150868000005350003"
    assert sent.headers.get("Authorization") == "Bearer test-access-token"


def test_job_details_authentication_failure(client: Client, mock: Mock) -> None:
    body = '{"code": "AUTHENTICATION_FAILURE", "details": {}, "message": "Authentication failed", "status": "error"}'
    mock.respond(
        401,
        body,
        "application/json",
        "AUTHENTICATION_FAILURE",
        "item[0].item[0].response[3]",
    )
    with pytest.raises(errors.AuthenticationFailure):
        client.bulk_write.job_details(job_id="4150868000005350003")
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/crm/bulk/v2.1/write/4150868000005350003"
    assert sent.headers.get("Authorization") == "Bearer test-access-token"


def test_job_details_resource_not_found(client: Client, mock: Mock) -> None:
    body = '{"status": "error", "code": "RESOURCE_NOT_FOUND", "message": "The requested resource doesn\'t exist.", "details": {}}'
    mock.respond(
        400,
        body,
        "application/json",
        "RESOURCE_NOT_FOUND",
        "item[0].item[0].response[4]",
    )
    with pytest.raises(errors.ResourceNotFound):
        client.bulk_write.job_details(job_id="415086800000535000")
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/crm/bulk/v2.1/write/415086800000535000"
    assert sent.headers.get("Authorization") == "Bearer test-access-token"


def test_job_details_oauth_scope_mismatch(client: Client, mock: Mock) -> None:
    body = '{"code": "OAUTH_SCOPE_MISMATCH", "details": {}, "message": "invalid oauth scope to access this URL", "status": "error"}'
    mock.respond(
        401,
        body,
        "application/json",
        "OAUTH_SCOPE_MISMATCH",
        "item[0].item[0].response[5]",
    )
    with pytest.raises(errors.OauthScopeMismatch):
        client.bulk_write.job_details(job_id="4150868000005350003")
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/crm/bulk/v2.1/write/4150868000005350003"
    assert sent.headers.get("Authorization") == "Bearer test-access-token"


def test_job_details_status_code_is_200(client: Client, mock: Mock) -> None:
    """From the collection's test script: Status code is 200"""
    body = '{"status": "COMPLETED", "character_encoding": "UTF-8", "resource": [{"status": "COMPLETED", "type": "data", "module": {"id": "4150868000000002175", "api_name": "Leads"}, "field_mappings": [{"api_name": "Owner", "index": 2, "format": null, "find_by": null, "module": null, "default_value": null}, {"api_name": "Last_Name", "index": 0, "format": null, "find_by": null, "module": null, "default_value": null}, {"api_name": "Mobile", "index": 1, "format": null, "find_by": null, "module": null, "default_value": null}], "file": {"status": "COMPLETED", "name": "Fil2.csv", "added_count": 9, "skipped_count": 2, "updated_count": 0, "total_count": 11}, "code": "COMPLETED"}], "id": "4150868000005350003", "callback": {"url": "https://www.zoho.com/", "method": "post"}, "result": {"download_url": "https://download-accl.zoho.com/v2/crm/694902309/bulk-write/4150868000005350003/4150868000005350003.zip"}, "created_by": {"id": "4150868000000225013", "name": "Patricia Boyle"}, "ignore_empty": true, "operation": "insert", "created_time": "2021-05-11T12:38:29+05:30"}'
    mock.respond(
        200, body, "application/json", "SUCCESS RESPONSE", "item[0].item[0].response[0]"
    )
    response = mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
    # pm.response.to.have.status(200);
    assert response.status_code == 200


def test_job_details_the_job_is_described(client: Client, mock: Mock) -> None:
    """From the collection's test script: The job is described"""
    body = '{"status": "COMPLETED", "character_encoding": "UTF-8", "resource": [{"status": "COMPLETED", "type": "data", "module": {"id": "4150868000000002175", "api_name": "Leads"}, "field_mappings": [{"api_name": "Owner", "index": 2, "format": null, "find_by": null, "module": null, "default_value": null}, {"api_name": "Last_Name", "index": 0, "format": null, "find_by": null, "module": null, "default_value": null}, {"api_name": "Mobile", "index": 1, "format": null, "find_by": null, "module": null, "default_value": null}], "file": {"status": "COMPLETED", "name": "Fil2.csv", "added_count": 9, "skipped_count": 2, "updated_count": 0, "total_count": 11}, "code": "COMPLETED"}], "id": "4150868000005350003", "callback": {"url": "https://www.zoho.com/", "method": "post"}, "result": {"download_url": "https://download-accl.zoho.com/v2/crm/694902309/bulk-write/4150868000005350003/4150868000005350003.zip"}, "created_by": {"id": "4150868000000225013", "name": "Patricia Boyle"}, "ignore_empty": true, "operation": "insert", "created_time": "2021-05-11T12:38:29+05:30"}'
    mock.respond(
        200, body, "application/json", "SUCCESS RESPONSE", "item[0].item[0].response[0]"
    )
    response = mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
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
    body = '{"code": "AUTHENTICATION_FAILURE", "details": {}, "message": "Authentication failed", "status": "error"}'
    mock.respond(
        401,
        body,
        "application/json",
        "AUTHENTICATION_FAILURE",
        "item[0].item[0].response[3]",
    )
    response = mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
    data = postman.body(response)
    # pm.response.to.have.status(401);
    assert response.status_code == 401
    # pm.expect(jsonData.code).to.eql("AUTHENTICATION_FAILURE");
    assert postman.deep_equal(postman.at(data, ("code",)), "AUTHENTICATION_FAILURE")
    # pm.expect(jsonData.message).to.include("failed");
    assert postman.includes(postman.at(data, ("message",)), "failed")


def test_job_details_errors_carry_a_code(client: Client, mock: Mock) -> None:
    """From the collection's test script: Errors carry a code"""
    body = '{"code": "INVALID_URL_PATTERN", "details": {}, "message": "Please check if the URL trying to access is a correct one", "status": "error"}'
    mock.respond(
        404,
        body,
        "application/json",
        "INVALID_URL_PATTERN",
        "item[0].item[0].response[1]",
    )
    response = mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
    data = postman.body(response)
    if response.status_code >= 400:
        # pm.expect(jsonData).to.have.property("code");
        assert postman.has_property(data, "code")
        # pm.expect(jsonData.status).to.equal("error");
        assert postman.strict_equal(postman.at(data, ("status",)), "error")


def test_job_details_response_time_is_acceptable(client: Client, mock: Mock) -> None:
    """From the collection's test script: Response time is acceptable"""
    body = '{"status": "COMPLETED", "character_encoding": "UTF-8", "resource": [{"status": "COMPLETED", "type": "data", "module": {"id": "4150868000000002175", "api_name": "Leads"}, "field_mappings": [{"api_name": "Owner", "index": 2, "format": null, "find_by": null, "module": null, "default_value": null}, {"api_name": "Last_Name", "index": 0, "format": null, "find_by": null, "module": null, "default_value": null}, {"api_name": "Mobile", "index": 1, "format": null, "find_by": null, "module": null, "default_value": null}], "file": {"status": "COMPLETED", "name": "Fil2.csv", "added_count": 9, "skipped_count": 2, "updated_count": 0, "total_count": 11}, "code": "COMPLETED"}], "id": "4150868000005350003", "callback": {"url": "https://www.zoho.com/", "method": "post"}, "result": {"download_url": "https://download-accl.zoho.com/v2/crm/694902309/bulk-write/4150868000005350003/4150868000005350003.zip"}, "created_by": {"id": "4150868000000225013", "name": "Patricia Boyle"}, "ignore_empty": true, "operation": "insert", "created_time": "2021-05-11T12:38:29+05:30"}'
    mock.respond(
        200, body, "application/json", "SUCCESS RESPONSE", "item[0].item[0].response[0]"
    )
    mock.received(
        lambda: client.bulk_write.with_raw_response.job_details(
            job_id="4150868000005350003"
        )
    )
    # dropped, a saved example has no response time: tests["Response time is acceptable"] = responseTime < 2000;
