"""JSON values as deep as a collection may nest them, walked without recursion.

A saved body is a string inside the collection, so the loader's limit on the file's own
nesting does not bound it; ``generator.loader.lenient_json`` parses bodies up to
``MAX_BODY_NESTING`` levels. Python recursion cannot go that deep: a function that calls
itself per level (two frames a level when the call is in a comprehension) fails near 500
levels, and ``json.dumps``'s C encoder counts its levels against the same limit as the
caller's frames, so how deep it gets depends on who calls it. Whatever postc does to
every level of a body, it does here, with an explicit stack.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from generator.ir import JsonValue


def dumps(value: JsonValue, *, ensure_ascii: bool = True) -> str:
    """``json.dumps(value, ensure_ascii=ensure_ascii)``, however deep ``value`` is."""
    try:
        return json.dumps(value, ensure_ascii=ensure_ascii)
    except RecursionError:
        return dumps_iteratively(
            value, lambda scalar: json.dumps(scalar, ensure_ascii=ensure_ascii), ensure_ascii
        )


class _Literal(str):
    """Text to emit as is, kept apart from string values on the encoder's stack."""


def dumps_iteratively(
    value: JsonValue, scalar_text: Callable[[JsonValue], str], ensure_ascii: bool = True
) -> str:
    """The text of ``json.dumps`` (default separators), built with an explicit stack;
    ``scalar_text`` writes the scalars."""
    parts: list[str] = []
    stack: list[JsonValue | _Literal] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Literal):
            parts.append(item)
        elif isinstance(item, dict):
            parts.append("{")
            stack.append(_Literal("}"))
            entries = list(item.items())
            for index in range(len(entries) - 1, -1, -1):
                key, entry = entries[index]
                stack.append(entry)
                stack.append(_Literal(json.dumps(key, ensure_ascii=ensure_ascii) + ": "))
                if index:
                    stack.append(_Literal(", "))
        elif isinstance(item, list):
            parts.append("[")
            stack.append(_Literal("]"))
            for index in range(len(item) - 1, -1, -1):
                stack.append(item[index])
                if index:
                    stack.append(_Literal(", "))
        else:
            parts.append(scalar_text(item))
    return "".join(parts)


def strings(value: JsonValue) -> Iterator[str]:
    """The string values of JSON data (not its keys), in document order, without recursion."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def map_strings(value: JsonValue, change: Callable[[str], JsonValue]) -> JsonValue:
    """A copy of ``value`` with every string value replaced by ``change(value)``; keys are
    kept, and so is ``value`` itself."""
    root: list[JsonValue] = [value]
    stack: list[list[JsonValue] | dict[str, JsonValue]] = [root]
    while stack:
        container = stack.pop()
        if isinstance(container, list):
            for index, item in enumerate(container):
                container[index] = _changed(item, change, stack)
        else:
            for key, item in container.items():
                container[key] = _changed(item, change, stack)
    return root[0]


def _changed(
    item: JsonValue,
    change: Callable[[str], JsonValue],
    stack: list[list[JsonValue] | dict[str, JsonValue]],
) -> JsonValue:
    """A string changed, a container copied (its items to be changed from ``stack``)."""
    if isinstance(item, str):
        return change(item)
    if not isinstance(item, list | dict):
        return item
    copy: list[JsonValue] | dict[str, JsonValue] = (
        list(item) if isinstance(item, list) else dict(item)
    )
    stack.append(copy)
    return copy
