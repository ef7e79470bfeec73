"""A canonical order of a unit's documents, so that the order of the examples cannot matter.

Documents are sorted by their JSON text. Every later choice that needs an order (field
order, which samples to keep) then follows this order instead of the input's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.ir import JsonValue
from generator.json_values import dumps_iteratively


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
        return dumps_iteratively(document, scalar_text)


def scalar_text(value: JsonValue) -> str:
    """The JSON text of a scalar; integers past Python's digit limit are written in hex."""
    try:
        return json.dumps(value)
    except ValueError:
        return hex(value) if isinstance(value, int) else repr(value)
