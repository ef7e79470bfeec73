"""Types from scripts (docs/scripts.md, "Types from scripts"): the checks of a request's test
scripts as evidence for inference, built here from hand-made facts so that each rule is
pinned apart from the JavaScript front end (tests/test_scripts_types_js.py feeds real
scripts through it)."""

from __future__ import annotations

import json
import time
from typing import Any

from generator.annotations import annotation
from generator.api_models import build_models
from generator.infer import MAX_DEPTH
from generator.infer.claims import Claim, refine
from generator.inspect import inspect_json, inspect_text
from generator.ir import (
    ApiModels,
    ClassRef,
    Collection,
    FieldType,
    JsonValue,
    ListType,
    MapType,
    Model,
    ObjectType,
    ScalarType,
    TaggedUnion,
    TypeExpr,
)
from generator.scripts.facts import (
    Check,
    EndpointScripts,
    ScriptFacts,
    ScriptTest,
    Segment,
    Value,
)
from tests.conftest import load, request_item

SCRIPT = "item[0].event[0]"
STR = TypeExpr((ScalarType("str"),))


def json_at(*path: Segment) -> Value:
    return Value("json", "json" + "".join(f".{p}" for p in path), path=path)


def check(subject: Value, matcher: str, *arguments: Any, **flags: Any) -> Check:
    return Check(subject, matcher, arguments, **flags)


def status_is(code: int) -> Check:
    return Check(Value("status", "pm.response.code"), "equal", (code,))


def endpoint(*examples: tuple[int, JsonValue | str], method: str = "GET") -> Collection:
    """One request with these saved examples (a str body is saved as text)."""
    item = request_item("Get thing", method=method, url="https://x.test/things/:id")
    item["response"] = [
        {
            "name": f"ex{index}",
            "code": code,
            "status": "",
            "header": [{"key": "Content-Type", "value": "text/plain"}]
            if isinstance(body, str)
            else [],
            "body": body if isinstance(body, str) else json.dumps(body),
        }
        for index, (code, body) in enumerate(examples)
    ]
    return load(item)


def scripts_of(*checks: Check, path: str = SCRIPT) -> dict[str, EndpointScripts]:
    facts = ScriptFacts("test", path, tests=(ScriptTest("t", checks),))
    return {"item[0]": EndpointScripts("item[0]", test=(facts,))}


def models(collection: Collection, *checks: Check) -> ApiModels:
    return build_models(collection, scripts=scripts_of(*checks))


def response(api: ApiModels, status: int | None = None) -> TypeExpr:
    (found,) = [b for b in api.bindings if b.role == "response" and b.status == status]
    return found.type


def model_of(api: ApiModels, status: int | None = None) -> Model:
    return api.model(annotation(response(api, status)))


def shown(model: Model) -> dict[str, tuple[str, bool]]:
    """Each field's annotation and whether it is required."""
    return {f.key: (annotation(f.type), f.required) for f in model.fields}


def nested(api: ApiModels, model: Model, key: str) -> Model:
    (found,) = [f for f in model.fields if f.key == key]
    name = annotation(found.type).removeprefix("list[").removesuffix("]")
    return api.model(name.split(" | ")[0])


# --- an endpoint without examples gets a model --------------------------------------------


def test_an_endpoint_without_examples_gets_a_model_from_its_schema() -> None:
    schema = {
        "type": "object",
        "required": ["id", "status"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["open", "closed"]},
            "created": {"type": "string", "format": "date-time"},
            "note": {"type": ["string", "null"]},
            "ratio": {"type": "number"},
        },
    }
    api = models(endpoint(), check(json_at(), "json_schema", schema, "draft-07"))
    assert shown(model_of(api)) == {
        "id": ("int", True),
        "status": ('Literal["closed", "open"] | str', True),
        "created": ("datetime", False),
        "note": ("str | None", False),
        "ratio": ("float", False),
    }


def test_without_scripts_the_endpoint_keeps_its_parsed_json_return() -> None:
    assert build_models(endpoint(), scripts={}).bindings == ()


def test_type_assertions_alone_give_a_partial_model() -> None:
    api = models(
        endpoint(),
        check(json_at("data", "id"), "a", "string"),
        check(json_at("data", "count"), "a", "number"),
        check(json_at("data", "tags"), "a", "array"),
        check(json_at("data", "meta"), "a", "object"),
        check(json_at("data", "ok"), "a", "boolean"),
        check(json_at("data", "gone"), "a", "null"),
    )
    data = nested(api, model_of(api), "data")
    assert shown(data) == {
        "id": ("str", True),
        "count": ("float", True),
        "tags": ("list[Any]", True),
        "meta": ("dict[str, Any]", True),
        "ok": ("bool", True),
        "gone": ("Any | None", True),
    }


def test_each_field_names_the_script_that_typed_it() -> None:
    api = models(endpoint(), check(json_at("data", "id"), "a", "string"))
    root = model_of(api)
    (data,) = root.fields
    assert data.evidence is not None and data.evidence.scripts == (SCRIPT,)
    (identifier,) = nested(api, root, "data").fields
    assert identifier.evidence is not None and identifier.evidence.scripts == (SCRIPT,)


def test_a_claim_that_describes_no_class_gives_no_model() -> None:
    """A scalar, a presence, an array or string (``lengthOf``), an array of anything:
    parsed JSON says as much."""
    claims = (
        check(json_at(), "a", "string"),
        check(json_at(), "exist"),
        check(json_at(), "length", 2),
        check(json_at(), "a", "array"),
    )
    for claim in claims:
        assert models(endpoint(), claim).bindings == ()


def test_an_array_of_objects_is_a_model() -> None:
    api = models(endpoint(), check(json_at(0, "id"), "a", "string"))
    (binding,) = api.bindings
    assert annotation(binding.type).startswith("list[")


def test_a_saved_text_success_example_decides_the_return_not_the_scripts() -> None:
    api = models(endpoint((200, "plain words")), check(json_at("id"), "a", "string"))
    assert api.bindings == ()


def test_an_error_example_alone_does_not_stop_a_model_from_scripts() -> None:
    api = models(
        endpoint((404, {"message": "no"})), status_is(200), check(json_at("id"), "a", "string")
    )
    assert shown(model_of(api, 200)) == {"id": ("str", True)}


def test_requests_sharing_an_endpoint_join_their_claims_as_bodies_would() -> None:
    """Two GraphQL requests (one ``POST /graphql``): each script's checks hold of its own
    response, so a key only one of them names may be absent from the other's."""
    first = request_item("Users", method="POST", url="https://x.test/graphql")
    second = request_item("Teams", method="POST", url="https://x.test/graphql")
    collection = load(first, second)

    def facts(path: str, *checks: Check) -> EndpointScripts:
        script = ScriptFacts("test", f"{path}.event[0]", checks=checks)
        return EndpointScripts(path, test=(script,))

    scripts = {
        "item[0]": facts(
            "item[0]",
            check(json_at("data", "users"), "a", "array"),
            check(json_at("data", "total"), "a", "number"),
        ),
        "item[1]": facts(
            "item[1]",
            check(json_at("data", "teams"), "a", "array"),
            check(json_at("data", "total"), "a", "string"),
        ),
    }
    api = build_models(collection, scripts=scripts)
    root = model_of(api)
    assert shown(root) == {"data": ("Data", True)}
    assert shown(nested(api, root, "data")) == {
        "users": ("list[Any]", False),
        "total": ("str | float", True),
        "teams": ("list[Any]", False),
    }


def test_a_key_one_sharing_request_does_not_name_keeps_the_examples_presence() -> None:
    """Three requests of one ``POST /post`` (the bundled httpbin collection's shape): one
    request's checks name ``files``, another's do not. Silence is no evidence of absence, so
    the examples' required ``files`` stays required (it became optional once)."""
    body: dict[str, JsonValue] = {"files": {}, "json": None, "origin": "1.2.3.4"}
    items = []
    for name in ("JSON", "Form", "Upload"):
        item = request_item(name, method="POST", url="https://x.test/post")
        item["response"] = [{"name": "ok", "code": 200, "status": "", "body": json.dumps(body)}]
        items.append(item)
    collection = load(*items)

    def facts(path: str, *checks: Check) -> EndpointScripts:
        script = ScriptFacts("test", f"{path}.event[0]", checks=checks)
        return EndpointScripts(path, test=(script,))

    scripts = {
        "item[0]": facts("item[0]", check(json_at("origin"), "a", "string")),
        "item[2]": facts("item[2]", check(json_at("files"), "property", "upload")),
    }
    root = model_of(build_models(collection, scripts=scripts), 200)
    assert {key: required for key, (_, required) in shown(root).items()} == {
        "files": True,
        "json": True,
        "origin": True,
    }


def test_a_length_check_adds_no_kind_beside_an_example_of_one_it_allows() -> None:
    """``lengthOf`` holds of an array or a string: beside examples that show an array it
    says nothing new, so the field stays ``list[str]`` (not ``list[str] | str``)."""
    api = models(
        endpoint((200, {"tags": ["a", "b"], "count": 2})),
        check(json_at("tags"), "length", 2),
        check(json_at("count"), "above", 0),
    )
    assert shown(model_of(api, 200)) == {"tags": ("list[str]", True), "count": ("int", True)}


# --- what each check claims ---------------------------------------------------------------


def test_one_of_gives_an_enum_of_its_literals() -> None:
    api = models(
        endpoint(),
        check(json_at("state"), "one_of", ["pending", "done", "failed"]),
        check(json_at("level"), "one_of", [1, 2, 3]),
    )
    assert shown(model_of(api)) == {
        "state": ('Literal["done", "failed", "pending"] | str', True),
        "level": ("int", True),
    }


def test_presence_checks_require_a_key_of_any_type() -> None:
    api = models(
        endpoint(),
        check(json_at("a"), "exist"),
        check(json_at("b"), "undefined", negated=True),
        check(json_at(), "property", "c"),
        check(json_at(), "property", "d", 5),
        check(json_at(), "nested_property", "e.f"),
    )
    root = model_of(api)
    assert shown(root) == {
        "a": ("Any", True),
        "b": ("Any", True),
        "c": ("Any", True),
        "d": ("int", True),
        "e": ("E", True),
    }
    assert shown(nested(api, root, "e")) == {"f": ("Any", True)}


def test_length_and_empty_say_array_or_string() -> None:
    api = models(
        endpoint(),
        check(json_at("items"), "length", 3),
        check(json_at("name"), "empty", negated=True),
        check(Value("json", "json.rows.length", path=("rows",), length=True), "above", 0),
        check(json_at("codes"), "least", 1, length_of=True),
    )
    assert shown(model_of(api)) == {
        "items": ("list[Any] | str", True),
        "name": ("dict[str, Any] | list[Any] | str", True),
        "rows": ("list[Any] | str", True),
        "codes": ("list[Any] | str", True),
    }


def test_comparisons_say_number_and_literals_their_kind() -> None:
    api = models(
        endpoint(),
        check(json_at("amount"), "above", 0),
        check(json_at("limit"), "below", 10, negated=True),
        check(json_at("kind"), "equal", "card"),
        check(json_at("count"), "eql", 2),
        check(json_at("rate"), "equal", 0.5),
        check(json_at("live"), "equal", True),
        check(json_at("tags"), "eql", ["a"]),
        check(json_at("done"), "true"),
        check(json_at("failed"), "false"),
        check(json_at("error"), "null"),
    )
    assert shown(model_of(api)) == {
        "amount": ("float", True),
        "limit": ("float", True),
        "kind": ("str", True),
        "count": ("int", True),
        "rate": ("float", True),
        "live": ("bool", True),
        "tags": ("list[str]", True),
        "done": ("bool", True),
        "failed": ("bool", True),
        "error": ("Any | None", True),
    }


def test_eql_to_an_object_literal_shows_its_keys_like_an_example() -> None:
    literal = {"user": {"id": 1, "tags": ["a", 2]}, "items": [{"n": 1}, {"n": 2, "m": "x"}]}
    api = models(endpoint(), check(json_at("result"), "eql", literal))
    result = nested(api, model_of(api), "result")
    assert shown(result) == {"user": ("User", True), "items": ("list[Item]", True)}
    assert shown(nested(api, result, "user")) == {
        "id": ("int", True),
        "tags": ("list[str | int]", True),
    }
    assert shown(nested(api, result, "items")) == {"n": ("int", True), "m": ("str", False)}


def test_checks_that_are_not_sure_type_nothing() -> None:
    """A negated type check or constant (``not.null`` passes on a missing key), ``equal``
    to an object (never ``===``), an unknown type name, ``property('length')`` (every
    array has one), a check on the text or a header."""
    api = models(
        endpoint(),
        check(json_at("a"), "a", "string", negated=True),
        check(json_at("f"), "null", negated=True),
        check(json_at("g"), "true", negated=True),
        check(json_at("b"), "equal", {"x": 1}),
        check(json_at("c"), "a", "undefined"),
        check(json_at("d"), "include", "x"),
        check(json_at("e"), "property", "length"),
        check(Value("text", "responseBody"), "a", "string"),
        check(Value("header", "h", name="X-Id"), "a", "string"),
    )
    assert api.bindings == ()


def test_checks_meet_on_one_response_so_one_requirement_is_enough() -> None:
    """A schema leaves ``type`` optional, an ``eq`` in the same script needs it: both hold
    of the one response (the Wise "Complete batch group" script)."""
    schema = {"properties": {"type": {"type": "string"}, "amount": {"type": "number"}}}
    api = models(
        endpoint(method="PATCH"),
        check(json_at("payInDetails"), "length", 1),
        check(json_at("payInDetails", 0), "json_schema", schema, "draft-07"),
        check(json_at("payInDetails", 0, "type"), "equal", "bank_transfer"),
    )
    root = model_of(api)
    assert shown(root) == {"payInDetails": ("list[PayInDetail]", True)}
    assert shown(nested(api, root, "payInDetails")) == {
        "type": ("str", True),
        "amount": ("float", False),
    }


def test_contradicting_checks_leave_the_kind_unclaimed() -> None:
    """No value is both a string and a number: nothing about the kind is sure, and a
    later third check does not make it so."""
    api = models(
        endpoint(),
        check(json_at("v"), "a", "string"),
        check(json_at("v"), "a", "number"),
        check(json_at("v"), "a", "boolean"),
    )
    assert shown(model_of(api)) == {"v": ("Any", True)}


def test_many_checks_on_one_response_meet_in_linear_time() -> None:
    """10,000 checks on distinct keys: about 50 s when claims were met pair by pair."""
    checks = [check(json_at(f"k{index}"), "a", "string") for index in range(10_000)]
    started = time.process_time()
    api = models(endpoint(), *checks)
    assert time.process_time() - started < 5
    assert len(model_of(api).fields) == 10_000


# --- JSON Schema --------------------------------------------------------------------------


def schema_model(schema: Any, draft: str = "draft-07") -> tuple[ApiModels, Model]:
    api = models(endpoint(), check(json_at(), "json_schema", schema, draft))
    return api, model_of(api)


def test_schema_references_nullable_patterns_and_maps() -> None:
    api, root = schema_model(
        {
            "definitions": {
                "money": {
                    "type": "object",
                    "required": ["value"],
                    "properties": {"value": {"type": "string"}, "currency": {"type": "string"}},
                }
            },
            "properties": {
                "price": {"$ref": "#/definitions/money"},
                "lines": {"type": "array", "items": {"$ref": "#/definitions/money"}},
                "rates": {"type": "object", "additionalProperties": {"type": "number"}},
                "owner": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "alias": {"type": "string", "nullable": True},
                "both": {"allOf": [{"type": ["string", "integer"]}, {"type": "integer"}]},
                "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "uid": {"type": "string", "format": "uuid"},
                "odd": {"type": "string", "format": "hostname"},
                "tuple": {"type": "array", "items": [{"type": "string"}]},
            },
        }
    )
    money = annotation(next(f.type for f in root.fields if f.key == "price"))
    assert shown(root) == {
        "price": (money, False),
        "lines": (f"list[{money}]", False),
        "rates": ("dict[str, float]", False),
        "owner": ("str | None", False),
        "alias": ("str | None", False),
        "both": ("int", False),
        "either": ("Any", False),
        "uid": ("UUID", False),
        "odd": ("str", False),
        "tuple": ("list[Any]", False),
    }
    assert shown(api.model(money)) == {"value": ("str", True), "currency": ("str", False)}


def test_a_required_key_without_a_property_is_there_of_any_type() -> None:
    _, root = schema_model({"type": "object", "required": ["id"]})
    assert shown(root) == {"id": ("Any", True)}


def test_const_counts_in_draft_07_and_not_for_tv4_draft_04() -> None:
    schema = {"properties": {"kind": {"const": "card"}}}
    assert shown(schema_model(schema)[1]) == {"kind": ('Literal["card"] | str', False)}
    assert shown(schema_model(schema, "draft-04")[1]) == {"kind": ("Any", False)}


def test_a_recursive_schema_is_read_without_end() -> None:
    api, root = schema_model(
        {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#"}},
            },
        }
    )
    assert shown(root)["name"] == ("str", False)
    child = nested(api, root, "children")
    assert shown(child)["children"] == ("list[Any]", False)  # the cycle stops, untyped


def test_references_that_fan_out_are_read_in_bounded_time() -> None:
    """Each definition refers twice to the next: 2**40 paths if every one were followed."""
    definitions: dict[str, Any] = {
        f"d{i}": {
            "type": "object",
            "properties": {
                "a": {"$ref": f"#/definitions/d{i + 1}"},
                "b": {"$ref": f"#/definitions/d{i + 1}"},
            },
        }
        for i in range(40)
    }
    definitions["d40"] = {"type": "string"}
    started = time.process_time()
    schema_model({"definitions": definitions, "$ref": "#/definitions/d0"})
    assert time.process_time() - started < 5


def test_the_same_fanning_schema_in_many_scripts_is_read_in_linear_time() -> None:
    """A schema of 46 objects whose references fan out (3**9 paths), checked by 100
    requests: the positions read are bounded by the schema's size (184 each), not by a
    constant per schema (10,000 each: about a minute)."""
    definitions: dict[str, Any] = {
        f"d{i}": {"properties": {key: {"$ref": f"#/definitions/d{i + 1}"} for key in "abc"}}
        for i in range(9)
    }
    schema = {"definitions": definitions, "$ref": "#/definitions/d0"}
    collection = load(*[request_item(f"Get {i}", url=f"https://x.test/t{i}") for i in range(100)])
    scripts = {}
    for index in range(100):
        facts = ScriptFacts(
            "test",
            f"item[{index}].event[0]",
            checks=(check(json_at(), "json_schema", schema, "draft-07"),),
        )
        scripts[f"item[{index}]"] = EndpointScripts(f"item[{index}]", test=(facts,))
    started = time.process_time()
    api = build_models(collection, scripts=scripts)
    assert time.process_time() - started < 10
    assert len([b for b in api.bindings if b.role == "response"]) == 100


def test_a_schema_below_a_long_path_nests_no_deeper_than_inference() -> None:
    """64 keys of path, then a schema 70 objects deep: the type stops at ``MAX_DEPTH``
    levels below the body, as inference's does (129 before)."""
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(70):
        schema = {"type": "object", "required": ["k"], "properties": {"k": schema}}
    path = tuple(f"p{index}" for index in range(MAX_DEPTH))
    api = models(endpoint(), check(json_at(*path), "json_schema", schema))
    assert class_depth(api, response(api)) == MAX_DEPTH + 1


def class_depth(api: ApiModels, expr: TypeExpr) -> int:
    """How many classes nest in the type, the outermost included."""
    depths = [0]
    for variant in expr.variants:
        if isinstance(variant, ClassRef):
            fields = api.model(variant.name).fields
            depths.append(1 + max((class_depth(api, f.type) for f in fields), default=0))
    return max(depths)


def test_unreadable_schemas_and_references_claim_nothing() -> None:
    schemas: tuple[JsonValue, ...] = (
        True,
        [],
        {"$ref": "other.json#/x"},
        {"$ref": "#/nowhere"},
        {"type": "any"},
    )
    for schema in schemas:
        assert models(endpoint(), check(json_at(), "json_schema", schema)).bindings == ()


# --- statuses: which response a check is meant for ----------------------------------------


def test_a_status_guard_sends_the_claim_to_that_status() -> None:
    guarded = check(json_at("id"), "a", "string", guard=(status_is(201),))
    api = models(endpoint((200, {"id": 1}), (201, {"id": 2})), guarded)
    assert shown(model_of(api, 200)) == {"id": ("int", True)}
    assert shown(model_of(api, 201)) == {"id": ("int | str", True)}


def test_a_guard_that_is_no_status_test_makes_the_check_unsure() -> None:
    truthy = check(json_at("id"), "ok")
    api = models(endpoint(), check(json_at("id"), "a", "string", guard=(truthy,)))
    assert api.bindings == ()


def test_checks_meant_for_an_error_status_are_not_used() -> None:
    api = models(
        endpoint((404, {"message": "x"})),
        check(json_at("message"), "a", "number", guard=(status_is(404),)),
    )
    assert shown(api.model(annotation(api.bindings[0].type))) == {"message": ("str", True)}
    assert [b.role for b in api.bindings] == ["error"]


def test_the_asserted_status_names_the_model_of_an_endpoint_without_examples() -> None:
    api = models(endpoint(), status_is(201), check(json_at("id"), "a", "string"))
    assert shown(model_of(api, 201)) == {"id": ("str", True)}


def test_a_status_class_or_list_admits_its_statuses() -> None:
    success = Check(Value("status", "pm.response"), "status_class", ("success",))
    listed = Check(Value("status", "pm.response.code"), "one_of", ([202, 200],))
    api = models(endpoint(), success, listed, check(json_at("id"), "a", "string"))
    assert shown(model_of(api, 200)) == {"id": ("str", True)}


# --- joined with the examples ---------------------------------------------------------------


def test_a_type_assertion_types_only_the_field_it_names() -> None:
    collection = endpoint((200, {"id": 1, "name": "a", "meta": {"x": 1}}))
    api = models(collection, check(json_at("id"), "a", "string"))
    assert shown(model_of(api, 200)) == {
        "id": ("int | str", True),
        "name": ("str", True),
        "meta": ("Meta", True),
    }


def test_a_number_check_keeps_the_examples_int_and_a_schema_number_widens_it() -> None:
    collection = endpoint((200, {"n": 1}))
    assert shown(model_of(models(collection, check(json_at("n"), "above", 0)), 200)) == {
        "n": ("int", True)
    }
    schema = {"properties": {"n": {"type": "number"}}}
    api = models(collection, check(json_at(), "json_schema", schema))
    assert shown(model_of(api, 200)) == {"n": ("float", False)}


def test_a_schema_makes_fields_optional_and_gives_enums_and_formats() -> None:
    collection = endpoint((200, {"id": "7", "state": "open", "at": "x", "extra": 1}))
    schema = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "state": {"enum": ["open", "shut"]},
            "at": {"type": "string", "format": "date"},
        },
    }
    api = models(collection, check(json_at(), "json_schema", schema))
    assert shown(model_of(api, 200)) == {
        "id": ("str", True),
        "state": ('Literal["open", "shut"] | str', False),
        "at": ("date", False),
        "extra": ("int", True),  # the schema does not speak of it: the examples decide
    }


def test_a_key_only_the_scripts_name_is_optional_beside_examples_without_it() -> None:
    api = models(endpoint((200, {"id": 1})), check(json_at("note"), "a", "string"))
    assert shown(model_of(api, 200)) == {"id": ("int", True), "note": ("str", False)}


def test_only_null_seen_and_a_claimed_kind_give_an_optional_value() -> None:
    api = models(endpoint((200, {"v": None})), check(json_at("v"), "a", "string"))
    assert shown(model_of(api, 200)) == {"v": ("str | None", True)}


def test_a_map_stays_a_map_and_claimed_keys_type_its_values() -> None:
    rates: dict[str, JsonValue] = {f"{year}": 1 for year in range(2001, 2011)}
    api = models(endpoint((200, {"rates": rates})), check(json_at("rates", "2005"), "a", "string"))
    assert shown(model_of(api, 200)) == {"rates": ("dict[str, int | str]", True)}


def test_each_variant_of_a_tagged_union_takes_the_claim() -> None:
    def variant(tag: str) -> ObjectType:
        return ObjectType((FieldType("type", STR, True), FieldType(tag, STR, True)))

    union = TaggedUnion("type", (("pull", variant("pull")), ("push", variant("push"))))
    claim = Claim(fields=(("at", Claim(frozenset({"str"})), True),))
    (refined,) = refine(TypeExpr((union,)), claim, path="$", hint="T").variants
    assert isinstance(refined, TaggedUnion)
    for _, each in refined.variants:
        assert isinstance(each, ObjectType)
        assert [(f.key, f.required) for f in each.fields][-1] == ("at", False)


def test_merging_a_claim_into_types_directly() -> None:
    """The union rules on bare types: kinds add up, a float claim widens an int."""
    claim = Claim(frozenset({"str", "float", "null"}))
    merged = refine(TypeExpr((ScalarType("int"),)), claim, path="$", hint="T")
    assert merged == TypeExpr((ScalarType("float"), ScalarType("str")), nullable=True)
    listed = Claim(items=Claim(frozenset({"str"})))
    assert refine(TypeExpr((ListType(TypeExpr()),)), listed, path="$", hint="T") == TypeExpr(
        (ListType(TypeExpr((ScalarType("str"),))),)
    )
    assert refine(TypeExpr(), Claim(frozenset({"object"})), path="$", hint="T") == TypeExpr(
        (MapType(TypeExpr()),)
    )


# --- postc inspect --models -----------------------------------------------------------------


def test_inspect_models_shows_the_script_as_the_evidence_source() -> None:
    collection = endpoint((200, {"id": 1}))
    api = models(collection, check(json_at("id"), "a", "string"), check(json_at("x"), "exist"))
    text = inspect_text(collection, None, api, with_models=True)
    assert (
        f"id: int | str  (required; present 1/1, int x1, 1 docs, e.g. 1, script {SCRIPT})" in text
    )
    assert f"x: Any  (optional; script {SCRIPT})" in text
    summary = inspect_json(collection, None, api, with_models=True)
    fields = {f["key"]: f["evidence"]["scripts"] for f in summary["models"][0]["fields"]}
    assert fields == {"id": [SCRIPT], "x": [SCRIPT]}


def test_the_order_of_the_checks_changes_no_type() -> None:
    schema = {"properties": {"b": {"type": "string"}, "a": {"enum": ["y", "x"]}}}
    checks = (check(json_at(), "json_schema", schema), check(json_at("c"), "a", "number"))
    first = models(endpoint(), *checks)
    second = models(endpoint(), *reversed(checks))
    assert [shown(m) for m in first.models] == [shown(m) for m in second.models]
