"""Evidence shared across the collection: one key in the bodies of one endpoint family
(docs/inference.md §6a)."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import pytest

from generator.api_models import build_models
from generator.infer import infer_unit
from generator.infer.shared import SharedString, endpoint_family, share_strings
from generator.ir import (
    ApiModels,
    BodyBinding,
    ClassRef,
    Collection,
    JsonValue,
    ListType,
    ScalarType,
)
from generator.loader import load_file
from generator.memo import InferenceMemo
from tests.conftest import CORPUS, load, request_item
from tests.test_infer_helpers import accepts, field_of, requires_shared, type_at

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
    assert share_strings(units, {}) == [{}, {}]


def test_one_unit_alone_shares_nothing_new() -> None:
    """A key pooled from one unit only is that unit's own evidence: nothing is shared."""
    many: list[JsonValue] = [pet(number) for number in range(12)]
    assert share_strings([("/pets", many)], {}) == [{}]
    both = share_strings([("/pets", many), ("/pets", [{"status": "sold"}])], {})
    status = {("", "status"): SharedString(enum=STATUSES)}  # `due` is in one unit only
    assert both == [status, status]


def test_a_unit_is_handed_only_the_places_it_has() -> None:
    """So that what a unit is given (and the memo hashes) is no larger than its bodies."""
    units: list[tuple[str | None, list[JsonValue]]] = [
        ("/pets", [pet(number) for number in range(12)]),
        ("/pets", [{"status": "sold", "due": "2021-01-01"}]),
        ("/pets", [{"due": "2021-01-02"}]),
        ("/pets", [{"name": "Rex"}]),
    ]
    status = SharedString(enum=STATUSES)
    due = SharedString(format="date")
    assert share_strings(units, {}) == [
        {("", "status"): status, ("", "due"): due},
        {("", "status"): status, ("", "due"): due},
        {("", "due"): due},
        {},
    ]


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
        order = shuffler.sample(range(len(units)), len(units))
        shuffled = [(units[i][0], shuffler.sample(units[i][1], len(units[i][1]))) for i in order]
        found = share_strings(shuffled, {})
        assert [found[order.index(i)] for i in range(len(units))] == expected


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
    shared = share_strings([("/products", listed), ("/products", [sent])], {})[1]
    expr = infer_unit([sent], hint="T", shared=shared)
    assert type_at(expr, "$.tokenizer.type") == [ScalarType("str", enum=("custom", "whitespace"))]
    assert type_at(expr, "$.productType.type") == [ScalarType("str")]


def test_nothing_below_a_map_is_shared() -> None:
    """A map's keys are data, so a field below its values has no parent key to share by:
    neither is it handed the body's places, nor does it read them if given."""
    mapped: JsonValue = {"byId": {"key_0": {"status": "sold"}}}
    units: list[tuple[str | None, list[JsonValue]]] = [
        ("/pets", [pet(number) for number in range(12)]),
        ("/pets", [{"status": "sold"}]),
        ("/pets", [mapped, {"byId": {"key_0": {"status": "pending"}}}]),
    ]
    body_status = {("", "status"): SharedString(enum=STATUSES)}
    assert share_strings(units, {})[1:] == [body_status, {}]
    expr = infer_unit([mapped], hint="T", shared=body_status)
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


def test_a_large_family_is_shared_in_linear_time() -> None:
    """One body of 20,000 shared places beside a thousand small units of its family: each
    unit is handed (and the memo hashes) only its own places. Handing every unit the whole
    family's took 42 s; now about 1 s."""
    places: JsonValue = {f"k{i}_at": "2021-01-01T00:00:00Z" for i in range(20_000)}
    add = request_item("Add", method="POST", url="https://a.example/x", body=json_body(places))
    add["response"] = [{"name": "ok", "code": 201, "body": json.dumps(places), "header": []}]
    small = json.dumps({"k0_at": "2021-01-02T00:00:00Z"})
    others = [
        {
            **request_item(f"{method} {path}", method=method, url=f"https://a.example{path}"),
            "response": [
                {"name": f"s{code}", "code": code, "body": small, "header": []}
                for code in range(202, 300)
            ],
        }
        for method in ("GET", "PUT", "PATCH", "DELETE", "POST")
        for path in ("/x", "/x/{{id}}")
    ]
    collection = load(add, *others)
    start = time.process_time()
    models = build_models(collection, memo=InferenceMemo())
    assert time.process_time() - start < 10
    assert len(models.bindings) == 2 + 10 * 98


# --- corpus cases ----------------------------------------------------------------------------


def corpus_field(
    file: str, role: str, endpoint: str, *keys: str
) -> ScalarType | ListType | ClassRef | None:
    """The first variant of the field reached by ``keys`` (list items followed) in the model
    of one body of a corpus collection."""
    requires_shared()
    loaded = load_file(CORPUS / file)
    assert isinstance(loaded, Collection)
    models = build_models(loaded)
    expr = binding(models, role, endpoint).type
    for key in keys:
        (variant,) = expr.variants
        while isinstance(variant, ListType):
            (variant,) = variant.items.variants
        assert isinstance(variant, ClassRef)
        (found,) = [f for f in models.model(variant.name).fields if f.key == key]
        expr = found.type
    first = expr.variants[0]
    assert isinstance(first, (ScalarType, ListType, ClassRef))
    return first


def test_corpus_atlas_invitation_username_is_an_email_as_its_family_shows() -> None:
    """MongoDB Atlas: the project invitation's request sends one `username`; the invitation
    responses of the same family show it is an e-mail address."""
    found = corpus_field(
        "cassianobein__mongodb-atlas-api-resources__MongoDB_Atlas.postman_collection.json",
        "request",
        "POST /api/atlas/{version}/groups/{ProjectID}/invites",
        "username",
    )
    assert found == ScalarType("str", format="email")


def test_corpus_meraki_power_type_request_takes_the_cases_of_its_family() -> None:
    found = corpus_field(
        "dexterlabora__Meraki-Dashboard-API-Postman-Collection__Meraki_Dashboard_API_-_v1.1.0.json",
        "request",
        "PUT /networks/{networkId}/switch/settings",
        "powerExceptions",
        "powerType",
    )
    assert found == ScalarType("str", enum=("combined", "redundant", "useNetworkSetting"))
