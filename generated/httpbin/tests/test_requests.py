"""Tests generated from the saved examples of httpbin."""

from __future__ import annotations

import json

from httpbin_client import Client
from httpbin_client._runtime import dump

from .conftest import Mock


def test_query_parameters_echo(client: Client, mock: Mock) -> None:
    body = '{"args": {"color": "red", "size": "2"}, "headers": {"Accept": "application/json", "Host": "httpbin.org", "User-Agent": "postc-example/1.0"}, "origin": "203.0.113.7", "url": "https://httpbin.org/get?color=red&size=2"}'
    mock.respond(200, body, "application/json", "Echo", "item[1].item[0].response[0]")
    result = client.requests.query_parameters(color="red", size=2)
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "GET"
    assert sent.url.path == "/get"
    assert sent.url.params.get("color") == "red"
    assert sent.url.params.get("size") == "2"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )


def test_json_body_echo(client: Client, mock: Mock) -> None:
    body = '{"args": {}, "data": "{\\"name\\":\\"Ada\\",\\"languages\\":[\\"en\\",\\"fr\\"],\\"age\\":36,\\"active\\":true}", "files": {}, "form": {}, "headers": {"Accept": "application/json", "Content-Length": "61", "Content-Type": "application/json", "Host": "httpbin.org", "User-Agent": "postc-example/1.0"}, "json": {"active": true, "age": 36, "languages": ["en", "fr"], "name": "Ada"}, "origin": "203.0.113.7", "url": "https://httpbin.org/post"}'
    mock.respond(200, body, "application/json", "Echo", "item[1].item[1].response[0]")
    result = client.requests.json_body(
        body=json.loads(
            '{"name": "Ada", "languages": ["en", "fr"], "age": 36, "active": true}'
        )
    )
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "POST"
    assert sent.url.path == "/post"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )
    assert json.loads(sent.content) == json.loads(
        '{"name": "Ada", "languages": ["en", "fr"], "age": 36, "active": true}'
    )


def test_form_echo(client: Client, mock: Mock) -> None:
    body = '{"args": {}, "data": "", "files": {}, "form": {"city": "Paris", "zip": "75001"}, "headers": {"Accept": "application/json", "Content-Length": "20", "Content-Type": "application/x-www-form-urlencoded", "Host": "httpbin.org", "User-Agent": "postc-example/1.0"}, "json": null, "origin": "203.0.113.7", "url": "https://httpbin.org/post"}'
    mock.respond(200, body, "application/json", "Echo", "item[1].item[2].response[0]")
    result = client.requests.form(city="Paris", zip="75001")
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "POST"
    assert sent.url.path == "/post"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )


def test_upload_echo(client: Client, mock: Mock) -> None:
    body = '{"args": {}, "data": "", "files": {"upload": "quarterly numbers\\n"}, "form": {"title": "Report"}, "headers": {"Accept": "application/json", "Content-Length": "284", "Content-Type": "multipart/form-data; boundary=545226c783b9a5f6f2ab1fa1f9740251", "Host": "httpbin.org", "User-Agent": "postc-example/1.0"}, "json": null, "origin": "203.0.113.7", "url": "https://httpbin.org/post"}'
    mock.respond(200, body, "application/json", "Echo", "item[1].item[3].response[0]")
    result = client.requests.upload(title="Report", upload=b"example")
    assert dump(result) == json.loads(body)
    sent = mock.request
    assert sent.method == "POST"
    assert sent.url.path == "/post"
    assert (
        sent.headers.get("Authorization")
        == "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"
    )
