"""Class names over a whole collection (inference.md §7.9, docs/naming.md).

The inputs are built by hand: naming must not depend on how inference is written.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir import (
    ClassRef,
    FieldEvidence,
    FieldType,
    ListType,
    MapType,
    Model,
    ObjectType,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
    TypeVariant,
)
from generator.naming.classes import Root, name_models
from generator.naming.identifiers import module_name
from generator.naming.structure import postorder

JOB = "GET /crm/bulk/v2.1/write/{job_id}"


def t(*variants: TypeVariant, nullable: bool = False) -> TypeExpr:
    return TypeExpr(variants, nullable)


STR = t(ScalarType("str"))
INT = t(ScalarType("int"))
NULL = t(nullable=True)


def obj(hint: str = "", rename: str | None = None, /, **fields: TypeExpr) -> ObjectType:
    """An object of required fields; ``rename`` is a user's override of its class name."""
    return ObjectType(tuple(FieldType(k, v, True) for k, v in fields.items()), hint, name=rename)


def items(element: ObjectType) -> TypeExpr:
    return t(ListType(t(element)))


def response(
    type_: ObjectType | TypeExpr, operation: str, endpoint: str, status: int = 200
) -> Root:
    return Root(_expr(type_), operation, "response", status, endpoint)


def error(type_: ObjectType | TypeExpr, operation: str, endpoint: str, status: int) -> Root:
    return Root(_expr(type_), operation, "error", status, endpoint)


def request(type_: ObjectType | TypeExpr, operation: str, endpoint: str) -> Root:
    return Root(_expr(type_), operation, "request", None, endpoint)


def _expr(type_: ObjectType | TypeExpr) -> TypeExpr:
    return type_ if isinstance(type_, TypeExpr) else t(type_)


def models_of(roots: Sequence[Root], reserved: Sequence[str] = ()) -> dict[str, Model]:
    _, models = name_models(roots, reserved)
    return {model.name: model for model in models}


def names(roots: Sequence[Root], reserved: Sequence[str] = ()) -> list[str]:
    return list(models_of(roots, reserved))


def ref(expr: TypeExpr) -> str:
    (variant,) = expr.variants
    assert isinstance(variant, ClassRef)
    return variant.name


# --- the seed: Zoho CRM Bulk Write, "Job Details" ---------------------------------------

FIELD_MAPPING = obj(
    "field_mapping",
    api_name=STR,
    index=INT,
    format=NULL,
    find_by=NULL,
    module=NULL,
    default_value=NULL,
)
FILE = obj("file", added_count=INT, name=STR)
RESOURCE = obj(
    "resource", status=STR, type=STR, module=STR, field_mappings=items(FIELD_MAPPING), file=t(FILE)
)
JOB_DETAILS = obj("Job Details", status=STR, resource=items(RESOURCE), id=STR)
ENVELOPE = obj(code=STR, details=t(MapType(TypeExpr())), message=STR, status=STR)


def seed_roots() -> list[Root]:
    return [
        response(JOB_DETAILS, "Job Details", JOB),
        error(ENVELOPE, "Job Details", JOB, 404),
        error(ENVELOPE, "Job Details", JOB, 400),
        error(ENVELOPE, "Job Details", JOB, 401),
        error(ENVELOPE, "Upload file", "POST /crm/v2/upload", 401),
        error(ENVELOPE, "Upload file", "POST /crm/v2/upload", 400),
    ]


def test_the_seed_gets_the_target_names() -> None:
    types, models = name_models(seed_roots())
    assert [model.name for model in models] == [
        "ErrorResponse",
        "FieldMapping",
        "File",
        "JobDetails",
        "Resource",
    ]
    assert [ref(type_) for type_ in types] == ["JobDetails"] + ["ErrorResponse"] * 5


def test_provenance_of_the_seed() -> None:
    models = models_of(seed_roots())
    assert models["FieldMapping"].description == (
        "An item of `resource[].field_mappings` in Job Details"
        " (GET /crm/bulk/v2.1/write/{job_id}, 200)."
    )
    assert models["FieldMapping"].paths == (f"{JOB} 200 $.resource[].field_mappings[]",)
    assert models["File"].description == (
        "The `resource[].file` object in Job Details (GET /crm/bulk/v2.1/write/{job_id}, 200)."
    )
    assert models["JobDetails"].description == (
        "The response body of Job Details (GET /crm/bulk/v2.1/write/{job_id}, 200)."
    )
    assert models["ErrorResponse"].description == (
        "The error body of Job Details (GET /crm/bulk/v2.1/write/{job_id}, 400),"
        " and 4 other places."
    )
    assert models["ErrorResponse"].paths == (
        f"{JOB} 400 $",
        f"{JOB} 401 $",
        f"{JOB} 404 $",
        "POST /crm/v2/upload 400 $",
        "POST /crm/v2/upload 401 $",
    )


def test_model_fields_keep_keys_order_and_reference_classes() -> None:
    resource = models_of(seed_roots())["Resource"]
    assert [(f.key, f.name, f.required) for f in resource.fields] == [
        ("status", "status", True),
        ("type", "type", True),
        ("module", "module", True),
        ("field_mappings", "field_mappings", True),
        ("file", "file", True),
    ]
    assert resource.fields[3].type == t(ListType(t(ClassRef("FieldMapping"))))
    assert resource.fields[4].type == t(ClassRef("File"))


def test_no_object_type_survives_naming() -> None:
    types, models = name_models(seed_roots())
    field_types = [field.type for model in models for field in model.fields]
    assert not any(isinstance(node, ObjectType) for node in postorder([*types, *field_types]))


def test_field_names_are_unique_and_keys_kept() -> None:
    odd = obj("odd", **{"The_quick": STR, "the_quick": INT, "THE QUICK": STR, "class": STR})
    (model,) = models_of([response(odd, "Odd", "GET /odd")]).values()
    assert [(f.key, f.name) for f in model.fields] == [
        ("The_quick", "the_quick"),
        ("the_quick", "the_quick_2"),
        ("THE QUICK", "the_quick_3"),
        ("class", "class_"),
    ]


def test_evidence_is_carried_to_the_model_fields() -> None:
    evidence = FieldEvidence(parents=3, present=2, nulls=0, kinds=(("int", 2),), documents=2)
    shape = ObjectType((FieldType("count", INT, False, evidence),))
    (model,) = models_of([response(shape, "Count", "GET /count")]).values()
    assert model.fields[0].evidence == evidence
    assert model.fields[0].required is False


# --- identity: one class per structure --------------------------------------------------


def test_field_order_does_not_make_a_new_class() -> None:
    a = obj("user", id=INT, name=STR)
    b = obj("user", name=STR, id=INT)
    roots = [
        response(obj(user=t(a)), "Get team", "GET /team"),
        response(obj(owner=t(b)), "Get repo", "GET /repo"),
    ]
    _, models = name_models(roots)
    assert len(models) == 3
    assert models_of(roots)["GetTeam"].fields[0].type == models_of(roots)["GetRepo"].fields[0].type


def test_union_and_enum_order_do_not_make_a_new_class() -> None:
    a = obj("x", v=t(ScalarType("int"), ScalarType("str")), e=t(ScalarType("str", enum=("a", "b"))))
    b = obj("x", v=t(ScalarType("str"), ScalarType("int")), e=t(ScalarType("str", enum=("b", "a"))))
    roots = [response(obj(x=t(a)), "A", "GET /a"), response(obj(x=t(b)), "B", "GET /b")]
    assert sorted(names(roots)) == ["X", "XResponse"]  # the two bodies are one class too


def test_required_and_nullable_make_different_classes() -> None:
    a = obj("x", v=STR)
    b = ObjectType((FieldType("v", STR, False),), "x")
    c = obj("x", v=t(ScalarType("str"), nullable=True))
    roots = [
        response(obj(x=t(a)), "A", "GET /a"),
        response(obj(x=t(b)), "B", "GET /b"),
        response(obj(x=t(c)), "C", "GET /c"),
    ]
    assert len([name for name in names(roots) if name.endswith("X")]) == 3


def test_hints_paths_and_evidence_do_not_count_for_identity() -> None:
    a = ObjectType((FieldType("v", STR, True),), hint="one", paths=("$.one",))
    b = ObjectType(
        (FieldType("v", STR, True, FieldEvidence(1, 1, 0, (("str", 1),), 1)),),
        hint="one",
        paths=("$.two",),
    )
    roots = [response(obj(one=t(a)), "A", "GET /a"), response(obj(one=t(b)), "B", "GET /b")]
    assert sorted(names(roots)) == ["One", "OneResponse"]


# --- names of bodies --------------------------------------------------------------------


def test_request_bodies_are_named_after_the_operation() -> None:
    body = obj(name=STR, email=STR)
    assert names([request(body, "Create user", "POST /users")]) == ["CreateUserRequest"]


def test_an_error_body_of_one_place_is_named_after_operation_and_status() -> None:
    roots = [error(obj(message=STR), "Job Details", JOB, 404)]
    assert names(roots) == ["JobDetailsNotFoundError"]
    roots = [error(obj(message=STR), "Create product", "POST /products", 500)]
    assert names(roots) == ["CreateProductInternalServerError"]  # not ...ErrorError


def test_a_second_shared_envelope_takes_its_status_without_a_doubled_error() -> None:
    other = obj(fault=STR)
    roots = [
        error(ENVELOPE, "Get", "GET /a", 400),
        error(ENVELOPE, "Get", "GET /b", 404),
        error(ENVELOPE, "Get", "GET /c", 404),  # the most used envelope keeps ErrorResponse
        error(other, "Put", "PUT /a", 500),
        error(other, "Put", "PUT /b", 500),
    ]
    assert sorted(names(roots)) == ["ErrorResponse", "InternalServerErrorResponse"]


def test_a_shared_error_body_is_error_response_even_within_one_endpoint() -> None:
    roots = [error(ENVELOPE, "Get", "GET /a", 400), error(ENVELOPE, "Get", "GET /a", 404)]
    assert names(roots) == ["ErrorResponse"]


def test_several_shared_envelopes_are_told_apart_by_what_their_uses_share() -> None:
    oauth = obj(error=STR, error_description=STR)
    roots = [
        error(ENVELOPE, "Get", "GET /a", 400),
        error(ENVELOPE, "Put", "PUT /a", 404),
        error(ENVELOPE, "Get", "GET /a", 404),
        error(oauth, "Get", "GET /a", 401),
        error(oauth, "Put", "PUT /a", 401),
    ]
    assert sorted(names(roots)) == ["ErrorResponse", "UnauthorizedErrorResponse"]


def test_equally_common_envelopes_both_take_context() -> None:
    oauth = obj(error=STR, error_description=STR)
    roots = [
        error(ENVELOPE, "Get", "GET /v1/a", 400),
        error(ENVELOPE, "Put", "PUT /v1/a", 404),
        error(oauth, "Get", "GET /v1/a", 401),
        error(oauth, "Put", "PUT /v1/a", 401),
    ]
    assert sorted(names(roots)) == ["BadRequestErrorResponse", "UnauthorizedErrorResponse"]


def test_the_first_success_status_takes_the_operation_name() -> None:
    created = obj(id=INT)
    accepted = obj(job=STR)
    roots = [
        response(created, "Create user", "POST /users", 201),
        response(accepted, "Create user", "POST /users", 202),
    ]
    assert sorted(names(roots)) == ["CreateUser", "CreateUserAccepted"]


def test_success_statuses_with_one_structure_share_one_class() -> None:
    body = obj(id=INT)
    roots = [
        response(body, "Create user", "POST /users", 201),
        response(body, "Create user", "POST /users", 200),
    ]
    assert names(roots) == ["CreateUser"]


def test_same_operation_names_on_different_endpoints_are_qualified_by_path() -> None:
    roots = [
        response(obj(id=INT), "List", "GET /users"),
        response(obj(total=INT), "List", "GET /orders"),
    ]
    assert sorted(names(roots)) == ["OrdersList", "UsersList"]


def test_an_unnamed_operation_is_named_after_its_path() -> None:
    assert names([response(obj(id=INT), "", "GET /users/{id}/posts")]) == ["UsersPosts"]


def test_items_of_an_array_body_are_named_after_the_body() -> None:
    roots = [response(items(obj("List users", id=INT)), "List users", "GET /users")]
    assert names(roots) == ["ListUsersItem"]


def test_reserved_names_are_never_used() -> None:
    roots = [response(obj(id=INT), "Client", "GET /clients")]
    assert names(roots, reserved=["Client"]) == ["ClientsClient"]


def test_reserved_names_compare_by_spelling_not_case() -> None:
    roots = [response(obj(id=INT), "API error", "GET /errors")]
    assert names(roots, reserved=["ApiError"]) == ["ErrorsAPIError"]


def test_class_refs_in_the_input_keep_their_names_for_themselves() -> None:
    union = TaggedUnion("type", (("a", ClassRef("Job")), ("b", obj("job", b=INT))))
    roots = [response(obj(job=t(union)), "Job", "GET /job")]
    assert "Job" not in names(roots)


# --- names of nested classes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("field_mappings", "FieldMapping"),
        ("categories", "Category"),
        ("addresses", "Address"),
        ("statuses", "Status"),
        ("data", "DataItem"),
        ("people", "Person"),
        ("resource", "Resource"),
        ("news", "News"),
    ],
)
def test_array_items_are_named_after_the_singular_key(key: str, name: str) -> None:
    roots = [response(obj(**{key: items(obj(x=INT))}), "Get", "GET /x")]
    assert name in names(roots)


def test_the_hint_wins_over_the_key() -> None:
    roots = [response(obj(payload=t(obj("commit", sha=STR))), "Get", "GET /x")]
    assert "Commit" in names(roots)


def test_map_values_are_named_after_the_singular_key() -> None:
    roots = [response(obj(attributes=t(MapType(t(obj(value=STR))))), "Get", "GET /x")]
    assert "Attribute" in names(roots)


def test_tuple_positions_are_named_after_the_singular_key() -> None:
    rows = t(TupleType((t(obj(page=INT)), t(ListType(INT)))))
    roots = [response(obj(rows=rows), "Get", "GET /x")]
    assert "Row" in names(roots)


def test_tagged_union_variants_are_named_after_their_tag() -> None:
    push = obj("event", type=STR, commits=INT)
    fork = obj("event", type=STR, forkee=STR)
    watch = obj("event", type=STR, action=STR)
    union = TaggedUnion("type", (("PushEvent", push), ("ForkEvent", fork), ("watch", watch)))
    _, models = name_models([response(obj(events=t(ListType(t(union)))), "Events", "GET /e")])
    assert [model.name for model in models] == ["Events", "ForkEvent", "PushEvent", "WatchEvent"]
    events = next(model for model in models if model.name == "Events")
    assert events.fields[0].type == t(
        ListType(
            t(
                TaggedUnion(
                    "type",
                    (
                        ("PushEvent", ClassRef("PushEvent")),
                        ("ForkEvent", ClassRef("ForkEvent")),
                        ("watch", ClassRef("WatchEvent")),
                    ),
                )
            )
        )
    )
    push_model = next(model for model in models if model.name == "PushEvent")
    assert push_model.description == (
        'An item of `events` with `type` "PushEvent" in Events (GET /e, 200).'
    )


def test_an_override_wins() -> None:
    roots = [response(obj(owner=t(obj("owner", "Account", id=INT))), "Get", "GET /x")]
    assert "Account" in names(roots)


def test_an_override_wins_over_a_majority() -> None:
    renamed = obj("user", "Person", id=INT)
    plain = obj("user", id=INT)
    roots = [
        response(obj(user=t(plain)), "A", "GET /a"),
        response(obj(user=t(plain)), "B", "GET /b"),
        response(obj(user=t(renamed)), "C", "GET /c"),
    ]
    assert "Person" in names(roots)
    assert "User" not in names(roots)


def test_an_unusable_override_is_made_a_class_name() -> None:
    roots = [response(obj(x=t(obj("x", "list", id=INT))), "Get", "GET /x")]
    assert "ListModel" in names(roots)


def test_a_shared_class_takes_the_majority_name() -> None:
    address = obj(street=STR, city=STR)
    roots = [
        response(obj(address=t(address)), "A", "GET /a"),
        response(obj(address=t(address)), "B", "GET /b"),
        response(obj(billing=t(address)), "C", "GET /c"),
    ]
    models = models_of(roots)
    assert "Address" in models and "Billing" not in models
    assert models["Address"].description.endswith(", and 2 other places.")


def test_ties_go_to_the_shorter_name_whatever_the_order() -> None:
    user = obj(id=INT, login=STR)
    one = [
        response(user, "Get user", "GET /users/{id}"),
        response(obj(user=t(user)), "M", "GET /m"),
    ]
    assert sorted(names(one)) == ["M", "User"]
    assert sorted(names(one[::-1])) == ["M", "User"]


def test_nested_classes_are_prefixed_with_the_enclosing_class_not_one_occurrence() -> None:
    # one class under `data[]`, once hinted "" (DataItem) and once "item" (Item): the class
    # below it is prefixed with the name the enclosing class as a whole takes, so neither
    # occurrence's own proposal (DataItemItem, ItemItem) wins by coming first
    def body(hint: str) -> ObjectType:
        return obj(data=items(obj(hint, items=items(obj(items=INT, id=INT)))))

    roots = [
        response(body(""), "Create", "GET /b/{id}"),
        response(body("item"), "Create", "GET /b/{id}"),
    ]
    assert sorted(names(roots)) == ["Create", "CreateItem", "ItemItem"]
    assert name_models(roots) == name_models(roots[::-1])


def test_equal_spellings_with_other_evidence_give_one_evidence_whatever_the_order() -> None:
    def body(present: int) -> ObjectType:
        evidence = FieldEvidence(2, present, 0, (("int", present),), 1)
        return ObjectType((FieldType("id", INT, False, evidence),))

    roots = [response(body(1), "A", "GET /a"), response(body(2), "B", "GET /b")]
    first = {m.name: [f.evidence for f in m.fields] for m in name_models(roots)[1]}
    again = {m.name: [f.evidence for f in m.fields] for m in name_models(roots[::-1])[1]}
    assert first == again


# --- collisions -------------------------------------------------------------------------


def test_colliding_nested_names_are_prefixed_with_their_parents() -> None:
    invoice = obj("invoice", line_items=items(obj(amount=INT, tax=INT)))
    order = obj("order", line_items=items(obj(sku=STR, quantity=INT)))
    roots = [
        response(obj(invoice=t(invoice)), "Get invoice", "GET /invoices/{id}"),
        response(obj(order=t(order)), "Get order", "GET /orders/{id}"),
    ]
    assert sorted(names(roots)) == [
        "GetInvoice",
        "GetOrder",
        "Invoice",
        "InvoiceLineItem",
        "Order",
        "OrderLineItem",
    ]


def test_prefixing_walks_up_until_unique() -> None:
    a = obj("a", detail=t(obj("detail", item=t(obj(x=INT)))))
    b = obj("a", detail=t(obj("detail", item=t(obj(y=INT)))))
    roots = [response(obj(a=t(a)), "One", "GET /one"), response(obj(a=t(b)), "Two", "GET /two")]
    found = names(roots)
    assert {"OneADetailItem", "TwoADetailItem"} <= set(found)


def test_a_natural_name_is_not_lengthened_by_someone_elses_qualified_name() -> None:
    roots = [
        response(obj(invoice_line_item=t(obj(z=INT))), "Z", "GET /z"),
        response(obj(invoice=t(obj("invoice", line_item=t(obj(a=INT))))), "A", "GET /a"),
        response(obj(order=t(obj("order", line_item=t(obj(b=INT))))), "B", "GET /b"),
    ]
    found = names(roots)
    assert "InvoiceLineItem" in found
    assert "OrderLineItem" in found
    assert any(name.startswith("AInvoiceLineItem") for name in found)


def test_names_differing_only_in_case_or_underscores_collide() -> None:
    roots = [
        response(obj(ids=t(obj(a=INT))), "X", "GET /x"),
        response(obj(IDs=t(obj(b=INT))), "Y", "GET /y"),
    ]
    found = names(roots)
    spellings = [module_name(name) for name in found]
    assert len(set(spellings)) == len(spellings)


def test_the_last_resort_is_a_stable_letter_hash() -> None:
    def root(field: str) -> Root:
        return response(obj(thing=t(obj(**{field: INT}))), "Get", "GET /x")

    first = names([root("a"), root("b")])
    assert first == names([root("b"), root("a")])
    hashed = sorted(name for name in first if name.startswith("Thing"))
    assert len(hashed) == 2
    assert all(re.fullmatch(r"Thing[A-Z][a-z]{3,}", name) for name in hashed)


def test_no_class_name_ends_in_a_digit_unless_its_words_do() -> None:
    shapes = [obj(**{f"k{i}": INT}) for i in range(12)]
    roots = [response(obj(item=t(shape)), "Get", "GET /x") for shape in shapes]
    roots += [response(obj(v2=t(obj(z=INT))), "Get v2", "GET /v2")]
    found = names(roots)
    assert len(found) == 26  # 12 bodies and 12 items, all told apart by hash, and 2 more
    assert sorted(name for name in found if name[-1].isdigit()) == ["GetV2", "V2"]


# --- stability --------------------------------------------------------------------------


def mixed_roots() -> list[Root]:
    """Shared envelopes, collisions, ties, unions and overrides in one collection."""
    line = obj(amount=INT)
    return [
        *seed_roots(),
        response(obj(invoice=t(obj("invoice", line_items=items(line)))), "Get inv", "GET /i"),
        response(obj(order=t(obj("order", line_items=items(obj(sku=STR))))), "Get ord", "GET /o"),
        response(obj(thing=t(obj(a=INT))), "Things", "GET /t"),
        response(obj(thing=t(obj(b=INT))), "Things", "GET /t2"),
        response(obj(id=INT), "List", "GET /users"),
        response(obj(total=INT), "List", "GET /orders"),
        response(obj(id=INT, name=STR), "Get user", "GET /users/{id}"),
        response(obj(user=t(obj(name=STR, id=INT))), "Me", "GET /me"),
        request(obj(name=STR), "Create", "POST /users"),
        error(obj(error=STR), "Create", "POST /users", 401),
        error(obj(error=STR), "List", "GET /users", 401),
        response(obj(owner=t(obj("owner", "Account", id=STR))), "Repo", "GET /repo"),
    ]


def naming(roots: Sequence[Root]) -> tuple[list[tuple[str, str]], tuple[Model, ...]]:
    """Which name each root's body got (by provenance), and every model."""
    types, models = name_models(roots)
    bodies = sorted(
        (f"{r.endpoint} {r.status}", str(type_)) for r, type_ in zip(roots, types, strict=True)
    )
    return bodies, models


@settings(max_examples=50)
@given(st.permutations(mixed_roots()))
def test_shuffling_the_roots_changes_no_name(roots: list[Root]) -> None:
    assert naming(roots) == naming(mixed_roots())


def test_adding_a_root_renames_no_existing_class() -> None:
    before = set(names(mixed_roots()))
    extra = obj(page=t(obj(number=INT, size=INT)), file=t(FILE))
    roots = [
        *mixed_roots(),
        response(extra, "Paged", "GET /paged"),
        error(ENVELOPE, "P", "GET /p", 500),
    ]
    after = set(names(roots))
    assert before <= after
    assert after - before == {"Paged", "Page"}


# random structures: names never depend on the order of the roots

KEYS = st.sampled_from(["id", "item", "items", "data", "user", "users", "type", "a"])


def shapes(depth: int) -> st.SearchStrategy[ObjectType]:
    leaf = st.sampled_from([STR, INT, NULL])
    if depth == 0:
        values: st.SearchStrategy[TypeExpr] = leaf
    else:
        inner = shapes(depth - 1)
        values = leaf | inner.map(lambda o: t(o)) | inner.map(items)
    fields = st.dictionaries(KEYS, values, min_size=1, max_size=3)
    return st.builds(
        lambda f, hint: ObjectType(tuple(FieldType(k, v, True) for k, v in f.items()), hint),
        fields,
        st.sampled_from(["", "item", "user"]),
    )


ROOTS = st.lists(
    st.builds(
        Root,
        shapes(2).map(lambda o: t(o)),
        st.sampled_from(["Get", "List", "Create"]),
        st.sampled_from(["response", "error", "request"]),
        st.sampled_from([200, 201, 404]),
        st.sampled_from(["GET /a", "GET /b/{id}", "POST /a"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(ROOTS, st.randoms(use_true_random=False))
def test_random_collections_are_named_independently_of_order(
    roots: list[Root], rnd: random.Random
) -> None:
    shuffled = list(roots)
    rnd.shuffle(shuffled)
    types, models = name_models(roots)
    again_types, again_models = name_models(shuffled)
    assert models == again_models
    by_root = dict(zip(map(id, roots), types, strict=True))
    assert [by_root[id(root)] for root in shuffled] == list(again_types)
    spellings = [module_name(model.name) for model in models]
    assert len(set(spellings)) == len(spellings)
    assert not any(model.name[-1].isdigit() for model in models)


def _rehinted(node: TypeExpr, rnd: random.Random) -> TypeExpr:
    """A copy of ``node`` (of ``shapes``) whose object hints are drawn again."""

    def again(variant: TypeVariant) -> TypeVariant:
        if isinstance(variant, ObjectType):
            fields = tuple(replace(f, type=_rehinted(f.type, rnd)) for f in variant.fields)
            return ObjectType(fields, rnd.choice(["", "item", "user", "data"]))
        if isinstance(variant, ListType):
            return ListType(_rehinted(variant.items, rnd))
        return variant

    return replace(node, variants=tuple(again(variant) for variant in node.variants))


@settings(max_examples=60, deadline=None)
@given(ROOTS, st.randoms(use_true_random=False))
def test_duplicate_roots_with_other_hints_are_named_independently_of_order(
    roots: list[Root], rnd: random.Random
) -> None:
    # the same bodies seen again with other hints: the places of one class then agree on
    # everything but the names they propose
    doubled = [*roots, *(replace(root, type=_rehinted(root.type, rnd)) for root in roots)]
    shuffled = list(doubled)
    rnd.shuffle(shuffled)
    assert name_models(doubled)[1] == name_models(shuffled)[1]


# --- depth ------------------------------------------------------------------------------


def test_deep_nesting_needs_no_recursion() -> None:
    type_ = INT
    for level in range(2000):
        type_ = t(obj("child", child=type_, **{f"k{level}": INT}))
        if level % 2:
            type_ = t(ListType(type_))
    _, models = name_models([response(type_, "Deep", "GET /deep")])
    assert len(models) == 2000
    assert len({model.name for model in models}) == 2000


def test_nested_classes_of_same_named_bodies_take_the_bodies_qualified_names() -> None:
    roots = [
        response(obj(data=items(obj(id=INT, email=STR))), "List", "GET /users"),
        response(obj(data=items(obj(id=INT, total=INT))), "List", "GET /orders"),
    ]
    assert sorted(names(roots)) == [
        "OrdersList",
        "OrdersListDataItem",
        "UsersList",
        "UsersListDataItem",
    ]


def test_deep_collisions_are_told_apart_by_the_body_alone() -> None:
    def body(address: ObjectType) -> ObjectType:
        owners = obj("owners", people=items(obj("people", addresses=items(address))))
        return obj(entity=t(obj("entity", owners=t(owners))))

    roots = [
        request(body(obj(city=STR)), "Create account", "POST /accounts"),
        response(body(obj(city=STR, id=STR)), "Create account", "POST /accounts", 201),
    ]
    found = names(roots)
    assert {"CreateAccountRequestAddress", "CreateAccountAddress"} <= set(found)
