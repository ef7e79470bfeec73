"""Inferred types written as Python annotations (``list[FieldMapping]``, ``int | None``).

One function, shared by ``postc inspect`` and the templates, so a report and the
generated code never disagree on a type.
"""

from __future__ import annotations

from generator.escaping import py_str
from generator.ir import (
    ClassRef,
    ListType,
    MapType,
    ObjectType,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
    TypeVariant,
)

_FORMAT_TYPES = {"date-time": "datetime", "date": "date", "time": "time", "uuid": "UUID"}


def annotation(expr: TypeExpr, prefix: str = "") -> str:
    """The annotation of a value of type ``expr``; no variants is ``Any``.

    ``prefix`` qualifies model names (``models.`` gives ``list[models.Pet]``).
    """
    parts = [_variant(variant, prefix) for variant in expr.variants] or ["Any"]
    if expr.nullable:
        parts.append("None")
    return " | ".join(parts)


def _variant(variant: TypeVariant, prefix: str) -> str:
    if isinstance(variant, ScalarType):
        return _scalar(variant)
    if isinstance(variant, ListType):
        return f"list[{annotation(variant.items, prefix)}]"
    if isinstance(variant, TupleType):
        return f"tuple[{', '.join(annotation(item, prefix) for item in variant.items)}]"
    if isinstance(variant, MapType):
        return f"dict[str, {annotation(variant.values, prefix)}]"
    if isinstance(variant, ClassRef):
        return prefix + variant.name
    if isinstance(variant, TaggedUnion):
        members = [_variant(target, prefix) for _, target in variant.variants]
        return " | ".join([*members, "dict[str, Any]"])
    return _unnamed(variant)


def _scalar(scalar: ScalarType) -> str:
    if scalar.enum:
        cases = ", ".join(py_str(case) for case in scalar.enum)
        return f"Literal[{cases}] | str"
    if scalar.format in _FORMAT_TYPES:
        return _FORMAT_TYPES[scalar.format]
    return scalar.kind


def _unnamed(shape: ObjectType) -> str:
    """An object before naming: only reports of unnamed types show this."""
    return shape.name or (f"<object {shape.hint}>" if shape.hint else "<object>")
