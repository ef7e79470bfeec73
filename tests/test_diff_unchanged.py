"""A regeneration compares only the operations a change touched (``generator.diff.unchanged``):
the changes must be those of the whole documents, whatever an operation's surface is made
of; an operation is dropped only when all of it is alike on both sides."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.api_changes import OPENAPI_FILE, NewDocument, Recorded, changes_since
from generator.diff.compare import surface_changes
from generator.diff.schemas import DocumentError
from generator.diff.surface import api_surface
from generator.diff.unchanged import without_unchanged
from generator.errors import InputError
from generator.output import OutputDir

Document = dict[str, Any]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def operation(schema: Any, operation_id: str) -> Document:
    return {
        "operationId": operation_id,
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}
        },
    }


def document() -> Document:
    """Operations reaching schemas directly, through a chain (A -> B -> C), through a
    recursive pair, and not at all; a path item with shared parameters."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "security": [{"key": []}],
        "paths": {
            "/a": {"get": operation(ref("A"), "get_a"), "post": operation(ref("C"), "post_a")},
            "/users/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "get": operation({"type": "object"}, "get_user"),
            },
            "/tree": {"get": operation(ref("Node"), "get_tree")},
            "/plain": {"get": operation({"type": "string"}, "get_plain")},
        },
        "components": {
            "schemas": {
                "A": {"type": "object", "properties": {"b": ref("B")}},
                "B": {"type": "object", "properties": {"c": ref("C")}},
                "C": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "Node": {"type": "object", "properties": {"child": ref("Node")}},
            },
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        },
    }


def deep_schema(doc: Document) -> None:
    doc["components"]["schemas"]["C"]["properties"]["n"] = {"type": "string"}


def shared_parameter(doc: Document) -> None:
    doc["paths"]["/users/{id}"]["parameters"][0]["schema"] = {"type": "integer"}


def security(doc: Document) -> None:
    doc["components"]["securitySchemes"]["key"]["name"] = "X-Other"


def recursive(doc: Document) -> None:
    doc["components"]["schemas"]["Node"]["required"] = ["child"]


def renamed_path(doc: Document) -> None:
    doc["paths"]["/users/{user_id}"] = doc["paths"].pop("/users/{id}")
    doc["paths"]["/users/{user_id}"]["parameters"][0]["name"] = "user_id"
    doc["paths"]["/users/{user_id}"]["get"]["operationId"] = "user"  # paired by key, renamed


def removed_and_added(doc: Document) -> None:
    doc["paths"]["/new"] = doc["paths"].pop("/plain")


def servers(doc: Document) -> None:
    doc["servers"] = [{"url": "https://other.example.com"}]


def nothing(doc: Document) -> None:
    del doc


@pytest.mark.parametrize(
    "change",
    [
        deep_schema,
        shared_parameter,
        security,
        recursive,
        renamed_path,
        removed_and_added,
        servers,
        nothing,
    ],
)
def test_the_changes_are_those_of_the_whole_documents(change: Callable[[Document], None]) -> None:
    old = document()
    new = copy.deepcopy(old)
    change(new)
    whole = surface_changes(api_surface(old), api_surface(new))
    assert whole or change is nothing  # each case changes something for callers
    older, newer = without_unchanged(old, new)
    assert surface_changes(api_surface(older), api_surface(newer)) == whole


def test_an_operation_alike_on_both_sides_is_dropped_and_one_reaching_a_change_kept() -> None:
    old = document()
    new = copy.deepcopy(old)
    deep_schema(new)  # reached by GET /a through A -> B -> C, and by POST /a directly
    older, newer = without_unchanged(old, new)
    for side in (older, newer):
        assert list(side["paths"]) == ["/a"]
        assert set(side["paths"]["/a"]) == {"get", "post"}
    assert old["paths"].keys() == document()["paths"].keys()  # the inputs are left as they were


def test_an_example_that_looks_like_a_reference_only_keeps_an_operation() -> None:
    old = document()
    old["paths"]["/plain"]["get"]["x-example"] = {"$ref": "#/components/schemas/C"}
    new = copy.deepcopy(old)
    deep_schema(new)
    older, _ = without_unchanged(old, new)
    assert "/plain" in older["paths"]


def test_a_previous_document_malformed_where_it_differs_is_still_refused() -> None:
    old = document()
    old["components"]["schemas"]["B"]["properties"]["c"] = {"type": "nonsense"}
    older, _ = without_unchanged(old, document())
    with pytest.raises(DocumentError):
        api_surface(older)


def written(out: Path, text: str) -> dict[str, str]:
    """OUTDIR holding ``text`` as its document, and the manifest's listing of it."""
    out.mkdir(exist_ok=True)
    (out / OPENAPI_FILE).write_text(text, encoding="utf-8")
    return {OPENAPI_FILE: hashlib.sha256(text.encode()).hexdigest()}


def test_a_document_as_written_before_is_not_read_back(tmp_path: Path) -> None:
    """The same bytes: nothing to compare, and the last changes kept. The document here is
    one postc diff refuses (OpenAPI 3.0), so reading it back would fail."""
    text = json.dumps({"openapi": "3.0.0"})
    listed = written(tmp_path / "out", text)
    kept: Recorded = ({"kind": "endpoint-added"},)
    new = NewDocument(text, listed[OPENAPI_FILE])
    assert changes_since(OutputDir.of(tmp_path / "out"), listed, kept, new) == ((), kept)
    other = NewDocument(text + " ", hashlib.sha256((text + " ").encode()).hexdigest())
    with pytest.raises(InputError):
        changes_since(OutputDir.of(tmp_path / "out"), listed, kept, other)


def test_a_regeneration_reports_a_change_deep_in_a_schema(tmp_path: Path) -> None:
    old, new = document(), document()
    deep_schema(new)
    listed = written(tmp_path / "out", json.dumps(old))
    text = json.dumps(new)
    made = NewDocument(text, hashlib.sha256(text.encode()).hexdigest())
    changes, recorded = changes_since(OutputDir.of(tmp_path / "out"), listed, (), made)
    assert changes == surface_changes(api_surface(old), api_surface(new))
    assert {change.operation for change in changes} == {"GET /a", "POST /a"}
    assert recorded == tuple(change.as_json() for change in changes)
