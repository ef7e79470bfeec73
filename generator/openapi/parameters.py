"""An operation's ``parameters``: the path, query and header parameters of its methods,
and the client's constants (a query parameter or header every request sends).

Several requests can share one operation (``operations.py``); their parameters are
united by place and name (a header's name case-insensitively), the first request's
description, schema and example kept, and a parameter is required only where every
request has it and requires it (a path parameter always is). The schema is the
parameter's type (``Parameter.type``); a closed enum's cases are its ``enum`` (an open
enum's are ``examples``, as ``postc schema`` writes them); a list parameter is an array
sent as the client sends it: the key repeated (``style: form``, ``explode: true``), or with
indexes (``key[0]=...``, which OpenAPI cannot say: ``x-postc-style: indexed``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from generator.emit.plan import Method, Parameter, Plan
from generator.ir import JsonValue, ListType, ScalarType, TypeExpr
from generator.openapi.context import REFS
from generator.schema_doc import type_schema

PLACES = ("path", "query", "header")  # the parameter locations OpenAPI has (not cookie)
_KINDS: dict[str, tuple[type, ...]] = {"int": (int,), "float": (int, float), "bool": (bool,)}


def parameters(plan: Plan, methods: Sequence[Method]) -> list[dict[str, Any]]:
    """The united parameters of ``methods``, then the client's constants."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    required: dict[tuple[str, str], list[bool]] = {}
    for method in methods:
        for parameter in method.parameters:
            if parameter.location not in PLACES:
                continue
            place = (parameter.location, _folded(parameter))
            merged.setdefault(place, parameter_object(parameter))
            required.setdefault(place, []).append(parameter.required)
    for place, made in merged.items():
        every = len(required[place]) == len(methods) and all(required[place])
        made["required"] = place[0] == "path" or every
    return [*merged.values(), *_constants(plan, merged)]


def parameter_object(parameter: Parameter) -> dict[str, Any]:
    """One parameter as OpenAPI writes it (``required`` set by the caller)."""
    made: dict[str, Any] = {"name": parameter.key, "in": parameter.location, "required": True}
    if parameter.description:
        made["description"] = parameter.description
    made["schema"] = parameter_schema(parameter)
    if isinstance(_single(parameter.type), ListType) and parameter.location == "query":
        made["style"], made["explode"] = "form", True
        if parameter.style == "indexed":
            made["x-postc-style"] = "indexed"
    example = typed_example(parameter.example, parameter.type, parameter.cases)
    if example is not None:
        made["example"] = example
    return made


def parameter_schema(parameter: Parameter) -> dict[str, Any]:
    """The schema of a parameter's type; its closed cases as ``enum`` (of its items for a
    list)."""
    schema = type_schema(parameter.type, REFS)
    if parameter.cases:
        target = schema["items"] if isinstance(_single(parameter.type), ListType) else schema
        target.pop("examples", None)
        target.pop("x-open-enum", None)
        target["enum"] = list(parameter.cases)
    return schema


def typed_example(text: str | None, expr: TypeExpr, cases: Sequence[str] = ()) -> JsonValue:
    """A saved value (text) as a value of a scalar type, or None when it is not one (a
    list's examples are joined text: none is written)."""
    scalar = _single(expr)
    if text is None or not isinstance(scalar, ScalarType) or (cases and text not in cases):
        return None
    if scalar.kind == "str":
        return text
    try:
        value = json.loads(text)
    except ValueError:
        return None
    fits = isinstance(value, _KINDS[scalar.kind])
    if scalar.kind != "bool":
        fits = fits and not isinstance(value, bool) and math.isfinite(value)
    return value if fits else None


def _single(expr: TypeExpr) -> object:
    return expr.variants[0] if len(expr.variants) == 1 else None


def _folded(parameter: Parameter) -> str:
    return parameter.key.lower() if parameter.location == "header" else parameter.key


def _constants(plan: Plan, taken: dict[tuple[str, str], Any]) -> list[dict[str, Any]]:
    """The client's constants, each required with its setting's value as example (never a
    secret one's), unless a method's own parameter has its place."""
    settings = {setting.name: setting for setting in plan.settings}
    made = []
    for location, key, name in plan.constants:
        folded = key.lower() if location == "header" else key
        if location not in PLACES or (location, folded) in taken:
            continue
        constant: dict[str, Any] = {
            "name": key,
            "in": location,
            "required": True,
            "schema": {"type": "string"},
            "x-postc-setting": name,
        }
        setting = settings.get(name)
        if setting is not None and not setting.secret and setting.default is not None:
            constant["example"] = setting.default
        made.append(constant)
    return made
