"""Required and nullable are independent axes (inference.md §7.3), and when thin evidence
leaves a field optional (docs/inference.md §3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.api_models import build_models
from generator.infer import infer_unit
from generator.ir import (
    ApiModels,
    ClassRef,
    Collection,
    FieldEvidence,
    JsonValue,
    ListType,
    MapType,
    ObjectType,
    Override,
    ScalarType,
    TypeExpr,
)
from generator.loader import load_file
from generator.memo import InferenceMemo
from tests.conftest import CORPUS, load, request_item
from tests.test_infer_helpers import field_of, object_type, requires_shared

INT = ScalarType("int")


def test_required_means_present_in_every_parent_object() -> None:
    expr = infer_unit([{"a": 1, "b": 2}, {"a": 3}], hint="T")
    fields = {f.key: f.required for f in object_type(expr).fields}
    assert fields == {"a": True, "b": False}


def test_nullable_means_a_null_was_seen_and_absent_is_not_null() -> None:
    expr = infer_unit([{"a": 1, "b": None}, {"a": 2}], hint="T")
    assert field_of(expr, "a") == TypeExpr((INT,))  # always present, never null
    b = object_type(expr).fields[1]
    assert (b.required, b.type.nullable) == (False, True)


def test_required_and_nullable_at_once() -> None:
    expr = infer_unit([{"a": None}, {"a": 1}], hint="T")
    (a,) = object_type(expr).fields
    assert a.required
    assert a.type == TypeExpr((INT,), nullable=True)


def test_a_key_only_ever_null_is_any_or_none_not_the_none_type() -> None:
    expr = infer_unit([{"format": None}], hint="T")
    assert field_of(expr, "format") == TypeExpr((), nullable=True)


def test_items_never_observed_are_any() -> None:
    expr = infer_unit([{"tags": []}], hint="T")
    assert field_of(expr, "tags") == TypeExpr((ListType(TypeExpr()),))


def test_array_items_count_as_parents() -> None:
    expr = infer_unit([{"items": [{"id": 1, "note": "x"}, {"id": 2}]}], hint="T")
    (items,) = field_of(expr, "items").variants
    assert isinstance(items, ListType)
    item = object_type(items.items)
    assert [(f.key, f.required) for f in item.fields] == [("id", True), ("note", False)]


def test_one_response_is_enough_to_require_a_field() -> None:
    """Responses: a single example's keys are required (docs/inference.md §3)."""
    expr = infer_unit([{"status": "COMPLETED", "id": "7", "file": {"n": 1}}], hint="Job")
    assert [(f.key, f.required) for f in object_type(expr).fields] == [
        ("status", True),
        ("id", True),
        ("file", True),
    ]
    assert [(f.key, f.required) for f in object_type(field_of(expr, "file")).fields] == [
        ("n", True)
    ]


def test_a_key_seen_in_one_item_of_a_list_that_otherwise_varies_is_optional() -> None:
    items: list[JsonValue] = [{"id": i, "name": "n"} for i in range(5)]
    items += [{"id": 5, "name": "n", "nickname": "x"}, {"id": 6, "note": "y"}]
    (listed,) = field_of(infer_unit([{"items": items}], hint="T"), "items").variants
    assert isinstance(listed, ListType)
    fields = {f.key: f.required for f in object_type(listed.items).fields}
    assert fields == {"id": True, "name": False, "nickname": False, "note": False}


def test_a_request_field_seen_in_one_object_only_is_optional() -> None:
    body: JsonValue = {"name": "Rex", "tag": {"label": "dog"}, "photos": [{"url": "u"}]}
    expr = infer_unit([body], hint="Pet", requests=True)
    root = object_type(expr)
    assert [(f.key, f.required) for f in root.fields] == [
        ("name", False),
        ("tag", False),
        ("photos", False),
    ]
    assert not object_type(field_of(expr, "tag")).fields[0].required
    (photos,) = field_of(expr, "photos").variants
    assert isinstance(photos, ListType)
    assert not object_type(photos.items).fields[0].required


def test_a_request_field_every_one_of_several_objects_has_is_required() -> None:
    bodies: list[JsonValue] = [
        {"name": "Rex", "age": 3, "photos": [{"url": "a"}, {"url": "b", "w": 1}]},
        {"name": "Tom", "photos": [{"url": "c"}]},
    ]
    expr = infer_unit(bodies, hint="Pet", requests=True)
    assert [(f.key, f.required) for f in object_type(expr).fields] == [
        ("name", True),
        ("age", False),
        ("photos", True),
    ]
    (photos,) = field_of(expr, "photos").variants
    assert isinstance(photos, ListType)
    assert [(f.key, f.required) for f in object_type(photos.items).fields] == [
        ("url", True),
        ("w", False),
    ]


def test_an_override_still_requires_a_request_field() -> None:
    rule = Override(path="$.name", required=True)
    expr = infer_unit([{"name": "Rex", "age": 3}], hint="Pet", overrides=[rule], requests=True)
    assert [f.required for f in object_type(expr).fields] == [True, False]


def test_request_models_of_a_collection_make_thin_fields_optional() -> None:
    """Through build_models: the request body seen once is optional, the response required."""
    pet = {"name": "Rex", "status": "available"}
    item = request_item(
        "Add pet",
        method="POST",
        url="https://api.example.com/pets",
        body={"mode": "raw", "raw": json.dumps(pet), "options": {"raw": {"language": "json"}}},
    )
    item["response"] = [
        {"name": "Added", "code": 201, "body": json.dumps({"id": 1, **pet}), "header": []}
    ]
    models = build_models(load(item))
    (request,) = [b for b in models.bindings if b.role == "request"]
    (response,) = [b for b in models.bindings if b.role == "response"]
    assert _required(models, request.type) == {"name": False, "status": False}
    assert _required(models, response.type) == {"id": True, "name": True, "status": True}


def _required(models: ApiModels, expr: TypeExpr) -> dict[str, bool]:
    (ref,) = expr.variants
    assert isinstance(ref, ClassRef)
    return {f.key: f.required for f in models.model(ref.name).fields}


def test_evidence_is_recorded_for_every_field() -> None:
    expr = infer_unit([{"a": 1, "b": None}, {"a": 2.5}, {"a": 1}], hint="T")
    a, b = object_type(expr).fields
    assert a.evidence == FieldEvidence(
        parents=3,
        present=3,
        nulls=0,
        kinds=(("float", 1), ("int", 2)),
        documents=3,
        samples=("1", "2.5"),
    )
    assert b.evidence is not None
    assert (b.evidence.present, b.evidence.nulls, b.evidence.documents) == (1, 1, 1)


def test_the_root_class_carries_the_hint_and_its_path() -> None:
    expr = infer_unit([{"file": {"name": "a"}}], hint="Job Details")
    root = object_type(expr)
    assert (root.hint, root.paths) == ("Job Details", ("$",))
    nested = object_type(root.fields[0].type)
    assert (nested.hint, nested.paths) == ("file", ("$.file",))


def test_nested_hints_are_raw_keys_even_for_array_items() -> None:
    expr = infer_unit([{"data": [{"images": [{"url": "u"}]}]}], hint="T")
    (data,) = field_of(expr, "data").variants
    assert isinstance(data, ListType)
    item = object_type(data.items)
    assert (item.hint, item.paths) == ("data", ("$.data[]",))
    (images,) = item.fields[0].type.variants
    assert isinstance(images, ListType)
    assert object_type(images.items).paths == ("$.data[].images[]",)


def test_field_order_follows_the_documents_and_merges_new_keys_in_place() -> None:
    expr = infer_unit([{"a": 1, "c": 3}, {"a": 1, "b": 2, "c": 3}, {"z": 0, "a": 1}], hint="T")
    assert [f.key for f in object_type(expr).fields] == ["z", "a", "b", "c"]


def test_empty_object_alone_is_a_map_of_any_never_an_empty_class() -> None:
    expr = infer_unit([{"details": {}}], hint="T")
    assert field_of(expr, "details") == TypeExpr((MapType(TypeExpr()),))
    assert not isinstance(field_of(expr, "details").variants[0], ObjectType)


def test_the_research_example_of_section_7_13() -> None:
    body: JsonValue = {
        "status": "COMPLETED",
        "resource": [{"file": {"added_count": 9, "name": "Fil2.csv"}, "format": None}],
    }
    expr = infer_unit([body], hint="ImportFile")
    assert field_of(expr, "status") == TypeExpr((ScalarType("str"),))  # one value: no enum
    (resources,) = field_of(expr, "resource").variants
    assert isinstance(resources, ListType)
    file_, format_ = object_type(resources.items).fields
    assert format_.required and format_.type == TypeExpr((), nullable=True)
    assert [(f.key, f.type) for f in object_type(file_.type).fields] == [
        ("added_count", TypeExpr((INT,))),
        ("name", TypeExpr((ScalarType("str"),))),
    ]


def test_the_inference_memo_keeps_request_and_response_types_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An echo API's request and response bodies can be the same documents with the same
    hint: the memo must not hand the response's type to the request."""
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "cache"))
    body: list[JsonValue] = [{"name": "Rex"}]
    first = InferenceMemo.of(tmp_path / "collection.json")
    answer = first.infer_unit(body, hint="Echo", overrides=(), variables={})
    first.save()
    again = InferenceMemo.of(tmp_path / "collection.json")
    assert again.known  # the first run's type is offered
    sent = again.infer_unit(body, hint="Echo", overrides=(), variables={}, requests=True)
    assert [f.required for f in object_type(answer).fields] == [True]
    assert [f.required for f in object_type(sent).fields] == [False]


def test_corpus_okta_grant_consent_request_fields_are_optional() -> None:
    """Okta apps: the one saved body of "Grant consent to scope" sends `issuer` and `scopeId`;
    a caller granting a scope need not repeat the issuer it was told to send once."""
    requires_shared()
    loaded = load_file(CORPUS / "okta__okta-developer-docs__apps.json")
    assert isinstance(loaded, Collection)
    models = build_models(loaded)
    (request,) = [
        b
        for b in models.bindings
        if b.role == "request" and b.endpoint == "POST /api/v1/apps/{appId}/grants"
    ]
    assert _required(models, request.type) == {"issuer": False, "scopeId": False}
