"""An operation's ``requestBody``, per content type, from what its methods send.

- JSON: the request model's schema (``$ref``) with the saved request bodies (the
  request's and its examples' original requests', as inference saw them) as examples,
  each once;
- urlencoded and multipart: an object of the form fields (their types and examples), a
  file field ``format: binary`` (``<file>`` in the example; an example only where the
  collection saves a value for every required field);
- raw text: a string of the request's ``Content-Type``; a file body: binary;
- GraphQL: ``application/json`` ``{query, variables}`` with the saved query.

The requests sharing an operation unite their content types; form fields are united,
required only where every request of that content type requires them; other distinct
schemas of one content type (the request models of two requests whose paths differ only
in field names) are ``anyOf`` them.

The body is the method's body arguments: a method without any (Stripe's GETs with an
empty urlencoded body, whose client sends nothing) has no ``requestBody``, and the body is
required only where every method of the operation has a required body argument (a form of
optional fields, or GraphQL's optional ``variables``, is an optional body: the client
builds it without the caller).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.emit.plan import Method, Parameter
from generator.ir import Endpoint, FileBody, GraphQLBody, JsonValue, RawBody
from generator.openapi.context import REFS, Context
from generator.openapi.examples import Examples
from generator.openapi.parameters import parameter_schema, typed_example
from generator.schema_doc import type_schema
from generator.units import endpoint_identity, request_bodies

BINARY = {"type": "string", "format": "binary"}
FILE_SAMPLE = "<file>"  # a file field's value in a form example
_FORMS = {"form": "application/x-www-form-urlencoded", "files": "multipart/form-data"}
BODY_LOCATIONS = frozenset({"json", "form", "file", "content", "graphql"})


def request_body(context: Context, methods: Sequence[Method]) -> dict[str, Any] | None:
    """The united request body of ``methods``, or None when none sends one."""
    options: dict[str, list[dict[str, Any]]] = {}  # the distinct schemas of each media type
    examples: dict[str, Examples] = {}
    requirements: dict[str, list[set[str]]] = {}  # an object's required fields per request
    for method in methods:
        found = _media(context, method) if _body_arguments(method) else None
        if found is None:
            continue
        media_type, schema, values = found
        known = options.setdefault(media_type, [])
        fields = next((o for o in known if "properties" in o), None)
        if fields is not None and "properties" in schema:
            _unite_fields(fields, schema)
        elif schema not in known:
            known.append(schema)
        if "properties" in schema:
            requirements.setdefault(media_type, []).append(set(schema.get("required", ())))
        named = examples.setdefault(media_type, Examples())
        for name, value in values:
            named.add(name, value, distinct=True)
    if not options:
        return None
    content: dict[str, dict[str, Any]] = {}
    for media_type, schemas in options.items():
        for schema in schemas:
            if "properties" in schema:
                _set_required(schema, set.intersection(*requirements[media_type]))
        content[media_type] = {"schema": schemas[0] if len(schemas) == 1 else {"anyOf": schemas}}
        if examples[media_type].examples:
            content[media_type]["examples"] = examples[media_type].examples
    required = all(any(p.required for p in _body_arguments(m)) for m in methods)
    return {"required": required, "content": content}


def _body_arguments(method: Method) -> list[Parameter]:
    """The arguments a method sends in its body."""
    return [p for p in method.parameters if p.location in BODY_LOCATIONS]


def _media(
    context: Context, method: Method
) -> tuple[str, dict[str, Any], list[tuple[str, JsonValue]]] | None:
    """A method's body: its media type, schema and named example values."""
    endpoint = context.endpoint(method)
    kind = method.body_kind
    if kind == "json":
        body = next(p for p in method.parameters if p.location == "json")
        return "application/json", type_schema(body.type, REFS), _json_examples(context, endpoint)
    if kind in _FORMS:
        return _form(method, kind)
    if kind == "graphql":
        return _graphql(context, method, endpoint)
    if kind == "content":
        return _content(context, method, endpoint)
    return None


def _json_examples(context: Context, endpoint: Endpoint) -> list[tuple[str, JsonValue]]:
    """The saved JSON bodies the request model was inferred from, by request or example
    name."""
    binding = context.bindings.get((endpoint_identity(endpoint.request), "request", None))
    used = set(binding.examples) if binding is not None else set()
    names = {f"{endpoint.json_path}.request": endpoint.name}
    names |= {f"{e.json_path}.originalRequest": e.name for e in endpoint.examples}
    return [
        (context.text(names[path]), context.data(value))
        for path, value in request_bodies(endpoint)
        if path in used
    ]


def _form(method: Method, kind: str) -> tuple[str, dict[str, Any], list[tuple[str, JsonValue]]]:
    fields = [p for p in _body_arguments(method) if p.location in ("form", "file")]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {p.key: _field_schema(p) for p in fields},
    }
    _set_required(schema, {p.key for p in fields if p.required})
    values = {p.key: _field_example(p) for p in fields}
    saved: dict[str, JsonValue] = {k: value for k, value in values.items() if value is not None}
    complete = all(key in saved for key in schema.get("required", ()))
    return _FORMS[kind], schema, [(method.summary, saved)] if saved and complete else []


def _field_schema(parameter: Parameter) -> dict[str, Any]:
    schema = dict(BINARY) if parameter.location == "file" else parameter_schema(parameter)
    if parameter.description:
        schema["description"] = parameter.description
    return schema


def _field_example(parameter: Parameter) -> JsonValue:
    """A form field's saved value; a file's content is never saved: ``<file>`` stands
    for it."""
    if parameter.location == "file":
        return FILE_SAMPLE
    return typed_example(parameter.example, parameter.type, parameter.cases)


def _graphql(
    context: Context, method: Method, endpoint: Endpoint
) -> tuple[str, dict[str, Any], list[tuple[str, JsonValue]]]:
    schema = {
        "type": "object",
        "properties": {
            "query": {"type": "string"},
            "variables": {"type": ["object", "null"]},
            "operationName": {"type": ["string", "null"]},
        },
        "required": ["query"],
    }
    example: dict[str, JsonValue] = {"query": method.graphql_query or ""}
    body = endpoint.request.body
    if isinstance(body, GraphQLBody) and body.variables_json is not None:
        variables = body.variables_json
        if variables.parsed and isinstance(variables.value, dict):
            example["variables"] = context.data(variables.value)
    return "application/json", schema, [(method.summary, example)]


def _content(
    context: Context, method: Method, endpoint: Endpoint
) -> tuple[str, dict[str, Any], list[tuple[str, JsonValue]]]:
    """Raw text as the ``Content-Type`` the method sends, or a file's bytes."""
    body = endpoint.request.body
    if isinstance(body, FileBody):
        return "application/octet-stream", dict(BINARY), []
    declared = {key.lower(): value for key, value in method.fixed_headers}
    media_type = declared.get("content-type", "text/plain").partition(";")[0].strip().lower()
    text = body.text if isinstance(body, RawBody) else ""
    return media_type or "text/plain", {"type": "string"}, [(method.summary, context.text(text))]


def _unite_fields(known: dict[str, Any], schema: dict[str, Any]) -> None:
    for key, field in schema["properties"].items():
        known["properties"].setdefault(key, field)


def _set_required(schema: dict[str, Any], required: set[str]) -> None:
    ordered = [key for key in schema["properties"] if key in required]
    if ordered:
        schema["required"] = ordered
    else:
        schema.pop("required", None)
