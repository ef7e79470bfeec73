"""A canonical order of a unit's documents, so that the order of the examples cannot matter.

Documents are sorted by their JSON text. Every later choice that needs an order (field
order, which samples to keep) then follows this order instead of the input's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.ir import JsonValue


def canonical_order(documents: Sequence[JsonValue]) -> list[JsonValue]:
    """The documents sorted by their JSON text (key order kept, so it breaks ties too)."""
    if len(documents) < 2:  # most units have one body: no text to compute
        return list(documents)
    return sorted(documents, key=json_text)


def json_text(document: JsonValue) -> str:
    """``json.dumps(document)``, also for documents too deep for it or with huge integers."""
    try:
        return json.dumps(document)
    except (RecursionError, ValueError):
        return _json_text_iteratively(document)


def scalar_text(value: JsonValue) -> str:
    """The JSON text of a scalar; integers past Python's digit limit are written in hex."""
    try:
        return json.dumps(value)
    except ValueError:
        return hex(value) if isinstance(value, int) else repr(value)


class _Literal(str):
    """Text to emit as is, kept apart from string values on the encoder's stack."""


def _json_text_iteratively(document: JsonValue) -> str:
    """The same text as ``json.dumps``, built with an explicit stack instead of recursion."""
    parts: list[str] = []
    stack: list[JsonValue | _Literal] = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, _Literal):
            parts.append(item)
        elif isinstance(item, dict):
            parts.append("{")
            stack.append(_Literal("}"))
            entries = list(item.items())
            for index in range(len(entries) - 1, -1, -1):
                key, value = entries[index]
                stack.append(value)
                stack.append(_Literal(json.dumps(key) + ": "))
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
