"""Inferred types (``generator.ir.TypeExpr`` trees) as JSON data, and back, checked.

The inference memo (``generator.memo``) keeps each unit's type in postc's cache, and
whatever is read back from the cache is untrusted (docs/security.md, "The cache"): it is
data, never something that builds objects or runs code on reading, as ``pickle`` does. So
a type is written as nested JSON arrays, one per node, and read back by a decoder that
knows each IR class and checks every value it takes: a wrong tag, arity or value type is
:class:`TypeDataError`, which the memo treats as a miss.

One array per node, fields in declaration order: ``TypeExpr`` is ``[variants, nullable,
placeholder]``; a variant starts with its tag (``s`` scalar, ``l`` list, ``t`` tuple, ``m``
map, ``o`` object, ``c`` class reference, ``u`` tagged union); a field is ``[key, type,
required, evidence]``, evidence ``null`` or ``[parents, present, nulls, kinds, documents,
samples, scripts]``. Fields left out of equality (hints, paths, evidence, an override's
name) are kept too: naming and the models read them.
"""

from __future__ import annotations

from typing import Any

from generator.ir import (
    ClassRef,
    FieldEvidence,
    FieldType,
    ListType,
    MapType,
    ObjectType,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
    TypeVariant,
)


class TypeDataError(ValueError):
    """The data is not a type this module wrote."""


# -- writing ----------------------------------------------------------------------------------


def type_data(expr: TypeExpr) -> list[Any]:
    """``expr`` as JSON data (lists, strings, numbers, booleans and nulls)."""
    return [[_variant_data(v) for v in expr.variants], expr.nullable, expr.placeholder]


def _variant_data(variant: TypeVariant) -> list[Any]:
    if isinstance(variant, ScalarType):
        return ["s", variant.kind, variant.format, list(variant.enum)]
    if isinstance(variant, ListType):
        return ["l", type_data(variant.items)]
    if isinstance(variant, TupleType):
        return ["t", [type_data(item) for item in variant.items]]
    if isinstance(variant, MapType):
        return ["m", type_data(variant.values)]
    if isinstance(variant, ObjectType):
        return _object_data(variant)
    if isinstance(variant, ClassRef):
        return ["c", variant.name]
    return ["u", variant.tag, [[value, _variant_data(case)] for value, case in variant.variants]]


def _object_data(node: ObjectType) -> list[Any]:
    fields = [
        [f.key, type_data(f.type), f.required, _evidence_data(f.evidence)] for f in node.fields
    ]
    return ["o", fields, node.hint, list(node.paths), node.name]


def _evidence_data(evidence: FieldEvidence | None) -> list[Any] | None:
    if evidence is None:
        return None
    return [
        evidence.parents,
        evidence.present,
        evidence.nulls,
        [list(pair) for pair in evidence.kinds],
        evidence.documents,
        list(evidence.samples),
        list(evidence.scripts),
    ]


# -- reading, every value checked -------------------------------------------------------------


def type_from_data(data: object) -> TypeExpr:
    """The type :func:`type_data` wrote as ``data``; :class:`TypeDataError` for anything else."""
    try:
        return _type(data)
    except RecursionError:  # nested deeper than any type inference makes
        raise TypeDataError("nested too deeply") from None


# Every node's values are checked against its layout in one comparison of their types
# (``map(type, ...)`` runs in C): a run reads the types of every unit, a thousand units
# and tens of thousands of nodes for a large collection.
_TYPE: list[type] = [list, bool, bool]
_FIELD: list[type] = [str, list, bool, list]
_FIELD_NO_EVIDENCE: list[type] = [str, list, bool, type(None)]
_EVIDENCE: list[type] = [int, int, int, list, int, list, list]
_KIND: list[type] = [str, int]
_SCALAR: list[type] = [str, str, list]
_OBJECT: list[type] = [list, str, list, str]


def _type(data: object) -> TypeExpr:
    variants, nullable, placeholder = _laid_out(data, _TYPE)
    return TypeExpr(tuple(map(_variant, variants)), nullable, placeholder)


def _variant(data: object) -> TypeVariant:
    if type(data) is not list or not data:
        raise TypeDataError("expected a variant")
    tag, *values = data
    if tag == "s":
        kind, format_, enum = _laid_out(values, _SCALAR, optional=1)
        return ScalarType(kind, format_, _strings(enum))
    if tag == "o":
        fields, hint, paths, name = _laid_out(values, _OBJECT, optional=3)
        return ObjectType(tuple(map(_field, fields)), hint, _strings(paths), name)
    if tag in ("l", "m") and len(values) == 1:
        inner = _type(values[0])
        return ListType(inner) if tag == "l" else MapType(inner)
    if tag == "t" and len(values) == 1 and type(values[0]) is list:
        return TupleType(tuple(map(_type, values[0])))
    if tag == "c" and len(values) == 1 and type(values[0]) is str:
        return ClassRef(values[0])
    if tag == "u" and [*map(type, values)] == [str, list]:
        return TaggedUnion(values[0], tuple(map(_case, values[1])))
    raise TypeDataError(f"not a variant: tag {tag!r} with {len(values)} values")


def _case(data: object) -> tuple[str, ObjectType | ClassRef]:
    if type(data) is not list or len(data) != 2 or type(data[0]) is not str:
        raise TypeDataError("expected a tagged union's case")
    variant = _variant(data[1])
    if not isinstance(variant, ObjectType | ClassRef):
        raise TypeDataError("a tagged union's case is not a class")
    return data[0], variant


def _field(data: object) -> FieldType:
    if type(data) is not list or [*map(type, data)] not in (_FIELD, _FIELD_NO_EVIDENCE):
        raise TypeDataError("expected a field")
    key, type_, required, evidence = data
    return FieldType(key, _type(type_), required, None if evidence is None else _evidence(evidence))


def _evidence(data: list[Any]) -> FieldEvidence:
    parents, present, nulls, kinds, documents, samples, scripts = _laid_out(data, _EVIDENCE)
    for kind in kinds:
        _laid_out(kind, _KIND)
    return FieldEvidence(
        parents,
        present,
        nulls,
        tuple(map(tuple, kinds)),
        documents,
        _strings(samples),
        _strings(scripts),
    )


def _laid_out(data: object, layout: list[type], optional: int | None = None) -> list[Any]:
    """``data``, an array whose values have the types of ``layout`` (exactly: a bool is not
    an int); the value at ``optional`` may also be null."""
    if type(data) is not list:
        raise TypeDataError("expected an array")
    found = [*map(type, data)]
    if optional is not None and optional < len(found) and data[optional] is None:
        found[optional] = layout[optional]
    if found != layout:
        raise TypeDataError(f"expected values of {[kind.__name__ for kind in layout]}")
    return data


def _strings(data: list[Any]) -> tuple[str, ...]:
    if data and {*map(type, data)} != {str}:
        raise TypeDataError("expected strings")
    return tuple(data)
