"""Auth in both shapes and its inheritance, as Postman's SDK resolves it."""

from __future__ import annotations

import pytest

from generator.ir import Auth, AuthParam
from tests.conftest import V20, load, request_item

BEARER_V21 = {"type": "bearer", "bearer": [{"key": "token", "value": "{{tok}}", "type": "string"}]}
BEARER_V20 = {"type": "bearer", "bearer": {"token": "{{tok}}"}}
BASIC = {
    "type": "basic",
    "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "p"}],
}


def test_v21_and_v20_shapes_normalise_to_the_same_attributes() -> None:
    v21 = next(load(request_item(auth=BEARER_V21)).endpoints()).auth
    v20 = next(load(request_item(auth=BEARER_V20), schema=V20).endpoints()).auth
    assert v21 is not None and v20 is not None
    assert v21.type == v20.type == "bearer"
    assert v21.get("token") == v20.get("token") == "{{tok}}"
    assert v21.params == (AuthParam("token", "{{tok}}", "string"),)


@pytest.mark.parametrize(
    "declared",
    [None, {"type": None}, {"type": "inherit"}, "missing"],
    ids=["null", "type-null", "inherit", "missing"],
)
def test_request_without_a_concrete_type_inherits_from_its_folder(declared: object) -> None:
    item = request_item()
    if declared != "missing":
        item["request"]["auth"] = declared
    collection = load({"name": "F", "auth": BASIC, "item": [item]}, auth=BEARER_V21)
    endpoint = next(collection.endpoints())
    assert endpoint.request.auth is None
    assert endpoint.auth is not None and endpoint.auth.type == "basic"
    assert endpoint.auth.origin == "item[0].auth"


def test_inherit_is_warned_about() -> None:
    collection = load(request_item(auth={"type": "inherit"}))
    assert any("inherit" in w.message for w in collection.warnings)


def test_folder_without_auth_passes_the_collection_auth_down_through_every_level() -> None:
    deep = {"name": "A", "item": [{"name": "B", "item": [{"name": "C", "item": [request_item()]}]}]}
    endpoint = next(load(deep, auth=BEARER_V21).endpoints())
    assert endpoint.auth is not None
    assert (endpoint.auth.type, endpoint.auth.origin) == ("bearer", "auth")


def test_noauth_stops_inheritance() -> None:
    folder = {"name": "F", "auth": {"type": "noauth"}, "item": [request_item()]}
    endpoint = next(load(folder, auth=BEARER_V21).endpoints())
    assert endpoint.auth == Auth("noauth", (), "item[0].auth")


def test_request_auth_wins_over_folder_and_collection() -> None:
    folder = {"name": "F", "auth": BEARER_V21, "item": [request_item(auth=BASIC)]}
    endpoint = next(load(folder, auth=BEARER_V21).endpoints())
    assert endpoint.auth is not None
    assert (endpoint.auth.type, endpoint.auth.origin) == ("basic", "item[0].item[0].request.auth")


def test_no_auth_anywhere_is_none() -> None:
    assert next(load(request_item()).endpoints()).auth is None


def test_unknown_type_is_kept_with_a_warning() -> None:
    collection = load(request_item(auth={"type": "akamai", "akamai": [{"key": "k", "value": "v"}]}))
    endpoint = next(collection.endpoints())
    assert endpoint.auth is not None and endpoint.auth.type == "akamai"
    assert endpoint.auth.get("k") == "v"
    assert any("unknown auth type 'akamai'" in w.message for w in collection.warnings)


@pytest.mark.parametrize("auth_type", ["jwt", "asap", "edgegrid", "oauth1", "awsv4", "ntlm"])
def test_types_postman_implements_load_without_warnings(auth_type: str) -> None:
    collection = load(request_item(auth={"type": auth_type, auth_type: []}))
    assert not collection.warnings


def test_only_the_block_named_by_type_is_used() -> None:
    auth = {
        "type": "hawk",
        "hawk": [{"key": "authId", "value": "a"}],
        "basic": [{"key": "username"}],
    }
    endpoint = next(load(request_item(auth=auth)).endpoints())
    assert endpoint.auth is not None and [p.key for p in endpoint.auth.params] == ["authId"]


def test_auth_values_keep_their_json_types() -> None:
    auth = {
        "type": "oauth2",
        "oauth2": [{"key": "addTokenTo", "value": "header"}, {"key": "x", "value": True}],
    }
    endpoint = next(load(request_item(auth=auth)).endpoints())
    assert endpoint.auth is not None and endpoint.auth.get("x") is True
