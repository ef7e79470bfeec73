"""``postc schema``: the inferred models as one JSON Schema (draft 2020-12) document.

Each model is a ``$defs`` entry; ``x-postc-units`` says which examples each endpoint's
response, error and request bodies come from and which schema they follow. Objects stay
open (``additionalProperties``) because generated models keep unknown keys; open enums
accept any other string; formats are annotations, as the generated code only parses a
value it can write back unchanged.

Collections exported from OpenAPI hold placeholders instead of data (``"<integer>"``,
``"<boolean>"``); inference types those positions as what they declare, and the schema
also accepts a placeholder string where the examples hold one instead of a value, so that
it still describes every saved example.
"""

from __future__ import annotations

from typing import Any

from generator.ir import (
    ApiModels,
    ClassRef,
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

DRAFT = "https://json-schema.org/draft/2020-12/schema"
PLACEHOLDER = {"type": "string", "pattern": "^<[A-Za-z][^<>]{0,79}>$"}
# Where model references point: this document's ``$defs``; ``postc openapi`` passes its
# ``#/components/schemas/``, so both documents share one way of writing a type
DEFS = "#/$defs/"
OPEN_OBJECT = {"type": "object"}  # a tagged union's member for a tag it does not know
_SCALARS = {"bool": "boolean", "int": "integer", "float": "number", "str": "string"}


def schema_document(title: str, api: ApiModels) -> dict[str, Any]:
    """The whole document: a definition per model and the units that use them."""
    return {
        "$schema": DRAFT,
        "title": title,
        "$defs": {model.name: model_schema(model) for model in api.models},
        "x-postc-units": [
            {
                "endpoint": binding.endpoint,
                "operation": binding.operation,
                "role": binding.role,
                "status": binding.status,
                "schema": type_schema(binding.type),
                "examples": list(binding.examples),
            }
            for binding in api.bindings
        ],
    }


def model_schema(model: Model, refs: str = DEFS) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "title": model.name}
    if model.description:
        schema["description"] = model.description
    schema["properties"] = {field.key: type_schema(field.type, refs) for field in model.fields}
    required = [field.key for field in model.fields if field.required]
    if required:
        schema["required"] = required
    return schema


def type_schema(expr: TypeExpr, refs: str = DEFS) -> dict[str, Any]:
    """A TypeExpr as a subschema; no variants means any value; models are ``$ref``s to
    ``refs`` + their name."""
    if not expr.variants:
        return {}
    options = [_variant_schema(variant, refs) for variant in expr.variants]
    if expr.placeholder:
        options.append(PLACEHOLDER)
    if expr.nullable:
        options.append({"type": "null"})
    return options[0] if len(options) == 1 else {"anyOf": options}


def _variant_schema(variant: TypeVariant, refs: str) -> dict[str, Any]:
    if isinstance(variant, ScalarType):
        return _scalar_schema(variant)
    if isinstance(variant, ListType):
        return {"type": "array", "items": type_schema(variant.items, refs)}
    if isinstance(variant, TupleType):
        size = len(variant.items)
        return {
            "type": "array",
            "prefixItems": [type_schema(item, refs) for item in variant.items],
            "minItems": size,
            "maxItems": size,
        }
    if isinstance(variant, MapType):
        return {"type": "object", "additionalProperties": type_schema(variant.values, refs)}
    if isinstance(variant, ClassRef):
        return {"$ref": refs + variant.name}
    if isinstance(variant, TaggedUnion):
        return _tagged_schema(variant, refs)
    return _object_schema(variant, refs)


def _scalar_schema(scalar: ScalarType) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": _SCALARS[scalar.kind]}
    if scalar.format:
        schema["format"] = scalar.format
    if scalar.enum:
        schema["examples"] = list(scalar.enum)
        schema["x-open-enum"] = True
    return schema


def _tagged_schema(union: TaggedUnion, refs: str) -> dict[str, Any]:
    """Known tags select their class; an unknown tag is still an object (open union).

    The ``allOf`` of ``if``/``then`` validates exactly; the ``anyOf`` of the variants (and
    a last open object for an unknown tag) says the same to code generators that ignore
    conditionals (openapi-python-client types the field as the union only from it)."""
    known = [value for value, _ in union.variants]
    options = [
        {
            "if": {"properties": {union.tag: {"const": value}}, "required": [union.tag]},
            "then": _variant_schema(target, refs),
        }
        for value, target in union.variants
    ]
    return {
        "type": "object",
        "required": [union.tag],
        "properties": {union.tag: {"type": "string"}},
        "allOf": options,
        "anyOf": [*(_variant_schema(target, refs) for _, target in union.variants), OPEN_OBJECT],
        "x-discriminator": union.tag,
        "x-tags": known,
    }


def _object_schema(shape: ObjectType, refs: str) -> dict[str, Any]:
    """An unnamed object (only before naming, e.g. in tests)."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {field.key: type_schema(field.type, refs) for field in shape.fields},
    }
    required = [field.key for field in shape.fields if field.required]
    if required:
        schema["required"] = required
    return schema
