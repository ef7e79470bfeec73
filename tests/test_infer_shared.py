"""Evidence shared across the collection: one key in the bodies of one endpoint family
(docs/inference.md §6a)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from generator.infer import infer_unit
from generator.infer.shared import SharedString, endpoint_family, share_strings
from generator.ir import ApiModels, BodyBinding, ClassRef, JsonValue, ListType, ScalarType
from generator.memo import InferenceMemo
from generator.models import build_models
from tests.conftest import load, request_item
from tests.test_infer_helpers import accepts, field_of, type_at

STATUSES = ("available", "pending", "sold")


@pytest.mark.parametrize(
    ("endpoint", "family"),
    [
        ("POST /pets", "/pets"),
        ("GET /pets/{id}", "/pets"),
        ("DELETE /pets/{id}/photos/{photoId}", "/pets/{id}/photos"),
        ("GET /{apiVersion}/apps/{appId}", "/{apiVersion}/apps"),
        ("GET /", "/"),
        ("GET /{id}", "/"),
    ],
)
def test_the_family_of_an_endpoint_is_its_path_without_trailing_parameters(
    endpoint: str, family: str
) -> None:
    assert endpoint_family(endpoint) == family


def pet(number: int) -> dict[str, JsonValue]:
    return {
        "id": number,
        "name": f"pet {number}",
        "status": STATUSES[number % 3],
        "due": f"2021-05-{number + 1:02d}",
    }


def json_body(value: JsonValue) -> dict[str, Any]:
    return {"mode": "raw", "raw": json.dumps(value), "options": {"raw": {"language": "json"}}}


def pets_collection(sent: JsonValue, *, add_path: str = "/pets") -> list[dict[str, Any]]:
    """``POST {add_path}`` sending ``sent`` (answered by it), and ``GET /pets`` answering 12."""
    add = request_item(
        "Add pet", method="POST", url=f"https://api.example.com{add_path}", body=json_body(sent)
    )
    add["response"] = [{"name": "Added", "code": 201, "body": json.dumps(sent), "header": []}]
    listing = request_item("List pets", url="https://api.example.com/pets")
    pets: JsonValue = [pet(number) for number in range(12)]
    listing["response"] = [{"name": "All", "code": 200, "body": json.dumps(pets), "header": []}]
    return [add, listing]


def string_field(models: ApiModels, binding: BodyBinding, key: str) -> ScalarType:
    (ref,) = binding.type.variants
    assert isinstance(ref, ClassRef)
    (found,) = [f for f in models.model(ref.name).fields if f.key == key]
    (variant,) = found.type.variants
    assert isinstance(variant, ScalarType)
    return variant


def binding(models: ApiModels, role: str, endpoint: str) -> BodyBinding:
    (found,) = [b for b in models.bindings if b.role == role and b.endpoint == endpoint]
    return found


def test_a_request_field_takes_the_enum_and_format_its_family_shows() -> None:
    models = build_models(
        load(*pets_collection({"name": "Rex", "status": "sold", "due": "2021-06-01"}))
    )
    for role in ("request", "response"):
        added = binding(models, role, "POST /pets")
        assert string_field(models, added, "status") == ScalarType("str", enum=STATUSES)
        assert string_field(models, added, "due") == ScalarType("str", format="date")
        assert string_field(models, added, "name") == ScalarType("str")


def test_sharing_never_gives_a_position_what_its_own_values_contradict() -> None:
    sent: JsonValue = {"name": "Rex", "status": "adopted", "due": "soon"}
    models = build_models(load(*pets_collection(sent)))
    added = binding(models, "request", "POST /pets")
    assert string_field(models, added, "status") == ScalarType("str")
    assert string_field(models, added, "due") == ScalarType("str")
    listed = binding(models, "response", "GET /pets")
    (items,) = listed.type.variants
    assert isinstance(items, ListType)


def test_placeholders_and_unknown_variables_take_no_shared_format() -> None:
    for value in ("<string>", "{{due}}"):
        models = build_models(load(*pets_collection({"status": "sold", "due": value})))
        added = binding(models, "request", "POST /pets")
        assert string_field(models, added, "due") == ScalarType("str")


def test_another_family_shares_nothing() -> None:
    sent: JsonValue = {"name": "Rex", "status": "sold", "due": "2021-06-01"}
    models = build_models(load(*pets_collection(sent, add_path="/owners")))
    added = binding(models, "request", "POST /owners")
    assert string_field(models, added, "status") == ScalarType("str")
    assert string_field(models, added, "due") == ScalarType("str")


def test_error_bodies_share_nothing() -> None:
    units: list[tuple[str | None, list[JsonValue]]] = [
        (None, [{"status": value} for value in STATUSES * 4]),
        ("/pets", [{"status": "sold"}]),
    ]
    assert share_strings(units, {}) == {}


def test_one_unit_alone_shares_nothing_new() -> None:
    """A key pooled from one unit only is that unit's own evidence: nothing is shared."""
    many: list[JsonValue] = [pet(number) for number in range(12)]
    assert share_strings([("/pets", many)], {}) == {}
    both = share_strings([("/pets", many), ("/pets", [{"status": "sold"}])], {})
    assert both == {"/pets": {("", "status"): SharedString(enum=STATUSES)}}  # `due`: in one


def test_shared_decisions_do_not_depend_on_the_order_of_units_or_bodies() -> None:
    units: list[tuple[str | None, list[JsonValue]]] = [
        ("/pets", [pet(number) for number in range(12)]),
        ("/pets", [{"status": "sold", "due": "2021-01-01"}]),
        ("/owners", [{"email": "a@example.com"}, {"email": "b@example.com"}]),
        ("/owners", [{"email": "c@example.com"}]),
    ]
    expected = share_strings(units, {})
    shuffler = random.Random(7)
    for _ in range(5):
        shuffled = [(family, shuffler.sample(docs, len(docs))) for family, docs in units]
        shuffler.shuffle(shuffled)
        assert share_strings(shuffled, {}) == expected


def test_a_unit_takes_shared_cases_only_when_they_hold_its_own() -> None:
    shared = {
        ("", "status"): SharedString(enum=STATUSES),
        ("", "due"): SharedString(format="date"),
    }
    expr = infer_unit([{"status": "sold", "due": "2021-01-01"}], hint="T", shared=shared)
    assert field_of(expr, "status").variants == (ScalarType("str", enum=STATUSES),)
    assert field_of(expr, "due").variants == (ScalarType("str", format="date"),)
    document: JsonValue = {"status": "lost", "due": "2021-01-01", "other": "x"}
    expr = infer_unit([document], hint="T", shared=shared)
    assert field_of(expr, "status").variants == (ScalarType("str"),)
    assert accepts(expr, document)


def test_a_key_is_shared_only_under_the_same_parent_key() -> None:
    """``productType.type`` (a reference kind) and ``tokenizer.type`` are different fields."""
    listed: list[JsonValue] = [
        {"productType": {"type": "product-type"}, "tokenizer": {"type": kind}}
        for kind in ("custom", "whitespace") * 6
    ]
    sent: JsonValue = {"productType": {"type": "product-type"}, "tokenizer": {"type": "custom"}}
    shared = share_strings([("/products", listed), ("/products", [sent])], {})["/products"]
    expr = infer_unit([sent], hint="T", shared=shared)
    assert type_at(expr, "$.tokenizer.type") == [ScalarType("str", enum=("custom", "whitespace"))]
    assert type_at(expr, "$.productType.type") == [ScalarType("str")]


def test_nothing_below_a_map_is_shared() -> None:
    """A map's keys are data, so a field below its values has no parent key to share by."""
    listed: list[JsonValue] = [pet(number) for number in range(12)]
    mapped: JsonValue = {"byId": {"key_0": {"status": "sold"}}}
    units: list[tuple[str | None, list[JsonValue]]] = [
        ("/pets", listed),
        ("/pets", [{"status": "sold"}]),
        ("/pets", [mapped]),
    ]
    shared = share_strings(units, {})["/pets"]
    assert shared[("", "status")] == SharedString(enum=STATUSES)
    expr = infer_unit([mapped], hint="T", shared=shared)
    assert type_at(expr, "$.byId.*.status") == [ScalarType("str")]


def test_the_inference_memo_keys_on_what_the_family_shares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit whose bodies did not change infers again when its family's other bodies did."""
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "cache"))
    body: list[JsonValue] = [{"status": "sold"}]
    first = InferenceMemo.of(tmp_path / "collection.json")
    alone = first.infer_unit(body, hint="T", overrides=(), variables={})
    first.save()
    shared = {("", "status"): SharedString(enum=STATUSES)}
    again = InferenceMemo.of(tmp_path / "collection.json")
    assert again.known  # the first run's type is offered
    told = again.infer_unit(body, hint="T", overrides=(), variables={}, shared=shared)
    assert field_of(alone, "status").variants == (ScalarType("str"),)
    assert field_of(told, "status").variants == (ScalarType("str", enum=STATUSES),)
