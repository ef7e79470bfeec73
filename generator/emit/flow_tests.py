"""The generated ``tests/test_flows.py``: each chain between requests run as one test, in
collection order (docs/scripts.md, "Flows").

A test serves the producer's saved example, calls the producer, reads the produced value
from its result as the method's docstring says (``chains.read_value``), calls the consumer
with it and checks that the request carried it (URL path, query, header, form field).
Against ``POSTC_BASE_URL`` both calls go to the live server, which answers the producer
with its example, so the value read is the server's.

Not generated (``docs/scripts.md`` counts them): chains whose producer has no saved
success example holding the value, a value read from a header (a ``MockTransport``
answer carries only its body and type), an XML or run-time-indexed path, a value that is
no string or number, one the consumer sends inside a JSON or GraphQL body, and a value
whose type is not its parameter's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from generator.annotations import Annotation
from generator.emit.chains import Access, Chain, read_value, saved_text
from generator.emit.chains import chains as plan_chains
from generator.emit.environment import render
from generator.emit.plan import Method, Plan
from generator.emit.test_cases import Argument
from generator.emit.tests import (
    INLINE_BODY_LIMIT,
    TEST_NESTING,
    _arguments,
    _redacted_argument,
    expected_outcome,
    served,
)
from generator.ir import (
    ApiModels,
    Collection,
    Endpoint,
    Example,
    JsonValue,
    RawBody,
    Request,
    TypeExpr,
)
from generator.loader.lenient_json import nests_deeper
from generator.naming.identifiers import unique_in_scope
from generator.scripts.flows import collection_flows
from generator.scripts.paths import value_at

# At most this many places of one variable in a JSON body are set and checked
MAX_PLACES = 100
# The parameter locations whose value a test can check on the request sent
_CHECKED = frozenset({"path", "query", "header", "form", "json"})


@dataclass(frozen=True)
class Served:
    """A saved example as a test asks for it: ``mock.respond(...)``'s arguments."""

    status: int
    body: str
    content_type: str
    example: str
    place: str


@dataclass(frozen=True)
class Text:
    """The text Postman sends for ``{{variable}}``: the value's, between the literal text
    around the variable in the saved value (none for a value that is the variable alone)."""

    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Place:
    """A string of a JSON body that holds ``{{variable}}``: its path (keys and list
    indexes) and the text Postman sends there."""

    path: tuple[str | int, ...]
    text: Text


@dataclass(frozen=True)
class Sent:
    """How the consumer's call passes the value and where its request carries it."""

    parameter: str  # the consumer's parameter that takes it
    location: str  # path, query, header, form or json (the parameter's)
    key: str  # the query key or header name it is sent under
    text: Text | None  # the argument: the value as text; None: the value itself
    places: tuple[Place, ...] = ()  # in a JSON body (``json``), each place set and checked


@dataclass(frozen=True)
class FlowTest:
    """One chain as a test, as data: the template writes every piece of Python from it."""

    name: str
    doc: str
    producer: str  # the producer's call path: client.carts.create_cart
    producer_arguments: tuple[tuple[str, Argument], ...]
    answer: Served
    access: Access  # the value, read on ``result`` (the parsed body) or ``raw``
    kind: str  # the Python type of the value the example gives: str, int or float
    consumer: str
    # the consumer's arguments by name; None: the one that takes the value
    consumer_arguments: tuple[tuple[str, Argument | None], ...]
    consumer_answer: Served | None
    sent: Sent
    body: Argument | None  # the JSON body the test sets the value in (``json``)
    loads_json: bool  # a call passes a JSON body, or the check reads the one sent
    urlencoded: bool  # the value goes in an urlencoded form, which the check decodes


def render_flow_tests(plan: Plan, api: ApiModels, collection: Collection) -> dict[str, str]:
    """``tests/test_flows.py`` when the collection has a chain a test can run; else nothing."""
    endpoints = {endpoint.json_path: endpoint for endpoint in collection.endpoints()}
    made = [
        test
        for chain in plan_chains(collection, collection_flows(collection), plan.root)
        if (test := _flow_test(chain, endpoints, api, plan)) is not None
    ]
    if not made:
        return {}
    names = unique_in_scope([(test.name, []) for test in made])
    tests = [replace(test, name=name) for test, name in zip(made, names, strict=True)]
    text = render(
        "project/tests/flows.py.j2",
        plan=plan.outline(),
        tests=tests,
        uses_json=any(test.loads_json for test in tests),
        uses_form=any(test.urlencoded for test in tests),
        uses_result=any(not test.access.raw for test in tests),
    )
    return {"tests/test_flows.py": text}


def _flow_test(
    chain: Chain, endpoints: dict[str, Endpoint], api: ApiModels, plan: Plan
) -> FlowTest | None:
    """The test of one chain, or None when it cannot be run (the module doc)."""
    parameter = chain.parameter
    value = chain.producer.set.value
    if parameter is None or parameter.location not in _CHECKED or value.kind == "header":
        return None
    producer = endpoints[chain.producer.endpoint]
    found = _producing_example(producer, chain, plan)
    if found is None:
        return None
    example, produced = found
    if parameter.location != "json" and not _fits(produced, parameter.annotation, chain.whole):
        return None
    models = {model.name: model for model in api.models}
    access = read_value(value, chain.method, _success_type(chain.method, api), models.get)
    if access is None:
        return None
    consumer = endpoints[chain.use.endpoint]
    # a JSON body's {{variable}} is in the request as declared (an example's saved request
    # may hold the value it was sent with)
    declared = parameter.location == "json"
    request = consumer.request if declared else _first_request(consumer) or consumer.request
    arguments = _written(plan, chain.consumer, consumer, request)
    body = None
    if parameter.location == "json":
        places = tuple(json_places(request, consumer.request, chain.use.variable))
        body = arguments.get("body")
        if not places or body is None:
            return None
        sent = Sent("body", "json", parameter.key, None, places)
    else:
        sent = Sent(parameter.name, parameter.location, parameter.key, _passed(chain, consumer))
    passed: dict[str, Argument | None] = {**arguments, sent.parameter: None}
    answer = served(example, plan.secrets)
    return FlowTest(
        name=f"flow_{chain.consumer.name}_{parameter.name}",
        doc=f"{chain.use.variable}: {chain.call}() -> {chain.consumer_call}({parameter.name}=...)",
        producer=chain.call,
        producer_arguments=tuple(
            _written(plan, chain.method, producer, example.original_request).items()
        ),
        answer=Served(
            answer.status, answer.body, answer.content_type, example.name, example.json_path
        ),
        access=access,
        kind=type(produced).__name__,
        consumer=chain.consumer_call,
        consumer_arguments=tuple(passed.items()),
        consumer_answer=_consumer_answer(consumer, plan),
        sent=sent,
        body=body,
        loads_json="json" in (chain.method.body_kind, chain.consumer.body_kind, sent.location),
        urlencoded=sent.location == "form" and chain.consumer.body_kind == "form",
    )


def _producing_example(
    endpoint: Endpoint, chain: Chain, plan: Plan
) -> tuple[Example, str | int | float] | None:
    """The producer's first success example whose served answer holds the value, and the
    value (a string or a number: what a parameter can take)."""
    value = chain.producer.set.value
    for example in endpoint.examples:
        answer = served(example, plan.secrets)
        outcome, _ = expected_outcome(chain.method, example, answer.status)
        if not 200 <= answer.status < 300 or len(answer.body) > INLINE_BODY_LIMIT:
            continue
        if value.kind == "text" and outcome == "text":
            produced: JsonValue = answer.body
        elif value.kind == "json" and outcome in ("model", "json"):
            produced = value_at(_parsed(answer.body), value.path)
            if value.length:
                produced = len(produced) if isinstance(produced, list | dict | str) else None
        else:
            continue
        if isinstance(produced, str | int | float) and not isinstance(produced, bool):
            return example, produced
    return None


def _parsed(body: str) -> JsonValue:
    try:
        found: JsonValue = json.loads(body)
    except ValueError:
        return None
    return found


def _fits(produced: str | int | float, annotation: Annotation, whole: bool) -> bool:
    """Whether the value can be passed as the parameter (as text when inside its value)."""
    kind = annotation.parts[0]
    if not whole or kind == "str":
        return kind == "str"
    return (kind == "int" and isinstance(produced, int)) or (
        kind == "float" and isinstance(produced, int | float)
    )


def _passed(chain: Chain, consumer: Endpoint) -> Text | None:
    """The argument the consumer gets: the value itself (None), or its text, inside the
    saved value where the variable is only part of it."""
    kind = chain.parameter.annotation.parts[0] if chain.parameter else "str"
    if chain.whole:
        return None if kind != "str" else Text()
    saved = saved_text(consumer, chain.use) or ""
    before, _, after = saved.partition(f"{{{{{chain.use.variable}}}}}")
    return Text(before, after)


def json_places(request: Request, declared: Request, variable: str) -> list[Place]:
    """Where ``{{variable}}`` is in the JSON body the consumer's test sends (the saved
    body ``_arguments`` uses), each with the text around it in its string. Linear in the
    body: each node keeps its parent, a path is spelled only for a match (at most
    ``MAX_PLACES``); a body the example tests leave out (nested deeper than
    ``TEST_NESTING``) has none."""
    body = request.body if request.body is not None else declared.body
    document = body.json if isinstance(body, RawBody) else None
    if document is None or not document.parsed or nests_deeper(document.text, TEST_NESTING):
        return []
    marker = f"{{{{{variable}}}}}"
    parents: list[tuple[int, str | int]] = []  # (parent's index, key) of each container
    places: list[Place] = []
    stack: list[tuple[int, str | int, JsonValue]] = [(-1, "", document.value)]
    while stack and len(places) < MAX_PLACES:
        parent, key, node = stack.pop()
        if isinstance(node, dict | list):
            parents.append((parent, key))
            here = len(parents) - 1
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend((here, k, v) for k, v in reversed(list(items)))
        elif parent >= 0 and isinstance(node, str) and node.count(marker) == 1:
            before, _, after = node.partition(marker)
            places.append(Place(_spelled(parents, parent, key), Text(before, after)))
    return places


def _spelled(
    parents: list[tuple[int, str | int]], parent: int, key: str | int
) -> tuple[str | int, ...]:
    """The path of a value from its parent's index and its own key."""
    path = [key]
    while parent > 0:
        parent, key = parents[parent]
        path.append(key)
    return tuple(reversed(path))


def _written(
    plan: Plan, method: Method, endpoint: Endpoint, request: Request | None
) -> dict[str, Argument]:
    """The arguments of a call, as the example test of the request passes them, by name."""
    arguments, _, _, _ = _arguments(method, request or endpoint.request, endpoint.request)
    return {name: _redacted_argument(plan, argument) for name, argument in arguments}


def _first_request(endpoint: Endpoint) -> Request | None:
    return next((e.original_request for e in endpoint.examples if e.original_request), None)


def _consumer_answer(endpoint: Endpoint, plan: Plan) -> Served | None:
    """The consumer's first success example as the answer (live, the server sends it)."""
    for example in endpoint.examples:
        answer = served(example, plan.secrets)
        if 200 <= answer.status < 300 and len(answer.body) <= INLINE_BODY_LIMIT:
            return Served(
                answer.status, answer.body, answer.content_type, example.name, example.json_path
            )
    return None


def _success_type(method: Method, api: ApiModels) -> TypeExpr | None:
    """The type of the method's success body (the binding of its return examples)."""
    if method.returns_model is None:
        return None
    return next(
        (
            binding.type
            for binding in api.bindings
            if binding.role == "response" and binding.examples == method.returns_examples
        ),
        None,
    )
