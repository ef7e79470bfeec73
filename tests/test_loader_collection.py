"""The loader end to end on small collections: structure, requests, examples, variables."""

from __future__ import annotations

from typing import Any

import pytest

from generator.errors import InputError
from generator.ir import Endpoint, Folder, JsonValue, Param, Variable
from generator.loader import collection_from_json
from generator.loader.detect import V1_MESSAGE
from tests.conftest import V20, collection_doc, load, request_item


def test_folders_at_any_depth_and_empty_folders() -> None:
    tree = [
        {
            "name": "A",
            "item": [{"name": "B", "item": [request_item("deep")]}, {"name": "Empty", "item": []}],
        },
        request_item("top"),
    ]
    collection = load(*tree)
    first = collection.items[0]
    assert isinstance(first, Folder) and first.name == "A"
    assert isinstance(first.items[1], Folder) and first.items[1].items == ()
    endpoints = list(collection.endpoints())
    assert [(e.name, e.folders, e.json_path) for e in endpoints] == [
        ("deep", ("A", "B"), "item[0].item[0].item[0]"),
        ("top", (), "item[1]"),
    ]
    assert [f.name for f in collection.folders()] == ["A", "B", "Empty"]


def test_nesting_deeper_than_the_recursion_limit_loads() -> None:
    node: dict[str, Any] = request_item("leaf")
    for level in range(1500):
        node = {"name": f"f{level}", "item": [node]}
    endpoint = next(load(node).endpoints())
    assert endpoint.name == "leaf" and len(endpoint.folders) == 1500


def test_request_as_a_bare_string_is_a_get() -> None:
    endpoint = next(load({"name": "s", "request": "https://x.test/a/b"}).endpoints())
    assert endpoint.request.method == "GET"
    assert endpoint.request.url.path == ("a", "b")


def test_method_is_upper_cased_and_defaults_to_get() -> None:
    collection = load(
        request_item("lower", method="post"),
        request_item("none", method=None),
        request_item("odd", method="POSTMAN"),
    )
    assert [e.request.method for e in collection.endpoints()] == ["POST", "GET", "POSTMAN"]
    assert any("unknown HTTP method 'POSTMAN'" in w.message for w in collection.warnings)


def test_request_parts() -> None:
    item = request_item(
        method="PUT",
        url="https://x.test/users/:id?q=1",
        header=[
            {"key": "X-A", "value": "1"},
            {"key": "X-A", "value": "2"},
            {"key": "X-B", "value": "", "disabled": True},
        ],
        body={"mode": "raw", "raw": '{"a": 1}', "options": {"raw": {"language": "json"}}},
        description={"content": "Replace a user.", "type": "text/markdown"},
    )
    endpoint = next(load(item).endpoints())
    request = endpoint.request
    assert request.headers == (
        Param("X-A", "1"),
        Param("X-A", "2"),
        Param("X-B", "", disabled=True),
    )
    assert request.description == endpoint.description == "Replace a user."
    assert request.url.query == (Param("q", "1"),)


def example(**fields: Any) -> dict[str, Any]:
    return {"name": "ok", "code": 200, "status": "OK", "header": [], "body": "", **fields}


def with_examples(*examples: dict[str, Any]) -> Endpoint:
    item = request_item()
    item["response"] = list(examples)
    return next(load(item).endpoints())


def test_example_fields() -> None:
    endpoint = with_examples(
        example(
            name="Created",
            code=201,
            status="Created",
            header=[{"key": "Content-Type", "value": "application/json; charset=utf-8"}],
            body='{"id": 7}',
            originalRequest={"method": "POST", "url": "https://x.test/things?dry=1"},
        )
    )
    (saved,) = endpoint.examples
    assert (saved.name, saved.code, saved.status, saved.content_type) == (
        "Created",
        201,
        "Created",
        "application/json",
    )
    assert saved.json is not None and saved.json.parsed and saved.json.value == {"id": 7}
    assert saved.original_request is not None and saved.original_request.method == "POST"
    assert saved.original_request.url.query == (Param("dry", "1"),)
    assert saved.json_path == "item[0].response[0]"


def test_example_code_as_an_integral_float() -> None:
    (saved,) = with_examples(example(code=201.0)).examples
    assert saved.code == 201


def test_example_status_text_is_inferred_from_the_code() -> None:
    gone = example(code=410)
    del gone["status"]
    (saved,) = with_examples(gone).examples
    assert saved.status == "Gone"


def test_example_code_as_a_numeric_string_and_missing_name() -> None:
    (saved,) = with_examples(example(name=None, code="404", status="Not Found")).examples
    assert saved.code == 404 and saved.name == "404 Not Found"


def test_example_bodies_parse_leniently_or_stay_text() -> None:
    endpoint = with_examples(
        example(body='{"a": 1,}'),
        example(body="{truncated", _postman_previewlanguage="json"),
        example(body="<html></html>"),
        example(body=None),
        example(body='[{"x": null}]', header="Content-Type: text/plain\n"),
    )
    lenient, broken, html, empty, plain = endpoint.examples
    assert lenient.json is not None and lenient.json.repairs == ("trailing-commas",)
    assert broken.json is not None and not broken.json.parsed and broken.json.error
    assert (html.json, html.content_type) == (None, "text/html")
    assert (empty.json, empty.body, empty.content_type) == (None, None, None)
    assert plain.json is not None and plain.json.value == [{"x": None}]


def test_legacy_example_keys_data_and_request() -> None:
    (saved,) = with_examples(
        {"name": "old", "code": 200, "data": "{}", "request": "https://x.test/"}
    ).examples
    assert saved.body == "{}" and saved.original_request is not None


def test_events_are_kept_as_data() -> None:
    item = request_item()
    item["event"] = [
        {"listen": "test", "script": {"exec": ["pm.test('a');", "pm.test('b');"]}},
        {"listen": "prerequest", "script": "console.log(1)", "disabled": True},
    ]
    collection = load(item, event=[{"listen": "prerequest", "script": {"exec": "let x = 1"}}])
    endpoint = next(collection.endpoints())
    assert [(e.listen, e.source, e.disabled) for e in endpoint.events] == [
        ("test", "pm.test('a');\npm.test('b');", False),
        ("prerequest", "console.log(1)", True),
    ]
    assert len(list(collection.all_events())) == 3


def test_collection_variables_and_secrets() -> None:
    collection = load(
        request_item(),
        variable=[
            {"key": "baseUrl", "value": "https://x.test"},
            {"key": "access-token", "value": "abc"},
            {"key": "apiKey", "value": "k"},
            {"key": "count", "value": 3, "type": "number"},
            {"key": "pw", "value": "x", "type": "secret"},
            {"key": "off", "value": "x", "disabled": True},
            {"id": "only-id", "value": "x"},
        ],
    )
    assert [(v.key, v.value, v.secret, v.disabled) for v in collection.variables] == [
        ("baseUrl", "https://x.test", False, False),
        ("access-token", "abc", True, False),
        ("apiKey", "k", True, False),
        ("count", "3", False, False),
        ("pw", "x", True, False),
        ("off", "x", False, True),
    ]
    assert any(w.path == "variable[6]" for w in collection.warnings)


def test_info_fields() -> None:
    doc = collection_doc(request_item())
    doc["info"].update(
        _postman_id="abc",
        description={"content": "About."},
        version={"major": 1, "minor": 2, "patch": 3},
    )
    collection = collection_from_json(doc, "c.json")
    assert (collection.id, collection.description, collection.version) == ("abc", "About.", "1.2.3")


@pytest.mark.parametrize(
    ("schema", "version"),
    [(V20, "v2.0.0"), ("https://schema.postman.com/json/collection/v2.1.0/", "v2.1.0")],
)
def test_schema_version_from_info(schema: str, version: str) -> None:
    assert load(request_item(), schema=schema).schema_version == version


def test_schema_version_sniffed_from_auth_shape_when_unknown() -> None:
    doc = collection_doc(request_item(auth={"type": "bearer", "bearer": {"token": "t"}}))
    del doc["info"]["schema"]
    collection = collection_from_json(doc, "c.json")
    assert collection.schema_version == "v2.0.0"
    assert any(w.path == "info.schema" for w in collection.warnings)


def test_postman_api_wrapper_is_unwrapped() -> None:
    collection = collection_from_json({"collection": collection_doc(request_item("x"))}, "c.json")
    assert [e.name for e in collection.endpoints()] == ["x"]


def test_v1_is_refused_with_conversion_advice() -> None:
    v1: dict[str, JsonValue] = {"id": "1", "name": "old", "order": [], "requests": []}
    with pytest.raises(InputError) as raised:
        collection_from_json(v1, "old.json")
    assert raised.value.lines() == [f"old.json: {V1_MESSAGE}"]


def test_an_environment_is_not_a_collection() -> None:
    with pytest.raises(InputError, match="environment file"):
        collection_from_json({"name": "env", "values": []}, "env.json")


def test_missing_name_falls_back_to_the_file_name() -> None:
    doc = collection_doc(request_item())
    del doc["info"]["name"]
    assert collection_from_json(doc, "dir/My API.postman_collection.json").name == "My API"


def test_unnamed_request_is_named_after_its_method_and_path() -> None:
    endpoint = next(
        load({"request": {"method": "DELETE", "url": "https://x.test/a/:id"}}).endpoints()
    )
    assert endpoint.name == "DELETE /a/{id}"


def test_variables_have_secret_flag_from_type() -> None:
    assert load(request_item(), variable=[{"key": "x", "type": "secret"}]).variables == (
        Variable("x", None, "secret", secret=True),
    )
