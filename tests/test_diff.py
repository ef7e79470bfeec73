"""``postc diff`` on OpenAPI 3.1 documents built in code: the surface's normalisation, $ref
recursion and cycles, the CLI's exit statuses, the JSON report, determinism, bad input."""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.diff import Change, api_changes, json_report, suggested_bump, text_report
from generator.diff.compare import form_notes
from generator.diff.kinds import KINDS, LEVELS
from generator.diff.schemas import MAX_FIELD_DEPTH, DocumentError
from generator.diff.surface import ERROR_CLASSES, FORM_KEY, api_surface, normalised_path
from generator.openapi.document import FORM
from generator.openapi.document import FORM_KEY as WRITTEN_FORM_KEY
from generator.openapi.responses import ERROR_CLASSES as WRITTEN_ERROR_CLASSES
from tests.conftest import RunPostc

WriteJson = Callable[[Any, str], Path]
V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def document(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None, **root: Any
) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Test", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
        **root,
    }


def get(path: str = "/users/{id}", body: Any = None, **operation: Any) -> dict[str, Any]:
    """One GET operation answering 200 with ``body`` as its JSON schema."""
    response: dict[str, Any] = {"description": "ok"}
    if body is not None:
        response["content"] = {"application/json": {"schema": body}}
    return {path: {"get": {"responses": {"200": response}, **operation}}}


def user(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": sorted(properties)}


def kinds(changes: tuple[Change, ...]) -> list[str]:
    return [change.kind for change in changes]


# --- the surface -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "normal"),
    [
        ("/users/{id}", "/users/{}"),
        ("/users/{id}/", "/users/{}"),
        ("/", "/"),
        ("/a/{x}/b/{y}", "/a/{}/b/{}"),
    ],
)
def test_paths_lose_parameter_names_and_trailing_slash(path: str, normal: str) -> None:
    assert normalised_path(path) == normal


def test_a_path_parameter_renamed_and_a_slash_added_is_the_same_endpoint() -> None:
    old = document(get("/users/{id}", parameters=[{"in": "path", "name": "id", "required": True}]))
    new = document(
        get("/users/{user_id}/", parameters=[{"in": "path", "name": "user_id", "required": True}])
    )
    assert api_changes(old, new) == ()


def test_paths_equal_but_for_parameter_names_pair_as_written() -> None:
    """postc writes the collection's own names: ``/assets/{asset_uid}`` beside
    ``/assets/{asset_type}``, and ``/a`` beside ``/a/``. Those pair as written; a path
    alone under its normalised key still pairs whatever its parameter is called."""
    both = document({**get("/assets/{asset_uid}"), **get("/assets/{asset_type}/")})
    assert api_changes(both, both) == ()
    one = document(get("/assets/{asset_uid}"))
    assert [(c.kind, c.operation) for c in api_changes(one, both)] == [
        ("endpoint-added", "GET /assets/{asset_type}/")
    ]
    renamed = document(get("/assets/{id}"))
    assert api_changes(one, renamed) == ()
    slashes = document({**get("/a"), **get("/a/", summary="other")})
    assert api_changes(slashes, slashes) == ()


def test_header_names_match_whatever_their_case() -> None:
    old = document(
        get(parameters=[{"in": "header", "name": "X-Trace", "schema": {"type": "string"}}])
    )
    new = document(
        get(parameters=[{"in": "header", "name": "x-trace", "schema": {"type": "string"}}])
    )
    assert api_changes(old, new) == ()
    query = document(
        get(parameters=[{"in": "query", "name": "x-trace", "schema": {"type": "string"}}])
    )
    assert kinds(api_changes(old, query)) == ["parameter-removed", "parameter-added"]


def test_how_a_schema_is_spelled_does_not_matter() -> None:
    """$ref or inline, anyOf order, `type: [a, null]` or anyOf with null, postc's placeholder
    allowance: one set of fields."""
    spelled = [
        document(
            get(body={"$ref": "#/components/schemas/U"}),
            {"U": user(id={"type": ["integer", "null"]})},
        ),
        document(get(body=user(id={"anyOf": [{"type": "null"}, {"type": "integer"}]}))),
        document(
            get(body=user(id={"anyOf": [{"type": "integer"}, {"type": "null"}, PLACEHOLDER]}))
        ),
    ]
    surfaces = {api_surface(doc) for doc in spelled}
    assert len(surfaces) == 1


PLACEHOLDER = {"type": "string", "pattern": "^<[A-Za-z][^<>]{0,79}>$"}


def test_postcs_tagged_union_is_the_union_of_its_variants() -> None:
    schemas = {
        "Cat": user(kind={"type": "string"}, name={"type": "string"}, purr={"type": "boolean"}),
        "Dog": user(kind={"type": "string"}, name={"type": "string"}, bark={"type": "integer"}),
    }
    tagged = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"type": "string"}},
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": "cat"}}},
                "then": {"$ref": "#/components/schemas/Cat"},
            },
            {
                "if": {"properties": {"kind": {"const": "dog"}}},
                "then": {"$ref": "#/components/schemas/Dog"},
            },
        ],
        # as postc writes it for generators that ignore if/then: the variants, then any object
        "anyOf": [
            {"$ref": "#/components/schemas/Cat"},
            {"$ref": "#/components/schemas/Dog"},
            {"type": "object"},
        ],
    }
    (operation,) = api_surface(document(get(body=tagged), schemas)).operations
    fields = {field.path: field for field in operation.responses[0].bodies[0].fields}
    assert sorted(fields) == ["", "bark", "kind", "name", "purr"]
    assert fields["kind"].required and not fields["bark"].required and not fields["purr"].required
    assert fields["name"].required  # every variant requires it: the open anyOf member aside


def test_enums_closed_and_open() -> None:
    closed = document(get(body=user(state={"type": "string", "enum": ["a", "b"]})))
    more = document(get(body=user(state={"type": "string", "enum": ["a", "b", "c"]})))
    assert kinds(api_changes(closed, more)) == ["response-field-enum-case-added"]
    assert kinds(api_changes(more, closed)) == ["response-field-enum-case-removed"]
    open_ = document(
        get(body=user(state={"type": "string", "examples": ["a", "b"], "x-open-enum": True}))
    )
    wider = document(
        get(body=user(state={"type": "string", "examples": ["a", "b", "c"], "x-open-enum": True}))
    )
    (change,) = api_changes(open_, wider)
    assert (change.kind, change.level, change.after) == (
        "response-field-open-enum-case-added",
        "non-breaking",
        '"c"',
    )
    assert kinds(api_changes(open_, closed)) == ["response-field-now-enum"]


def test_a_recursive_model_is_followed_once_and_noted_once() -> None:
    node = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    }
    doc = document(
        {
            **get("/a", body={"$ref": "#/components/schemas/Node"}),
            **get("/b", body={"$ref": "#/components/schemas/Node"}),
        },
        {"Node": node},
    )
    surface = api_surface(doc)
    paths = [field.path for field in surface.operations[0].responses[0].bodies[0].fields]
    assert paths == ["", "children", "children[]", "name"]
    assert surface.notes == ("recursive schema Node: compared down to its first repetition",)


def test_a_change_inside_a_recursive_model_is_found() -> None:
    def node(name_type: str) -> dict[str, Any]:
        return {
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": name_type},
                    "next": {"$ref": "#/components/schemas/Node"},
                },
            }
        }

    old = document(get(body={"$ref": "#/components/schemas/Node"}), node("string"))
    new = document(get(body={"$ref": "#/components/schemas/Node"}), node("integer"))
    (change,) = api_changes(old, new)
    assert (change.kind, change.where) == ("response-field-type-changed", "response 200 field name")


def test_a_cycle_of_bare_refs_is_an_error_at_its_path() -> None:
    doc = document(
        get(body={"$ref": "#/components/schemas/A"}),
        {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}},
    )
    with pytest.raises(DocumentError) as raised:
        api_surface(doc)
    assert raised.value.message == "$ref cycle describing no value: A -> B -> A"
    assert raised.value.path == "components.schemas.B.$ref"


def test_deep_nesting_is_bounded_without_a_traceback() -> None:
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(MAX_FIELD_DEPTH + 30):
        deep = {"type": "object", "properties": {"a": deep}}
    surface = api_surface(document(get(body=deep)))
    assert surface.notes == (f"fields nested deeper than {MAX_FIELD_DEPTH} levels not compared",)
    combinators: dict[str, Any] = {"type": "string"}
    for _ in range(400):
        combinators = {"anyOf": [combinators]}
    with pytest.raises(DocumentError, match="nested deeper than"):
        api_surface(document(get(body=combinators)))


# --- classification details -----------------------------------------------------------


def test_only_the_topmost_removed_or_added_field_is_reported() -> None:
    old = document(
        get(
            body=user(
                id={"type": "integer"}, owner=user(id={"type": "integer"}, name={"type": "string"})
            )
        )
    )
    new = document(get(body=user(id={"type": "integer"}, team=user(id={"type": "integer"}))))
    assert [(c.kind, c.where) for c in api_changes(old, new)] == [
        ("response-field-removed", "response 200 field owner"),
        ("response-field-added", "response 200 field team"),
    ]


def test_types_widen_and_narrow_by_side() -> None:
    """What callers send may widen (int -> number); what they read may narrow; the other
    way round breaks them."""

    def send(kind: str) -> dict[str, Any]:
        return document(get(parameters=[{"in": "query", "name": "n", "schema": {"type": kind}}]))

    def read(kind: str) -> dict[str, Any]:
        return document(get(body=user(n={"type": kind})))

    assert [(c.kind, c.level) for c in api_changes(send("integer"), send("number"))] == [
        ("parameter-type-widened", "non-breaking")
    ]
    assert [(c.kind, c.level) for c in api_changes(send("number"), send("integer"))] == [
        ("parameter-type-narrowed", "breaking")
    ]
    assert [(c.kind, c.level) for c in api_changes(read("integer"), read("number"))] == [
        ("response-field-type-widened", "breaking")
    ]
    assert [(c.kind, c.level) for c in api_changes(read("number"), read("integer"))] == [
        ("response-field-type-narrowed", "non-breaking")
    ]
    assert [(c.kind, c.level) for c in api_changes(read("integer"), read("string"))] == [
        ("response-field-type-changed", "breaking")
    ]


def test_a_success_status_with_a_body_callers_already_read_is_not_breaking() -> None:
    body = user(id={"type": "integer"})
    old = document(get(body=body))
    same = copy.deepcopy(old)
    same["paths"]["/users/{id}"]["get"]["responses"]["201"] = copy.deepcopy(
        old["paths"]["/users/{id}"]["get"]["responses"]["200"]
    )
    other = copy.deepcopy(old)
    other["paths"]["/users/{id}"]["get"]["responses"]["202"] = {
        "description": "queued",
        "content": {"application/json": {"schema": user(job={"type": "string"})}},
    }
    assert kinds(api_changes(old, same)) == ["success-status-alias-added"]
    assert kinds(api_changes(old, other)) == ["success-status-added"]


def test_security_by_what_callers_present_not_by_scheme_names() -> None:
    def secured(
        name: str, scheme: dict[str, Any] | None, security: list[Any] | None
    ) -> dict[str, Any]:
        doc = document(get() if security is None else get(security=security))
        if scheme:
            doc["components"]["securitySchemes"] = {name: scheme}
        return doc

    bearer = {"type": "http", "scheme": "bearer"}
    none = secured("x", None, None)
    token = secured("bearerAuth", bearer, [{"bearerAuth": []}])
    renamed = secured("token", bearer, [{"token": []}])
    key = secured("key", {"type": "apiKey", "in": "header", "name": "X-Key"}, [{"key": []}])
    assert api_changes(token, renamed) == ()
    assert [(c.kind, c.level) for c in api_changes(none, token)] == [("security-added", "breaking")]
    assert [(c.kind, c.level) for c in api_changes(token, none)] == [
        ("security-relaxed", "non-breaking")
    ]
    assert [(c.kind, c.level) for c in api_changes(token, key)] == [
        ("security-changed", "breaking")
    ]


def test_every_kind_has_a_level_and_a_phrase() -> None:
    assert KINDS
    for name, kind in KINDS.items():
        assert kind.level in LEVELS, name
        assert kind.phrase and "{" not in kind.phrase, name


@pytest.mark.parametrize(
    ("levels", "bump"),
    [
        ((), "none"),
        (("documentation",), "patch"),
        (("documentation", "non-breaking"), "minor"),
        (("non-breaking", "breaking"), "major"),
    ],
)
def test_the_suggested_bump(levels: tuple[str, ...], bump: str) -> None:
    changes = [Change("summary-changed", level, "GET /", "", None, None) for level in levels]
    assert suggested_bump(changes) == bump


def test_secret_looking_values_are_masked() -> None:
    token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
    old = document(get(), servers=[{"url": "https://api.example.com"}])
    new = document(get(), servers=[{"url": f"https://user:{token}@api.example.com"}])
    (change,) = api_changes(old, new)
    assert token not in json.dumps(change.as_json()) and token not in change.line()


# --- reports and the CLI ---------------------------------------------------------------


def breaking_pair() -> tuple[dict[str, Any], dict[str, Any]]:
    old = document(
        {
            **get("/users/{id}", body=user(id={"type": "integer"}, name={"type": "string"})),
            **get("/teams"),
        }
    )
    new = document(
        get(
            "/users/{id}",
            body=user(id={"type": "integer"}, email={"type": "string"}),
            summary="One user",
        )
    )
    return old, new


def test_the_text_report_groups_by_level_breaking_first() -> None:
    assert text_report(api_changes(*breaking_pair()), ["a note"]) == (
        "4 API changes: 2 breaking, 1 non-breaking, 1 documentation "
        "(suggested version bump: major)\n"
        "\n"
        "breaking (2):\n"
        "  GET /teams: endpoint removed: calls to it fail\n"
        "  GET /users/{id}: response 200 field name: removed: callers that read it break "
        "(was string)\n"
        "\n"
        "non-breaking (1):\n"
        "  GET /users/{id}: response 200 field email: new field (string)\n"
        "\n"
        "documentation (1):\n"
        "  GET /users/{id}: summary changed (One user)\n"
        "\n"
        "note: a note\n"
    )
    assert text_report(()) == "no API changes (suggested version bump: none)\n"


def test_a_line_stays_one_line_whatever_the_document_holds() -> None:
    old = document(get(body=user(id={"type": "integer"})))
    new = document(
        get(body=user(id={"type": "integer"}, **{"evil\n\x1b[2Jname": {"type": "string"}}))
    )
    report = text_report(api_changes(old, new))
    assert "\x1b" not in report and len(report.splitlines()) == 4


def test_the_json_report_schema(run_postc: RunPostc, write_json: WriteJson) -> None:
    old, new = breaking_pair()
    status, out, err = run_postc(
        "diff", write_json(old, "old.json"), write_json(new, "new.json"), "--json"
    )
    assert (status, err) == (0, "")
    report = json.loads(out)
    assert set(report) == {"bump", "changes", "notes"}
    assert report["bump"] == "major"
    assert {tuple(sorted(change)) for change in report["changes"]} == {
        ("after", "before", "kind", "level", "operation", "where")
    }
    assert report == json_report(api_changes(old, new))


@pytest.mark.parametrize(("fail_on", "status"), [(None, 0), ("breaking", 1), ("non-breaking", 1)])
def test_fail_on_breaking(
    run_postc: RunPostc, write_json: WriteJson, fail_on: str | None, status: int
) -> None:
    old, new = breaking_pair()
    option = ["--fail-on", fail_on] if fail_on else []
    assert (
        run_postc("diff", write_json(old, "old.json"), write_json(new, "new.json"), *option)[0]
        == status
    )


@pytest.mark.parametrize(("fail_on", "status"), [("breaking", 0), ("non-breaking", 1)])
def test_fail_on_non_breaking(
    run_postc: RunPostc, write_json: WriteJson, fail_on: str, status: int
) -> None:
    old = document(get())
    new = document({**get(), **get("/teams")})
    assert (
        run_postc(
            "diff", write_json(old, "old.json"), write_json(new, "new.json"), "--fail-on", fail_on
        )[0]
        == status
    )


def test_documentation_only_never_fails(run_postc: RunPostc, write_json: WriteJson) -> None:
    old, new = document(get(summary="a")), document(get(summary="b"))
    status, out, _ = run_postc(
        "diff",
        write_json(old, "old.json"),
        write_json(new, "new.json"),
        "--fail-on",
        "non-breaking",
    )
    assert status == 0 and "suggested version bump: patch" in out


def test_the_output_is_deterministic(run_postc: RunPostc, write_json: WriteJson) -> None:
    """Same documents with their keys in another order: the same bytes."""
    old, new = breaking_pair()
    first = run_postc("diff", write_json(old, "old.json"), write_json(new, "new.json"))
    reordered = json.loads(json.dumps(new), object_pairs_hook=lambda pairs: dict(reversed(pairs)))
    second = run_postc("diff", write_json(old, "old.json"), write_json(reordered, "new.json"))
    assert first == second


def answering(schema: Any) -> str:
    """A document whose GET /a answers 200 with ``schema``, as text."""
    content = {"application/json": {"schema": schema}}
    return json.dumps(document(get("/a", None, responses={"200": {"content": content}})))


AT_SCHEMA = 'paths["/a"].get.responses["200"].content["application/json"].schema'
BAD_DOCUMENTS: list[tuple[str, str, str]] = [
    ('{"openapi": "3.1.0", "paths": []}', "paths", "expected an object, got an array"),
    (
        json.dumps(document(get("/a", parameters=[{"in": "body", "name": "x"}]))),
        'paths["/a"].get.parameters[0].in',
        "expected one of path, query, header, cookie",
    ),
    ('{"openapi": "3.1.0", "openapi": "3.1.0"}', "", 'key "openapi" given twice in one object'),
    ('{"openapi": "3.0.3"}', "openapi", "OpenAPI 3.0.3: postc diff compares OpenAPI 3.1 documents"),
    (
        json.dumps(document(get("/a", responses={"200": {"$ref": "#/components/responses/Ok"}}))),
        'paths["/a"].get.responses["200"].$ref',
        "postc diff follows only $refs to schemas",
    ),
    (
        answering({"$ref": "#/components/schemas/Gone"}),
        f"{AT_SCHEMA}.$ref",
        "'#/components/schemas/Gone': no such schema in #/components/schemas",
    ),
    (
        answering({"$ref": "#/components/parameters/Limit"}),
        f"{AT_SCHEMA}.$ref",
        "'#/components/parameters/Limit': postc diff follows only $refs into #/components/schemas",
    ),
    (answering({"type": "text"}), f"{AT_SCHEMA}.type", "'text' is not a JSON Schema type"),
    (answering({"properties": []}), f"{AT_SCHEMA}.properties", "expected an object, got an array"),
]


@pytest.mark.parametrize(("text", "where", "message"), BAD_DOCUMENTS)
def test_a_bad_document_is_one_line_naming_file_and_path(
    run_postc: RunPostc, tmp_path: Path, text: str, where: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document(get())), encoding="utf-8")
    status, out, err = run_postc("diff", good, bad)
    expected = f"{bad}: {where}: {message}" if where else f"{bad}: {message}"
    assert (status, out, err) == (2, "", expected + "\n")


def test_yaml_and_unreadable_inputs_exit_2(run_postc: RunPostc, tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document(get())), encoding="utf-8")
    yaml = tmp_path / "api.yaml"
    yaml.write_text("openapi: 3.1.0\n", encoding="utf-8")
    status, _, err = run_postc("diff", yaml, good)
    assert (
        status == 2
        and err.startswith(f"{yaml}: a YAML file: postc diff reads JSON")
        and err.count("\n") == 1
    )
    status, _, err = run_postc("diff", good, tmp_path / "missing.json")
    assert (status, err) == (2, f"{tmp_path / 'missing.json'}: file not found\n")
    broken = tmp_path / "broken.json"
    broken.write_text('{"openapi": "3.1.0", ', encoding="utf-8")
    status, _, err = run_postc("diff", good, broken)
    assert status == 2 and err.startswith(f"{broken}: line 1") and err.count("\n") == 1


def test_methods_openapi_has_no_field_for_are_endpoints_too() -> None:
    """``postc openapi`` writes Postman's ``PURGE`` under ``x-postc-operations``."""
    purge = {"responses": {"200": {"description": "ok"}}}
    old = document({"/cache": {"x-postc-operations": {"PURGE": purge}}})
    new = document({"/cache": {}})
    (change,) = api_changes(old, new)
    assert (change.kind, change.operation) == ("endpoint-removed", "PURGE /cache")


def test_refs_that_expand_exponentially_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each model refers twice to the next: 2**n fields; the cap stops it (lowered here so
    the test is quick; the real cap is 13 times the largest corpus document)."""
    monkeypatch.setattr("generator.diff.schemas.MAX_FIELDS", 1000)
    depth = 12
    schemas = {
        f"A{i}": user(**{side: {"$ref": f"#/components/schemas/A{i + 1}"} for side in "lr"})
        for i in range(depth)
    }
    schemas[f"A{depth}"] = {"type": "string"}
    with pytest.raises(DocumentError, match="schemas expand to over 1000 fields"):
        api_surface(document(get(body={"$ref": "#/components/schemas/A0"}), schemas))


def test_a_merged_request_dropped_takes_its_method_along() -> None:
    """Two Postman requests on one endpoint are one operation with two generated methods
    (``x-postc-call`` and ``x-postc-methods``): dropping one keeps the endpoint but not
    its method. A lone request's call renamed is the operationId's business."""
    calls: dict[str, Any] = {
        "x-postc-call": "client.users.list",
        "x-postc-methods": ["client.users.search"],
    }
    merged = document(get(**calls))
    alone = document(get(**{"x-postc-call": "client.users.list"}))
    renamed = document(get(**{"x-postc-call": "client.users.all"}))
    (change,) = api_changes(merged, alone)
    assert (change.kind, change.level, change.before) == (
        "merged-request-removed",
        "breaking",
        "client.users.search",
    )
    assert kinds(api_changes(alone, merged)) == ["merged-request-added"]
    assert api_changes(alone, renamed) == ()
    assert calls["x-postc-methods"] == ["client.users.search"]  # the documents are not changed


def test_all_of_meets_its_members() -> None:
    """``allOf``: the properties of every member, required where any requires them."""
    composed = {
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"properties": {"extra": {"type": "integer"}}, "required": ["extra"]},
            {"properties": {"n": {"type": "integer"}}},
        ]
    }
    base = {"Base": {"type": "object", "properties": {"n": {"type": "number"}}}}
    (operation,) = api_surface(document(get(body=composed), base)).operations
    fields = {field.path: field for field in operation.responses[0].bodies[0].fields}
    assert (fields[""].types, fields["extra"].required, fields["n"].required) == (
        frozenset({"object"}),
        True,
        False,
    )


def _nodes(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield path
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        yield from _nodes(child, (*path, key))


WRONG_VALUES: list[Any] = [None, 1, "x", [], {}, True, ["a"], {"$ref": 3}, {"type": {}}]


def test_any_node_replaced_by_a_wrong_value_is_an_error_or_a_surface() -> None:
    """Each node of a document holding every construct, replaced in turn by each wrong
    value: ``api_surface`` gives a surface or a ``DocumentError``, never another
    exception (which the CLI would report as an internal error)."""
    old, _ = breaking_pair()
    old["paths"]["/users/{id}"]["get"]["parameters"] = [
        {"in": "query", "name": "n", "required": True, "schema": {"type": "string", "enum": ["a"]}}
    ]
    old["paths"]["/users/{id}"]["get"]["security"] = [{"bearer": []}]
    old["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    old["components"]["schemas"]["U"] = {"anyOf": [{"type": "null"}, user(id={"type": "integer"})]}
    old["paths"]["/users/{id}"]["get"]["requestBody"] = {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/U"}}}
    }
    old["servers"] = [{"url": "https://{host}", "variables": {"host": {"default": "a.test"}}}]
    old["paths"]["/users/{id}"]["get"]["responses"]["404"] = {
        "description": "Not Found",
        "x-postc-error-classes": [{"code": "GONE", "class": "Gone"}],
    }
    checked = 0
    for path in list(_nodes(old))[1:]:
        for wrong in WRONG_VALUES:
            doc = copy.deepcopy(old)
            node: Any = doc
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = copy.deepcopy(wrong)
            with contextlib.suppress(DocumentError):
                api_surface(doc)
            checked += 1
    assert checked > 400


def test_error_codes_of_a_status_compared_by_code() -> None:
    """A code whose class appears is non-breaking, one whose class goes breaking; a whole
    status removed is one change, not one per code; a document that does not say which
    classes a status has (another tool's, an older postc's) is compared on the rest."""

    def with_codes(*codes: str) -> dict[str, Any]:
        doc = document(get())
        errors = [{"code": code, "class": code.title().replace("_", "")} for code in codes]
        responses = doc["paths"]["/users/{id}"]["get"]["responses"]
        responses["401"] = {"description": "Unauthorized", "x-postc-error-classes": errors}
        return doc

    both, one = with_codes("AUTH_FAILED", "SCOPE_MISMATCH"), with_codes("AUTH_FAILED")
    (removed,) = api_changes(both, one)
    assert (removed.kind, removed.level) == ("error-code-removed", "breaking")
    assert (removed.where, removed.before) == (
        "response 401 error code SCOPE_MISMATCH",
        "ScopeMismatch",
    )
    assert [(c.kind, c.level) for c in api_changes(one, both)] == [
        ("error-code-added", "non-breaking")
    ]
    assert api_changes(both, with_codes("SCOPE_MISMATCH", "AUTH_FAILED")) == ()
    assert kinds(api_changes(both, document(get()))) == ["error-status-removed"]
    unsaid = with_codes()
    del unsaid["paths"]["/users/{id}"]["get"]["responses"]["401"]["x-postc-error-classes"]
    assert api_changes(unsaid, both) == api_changes(both, unsaid) == ()
    assert kinds(api_changes(with_codes(), one)) == ["error-code-added"]


def test_overrides_apply_to_each_collection_side(
    run_postc: RunPostc, write_json: WriteJson
) -> None:
    """``postc diff --overrides`` reads a collection as ``postc openapi --overrides`` does:
    against a document written with the overrides, the collection differs without them
    and is the same with them."""
    saved = {"name": "Found", "code": 200, "header": [], "body": json.dumps({"id": 1})}
    item = {"name": "Get", "request": {"method": "GET", "url": "https://a.test/t"}}
    collection = write_json(
        {"info": {"name": "T", "schema": V21}, "item": [item | {"response": [saved]}]}, "c.json"
    )
    overrides = write_json({"overrides": [{"path": "$.id", "type": "str"}]}, "o.json")
    status, written, err = run_postc("openapi", collection, "--overrides", overrides)
    assert status == 0, err
    document_file = write_json(json.loads(written), "d.json")
    status, out, _ = run_postc("diff", collection, document_file, "--json")
    assert [c["kind"] for c in json.loads(out)["changes"]] == ["response-field-type-changed"]
    status, out, err = run_postc(
        "diff", collection, document_file, "--overrides", overrides, "--json"
    )
    assert (status, json.loads(out)["changes"]) == (0, []), err


def test_documents_of_different_writer_forms_get_a_note(
    run_postc: RunPostc, write_json: WriteJson
) -> None:
    """Changes between documents postc openapi wrote in different forms may be the
    writer's: the report says so (and not when the forms agree, or neither says)."""
    old, new = breaking_pair()
    assert form_notes(api_surface(old), api_surface(new)) == []
    new["info"][FORM_KEY] = FORM
    (note,) = form_notes(api_surface(old), api_surface(new))
    assert note.startswith("OLD and NEW are written in different forms of postc openapi")
    assert "(not given -> 2)" in note
    old["info"][FORM_KEY] = FORM
    assert form_notes(api_surface(old), api_surface(new)) == []
    old["info"][FORM_KEY] = True  # not a form: as if not given
    assert len(form_notes(api_surface(old), api_surface(new))) == 1
    _, out, _ = run_postc("diff", write_json(old, "old.json"), write_json(new, "new.json"))
    assert out.endswith(f"note: {note}\n")


def test_the_keys_the_diff_reads_are_the_ones_the_writer_writes() -> None:
    assert (FORM_KEY, ERROR_CLASSES) == (WRITTEN_FORM_KEY, WRITTEN_ERROR_CLASSES)
