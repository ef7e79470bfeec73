"""Which kind of Postman file a parsed JSON document is, and which format version.

Recognised as newman and the collection transformer do: v1 has ``name``, ``order`` and
``requests`` and no ``info``; v2.x names its schema URL in ``info.schema``; the Postman
API wraps a collection as ``{"collection": {...}}``; environments carry ``values``.
"""

from __future__ import annotations

from typing import Literal

from generator.errors import InputError
from generator.ir import Diagnostic, JsonValue
from generator.secrets import masked

V1_MESSAGE = (
    "Postman Collection v1 format detected; postc reads v2.0 and v2.1. Re-export the collection "
    "as v2.1 from Postman, or convert it: npx postman-collection-transformer convert "
    "-i in.json -o out.json -j 1.0.0 -p 2.1.0"
)

FileKind = Literal["collection", "environment"]


def file_kind(doc: JsonValue) -> FileKind | None:
    """``collection``, ``environment`` or None for JSON that is neither."""
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("collection"), dict) and "info" not in doc and "item" not in doc:
        return "collection"
    if "info" in doc or "item" in doc or _is_v1(doc):
        return "collection"
    if "values" in doc or "_postman_variable_scope" in doc:
        return "environment"
    return None


def unwrap_collection(doc: JsonValue, source: str) -> dict[str, JsonValue]:
    """The collection object of a document, or an InputError saying what the document is."""
    if not isinstance(doc, dict):
        raise InputError.at(
            source, "", f"expected a Postman collection (a JSON object), got {_kind(doc)}"
        )
    kind = file_kind(doc)
    if kind == "environment":
        raise InputError.at(
            source, "", "this is a Postman environment file, not a collection; pass it with --env"
        )
    if kind is None:
        raise InputError.at(
            source, "", "not a Postman collection: expected an object with `info` and `item`"
        )
    inner = doc.get("collection")
    if isinstance(inner, dict) and "info" not in doc and "item" not in doc:
        doc = inner
    if _is_v1(doc):
        raise InputError.at(source, "", V1_MESSAGE)
    return doc


def schema_version(doc: dict[str, JsonValue], warnings: list[Diagnostic]) -> str:
    """``v2.1.0`` or ``v2.0.0``: from ``info.schema``, else from the shape of the auth blocks."""
    info = doc.get("info")
    schema = info.get("schema") if isinstance(info, dict) else None
    if isinstance(schema, str):
        if "/v2.1.0/" in schema:
            return "v2.1.0"
        if "/v2.0.0/" in schema:
            return "v2.0.0"
        warnings.append(
            Diagnostic("info.schema", f"unknown schema {masked(schema)!r}; read as v2.x")
        )
    else:
        warnings.append(Diagnostic("info.schema", "missing; read as v2.x"))
    return "v2.0.0" if _has_object_auth(doc) else "v2.1.0"


def _is_v1(doc: dict[str, JsonValue]) -> bool:
    return "info" not in doc and "requests" in doc and ("order" in doc or "folders" in doc)


def _has_object_auth(doc: dict[str, JsonValue]) -> bool:
    """Whether the first typed auth block found uses the v2.0 object-map shape."""
    stack: list[JsonValue] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            auth = node.get("auth")
            if isinstance(auth, dict) and isinstance(auth.get("type"), str):
                block = auth.get(str(auth["type"]))
                if isinstance(block, dict | list):
                    return isinstance(block, dict)
            stack.extend(value for key, value in node.items() if key in ("item", "request"))
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _kind(value: JsonValue) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"
