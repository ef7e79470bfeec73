"""Class economy: how many classes a tool generates per distinct structural shape, and names.

A *class* is an object schema that a generator turns into a class: a named definition
(``$defs``/``definitions``) or, for genson's inline schemas, any object node, that has
``properties`` (quicktype's closed empty class, ``additionalProperties: false`` and no
properties, counts too: its Python output has ``class Args: pass``).

Its *structural shape* (inference.md §7.9) is computed recursively: the sorted JSON keys,
each with its type's shape and whether it is required; references are replaced by the
shape of their target (a reference back into a class being hashed becomes a relative
back-reference, so two identical recursive classes have one shape); maps hash by their
value shape, strings by their format and enum cases, unions by the set of their members.
Titles, descriptions and examples do not count. Classes ÷ distinct shapes is 1 when no
two classes of one output have the same shape.

Names: *numbered* names are collision suffixes (``Repo1`` beside ``Repo``; quicktype's
``Foo_1``); *adjective* names carry one of quicktype's collision prefixes
(``PurpleModel``, ``FluffyDatum``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

from inference.maps import resolve_pointer

Schema = Any

# quicktype-core Naming.ts funPrefixes (26.0.0), the prefixes it puts on colliding names.
ADJECTIVES = (
    "Purple",
    "Fluffy",
    "Tentacled",
    "Sticky",
    "Indigo",
    "Indecent",
    "Hilarious",
    "Ambitious",
    "Cunning",
    "Magenta",
    "Frisky",
    "Mischievous",
    "Braggadocious",
)
_ADJECTIVE = re.compile(rf"^(?:{'|'.join(ADJECTIVES)})(?=[A-Z0-9_])")
_NUMBERED = re.compile(r"^(.*?[A-Za-z])_?(\d+)$")
_IGNORED = frozenset(
    {"title", "description", "examples", "$comment", "default", "x-open-enum", "$schema"}
)


def is_class(schema: Schema) -> bool:
    """An object schema a generator makes a class of (see the module docstring)."""
    if not isinstance(schema, dict):
        return False
    if schema.get("type", "object") != "object":
        return False
    if "properties" in schema:
        return True
    return schema.get("additionalProperties", True) is False and "patternProperties" not in schema


def _digest(form: object) -> str:
    text = json.dumps(form, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha1(text.encode("ascii")).hexdigest()[:16]


class ShapeHasher:
    """Structural shapes of the subschemas of one document (``root``), memoised."""

    def __init__(self, root: Schema) -> None:
        self.root = root
        self._memo: dict[str, str] = {}

    def shape(self, schema: Schema) -> str:
        """The shape digest of ``schema``."""
        form, _ = self._form(schema, [])
        return _digest(form)

    def _form(self, schema: Schema, stack: list[str]) -> tuple[object, int]:
        """(canonical form, lowest stack index it refers back to, or len(stack) if none)."""
        if schema is True or schema == {}:
            return "any", len(stack)
        if schema is False:
            return "never", len(stack)
        if not isinstance(schema, dict):
            return ["?", repr(schema)], len(stack)
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._ref_form(ref, stack)
        low = len(stack)
        parts: dict[str, object] = {}
        for key, value in sorted(schema.items()):
            if key in _IGNORED or key.startswith("x-") or key in ("$defs", "definitions"):
                continue
            if key == "properties" and isinstance(value, dict):
                props = []
                for name in sorted(value):
                    sub, sub_low = self._form(value[name], stack)
                    low = min(low, sub_low)
                    props.append([name, sub])
                parts[key] = props
            elif key == "required" and isinstance(value, list):
                parts[key] = sorted(str(name) for name in value)
            elif key in ("anyOf", "oneOf") and isinstance(value, list):
                members = []
                for member in value:
                    sub, sub_low = self._form(member, stack)
                    low = min(low, sub_low)
                    members.append(_digest(sub))
                parts["union"] = sorted(set(members))
            elif key in ("allOf", "prefixItems") and isinstance(value, list):
                ordered: list[object] = []
                for member in value:
                    sub, sub_low = self._form(member, stack)
                    low = min(low, sub_low)
                    ordered.append(sub)
                parts[key] = ordered
            elif key == "type" and isinstance(value, list):
                parts[key] = sorted(str(kind) for kind in value)
            elif key == "enum" and isinstance(value, list):
                parts[key] = sorted(json.dumps(case, sort_keys=True) for case in value)
            elif isinstance(value, dict | bool) and key not in ("const", "enum", "default"):
                sub, sub_low = self._form(value, stack)
                low = min(low, sub_low)
                parts[key] = sub
            else:
                parts[key] = value
        if schema.get("x-open-enum") and isinstance(schema.get("examples"), list):
            parts["open-enum"] = sorted(json.dumps(case) for case in schema["examples"])
        return parts, low

    def _ref_form(self, ref: str, stack: list[str]) -> tuple[object, int]:
        if ref in stack:
            index = stack.index(ref)
            return ["back", len(stack) - index], index
        if ref in self._memo:
            return ["shape", self._memo[ref]], len(stack)
        stack.append(ref)
        try:
            form, low = self._form(resolve_pointer(self.root, ref), stack)
        finally:
            stack.pop()
        here = len(stack)
        if low >= here:  # refers back only into itself: the same wherever it is used
            self._memo[ref] = _digest(form)
            return ["shape", self._memo[ref]], here
        return form, low


def definition_classes(document: Schema, pointer: str) -> dict[str, str]:
    """Name → shape of the classes among the named definitions at ``pointer`` (``$defs``)."""
    hasher = ShapeHasher(document)
    definitions = document.get(pointer, {}) if isinstance(document, dict) else {}
    return {
        name: hasher.shape({"$ref": f"#/{pointer}/{_escape(name)}"})
        for name, schema in definitions.items()
        if is_class(schema)
    }


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def inline_classes(schema: Schema) -> list[str]:
    """Shapes of every class node of a self-contained schema (genson's), one per node."""
    hasher = ShapeHasher(schema)
    found: list[str] = []
    stack: list[Schema] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        if is_class(node):
            found.append(hasher.shape(node))
        for key, value in node.items():
            if key not in ("enum", "const", "examples", "default", "required"):
                if key == "properties" and isinstance(value, dict):
                    stack.extend(value.values())
                elif isinstance(value, dict | list):
                    stack.append(value)
    return found


def numbered_names(names: Iterable[str]) -> list[str]:
    """Names that are another name of the same module plus a number: ``Repo1`` beside ``Repo``.

    (Both dmcg and quicktype keep the first holder's name as is and number the others, so the
    stem is always there; ``Ps3``/``Ps4`` from keys ``ps3``/``ps4`` are not collisions.)
    """
    pool = set(names)
    numbered = []
    for name in pool:
        match = _NUMBERED.match(name)
        if match and (match.group(1) in pool or match.group(1).rstrip("_") in pool):
            numbered.append(name)
    return sorted(numbered)


def adjective_names(names: Iterable[str]) -> list[str]:
    """Names that start with one of quicktype's collision adjectives (``PurpleModel``)."""
    return sorted(name for name in set(names) if _ADJECTIVE.match(name))
