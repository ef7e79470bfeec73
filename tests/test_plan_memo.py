"""What the plan works out once and reuses (docs/parameters.md, "Made once"): a text is
described, and a saved value made an example, once per plan, with that plan's own
variables and secrets; a list parameter's description is its first described item's."""

from __future__ import annotations

from typing import Any

from generator.api_models import build_models
from generator.emit.plan import REDACTED, Parameter, Plan, make_plan
from generator.ir import ScalarType, TypeExpr
from tests.conftest import load, request_item

SAID = "Pass hunter2hunter2 as given."  # the secret, in prose where it is a whole token


def plan_of(*items: dict[str, Any], variables: list[dict[str, Any]]) -> Plan:
    collection = load(*items, variable=variables)
    return make_plan(collection, None, build_models(collection), "shop")


def parameters(plan: Plan) -> dict[str, Parameter]:
    method = plan.root.methods[0]
    return {parameter.key: parameter for parameter in method.parameters}


def search(*query: dict[str, str]) -> dict[str, Any]:
    url = {"raw": "https://api.example.com/search", "host": ["api", "example", "com"]}
    return request_item("Search", url={**url, "path": ["search"], "query": list(query)})


def test_each_plan_describes_with_its_own_secrets_and_variables() -> None:
    """The same description and saved value in two collections: redacted where one's
    secret variable holds the value, kept in the other; ``{{region}}`` resolved with each
    collection's own value. A memo that outlived its plan would give the second the
    first's text."""
    item = search({"key": "note", "value": "{{region}}", "description": SAID})
    secret = {"key": "password", "value": "hunter2hunter2", "type": "secret"}
    guarded = plan_of(item, variables=[secret, {"key": "region", "value": "eu-west"}])
    plain = plan_of(item, variables=[{"key": "region", "value": "us-east"}])
    assert parameters(guarded)["note"].description == f"Pass {REDACTED} as given."
    assert parameters(plain)["note"].description == SAID
    assert parameters(guarded)["note"].example == "eu-west"
    assert parameters(plain)["note"].example == "us-east"


def test_a_repeated_description_is_redacted_in_every_place() -> None:
    """Described once, used for every parameter that says it (and the folder-less method)."""
    item = search(
        {"key": "a", "value": "1", "description": SAID},
        {"key": "b", "value": "2", "description": SAID},
    )
    secret = {"key": "password", "value": "hunter2hunter2", "type": "secret"}
    found = parameters(plan_of(item, variables=[secret]))
    assert [found[key].description for key in "ab"] == [f"Pass {REDACTED} as given."] * 2


def test_a_list_takes_the_description_of_its_first_described_item() -> None:
    """``tag[0]`` says nothing, ``tag[1]`` and ``tag[2]`` do: the list says what ``tag[1]``
    says; a list whose first item is described keeps that description."""
    later = search(
        {"key": "tag[0]", "value": "a"},
        {"key": "tag[1]", "value": "b", "description": "The <b>tags</b>."},
        {"key": "tag[2]", "value": "c", "description": "Ignored."},
    )
    first = search(
        {"key": "tag[0]", "value": "a", "description": "First."},
        {"key": "tag[1]", "value": "b", "description": "Ignored."},
    )
    assert parameters(plan_of(later, variables=[]))["tag"].description == "The tags."
    assert parameters(plan_of(first, variables=[]))["tag"].description == "First."
    assert parameters(plan_of(first, variables=[]))["tag"].example == "a, b"


def test_parameters_of_one_type_share_one_type_object() -> None:
    """Stripe's 6,956 parameters have a few types: each is made once, not per parameter."""
    item = search(
        {"key": "limit", "value": "<integer>"},
        {"key": "page", "value": "<integer>"},
        {"key": "q", "value": "<string>"},
    )
    found = parameters(plan_of(item, variables=[]))
    assert found["limit"].type == TypeExpr((ScalarType("int"),))
    assert found["limit"].type is found["page"].type
    assert found["q"].type == TypeExpr((ScalarType("str"),))
