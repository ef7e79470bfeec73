"""bench/openapi_roundtrip.py: how it names operations, reads postc's plan, compares the
three views of one API, and (when openapi-python-client is installed, as the bench's
docstring says how) reads what that generator writes and exits 1 on a lost operation."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import collection_doc, request_item

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import openapi_roundtrip as rt

OPC = Path(os.environ.get("POSTC_OPC", rt.DEFAULT_OPC))
needs_opc = pytest.mark.skipif(
    not OPC.exists(), reason=f"openapi-python-client is not installed ({rt.INSTALL})"
)


def operation(method: str, path: str, name: str = "op", **fields: Any) -> rt.Operation:
    values: dict[str, Any] = {
        "required": frozenset(),
        "optional": frozenset(),
        "body": None,
        "returns": None,
        "models": frozenset(),
    }
    return rt.Operation(key=rt.operation_key(method, path), name=name, **(values | fields))


def test_an_operation_is_its_method_and_path_whatever_its_parameters_are_called() -> None:
    assert rt.operation_key("get", "/users/{user_id}/x") == rt.operation_key("GET", "/users/{id}/x")
    assert rt.operation_key("get", "/users/{id}") != rt.operation_key("post", "/users/{id}")
    assert rt.operation_key("get", "/users/{id}") != rt.operation_key("get", "/users/{id}/")
    assert rt.operation_key("get", "/users/{id}") != rt.operation_key("get", "/users/id")


def test_postc_operations_are_the_methods_of_the_plan_and_its_models_fields(
    write_json: Callable[[Any, str], Path],
) -> None:
    url = {
        "raw": "https://api.example.com/things/:thing_id?limit=10",
        "host": ["api", "example", "com"],
        "path": ["things", ":thing_id"],
        "query": [{"key": "limit", "value": "10"}],
    }
    things = "https://api.example.com/things"
    saved = {"id": "t1", "owner": {"name": "Ann"}}
    example = {
        "name": "Found",
        "code": 200,
        "body": json.dumps(saved),
        "header": [{"key": "Content-Type", "value": "application/json"}],
    }
    doc = collection_doc(
        {**request_item("Get thing", url=url), "response": [example]},
        request_item(
            "Create thing",
            method="POST",
            url=things,
            body={"mode": "raw", "raw": '{"a": 1}', "options": {"raw": {"language": "json"}}},
        ),
        request_item(
            "Create thing from form",
            method="POST",
            url=things,
            body={"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]},
        ),
    )
    found, models = rt.postc_side(write_json(doc, "things.json"))
    assert [(op.key, op.name) for op in found] == [
        (("GET", "/things/{}"), "get_thing"),
        (("POST", "/things"), "create_thing"),
        (("POST", "/things"), "create_thing_from_form"),
    ]
    get, create, _ = found
    assert (get.required, get.optional, get.body) == (
        frozenset({"thingid"}),
        frozenset({"limit"}),
        None,
    )
    assert create.body is not None and not create.required | create.optional
    returned = models[next(iter(get.models))]
    assert set(returned) == {"id", "owner"}
    assert returned["id"] == rt.FieldView(True, "str", frozenset())
    assert returned["owner"].models and returned["owner"].models <= set(models)


def test_compare_reports_losses_and_each_kind_of_difference() -> None:
    a_model = frozenset({"a"})
    postc = [
        operation(
            "GET",
            "/a/{id}",
            "get_a",
            required=frozenset({"id"}),
            returns="models.A",
            models=a_model,
        ),
        operation("GET", "/b", "get_b"),
        operation("POST", "/c", "create_c", body="required"),
        operation(
            "GET",
            "/d",
            "get_d",
            optional=frozenset({"limit"}),
            returns="models.D",
            models=frozenset({"d"}),
        ),
        operation("GET", "/e", "get_e", returns="JsonValue"),
    ]
    document = [(op.key, op.key[1]) for op in postc if op.name != "get_b"]
    opc = [
        operation(
            "get",
            "/a/{id}",
            "get_a",
            required=frozenset({"id"}),
            returns="A | Error",
            models=frozenset({"a", "error"}),
        ),
        operation(
            "get",
            "/d",
            "get_d_",
            required=frozenset({"limit"}),
            body="optional",
            returns="DItem",
            models=frozenset({"ditem"}),
        ),
        operation("get", "/e", "get_e"),
    ]
    dropped = rt.OpcWarning("POST /c", "Unsupported content type text/plain", dropped=True)
    report = rt.compare(rt.Report("x", postc, document, rt.OpcRun(0, "", (dropped,), tuple(opc))))
    assert report.lost_by_writer == ["GET /b (get_b)"]
    assert report.lost_by_opc == ["POST /c: Unsupported content type text/plain"]
    assert report.lost == 2
    assert report.merged == []
    assert report.renamed == ["GET /d: postc get_d, opc get_d_"]
    assert report.parameters == [
        "GET /d: limit required in opc only; body postc none, opc optional"
    ]
    assert report.returns == ["GET /d: postc models.D, opc DItem"]
    assert report.unparsed == ["GET /e: postc JsonValue, opc does not parse the body"]


def test_several_postc_methods_on_one_operation_are_compared_as_their_union() -> None:
    postc = [
        operation(
            "POST",
            "/q",
            "search_users",
            required=frozenset({"v", "q"}),
            body="required",
            returns="models.Users",
            models=frozenset({"users"}),
        ),
        operation(
            "POST",
            "/q",
            "search_groups",
            required=frozenset({"v"}),
            optional=frozenset({"top"}),
            body="optional",
        ),
    ]
    merged = operation(
        "post",
        "/q",
        "search_groups",
        required=frozenset({"v"}),
        optional=frozenset({"q", "top"}),
        body="optional",
        returns="Users",
        models=frozenset({"users"}),
    )
    report = rt.compare(
        rt.Report("x", postc, [(merged.key, "/q")], rt.OpcRun(0, "", (), (merged,)))
    )
    assert report.merged == ["POST /q: 2 postc methods"]
    assert (report.lost, report.renamed, report.parameters, report.returns) == (0, [], [], [])
    stricter = replace(merged, name="q", required=frozenset({"v", "q"}), body="required")
    report = rt.compare(
        rt.Report("x", postc, [(merged.key, "/q")], rt.OpcRun(0, "", (), (stricter,)))
    )
    assert report.renamed == ["POST /q: postc search_users/search_groups, opc q"]
    assert report.parameters == [
        "POST /q: q required in opc only; body postc optional, opc required"
    ]


def test_model_fields_missing_or_typed_apart_are_reported() -> None:
    def view(annotation: str, *models: str, required: bool = True) -> rt.FieldView:
        return rt.FieldView(required, annotation, frozenset(models))

    ours = {
        "pet": {
            "kind": view("str"),
            "owner": view("models.Cat | models.Dog", "cat", "dog"),
            "tag": view("str", required=False),
            "age": view("int"),
        },
        "cat": {},
    }
    theirs = {
        "pet": {
            "kind": view("str"),
            "owner": view("PetOwner", "petowner"),
            "tag": view("str"),
            "chip": view("str"),
        }
    }
    report = rt.compare(rt.Report("x", [], [], rt.OpcRun(0, "", (), (), theirs), ours))
    assert report.fields == [
        "pet.owner: postc models.Cat | models.Dog, opc PetOwner",
        "pet.tag: optional in postc only",
        "pet.age: missing in opc",
        "cat: no class in the opc client",
    ]


def test_compare_without_postc_checks_the_document_against_the_client_only() -> None:
    document = [(("GET", "/a"), "/a"), (("GET", "/b/{}"), "/b/{b}")]
    run = rt.OpcRun(0, "", (), (operation("get", "/a"),))
    report = rt.compare(rt.Report("doc", None, document, run))
    assert (report.lost_by_opc, report.lost_by_writer) == (["GET /b/{}: no warning"], [])


# --- with openapi-python-client ---------------------------------------------------------

# keys openapi-python-client renames (``field_id``, ``type_``): fields are matched by key;
# a map of models is a class of its own there (``ThingLabels``, its values ``Label``)
LABELS = {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Label"}}
THING = {
    "type": "object",
    "properties": {
        "_id": {"type": "string"},
        "type": {"type": ["integer", "null"]},
        "labels": LABELS,
    },
    "required": ["_id"],
}
LABEL = {"type": "object", "properties": {"text": {"type": "string"}}}


def document(paths: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Things", "version": "1"},
        "paths": paths,
        "components": {"schemas": {"Thing": THING, "Label": LABEL}},
    }


def ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


GET_THING = {
    "operationId": "get_thing",
    "tags": ["things"],
    "parameters": [
        {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "page-size", "in": "query", "schema": {"type": "integer"}},
        {"name": "X-Trace", "in": "header", "required": True, "schema": {"type": "string"}},
    ],
    "responses": ok({"$ref": "#/components/schemas/Thing"}),
}
TEXT_BODY = {
    "operationId": "send_text",
    "requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}},
    "responses": ok({"$ref": "#/components/schemas/Thing"}),
}
ANY_BODY = {"operationId": "anything", "responses": ok({})}


@needs_opc
def test_the_generated_client_is_read_back_with_its_warnings(
    tmp_path: Path, write_json: Callable[[Any, str], Path]
) -> None:
    paths = {
        "/things/{thing_id}": {"get": GET_THING},
        "/text": {"post": TEXT_BODY},
        "/any": {"get": ANY_BODY},
    }
    config = tmp_path / "opc.yaml"
    config.write_text("post_hooks: []\n", encoding="utf-8")
    run = rt.run_opc(OPC, write_json(document(paths), "doc.json"), tmp_path / "client", config)
    assert run.returncode == 0
    by_key = {op.key: op for op in run.operations}
    assert set(by_key) == {("GET", "/things/{}"), ("GET", "/any")}
    thing = by_key["GET", "/things/{}"]
    assert (thing.name, thing.required, thing.optional) == (
        "get_thing",
        frozenset({"thingid", "xtrace"}),
        frozenset({"pagesize"}),
    )
    assert (thing.returns, thing.models, thing.body) == ("Thing", frozenset({"thing"}), None)
    assert by_key["GET", "/any"].returns is None  # a body of any value is not parsed
    assert run.models["thing"] == {
        "_id": rt.FieldView(True, "str", frozenset({"str"})),
        "type": rt.FieldView(False, "int | None", frozenset({"int", "none"})),
        "labels": rt.FieldView(
            False, "ThingLabels", frozenset({"thinglabels", "dict", "str", "label"})
        ),
    }
    assert run.warnings == (
        rt.OpcWarning("POST /text", "Unsupported content type text/plain", dropped=True),
    )


@needs_opc
def test_the_bench_exits_1_when_an_operation_is_lost(
    write_json: Callable[[Any, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    whole = write_json(document({"/things/{thing_id}": {"get": GET_THING}}), "whole.json")
    assert rt.main(["--document", str(whole), "--opc", str(OPC)]) == 0
    lossy = document({"/things/{thing_id}": {"get": GET_THING}, "/text": {"post": TEXT_BODY}})
    assert rt.main(["--document", str(write_json(lossy, "lossy.json")), "--opc", str(OPC)]) == 1
    assert "- POST /text: Unsupported content type text/plain" in capsys.readouterr().out


@needs_opc
def test_octet_keeps_an_operation_whose_body_type_openapi_python_client_lacks(
    write_json: Callable[[Any, str], Path],
) -> None:
    lossy = document({"/text": {"post": TEXT_BODY}, "/any": {"get": ANY_BODY}})
    arguments = ["--document", str(write_json(lossy, "lossy.json")), "--opc", str(OPC)]
    assert rt.main([*arguments, "--octet"]) == 0
    assert rt.opc_config(lossy, octet=False) == "post_hooks: []\n"


@needs_opc
def test_a_document_openapi_python_client_rejects_loses_every_operation(
    write_json: Callable[[Any, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pair = {"type": "array", "prefixItems": [{"type": "string"}], "items": False}
    rejected = document({"/pair": {"get": {"operationId": "pair", "responses": ok(pair)}}})
    assert (
        rt.main(["--document", str(write_json(rejected, "rejected.json")), "--opc", str(OPC)]) == 1
    )
    out = capsys.readouterr().out
    assert "the client was not generated (exit 1)" in out
    assert "- GET /pair: no warning" in out


def saved(body: Any) -> dict[str, Any]:
    """A saved 200 example of a JSON body."""
    header = [{"key": "Content-Type", "value": "application/json"}]
    return {"name": "ok", "code": 200, "header": header, "body": json.dumps(body)}


SCRIPT = [
    "pm.test('ok', () => {",
    "  pm.response.to.have.status(201);",
    "  pm.expect(pm.response.json().id).to.be.a('string');",
    "});",
]
EVENTS = [
    {"id": "1", "type": "PushEvent", "payload": {"ref": "r", "size": 1}},
    {"id": "2", "type": "WatchEvent", "payload": {"action": "started"}},
    {"id": "3", "type": "PushEvent", "payload": {"ref": "s", "size": 2}},
    {"id": "4", "type": "IssuesEvent", "payload": {"action": "x", "issue": {}}},
]
API = "https://api.example.com"


def found_by_writer() -> dict[str, Any]:
    """A request for each construct the round trip lost or degraded before the writer
    fixes (docs/openapi.md, "Round trip")."""
    form = {"mode": "urlencoded", "urlencoded": [{"key": "limit", "value": "10"}]}
    return collection_doc(
        request_item("Rates", url=f"{API}/rates")
        | {"response": [saved({"rows": [["2024-01-01", 1.5], ["2024-01-02", 2.5]]})]},
        request_item("Events", url=f"{API}/events") | {"response": [saved({"events": EVENTS})]},
        request_item("Add pet", method="POST", url=f"{API}/pets")
        | {"event": [{"listen": "test", "script": {"exec": SCRIPT}}]},
        request_item("Log", method="PUT", url=f"{API}/configs/{{{{configId}}}}/x/{{{{configId}}}}"),
        request_item("Accounts", url=f"{API}/accounts", body={"mode": "urlencoded"}),
        request_item("Search", method="POST", url=f"{API}/search", body=form),
    )


def test_a_path_field_named_twice_is_one_parameter_per_occurrence_on_postcs_side(
    write_json: Callable[[Any, str], Path],
) -> None:
    (log,) = [
        op for op in rt.postc_side(write_json(found_by_writer(), "c.json"))[0] if op.name == "log"
    ]
    assert log.required == frozenset({"configid", "configid2"})


@needs_opc
def test_each_construct_the_writer_fixed_round_trips_without_a_difference(
    tmp_path: Path, write_json: Callable[[Any, str], Path]
) -> None:
    """Tuples (the document was rejected), tagged unions and models from scripts (typed
    apart), a path field twice (lost), bodies of a method that takes none or only optional
    ones (parameters apart): openapi-python-client's client now matches postc's."""
    options = argparse.Namespace(opc=OPC, opc_config=None, octet=False)
    collection = write_json(found_by_writer(), "c.json")
    report = rt.round_trip("c", collection, tmp_path / "openapi.json", tmp_path, options)
    assert report.opc.returncode == 0, report.opc.output[-2000:]
    assert (report.lost, report.parameters, report.returns, report.fields) == (0, [], [], [])
    assert len(report.opc.operations) == 6
