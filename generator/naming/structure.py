"""Structural keys of inferred types, and their rewriting, without recursion.

Inferred types can nest as deep as the JSON they came from, and the dataclasses' own
``==`` and ``hash`` recurse, so everything here walks the tree with an explicit stack and
never hashes or compares type nodes themselves: nodes are identified by ``id`` while the
roots keep them alive.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeAlias

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

Node: TypeAlias = TypeExpr | TypeVariant


def children(node: Node) -> tuple[Node, ...]:
    """The type nodes directly below ``node``."""
    return _CHILDREN[type(node)](node)


_CHILDREN: dict[type, Callable[[Any], tuple[Node, ...]]] = {
    TypeExpr: lambda node: node.variants,
    ListType: lambda node: (node.items,),
    TupleType: lambda node: node.items,
    MapType: lambda node: (node.values,),
    ObjectType: lambda node: tuple(field.type for field in node.fields),
    TaggedUnion: lambda node: tuple(target for _, target in node.variants),
    ScalarType: lambda node: (),
    ClassRef: lambda node: (),
}


def postorder(roots: Iterable[Node]) -> list[Node]:
    """Every node under ``roots`` once, each after all of its children.

    Naming walks the same forest several times; it takes this list once and hands it on.
    """
    seen: set[int] = set()
    order: list[Node] = []
    for root in roots:
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(children(node)))
    return order


def structural_keys(order: Sequence[Node], *, ordered: bool = False) -> dict[int, str]:
    """A digest of the structure of every node of ``order`` (a :func:`postorder`), by node id.

    Unordered (the default), two nodes get the same key iff they are the same type up to
    the order of object fields, union variants, enum cases and tag values: the identity of
    a class. Ordered keys also tell those orders apart, to pick one canonical spelling.
    Evidence, hints, paths and override names never count, as in the IR's own equality.
    A structure seen again (most are) is looked up, not hashed again.
    """
    keys: dict[int, str] = {}
    digests: dict[tuple[Any, ...], str] = {}
    for node in order:
        parts = _parts(node, [keys[id(child)] for child in children(node)], ordered)
        digest = digests.get(parts)
        if digest is None:
            text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
            digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
            digests[parts] = digest
        keys[id(node)] = digest
    return keys


def _parts(node: Node, below: list[str], ordered: bool) -> tuple[Any, ...]:
    """The node's own structure, its children by key; tuples, to look structures up (every
    leaf is a str or a bool, so no ``1 == True`` can make two structures equal)."""
    if isinstance(node, TypeExpr):
        return ("T", _order(below, ordered), node.nullable, node.placeholder)
    if isinstance(node, ScalarType):
        return ("S", node.kind, node.format, _order(list(node.enum), ordered))
    if isinstance(node, ListType):
        return ("L", below[0])
    if isinstance(node, TupleType):
        return ("U", tuple(below))
    if isinstance(node, MapType):
        return ("M", below[0])
    if isinstance(node, ObjectType):
        fields = [
            (field.key, key, field.required) for field, key in zip(node.fields, below, strict=True)
        ]
        return ("O", _order(fields, ordered))
    if isinstance(node, TaggedUnion):
        variants = [(value, key) for (value, _), key in zip(node.variants, below, strict=True)]
        return ("G", node.tag, _order(variants, ordered))
    return ("C", node.name)


def _order(items: list[Any], ordered: bool) -> tuple[Any, ...]:
    """Sorted unless order counts; object keys and tag values are unique, so sorting lists
    of them only ever compares their first items."""
    return tuple(items if ordered else sorted(items))


def rewrite(order: Sequence[Node], names: dict[int, str]) -> dict[int, Node]:
    """Every node of ``order`` (a :func:`postorder`) with its ObjectTypes replaced by
    ``ClassRef(names[id])``."""
    built: dict[int, Node] = {}
    for node in order:
        below = [built[id(child)] for child in children(node)]
        built[id(node)] = _rebuilt(node, below, names)
    return built


def _rebuilt(node: Node, below: list[Node], names: dict[int, str]) -> Node:
    if isinstance(node, ObjectType):
        return ClassRef(names[id(node)])
    if isinstance(node, TypeExpr):
        return TypeExpr(tuple(_variant(child) for child in below), node.nullable, node.placeholder)
    if isinstance(node, ListType):
        return ListType(as_expr(below[0]))
    if isinstance(node, TupleType):
        return TupleType(tuple(as_expr(child) for child in below))
    if isinstance(node, MapType):
        return MapType(as_expr(below[0]))
    if isinstance(node, TaggedUnion):
        targets = (_ref(child) for child in below)
        return TaggedUnion(
            node.tag, tuple(zip((value for value, _ in node.variants), targets, strict=True))
        )
    return node


def as_expr(node: Node) -> TypeExpr:
    """A rewritten TypeExpr (rewriting keeps every node's own class but ObjectType's)."""
    assert isinstance(node, TypeExpr)
    return node


def _variant(node: Node) -> TypeVariant:
    assert not isinstance(node, TypeExpr)
    return node


def _ref(node: Node) -> ClassRef:
    assert isinstance(node, ClassRef)
    return node
