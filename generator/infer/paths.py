"""JSON paths of positions: the notation of inference reports, ObjectType.paths and overrides.

``$`` is the body, ``$.data`` a key, ``$["odd key"]`` a key that is not an identifier
(JSON string escaping), ``$.data[]`` the items of an array, ``$.rows[0]`` a position of a
fixed-length tuple and ``$.rates.*`` the values of an object typed as a map. ``.*`` cannot
be mistaken for a key: a key ``*`` is written ``$["*"]``.
"""

from __future__ import annotations

import json
import re

ROOT = "$"

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_INDEX = re.compile(r"\[([0-9]+)\]")
_DECODER = json.JSONDecoder()


def key_path(parent: str, key: str) -> str:
    """The position of ``key`` in the objects at ``parent``."""
    if _IDENTIFIER.match(key):
        return f"{parent}.{key}"
    return f"{parent}[{json.dumps(key, ensure_ascii=False)}]"


def items_path(parent: str) -> str:
    """The items of the arrays at ``parent``."""
    return f"{parent}[]"


def tuple_path(parent: str, index: int) -> str:
    """Position ``index`` of the fixed-length arrays at ``parent``."""
    return f"{parent}[{index}]"


def values_path(parent: str) -> str:
    """The values of the objects at ``parent``, typed as a map."""
    return f"{parent}.*"


def normalize_path(text: str) -> str | None:
    """A user-written path in the canonical notation, or None if it cannot be read.

    Also accepted: ``[*]`` for items, ``['key']`` and ``.odd key`` for keys, so that an
    override matches however the user quoted it.
    """
    text = text.strip()
    if not text.startswith(ROOT):
        return None
    path, index = ROOT, 1
    while index < len(text):
        step = _step(text, index)
        if step is None:
            return None
        kind, value, index = step
        if kind == "key":
            path = key_path(path, value)
        elif kind == "items":
            path = items_path(path)
        elif kind == "tuple":
            path = tuple_path(path, int(value))
        else:
            path = values_path(path)
    return path


def _step(text: str, index: int) -> tuple[str, str, int] | None:
    """The segment starting at ``index``: (kind, key or index, where the next one starts)."""
    if text.startswith(".*", index) and text[index + 2 : index + 3] in ("", ".", "["):
        return "values", "", index + 2
    if text[index] == ".":
        end = index + 1
        while end < len(text) and text[end] not in ".[":
            end += 1
        return ("key", text[index + 1 : end], end) if end > index + 1 else None
    if text.startswith("[]", index):
        return "items", "", index + 2
    if text.startswith("[*]", index):
        return "items", "", index + 3
    number = _INDEX.match(text, index)
    if number:
        return "tuple", number.group(1), number.end()
    if text.startswith('["', index):
        try:
            key, end = _DECODER.raw_decode(text, index + 1)
        except ValueError:
            return None
        return ("key", key, end + 1) if text[end : end + 1] == "]" else None
    if text.startswith("['", index):
        end = text.find("']", index + 2)
        return ("key", text[index + 2 : end], end + 2) if end >= 0 else None
    return None
