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


def _type(data: object) -> TypeExpr:
    variants, nullable, placeholder = _array(data, 3)
    return TypeExpr(
        tuple(_variant(v) for v in _list(variants)), _bool(nullable), _bool(placeholder)
    )


def _variant(data: object) -> TypeVariant:
    items = _list(data)
    tag = items[0] if items else None
    if tag == "s":
        _, kind, format_, enum = _array(items, 4)
        return ScalarType(_str(kind), _optional_str(format_), _strings(enum))
    if tag == "l":
        return ListType(_type(_array(items, 2)[1]))
    if tag == "t":
        return TupleType(tuple(_type(item) for item in _list(_array(items, 2)[1])))
    if tag == "m":
        return MapType(_type(_array(items, 2)[1]))
    if tag == "o":
        return _object(items)
    if tag == "c":
        return ClassRef(_str(_array(items, 2)[1]))
    if tag == "u":
        _, union_tag, cases = _array(items, 3)
        return TaggedUnion(_str(union_tag), tuple(_case(case) for case in _list(cases)))
    raise TypeDataError(f"unknown variant tag {tag!r}")


def _object(items: list[Any]) -> ObjectType:
    _, fields, hint, paths, name = _array(items, 5)
    return ObjectType(
        tuple(_field(f) for f in _list(fields)), _str(hint), _strings(paths), _optional_str(name)
    )


def _case(data: object) -> tuple[str, ObjectType | ClassRef]:
    value, case = _array(data, 2)
    variant = _variant(case)
    if not isinstance(variant, ObjectType | ClassRef):
        raise TypeDataError("a tagged union's case is not a class")
    return _str(value), variant


def _field(data: object) -> FieldType:
    key, type_, required, evidence = _array(data, 4)
    return FieldType(_str(key), _type(type_), _bool(required), _evidence(evidence))


def _evidence(data: object) -> FieldEvidence | None:
    if data is None:
        return None
    parents, present, nulls, kinds, documents, samples, scripts = _array(data, 7)
    return FieldEvidence(
        _int(parents),
        _int(present),
        _int(nulls),
        tuple(_kind(kind) for kind in _list(kinds)),
        _int(documents),
        _strings(samples),
        _strings(scripts),
    )


def _kind(data: object) -> tuple[str, int]:
    name, count = _array(data, 2)
    return _str(name), _int(count)


def _list(data: object) -> list[Any]:
    if type(data) is not list:
        raise TypeDataError("expected an array")
    return data


def _array(data: object, length: int) -> list[Any]:
    items = _list(data)
    if len(items) != length:
        raise TypeDataError(f"expected {length} items, not {len(items)}")
    return items


def _str(data: object) -> str:
    if type(data) is not str:
        raise TypeDataError("expected a string")
    return data


def _optional_str(data: object) -> str | None:
    return None if data is None else _str(data)


def _strings(data: object) -> tuple[str, ...]:
    return tuple(_str(item) for item in _list(data))


def _bool(data: object) -> bool:
    if type(data) is not bool:
        raise TypeDataError("expected a boolean")
    return data


def _int(data: object) -> int:
    if type(data) is not int:  # a bool is not a count
        raise TypeDataError("expected an integer")
    return data
