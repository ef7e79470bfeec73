"""Collection variables and environment values."""

from __future__ import annotations

import re
from itertools import pairwise

from generator.ir import Diagnostic, Variable
from generator.loader.values import description_text, is_disabled, object_list, scalar_text

_SECRET_WORDS = frozenset(
    {
        "apikey",
        "authorization",
        "bearer",
        "cookie",
        "credential",
        "credentials",
        "jwt",
        "passphrase",
        "passwd",
        "password",
        "pat",
        "pwd",
        "secret",
        "session",
        "signature",
        "token",
    }
)
_KEY_QUALIFIERS = frozenset(
    {"access", "account", "api", "client", "master", "private", "secret", "signing", "subscription"}
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# A reference to a variable in a value: ``{{name}}``
VARIABLE = re.compile(r"\{\{([^{}]+)\}\}")


def parse_variables(node: object, path: str, warnings: list[Diagnostic]) -> tuple[Variable, ...]:
    """Variable entries in order; entries without a ``key`` cannot be referenced and are skipped."""
    variables = []
    for entry_path, entry in object_list(node, path, warnings, "variables"):
        key = entry.get("key")
        if not isinstance(key, str) or not key:
            warnings.append(Diagnostic(entry_path, "variable without a key, ignored"))
            continue
        kind = entry.get("type")
        kind = kind if isinstance(kind, str) and kind else "string"
        variables.append(
            Variable(
                key=key,
                value=scalar_text(entry.get("value")),
                type=kind,
                description=description_text(entry.get("description")),
                disabled=is_disabled(entry),
                secret=kind == "secret" or looks_secret(key),
            )
        )
    return tuple(variables)


def looks_secret(name: str) -> bool:
    """Whether a name says it holds a credential (``access-token``, ``apiKey``)."""
    words = [word.lower() for word in _WORD.findall(name)]
    if any(word in _SECRET_WORDS for word in words):
        return True
    return any(first in _KEY_QUALIFIERS and second == "key" for first, second in pairwise(words))
