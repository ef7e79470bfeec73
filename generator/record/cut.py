"""Large recorded bodies cut to a size, still valid and still showing their shape.

A JSON body is cut at element boundaries, laid out as ``json.dumps(indent=2,
ensure_ascii=False)`` writes it, in at most ``limit`` bytes of UTF-8: an array keeps its
first items (whole items only, once one is kept: a cut item would lose fields and make
them optional in the models), an object keeps every key it can (each later member is
given room for its smallest form first: ``[]``, ``{}``, ``""`` or the scalar), a string
keeps its first characters. Text is cut at a character boundary. Deterministic: the same
body and limit give the same result. docs/record-examples.md.
"""

from __future__ import annotations

import json
from enum import Enum

from generator.ir import JsonValue

INDENT = 2
MAX_CUT_DEPTH = 64  # deeper containers are cut to their empty form: no body needs more


class _NoFit(Enum):
    """What ``_cut`` gives for a value that cannot fit (``None`` is a JSON value)."""

    NO_FIT = 0


NO_FIT = _NoFit.NO_FIT


def cut_text(text: str, limit: int) -> str:
    """The first characters of ``text`` that fit in ``limit`` bytes of UTF-8."""
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", "ignore")


def cut_json(value: JsonValue, limit: int) -> JsonValue:
    """``value`` cut so that ``json.dumps(indent=2, ensure_ascii=False)`` of it takes at most
    ``limit`` bytes (its empty form when even that does not fit: ``limit`` is never tiny)."""
    found = _cut(value, limit, 0)
    if found is not NO_FIT:
        return found
    return [] if isinstance(value, list) else {} if isinstance(value, dict) else ""


def size(value: JsonValue, depth: int = 0, cap: int | None = None) -> int:
    """Bytes of ``value`` laid out as ``json.dumps(indent=2)`` at ``depth`` levels in; once
    past ``cap``, a number above it (counting a large body whole, again and again, would
    cost more than cutting it). Iterative: data nests deep."""
    total = 0
    stack: list[tuple[JsonValue, int]] = [(value, depth)]
    while stack and (cap is None or total <= cap):
        node, level = stack.pop()
        if isinstance(node, dict | list) and node:
            total += _shell(level) + len(node) * _member_overhead(level)
            if isinstance(node, dict):
                total += sum(_key_size(key) for key in node)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
        else:
            total += _scalar_size(node) if not isinstance(node, dict | list) else 2
    return total


def _cut(value: JsonValue, budget: int, depth: int) -> JsonValue | _NoFit:
    """``value`` in at most ``budget`` bytes at ``depth``, or ``NO_FIT``."""
    if isinstance(value, str):
        return _cut_string(value, budget)
    if not isinstance(value, dict | list):
        return value if _scalar_size(value) <= budget else NO_FIT
    if budget < 2:
        return NO_FIT
    if depth >= MAX_CUT_DEPTH or not value:
        return [] if isinstance(value, list) else {}
    if size(value, depth, budget) <= budget:
        return value
    if isinstance(value, list):
        return _cut_list(value, budget, depth)
    return _cut_object(value, budget, depth)


def _cut_list(value: list[JsonValue], budget: int, depth: int) -> list[JsonValue]:
    """The first items that fit whole (or the first item cut, when none does)."""
    kept: list[JsonValue] = []
    room = budget - _shell(depth)
    for item in value:
        cost = _member_overhead(depth) + size(item, depth + 1, room)
        if cost > room:
            break
        kept.append(item)
        room -= cost
    if kept:
        return kept
    first = _cut(value[0], room - _member_overhead(depth), depth + 1)
    return [first] if first is not NO_FIT else []


def _cut_object(value: dict[str, JsonValue], budget: int, depth: int) -> dict[str, JsonValue]:
    """Every key that fits, each value as large as the room left after the smallest form
    of the members after it."""
    entries = list(value.items())
    least = [_member_overhead(depth) + _key_size(key) + _smallest(child) for key, child in entries]
    kept: dict[str, JsonValue] = {}
    room = budget - _shell(depth)
    for index, (key, child) in enumerate(entries):
        overhead = _member_overhead(depth) + _key_size(key)
        reserved = sum(least[index + 1 :])
        found = _cut(child, room - reserved - overhead, depth + 1)
        if found is NO_FIT:
            found = _cut(child, room - overhead, depth + 1)
            if found is NO_FIT:
                break
        kept[key] = found
        room -= overhead + size(found, depth + 1)
    return kept


def _cut_string(value: str, budget: int) -> str | _NoFit:
    if _scalar_size(value) <= budget:
        return value
    if budget < 2:
        return NO_FIT
    low, high = 0, len(value)  # the longest prefix whose JSON form fits
    while low < high:
        middle = (low + high + 1) // 2
        if _scalar_size(value[:middle]) <= budget:
            low = middle
        else:
            high = middle - 1
    return value[:low]


def _smallest(value: JsonValue) -> int:
    """Bytes of the smallest form ``_cut`` may give ``value``."""
    if isinstance(value, dict | list | str):
        return 2
    return _scalar_size(value)


def _shell(depth: int) -> int:
    """Bytes of a non-empty container's brackets, last line break and closing indent, less
    the one comma its last member does not have."""
    return 2 + 1 + INDENT * depth - 1


def _member_overhead(depth: int) -> int:
    """Bytes of a member's line break, indent and comma."""
    return 1 + INDENT * (depth + 1) + 1


def _key_size(key: str) -> int:
    return _scalar_size(key) + 2  # and ": "


def _scalar_size(value: JsonValue) -> int:
    if isinstance(value, str) and value.isascii() and value.isprintable():
        if '"' not in value and "\\" not in value:
            return len(value) + 2  # the common case, without encoding it
    elif isinstance(value, int) and not isinstance(value, bool):
        return len(str(value))
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
