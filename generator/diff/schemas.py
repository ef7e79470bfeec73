"""An OpenAPI 3.1 schema as flat fields: what a caller sends or reads, path by path.

A body's schema becomes one :class:`Field` per position (``""`` the body itself, ``id``,
``items[]``, ``items[].id``, ``meta{}`` for a map's values, ``pair[0]`` for a tuple's),
each with the JSON types it may hold, whether it must be present, and its enum cases.
Comparing two bodies is then comparing two sets of fields: how the schema spells them
(``$ref`` or inline, ``anyOf`` order, ``type: [a, b]`` or ``anyOf``) no longer matters.

``$ref``s point into ``#/components/schemas`` only (what ``postc openapi`` writes); a
recursive model is followed once along each path (``children[]`` is kept, its own
children are not) and noted once; a cycle of bare ``$ref``s, which describes no value,
is an error. Every problem is a :class:`DocumentError` at a JSON path; the caller adds
the file name. Nesting is bounded, so no document can exhaust Python's stack.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.infer.evidence import kind_of
from generator.loader.validate import JsonPath, format_path, json_type
from generator.schema_doc import PLACEHOLDER

SCHEMAS = "#/components/schemas/"
MAX_FIELD_DEPTH = 48
"""Fields nested deeper are not compared (and a note says so): no API nests that deep."""
MAX_SCHEMA_DEPTH = 240
"""Schema objects open at once (fields, ``$ref``s, ``anyOf``s...): beyond, an error."""
MAX_FIELDS = 100_000
"""Fields of a whole document: ``$ref``s reused at every level expand exponentially. The
largest corpus document (Stripe) has 7,725; a document built to expand is refused after
about 4 s."""

_TYPES = frozenset({"array", "boolean", "integer", "null", "number", "object", "string"})
_SCHEMA_TYPES = {
    "null": "null",
    "bool": "boolean",
    "int": "integer",
    "float": "number",
    "str": "string",
    "array": "array",
}
_ANNOTATIONS = frozenset({"description", "title", "examples", "example", "deprecated"})

Schema = tuple[Any, JsonPath]
"""A schema and where it is in the document."""


class DocumentError(Exception):
    """A document postc diff cannot read: what is wrong and at which JSON path."""

    def __init__(self, path: JsonPath, message: str) -> None:
        super().__init__(message)
        self.path = format_path(path)
        self.message = message


@dataclass(frozen=True, order=True)
class Field:
    """One position of a body: its JSON types (``string(date-time)`` for a format, ``any``
    for an unconstrained value), whether it must be present, its enum cases as JSON text
    (``closed``: only those are allowed; open: postc's known cases of any string)."""

    path: str
    parent: str | None
    types: frozenset[str]
    required: bool
    cases: frozenset[str] = frozenset()
    closed: bool = False


@dataclass
class _Summary:
    """What one or more schemas at one position say, ``$ref``s and combinators resolved."""

    types: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)
    closed: bool = False
    properties: dict[str, list[Schema]] = field(default_factory=dict)
    required: set[str] | None = None  # None: no object variant seen
    items: list[Schema] = field(default_factory=list)
    values: list[Schema] = field(default_factory=list)
    positions: list[list[Schema]] = field(default_factory=list)
    refs: set[str] = field(default_factory=set)

    def union(self, other: _Summary) -> None:
        """Either schema's values (``anyOf``): a key is required where every object is."""
        self.closed = (self.closed or self._neutral()) and (other.closed or other._neutral())
        self.types |= other.types
        self.cases |= other.cases
        self._children(other)
        if other.required is not None:
            self.required = (
                set(other.required) if self.required is None else self.required & other.required
            )

    def _neutral(self) -> bool:
        """No cases and no value but null: leaves a union's cases closed (a nullable enum)."""
        return not self.cases and self.types <= {"null"}

    def meet(self, other: _Summary) -> None:
        """Both schemas' constraints (``allOf``, ``$ref`` with siblings)."""
        if "any" in self.types:
            self.types = set(other.types)
        elif "any" not in other.types:
            self.types = _common_types(self.types, other.types)
        if other.cases:
            self.closed = (self.closed and bool(self.cases)) or other.closed
            self.cases = self.cases & other.cases if self.cases else set(other.cases)
        self._children(other)
        if other.required is not None:
            self.required = (self.required or set()) | other.required

    def _children(self, other: _Summary) -> None:
        for key, schemas in other.properties.items():
            self.properties.setdefault(key, []).extend(schemas)
        self.items.extend(other.items)
        self.values.extend(other.values)
        for index, schemas in enumerate(other.positions):
            if index < len(self.positions):
                self.positions[index].extend(schemas)
            else:
                self.positions.append(list(schemas))
        self.refs |= other.refs


def _common_types(left: set[str], right: set[str]) -> set[str]:
    """The types both sets allow: an integer is a number, a formatted string a string."""
    common = left & right
    if ("integer" in left and "number" in right) or ("number" in left and "integer" in right):
        common.add("integer")
    common |= {t for t in left if t.startswith("string(") and "string" in right}
    common |= {t for t in right if t.startswith("string(") and "string" in left}
    return common


class SchemaReader:
    """Flattens the schemas of one document, resolving its ``$ref``s; collects notes."""

    def __init__(self, components: Mapping[str, Any]) -> None:
        self._components = components
        self._count = 0
        self.notes: set[str] = set()

    def fields(self, schema: Any, at: JsonPath) -> tuple[Field, ...]:
        """The fields of the value ``schema`` describes (the value itself at path ``""``)."""
        found: list[Field] = []
        self._flatten([(schema, at)], "", None, True, frozenset(), found, 0)
        return tuple(sorted(found))

    def _flatten(
        self,
        schemas: list[Schema],
        path: str,
        parent: str | None,
        required: bool,
        ancestry: frozenset[str],
        found: list[Field],
        depth: int,
    ) -> None:
        summary = self._joined(schemas, (), depth)
        found.append(
            Field(
                path,
                parent,
                frozenset(summary.types),
                required,
                frozenset(summary.cases),
                summary.closed and bool(summary.cases),
            )
        )
        self._count += 1
        if self._count > MAX_FIELDS:
            raise DocumentError(schemas[0][1], f"schemas expand to over {MAX_FIELDS} fields")
        recursive = summary.refs & ancestry
        if recursive:
            names = ", ".join(sorted(recursive))
            self.notes.add(f"recursive schema {names}: compared down to its first repetition")
            return
        if depth >= MAX_FIELD_DEPTH:
            self.notes.add(f"fields nested deeper than {MAX_FIELD_DEPTH} levels not compared")
            return
        inside = ancestry | summary.refs
        for child, child_schemas, child_required in _children(summary, path):
            self._flatten(child_schemas, child, path, child_required, inside, found, depth + 1)

    def _joined(self, schemas: list[Schema], resolving: tuple[str, ...], depth: int) -> _Summary:
        """Schemas any of which the value may follow (``anyOf``, or one property that
        several variants have), joined."""
        joined: _Summary | None = None
        for schema, at in schemas:
            one = self._schema(schema, at, resolving, depth)
            if joined is None:
                joined = one
            else:
                joined.union(one)
        return joined or _Summary()

    def _schema(
        self, schema: Any, at: JsonPath, resolving: tuple[str, ...], depth: int
    ) -> _Summary:
        """One schema object: its own keywords met with its ``$ref`` and ``allOf``, joined
        with its ``anyOf``/``oneOf``."""
        depth += 1
        if depth > MAX_SCHEMA_DEPTH:
            raise DocumentError(at, f"schema nested deeper than {MAX_SCHEMA_DEPTH} levels")
        if schema is True:
            return _Summary(types={"any"}, closed=False)
        if schema is False:
            return _Summary(closed=False)
        if not isinstance(schema, dict):
            raise DocumentError(
                at, f"expected a schema (an object or a boolean), got {json_type(schema)}"
            )
        summary = _own(schema, at)
        if "$ref" in schema:
            target = self._ref(schema["$ref"], (*at, "$ref"), resolving, depth)
            if set(schema) - {"$ref"} - _ANNOTATIONS:
                target.meet(summary)
            summary = target
        members = _list(schema, "allOf", at)
        for member, where in members:
            if not _conditional(member):
                summary.meet(self._schema(member, where, resolving, depth))
        then = [(m["then"], (*where, "then")) for m, where in members if _conditional(m)]
        alternatives = _list(schema, "anyOf", at) + _list(schema, "oneOf", at) + then
        kept = [(option, where) for option, where in alternatives if option != PLACEHOLDER]
        if kept:  # postc's allowance for "<integer>" stand-ins is not a type
            summary.meet(self._joined(kept, resolving, depth))
        return summary

    def _ref(
        self, reference: Any, at: JsonPath, resolving: tuple[str, ...], depth: int
    ) -> _Summary:
        if not isinstance(reference, str):
            raise DocumentError(at, f"expected a string, got {json_type(reference)}")
        if not reference.startswith(SCHEMAS):
            raise DocumentError(
                at, f"{reference!r}: postc diff follows only $refs into {SCHEMAS[:-1]}"
            )
        name = reference[len(SCHEMAS) :]
        if "/" in name or "~" in name or name not in self._components:
            raise DocumentError(at, f"{reference!r}: no such schema in {SCHEMAS[:-1]}")
        if name in resolving:
            cycle = " -> ".join((*resolving[resolving.index(name) :], name))
            raise DocumentError(at, f"$ref cycle describing no value: {cycle}")
        target = ("components", "schemas", name)
        summary = self._schema(self._components[name], target, (*resolving, name), depth)
        summary.refs.add(name)
        return summary


def _children(summary: _Summary, path: str) -> Iterator[tuple[str, list[Schema], bool]]:
    """Each child position: its path, its schemas, whether it must be present."""
    required = summary.required or set()
    for key in sorted(summary.properties):
        yield _property_path(path, key), summary.properties[key], key in required
    if summary.items:
        yield f"{path}[]", summary.items, True
    if summary.values:
        yield f"{path}{{}}", summary.values, True
    for index, schemas in enumerate(summary.positions):
        yield f"{path}[{index}]", schemas, True


def _property_path(parent: str, key: str) -> str:
    text = format_path((key,))
    if not parent or text.startswith("["):
        return parent + text
    return f"{parent}.{text}"


def _own(schema: dict[str, Any], at: JsonPath) -> _Summary:
    """The summary of a schema's own keywords (not ``$ref``, ``allOf``, ``anyOf``...)."""
    summary = _Summary(closed=False)
    summary.types = _declared_types(schema, at)
    _own_cases(summary, schema, at)
    properties = schema.get("properties")
    if properties is not None:
        if not isinstance(properties, dict):
            raise DocumentError(
                (*at, "properties"), f"expected an object, got {json_type(properties)}"
            )
        summary.properties = {
            key: [(value, (*at, "properties", key))] for key, value in properties.items()
        }
    if "required" in schema or properties is not None:
        summary.required = set(_strings(schema, "required", at))
    if "items" in schema and schema["items"] is not False:
        summary.items = [(schema["items"], (*at, "items"))]
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra:
        summary.values = [(extra, (*at, "additionalProperties"))]
    summary.positions = [[one] for one in _list(schema, "prefixItems", at)]
    if not summary.types:
        summary.types = _implied_types(summary, schema)
    return summary


def _declared_types(schema: dict[str, Any], at: JsonPath) -> set[str]:
    declared = schema.get("type")
    if declared is None:
        return set()
    names = declared if isinstance(declared, list) else [declared]
    for name in names:
        if not isinstance(name, str) or name not in _TYPES:
            raise DocumentError((*at, "type"), f"{name!r} is not a JSON Schema type")
    fmt = schema.get("format")
    detail = f"string({fmt})" if isinstance(fmt, str) and fmt else "string"
    return {detail if name == "string" else name for name in names}


def _own_cases(summary: _Summary, schema: dict[str, Any], at: JsonPath) -> None:
    """Closed cases from ``enum``/``const``; open ones from ``x-open-enum`` ``examples``
    (how ``postc schema`` writes an open enum)."""
    if "const" in schema:
        summary.cases, summary.closed = {_case(schema["const"])}, True
    elif "enum" in schema:
        cases = schema["enum"]
        if not isinstance(cases, list):
            raise DocumentError((*at, "enum"), f"expected an array, got {json_type(cases)}")
        summary.cases, summary.closed = {_case(case) for case in cases}, True
    elif schema.get("x-open-enum") is True and isinstance(schema.get("examples"), list):
        summary.cases = {_case(case) for case in schema["examples"]}


def _implied_types(summary: _Summary, schema: dict[str, Any]) -> set[str]:
    if summary.properties or summary.values or "additionalProperties" in schema:
        return {"object"}
    if summary.items or summary.positions:
        return {"array"}
    if summary.closed and summary.cases:
        return {_SCHEMA_TYPES.get(kind_of(json.loads(case)), "object") for case in summary.cases}
    return {"any"}


def _conditional(member: Any) -> bool:
    """An ``allOf`` member ``{if, then}``: postc's tagged union offers each ``then`` as one
    alternative."""
    return isinstance(member, dict) and "then" in member and set(member) <= {"if", "then", "else"}


def _case(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _list(schema: dict[str, Any], key: str, at: JsonPath) -> list[Schema]:
    value = schema.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise DocumentError((*at, key), f"expected an array, got {json_type(value)}")
    return [(member, (*at, key, index)) for index, member in enumerate(value)]


def _strings(schema: dict[str, Any], key: str, at: JsonPath) -> list[str]:
    value = schema.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise DocumentError((*at, key), "expected an array of strings")
    return value
