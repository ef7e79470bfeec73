"""Credentials written as request headers (``Authorization: Bearer {{token}}``,
``x-api-key: {{key}}``): which headers they are and what their values are made of, for
the plan to turn them into the client's auth schemes. The rules and their corpus counts:
``docs/hosts-and-credentials.md``."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from generator.annotations import Annotation
from generator.emit.parameters import python_value
from generator.escaping import py_str
from generator.ir import (
    Endpoint,
    FormDataBody,
    FormPart,
    JsonValue,
    Param,
    RawBody,
    UrlencodedBody,
)
from generator.loader.variables import VARIABLE
from generator.secrets import is_secret_name, is_secret_value

# The setting an auth attribute holding a literal credential is read from instead (the
# literal is never copied): by the attribute's key (plan/auth.py; the generated tests too)
LITERAL_CREDENTIAL_SETTINGS = {
    "token": "token",
    "username": "username",
    "password": "password",
    "value": "api_key",
    "accessToken": "access_token",
    "clientId": "client_id",
    "clientSecret": "client_secret",
}


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


# --- the login request's inputs (docs/scripts.md, "Login requests") ----------------------


class LoginParameter(Protocol):
    """What the login's arguments need of a method parameter (``plan.Parameter``)."""

    @property
    def name(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def annotation(self) -> Annotation: ...
    @property
    def required(self) -> bool: ...


# The Python expression that reads a setting, by the variable it stands for
SettingReader = Callable[[str], str]
# A login body nested deeper is not written out as code (its expression is built
# recursively, and Python's parser has limits of its own)
MAX_LOGIN_DEPTH = 32


def login_arguments(
    endpoint: Endpoint,
    parameters: Sequence[LoginParameter],
    variable: SettingReader,
    credential: SettingReader,
    is_secret: Callable[[str], bool],
) -> list[tuple[str, str]] | str:
    """The arguments the client calls its login method with, as Python expressions: each
    value the request saves, its ``{{variables}}`` read from their settings (``variable``),
    a literal credential (named or looking like one, or holding a credential value of the
    collection: ``is_secret``) from a setting named after its field (``credential``, its
    value never copied), any other literal as saved (``grant_type=client_credentials``). A
    text why not, when a required input has no value the client can give."""
    literal = _Literal(credential, is_secret)
    arguments: list[tuple[str, str]] = []
    for parameter in parameters:
        saved = _saved(endpoint, parameter.location, parameter.key)
        if saved is None:
            if parameter.required:
                return f"its {parameter.location} input {parameter.key!r} has no saved value"
            continue
        if isinstance(saved, str) and "str" not in parameter.annotation.names:
            if VARIABLE.search(saved) or literal.is_credential(parameter.key, saved):
                return f"its {parameter.location} input {parameter.key!r} is not text"
            value = python_value(saved, parameter.annotation)
            arguments.append(
                (parameter.name, py_str(value) if isinstance(value, str) else repr(value))
            )
            continue
        items = list(_walk(saved))
        if max(depth for _, depth in items) > MAX_LOGIN_DEPTH:
            return f"its {parameter.location} input nests deeper than {MAX_LOGIN_DEPTH} levels"
        if any(isinstance(item, float) and not math.isfinite(item) for item, _ in items):
            return f"its {parameter.location} input holds a number JSON cannot send (1e999)"
        if any(isinstance(item, dict) and any(map(literal.is_key, item)) for item, _ in items):
            return f"its {parameter.location} input has a credential for a key"
        expression = _json_expression(saved, parameter.key, variable, literal)
        arguments.append((parameter.name, expression))
    return arguments


def _saved(endpoint: Endpoint, location: str, key: str) -> JsonValue | None:
    """The value the request saves for one of its inputs: text, or the JSON body."""
    request = endpoint.request
    body = request.body
    if location == "path":
        known = {v.name: v.value for v in request.url.variables}
        return known.get(key, f"{{{{{key}}}}}")
    if location == "query":
        return _first(request.url.query, key)
    if location == "header":
        return _first(request.headers, key, case=False)
    if location == "form" and isinstance(body, UrlencodedBody):
        return _first(body.fields, key)
    if location == "form" and isinstance(body, FormDataBody):
        return _first([p for p in body.parts if p.kind != "file"], key)
    if location == "json" and isinstance(body, RawBody) and body.json is not None:
        return body.json.value if body.json.parsed else None
    if location == "content" and isinstance(body, RawBody):
        return body.text
    return None


def _first(entries: Sequence[Param | FormPart], key: str, *, case: bool = True) -> str | None:
    wanted = key if case else key.lower()
    for entry in entries:
        if not entry.disabled and (entry.key if case else entry.key.lower()) == wanted:
            return entry.value
    return None


def _walk(value: JsonValue) -> Iterator[tuple[JsonValue, int]]:
    """Every value inside JSON data, with its depth (iteratively: a collection may nest it
    thousands deep)."""
    stack: list[tuple[JsonValue, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        yield item, depth
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


class _Literal:
    """How a literal the login sends is written: as saved, or, for a credential, as the
    setting that stands for it."""

    def __init__(self, credential: SettingReader, is_secret: Callable[[str], bool]) -> None:
        self.credential, self.is_secret = credential, is_secret

    def is_credential(self, key: str, text: str) -> bool:
        return is_secret_name(key) or is_secret_value(text) or self.is_secret(text)

    def is_key(self, key: str) -> bool:
        """Whether a JSON key is a credential (a key is written as it is, never a setting)."""
        return is_secret_value(key) or self.is_secret(key)


def _json_expression(value: JsonValue, key: str, variable: SettingReader, literal: _Literal) -> str:
    """``value`` as a Python expression, each string through ``_text_expression``."""
    if isinstance(value, dict):
        items = [
            f"{py_str(k)}: {_json_expression(v, k, variable, literal)}" for k, v in value.items()
        ]
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json_expression(v, key, variable, literal) for v in value) + "]"
    if isinstance(value, str):
        return _text_expression(value, key, variable, literal)
    return repr(value)


def _text_expression(text: str, key: str, variable: SettingReader, literal: _Literal) -> str:
    """Saved text as an expression: ``{{var}}`` parts read from their settings, literal
    parts as written; text with a literal credential (``password: hunter2``) is read whole
    from its own setting."""
    literals = VARIABLE.split(text)[::2]  # the text between the variables
    if any(literal.is_credential(key, part) for part in literals if part) or (
        not text and is_secret_name(key)
    ):
        return literal.credential(key)
    parts: list[str] = []
    position = 0
    for match in VARIABLE.finditer(text):
        if match.start() > position:
            parts.append(py_str(text[position : match.start()]))
        parts.append(variable(match.group(1)))
        position = match.end()
    if position < len(text) or not parts:
        parts.append(py_str(text[position:]))
    return " + ".join(parts)
