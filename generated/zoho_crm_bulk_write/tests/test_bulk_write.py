"""Tests generated from the saved examples of Zoho CRM Bulk Write."""

from __future__ import annotations

import json

import pytest

from zoho_crm_bulk_write import Client, errors
from zoho_crm_bulk_write._runtime import dump

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
