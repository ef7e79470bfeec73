"""The words of a JSON key, for the rules that read key names.

``created_at``, ``createdAt``, ``CreatedAt`` and ``created-at`` all give
``["created", "at"]``; ``HTTPStatus`` gives ``["http", "status"]``.
"""

from __future__ import annotations

import re

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def key_words(key: str | None) -> list[str]:
    """The lower-cased words of ``key`` (none for None)."""
    return [word.lower() for word in _WORDS.findall(key or "")]


def last_word(key: str | None) -> str:
    """The last word of ``key``, or ``""``: ``payment_status`` → ``status``."""
    words = key_words(key)
    return words[-1] if words else ""
