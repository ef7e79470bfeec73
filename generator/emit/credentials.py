"""Credentials written as request headers (``Authorization: Bearer {{token}}``,
``x-api-key: {{key}}``): which headers they are and what their values are made of, for
the plan to turn them into the client's auth schemes. The rules and their corpus counts:
``docs/hosts-and-credentials.md``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.ir import Endpoint, Param
from generator.loader.variables import VARIABLE
from generator.secrets import is_secret_name, is_secret_value


def is_credential_header(header: Param) -> bool:
    """``Authorization``, a header named like a credential (``x-api-key``, ``X-Auth-Key``,
    ``X-SFDC-Session``), or one whose value is a credential whatever its name (``X-Custom:
    sk_live_...``); not ``Cookie``, whose value is name=value pairs."""
    name = header.key.lower()
    if name == "cookie":
        return False
    credential = is_secret_name(header.key) or is_secret_value(header.value or "")
    return name == "authorization" or credential


def credential_headers(headers: Sequence[Param]) -> list[Param]:
    """The enabled credential headers of a request, the first of each name."""
    found: dict[str, Param] = {}
    for header in headers:
        if not header.disabled and is_credential_header(header):
            found.setdefault(header.key.lower(), header)
    return list(found.values())


_PREFIXED_VARIABLE = re.compile(r"([A-Za-z][\w-]*)\s+\{\{([^{}]+)\}\}")
_PREFIXED_LITERAL = re.compile(r"([A-Za-z][\w-]*)\s+\S+")


def credential_value(value: str) -> tuple[str, str | None]:
    """A credential header's value as its scheme word and variable: ``Bearer {{token}}`` ->
    ("Bearer", "token"), ``{{key}}`` -> ("", "key"), a literal ``Basic cm9v...`` ->
    ("Basic", None)."""
    value = value.strip()
    prefixed = _PREFIXED_VARIABLE.fullmatch(value)
    if prefixed is not None:
        word = prefixed.group(1)
        return ("Bearer" if word.lower() == "bearer" else word), prefixed.group(2)
    whole = VARIABLE.fullmatch(value)
    if whole is not None:
        return "", whole.group(1)
    literal = _PREFIXED_LITERAL.fullmatch(value)
    if literal is not None:
        word = literal.group(1)
        return ("Bearer" if word.lower() == "bearer" else word), None
    return "", None


def header_shape(endpoint: Endpoint) -> tuple[tuple[str, str], ...]:
    """What tells a request's credential headers from another's: names, scheme words and
    variables (a literal value counts as none: its setting is named after the header)."""
    shape = []
    for header in credential_headers(endpoint.request.headers):
        prefix, variable = credential_value(header.value or "")
        shape.append((header.key.lower(), f"{prefix} {variable or ''}"))
    return tuple(shape)
