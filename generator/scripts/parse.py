"""Parsing a script with tree-sitter's JavaScript grammar, and the small questions the
front end asks of its syntax tree. Nothing here runs JavaScript or reads its text with
regular expressions: every decision is made on nodes."""

from __future__ import annotations

from functools import cache

import tree_sitter_javascript
from tree_sitter import Language, Node, Parser, Tree

from generator.ir import JsonValue

# Node types that carry no statement: comments, and the empty statement ``;``.
_SILENT = frozenset({"comment", "empty_statement", "hash_bang_line"})


@cache
def _parser() -> Parser:
    """One parser for the process: building the language is the slow part."""
    return Parser(Language(tree_sitter_javascript.language()))


def parse(source: str) -> Tree:
    """The syntax tree of ``source`` (tree-sitter recovers from errors: see ``broken``)."""
    return _parser().parse(source.encode("utf-8"))


def statements(node: Node) -> list[Node]:
    """The statements directly inside a program or block, comments left out."""
    return [child for child in node.named_children if child.type not in _SILENT]


def broken(tree: Tree) -> Node | None:
    """The first ERROR or MISSING node, None when the script parsed cleanly."""
    if not tree.root_node.has_error:
        return None
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        stack.extend(
            child for child in reversed(node.children) if child.has_error or child.is_missing
        )
    return tree.root_node


def text(node: Node) -> str:
    """The source of ``node`` as written."""
    return (node.text or b"").decode("utf-8", "replace")


def line(node: Node) -> int:
    """The 1-based line ``node`` starts on."""
    return node.start_point[0] + 1


def unwrap(node: Node) -> Node:
    """``node`` without enclosing parentheses."""
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        inner = node.named_children[0]
        if inner.type == "comment":
            break
        node = inner
    return node


def dotted(node: Node) -> str | None:
    """``pm.response.code`` for a chain of plain names and dots, None for anything else
    (a call, a subscript, a computed member). Walks down the chain once: called on every
    callee and member, it is the front end's hottest question."""
    names: list[str] = []
    while True:
        node = unwrap(node)
        kind = node.type
        if kind == "identifier":
            names.append(text(node))
            break
        if kind != "member_expression":
            return None
        name = node.child_by_field_name("property")
        if name is None or name.type != "property_identifier":
            return None
        names.append(text(name))
        node = _field(node, "object")
    names.reverse()
    return ".".join(names)


def _field(node: Node, name: str) -> Node:
    child = node.child_by_field_name(name)
    assert child is not None, f"{node.type} without {name}"
    return child


def arguments(call: Node) -> list[Node]:
    """The argument expressions of a call, comments left out."""
    args = call.child_by_field_name("arguments")
    if args is None or args.type != "arguments":
        return []
    return [a for a in args.named_children if a.type != "comment"]


def callee(call: Node) -> Node:
    """What a call expression calls."""
    return _field(call, "function")


# The node types a constant can be (``-1`` is a unary expression).
CONSTANT_TYPES = frozenset(
    {"string", "template_string", "number", "true", "false", "null", "unary_expression"}
    | {"array", "object"}
)


class NotLiteralError(Exception):
    """An expression that is not a JSON-like constant."""


def literal(node: Node) -> JsonValue:
    """The JSON value of a constant expression (strings without substitutions, numbers,
    booleans, null, and arrays and objects of constants); ``NotLiteralError`` otherwise."""
    node = unwrap(node)
    kind = node.type
    if kind not in CONSTANT_TYPES:
        raise NotLiteralError(kind)
    if kind == "string":
        return string_value(node)
    if kind == "template_string":
        if any(child.type == "template_substitution" for child in node.named_children):
            raise NotLiteralError(text(node))
        return "".join(_template_piece(child) for child in node.named_children)
    if kind == "number":
        return number_value(text(node))
    if kind in ("true", "false"):
        return kind == "true"
    if kind == "null":
        return None
    if kind == "unary_expression" and text(_field(node, "operator")) == "-":
        value = literal(_field(node, "argument"))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value
    if kind == "array":
        return [literal(item) for item in node.named_children if item.type != "comment"]
    if kind == "object":
        return _object_literal(node)
    raise NotLiteralError(text(node))


def _object_literal(node: Node) -> dict[str, JsonValue]:
    found: dict[str, JsonValue] = {}
    for pair in node.named_children:
        if pair.type == "comment":
            continue
        if pair.type != "pair":
            raise NotLiteralError(text(pair))
        found[key_name(_field(pair, "key"))] = literal(_field(pair, "value"))
    return found


def key_name(node: Node) -> str:
    """The name an object key or a constant subscript stands for."""
    if node.type in ("property_identifier", "identifier", "shorthand_property_identifier"):
        return text(node)
    if node.type == "string":
        return string_value(node)
    if node.type == "number":
        return _number_key(text(node))
    raise NotLiteralError(text(node))


def _number_key(source: str) -> str:
    value = number_value(source)
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def string_value(node: Node) -> str:
    """The value of a string literal, escapes decoded as JavaScript does."""
    parts = []
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(text(child))
        elif child.type == "escape_sequence":
            parts.append(_escape(text(child)))
    return "".join(parts)


def _template_piece(node: Node) -> str:
    if node.type == "escape_sequence":
        return _escape(text(node))
    return text(node)


_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _escape(sequence: str) -> str:
    """One JavaScript escape sequence (``\\n``, ``\\u00e9``, ``\\x41``, ``\\'``)."""
    body = sequence[1:]
    if body in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[body]
    if body[:1] in ("u", "x") and len(body) > 1:
        digits = body[1:].strip("{}")
        try:
            return chr(int(digits, 16))
        except ValueError:
            return body
    if body.startswith(("\n", "\r")):  # a line continuation
        return ""
    return body


def number_value(source: str) -> int | float:
    """A JavaScript numeric literal as a Python number (integral values as int)."""
    cleaned = source.replace("_", "").lower()
    try:
        if cleaned.startswith(("0x", "0o", "0b")):
            return int(cleaned, 0)
        if cleaned.endswith("n"):
            return int(cleaned[:-1])
        value = float(cleaned)
    except ValueError:
        raise NotLiteralError(source) from None
    if value.is_integer() and "e" not in cleaned and "." not in cleaned:
        return int(value)
    return value
