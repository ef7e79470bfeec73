"""Where a value lies in the response: a value one step below another (``json.data``,
``.length``), the key or index a subscript names, and the path of a lodash string
(``_.get(json, "a.b[0]")``, chai-postman's ``jsonBody``). Values are never run, so a
step postc cannot name makes the value computed."""

from __future__ import annotations

from tree_sitter import Node

from generator.ir import JsonValue
from generator.scripts.facts import Segment, Value
from generator.scripts.parse import CONSTANT_TYPES, NotLiteralError, literal, unwrap


def below(target: Value, segment: Segment, js: str) -> Value:
    """``target.segment``: deeper in the response, ``.length`` of it, or computed."""
    if target.length:
        return Value("computed", js)
    if segment == "length" and target.kind in ("json", "xml", "text", "header"):
        return written_as(target, js, length=True)
    if target.kind in ("json", "xml"):
        return written_as(target, js, path=(*target.path, segment))
    return Value("computed", js)


def written_as(
    value: Value, js: str, path: tuple[Segment, ...] | None = None, length: bool = False
) -> Value:
    """``value`` written as ``js`` (deeper at ``path``, or its length): built directly,
    as ``dataclasses.replace`` is slow on this hot path."""
    return Value(
        value.kind,
        js,
        value.path if path is None else path,
        value.name,
        value.literal,
        value.length or length,
    )


def subscript_segment(index: Node) -> Segment:
    """The key or index a subscript names, None when only known at run time."""
    index = unwrap(index)
    if index.type not in CONSTANT_TYPES:
        return None
    try:
        return segment_of(literal(index))
    except NotLiteralError:
        return None


def segment_of(value: JsonValue) -> Segment:
    """A constant key as a path segment: a string or an integer (``1.0`` is ``1``, ``1.5`` the key
    ``"1.5"``); None
    for one that names no key (``true``, ``null``, an object)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else str(value)
    return value


def lodash_path(path: str) -> tuple[Segment, ...]:
    """``a.b[0]["c.d"]`` as segments, as lodash's ``_.get`` reads it."""
    segments: list[Segment] = []
    current = ""
    i = 0
    while i < len(path):
        char = path[i]
        if char == ".":
            if current:
                segments.append(current)
            current = ""
        elif char == "[":
            if current:
                segments.append(current)
            current = ""
            end = path.find("]", i)
            end = len(path) if end < 0 else end
            inner = path[i + 1 : end].strip()
            if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
                segments.append(inner[1:-1])
            else:
                segments.append(int(inner) if inner.isdigit() else inner)
            i = end
        else:
            current += char
        i += 1
    if current:
        segments.append(current)
    return tuple(segments)


def value_at(document: JsonValue, path: tuple[Segment, ...]) -> JsonValue:
    """The value at ``path`` in ``document`` (a parsed response), as a script reads it:
    None where it is not there, or where a segment is only known at run time (``None``).
    Used by the generated chain tests and ``postc record`` alike."""
    node = document
    for segment in path:
        if isinstance(node, dict) and isinstance(segment, str):
            node = node.get(segment)
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
        else:
            return None
    return node
