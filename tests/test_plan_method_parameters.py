"""A method's parameters (``generator.emit.plan.method_parameters``): where each comes from,
its annotation as an object, and names that never shadow what the method body reads."""

from __future__ import annotations

from typing import Any

from generator.annotations import list_of, qualified
from generator.annotations import name as named
from generator.api_models import build_models
from generator.emit.plan.auth import Auths
from generator.emit.plan.method_parameters import Parameters, deduplicated, method_reads
from generator.emit.plan.settings import Settings
from generator.emit.plan.shapes import Parameter
from generator.emit.plan.texts import Texts
from generator.ir import ClassRef, Diagnostic, ListType, ScalarType, TypeExpr
from tests.conftest import load, request_item


def parameters_of(item: dict[str, Any]) -> tuple[list[str | int], list[Parameter]]:
    collection = load(item, variable=[{"key": "version", "value": "v2"}])
    texts = Texts(collection, None)
    settings = Settings(collection, texts, "SHOP")
    warnings: list[Diagnostic] = []
    auths = Auths(collection, settings, texts, warnings)
    bindings = {(b.endpoint, b.role, b.status): b for b in build_models(collection).bindings}
    made = Parameters(collection, bindings, settings, texts, auths, warnings)
    endpoint = next(collection.endpoints())
    found: list[Parameter] = []
    template = made.path(endpoint, found)
    made.query(endpoint, found)
    return template, found


def test_every_kind_of_path_field_is_a_parameter_in_order() -> None:
    url = {
        "raw": "https://a.example/users/:id/{{version}}/{name}",
        "host": ["a", "example"],
        "path": ["users", ":id", "{{version}}", "{name}"],
        "variable": [{"key": "id", "value": "<integer>"}],
    }
    template, found = parameters_of(request_item(url=url))
    assert [(p.key, p.location, p.annotation.text) for p in found] == [
        ("id", "path", "int"),
        ("version", "path", "str"),
        ("name", "path", "str"),
    ]
    url_of = "".join(p if isinstance(p, str) else f"{{{found[p].name}}}" for p in template)
    assert url_of == "/users/{id}/{version}/{name}"
    assert found[1].example == "v2"


def test_a_repeated_query_key_is_one_list_parameter() -> None:
    query = [{"key": "tag", "value": "1"}, {"key": "tag", "value": "2"}, {"key": "q", "value": "x"}]
    url = {"raw": "https://a.example/s", "host": ["a", "example"], "path": ["s"], "query": query}
    _, found = parameters_of(request_item(url=url))
    tag = found[0]
    assert (tag.key, tag.annotation) == ("tag", list_of(named("int")))
    assert tag.type == TypeExpr((ListType(TypeExpr((ScalarType("int"),))),))
    assert tag.annotation.item == named("int") and tag.example == "1, 2"
    assert [p.key for p in found] == ["tag", "q"]


def test_names_the_method_body_reads_are_not_taken_by_parameters() -> None:
    returns = qualified(TypeExpr((ListType(TypeExpr((ClassRef("Pet"),))),), nullable=True), "m.")
    reads = method_reads(returns, [(404, qualified(TypeExpr((ClassRef("Missing"),)), "errs."))])
    assert {"m", "errs", "list", "None", "type", "self", "cast"} <= reads
    id_path = Parameter("id", "path", "id", named("str"), True)
    id_query = Parameter("id", "query", "id", named("str"), False)
    typed = Parameter("type", "query", "type", named("str"), False)
    assert deduplicated([id_path, id_query, typed], reads) == ["path_id", "query_id", "query_type"]
