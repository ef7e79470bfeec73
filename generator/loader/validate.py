"""Check a parsed collection or environment against postc's own schemas.

The schemas (``generator/schema/*.schema.json``) are the single description of what
postc accepts. Applying the collection schema to a whole document at once would be
recursive (deep folders hit Python's recursion limit), slow (about 0.4 s on the 3.5 MB
Stripe collection) and would report a bad request inside a folder as a vague failure of the
folder. So the collection is checked node by node: this module walks the item tree
itself, iteratively, decides folder or request the way the SDK does (the schema's
``has-children``), and applies the shallow subschema of that kind to each node.

Each subschema is compiled twice: into a plain Python predicate (about 25 times faster
than jsonschema) that answers the common question "is this node valid?", and into a
jsonschema validator that runs only on invalid nodes to say where and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from generator.ir import Diagnostic, JsonValue
from generator.secrets import masked

if TYPE_CHECKING:  # jsonschema is imported only to explain invalid input
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

MAX_PROBLEMS = 50

JsonPath: TypeAlias = tuple[str | int, ...]
Check: TypeAlias = Callable[[object], bool]


def validate_collection(doc: dict[str, JsonValue]) -> list[Diagnostic]:
    """Every problem of a v2.0/v2.1 collection root, in document order, at most 50 (+1)."""
    schemas = _collection_schemas()
    problems = schemas.root.problems(doc, ())
    pending = _children(doc, ())
    while pending:
        node, path = pending.pop()
        if not isinstance(node, dict):
            continue  # already reported by the parent's `item` schema
        if schemas.is_folder(node):
            problems += schemas.folder.problems(node, path)
            pending += _children(node, path)
        else:
            problems += schemas.request_item.problems(node, path)
    return _report(doc, problems)


def validate_environment(doc: dict[str, JsonValue]) -> list[Diagnostic]:
    """Every problem of an environment file, in document order, at most 50 (+1)."""
    return _report(doc, _environment_schema().problems(doc, ()))


def _children(node: object, path: JsonPath) -> list[tuple[object, JsonPath]]:
    """The item nodes directly under ``node``, last first (the walker pops from the end)."""
    items = node.get("item") if isinstance(node, dict) else None
    if not isinstance(items, list):
        return []
    return [(child, (*path, "item", index)) for index, child in reversed(list(enumerate(items)))]


# --- schemas -----------------------------------------------------------------------------


class _Problem(NamedTuple):
    path: JsonPath
    message: str


@dataclass(frozen=True)
class _NodeSchema:
    """One (sub)schema: a fast predicate for valid input, jsonschema to explain invalid input."""

    check: Check
    validator: Callable[[], Validator]  # built on first use: valid input never needs it

    def problems(self, instance: object, at: JsonPath) -> list[_Problem]:
        """What is wrong with ``instance``, found at ``at`` in the document."""
        if self.check(instance):
            return []
        json_instance: Any = instance
        return [
            _Problem((*at, *error.absolute_path), _message(error))
            for error in self.validator().iter_errors(json_instance)
        ]


@dataclass(frozen=True)
class _CollectionSchemas:
    """The shallow subschemas the walker applies, and its folder-or-request test."""

    root: _NodeSchema
    folder: _NodeSchema
    request_item: _NodeSchema
    is_folder: Check


@cache
def _collection_schemas() -> _CollectionSchemas:
    schema = _load("collection.schema.json")
    compiler = _Compiler(schema)

    def subschema(name: str) -> _NodeSchema:
        reference = {"$ref": f"{schema['$id']}#/$defs/{name}"}
        return _NodeSchema(compiler.ref(name), cache(lambda: _validator(reference, schema)))

    return _CollectionSchemas(
        root=subschema("collection-node"),
        folder=subschema("folder-node"),
        request_item=subschema("request-item"),
        is_folder=compiler.ref("has-children"),
    )


@cache
def _environment_schema() -> _NodeSchema:
    schema = _load("environment.schema.json")
    return _NodeSchema(_Compiler(schema).compile(schema), cache(lambda: _validator(schema, schema)))


def _validator(schema: dict[str, Any], document: dict[str, Any]) -> Validator:
    """A jsonschema validator of ``schema``, whose references point into ``document``."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry: Registry[Any] = Registry().with_resource(
        document["$id"], Resource.from_contents(document)
    )
    return Draft202012Validator(schema, registry=registry)


def _load(name: str) -> dict[str, Any]:
    text = files("generator.schema").joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# --- fast predicates ---------------------------------------------------------------------

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}

# Checked in this order (cheap type tests first); the companions are handled with
# "properties" (additionalProperties) and "if" (then, else).
_KEYWORDS = ("type", "required", "$ref", "properties", "items", "not", "enum", "if")
_COMPANIONS = frozenset({"additionalProperties", "then", "else"})


class _Compiler:
    """Compiles the keyword subset our schemas use into predicates with jsonschema's semantics.

    It refuses any other keyword, so a schema edit can never make the fast path silently
    looser than jsonschema (tests/test_validate.py compares both on generated documents).
    """

    _ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "x-message"})

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self._defs: Mapping[str, Any] = schema.get("$defs", {})
        self._compiled: dict[str, Check] = {}

    def ref(self, name: str) -> Check:
        """The predicate of ``#/$defs/<name>``; recursive references go through the cache."""
        if name not in self._compiled:
            self._compiled[name] = lambda value: self._compiled[name](value)
            self._compiled[name] = self.compile(self._defs[name])
        return self._compiled[name]

    def compile(self, schema: object) -> Check:
        """A predicate for ``schema``; raises on any keyword it does not implement."""
        if schema is True:
            return _accept
        if not isinstance(schema, Mapping):
            raise TypeError(f"unsupported schema {schema!r}")
        unknown = set(schema) - self._ANNOTATIONS - set(_KEYWORDS) - _COMPANIONS
        if unknown:
            raise ValueError(f"the fast check does not support {sorted(unknown)}")
        present = [keyword for keyword in _KEYWORDS if keyword in schema]
        if "additionalProperties" in schema and "properties" not in schema:
            present.append("properties")
        return _all([self._keyword(keyword, schema) for keyword in present])

    def _keyword(self, keyword: str, schema: Mapping[str, Any]) -> Check:
        if keyword == "type":
            return _type_check(schema["type"])
        if keyword == "$ref":
            return self.ref(_local_ref(schema["$ref"]))
        if keyword == "required":
            return _required_check(tuple(schema["required"]))
        if keyword == "properties":
            extra = schema.get("additionalProperties")
            return _properties_check(
                {key: self.compile(sub) for key, sub in schema.get("properties", {}).items()},
                None if extra is None else self.compile(extra),
            )
        if keyword == "items":
            return _items_check(self.compile(schema["items"]))
        if keyword == "not":
            return _not_check(self.compile(schema["not"]))
        if keyword == "enum":
            return _enum_check(schema["enum"])
        return _if_check(
            self.compile(schema["if"]),
            self.compile(schema.get("then", True)),
            self.compile(schema.get("else", True)),
        )


def _local_ref(reference: str) -> str:
    prefix = "#/$defs/"
    if not reference.startswith(prefix):
        raise ValueError(f"the fast check only follows local references, not {reference!r}")
    return reference[len(prefix) :]


def _accept(value: object) -> bool:
    return True


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _accept
    if len(checks) == 1:
        return checks[0]

    def check(value: object) -> bool:
        return all(each(value) for each in checks)

    return check


def _type_check(names: str | list[str]) -> Check:
    """JSON types as jsonschema sees them: booleans are not numbers, 1.0 is an integer."""
    wanted = [names] if isinstance(names, str) else names
    python_types = tuple(t for name in wanted for t in _PY_TYPES[name])
    allow_bool = "boolean" in wanted
    integral_floats = "integer" in wanted and "number" not in wanted

    def check(value: object) -> bool:
        if isinstance(value, bool):
            return allow_bool
        if isinstance(value, python_types):
            return True
        return integral_floats and isinstance(value, float) and value.is_integer()

    return check


def _required_check(keys: tuple[str, ...]) -> Check:
    def check(value: object) -> bool:
        return not isinstance(value, dict) or all(key in value for key in keys)

    return check


def _properties_check(properties: dict[str, Check], extra: Check | None) -> Check:
    def check(value: object) -> bool:
        if not isinstance(value, dict):
            return True
        for key, member in value.items():
            member_check = properties.get(key, extra)
            if member_check is not None and not member_check(member):
                return False
        return True

    return check


def _items_check(item_check: Check) -> Check:
    def check(value: object) -> bool:
        return not isinstance(value, list) or all(map(item_check, value))

    return check


def _not_check(inner: Check) -> Check:
    def check(value: object) -> bool:
        return not inner(value)

    return check


def _enum_check(members: list[object]) -> Check:
    keys = {_enum_key(member) for member in members}
    if None in keys:
        raise ValueError("the fast check only supports scalar enum members")

    def check(value: object) -> bool:
        return _enum_key(value) in keys

    return check


def _enum_key(value: object) -> tuple[str, object] | None:
    """A hashable key equal for values jsonschema's ``enum`` finds equal (0 == 0.0, not False)."""
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if value is None:
        return ("null", None)
    return None


def _if_check(condition: Check, then: Check, otherwise: Check) -> Check:
    def check(value: object) -> bool:
        return then(value) if condition(value) else otherwise(value)

    return check


# --- reporting ---------------------------------------------------------------------------

_ARTICLES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "a boolean",
    "null": "null",
}


def _message(error: ValidationError) -> str:
    """A short message saying what was expected, without jsonschema's vocabulary."""
    custom = error.schema.get("x-message", {}) if isinstance(error.schema, Mapping) else {}
    if error.validator in custom:
        return str(custom[error.validator])
    expected: Any = error.validator_value
    instance: Any = error.instance
    if error.validator == "type":
        return f"expected {_expected(expected)}, got {json_type(instance)}"
    if error.validator == "required":
        missing = [key for key in expected if key not in instance]
        return "missing " + ", ".join(f"`{key}`" for key in missing)
    return masked(error.message)  # a keyword our schemas do not use: it may quote a value


def _expected(names: str | list[str]) -> str:
    words = [_ARTICLES[name] for name in ([names] if isinstance(names, str) else names)]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def json_type(value: object) -> str:
    """What the document holds, in the words of the messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, dict) else "null"


def _report(doc: object, problems: Iterable[_Problem]) -> list[Diagnostic]:
    """Problems in document order, duplicates dropped, capped at MAX_PROBLEMS plus a count."""
    unique = sorted(dict.fromkeys(problems), key=_Positions(doc).of)
    shown = [Diagnostic(format_path(p.path), p.message) for p in unique[:MAX_PROBLEMS]]
    hidden = len(unique) - MAX_PROBLEMS
    if hidden > 0:
        shown.append(Diagnostic("", f"... and {hidden} more problem{'s' if hidden > 1 else ''}"))
    return shown


class _Positions:
    """Where a problem sits in the document: list indices and key ranks, step by step."""

    def __init__(self, doc: object) -> None:
        self._doc = doc
        self._ranks: dict[int, dict[str, int]] = {}  # by id() of objects of the document

    def of(self, problem: _Problem) -> tuple[int, ...]:
        position: list[int] = []
        node: Any = self._doc
        for part in problem.path:
            position.append(part if isinstance(part, int) else self._rank(node, part))
            node = node[part]
        return tuple(position)

    def _rank(self, node: dict[str, object], key: str) -> int:
        ranks = self._ranks.get(id(node))
        if ranks is None:
            ranks = self._ranks[id(node)] = {name: rank for rank, name in enumerate(node)}
        return ranks[key]


_PLAIN_KEY = re.compile(r"[A-Za-z_$][\w$-]*\Z")


def format_path(path: JsonPath) -> str:
    """``item[3].request.url``; keys that would be ambiguous are quoted: ``header["a.b"]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text
