"""An operation's ``responses``: one per status its saved examples have.

A JSON body's schema is the type inference gave its examples (success and error models
alike, ``$ref``s into ``components.schemas``; ``anyOf`` them where the examples of one
status have several, as error bodies of different shapes do); its media type is the
example's when that is a JSON type, else ``application/json``. Any other body is a string
of the example's media type; a body labelled JSON that is not JSON is kept as its text,
marked ``x-postc-unparsed``. Every saved example is kept under ``examples`` by name
(``examples.py``), its body exactly as the generated tests serve it
(``generator.emit.tests.served``: placeholders as typed samples, credential fields as
samples, every credential value redacted). An example without a status is the
``default`` response.

A response type postc infers from the request's test scripts (``docs/scripts.md``, "types
from scripts": a unit of no saved example) is the generated method's return type, so it is
described too: the status the scripts check (``default`` when they check none), an
``application/json`` body of that type, without examples. An operation with neither has
only a ``default`` response without content (OpenAPI needs one response at least).

An error response lists the exception classes the client generates for the error codes
its examples show (``Method.error_classes``) under ``x-postc-error-classes``
(``[{"code", "class"}]``, by code, the code redacted; ``[]`` for none), so that ``postc
diff`` can tell when one appears or goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from generator.emit.plan import Method, media_kind
from generator.emit.tests import bodiless, served
from generator.ir import Example, JsonValue, TypeExpr
from generator.loader.lenient_json import parse_json_text
from generator.openapi.context import REFS, Context
from generator.openapi.examples import Examples
from generator.schema_doc import type_schema
from generator.units import endpoint_identity, is_error, status_of

UNDESCRIBED = "No saved example: the response is not described"
JSON = "application/json"
ERROR_CLASSES = "x-postc-error-classes"


def responses(context: Context, methods: Sequence[Method]) -> dict[str, Any]:
    """The responses of ``methods``' saved examples, by status (``default`` last)."""
    found: dict[str, dict[str, Any]] = {}
    examples: dict[tuple[str, str], Examples] = {}
    types: dict[tuple[str, str], list[TypeExpr]] = {}  # the types of the JSON examples
    for method in methods:
        endpoint = context.endpoint(method)
        for example in endpoint.examples:
            status = status_of(example)
            key = str(status) if status is not None else "default"
            found.setdefault(key, {"description": _description(status, example)})
            body = _body(context, example, status)
            if body is None:
                continue
            media_type, value, parsed = body
            binding = context.example_bindings.get(example.json_path)
            found_types = types.setdefault((key, media_type), [])
            found_types += [binding.type] if binding is not None else []
            named = examples.setdefault((key, media_type), Examples())
            named.add(context.text(example.name), value, unparsed=not parsed)
        for binding in context.scripted_responses.get(endpoint_identity(endpoint.request), ()):
            key = str(binding.status) if binding.status is not None else "default"
            found.setdefault(key, {"description": _description(binding.status, None)})
            types.setdefault((key, JSON), []).append(binding.type)
            examples.setdefault((key, JSON), Examples())
    for (key, media_type), named in examples.items():
        media: dict[str, Any] = {"schema": _schema(media_type, types[(key, media_type)])}
        if named.examples:
            media["examples"] = named.examples
        found[key].setdefault("content", {})[media_type] = media
    _add_error_classes(context, methods, found)
    if not found:
        return {"default": {"description": UNDESCRIBED}}
    return {key: found[key] for key in sorted(found, key=lambda k: (k == "default", k))}


def _add_error_classes(
    context: Context, methods: Sequence[Method], found: dict[str, dict[str, Any]]
) -> None:
    """Each error response's generated classes (its methods' united, by code); an empty
    list where there is none, so that a reader tells "none" from a document that does not
    say (an older or hand-written one)."""
    classes: dict[str, dict[str, str]] = {}
    for method in methods:
        for error in method.error_classes:
            held = classes.setdefault(str(error.status), {})
            held.setdefault(context.text(error.code), error.name)
    for key, response in found.items():
        if key.isdigit() and is_error(int(key)):
            held = classes.get(key, {})
            response[ERROR_CLASSES] = [{"code": code, "class": held[code]} for code in sorted(held)]


def _body(
    context: Context, example: Example, status: int | None
) -> tuple[str, JsonValue, bool] | None:
    """The example's media type, its body as served, and whether a body of a JSON media
    type is JSON; None without a body."""
    if status is not None and bodiless(status):
        return None
    answer = served(example, context.plan.secrets)
    if not answer.body:
        return None
    if example.json is not None and example.json.parsed:  # served as compact JSON
        document = parse_json_text(answer.body)
        saved = (example.content_type or "").partition(";")[0].strip().lower()
        concrete = "/" in saved and "*" not in saved and media_kind(saved) == "json"
        return (saved if concrete else JSON), document.value, True
    media_type = answer.content_type.partition(";")[0].strip().lower() or "text/plain"
    return media_type, answer.body, media_kind(media_type) != "json"


def _schema(media_type: str, types: list[TypeExpr]) -> dict[str, Any]:
    """A string for a body that is no JSON; else the types of its JSON examples (any
    value when none of them is JSON)."""
    if media_kind(media_type) != "json":
        return {"type": "string"}
    schemas = [type_schema(expr, REFS) for expr in dict.fromkeys(types)]
    if not schemas:
        return {}
    return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}


def _description(status: int | None, example: Example | None) -> str:
    try:
        return HTTPStatus(status).phrase if status is not None else "Any status"
    except ValueError:
        return (example.status.strip() if example else "") or f"Status {status}"
