"""Postman artefacts in example bodies: ``"<integer>"`` placeholders, ``{{variable}}``
references, lorem-ipsum keys and numbered ``key_0`` keys, none of which are data the API sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# openapi-to-postman writes a schema's type or format in angle brackets instead of a value.
# Kinds are the scalar kinds of ScalarType, plus "object" for "<object>".
_PLACEHOLDER_TYPES: dict[str, tuple[str, str | None]] = {
    "string": ("str", None),
    "integer": ("int", None),
    "int": ("int", None),
    "int32": ("int", None),
    "int64": ("int", None),
    "long": ("int", None),
    "number": ("float", None),
    "float": ("float", None),
    "double": ("float", None),
    "boolean": ("bool", None),
    "bool": ("bool", None),
    "datetime": ("str", "date-time"),
    "date": ("str", "date"),
    "time": ("str", "time"),
    "uuid": ("str", "uuid"),
    "guid": ("str", "uuid"),
    "uri": ("str", "uri"),
    "url": ("str", "uri"),
    "email": ("str", "email"),
    "object": ("object", None),
}
_PLACEHOLDER = re.compile(r"<([A-Za-z][^<>]{0,79})>")

# ``{{name}}``; the spaces around the name are stripped in code: a lazy name between two
# ``\s*`` backtracks through every split of a run of spaces (``{{`` and 5,000 spaces: 168 s)
_VARIABLE = re.compile(r"\{\{([^{}]*)\}\}")
# Postman's dynamic variables whose values have a format, by a representative value.
_DYNAMIC_VALUES = {
    "$guid": "00000000-0000-4000-8000-000000000000",
    "$randomUUID": "00000000-0000-4000-8000-000000000000",
    "$isoTimestamp": "2000-01-01T00:00:00.000Z",
    "$randomEmail": "user@example.com",
    "$randomExampleEmail": "user@example.com",
    "$randomUrl": "https://example.com",
}

# The words of the lorem-ipsum passage that faker libraries draw keys from.
_LOREM_WORDS = frozenset(
    {
        "lorem",
        "ipsum",
        "dolor",
        "sit",
        "amet",
        "consectetur",
        "adipiscing",
        "adipisicing",
        "elit",
        "sed",
        "do",
        "eiusmod",
        "tempor",
        "incididunt",
        "ut",
        "labore",
        "et",
        "dolore",
        "magna",
        "aliqua",
        "enim",
        "ad",
        "minim",
        "veniam",
        "quis",
        "nostrud",
        "exercitation",
        "ullamco",
        "laboris",
        "nisi",
        "aliquip",
        "ex",
        "ea",
        "commodo",
        "consequat",
        "duis",
        "aute",
        "irure",
        "in",
        "reprehenderit",
        "voluptate",
        "velit",
        "esse",
        "cillum",
        "eu",
        "fugiat",
        "nulla",
        "pariatur",
        "excepteur",
        "sint",
        "occaecat",
        "cupidatat",
        "non",
        "proident",
        "sunt",
        "culpa",
        "qui",
        "officia",
        "deserunt",
        "mollit",
        "anim",
        "id",
        "est",
        "laborum",
    }
)
_LOREM_SUFFIX = re.compile(r"([_-]?)([0-9a-f]{1,5})")
# openapi-to-postman (its json-schema-faker) names additionalProperties key_0, key_1, ...
_NUMBERED_KEY = re.compile(r"key_(?:0|[1-9][0-9]{0,8})")


def placeholder(text: str) -> tuple[str, str | None] | None:
    """(kind, format) that a ``"<integer>"``-style placeholder stands for, or None.

    Unknown placeholders (``"<PayPalTxnID>"``) stand for a plain string.
    """
    match = _PLACEHOLDER.fullmatch(text)
    if match is None:
        return None
    return _PLACEHOLDER_TYPES.get(match.group(1).lower(), ("str", None))


def is_template(text: str) -> bool:
    """Whether the string holds a ``{{variable}}`` reference."""
    return "{{" in text and _VARIABLE.search(text) is not None


def resolve_template(text: str, variables: Mapping[str, str]) -> str | None:
    """The string as sent once Postman substituted its variables; None if one is unknown."""
    unknown = False

    def substitute(match: re.Match[str]) -> str:
        nonlocal unknown
        name = match.group(1).strip()
        value = variables.get(name, _DYNAMIC_VALUES.get(name))
        if value is None or "{{" in value:
            unknown = True
            return ""
        return value

    resolved = _VARIABLE.sub(substitute, text)
    return None if unknown else resolved


def numbered_keys(keys: Iterable[str]) -> bool:
    """Whether keys are openapi-to-postman's numbered rendering of ``additionalProperties``:
    ``key_0``, ``key_1``, ... (numbered from 0, so ``key_0`` is among them)."""
    seen_first = False
    for key in keys:
        if not is_numbered_key(key):
            return False
        seen_first |= key == "key_0"
    return seen_first


def is_numbered_key(key: str) -> bool:
    """``key_0``, ``key_1``, ...: one of openapi-to-postman's numbered keys."""
    return _NUMBERED_KEY.fullmatch(key) is not None


def lorem_strength(key: str) -> int:
    """How surely a key is a faker rendering of ``additionalProperties`` (``ullamco_ac9``).

    0: not lorem-like; 1: a lorem word and a short hex suffix (``dofbf``), which plain
    words and numbered keys can also be (``idea``, ``id10``); 2: the suffix mixes digits
    with hex letters or follows a separator (``nisi14a``, ``qui_8``).
    """
    strength = 0
    for end in range(2, min(len(key), 16)):
        if key[:end] not in _LOREM_WORDS:
            continue
        suffix = _LOREM_SUFFIX.fullmatch(key, end)
        if suffix is None:
            continue
        separator, tail = suffix.groups()
        digit = any(ch.isdigit() for ch in tail)
        letter = any(ch.isalpha() for ch in tail)
        strength = max(strength, 2 if digit and (separator or letter) else 1)
    return strength
