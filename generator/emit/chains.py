"""Chains between requests as the generated client names them: which argument of a method
another method's response fills, and how to read that value from its result
(docs/scripts.md, "Flows").

A chain is a use of ``{{variable}}`` bound to a producer (``generator.scripts.flows``).
The credential a request's auth or credential header sends is not one: the client's auth
provides it. Every other chain is told in the consumer's docstring ("``cart_id`` comes from
``client.carts.create_cart().id``") and, where the producer has a saved example, run as a
generated test (``generator.emit.flow_tests``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from generator.emit.calls import method_calls
from generator.emit.credentials import is_credential_header
from generator.escaping import identifier, py_str
from generator.ir import (
    ApiModels,
    ClassRef,
    Collection,
    Endpoint,
    FormDataBody,
    ListType,
    MapType,
    Model,
    ModelField,
    TaggedUnion,
    TupleType,
    TypeExpr,
    UrlencodedBody,
)
from generator.scripts.facts import Flows, Producer, Segment, Use, Value
from generator.scripts.flows import response_path

if TYPE_CHECKING:  # the plan calls this module: its classes are only annotations here
    from generator.emit.plan import Method, Parameter, Resource

# Where a use's value goes -> the parameter locations that may carry it
_CARRIERS = {
    ("url", "path"): ("path",),
    ("url", "query"): ("query",),
    ("header", ""): ("header",),
    ("body", "urlencoded"): ("form",),
    ("body", "formdata"): ("form", "file"),
    ("body", "raw"): ("json", "content"),
    ("body", "graphql"): ("graphql",),
}


@dataclass(frozen=True)
class Chain:
    """A method argument (or a part of the request) filled from another method's result."""

    use: Use
    producer: Producer
    call: str  # the producer's call path: ``client.carts.create_cart``
    method: Method  # the producer's
    consumer: Method
    consumer_call: str  # ``client.carts.get_cart``
    parameter: Parameter | None  # the consumer's parameter that carries the value
    whole: bool  # the parameter's saved value is the ``{{variable}}`` and nothing else


def chains(collection: Collection, found: Flows, root: Resource) -> Iterator[Chain]:
    """The chains of the client, in collection order: a use bound to a producer, that no
    credential of the client's auth stands for."""
    calls = {method.source: (path, method) for path, method in method_calls(root)}
    endpoints = {endpoint.json_path: endpoint for endpoint in collection.endpoints()}
    seen: set[tuple[str, str, str]] = set()
    for use in found.uses:
        producer = use.producer
        if producer is None or producer.endpoint not in calls or use.endpoint not in calls:
            continue
        endpoint = endpoints[use.endpoint]
        if use.place == "auth" or _credential(endpoint, use):
            continue
        consumer = calls[use.endpoint][1]
        parameter = _carrier(consumer, use)
        identity = (use.endpoint, use.variable, parameter.name if parameter else use.place)
        if identity in seen:
            continue
        seen.add(identity)
        call, method = calls[producer.endpoint]
        whole = parameter is not None and saved_text(endpoint, use) == f"{{{{{use.variable}}}}}"
        consumer_call = calls[use.endpoint][0]
        yield Chain(use, producer, call, method, consumer, consumer_call, parameter, whole)


def _credential(endpoint: Endpoint, use: Use) -> bool:
    """Whether the use is in a credential header (the client's auth sends it)."""
    if use.place != "header":
        return False
    return any(
        is_credential_header(header)
        for header in endpoint.request.headers
        if header.key.lower() == use.key.lower() and not header.disabled
    )


def _carrier(method: Method, use: Use) -> Parameter | None:
    locations = _CARRIERS.get((use.place, use.part), ())
    for parameter in method.parameters:
        if parameter.location not in locations:
            continue
        if parameter.location in ("json", "content", "graphql"):
            return parameter if use.key != "query" else None
        same = (
            parameter.key.lower() == use.key.lower()
            if parameter.location == "header"
            else parameter.key == use.key
        )
        if same:
            return parameter
    return None


def saved_text(endpoint: Endpoint, use: Use) -> str | None:
    """The text the request saves where the use is (a path segment or path variable's
    value, a query value, a header value, a form field's value)."""
    request = endpoint.request
    if use.part == "path":
        variables = {v.name: v.value for v in request.url.variables}
        if use.key in variables:
            return variables[use.key]
        return next((s for s in request.url.path if f"{{{{{use.key}}}}}" in s), None)
    if use.part == "query":
        return next((q.value for q in request.url.query if q.key == use.key), None)
    if use.place == "header":
        return next(
            (h.value for h in request.headers if h.key.lower() == use.key.lower()), None
        )
    body = request.body
    if isinstance(body, UrlencodedBody):
        return next((f.value for f in body.fields if f.key == use.key), None)
    if isinstance(body, FormDataBody):
        return next((p.value for p in body.parts if p.key == use.key), None)
    return None


def sentence(chain: Chain, access: str | None) -> str:
    """The docstring line of a chain: "``cart_id`` comes from
    ``client.carts.create_cart().id``" (``access``: how to read the value, or None when
    only the response path can say it)."""
    variable = f"``{{{{{chain.use.variable}}}}}``"
    if chain.parameter is not None and chain.whole:
        subject = f"``{chain.parameter.name}``"
    elif chain.parameter is not None:
        subject = f"{variable} in ``{chain.parameter.name}``"
    else:
        where = " ".join(p for p in (chain.use.place, chain.use.part, chain.use.key) if p)
        subject = f"{variable} ({where})"
    value = chain.producer.set.value
    if access is not None:
        source = f"``{access}``"
    else:
        source = f"``{response_path(value)}`` of the response of ``{chain.call}()``"
    condition = " (set only when a condition in its script holds)"
    return f"{subject} comes from {source}{condition if chain.producer.set.conditional else ''}."


@dataclass(frozen=True)
class Step:
    """One step of reading a value: an ``attribute`` (``.cart_id``), a method called
    without arguments (``call``: ``.to_dict()``), or an ``item`` (``[0]``, ``["id"]``: a
    list index or a key of a map or of a dictionary)."""

    kind: Literal["attribute", "call", "item"]
    key: str | int

    def spelled(self) -> str:
        """The step as Python writes it (the docstring's prose; the generated test writes
        it from the same step in ``flows.py.j2``)."""
        if self.kind == "item":
            return f"[{py_str(self.key) if isinstance(self.key, str) else self.key}]"
        name = identifier(str(self.key))
        return f".{name}()" if self.kind == "call" else f".{name}"


@dataclass(frozen=True)
class Access:
    """How Python code reads a produced value from a call: ``steps`` from the parsed
    result (or from the ``RawResponse``: ``raw``), in ``len()`` for a length."""

    steps: tuple[Step, ...]
    raw: bool = False
    length: bool = False

    def on(self, result: str, raw: str) -> str:
        """The expression as prose spells it, given those of the result and of the raw
        response."""
        read = (raw if self.raw else result) + "".join(step.spelled() for step in self.steps)
        return f"len({read})" if self.length else read


def read_value(
    value: Value, method: Method, returns: TypeExpr | None, models: Callable[[str], Model | None]
) -> Access | None:
    """How to read a produced value from the producer ``method``'s call; None when it
    cannot be (an XML path, an index chosen at run time, a JSON path into a method that
    returns text or bytes). ``returns`` is its success type (None: parsed JSON)."""
    if value.kind == "header":
        return Access((Step("attribute", "headers"), Step("item", value.name)), raw=True)
    if value.kind == "text":
        return Access((Step("attribute", "http"), Step("attribute", "text")), raw=True)
    if value.kind != "json" or None in value.path:
        return None
    if method.returns_kind in ("text", "bytes", "none"):
        return None
    return Access(_typed_path(value.path, returns, models), length=value.length)


def _typed_path(
    path: tuple[Segment, ...], returns: TypeExpr | None, models: Callable[[str], Model | None]
) -> tuple[Step, ...]:
    """Attribute access where the model has the key, index access below; ``to_dict()``
    where a model (or a tagged union of models) does not name the key alike."""
    steps: list[Step] = []
    expr = returns
    for place, segment in enumerate(path):
        variant = _only_variant(expr)
        if isinstance(variant, ClassRef | TaggedUnion):
            field = _field(variant, segment, models)
            if field is None:
                return (*steps, Step("call", "to_dict"), *_items(path[place:]))
            steps.append(Step("attribute", field.name))
            expr = field.type
        elif isinstance(variant, ListType) and isinstance(segment, int):
            steps.append(Step("item", segment))
            expr = variant.items
        elif isinstance(variant, TupleType) and isinstance(segment, int):
            steps.append(Step("item", segment))
            expr = variant.items[segment] if segment < len(variant.items) else None
        elif isinstance(variant, MapType) and isinstance(segment, str):
            steps.append(Step("item", segment))
            expr = variant.values
        else:
            return (*steps, *_items(path[place:]))
    return tuple(steps)


def _field(
    variant: ClassRef | TaggedUnion, key: Segment, models: Callable[[str], Model | None]
) -> ModelField | None:
    """The field ``key`` of a model, or of every model of a tagged union when they all
    have it under one name and type; None otherwise."""
    refs = [variant] if isinstance(variant, ClassRef) else [v for _, v in variant.variants]
    found: list[ModelField] = []
    for ref in refs:
        model = models(ref.name) if isinstance(ref, ClassRef) else None
        field = next((f for f in model.fields if f.key == key), None) if model else None
        if field is None:
            return None
        found.append(field)
    first = found[0]
    same = all(f.name == first.name and f.type == first.type for f in found)
    return first if same else None


def _only_variant(expr: TypeExpr | None) -> object:
    if expr is None or len(expr.variants) != 1:
        return None
    return expr.variants[0]


def _items(path: tuple[Segment, ...]) -> tuple[Step, ...]:
    """Index access all along ``path`` (a JSON path holds no run-time index here)."""
    return tuple(Step("item", segment) for segment in path if segment is not None)


def with_chain_notes(
    root: Resource,
    collection: Collection,
    found: Flows,
    api: ApiModels,
    success: Callable[[Endpoint], TypeExpr | None],
) -> Resource:
    """The resource tree, each consumer method's ``chains`` its docstring lines; ``success``
    gives a request's success type (None: no model)."""
    notes: dict[str, list[str]] = {}
    models = {model.name: model for model in api.models}
    endpoints = {endpoint.json_path: endpoint for endpoint in collection.endpoints()}
    for chain in chains(collection, found, root):
        value = chain.producer.set.value
        returns = success(endpoints[chain.producer.endpoint])
        read = read_value(value, chain.method, returns, models.get)
        access = None
        if read is not None:
            owner, _, name = chain.call.rpartition(".")
            access = read.on(f"{chain.call}()", f"{owner}.with_raw_response.{name}()")
        line = sentence(chain, access)
        lines = notes.setdefault(chain.use.endpoint, [])
        if line not in lines:
            lines.append(line)
    return _noted(root, notes) if notes else root


def _noted(resource: Resource, notes: dict[str, list[str]]) -> Resource:
    methods = tuple(
        replace(m, chains=tuple(notes[m.source])) if m.source in notes else m
        for m in resource.methods
    )
    children = tuple(_noted(child, notes) for child in resource.children)
    return replace(resource, methods=methods, children=children)
