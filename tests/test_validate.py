"""postc's own schemas as applied by ``generator.loader.validate``: one small fixture per rule."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from generator.ir import Diagnostic
from generator.loader.validate import (
    MAX_PROBLEMS,
    _Compiler,
    validate_collection,
    validate_environment,
)

V20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"
V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
URL = "https://api.example.com/things"


def collection(*items: Any, schema: str = V21, **root: Any) -> dict[str, Any]:
    return {"info": {"name": "Test", "schema": schema}, "item": list(items), **root}


def request_node(**request: Any) -> dict[str, Any]:
    return {"name": "Get", "request": {"method": "GET", "url": URL, **request}}


def example(**response: Any) -> dict[str, Any]:
    return {"name": "Get", "request": URL, "response": [{"name": "ok", "code": 200, **response}]}


def problems(doc: Any) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in validate_collection(doc)]


def schema_file(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(files("generator.schema").joinpath(name).read_text("utf-8"))
    return loaded


# --- what Postman's tools accept is accepted ----------------------------------------------

v21_bearer = {"type": "bearer", "bearer": [{"key": "token", "value": "{{t}}", "type": "string"}]}
v20_apikey = {"type": "apikey", "apikey": {"key": "X-Key", "value": "{{k}}", "in": "header"}}

ACCEPTED: dict[str, dict[str, Any]] = {
    "minimal": collection(request_node()),
    "no info at all": {"item": [request_node()]},
    "no info.name nor info.schema": {"info": {"_postman_id": "1"}, "item": []},
    "empty root": {},
    "info.version empty object": collection(info={"name": "x", "version": {}}),
    "info.version with string fields": collection(
        info={
            "version": {"major": "1", "minor": "0", "patch": "0", "identifier": "a-long-prerelease"}
        }
    ),
    "info.version string": collection(info={"version": "1.0.0"}),
    "unknown keys everywhere": collection(
        {"_postman_id": "x", "_postman_isSubFolder": True, "item": [], "whatever": [1]},
        {**request_node(proxy={}), "variables": [], "x": None},
        info={"_exporter_id": "1", "_collection_link": "l"},
        variables=[],
    ),
    "empty folder": collection({"name": "F", "item": []}),
    "names null": collection(
        {"name": None, "item": [{"name": None, "request": URL}]},
        example(name=None),
        info={"name": None},
    ),
    "neither request nor item (loader skips it)": collection({"name": "lonely"}),
    "falsy item means a request": collection(
        {"item": None, "request": URL}, {"item": 0, "request": URL}
    ),
    "request as a string": collection({"request": URL}),
    "request without url": collection({"request": {"method": "GET"}}),
    "url null": collection(request_node(url=None, method=None)),
    "url object, host and path as strings": collection(
        request_node(url={"raw": URL, "host": "api.example.com", "path": "/v1/:id", "port": 8080})
    ),
    "url object, path segment object": collection(
        request_node(url={"host": ["api"], "path": ["v1", {"type": "string", "value": "x"}]})
    ),
    "url query with null key and value": collection(
        request_node(url={"raw": URL, "query": [{"key": None, "value": None, "disabled": True}]})
    ),
    "url variable with only id": collection(
        request_node(url={"path": [":id"], "variable": [{"id": "id", "value": "1"}]})
    ),
    "method: custom, number, boolean, null": collection(
        request_node(method="POSTMAN"),
        request_node(method=12345),
        request_node(method=True),
        request_node(method=None),
    ),
    "headers: array of objects": collection(request_node(header=[{"key": "A", "value": "1"}])),
    "headers: object without value": collection(request_node(header=[{"key": "A"}])),
    "headers: value null": collection(request_node(header=[{"key": "A", "value": None}])),
    "headers: array of strings": collection(
        request_node(header=["A: 1", {"key": "B", "value": "2"}])
    ),
    "headers: one string": collection(request_node(header="A: 1\r\nB: 2\n")),
    "headers: object map": collection(request_node(header={"A": "1", "X Custom": ""})),
    "headers: null": collection(request_node(header=None)),
    "body: string": collection(request_node(body="raw text")),
    "body: null": collection(request_node(body=None)),
    "body: empty object": collection(request_node(body={})),
    "body: unknown mode, non-string raw": collection(
        request_node(body={"mode": "RAW", "raw": {"a": 1}})
    ),
    "body: urlencoded string": collection(
        request_node(body={"mode": "urlencoded", "urlencoded": "a=1&b"})
    ),
    "body: urlencoded value null": collection(
        request_node(body={"mode": "urlencoded", "urlencoded": [{"key": "a", "value": None}]})
    ),
    "body: file as a string": collection(request_node(body={"mode": "file", "file": "/tmp/x"})),
    "body: file src null": collection(request_node(body={"mode": "file", "file": {"src": None}})),
    "body: formdata shapes": collection(
        request_node(
            body={
                "mode": "formdata",
                "formdata": [
                    {"key": "a", "value": 1, "type": "default"},
                    {"key": "f", "type": "file", "src": ["/a", "/b"]},
                    {"key": "g", "type": "file", "src": None},
                    {"key": "h", "src": "", "contentType": "text/csv", "disabled": True},
                ],
            }
        )
    ),
    "body: graphql with string or object variables": collection(
        request_node(body={"mode": "graphql", "graphql": {"query": "{a}", "variables": "{}"}}),
        request_node(body={"mode": "graphql", "graphql": {"query": "{a}", "variables": {"id": 1}}}),
    ),
    "auth: v2.1 arrays": collection(request_node(auth=v21_bearer), auth=v21_bearer),
    "auth: v2.0 objects": collection(request_node(auth=v20_apikey), auth=v20_apikey, schema=V20),
    "auth: v2.0 shape under a v2.1 schema url": collection(request_node(auth=v20_apikey)),
    "auth: inherit, jwt, asap, unknown": collection(
        request_node(auth={"type": "inherit"}),
        request_node(auth={"type": "jwt", "jwt": [{"key": "algorithm", "value": "HS256"}]}),
        request_node(auth={"type": "asap", "asap": {"kid": "k"}}),
        request_node(auth={"type": "akamai", "akamai": "anything"}),
    ),
    "auth: null, type null, no type": collection(
        request_node(auth=None), request_node(auth={"type": None}), request_node(auth={}), auth=None
    ),
    "auth: several blocks and noauth": collection(
        request_node(auth={"type": "hawk", "hawk": {}, "basic": [], "noauth": "x"})
    ),
    "folder auth, events, variables": collection(
        {
            "name": "F",
            "item": [request_node()],
            "auth": {"type": "noauth"},
            "event": [{"listen": "prerequest", "script": {"exec": "x()"}}],
            "variable": [{"key": "v"}],
            "protocolProfileBehavior": {"strictSSL": False},
        }
    ),
    "variables: only id, any type, any value": collection(
        variable=[
            {"id": "a"},
            {"key": "b", "value": None, "type": "secret"},
            {"key": "c", "value": {"n": [1]}, "type": "object", "disabled": True},
        ]
    ),
    "events: script as string, as lines, with src": collection(
        event=[
            {"listen": "test", "script": "pm.test()"},
            {"listen": "test", "script": ["a();", "b();"]},
            {"listen": "test", "disabled": True, "script": {"src": URL, "exec": ["a();"]}},
        ]
    ),
    "descriptions: string, object, null": collection(
        {"description": "s", "item": []},
        {"description": {"content": "c", "type": "text/markdown", "version": 3}, "item": []},
        {"description": None, "request": URL},
        info={"description": None},
    ),
    "response: code as string or null": collection(example(code="200"), example(code=None)),
    "response: responseTime string, number, null": collection(
        example(responseTime="211"), example(responseTime=2.5), example(responseTime=None)
    ),
    "response: body of any type": collection(
        example(body={"a": [1]}), example(body=[1, 2]), example(body=3), example(body=None)
    ),
    "response: header forms": collection(
        example(header="HTTP/1.1 200 OK\r\nA: 1"),
        example(header=None),
        example(header=["A: 1"]),
        example(header={"A": "1"}),
    ),
    "response: cookies loosely": collection(
        example(cookie=[{"key": "sid", "value": "1", "expires": 1502442248}, {"expires": None}]),
        example(cookie=None),
    ),
    "response: legacy keys, originalRequest string": collection(
        example(data="x", request=URL, originalRequest=URL, timings=None)
    ),
}


@pytest.mark.parametrize("doc", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted(doc: dict[str, Any]) -> None:
    assert problems(doc) == []


# --- what a compiler cannot read is rejected, with an exact path and message ---------------


def one_bad_request(**request: Any) -> dict[str, Any]:
    return collection(request_node(**request))


REJECTED: list[tuple[dict[str, Any], str, str]] = [
    ({"info": 3}, "info", "expected an object, got a number"),
    ({"info": {"name": 5}}, "info.name", "expected a string or null, got a number"),
    ({"info": {"version": 1}}, "info.version", "expected a string or an object, got a number"),
    ({"item": {}}, "item", "expected an array, got an object"),
    (collection(5), "item[0]", "expected an object, got a number"),
    (collection({"item": "nope"}), "item[0].item", "expected an array, got a string"),
    (
        collection({"item": [], "name": 3}),
        "item[0].name",
        "expected a string or null, got a number",
    ),
    (collection({"request": 5}), "item[0].request", "expected a string or an object, got a number"),
    (
        one_bad_request(url=42),
        "item[0].request.url",
        "expected a string, an object or null, got a number",
    ),
    (
        one_bad_request(url={"host": 5}),
        "item[0].request.url.host",
        "expected a string or an array, got a number",
    ),
    (
        one_bad_request(url={"path": ["a", 1]}),
        "item[0].request.url.path[1]",
        "expected a string or an object, got a number",
    ),
    (
        one_bad_request(url={"query": "a=1"}),
        "item[0].request.url.query",
        "expected an array, got a string",
    ),
    (
        one_bad_request(url={"query": ["a=1"]}),
        "item[0].request.url.query[0]",
        "expected an object, got a string",
    ),
    (
        one_bad_request(url={"variable": [{"key": "id", "disabled": "no"}]}),
        "item[0].request.url.variable[0].disabled",
        "expected a boolean, got a string",
    ),
    (
        one_bad_request(method={"verb": "GET"}),
        "item[0].request.method",
        "expected a string, a number, a boolean or null, got an object",
    ),
    (
        one_bad_request(header=3),
        "item[0].request.header",
        "expected an array, a string, an object or null, got a number",
    ),
    (
        one_bad_request(header=[["A", "1"]]),
        "item[0].request.header[0]",
        "expected an object or a string, got an array",
    ),
    (one_bad_request(header=[{"value": "1"}]), "item[0].request.header[0]", "missing `key`"),
    (
        one_bad_request(header={"X-Custom": {"v": 1}}),
        "item[0].request.header.X-Custom",
        "expected a string, got an object",
    ),
    (
        one_bad_request(header={"X Custom": 1}),
        'item[0].request.header["X Custom"]',
        "expected a string, got a number",
    ),
    (
        one_bad_request(body=[]),
        "item[0].request.body",
        "expected an object, a string or null, got an array",
    ),
    (
        one_bad_request(body={"mode": "urlencoded", "urlencoded": [{"value": "1"}]}),
        "item[0].request.body.urlencoded[0]",
        "missing `key`",
    ),
    (
        one_bad_request(body={"mode": "formdata", "formdata": [{"key": "f", "src": [1]}]}),
        "item[0].request.body.formdata[0].src[0]",
        "expected a string, got a number",
    ),
    (
        one_bad_request(body={"mode": "graphql", "graphql": {"query": ["q"]}}),
        "item[0].request.body.graphql.query",
        "expected a string or null, got an array",
    ),
    (
        one_bad_request(body={"options": "json"}),
        "item[0].request.body.options",
        "expected an object, got a string",
    ),
    (
        one_bad_request(description=1),
        "item[0].request.description",
        "expected a string, an object or null, got a number",
    ),
    (collection(auth="bearer"), "auth", "expected an object or null, got a string"),
    (collection(auth={"type": 1}), "auth.type", "expected a string or null, got a number"),
    (
        collection(auth={"type": "basic", "basic": "u:p"}),
        "auth.basic",
        "expected an array or an object, got a string",
    ),
    (
        collection(auth={"type": "bearer", "bearer": [{"value": "t"}]}),
        "auth.bearer[0]",
        "missing `key`",
    ),
    (
        collection({"item": [], "auth": {"type": "jwt", "jwt": "secret"}}),
        "item[0].auth.jwt",
        "expected an array or an object, got a string",
    ),
    (collection(variable={"a": 1}), "variable", "expected an array, got an object"),
    (
        collection(variable=[{"key": "a"}, {"id": "b"}, {"value": 1}]),
        "variable[2]",
        "a variable needs `key` (or the legacy `id`)",
    ),
    (collection(variable=[{"key": 1}]), "variable[0].key", "expected a string, got a number"),
    (collection(event=[{"script": {}}]), "event[0]", "missing `listen`"),
    (
        collection(event=[{"listen": "test", "script": {"exec": 1}}]),
        "event[0].script.exec",
        "expected an array or a string, got a number",
    ),
    (
        collection(protocolProfileBehavior=[]),
        "protocolProfileBehavior",
        "expected an object, got an array",
    ),
    (
        collection({"request": URL, "response": {}}),
        "item[0].response",
        "expected an array, got an object",
    ),
    (
        collection({"request": URL, "response": ["200 OK"]}),
        "item[0].response[0]",
        "expected an object, got a string",
    ),
    (
        collection(example(code=200.5)),
        "item[0].response[0].code",
        "expected an integer, a string or null, got a number",
    ),
    (
        collection(example(header=[1])),
        "item[0].response[0].header[0]",
        "expected an object or a string, got a number",
    ),
    (
        collection(example(originalRequest={"url": 1})),
        "item[0].response[0].originalRequest.url",
        "expected a string, an object or null, got a number",
    ),
    (
        collection(example(cookie=[{"expires": True}])),
        "item[0].response[0].cookie[0].expires",
        "expected a string, a number or null, got a boolean",
    ),
]


@pytest.mark.parametrize(
    ("doc", "path", "message"), REJECTED, ids=[f"{path}:{message}" for _, path, message in REJECTED]
)
def test_rejected_with_path_and_message(doc: dict[str, Any], path: str, message: str) -> None:
    assert problems(doc) == [(path, message)]


def test_a_node_with_both_request_and_item_is_an_error() -> None:
    doc = collection({"name": "F", "item": [{"name": "G", "item": [], "request": URL}]})
    assert problems(doc) == [("item[0].item[0]", "an item cannot have both `request` and `item`")]


def test_a_node_with_request_and_a_non_list_item_is_a_bad_folder() -> None:
    doc = collection({"request": URL, "item": "x"})
    assert problems(doc) == [
        ("item[0]", "an item cannot have both `request` and `item`"),
        ("item[0].item", "expected an array, got a string"),
    ]


def test_the_root_must_be_an_object() -> None:
    assert problems([1, 2]) == [("", "expected an object, got an array")]


def test_problems_come_in_document_order() -> None:
    doc = {
        "variable": 1,
        "item": [{"item": [{"request": 5}, {"request": {"url": 5}}], "name": 7}, 3],
        "info": 3,
    }
    assert [path for path, _ in problems(doc)] == [
        "variable",
        "item[0].item[0].request",
        "item[0].item[1].request.url",
        "item[0].name",
        "item[1]",
        "info",
    ]


def test_several_problems_in_one_node() -> None:
    doc = collection(request_node(header=[{}, 1], body={"mode": 1}))
    assert problems(doc) == [
        ("item[0].request.header[0]", "missing `key`"),
        ("item[0].request.header[1]", "expected an object or a string, got a number"),
        ("item[0].request.body.mode", "expected a string, got a number"),
    ]


@pytest.mark.parametrize(
    ("bad", "expected_tail"),
    [(50, []), (51, ["... and 1 more problem"]), (60, ["... and 10 more problems"])],
)
def test_at_most_50_problems_then_a_count(bad: int, expected_tail: list[str]) -> None:
    doc = collection(*({"request": index} for index in range(bad)))
    found = validate_collection(doc)
    assert len(found) == MAX_PROBLEMS + len(expected_tail)
    assert found[:2] == [
        Diagnostic("item[0].request", "expected a string or an object, got a number"),
        Diagnostic("item[1].request", "expected a string or an object, got a number"),
    ]
    assert [d.message for d in found[MAX_PROBLEMS:]] == expected_tail
    assert all(d.path == "" for d in found[MAX_PROBLEMS:])


def nested_folders(depth: int, leaf: dict[str, Any]) -> dict[str, Any]:
    root = collection()
    folder = root
    for level in range(depth):
        child: dict[str, Any] = {"name": f"F{level}", "item": []}
        folder["item"].append(child)
        folder = child
    folder["item"].append(leaf)
    return root


@pytest.mark.parametrize("depth", [500, 5000])
def test_deep_nesting_does_not_recurse(depth: int) -> None:
    assert problems(nested_folders(depth, request_node())) == []
    deep_path = ".".join(["item[0]"] * (depth + 1))
    assert problems(nested_folders(depth, request_node(url=1))) == [
        (f"{deep_path}.request.url", "expected a string, an object or null, got a number")
    ]


def test_deep_json_inside_a_node_is_not_descended() -> None:
    body: Any = []
    for _ in range(100_000):
        body = [body]
    valid = collection(example(body=body))
    assert problems(valid) == []
    invalid = collection(example(body=body, code=[]))
    assert problems(invalid) == [
        ("item[0].response[0].code", "expected an integer, a string or null, got an array")
    ]


@pytest.mark.parametrize(
    ("key", "shown"),
    [("a.b", '["a.b"]'), ("", '[""]'), ("Überschrift", '["Überschrift"]'), ("x_y-z$", ".x_y-z$")],
)
def test_keys_that_are_not_plain_names_are_quoted(key: str, shown: str) -> None:
    assert problems(collection(request_node(header={key: 1}))) == [
        (f"item[0].request.header{shown}", "expected a string, got a number")
    ]


# --- the walker and the whole schema agree -----------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.sampled_from([0, 1, 200, -1, 2.0, 1.5, float("inf")])
    | st.sampled_from(["", "x", "GET", "{{v}}", "A: 1"])
)
KEYS = st.sampled_from(["item", "request", "key", "id", "value", "type", "url", "X Custom"])
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)
TYPE_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "string": st.sampled_from(["", "x", "A: 1", "GET"]),
    "integer": st.sampled_from([0, 200, 2.0, -3]),
    "number": st.sampled_from([0, 1.5, -2]),
    "boolean": st.booleans(),
    "null": st.none(),
}


class GuidedValues:
    """Values shaped by a schema (valid often, invalid often) to compare two validators on."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self._defs: Mapping[str, Any] = schema.get("$defs", {})
        self._made: dict[tuple[int, int], st.SearchStrategy[Any]] = {}

    def values(self, schema: Any, depth: int) -> st.SearchStrategy[Any]:
        if depth <= 0 or not isinstance(schema, Mapping):
            return ANY_JSON
        memo = (id(schema), depth)
        if memo not in self._made:
            shaped = st.one_of(self._options(self._resolved(schema), depth - 1))
            self._made[memo] = st.integers(0, 5).flatmap(lambda n: ANY_JSON if n == 5 else shaped)
        return self._made[memo]

    def _resolved(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        """``$ref`` merged with its sibling keywords."""
        if "$ref" not in schema:
            return schema
        target = self._resolved(self._defs[schema["$ref"].removeprefix("#/$defs/")])
        return _deep_merge(target, {k: v for k, v in schema.items() if k != "$ref"})

    def _options(self, schema: Mapping[str, Any], depth: int) -> list[st.SearchStrategy[Any]]:
        options = [self.values(schema[key], depth) for key in ("then", "else") if key in schema]
        names = schema.get("type", [])
        names = [names] if isinstance(names, str) else names
        options += [TYPE_STRATEGIES[name] for name in names if name in TYPE_STRATEGIES]
        if "object" in names or "properties" in schema:
            properties = schema.get("properties", {})
            optional = {key: self.values(sub, depth) for key, sub in properties.items()}
            required = {key: optional.pop(key) for key in schema.get("required", [])}
            options.append(st.fixed_dictionaries(required, optional=optional))
        if "additionalProperties" in schema:
            extra = self.values(schema["additionalProperties"], depth)
            options.append(st.dictionaries(KEYS, extra, max_size=2))
        if "array" in names or "items" in schema:
            options.append(st.lists(self.values(schema.get("items", True), depth), max_size=3))
        return options or [ANY_JSON]


def _deep_merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = _deep_merge(old, value)
        else:
            merged[key] = value
    return merged


COLLECTION_SCHEMA = schema_file("collection.schema.json")
ENVIRONMENT_SCHEMA = schema_file("environment.schema.json")
COLLECTIONS = GuidedValues(COLLECTION_SCHEMA).values(COLLECTION_SCHEMA, 14)
ENVIRONMENTS = GuidedValues(ENVIRONMENT_SCHEMA).values(ENVIRONMENT_SCHEMA, 6)
WHOLE_COLLECTION_SCHEMA = Draft202012Validator(COLLECTION_SCHEMA)
WHOLE_ENVIRONMENT_SCHEMA = Draft202012Validator(ENVIRONMENT_SCHEMA)
EQUIVALENCE = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


@EQUIVALENCE
@given(doc=COLLECTIONS)
def test_validate_collection_agrees_with_the_whole_schema(doc: Any) -> None:
    """Node by node with fast predicates, or the schema file at once: the same verdict."""
    found = validate_collection(doc)
    assert (found == []) == WHOLE_COLLECTION_SCHEMA.is_valid(doc), found
    assert len(found) <= MAX_PROBLEMS + 1


@EQUIVALENCE
@given(doc=ENVIRONMENTS)
def test_validate_environment_agrees_with_the_schema(doc: Any) -> None:
    found = validate_environment(doc)
    assert (found == []) == WHOLE_ENVIRONMENT_SCHEMA.is_valid(doc), found


DEFINITIONS = [
    (schema, name) for schema in (COLLECTION_SCHEMA, ENVIRONMENT_SCHEMA) for name in schema["$defs"]
]


@pytest.mark.parametrize(
    ("schema", "name"),
    DEFINITIONS,
    ids=[f"{schema['$id'].rsplit(':', 1)[-1]}:{name}" for schema, name in DEFINITIONS],
)
def test_the_fast_predicate_of_each_definition_agrees_with_jsonschema(
    schema: dict[str, Any], name: str
) -> None:
    """Both directions: a stricter predicate would only cost time, but it would be a bug."""
    check = _Compiler(schema).ref(name)
    validator = Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"})

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=GuidedValues(schema).values(schema["$defs"][name], 8))
    def agree(value: Any) -> None:
        assert check(value) == validator.is_valid(value)

    agree()


# --- environments ------------------------------------------------------------------------


def test_an_exported_environment_is_valid() -> None:
    doc: dict[str, Any] = {
        "id": "5a0c",
        "name": "Staging",
        "values": [
            {"key": "host", "value": "https://x", "enabled": True},
            {"key": "token", "value": "", "type": "secret", "enabled": False},
            {"key": "n", "value": 3, "type": "default", "disabled": True},
            {"key": "d", "value": None, "description": {"content": "c", "type": "text/plain"}},
        ],
        "_postman_variable_scope": "environment",
        "_postman_exported_at": "2024-01-01T00:00:00.000Z",
        "_postman_exported_using": "Postman/10.0",
        "color": None,
    }
    assert validate_environment(doc) == []


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({}, [("", "an environment needs `values` (an array of variables)")]),
        ([], [("", "expected an object, got an array")]),
        ({"values": "nope"}, [("values", "expected an array, got a string")]),
        ({"values": [1]}, [("values[0]", "expected an object, got a number")]),
        ({"values": [{"value": "1"}]}, [("values[0]", "missing `key`")]),
        (
            {"name": 1, "values": [{"key": "a", "enabled": "yes", "type": 2}]},
            [
                ("name", "expected a string or null, got a number"),
                ("values[0].enabled", "expected a boolean, got a string"),
                ("values[0].type", "expected a string, got a number"),
            ],
        ),
    ],
)
def test_environment_problems(doc: Any, expected: list[tuple[str, str]]) -> None:
    assert [(d.path, d.message) for d in validate_environment(doc)] == expected


# --- the schema files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "schema", [COLLECTION_SCHEMA, ENVIRONMENT_SCHEMA], ids=["collection", "environment"]
)
def test_schema_files_ship_as_package_data_and_are_valid_2020_12(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
