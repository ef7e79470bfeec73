"""Map versus class at the positions of LABELS.tsv, read off a JSON Schema.

A position is written as in LABELS.tsv: ``$``, ``$.data``, ``$[].files`` (``.key`` steps into
an object, ``[]`` into array items). It is looked up in a schema by following ``$ref``
(``#/$defs/…`` or ``#/definitions/…``, any JSON pointer into the root document), the
members of ``anyOf``/``oneOf``/``type`` lists, the ``then`` branches of an ``allOf`` of
``if``/``then`` (a tagged union), ``properties``, ``patternProperties`` and
``additionalProperties`` for a key, and ``items``/``prefixItems`` for ``[]``.

What the schema makes of the object found there:

- ``map``: no ``properties``, and ``patternProperties`` or an ``additionalProperties`` that
  is not ``false`` (a schema, ``true``, or absent: genson's ``{"type": "object"}`` for
  ``{}``, which datamodel-code-generator renders as ``dict[str, Any]``);
- ``class``: ``properties`` (even empty), or no properties with ``additionalProperties:
  false`` (quicktype's closed empty class for ``{}``);
- ``any``: no object schema, only an unconstrained ``{}``/``true``;
- ``missing``: the path leads nowhere (e.g. a scalar, or a key a closed class lacks);
- ``mixed``: object alternatives that disagree.

LABELS ``either`` counts as correct whatever the schema says. Maps are the positive class:
precision = correct maps ÷ positions read as ``map``; recall = correct maps ÷ positions
labelled ``map`` (plus ``either`` positions read as ``map``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Schema = Any  # a JSON Schema: a dict or a boolean

_STEP = re.compile(r"\.([^.\[]+)|\[\]")


@dataclass(frozen=True)
class Label:
    file: str
    path: str
    expected: str  # "map", "class" or "either"
    confidence: str
    note: str


def parse_labels(text: str) -> list[Label]:
    """LABELS.tsv rows, one Label per path (``$.a / $.b`` gives two)."""
    labels = []
    lines = text.splitlines()
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = [*line.split("\t"), "", "", "", "", ""][:5]
        file, paths, expected, confidence, note = cells
        kind = expected.strip().split("[", 1)[0].strip()
        if kind not in ("map", "class", "either"):
            raise ValueError(f"LABELS.tsv: unknown expectation {expected!r} for {file}")
        for path in paths.split(" / "):
            labels.append(Label(file, path.strip(), kind, confidence, note))
    return labels


def parse_path(path: str) -> list[str | None]:
    """``$[].files`` → ``[None, "files"]`` (``None`` = array items)."""
    if not path.startswith("$"):
        raise ValueError(f"not a path: {path!r}")
    rest = path[1:]
    steps: list[str | None] = []
    position = 0
    while position < len(rest):
        match = _STEP.match(rest, position)
        if match is None:
            raise ValueError(f"cannot read {path!r} at {rest[position:]!r}")
        steps.append(match.group(1))
        position = match.end()
    return steps


def resolve_pointer(root: Schema, ref: str) -> Schema:
    """The subschema a local ``$ref`` (``#/…``) points to."""
    if not ref.startswith("#"):
        raise ValueError(f"only local references are followed: {ref!r}")
    node = root
    for raw in ref[1:].split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def alternatives(schema: Schema, root: Schema, _depth: int = 0) -> Iterator[Schema]:
    """The concrete schemas ``schema`` may be: references followed, unions spread out."""
    if _depth > 64:
        return
    if schema is True or schema == {}:
        yield {}
        return
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        yield from alternatives(resolve_pointer(root, schema["$ref"]), root, _depth + 1)
        return
    spread = False
    for keyword in ("anyOf", "oneOf"):
        if isinstance(schema.get(keyword), list):
            spread = True
            for member in schema[keyword]:
                yield from alternatives(member, root, _depth + 1)
    branches = [
        part["then"]
        for part in schema.get("allOf", [])
        if isinstance(part, dict) and isinstance(part.get("then"), dict | bool)
    ]
    for branch in branches:
        spread = True
        yield from alternatives(branch, root, _depth + 1)
    types = schema.get("type")
    if isinstance(types, list) and len(types) > 1:
        spread = True
        for kind in types:
            yield {**schema, "type": kind}
    if not spread:
        yield schema


def _is_object(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if kind is not None:
        return bool(kind == "object")
    return any(key in schema for key in ("properties", "additionalProperties", "patternProperties"))


def _is_array(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if kind is not None:
        return bool(kind == "array")
    return "items" in schema or "prefixItems" in schema


def _child(schema: dict[str, Any], step: str | None) -> list[Schema]:
    if step is None:
        if not _is_array(schema):
            return []
        children: list[Schema] = list(schema.get("prefixItems", []))
        items = schema.get("items", {})
        if items is not False:
            children.append(items)
        return children
    if not _is_object(schema):
        return []
    properties = schema.get("properties", {})
    if isinstance(properties, dict) and step in properties:
        return [properties[step]]
    patterns = schema.get("patternProperties", {})
    matched = [sub for pattern, sub in patterns.items() if re.search(pattern, step)]
    if matched:
        return matched
    extra = schema.get("additionalProperties", True)
    return [] if extra is False else [extra]


def lookup(schema: Schema, root: Schema, path: str) -> list[Schema]:
    """The concrete schemas at ``path`` (empty when the schema has nothing there)."""
    here = list(alternatives(schema, root))
    for step in parse_path(path):
        found: list[Schema] = []
        for alternative in here:
            if alternative == {}:
                found.append({})  # anything goes, and so does anything below
                continue
            for child in _child(alternative, step):
                found.extend(alternatives(child, root))
        here = found
    return here


def shape_of(schema: dict[str, Any]) -> str:
    """``map`` or ``class`` for one object schema (see the module docstring)."""
    if "properties" in schema:
        return "class"
    if "patternProperties" in schema or schema.get("additionalProperties", True) is not False:
        return "map"
    return "class"


def classify(schema: Schema, root: Schema, path: str) -> str:
    """``map``, ``class``, ``any``, ``missing`` or ``mixed`` at ``path``."""
    found = lookup(schema, root, path)
    objects = [alt for alt in found if isinstance(alt, dict) and alt != {} and _is_object(alt)]
    if objects:
        shapes = {shape_of(alt) for alt in objects}
        return shapes.pop() if len(shapes) == 1 else "mixed"
    if any(alt == {} for alt in found):
        return "any"
    return "missing"


@dataclass(frozen=True)
class MapScore:
    true_maps: int
    false_maps: int
    missed_maps: int

    @property
    def precision(self) -> float | None:
        called = self.true_maps + self.false_maps
        return self.true_maps / called if called else None

    @property
    def recall(self) -> float | None:
        actual = self.true_maps + self.missed_maps
        return self.true_maps / actual if actual else None


def correct(expected: str, found: str) -> bool:
    if expected == "either":
        return True
    return expected == found


def score(results: list[tuple[str, str]]) -> MapScore:
    """Precision/recall of ``map`` over (expected, found) pairs."""
    true_maps = false_maps = missed_maps = 0
    for expected, found in results:
        if found == "map":
            if expected in ("map", "either"):
                true_maps += 1
            else:
                false_maps += 1
        elif expected == "map":
            missed_maps += 1
    return MapScore(true_maps, false_maps, missed_maps)
