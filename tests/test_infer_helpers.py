"""Helpers for the inference tests, and tests of the helpers themselves.

``accepts`` is an independent validator: does a TypeExpr accept a JSON value? It reads
formats with the standard library (not with generator.infer.formats), treats objects as
open (generated models keep unknown keys) and enums as open, and reads Postman
artefacts the way inference.md says they are typed: a placeholder stands for a value of
the kind it declares, and a ``{{variable}}`` string is checked as the value Postman sends.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from functools import cache
from types import MappingProxyType
from urllib.parse import urlsplit

import pytest

from generator.errors import InputError
from generator.infer import placeholder, resolve_template
from generator.infer.paths import normalize_path
from generator.ir import (
    Collection,
    FieldType,
    JsonValue,
    ListType,
    MapType,
    ObjectType,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
    TypeVariant,
)
from generator.loader import load_file
from generator.units import collect_units
from tests.conftest import CORPUS, SHARED, corpus_collections

SAMPLES = SHARED / "inference-samples"
NO_VARIABLES: Mapping[str, str] = MappingProxyType({})


def accepts(expr: TypeExpr, value: JsonValue, variables: Mapping[str, str] = NO_VARIABLES) -> bool:
    """Whether a value of this type may be ``value``."""
    if not expr.variants:
        return True  # any (and "only null seen", which is Any | None)
    if value is None:
        return expr.nullable
    return any(_variant_accepts(variant, value, variables) for variant in expr.variants)


def _variant_accepts(variant: TypeVariant, value: JsonValue, variables: Mapping[str, str]) -> bool:
    if isinstance(value, str) and isinstance(variant, (ObjectType, MapType, TaggedUnion)):
        return placeholder(value) == ("object", None)
    if isinstance(variant, ScalarType):
        return _scalar_accepts(variant, value, variables)
    if isinstance(variant, ListType):
        return isinstance(value, list) and all(accepts(variant.items, v, variables) for v in value)
    if isinstance(variant, TupleType):
        return (
            isinstance(value, list)
            and len(value) == len(variant.items)
            and all(accepts(t, v, variables) for t, v in zip(variant.items, value, strict=True))
        )
    if isinstance(variant, MapType):
        return isinstance(value, dict) and all(
            accepts(variant.values, v, variables) for v in value.values()
        )
    if isinstance(variant, ObjectType):
        return _object_accepts(variant, value, variables)
    if isinstance(variant, TaggedUnion):
        if not isinstance(value, dict):
            return False
        tag = value.get(variant.tag)
        if not isinstance(tag, str):
            return False  # the tag is a string in every object the union was inferred from
        case = dict(variant.variants).get(tag)
        if case is None:
            return True  # an unknown tag value falls back to a plain mapping
        return isinstance(case, ObjectType) and _object_accepts(case, value, variables)
    return False


def _object_accepts(variant: ObjectType, value: JsonValue, variables: Mapping[str, str]) -> bool:
    if not isinstance(value, dict):
        return False
    for field in variant.fields:
        if field.key not in value:
            if field.required:
                return False
        elif not accepts(field.type, value[field.key], variables):
            return False
    return True


def _scalar_accepts(variant: ScalarType, value: JsonValue, variables: Mapping[str, str]) -> bool:
    if isinstance(value, str):
        declared = placeholder(value)
        if declared is not None:
            kind, fmt = declared
            kinds = ("int", "float") if kind == "int" else (kind,)  # floats take ints
            return variant.kind in kinds and variant.format in (None, fmt)
        if variant.kind != "str":
            return False
        sent = resolve_template(value, variables) if "{{" in value else value
        return sent is None or variant.format is None or has_format(sent, variant.format)
    if variant.kind == "bool":
        return isinstance(value, bool)
    if variant.kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if variant.kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return False


def has_format(text: str, fmt: str) -> bool:
    """The format checked with the standard library, independently of generator.infer."""
    try:
        if fmt == "date-time":
            parsed = datetime.datetime.fromisoformat(text)
            return "T" in text and parsed.tzinfo is not None
        if fmt == "date":
            datetime.date.fromisoformat(text)
            return len(text) == 10
        if fmt == "time":
            datetime.time.fromisoformat(text)
            return text.count(":") >= 2
        if fmt == "uuid":
            uuid.UUID(text)
            return len(text) == 36
    except ValueError:
        return False
    if fmt == "uri":
        parts = urlsplit(text)
        return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text
    if fmt == "email":
        return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text) is not None
    return False


def type_at(expr: TypeExpr, path: str) -> list[TypeVariant]:
    """The variants found at a JSON path (``$.data[].images``, ``$.rates.*``, ``$[0]``)."""
    canonical = normalize_path(path)
    assert canonical is not None, path
    current = [expr]
    for segment in re.findall(r'\.\*|\.[A-Za-z_]\w*|\[\]|\[\d+\]|\["(?:[^"\\]|\\.)*"\]', canonical):
        found: list[TypeExpr] = []
        for variant in (v for e in current for v in e.variants):
            for target in _objects_of(variant):
                found.extend(_step(target, segment))
        current = found
    return [variant for e in current for variant in e.variants]


def _objects_of(variant: TypeVariant) -> list[TypeVariant]:
    if isinstance(variant, TaggedUnion):
        return [case for _, case in variant.variants]
    return [variant]


def _step(variant: TypeVariant, segment: str) -> list[TypeExpr]:
    if segment == "[]":
        return [variant.items] if isinstance(variant, ListType) else []
    if segment.startswith("[") and segment[1:-1].isdigit():
        index = int(segment[1:-1])
        return [variant.items[index]] if isinstance(variant, TupleType) else []
    if segment == ".*":
        return [variant.values] if isinstance(variant, MapType) else []
    key = segment[1:] if segment.startswith(".") else json.loads(segment[1:-1])
    if isinstance(variant, ObjectType):
        return [field.type for field in variant.fields if field.key == key]
    return [variant.values] if isinstance(variant, MapType) else []


def object_type(expr: TypeExpr) -> ObjectType:
    """The one class of a TypeExpr."""
    (variant,) = [v for v in expr.variants if isinstance(v, ObjectType)]
    return variant


def field_of(expr: TypeExpr, key: str) -> TypeExpr:
    """The type of one field of the expression's class."""
    (found,) = [f.type for f in object_type(expr).fields if f.key == key]
    return found


def requires_shared() -> None:
    if not SAMPLES.is_dir() or not CORPUS.is_dir():
        pytest.skip(f"../shared is missing ({SHARED}): the samples and corpus come with it")


def sample(name: str) -> JsonValue:
    value: JsonValue = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    return value


def sample_names() -> list[str]:
    return sorted(p.name for p in SAMPLES.glob("*.json")) if SAMPLES.is_dir() else []


@cache
def corpus_units() -> tuple[tuple[str, str, tuple[JsonValue, ...], Mapping[str, str]], ...]:
    """(file, unit key, documents, variables) for every unit of every v2.x collection of the
    corpus (``MANIFEST.tsv``): a file the loader fails on fails the test that reads it."""
    units = []
    for name in corpus_collections():
        loaded = load_file(CORPUS / name)
        assert isinstance(loaded, Collection), name
        variables = {v.key: v.value for v in loaded.variables if v.value is not None}
        for unit in collect_units(loaded):
            units.append((name, unit.key, tuple(unit.documents), variables))
    return tuple(units)


# A wrong JSON kind for a value of each kind: a type that admits the examples' kind only
# must refuse it (a number is never a placeholder, nor a template, for a string field)
_WRONG_KIND: Mapping[str, JsonValue] = MappingProxyType(
    {"bool": "yes", "number": "not a number", "string": 12345, "array": 12345, "object": 12345}
)


def json_kind(value: JsonValue) -> str:
    """The JSON type of a value, as JSON Schema names it (``number`` for ints and floats)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object" if isinstance(value, dict) else "null"


def mutants(documents: list[JsonValue]) -> Iterator[tuple[str, str, JsonValue]]:
    """(change, key, document) that a precise type of ``documents`` must refuse, read from
    the documents alone: for every top-level key that every document has, always of one
    JSON kind (never null, never a ``{{variable}}`` or ``<placeholder>`` string, which
    stand for other kinds), the first document without the key (``drop``) and with a value
    of another kind (``kind``). Nothing when some document is not an object."""
    if not documents or not all(isinstance(d, dict) for d in documents):
        return
    objects = [d for d in documents if isinstance(d, dict)]
    first = objects[0]
    for key in sorted(set(first).intersection(*objects[1:])):
        values = [d[key] for d in objects]
        kinds = {json_kind(v) for v in values}
        if len(kinds) == 1 and "null" not in kinds and not any(map(_stands_for_a_value, values)):
            yield "drop", key, {k: v for k, v in first.items() if k != key}
            yield "kind", key, {**first, key: _WRONG_KIND[kinds.pop()]}


def _stands_for_a_value(value: JsonValue) -> bool:
    return isinstance(value, str) and ("{{" in value or placeholder(value) is not None)


def iter_values(value: JsonValue) -> Iterator[JsonValue]:
    """Every value inside ``value``, itself included."""
    stack = [value]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


# --- tests of the helpers ----------------------------------------------------------------


def test_accepts_open_objects_and_required_keys() -> None:
    person = TypeExpr(
        (
            ObjectType(
                (
                    _field("name", TypeExpr((ScalarType("str"),)), True),
                    _field("age", TypeExpr((ScalarType("int"),)), False),
                )
            ),
        )
    )
    assert accepts(person, {"name": "Ann", "extra": [1]})
    assert not accepts(person, {"age": 3})
    assert not accepts(person, {"name": "Ann", "age": "3"})
    assert not accepts(person, None)


def test_accepts_formats_with_the_standard_library() -> None:
    date = TypeExpr((ScalarType("str", format="date"),))
    assert accepts(date, "2021-02-28")
    assert not accepts(date, "2021-02-30")
    assert accepts(TypeExpr((ScalarType("str", format="uri"),)), "https://x.org/a")
    assert not accepts(TypeExpr((ScalarType("str", format="uuid"),)), "not-a-uuid")


def test_accepts_placeholders_as_what_they_declare() -> None:
    assert accepts(TypeExpr((ScalarType("int"),)), "<integer>")
    assert not accepts(TypeExpr((ScalarType("int"),)), "<string>")
    assert accepts(TypeExpr((MapType(TypeExpr()),)), "<object>")


def test_type_at_walks_lists_maps_and_tuples() -> None:
    inner = TypeExpr((ScalarType("int"),))
    expr = TypeExpr(
        (
            ObjectType(
                (
                    _field(
                        "rows", TypeExpr((ListType(TypeExpr((TupleType((inner, inner)),))),)), True
                    ),
                )
            ),
        )
    )
    assert type_at(expr, "$.rows[][1]") == [ScalarType("int")]
    assert type_at(TypeExpr((MapType(inner),)), "$.*") == [ScalarType("int")]


def _field(key: str, type_: TypeExpr, required: bool) -> FieldType:
    return FieldType(key, type_, required)


def test_accepts_tagged_unions_open_but_with_a_string_tag() -> None:
    shape = ObjectType((_field("size", TypeExpr((ScalarType("int"),)), True),))
    union = TypeExpr((TaggedUnion("type", (("push", shape),)),))
    assert accepts(union, {"type": "push", "size": 1})
    assert not accepts(union, {"type": "push"})
    assert accepts(union, {"type": "unknown"})
    assert not accepts(union, {"type": 12345})


def test_mutants_change_only_keys_every_document_has_with_one_kind() -> None:
    first: dict[str, JsonValue] = {"id": 1, "name": "a", "tag": None, "link": "{{b}}/x", "n": 1}
    second: dict[str, JsonValue] = {"id": 2, "name": "b", "tag": "t", "link": "{{b}}/y", "n": "1"}
    assert list(mutants([first, second, {**second, "more": True}])) == [
        ("drop", "id", {"name": "a", "tag": None, "link": "{{b}}/x", "n": 1}),
        ("kind", "id", {**first, "id": "not a number"}),
        ("drop", "name", {"id": 1, "tag": None, "link": "{{b}}/x", "n": 1}),
        ("kind", "name", {**first, "name": 12345}),
    ]
    assert list(mutants([{"a": 1}, [1]])) == []
    assert list(mutants([{"a": "<integer>"}])) == []


def test_the_loader_refuses_only_the_v1_collections_of_the_corpus() -> None:
    """The corpus files ``corpus_units`` leaves out, by name and reason: every v1 collection
    is refused with one clear error (postc reads v2.0 and v2.1); no other file is left out."""
    requires_shared()
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        versions = {
            row["file"]: row["schema_version"] for row in csv.DictReader(handle, delimiter="\t")
        }
    left_out = {name for name, version in versions.items() if version not in ("v2.0", "v2.1")}
    assert {versions[name] for name in left_out} == {"v1", "environment"}
    for name in sorted(n for n in left_out if versions[n] == "v1"):
        with pytest.raises(InputError, match="v1"):
            load_file(CORPUS / name)
