"""What a collection's test scripts claim of a response body, and how those claims meet the
types inferred from its examples (docs/scripts.md, "Types from scripts").

A ``Claim`` describes one position of a body: the JSON kinds it may have, a string format
or enum cases, the keys named below it, its array items or map values. It is built from
the scripts (``generator.scripts.types``), never from example bodies, and it is *partial*:
it speaks only of the keys it names, so it never makes an example's other fields optional.

Two ways of combining, for two kinds of evidence:

- ``meet``: the checks of one response's scripts are all meant to hold of that response at
  once, so their claims combine by conjunction (a key one check requires is required, the
  kinds are those every check admits);
- ``refine``: examples are facts about other responses, so a claim joins them the way
  another example body would (a union: the kinds add up, a key is required only when
  the examples and the claim both always have it). A schema is stronger than an example
  where it can say more: its formats and enum cases are taken as given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import reduce

from generator.infer.paths import items_path, key_path, values_path
from generator.ir import (
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

# The kinds a claim may admit: JSON's, with ``number`` for "an int or a float, whichever the
# examples show" (chai's ``a('number')``, ``above``), apart from JSON Schema's ``number``,
# which is a ``float`` (it says fractions are allowed).
KINDS = frozenset({"str", "int", "float", "number", "bool", "array", "object", "null"})
_NUMBERS = frozenset({"int", "float"})
_CONTAINERS = (ObjectType, MapType, TaggedUnion)
_OBJECT = frozenset({"object"})
_ARRAY = frozenset({"array"})


# A key a claim names: the claim on its value, and what the claim says of its presence:
# True required, False optional (a schema's property it does not require), None nothing (a
# key one request's checks name and another's do not: that one's responses may have it).
Field = tuple[str, "Claim", "bool | None"]


@dataclass(frozen=True)
class Claim:
    """What the scripts claim of one position of a body.

    ``kinds`` None: no claim on the kind (a presence check); ``alternatives``: the kinds are
    what one check cannot tell apart (chai's ``lengthOf`` holds of an array or a string), so
    where the examples show one of them the claim adds none of the others. ``fields`` are
    the keys named below it with what the claim says of their presence; ``items`` the claim
    on array items, ``values`` on the values of an object used as a map; ``sources`` the
    JSON paths of the scripts the claim comes from (``item[2].event[0]``).
    """

    kinds: frozenset[str] | None = None
    alternatives: bool = False
    format: str | None = None
    enum: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    items: Claim | None = None
    values: Claim | None = None
    sources: frozenset[str] = frozenset()


def meet(claims: Sequence[Claim]) -> Claim:
    """All the claims at once: what one response satisfying every check of its scripts is.
    Each key's claims are met together, so the time is linear in the claims' total size."""
    if len(claims) == 1:
        return claims[0]
    grouped = _grouped(claims)
    return Claim(
        kinds=reduce(_meet_kinds, (claim.kinds for claim in claims)) or None,
        alternatives=_alternatives(claims),
        format=reduce(_meet_format, (claim.format for claim in claims)),
        enum=reduce(_meet_enum, (claim.enum for claim in claims)),
        fields=tuple(
            (key, meet([sub for sub, _ in subs]), _both_present([p for _, p in subs]))
            for key, subs in grouped.items()
        ),
        items=_each(meet, [claim.items for claim in claims]),
        values=_each(meet, [claim.values for claim in claims]),
        sources=frozenset().union(*(claim.sources for claim in claims)),
    )


def join(claims: Sequence[Claim]) -> Claim:
    """Any of the claims: what the responses of several requests that share one endpoint
    are (as their bodies would pool). A key not all of them name is not known to be there:
    its presence is left to the examples (and optional where only scripts speak of it)."""
    if len(claims) == 1:
        return claims[0]
    grouped = _grouped(claims)
    kinds = [claim.kinds for claim in claims if claim.kinds is not None]
    formats = {claim.format for claim in claims}
    enums = [claim.enum for claim in claims]
    return Claim(
        kinds=frozenset().union(*kinds) if len(kinds) == len(claims) else None,
        alternatives=_alternatives(claims),
        format=formats.pop() if len(formats) == 1 else None,
        enum=tuple(sorted(set().union(*enums))) if all(enums) else (),
        fields=tuple(
            (
                key,
                join([sub for sub, _ in subs]),
                _either_present([p for _, p in subs] + [None] * (len(claims) - len(subs))),
            )
            for key, subs in grouped.items()
        ),
        items=_each(join, [claim.items for claim in claims]),
        values=_each(join, [claim.values for claim in claims]),
        sources=frozenset().union(*(claim.sources for claim in claims)),
    )


def _alternatives(claims: Sequence[Claim]) -> bool:
    """Combined kinds are alternatives only when every claim on a kind gave alternatives."""
    with_kinds = [claim for claim in claims if claim.kinds is not None]
    return bool(with_kinds) and all(claim.alternatives for claim in with_kinds)


def _both_present(presences: Sequence[bool | None]) -> bool | None:
    """A key's presence when all the claims hold at once: required if one requires it."""
    if True in presences:
        return True
    return False if False in presences else None


def _either_present(presences: Sequence[bool | None]) -> bool | None:
    """A key's presence when any of the claims holds: optional if one lets it be absent,
    required if all require it, else unknown."""
    if False in presences:
        return False
    return True if all(presences) else None


def _grouped(claims: Sequence[Claim]) -> dict[str, list[tuple[Claim, bool | None]]]:
    """The claims on each key the claims name, in the order the keys are first named."""
    grouped: dict[str, list[tuple[Claim, bool | None]]] = {}
    for claim in claims:
        for key, sub, required in claim.fields:
            grouped.setdefault(key, []).append((sub, required))
    return grouped


def _each(combine: Callable[[Sequence[Claim]], Claim], claims: list[Claim | None]) -> Claim | None:
    """``combine`` of the claims that say something (a claim silent on the items is none)."""
    present = [claim for claim in claims if claim is not None]
    return combine(present) if present else None


def _meet_kinds(
    first: frozenset[str] | None, second: frozenset[str] | None
) -> frozenset[str] | None:
    """The kinds both admit (an ``int`` is a ``number`` and a JSON Schema ``number``); an
    empty set when they contradict each other, which stays empty and ends as no claim at
    all (``meet``): nothing is sure then."""
    if first is None or second is None:
        return first if second is None else second
    both = {_narrower(a, b) for a in first for b in second}
    return frozenset(kind for kind in both if kind is not None)


def _narrower(first: str, second: str) -> str | None:
    if first == second:
        return first
    pair = {first, second}
    if pair == _NUMBERS:
        return "int"
    if "number" in pair and pair & _NUMBERS:
        return (pair - {"number"}).pop()
    return None


def _meet_format(first: str | None, second: str | None) -> str | None:
    if first is None or second is None:
        return first or second
    return first if first == second else None


def _meet_enum(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    if not first or not second:
        return first or second
    return tuple(case for case in first if case in second)


def along(path: tuple[str | int | None, ...], claim: Claim) -> Claim:
    """The claim on the whole body that ``claim`` holds at ``path``: every key on the way
    is there, in an object (reading below a missing key throws, and the check fails), every
    index an item of an array."""
    for segment in reversed(path):
        if isinstance(segment, str):
            claim = Claim(_OBJECT, fields=((segment, claim, True),), sources=claim.sources)
        else:
            claim = Claim(_ARRAY, items=claim, sources=claim.sources)
    return claim


def refine(expr: TypeExpr | None, claim: Claim, *, path: str, hint: str) -> TypeExpr:
    """The type of a position the examples typed ``expr`` (None: no example reached it)
    once the scripts' ``claim`` joins them, as one more body would."""
    if expr is None or (not expr.variants and not expr.nullable):
        return _claimed(claim, path=path, hint=hint)
    variants = [_refined(variant, claim, path=path, hint=hint) for variant in expr.variants]
    nullable = expr.nullable
    kinds = _kinds(claim)
    if claim.alternatives and any(_holds(v, kind) for v in variants for kind in kinds):
        return replace(expr, variants=tuple(variants))
    for kind in sorted(kinds):
        if kind == "null":
            nullable = True
        elif not any(_holds(variant, kind) for variant in variants):
            variants = _widened(variants, kind) or [
                *variants,
                _variant(kind, claim, path=path, hint=hint),
            ]
    return replace(expr, variants=tuple(variants), nullable=nullable)


def describes_model(expr: TypeExpr) -> bool:
    """Whether a body of this type is what a model describes: objects or arrays only, with
    a class among them or below (``list[Any] | str`` is no better than parsed JSON)."""
    if not expr.variants or not all(_is_container(v) for v in expr.variants):
        return False
    pending = list(expr.variants)
    while pending:
        variant = pending.pop()
        if isinstance(variant, (ObjectType, TaggedUnion)):
            return True
        if isinstance(variant, ListType):
            pending.extend(variant.items.variants)
        elif isinstance(variant, MapType):
            pending.extend(variant.values.variants)
        elif isinstance(variant, TupleType):
            pending.extend(v for item in variant.items for v in item.variants)
    return False


def _is_container(variant: TypeVariant) -> bool:
    return isinstance(variant, (*_CONTAINERS, ListType, TupleType))


def _kinds(claim: Claim) -> frozenset[str]:
    """The kinds the claim admits; without a kind claim, the one its structure implies."""
    if claim.kinds is not None:
        return claim.kinds
    if claim.fields or claim.values is not None:
        return frozenset({"object"})
    if claim.items is not None:
        return frozenset({"array"})
    return frozenset()


def _holds(variant: TypeVariant, kind: str) -> bool:
    """Whether the examples' variant already admits the claimed kind."""
    if kind == "object":
        return isinstance(variant, _CONTAINERS)
    if kind == "array":
        return isinstance(variant, (ListType, TupleType))
    if not isinstance(variant, ScalarType):
        return False
    if kind == "number":
        return variant.kind in _NUMBERS
    if kind == "int":
        return variant.kind in _NUMBERS  # a float admits ints
    return variant.kind == kind


def _widened(variants: list[TypeVariant], kind: str) -> list[TypeVariant] | None:
    """An ``int`` the examples show becomes ``float`` when the claim admits fractions, as
    int and float examples together give float."""
    if kind != "float":
        return None
    ints = [i for i, v in enumerate(variants) if isinstance(v, ScalarType) and v.kind == "int"]
    if not ints:
        return None
    return [ScalarType("float") if i in ints else v for i, v in enumerate(variants)]


def _claimed(claim: Claim, *, path: str, hint: str) -> TypeExpr:
    """The type of a position only the scripts speak of."""
    kinds = {"float" if kind == "number" else kind for kind in _kinds(claim)}
    if "float" in kinds:
        kinds.discard("int")  # int and float together give float, as in inference
    order = ("object", "array", "str", "float", "int", "bool")
    variants = tuple(_variant(kind, claim, path=path, hint=hint) for kind in order if kind in kinds)
    return TypeExpr(variants, nullable="null" in kinds)


def _variant(kind: str, claim: Claim, *, path: str, hint: str) -> TypeVariant:
    """A variant of the claimed kind, from the claim alone."""
    if kind == "object" and claim.fields:
        fields = tuple(
            _field(None, key, sub, required is True, path=path)
            for key, sub, required in claim.fields
        )
        return ObjectType(fields, hint=hint, paths=(path,))
    if kind == "object":  # no key named: a map, of the claimed values or of anything
        values = claim.values or Claim()
        return MapType(refine(None, values, path=values_path(path), hint=hint))
    if kind == "array":
        items = claim.items or Claim()
        return ListType(refine(None, items, path=items_path(path), hint=hint))
    if kind == "str":
        return ScalarType("str", None if claim.enum else claim.format, claim.enum)
    return ScalarType("float" if kind == "number" else kind)


def _refined(variant: TypeVariant, claim: Claim, *, path: str, hint: str) -> TypeVariant:
    """An example's variant with what the claim says of the same kind."""
    if isinstance(variant, ObjectType):
        return _object(variant, claim, path=path) if claim.fields else variant
    if isinstance(variant, TaggedUnion):
        return replace(
            variant,
            variants=tuple(
                (tag, _object(each, claim, path=path) if isinstance(each, ObjectType) else each)
                for tag, each in variant.variants
            ),
        )
    if isinstance(variant, MapType):
        return MapType(_map_values(variant.values, claim, path=path, hint=hint))
    if isinstance(variant, ListType) and claim.items is not None:
        return ListType(refine(variant.items, claim.items, path=items_path(path), hint=hint))
    if isinstance(variant, ScalarType) and variant.kind == "str" and (claim.enum or claim.format):
        if claim.enum:
            return ScalarType("str", None, tuple(sorted({*variant.enum, *claim.enum})))
        return ScalarType("str", claim.format, variant.enum)
    return variant


def _map_values(values: TypeExpr, claim: Claim, *, path: str, hint: str) -> TypeExpr:
    """A map stays a map: what the claim says of its keys (data, not fields) and of its
    values types its values."""
    where = values_path(path)
    for _, sub, _ in claim.fields:
        values = refine(values, sub, path=where, hint=hint)
    if claim.values is not None:
        values = refine(values, claim.values, path=where, hint=hint)
    return values


def _object(node: ObjectType, claim: Claim, *, path: str) -> ObjectType:
    """The examples' class with the claimed keys: a key both know is required when both
    always have it (the examples decide where the claim says nothing of its presence); a
    key only the claim names is optional, since the examples showed objects without it."""
    claimed = {key: (sub, required) for key, sub, required in claim.fields}
    fields = []
    for field in node.fields:
        known = claimed.pop(field.key, None)
        if known is None:
            fields.append(field)
            continue
        sub, required = known
        fields.append(_field(field, field.key, sub, required is not False, path=path))
    fields.extend(_field(None, key, sub, False, path=path) for key, (sub, _) in claimed.items())
    return replace(node, fields=tuple(fields))


def _field(
    field: FieldType | None, key: str, claim: Claim, required: bool, *, path: str
) -> FieldType:
    """A field typed by the examples (``field``, or None) and the claim, with the scripts
    named among its evidence."""
    child = key_path(path, key)
    type_ = refine(field.type if field else None, claim, path=child, hint=key)
    evidence = field.evidence if field is not None else None
    scripts = tuple(sorted(claim.sources | set(evidence.scripts if evidence else ())))
    if evidence is None:
        evidence = FieldEvidence(parents=0, present=0, nulls=0, kinds=(), documents=0)
    return FieldType(
        key,
        type_,
        required and (field.required if field is not None else True),
        replace(evidence, scripts=scripts),
    )
