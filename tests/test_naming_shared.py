"""Names a reader trusts (issue 16, part 5): shared classes get neutral names, error classes
come from real codes only, and no name reads as one of the runtime's."""

from __future__ import annotations

import ast
import csv
import json
from functools import cache
from itertools import permutations
from pathlib import Path
from typing import Any

import pytest

from generator.api_models import build_models
from generator.emit.plan import Plan, make_plan
from generator.generate import generate
from generator.ir import Collection, FieldType, ObjectType, ScalarType, TypeExpr
from generator.loader import load_file
from generator.naming.classes import Root, name_models
from generator.naming.errors import error_class_name, is_error_code, reads_as
from generator.naming.operations import operation_name
from generator.naming.reserved import MODEL_SCOPE, MODULE_SCOPE
from generator.naming.shared import common_key_words, common_operation_words, key_words
from tests.conftest import CORPUS, collection_doc, load, request_item

RUNTIME = Path(__file__).parents[1] / "templates" / "runtime" / "_runtime.py"
STR = TypeExpr((ScalarType("str"),))


def obj(**fields: TypeExpr) -> ObjectType:
    return ObjectType(tuple(FieldType(key, type_, True) for key, type_ in fields.items()))


def body(type_: ObjectType, operation: str, endpoint: str, role: str = "request") -> Root:
    status = None if role == "request" else 200
    return Root(TypeExpr((type_,)), operation, role, status, endpoint)


def named(roots: list[Root], reserved: frozenset[str] = frozenset()) -> set[str]:
    return {model.name for model in name_models(roots, reserved)[1]}


# --- the common part of field names -------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["billing_address", "shipping_address"], ["address"]),
        (["wan1", "wan2"], ["wan"]),
        (["allowedUrlPatterns", "blockedUrlPatterns"], ["url", "patterns"]),
        (["address_home", "address_work"], ["address"]),
        (["monday", "tuesday"], []),
        (["amount", "cash_amount", "reserved_amount", "total_worth"], ["amount"]),
        (["created_by", "owned_by", "user"], []),  # most end with a filler: no name
    ],
)
def test_common_key_words(keys: list[str], expected: list[str]) -> None:
    assert common_key_words([key_words(key) for key in keys]) == expected


def test_twelve_sibling_fields_share_the_name_of_what_they_have_in_common() -> None:
    kinds = ["billing", "shipping", "home", "work", "legal", "mailing"]
    kinds += ["postal", "office", "primary", "secondary", "previous", "registered"]
    address = obj(street=STR, city=STR)
    holder = obj(**{f"{kind}_address": TypeExpr((address,)) for kind in kinds})
    names = named([body(holder, "Get account", "GET /accounts/{id}", "response")])
    assert "Address" in names
    assert not any(name.endswith("Address") and name != "Address" for name in names)


def test_a_shared_name_is_not_the_stem_of_numbered_names_from_keys() -> None:
    """Meraki: one class under ``wan1`` and ``wan2`` of the warm spare is ``Wan`` by the
    words its keys share, while the management interface's ``wan1`` and ``wan2`` are two
    classes, ``Wan1`` and ``Wan2``: beside them ``Wan`` read as their collision stem."""
    spare = obj(ip=STR, subnet=STR)
    warm = obj(wan1=TypeExpr((spare,)), wan2=TypeExpr((spare,)))
    first, second = obj(vlan=STR), obj(using_static_ip=STR)
    management = obj(wan1=TypeExpr((first,)), wan2=TypeExpr((second,)))
    names = named(
        [
            body(warm, "Get warm spare", "GET /networks/{id}/warmSpare", "response"),
            body(management, "Get interface", "GET /devices/{id}/managementInterface", "response"),
        ]
    )
    assert {"Wan1", "Wan2"} <= names
    assert "Wan" not in names
    assert any(name.endswith("Wan") for name in names)


# --- bodies shared by several operations ----------------------------------------------------


def test_a_request_body_shared_by_unrelated_operations_is_named_after_its_own_keys() -> None:
    """Plaid: ``{client_id, secret, access_token}`` is the body of twelve requests; it was
    ``RemoveItemRequest``. Keys most bodies carry (``client_id``, ``secret``) say nothing."""
    item = obj(client_id=STR, secret=STR, access_token=STR)
    roots = [
        body(item, "Remove Item", "POST /item/remove"),
        body(item, "Retrieve Balance", "POST /accounts/balance/get"),
        body(item, "Retrieve Identity", "POST /identity/get"),
        body(obj(client_id=STR, secret=STR, transfer_id=STR), "Get transfer", "POST /transfer/get"),
        body(obj(client_id=STR, secret=STR, cursor=STR), "List users", "POST /dashboard_user/list"),
    ]
    names = named(roots)
    assert "AccessTokenRequest" in names
    assert not names & {"RemoveItemRequest", "RetrieveBalanceRequest", "RetrieveIdentityRequest"}


def test_a_response_shared_by_get_and_add_is_named_after_the_resource() -> None:
    document = obj(id=STR, title=STR)
    roots = [
        body(document, "Get a document", "GET /documents/{id}", "response"),
        body(document, "Add a document", "POST /documents", "response"),
    ]
    assert named(roots) == {"DocumentResponse"}


def test_a_body_shared_by_operations_of_one_resource_takes_their_common_path() -> None:
    transfer = obj(client_id=STR, transfer_id=STR)
    roots = [
        body(transfer, "Cancel it", "POST /v1/transfer/cancel"),
        body(transfer, "Fetch it now", "POST /v1/transfer/get"),
        body(obj(other=STR), "Other", "POST /v1/other"),
    ]
    assert "TransferRequest" in named(roots)  # ``v1`` is every endpoint's: no word


def test_one_operation_or_one_endpoint_still_names_its_body() -> None:
    user = obj(id=STR)
    roots = [
        body(user, "Get user", "GET /users/{id}", "response"),
        body(user, "Get user", "GET /v2/users/{id}", "response"),
    ]
    assert named(roots) == {"GetUser"}


def test_common_operation_words_skip_leading_verbs_and_fillers() -> None:
    names = ["Get an Entity Screening", "Create a Watchlist Screening for an Entity"]
    assert common_operation_words(names) == ["entity", "screening"]
    assert common_operation_words(["Get web link", "Create web link"]) == ["web", "link"]


# --- error classes from real codes only -----------------------------------------------------


@pytest.mark.parametrize(
    "code", ["<string>", "<integer>", "{{error_code}}", "404", "", "string", "a", "two words"]
)
def test_placeholders_numbers_and_prose_are_no_error_codes(code: str) -> None:
    assert not is_error_code(code)


@pytest.mark.parametrize("code", ["invalid_request", "AUTHENTICATION_FAILURE", "E.1234"])
def test_real_codes_are_error_codes(code: str) -> None:
    assert is_error_code(code)


def runtime_classes() -> set[str]:
    """The classes the runtime defines, read from its source (not from a list)."""
    tree = ast.parse(RUNTIME.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.ClassDef)}


@pytest.mark.parametrize("name", sorted(runtime_classes()))
def test_no_error_class_reads_as_a_runtime_class(name: str) -> None:
    taken = set(MODULE_SCOPE)
    for status in (400, 404, 422, 500, 599):
        made = error_class_name(name, status, taken)
        assert made is None or not reads_as(made, runtime_classes())


def test_a_code_spelling_a_runtime_class_is_said_with_its_status() -> None:
    assert error_class_name("ValidationError", 400, MODULE_SCOPE) == "BadRequestValidationError"
    assert error_class_name("NotFoundError", 404, MODULE_SCOPE) is None  # says only the status
    assert error_class_name("invalid_request", 422, {"InvalidRequest"}) == (
        "UnprocessableEntityInvalidRequest"
    )


@pytest.mark.parametrize("name", sorted(runtime_classes()))
def test_no_model_takes_a_runtime_class_name(name: str) -> None:
    """A key ``headers`` or ``body`` made a model ``Headers`` or ``Body``, the names of the
    runtime's classes that resources import."""
    holder = obj(**{name: TypeExpr((obj(detail=STR),)), "x": TypeExpr((obj(y=STR),))})
    names = named([body(holder, "Check", "POST /check", "response")], MODEL_SCOPE)
    assert not any(reads_as(model, runtime_classes()) for model in names)


def test_no_model_reads_as_a_reserved_name() -> None:
    holder = obj(validation_error400=TypeExpr((obj(detail=STR),)))
    names = named([body(holder, "Check", "POST /check", "response")], MODULE_SCOPE)
    assert not any(reads_as(name, runtime_classes()) for name in names)


# --- short verb phrases for descriptive titles ----------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Gets rooms available to the calling user", "list rooms"),
        ("Return A Layer 3 Static Route For A Switch Stack", "get Layer 3 Static Route"),
        ("Creates New Quality Retention Profile For Network", "create Quality Retention Profile"),
        ("The rooms the calling user may enter", "The rooms the calling user may enter"),
        ("Get a list of softwares associated with a user", "list softwares"),
        ("Get A User By Login Email", "get User By Login Email"),
        ("Return The SNMP Settings For An Organization", "get SNMP Settings"),
        (
            "List History for Entity Watchlist Screenings",
            "list History for Entity Watchlist Screenings",
        ),
        ("Delete an Entry from the Project IP Access List", "delete Entry"),
        (
            "get details of a test repository's folder by path",
            "get details of test repository folder",
        ),
        ("Get user", "Get user"),
    ],
)
def test_descriptive_titles_become_verb_phrases(title: str, expected: str) -> None:
    assert operation_name(title, "GET", "/rooms") == expected


# --- the hand-checked corpus list -------------------------------------------------------------

# The hand-checked list of shared models of the corpus (docs/naming.md): collection, a
# place of the class, its name before issue 16 and its name now.
with (Path(__file__).parent / "naming_shared_models.tsv").open(encoding="utf-8") as handle:
    HAND_CHECKED = [tuple(row) for row in csv.reader(handle, delimiter="\t")][1:]


@cache
def corpus_names(file: str) -> dict[str, str]:
    """Every place of every model of a corpus collection, with the model's name."""
    loaded = load_file(CORPUS / file)
    assert isinstance(loaded, Collection)
    return {path: model.name for model in build_models(loaded).models for path in model.paths}


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is missing ({CORPUS})")
@pytest.mark.parametrize(("file", "place", "before", "now"), HAND_CHECKED, ids=lambda v: v[:40])
def test_hand_checked_shared_models_of_the_corpus(
    file: str, place: str, before: str, now: str
) -> None:
    assert corpus_names(file)[place] == now != before


# --- in the plan: error classes of a collection, methods of one resource ---------------------


def plan_of(*items: dict[str, Any]) -> Plan:
    collection = load(*items)
    return make_plan(collection, None, build_models(collection), "shop")


def error_example(status: int, code: str) -> dict[str, Any]:
    return {
        "name": f"error {status}",
        "code": status,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps({"code": code, "message": "no"}),
    }


def test_error_classes_come_from_real_codes_and_never_read_as_the_runtime() -> None:
    codes = [(400, "ValidationError"), (404, "{{code}}"), (409, "string"), (422, "invalid_request")]
    codes += [(429, "<string>"), (500, "NotFoundError")]
    item = request_item("Get thing", method="GET", url="https://api.example.com/things/1")
    item["response"] = [error_example(status, code) for status, code in codes]
    made = {(error.status, error.name) for error in plan_of(item).error_classes}
    # placeholders, variables and type words give none; runtime names get the status phrase
    expected = {(400, "BadRequestValidationError"), (422, "InvalidRequest")}
    assert made == expected | {(500, "InternalServerErrorNotFoundError")}


def test_shortened_names_that_collide_are_told_apart_by_the_words_they_left_out() -> None:
    titles = ["Set plugin SWA to shared creds", "Set plugin SWA to administrator sets username"]
    items = [
        request_item(title, method="PUT", url="https://api.example.com/apps/1") for title in titles
    ]
    methods = plan_of(*items).root.methods
    assert [method.name for method in methods] == [
        "set_plugin_swa_shared",
        "set_plugin_swa_administrator",
    ]
    assert [method.summary for method in methods] == titles


def test_a_shortened_title_stays_the_summary_line_above_the_description(tmp_path: Path) -> None:
    title = "Gets rooms available to the calling user"
    item = request_item(title, url="https://api.example.com/rooms", description="Paged.")
    source = tmp_path / "c.json"
    source.write_text(json.dumps(collection_doc(item)), encoding="utf-8")
    files = generate(source, tmp_path / "out").files
    client = next(text for path, text in files.items() if path.endswith("/_client.py"))
    assert "def list_rooms(\n" in client
    assert f'"""{title}\n\n        Paged.\n' in client


def test_shared_body_names_do_not_depend_on_root_or_key_order() -> None:
    """One structure spelled with its keys in two orders, shared by three operations: the
    same names whichever root comes first."""
    first = obj(client_id=STR, secret=STR, access_token=STR, cursor=STR)
    second = ObjectType(tuple(reversed(first.fields)))
    roots = [
        body(first, "Remove Item", "POST /item/remove"),
        body(second, "Retrieve Balance", "POST /accounts/balance/get"),
        body(first, "Retrieve Identity", "POST /identity/get"),
        body(obj(client_id=STR, secret=STR), "List users", "POST /dashboard_user/list"),
        body(obj(client_id=STR, secret=STR, x=STR), "Get x", "POST /x/get"),
    ]
    expected = named(roots)
    assert "AccessTokenRequest" in expected  # access_token and cursor tie: key order decides
    for order in permutations(roots):
        assert named(list(order)) == expected
