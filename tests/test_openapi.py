"""``postc openapi``: each mapping rule of docs/openapi.md on collections built here, the
secrets a collection holds never written, determinism, bad input, ``-o``, and the YAML
writer on adversarial data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from generator.openapi import collection_openapi
from generator.openapi.yaml import dumps
from tests.conftest import RunPostc, collection_doc
from tests.openapi_checks import DOCUMENT, check_examples, pointer

WriteJson = Callable[..., Path]

SECRET_TOKEN = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
SECRET_VARIABLE = "Zq7!mW2#pL9xR4vT"
SECRET_HEADER = "hdr-5c1f0e9a8b7d6c5e4f3a2b1c0d9e8f7a"
SECRET_IN_BODY = "pw-Gr8Xk2Lq9Zt4Vn7B"


def request(
    name: str,
    method: str,
    url: str | dict[str, Any],
    *,
    responses: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    return {
        "name": name,
        "request": {"method": method, "url": url, **fields},
        "response": responses or [],
    }


def example(
    name: str, code: int, body: Any, content_type: str = "application/json"
) -> dict[str, Any]:
    text = body if isinstance(body, str) else json.dumps(body)
    return {
        "name": name,
        "code": code,
        "status": "",
        "header": [{"key": "Content-Type", "value": content_type}],
        "body": text,
    }


def folder(name: str, *items: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "item": list(items)}


@pytest.fixture
def openapi(write_json: WriteJson) -> Callable[..., dict[str, Any]]:
    """The document of a collection document, checked valid OpenAPI 3.1 on the way."""

    def make(doc: dict[str, Any]) -> dict[str, Any]:
        made = collection_openapi(write_json(doc))
        validate(made)
        check_examples(made)
        return made

    return make


def operation(doc: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    found: dict[str, Any] = doc["paths"][path][method]
    return found


def parameter(found: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in found["parameters"] if p["name"] == name)


# --- info and servers ------------------------------------------------------------------


def test_info_from_the_collection_version_given_or_not(openapi: Any) -> None:
    items = [request("Ping", "GET", "https://api.example.com/ping")]
    versioned = collection_doc(*items)
    versioned["info"] |= {
        "description": "The API.",
        "version": {"major": 2, "minor": 1, "patch": 0},
    }
    doc = openapi(versioned)
    assert doc["openapi"] == "3.1.0"
    assert doc["info"] == {
        "title": "Test",
        "description": "The API.",
        "version": "2.1.0",
        "x-postc-form": 2,
    }
    assert openapi(collection_doc(*items))["info"]["version"] == "0.0.0"


def test_servers_with_variables_defaults_and_no_secret(openapi: Any) -> None:
    doc = openapi(
        collection_doc(
            request("Users", "GET", "https://{{region}}.example.com/v1/users"),
            request("Upload", "POST", "https://upload.example.com/files"),
            request("Users again", "GET", "https://{{region}}.example.com/v1/users/me"),
            variable=[
                {"key": "region", "value": "eu"},
            ],
        )
    )
    main, upload = doc["servers"]
    assert main["url"] == "https://{region}.example.com"
    assert main["variables"]["region"]["default"] == "eu"
    assert upload["url"] == "https://upload.example.com"
    assert operation(doc, "/files", "post")["servers"] == [upload]
    assert "servers" not in operation(doc, "/v1/users")


def test_a_base_url_ending_with_a_slash_is_written_without(openapi: Any) -> None:
    literal = openapi(collection_doc(request("Ping", "GET", "https://api.example.com/ping")))
    assert literal["servers"][0]["url"] == "https://api.example.com"
    doc = openapi(
        collection_doc(
            request("Ping", "GET", "{{baseUrl}}/ping"),
            request("Pings", "GET", "{{baseUrl}}/pings"),
            request("Pong", "GET", "https://{{host}}/pong"),
            variable=[
                {"key": "baseUrl", "value": "https://api.example.com/v1/"},
                {"key": "host", "value": "other.example.com/"},
            ],
        )
    )
    main, other = doc["servers"]
    assert main == {"url": "https://api.example.com/v1", "x-postc-setting": "base_url"}
    assert other["url"] == "https://{host}"
    assert other["variables"]["host"]["default"] == "other.example.com"


def test_a_secret_or_unknown_server_variable_gets_a_placeholder(openapi: Any) -> None:
    doc = openapi(
        collection_doc(
            request("Users", "GET", "https://{{tenant_secret}}.{{zone}}.example.com/users"),
            variable=[{"key": "tenant_secret", "value": SECRET_VARIABLE, "type": "secret"}],
        )
    )
    variables = doc["servers"][0]["variables"]
    assert variables["tenant_secret"]["default"] == "<tenant_secret>"
    assert variables["zone"]["default"] == "<zone>"
    assert SECRET_VARIABLE not in json.dumps(doc)


def test_a_server_variable_whose_value_is_a_reference_gets_a_placeholder(openapi: Any) -> None:
    doc = openapi(
        collection_doc(
            request("Users", "GET", "https://{{zone}}.example.com/users"),
            variable=[{"key": "zone", "value": "{{other}}"}],
        )
    )
    assert doc["servers"][0]["variables"]["zone"]["default"] == "<zone>"


# --- operations ------------------------------------------------------------------------


def test_requests_of_one_endpoint_are_one_operation(openapi: Any) -> None:
    first = request(
        "Find users",
        "GET",
        {
            "raw": "https://api.example.com/users?limit=10&q=ann",
            "host": ["api", "example", "com"],
            "path": ["users"],
            "query": [
                {"key": "limit", "value": "10", "description": "(Required) How many."},
                {"key": "q", "value": "ann", "description": "(Required) A search."},
            ],
        },
    )
    second = request(
        "Find users by page",
        "GET",
        {
            "raw": "https://api.example.com/users?limit=5&page=2",
            "host": ["api", "example", "com"],
            "path": ["users"],
            "query": [
                {"key": "limit", "value": "5", "description": "(Required) How many."},
                {"key": "page", "value": "2"},
            ],
        },
    )
    doc = openapi(collection_doc(first, second))
    found = operation(doc, "/users")
    assert list(doc["paths"]) == ["/users"]
    assert found["summary"] == "Find users"
    assert found["x-postc-methods"] == ["client.find_users_by_page"]
    assert parameter(found, "limit")["required"] is True  # both requests require it
    assert parameter(found, "q")["required"] is False  # only the first has it
    assert parameter(found, "page")["required"] is False
    assert parameter(found, "limit")["schema"] == {"type": "integer"}
    assert parameter(found, "limit")["example"] == 10


def test_operation_ids_are_method_names_qualified_where_they_repeat(openapi: Any) -> None:
    doc = openapi(
        collection_doc(
            folder("Users", request("Search", "GET", "https://api.example.com/users")),
            folder("Orders", request("Search", "GET", "https://api.example.com/orders")),
            request("Status", "GET", "https://api.example.com/status"),
        )
    )
    assert operation(doc, "/users")["operationId"] == "users_search"
    assert operation(doc, "/orders")["operationId"] == "orders_search"
    assert operation(doc, "/status")["operationId"] == "status"
    assert operation(doc, "/users")["tags"] == ["Users"]
    assert "tags" not in operation(doc, "/status")
    assert [tag["name"] for tag in doc["tags"]] == ["Users", "Orders"]


def test_nested_folders_are_one_tag_and_paths_are_templates(openapi: Any) -> None:
    doc = openapi(
        collection_doc(
            folder(
                "Admin",
                folder("Keys", request("Get key", "GET", "https://api.example.com/keys/:keyId")),
            ),
            request("Odd", "GET", "https://api.example.com/a/{{thing}}}/b"),
        )
    )
    found = operation(doc, "/keys/{keyId}")
    assert found["tags"] == ["Admin / Keys"]
    assert parameter(found, "keyId") | {"schema": None} == {
        "name": "keyId",
        "in": "path",
        "required": True,
        "schema": None,
    }
    assert "/a/{thing}%7D/b" in doc["paths"]  # a stray brace is percent-encoded


def test_paths_differing_only_in_field_names_are_one_path(openapi: Any) -> None:
    doc = openapi(
        collection_doc(
            request("Get user", "GET", "https://api.example.com/users/:id"),
            request(
                "Delete user",
                "DELETE",
                {
                    "raw": "https://api.example.com/users/:userId",
                    "host": ["api", "example", "com"],
                    "path": ["users", ":userId"],
                    "variable": [{"key": "userId", "value": "42", "description": "The user."}],
                },
            ),
            request("Get member", "GET", "https://api.example.com/users/{{memberId}}"),
        )
    )
    assert list(doc["paths"]) == ["/users/{id}"]
    item = doc["paths"]["/users/{id}"]
    (deleted,) = item["delete"]["parameters"]
    assert (deleted["name"], deleted["description"], deleted["example"]) == (
        "id",
        "The user.",
        "42",
    )
    assert [p["name"] for p in item["get"]["parameters"]] == ["id"]
    assert item["get"]["x-postc-methods"] == ["client.get_member"]


def test_request_models_of_requests_merged_by_path_shape_are_any_of(openapi: Any) -> None:
    def add(name: str, url: str, body: dict[str, Any]) -> dict[str, Any]:
        raw = {"mode": "raw", "raw": json.dumps(body)}
        return request(name, "POST", url, body=raw)

    doc = openapi(
        collection_doc(
            add("Add member", "https://api.example.com/teams/:teamId/members", {"user": 1}),
            add("Add guest", "https://api.example.com/teams/:groupId/members", {"email": "a@b"}),
        )
    )
    content = operation(doc, "/teams/{teamId}/members", "post")["requestBody"]["content"]
    schema = content["application/json"]["schema"]
    assert len(schema["anyOf"]) == 2  # and each saved body validates (the fixture checks)
    assert len(content["application/json"]["examples"]) == 2


def test_a_method_openapi_has_no_field_for_is_kept_in_an_extension(openapi: Any) -> None:
    doc = openapi(collection_doc(request("Purge", "PURGE", "https://api.example.com/cache")))
    assert doc["paths"]["/cache"]["x-postc-operations"]["PURGE"]["operationId"] == "purge"


# --- parameters ------------------------------------------------------------------------


def test_parameter_types_enums_lists_and_headers(openapi: Any) -> None:
    url = {
        "raw": "https://api.example.com/items",
        "host": ["api", "example", "com"],
        "path": ["items"],
        "query": [
            {"key": "sort", "value": "asc", "description": "One of `asc` or `desc`."},
            {"key": "id", "value": "1"},
            {"key": "id", "value": "2"},
            {"key": "expand[0]", "value": "owner"},
            {"key": "expand[1]", "value": "tags"},
            {"key": "ratio", "value": "0.5"},
        ],
    }
    doc = openapi(
        collection_doc(
            request(
                "Items",
                "GET",
                url,
                header=[{"key": "X-Trace", "value": "abc", "description": "A trace id."}],
            )
        )
    )
    found = operation(doc, "/items")
    assert parameter(found, "sort")["schema"] == {"type": "string", "enum": ["asc", "desc"]}
    assert parameter(found, "sort")["example"] == "asc"
    ids = parameter(found, "id")
    assert ids["schema"] == {"type": "array", "items": {"type": "integer"}}
    assert (ids["style"], ids["explode"]) == ("form", True)
    assert "example" not in ids  # a list's saved values are joined text
    assert parameter(found, "expand")["x-postc-style"] == "indexed"
    assert parameter(found, "ratio")["schema"] == {"type": "number"}
    header = parameter(found, "X-Trace")
    assert header["in"] == "header"
    assert header["description"] == "A trace id."


def test_the_client_constants_are_required_parameters_of_every_operation(openapi: Any) -> None:
    version = {"key": "Api-Version", "value": "2024-01-01"}
    tenant = {"key": "X-Tenant", "value": "{{tenant_secret}}"}
    doc = openapi(
        collection_doc(
            request(
                "One", "GET", "https://api.example.com/one?format=json", header=[version, tenant]
            ),
            request(
                "Two", "GET", "https://api.example.com/two?format=json", header=[version, tenant]
            ),
            variable=[{"key": "tenant_secret", "value": SECRET_VARIABLE, "type": "secret"}],
        )
    )
    for path in ("/one", "/two"):
        found = operation(doc, path)
        assert parameter(found, "Api-Version") == {
            "name": "Api-Version",
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "x-postc-setting": "api_version",
            "example": "2024-01-01",
        }
        assert parameter(found, "format")["example"] == "json"
        assert "example" not in parameter(found, "X-Tenant")
    assert SECRET_VARIABLE not in json.dumps(doc)


# --- request bodies --------------------------------------------------------------------


def test_json_request_body_is_the_request_model_with_saved_bodies(openapi: Any) -> None:
    body = {"mode": "raw", "raw": json.dumps({"name": "Ann", "age": 3})}
    saved = {
        "method": "POST",
        "url": "https://api.example.com/pets",
        "body": {"mode": "raw", "raw": json.dumps({"name": "Bo", "age": 4})},
    }
    created = example("Created", 201, {"id": 1}) | {"originalRequest": saved}
    doc = openapi(
        collection_doc(
            request(
                "Add pet", "POST", "https://api.example.com/pets", body=body, responses=[created]
            )
        )
    )
    content = operation(doc, "/pets", "post")["requestBody"]["content"]["application/json"]
    assert content["schema"] == {"$ref": "#/components/schemas/AddPetRequest"}
    assert [e["value"] for e in content["examples"].values()] == [
        {"name": "Ann", "age": 3},
        {"name": "Bo", "age": 4},
    ]
    assert "AddPetRequest" in doc["components"]["schemas"]


def test_form_multipart_graphql_and_raw_bodies(openapi: Any) -> None:
    form = {
        "mode": "urlencoded",
        "urlencoded": [{"key": "name", "value": "Ann"}, {"key": "count", "value": "<integer>"}],
    }
    multipart = {
        "mode": "formdata",
        "formdata": [
            {"key": "title", "type": "text", "value": "A"},
            {"key": "upload", "type": "file", "src": "/home/me/a.png"},
        ],
    }
    graphql = {"mode": "graphql", "graphql": {"query": "{ me { id } }", "variables": '{"a": 1}'}}
    raw = {"mode": "raw", "raw": "<a/>", "options": {"raw": {"language": "xml"}}}
    doc = openapi(
        collection_doc(
            request("Form", "POST", "https://api.example.com/form", body=form),
            request("Upload", "POST", "https://api.example.com/upload", body=multipart),
            request("Query", "POST", "https://api.example.com/graphql", body=graphql),
            request("Xml", "POST", "https://api.example.com/xml", body=raw),
        )
    )
    urlencoded = operation(doc, "/form", "post")["requestBody"]["content"]
    schema = urlencoded["application/x-www-form-urlencoded"]["schema"]
    assert schema["properties"] == {"name": {"type": "string"}, "count": {"type": "integer"}}
    files = operation(doc, "/upload", "post")["requestBody"]["content"]["multipart/form-data"]
    assert files["schema"]["properties"]["upload"] == {"type": "string", "format": "binary"}
    assert files["schema"]["required"] == ["upload"]
    assert "/home/me" not in json.dumps(doc)  # a file's local path is never written
    query = operation(doc, "/graphql", "post")["requestBody"]["content"]["application/json"]
    assert query["schema"]["required"] == ["query"]
    assert next(iter(query["examples"].values()))["value"] == {
        "query": "{ me { id } }",
        "variables": {"a": 1},
    }
    xml = operation(doc, "/xml", "post")["requestBody"]["content"]
    assert list(xml) == ["application/xml"]
    assert next(iter(xml["application/xml"]["examples"].values()))["value"] == "<a/>"


def test_a_form_example_holds_every_required_field_or_is_not_given(openapi: Any) -> None:
    def upload(name: str, title: str) -> dict[str, Any]:
        parts = [
            {"key": "title", "type": "text", "value": title, "description": "(Required) A title"},
            {"key": "upload", "type": "file", "src": "a.png"},
        ]
        url = f"https://api.example.com/{name.lower()}"
        return request(name, "POST", url, body={"mode": "formdata", "formdata": parts})

    doc = openapi(collection_doc(upload("Saved", "A"), upload("Unsaved", "<string>")))
    saved = operation(doc, "/saved", "post")["requestBody"]["content"]["multipart/form-data"]
    assert saved["schema"]["required"] == ["title", "upload"]
    assert [e["value"] for e in saved["examples"].values()] == [{"title": "A", "upload": "<file>"}]
    unsaved = operation(doc, "/unsaved", "post")["requestBody"]["content"]["multipart/form-data"]
    assert "examples" not in unsaved  # no saved title: an example would not validate


def test_a_body_is_optional_when_a_request_of_the_endpoint_sends_none(openapi: Any) -> None:
    body = {"mode": "raw", "raw": json.dumps({"name": "Ann"})}
    doc = openapi(
        collection_doc(
            request("Add", "POST", "https://api.example.com/pets", body=body),
            request("Add empty", "POST", "https://api.example.com/pets"),
            request("Add again", "PUT", "https://api.example.com/pets", body=body),
        )
    )
    assert operation(doc, "/pets", "post")["requestBody"]["required"] is False
    assert operation(doc, "/pets", "put")["requestBody"]["required"] is True


# --- responses -------------------------------------------------------------------------


def test_responses_per_status_with_every_example_by_name(openapi: Any) -> None:
    saved = [
        example("Found", 200, {"id": 1, "name": "Ann"}),
        example("Found", 200, {"id": 2, "name": "Bo"}),
        example("Missing", 404, {"code": "NOT_FOUND", "message": "no"}),
        example("Plain", 500, "oops", "text/plain"),
    ]
    doc = openapi(
        collection_doc(
            request("Get user", "GET", "https://api.example.com/users/:id", responses=saved)
        )
    )
    found = operation(doc, "/users/{id}")["responses"]
    assert list(found) == ["200", "404", "500"]
    ok = found["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].startswith("#/components/schemas/")
    assert list(ok["examples"]) == ["Found", "Found (2)"]
    assert ok["examples"]["Found (2)"] == {"summary": "Found", "value": {"id": 2, "name": "Bo"}}
    missing = found["404"]["content"]["application/json"]["schema"]["$ref"]
    assert missing.removeprefix("#/components/schemas/") in doc["components"]["schemas"]
    assert found["500"]["content"]["text/plain"]["schema"] == {"type": "string"}
    assert found["404"]["description"] == "Not Found"


def test_error_bodies_of_several_shapes_are_any_of_their_models(openapi: Any) -> None:
    saved = [
        example("Bad", 400, {"code": "BAD", "message": "no"}),
        example("Worse", 400, {"error": "invalid_request", "error_description": "no"}),
        example("Broken", 400, '{"code": "BAD", ', "application/json"),
    ]
    doc = openapi(
        collection_doc(request("Get", "GET", "https://api.example.com/a", responses=saved))
    )
    bad = operation(doc, "/a")["responses"]["400"]["content"]["application/json"]
    assert [len(bad["schema"]["anyOf"])] == [2]
    assert all(s["$ref"].startswith("#/components/schemas/") for s in bad["schema"]["anyOf"])
    assert bad["examples"]["Bad"] == {"summary": "Bad", "value": {"code": "BAD", "message": "no"}}
    assert bad["examples"]["Broken"] == {
        "summary": "Broken",
        "value": '{"code": "BAD", ',
        "x-postc-unparsed": True,
    }


def test_a_request_without_examples_has_a_default_response(openapi: Any) -> None:
    doc = openapi(collection_doc(request("Ping", "GET", "https://api.example.com/ping")))
    assert list(operation(doc, "/ping")["responses"]) == ["default"]


# --- security --------------------------------------------------------------------------


def test_security_schemes_as_the_client_authenticates(openapi: Any) -> None:
    def auth(kind: str, **values: str) -> dict[str, Any]:
        return {"type": kind, kind: [{"key": k, "value": v} for k, v in values.items()]}

    oauth = auth(
        "oauth2",
        grant_type="client_credentials",
        accessTokenUrl="https://auth.example.com/token",
        clientId="{{client_id}}",
        clientSecret="{{client_secret}}",
        scope="read write",
    )
    doc = openapi(
        collection_doc(
            request(
                "Bearer",
                "GET",
                "https://api.example.com/a",
                auth=auth("bearer", token=SECRET_TOKEN),
            ),
            request(
                "Basic",
                "GET",
                "https://api.example.com/b",
                auth=auth("basic", username="u", password="{{pw}}"),
            ),
            request(
                "Digest",
                "GET",
                "https://api.example.com/c",
                auth=auth("digest", username="u", password="{{pw}}"),
            ),
            request(
                "Key",
                "GET",
                "https://api.example.com/d",
                auth=auth("apikey", key="api_key", value="{{k}}", **{"in": "query"}),
            ),
            request("OAuth", "GET", "https://api.example.com/e", auth=oauth),
            request("Open", "GET", "https://api.example.com/f", auth={"type": "noauth"}),
            request(
                "Header",
                "GET",
                "https://api.example.com/g",
                header=[{"key": "X-Api-Key", "value": SECRET_HEADER}],
                auth={"type": "noauth"},
            ),
            auth=auth("bearer", token=SECRET_TOKEN),
        )
    )
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer"}
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["digest"] == {"type": "http", "scheme": "digest"}
    assert schemes["apikey"] == {"type": "apiKey", "in": "query", "name": "api_key"}
    assert schemes["client_credentials"]["flows"]["clientCredentials"] == {
        "tokenUrl": "https://auth.example.com/token",
        "scopes": {"read": "", "write": ""},
    }
    header = next(s for s in schemes.values() if s.get("name") == "X-Api-Key")
    assert header == {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
    assert operation(doc, "/a")["security"] == [{"bearer": []}]
    assert operation(doc, "/c")["security"] == [{"digest": []}]
    assert operation(doc, "/e")["security"] == [{"client_credentials": ["read", "write"]}]
    assert operation(doc, "/f")["security"] == []
    assert SECRET_TOKEN not in json.dumps(doc)
    assert SECRET_HEADER not in json.dumps(doc)


def test_an_auth_type_postc_does_not_generate_is_named(openapi: Any) -> None:
    doc = openapi(
        collection_doc(
            request(
                "Signed", "GET", "https://api.example.com/a", auth={"type": "awsv4", "awsv4": []}
            )
        )
    )
    assert operation(doc, "/a")["security"] == [{"postman_awsv4": []}]
    assert doc["components"]["securitySchemes"]["postman_awsv4"]["in"] == "header"


# --- scripts ---------------------------------------------------------------------------


def test_scripts_are_kept_as_lines_and_their_assertions_listed_redacted(openapi: Any) -> None:
    lines = [
        "pm.test('ok', () => {",
        "  pm.response.to.have.status(200);",
        f"  pm.expect(pm.response.json().token).to.eql('{SECRET_TOKEN}');",
        "  pm.expect(Date.now() % 2).to.eql(0);",
        "});",
    ]
    script = {"listen": "test", "script": {"exec": lines}}
    bearer = {"type": "bearer", "bearer": [{"key": "token", "value": SECRET_TOKEN}]}
    found = request("Ping", "GET", "https://api.example.com/ping", auth=bearer)
    doc = openapi(collection_doc(found | {"event": [script]}))
    ping = operation(doc, "/ping")
    redacted = [line.replace(SECRET_TOKEN, "REDACTED") for line in lines]
    assert ping["x-postman-scripts"] == [{"request": "Ping", "listen": "test", "exec": redacted}]
    (test,) = ping["x-postc-assertions"]
    assert test["test"] == "ok"
    status, token = test["checks"]
    assert status == {
        "subject": "status",
        "matcher": "is",
        "values": [200],
        "js": "pm.response.to.have.status(200);",
    }
    assert (token["subject"], token["path"], token["matcher"]) == ("json", ["token"], "eql")
    assert token["values"] == ["REDACTED"]
    assert test["untranslated"] == ["pm.expect(Date.now() % 2).to.eql(0);"]


# --- what the round trip through openapi-python-client found --------------------------


def located(value: Any, steps: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every value anywhere in ``value``, with the steps down to it (depth first)."""
    yield steps, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from located(child, (*steps, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from located(child, (*steps, str(index)))


def schema_validator(doc: dict[str, Any], steps: tuple[str, ...]) -> OAS31Validator:
    """A validator of the schema at ``steps`` of ``doc``, its ``$ref``s resolved in it."""
    registry: Registry[Any] = Registry().with_resource(DOCUMENT, DRAFT202012.create_resource(doc))
    return OAS31Validator({"$ref": f"{DOCUMENT}#{pointer(*steps)}"}, registry=registry)


def test_a_tuple_is_bounded_by_max_items_never_a_boolean_schema(openapi: Any) -> None:
    """openapi-python-client rejects the whole document for one ``items: false``."""
    saved = [example("Rates", 200, {"rows": [["2024-01-01", 1.5], ["2024-01-02", 2.5]]})]
    doc = openapi(
        collection_doc(request("Rates", "GET", "https://api.example.com/rates", responses=saved))
    )
    (steps,) = [at for at, s in located(doc) if isinstance(s, dict) and "prefixItems" in s]
    pair = schema_validator(doc, steps)
    assert pair.is_valid(["2024-01-01", 1.5])
    assert not pair.is_valid(["2024-01-01", 1.5, 3]) and not pair.is_valid(["2024-01-01"])
    assert not any(isinstance(value, bool) for at, value in located(doc) if at[-1:] == ("items",))


EVENTS: list[Any] = [
    {"id": "1", "type": "PushEvent", "payload": {"ref": "r", "size": 1}},
    {"id": "2", "type": "WatchEvent", "payload": {"action": "started"}},
    {"id": "3", "type": "PushEvent", "payload": {"ref": "s", "size": 2}},
    {"id": "4", "type": "IssuesEvent", "payload": {"action": "x", "issue": {}}},
]


def test_a_tagged_union_is_also_any_of_its_variants_then_any_object(openapi: Any) -> None:
    """Generators that ignore ``if``/``then`` type the field from the ``anyOf``; the
    ``allOf`` still validates exactly, and an unknown tag is still an object."""
    saved = [example("Events", 200, {"events": EVENTS})]
    doc = openapi(
        collection_doc(request("Events", "GET", "https://api.example.com/events", responses=saved))
    )
    ((steps, union),) = [
        (at, s) for at, s in located(doc) if isinstance(s, dict) and "x-discriminator" in s
    ]
    thens = [option["then"] for option in union["allOf"]]
    assert len(thens) == 3 and all("$ref" in then for then in thens)
    assert union["anyOf"] == [*thens, {"type": "object"}]
    events = schema_validator(doc, steps)
    assert events.is_valid(EVENTS[0]) and events.is_valid({"type": "NewEvent", "other": 1})
    assert not events.is_valid({"id": "5", "type": "PushEvent"})  # a known tag: its model
    assert not events.is_valid("PushEvent")


def test_a_request_body_only_where_the_method_takes_one(openapi: Any) -> None:
    """Stripe's GETs save an empty urlencoded body: the client sends none, and a body of
    optional fields only is optional."""

    def form(*fields: dict[str, str]) -> dict[str, Any]:
        return {"mode": "urlencoded", "urlencoded": list(fields)}

    name = {"key": "name", "value": "Ann", "description": "(Required) The name."}
    doc = openapi(
        collection_doc(
            request("List", "GET", "https://api.example.com/accounts", body=form()),
            request("Search", "POST", "https://api.example.com/search", body=form(LIMIT)),
            request("Create", "POST", "https://api.example.com/accounts", body=form(name, LIMIT)),
            request("Query", "POST", "https://api.example.com/graphql", body=GRAPHQL),
        )
    )
    assert "requestBody" not in operation(doc, "/accounts")
    assert operation(doc, "/search", "post")["requestBody"]["required"] is False
    assert operation(doc, "/accounts", "post")["requestBody"]["required"] is True
    assert operation(doc, "/graphql", "post")["requestBody"]["required"] is False


LIMIT = {"key": "limit", "value": "10"}
GRAPHQL = {"mode": "graphql", "graphql": {"query": "{ viewer { id } }", "variables": ""}}


def test_a_field_named_twice_in_a_path_is_one_parameter_per_occurrence(openapi: Any) -> None:
    """Akamai's ``/configs/{configId}/.../configs/{configId}``: OpenAPI has one parameter
    per name; the method one argument per occurrence. A number already taken is skipped."""
    url = (
        "https://api.example.com/configs/{{configId}}/v/{{id_2}}/configs/{{configId}}/{{configId}}"
    )
    doc = openapi(collection_doc(request("Log", "PUT", url)))
    (path,) = doc["paths"]
    assert path == "/configs/{configId}/v/{id_2}/configs/{configId_2}/{configId_3}"
    put = operation(doc, path, "put")
    assert [p["name"] for p in put["parameters"] if p["in"] == "path"] == [
        "configId",
        "id_2",
        "configId_2",
        "configId_3",
    ]
    taken = "https://api.example.com/a/:id/b/:id/c/:id_2"
    doc = openapi(collection_doc(request("Taken", "GET", taken)))
    assert list(doc["paths"]) == ["/a/{id}/b/{id_3}/c/{id_2}"]


def test_a_response_typed_from_scripts_is_described_with_its_model(openapi: Any) -> None:
    """No saved example, but the test script checks the body: the generated method
    returns that model, and the document says so (at the status the script checks)."""
    lines = [
        "pm.test('ok', () => {",
        "  pm.response.to.have.status(201);",
        "  const body = pm.response.json();",
        "  pm.expect(body.id).to.be.a('number');",
        "  pm.expect(body.name).to.be.a('string');",
        "});",
    ]
    scripted = {"event": [{"listen": "test", "script": {"exec": lines}}]}
    unchecked = {"event": [{"listen": "test", "script": {"exec": [lines[0], *lines[2:]]}}]}
    doc = openapi(
        collection_doc(
            request("Add pet", "POST", "https://api.example.com/pets") | scripted,
            request("Get pet", "GET", "https://api.example.com/pets/1") | unchecked,
        )
    )
    for path, method, status in [("/pets", "post", "201"), ("/pets/1", "get", "default")]:
        found = operation(doc, path, method)["responses"]
        assert list(found) == [status]
        content = found[status]["content"]
        reference = content["application/json"]["schema"]["$ref"]
        model = doc["components"]["schemas"][reference.removeprefix("#/components/schemas/")]
        assert model["properties"] == {"id": {"type": "number"}, "name": {"type": "string"}}
        assert "examples" not in content["application/json"]


def test_error_responses_list_their_generated_error_classes(openapi: Any) -> None:
    bearer = {"type": "bearer", "bearer": [{"key": "token", "value": "TOKEN_ABCDEFGHIJKLMNOP"}]}
    saved = [
        example("Missing", 404, {"code": "USER_NOT_FOUND", "message": "no"}),
        example("Gone", 404, {"code": "USER_DELETED", "message": "gone"}),
        example("Again", 404, {"code": "USER_NOT_FOUND", "message": "still no"}),
        example("Odd", 400, {"code": "TOKEN_ABCDEFGHIJKLMNOP", "message": "bad"}),
        example("Found", 200, {"code": "OK_CODE", "id": 1}),
        example("Teapot", 418, {"message": "no code"}),
    ]
    doc = openapi(
        collection_doc(
            request("Get user", "GET", "https://api.example.com/users/1", responses=saved),
            auth=bearer,
        )
    )
    found = operation(doc, "/users/1")["responses"]
    assert found["404"]["x-postc-error-classes"] == [
        {"code": "USER_DELETED", "class": "UserDeleted"},
        {"code": "USER_NOT_FOUND", "class": "UserNotFound"},
    ]
    assert "x-postc-error-classes" not in found["200"]
    assert found["418"]["x-postc-error-classes"] == []  # none, said: not "unknown"
    # a code that is a credential makes no class: its name would spell the secret
    assert found["400"]["x-postc-error-classes"] == []
    assert "abcdefghijklmnop" not in json.dumps(doc).lower()


# --- secrets, determinism, the command -------------------------------------------------


def secret_collection() -> dict[str, Any]:
    """Every kind of secret a collection holds, each somewhere the document reads."""
    login = example(
        "Logged in", 200, {"user": "ann", "password": SECRET_IN_BODY, "note": SECRET_TOKEN}
    )
    return collection_doc(
        request(
            "Login",
            "POST",
            "https://api.example.com/login?key={{api_secret}}",
            header=[
                {"key": "Authorization", "value": f"Bearer {SECRET_TOKEN}"},
                {"key": "X-Api-Key", "value": SECRET_HEADER},
            ],
            body={"mode": "raw", "raw": json.dumps({"password": SECRET_IN_BODY})},
            responses=[login],
            description=f"Use the token {SECRET_TOKEN}.",
        ),
        auth={"type": "bearer", "bearer": [{"key": "token", "value": SECRET_TOKEN}]},
        variable=[{"key": "api_secret", "value": SECRET_VARIABLE, "type": "secret"}],
    )


def test_no_secret_is_written_in_json_or_yaml(
    run_postc: RunPostc, write_json: WriteJson, tmp_path: Path
) -> None:
    source = write_json(secret_collection())
    for form in ("json", "yaml"):
        status, out, err = run_postc("openapi", source, "--format", form)
        assert status == 0, err
        for secret in (SECRET_TOKEN, SECRET_VARIABLE, SECRET_HEADER, SECRET_IN_BODY):
            assert secret not in out, (form, secret)
    validate(json.loads(run_postc("openapi", source)[1]))


def test_two_runs_are_byte_identical(run_postc: RunPostc, write_json: WriteJson) -> None:
    source = write_json(secret_collection())
    first = run_postc("openapi", source)
    assert first[0] == 0
    assert run_postc("openapi", source) == first
    assert first[1] == json.dumps(json.loads(first[1]), indent=2, ensure_ascii=False) + "\n"


def test_the_document_does_not_depend_on_hash_seeds(write_json: WriteJson) -> None:
    """Byte for byte across processes: no order comes from a set of strings."""
    doc = secret_collection()
    names = ["Users", "Orders", "Teams", "Keys", "Files", "Notes", "Tags", "Jobs"]
    doc["item"] += [
        folder(name, request("Search", "GET", f"https://api.example.com/{name.lower()}"))
        for name in names
    ]
    source = write_json(doc)
    outputs = set()
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "generator", "openapi", str(source), "--format", "yaml"]
        done = subprocess.run(command, capture_output=True, env=environment, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_yaml_output_is_the_json_document(run_postc: RunPostc, write_json: WriteJson) -> None:
    """Also printed, where ``printable`` escapes what a terminal would act on."""
    doc = secret_collection()
    doc["info"]["description"] = "bidi \u202e, tag \U000e0020, nel \x85, bell \x07, é 😀"
    source = write_json(doc)
    as_json = json.loads(run_postc("openapi", source)[1])
    assert yaml.safe_load(run_postc("openapi", source, "--format", "yaml")[1]) == as_json


def test_bad_input_is_one_line_naming_file_and_path(
    run_postc: RunPostc, write_json: WriteJson, tmp_path: Path
) -> None:
    source = write_json(collection_doc({"name": "x", "request": {"url": 5}}))
    output = tmp_path / "out.json"
    status, out, err = run_postc("openapi", source, "-o", output)
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{source}: item[0].request.url")
    assert not output.exists()


def test_env_values_and_overrides_are_applied(run_postc: RunPostc, write_json: WriteJson) -> None:
    saved = [example("Found", 200, {"id": 1})]
    source = write_json(
        collection_doc(
            request("Get", "GET", "https://{{region}}.example.com/things/:id", responses=saved),
            variable=[{"key": "region", "value": "eu"}],
        )
    )
    env = write_json(
        {
            "name": "prod",
            "values": [
                {"key": "region", "value": "us", "enabled": True},
                {"key": "api_token", "value": SECRET_TOKEN, "enabled": True, "type": "secret"},
            ],
        },
        "env.json",
    )
    overrides = write_json(
        {"overrides": [{"path": "$", "status": "200", "name": "Thing"}]}, "o.json"
    )
    status, out, err = run_postc("openapi", source, "--env", env, "--overrides", overrides)
    assert status == 0, err
    doc = json.loads(out)
    assert doc["servers"][0]["variables"]["region"]["default"] == "us"
    assert "Thing" in doc["components"]["schemas"]
    assert SECRET_TOKEN not in out
    bad = write_json({"overrides": [{"path": "nope"}]}, "bad.json")
    status, out, err = run_postc("openapi", source, "--overrides", bad)
    assert (status, out) == (2, "")
    assert err.startswith(f"{bad}: overrides[0].path: ")


def test_output_file_is_written_atomically(
    run_postc: RunPostc, write_json: WriteJson, tmp_path: Path
) -> None:
    output = tmp_path / "api.json"
    output.write_text("old", encoding="utf-8")
    bad = write_json({"info": {"name": "x"}, "item": "no"}, "bad.json")
    assert run_postc("openapi", bad, "-o", output)[0] == 2
    assert output.read_text(encoding="utf-8") == "old"  # untouched by a failed run
    good = write_json(collection_doc(request("Ping", "GET", "https://api.example.com/ping")))
    assert run_postc("openapi", good, "-o", output) == (0, "", "")
    validate(json.loads(output.read_text(encoding="utf-8")))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- the YAML writer -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "n",
        "null",
        "Null",
        "~",
        "",
        "true",
        "False",
        "1e3",
        "0x1F",
        "0o17",
        "1_000",
        ".inf",
        "-.inf",
        ".nan",
        "nan",
        "12:30:00",
        "2001-12-14",
        ": ",
        "a: b",
        "- x",
        "#comment",
        "a #b",
        "&anchor",
        "*alias",
        "!tag",
        "%TAG",
        "@x",
        "`x",
        "|",
        ">",
        "{a: 1}",
        "[1]",
        "'q'",
        '"q"',
        "a\nb",
        "a\r\nb",
        "\t",
        " lead",
        "trail ",
        "\u0085",
        "\u2028",
        "\u2029",
        "\ufeff",
        "\x7f",
        "\x00",
        "é",
        "😀",
        "\ud800",
        "---",
        "...",
        "<<",
        "=",
        "?",
        "12",
        "-1",
        "+1",
        "0.5",
        "application/json",
        "\u202e",
        "\u00a0",
        "\u200d",
        "\U000e0020",
        "\U0001d173",
        "\U0010ffff",
        "\uffff",
    ],
)
def test_yaml_strings_read_back_as_the_same_string(text: str) -> None:
    data = {text: [text, {text: text}]}
    assert yaml.safe_load(dumps(data)) == data


JSON_DATA = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON_DATA)
def test_any_json_data_reads_back_from_yaml(value: Any) -> None:
    assert yaml.safe_load(dumps(value)) == value


@pytest.mark.parametrize(
    ("carriage", "description"),
    [
        ({}, None),
        ({"headerPrefix": "Bearer"}, None),
        ({"headerPrefix": "Token"}, "the token is sent as `Token <token>`"),
        ({"addTokenTo": "queryParams"}, "the token is sent in the query parameter `access_token`"),
    ],
)
def test_a_client_credentials_scheme_says_where_its_token_goes(
    openapi: Any, carriage: dict[str, str], description: str | None
) -> None:
    values = {
        "grant_type": "client_credentials",
        "accessTokenUrl": "https://auth.example.com/token",
        "clientId": "{{client_id}}",
        "clientSecret": "{{client_secret}}",
        **carriage,
    }
    oauth = {"type": "oauth2", "oauth2": [{"key": k, "value": v} for k, v in values.items()]}
    doc = openapi(collection_doc(request("OAuth", "GET", "https://api.example.com/e", auth=oauth)))
    (scheme,) = doc["components"]["securitySchemes"].values()
    assert scheme["type"] == "oauth2" and scheme.get("description") == description
