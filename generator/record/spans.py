"""Where every value of a JSON text stands: the spans ``generator.record.splice`` edits.

A strict JSON scanner (the collection was read by ``json.loads`` already) that keeps, for
each object and array, its members with the offsets of their keys and values. Iterative:
a collection nests as deep as the loader allows, deeper than Python recursion goes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from generator.errors import InputError

_SPACE = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4}))*"')
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")
_STEP = re.compile(r"([^.\[\]]+)|\[([0-9]+)\]|\.")  # item[1].item[0] in its parts
_CLOSERS = {"{": "}", "[": "]"}


@dataclass
class Node:
    """A value's span (``start`` to ``end``) and kind (``{``, ``[``, or ``s`` for a
    scalar); an object's members as (key, key start, key end, value), an array's items."""

    start: int
    kind: str
    end: int = -1
    members: list[tuple[str, int, int, Node]] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)

    def member(self, key: str) -> Node | None:
        """The value of ``key`` (the last one when repeated, as ``json.loads`` reads it)."""
        found = [value for name, _, _, value in self.members if name == key]
        return found[-1] if found else None

    def key_start(self, key: str) -> int:
        return [start for name, start, _, _ in self.members if name == key][-1]

    def has(self, *keys: str) -> bool:
        return any(self.member(key) is not None for key in keys)

    def at_path(self, path: str) -> Node | None:
        """The value at a JSON path of the loader's (``item[1].item[0]``), or None."""
        node: Node | None = self
        for match in _STEP.finditer(path):
            key, index = match.group(1), match.group(2)
            if node is None:
                return None
            if key is not None:
                node = node.member(key)
            elif index is not None:
                position = int(index)
                node = node.items[position] if position < len(node.items) else None
        return node


def scan(text: str, name: str) -> Node:
    """The tree of spans of ``text`` (the file ``name``: named in an InputError)."""
    stack: list[Node] = []
    key: tuple[str, int, int] | None = None
    position = _skip(text, 0)
    root: Node | None = None
    while True:
        node, position = _value(text, position, name)
        if stack:
            _attach(stack[-1], node, key)
        else:
            root = node
        if node.kind in _CLOSERS:
            stack.append(node)
            position = _skip(text, position)
            if text.startswith(_CLOSERS[node.kind], position):
                position = _close(stack, position, text)
            elif node.kind == "{":
                key, position = _key(text, position, name)
                continue
            else:
                continue
        position = _skip(text, position)
        while stack:
            top = stack[-1]
            if text.startswith(",", position):
                position = _skip(text, position + 1)
                if top.kind == "{":
                    key, position = _key(text, position, name)
                break
            if not text.startswith(_CLOSERS[top.kind], position):
                raise _error(text, position, name, f"expected ',' or '{_CLOSERS[top.kind]}'")
            position = _close(stack, position, text)
        else:
            if position != len(text) or root is None:
                raise _error(text, position, name, "extra data after the document")
            return root


def _value(text: str, position: int, name: str) -> tuple[Node, int]:
    """The node of the value at ``position`` (a container's end set when it closes)."""
    char = text[position : position + 1]
    if char in _CLOSERS:
        return Node(position, char), position + 1
    match = (_STRING if char == '"' else _SCALAR).match(text, position)
    if match is None:
        raise _error(text, position, name, "expected a JSON value")
    return Node(position, "s", match.end()), match.end()


def _key(text: str, position: int, name: str) -> tuple[tuple[str, int, int], int]:
    """An object's key at ``position`` (decoded, with its span) and where its value starts."""
    match = _STRING.match(text, position)
    if match is None:
        raise _error(text, position, name, "expected a key in double quotes")
    after = _skip(text, match.end())
    if not text.startswith(":", after):
        raise _error(text, after, name, "expected ':' after a key")
    return (json.loads(match.group()), position, match.end()), _skip(text, after + 1)


def _attach(parent: Node, node: Node, key: tuple[str, int, int] | None) -> None:
    if parent.kind == "{" and key is not None:
        parent.members.append((key[0], key[1], key[2], node))
    else:
        parent.items.append(node)


def _close(stack: list[Node], position: int, text: str) -> int:
    """Close the innermost container at ``position``; where the text goes on."""
    stack.pop().end = position + 1
    return _skip(text, position + 1)


def _skip(text: str, position: int) -> int:
    match = _SPACE.match(text, position)
    return match.end() if match else position


def _error(text: str, position: int, name: str, message: str) -> InputError:
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    return InputError.at(name, f"line {line}, column {column}", f"not JSON: {message}")
