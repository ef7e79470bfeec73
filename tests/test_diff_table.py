"""The hand-made table of API changes (``tests/diff_table.tsv``), classified 100% right.

Each row names an edit below, applied to a base built in code, and the changes (kind and
level) ``postc diff`` must report between the base and the edited copy, no more, no
fewer. ``collection`` rows edit a Postman collection, so each exercises the whole path
(collection -> ``postc openapi`` document -> surface -> changes) the way a user meets it:
a request renamed or moved, ids changed, examples re-ordered. ``document`` rows edit an
OpenAPI document, for what a collection cannot say (a closed enum, a required request
field, security alternatives).
"""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.diff import api_changes
from generator.diff.inputs import load_document
from generator.diff.kinds import KINDS
from tests.conftest import RunPostc

TABLE = Path(__file__).with_name("diff_table.tsv")
V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
HOST = "https://api.shop.test"

Edit = Callable[[dict[str, Any]], None]
EDITS: dict[str, Edit] = {}


def edit(function: Edit) -> Edit:
    EDITS[function.__name__] = function
    return function


# --- the base collection ---------------------------------------------------------------


def example(name: str, status: int, body: Any, method: str = "GET") -> dict[str, Any]:
    return {
        "name": name,
        "code": status,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps(body),
        "originalRequest": {"method": method, "url": f"{HOST}/x"},
    }


def request_item(
    name: str, method: str, url: Any, *examples: Any, **request: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "id": f"id-{name}",
        "request": {"method": method, "url": url, **request},
        "response": list(examples),
    }


ANN = {
    "id": 42,
    "name": "Ann",
    "email": "ann@example.com",
    "address": {"city": "Oslo", "zip": "0150"},
    "tags": ["a", "b"],
}


def base_collection() -> dict[str, Any]:
    user_url = {
        "raw": f"{HOST}/users/:id?verbose=true",
        "protocol": "https",
        "host": ["api", "shop", "test"],
        "path": ["users", ":id"],
        "query": [{"key": "verbose", "value": "true"}],
        "variable": [{"key": "id", "value": "42"}],
    }
    create_body = {
        "mode": "raw",
        "raw": json.dumps({"name": "Ann", "email": "ann@example.com"}),
        "options": {"raw": {"language": "json"}},
    }
    users = [
        request_item(
            "Get user",
            "GET",
            user_url,
            example("found", 200, ANN),
            example("not found", 404, {"error": "not found", "code": 404}),
            description="One user.",
        ),
        request_item(
            "List users",
            "GET",
            {
                "raw": f"{HOST}/users?limit=10&page=2",
                "protocol": "https",
                "host": ["api", "shop", "test"],
                "path": ["users"],
                "query": [{"key": "limit", "value": "10"}, {"key": "page", "value": "2"}],
            },
            example(
                "page", 200, {"items": [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}], "total": 2}
            ),
        ),
        request_item(
            "Create user",
            "POST",
            f"{HOST}/users",
            example("created", 201, {"id": 3, "name": "Ann"}, "POST"),
            header=[{"key": "Content-Type", "value": "application/json"}],
            body=create_body,
        ),
    ]
    teams = [
        request_item(
            "Get team",
            "GET",
            f"{HOST}/teams/:team_id",
            example("team", 200, {"id": 5, "name": "Core"}),
        )
    ]
    return {
        "info": {
            "_postman_id": "00000000-0000-4000-8000-000000000001",
            "name": "Shop",
            "schema": V21,
        },
        "item": [
            {"name": "Users", "id": "folder-users", "item": users},
            {"name": "Teams", "id": "folder-teams", "item": teams},
        ],
    }


def items(collection: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stack = list(collection["item"])
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.get("item", []))


def named(collection: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in items(collection) if item["name"] == name)


def saved(collection: dict[str, Any], request: str, index: int = 0) -> dict[str, Any]:
    """The body of a saved example, to edit; written back by :func:`save`."""
    body: dict[str, Any] = json.loads(named(collection, request)["response"][index]["body"])
    return body


def save(collection: dict[str, Any], request: str, body: Any, index: int = 0) -> None:
    named(collection, request)["response"][index]["body"] = json.dumps(body)


def query(collection: dict[str, Any], request: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = named(collection, request)["request"]["url"]["query"]
    return entries


# --- collection edits ------------------------------------------------------------------


@edit
def nothing(collection: dict[str, Any]) -> None:
    """The base itself."""


@edit
def drop_response_field(collection: dict[str, Any]) -> None:
    body = saved(collection, "Get user")
    del body["email"]
    save(collection, "Get user", body)


@edit
def drop_nested_response_field(collection: dict[str, Any]) -> None:
    body = saved(collection, "Get user")
    del body["address"]["zip"]
    save(collection, "Get user", body)


@edit
def add_response_field(collection: dict[str, Any]) -> None:
    save(collection, "Get user", {**saved(collection, "Get user"), "nickname": "annie"})


@edit
def add_field_to_list_items(collection: dict[str, Any]) -> None:
    body = saved(collection, "List users")
    for entry in body["items"]:
        entry["email"] = f"{entry['name'].lower()}@example.com"
    save(collection, "List users", body)


@edit
def second_example_without_a_field(collection: dict[str, Any]) -> None:
    """A second success example lacks ``tags``: it may be absent."""
    body = {key: value for key, value in ANN.items() if key != "tags"}
    named(collection, "Get user")["response"].append(example("untagged", 200, body))


@edit
def second_example_with_null(collection: dict[str, Any]) -> None:
    named(collection, "Get user")["response"].append(
        example("no email", 200, {**ANN, "email": None})
    )


@edit
def null_in_the_only_example(collection: dict[str, Any]) -> None:
    save(collection, "Get user", {**saved(collection, "Get user"), "email": None})


@edit
def retype_response_field(collection: dict[str, Any]) -> None:
    save(collection, "Get user", {**saved(collection, "Get user"), "id": "u-42"})


@edit
def add_request_field(collection: dict[str, Any]) -> None:
    body = named(collection, "Create user")["request"]["body"]
    body["raw"] = json.dumps({**json.loads(body["raw"]), "nickname": "annie"})


@edit
def drop_request_field(collection: dict[str, Any]) -> None:
    body = named(collection, "Create user")["request"]["body"]
    body["raw"] = json.dumps({"name": "Ann"})


@edit
def retype_request_field(collection: dict[str, Any]) -> None:
    body = named(collection, "Create user")["request"]["body"]
    body["raw"] = json.dumps({"name": 7, "email": "ann@example.com"})


@edit
def urlencoded_request_body(collection: dict[str, Any]) -> None:
    request = named(collection, "Create user")["request"]
    request["header"] = []
    request["body"] = {
        "mode": "urlencoded",
        "urlencoded": [
            {"key": "name", "value": "Ann"},
            {"key": "email", "value": "ann@example.com"},
        ],
    }


@edit
def change_description(collection: dict[str, Any]) -> None:
    named(collection, "Get user")["request"]["description"] = "One user, by id."


@edit
def rename_request(collection: dict[str, Any]) -> None:
    named(collection, "Get user")["name"] = "Fetch user"


@edit
def move_to_other_folder(collection: dict[str, Any]) -> None:
    team = named(collection, "Get team")
    named(collection, "Teams")["item"].remove(team)
    named(collection, "Users")["item"].append(team)
    collection["item"] = [named(collection, "Users")]


@edit
def change_postman_ids(collection: dict[str, Any]) -> None:
    collection["info"]["_postman_id"] = "99999999-9999-4999-8999-999999999999"
    for item in items(collection):
        item["id"] = f"new-{item['id']}"


@edit
def reorder_examples(collection: dict[str, Any]) -> None:
    named(collection, "Get user")["response"].reverse()


@edit
def rename_example(collection: dict[str, Any]) -> None:
    named(collection, "Get user")["response"][0]["name"] = "user found"


@edit
def rename_path_variable(collection: dict[str, Any]) -> None:
    url = named(collection, "Get user")["request"]["url"]
    url["raw"] = url["raw"].replace(":id", ":user_id")
    url["path"] = ["users", ":user_id"]
    url["variable"] = [{"key": "user_id", "value": "42"}]


@edit
def add_trailing_slash(collection: dict[str, Any]) -> None:
    named(collection, "Get team")["request"]["url"] = f"{HOST}/teams/:team_id/"


@edit
def add_query_parameter(collection: dict[str, Any]) -> None:
    query(collection, "List users").append({"key": "sort", "value": "name"})


@edit
def drop_query_parameter(collection: dict[str, Any]) -> None:
    entries = query(collection, "List users")
    entries[:] = [entry for entry in entries if entry["key"] != "page"]


@edit
def require_query_parameter(collection: dict[str, Any]) -> None:
    for entry in query(collection, "List users"):
        if entry["key"] == "page":
            entry["description"] = "(Required) The page to read."


@edit
def add_header_parameter(collection: dict[str, Any]) -> None:
    named(collection, "List users")["request"]["header"] = [
        {"key": "X-Request-Id", "value": "abc-1"}
    ]


@edit
def add_error_example(collection: dict[str, Any]) -> None:
    conflict = example("taken", 409, {"error": "email taken", "code": 409}, "POST")
    named(collection, "Create user")["response"].append(conflict)


@edit
def drop_error_example(collection: dict[str, Any]) -> None:
    named(collection, "Get user")["response"].pop(1)


@edit
def change_success_status(collection: dict[str, Any]) -> None:
    named(collection, "Create user")["response"][0]["code"] = 200


@edit
def add_request(collection: dict[str, Any]) -> None:
    named(collection, "Users")["item"].append(
        request_item(
            "Delete user",
            "DELETE",
            f"{HOST}/users/:id",
            example("gone", 200, {"deleted": True}, "DELETE"),
        )
    )


@edit
def add_request_on_same_endpoint(collection: dict[str, Any]) -> None:
    """A second request on GET /users: one operation, two generated methods."""
    url = copy.deepcopy(named(collection, "List users")["request"]["url"])
    named(collection, "Users")["item"].append(request_item("Search users", "GET", url))


@edit
def drop_request(collection: dict[str, Any]) -> None:
    named(collection, "Teams")["item"] = []


@edit
def change_method(collection: dict[str, Any]) -> None:
    named(collection, "Get team")["request"]["method"] = "POST"


@edit
def new_host_for_one_request(collection: dict[str, Any]) -> None:
    named(collection, "Get team")["request"]["url"] = "https://teams.shop.test/teams/:team_id"


@edit
def new_host_everywhere(collection: dict[str, Any]) -> None:
    text = (
        json.dumps(collection)
        .replace("api.shop.test", "api.shop.example")
        .replace('"api", "shop", "test"', '"api", "shop", "example"')
    )
    collection.update(json.loads(text))


@edit
def add_auth(collection: dict[str, Any]) -> None:
    collection["auth"] = {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}],
    }


# --- the base document and its edits ---------------------------------------------------


def base_document() -> dict[str, Any]:
    user = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "role": {"type": "string", "enum": ["admin", "member"]},
            "state": {"type": "string", "examples": ["active", "gone"], "x-open-enum": True},
            "nickname": {"type": "string"},
        },
        "required": ["id", "role", "state"],
    }
    new_user = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name"],
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Shop", "version": "1.0.0"},
        "servers": [{"url": HOST}],
        "paths": {
            "/users": {
                "get": {
                    "operationId": "list_users",
                    "summary": "List users",
                    "security": [{"bearer": []}],
                    "parameters": [
                        {
                            "in": "query",
                            "name": "order",
                            "schema": {"type": "string", "enum": ["asc", "desc"]},
                        },
                        {"in": "query", "name": "limit", "schema": {"type": "integer"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/User"},
                                    }
                                }
                            },
                        },
                    },
                },
                "post": {
                    "operationId": "create_user",
                    "requestBody": {
                        "required": False,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/NewUser"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Created",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/User"}
                                },
                                "text/plain": {"schema": {"type": "string"}},
                            },
                        },
                    },
                },
            }
        },
        "components": {
            "schemas": {"User": user, "NewUser": new_user},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            },
        },
    }


def operation(document: dict[str, Any], method: str) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"]["/users"][method]
    return found


def schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["schemas"][name]
    return found


@edit
def require_new_request_field(document: dict[str, Any]) -> None:
    new_user = schema(document, "NewUser")
    new_user["properties"]["email"] = {"type": "string"}
    new_user["required"].append("email")


@edit
def require_request_field(document: dict[str, Any]) -> None:
    schema(document, "NewUser")["required"].append("age")


@edit
def relax_request_field(document: dict[str, Any]) -> None:
    schema(document, "NewUser")["required"] = []


@edit
def require_response_field(document: dict[str, Any]) -> None:
    schema(document, "User")["required"].append("nickname")


@edit
def add_closed_enum_case(document: dict[str, Any]) -> None:
    schema(document, "User")["properties"]["role"]["enum"].append("owner")


@edit
def add_open_enum_case(document: dict[str, Any]) -> None:
    schema(document, "User")["properties"]["state"]["examples"].append("locked")


@edit
def drop_parameter_enum_case(document: dict[str, Any]) -> None:
    operation(document, "get")["parameters"][0]["schema"]["enum"] = ["asc"]


@edit
def widen_parameter(document: dict[str, Any]) -> None:
    operation(document, "get")["parameters"][1]["schema"] = {"type": ["integer", "string"]}


@edit
def narrow_request_field(document: dict[str, Any]) -> None:
    schema(document, "NewUser")["properties"]["age"] = {"type": "integer", "enum": [18, 21]}


@edit
def require_request_body(document: dict[str, Any]) -> None:
    operation(document, "post")["requestBody"]["required"] = True


@edit
def accept_api_key_too(document: dict[str, Any]) -> None:
    operation(document, "get")["security"] = [{"bearer": []}, {"key": []}]


@edit
def api_key_instead(document: dict[str, Any]) -> None:
    operation(document, "get")["security"] = [{"key": []}]


@edit
def drop_response_media_type(document: dict[str, Any]) -> None:
    del operation(document, "post")["responses"]["201"]["content"]["text/plain"]


@edit
def change_summary(document: dict[str, Any]) -> None:
    operation(document, "get")["summary"] = "Every user, a page at a time"


@edit
def change_response_description(document: dict[str, Any]) -> None:
    operation(document, "post")["responses"]["201"]["description"] = "The user, created"


@edit
def inline_the_ref(document: dict[str, Any]) -> None:
    """The same schema written inline instead of by ``$ref``: no change."""
    operation(document, "post")["requestBody"]["content"]["application/json"]["schema"] = (
        copy.deepcopy(schema(document, "NewUser"))
    )


# --- edits of the bundled Zoho collection: error codes -------------------------------

ZOHO = Path(__file__).parents[1] / "collections" / "zoho-crm-bulk-write.postman_collection.json"


def zoho_collection() -> dict[str, Any]:
    """The bundled collection whose error examples carry codes (a class each)."""
    found: dict[str, Any] = json.loads(ZOHO.read_text(encoding="utf-8"))
    return found


def job_details(collection: dict[str, Any]) -> dict[str, Any]:
    return named(collection, "Job Details")


@edit
def drop_error_code_example(collection: dict[str, Any]) -> None:
    """The 401 OAUTH_SCOPE_MISMATCH example removed: the 401 stays (AUTHENTICATION_FAILURE),
    the class OauthScopeMismatch goes."""
    saved = job_details(collection)["response"]
    saved[:] = [e for e in saved if e["name"] != "OAUTH_SCOPE_MISMATCH"]


@edit
def add_error_code_example(collection: dict[str, Any]) -> None:
    """A 401 example of the same shape with a new code: a new class."""
    saved = job_details(collection)["response"]
    known = next(e for e in saved if e["name"] == "AUTHENTICATION_FAILURE")
    body = json.loads(known["body"]) | {"code": "INVALID_TOKEN", "message": "Invalid token"}
    saved.append({**copy.deepcopy(known), "name": "INVALID_TOKEN", "body": json.dumps(body)})


@edit
def drop_only_example_of_error_status(collection: dict[str, Any]) -> None:
    """The only 404 example removed: the status goes, its code with it (one change)."""
    saved = job_details(collection)["response"]
    saved[:] = [e for e in saved if e["name"] != "INVALID_URL_PATTERN"]


# --- the table -------------------------------------------------------------------------

BASES = {"collection": base_collection, "document": base_document, "zoho": zoho_collection}


def rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def expected(row: dict[str, str]) -> set[tuple[str, str]]:
    if row["changes"] == "-":
        return set()
    return {tuple(entry.split(":")) for entry in row["changes"].split(",")}  # type: ignore[misc]


def found(row: dict[str, str], tmp_path: Path) -> set[tuple[str, str]]:
    base = BASES[row["form"]]()
    edited = copy.deepcopy(base)
    EDITS[row["edit"]](edited)
    old, new = tmp_path / f"{row['id']}-old.json", tmp_path / f"{row['id']}-new.json"
    old.write_text(json.dumps(base), encoding="utf-8")
    new.write_text(json.dumps(edited), encoding="utf-8")
    changes = api_changes(load_document(old), load_document(new))
    return {(change.kind, change.level) for change in changes}


def test_the_table_is_classified_as_it_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = rows()
    wrong = {row["id"]: got for row in table if (got := found(row, tmp_path)) != expected(row)}
    with capsys.disabled():
        print(f"\ndiff table: {len(table) - len(wrong)}/{len(table)} rows classified as it says")
    assert not wrong


def test_the_table_is_well_formed() -> None:
    table = rows()
    assert len(table) >= 40
    assert len({row["id"] for row in table}) == len(table)
    assert {row["edit"] for row in table} == set(EDITS)
    for row in table:
        assert row["form"] in BASES, row["id"]
        for kind, level in expected(row):
            assert KINDS[kind].level == level, row["id"]


def test_a_collection_secret_never_reaches_the_report(tmp_path: Path, run_postc: RunPostc) -> None:
    """A token changed in the collection's auth is no API change, and neither value is
    printed, as text or JSON."""
    tokens = [
        "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
        "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
    ]
    paths = []
    for index, token in enumerate(tokens):
        collection = base_collection()
        collection["auth"] = {"type": "bearer", "bearer": [{"key": "token", "value": token}]}
        named(collection, "Get user")["request"]["description"] = f"Send `Bearer {token}`."
        path = tmp_path / f"v{index}.json"
        path.write_text(json.dumps(collection), encoding="utf-8")
        paths.append(path)
    for options in ([], ["--json"]):
        status, out, err = run_postc("diff", *paths, *options)
        assert status == 0
        assert not any(token in out + err for token in tokens)
