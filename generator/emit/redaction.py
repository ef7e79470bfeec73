"""Keeping the collection's credential values out of generated files, exactly.

Credentials are kept out of the plan by construction (a credential becomes a constructor
argument); this is the last line: every text postc writes that came from the collection
passes through ``redact`` (free text) or ``redact_json`` (data). The rules, in
docs/security.md:

- a secret is a value of at least ``MIN_SECRET_LENGTH`` characters held by a credential
  (a secret variable, an auth attribute, an ``Authorization`` or key-like header or query
  parameter); a placeholder (``<string>``, ``<API key>``), a value with a ``{{var}}``
  reference, and a value that only repeats its own name (a demo ``password: password``)
  are not secrets;
- in free text a secret is replaced only where it stands as a whole token: the characters
  around it must not continue a word (letters, digits and ``_`` do), so ``postman`` stays in
  ``getpostman.com`` and ``Bearer abc123secret`` loses its token;
- in JSON data only string values are text: keys are never changed;
- identifiers (``{name}`` fields of a path template, keys, field names) are never changed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import lru_cache

from generator.escaping import py_bytes, py_str
from generator.ir import Collection, JsonValue
from generator.json_values import dumps, map_strings
from generator.loader.lenient_json import parse_json_text
from generator.loader.variables import looks_secret

REDACTED = "REDACTED"
# Shorter values are not treated as credentials: redacting "1" or "abc" would mangle text.
MIN_SECRET_LENGTH = 6
# Auth attributes that hold credentials (lower-cased); the others are names, URLs, flags.
CREDENTIAL_ATTRIBUTES = frozenset(
    {
        "token",
        "password",
        "value",
        "accesstoken",
        "refreshtoken",
        "clientsecret",
        "clientid",
        "secretkey",
        "accesskey",
        "consumersecret",
        "consumerkey",
        "tokensecret",
        "authkey",
        "authid",
        "privatekey",
        "clienttoken",
        "secret",
        "sessiontoken",
        "signature",
        "username",
        "apikey",
        "key_value",
    }
)
_REFERENCE = re.compile(r"\{\{[^{}]*\}\}")
# An openapi-to-postman placeholder (``<string>``, ``<dateTime>``) or a person's
# (``<your API key>``): a letter first, as ``generator.infer.artefacts.placeholder`` reads them
_PLACEHOLDER = re.compile(r"<[A-Za-z][^<>]{0,79}>")
# A ``{name}`` field of a path template: the method's parameter, an identifier
_TEMPLATE_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
# Up to this many secrets, each is looked for in a text on its own (at C speed); with more,
# the text's tokens are looked up among the secrets' first tokens instead (every text
# searched for every one of a collection's thousands of credential values was quadratic)
_FEW_SECRETS = 16
_TOKEN = re.compile(r"\w+|\W")  # a run of word characters, or one other character
_LAST_INDEX: list[tuple[tuple[str, ...], dict[str, tuple[str, ...]]] | None] = [None]

Values = dict[str, tuple[str | None, bool, str]]  # variable -> (value, secret, description)


def is_secret(value: str, name: str = "") -> bool:
    """Whether ``value``, held by a credential called ``name``, is a secret to keep out:
    not empty, not short, no template (placeholder or ``{{var}}``), not its own name."""
    if len(value) < MIN_SECRET_LENGTH or _REFERENCE.search(value) or _PLACEHOLDER.search(value):
        return False
    return not name or _NOT_ALPHANUMERIC.sub("", value.lower()) != _NOT_ALPHANUMERIC.sub(
        "", name.lower()
    )


def ordered(secrets: Iterable[str]) -> tuple[str, ...]:
    """The secrets without repeats, longest first (a secret may contain another)."""
    return tuple(sorted(set(secrets), key=lambda secret: (-len(secret), secret)))


def collection_secrets(collection: Collection, values: Values) -> tuple[str, ...]:
    """Every credential value the collection (and environment) holds, longest first."""
    found = [(value, key) for key, (value, secret, _) in values.items() if secret and value]
    auths = [collection.auth, *(f.auth for f in collection.folders())]
    auths += [e.request.auth for e in collection.endpoints()]
    for auth in auths:
        for attribute in auth.params if auth is not None else ():
            key = attribute.key.lower().replace("_", "")
            credential = key in CREDENTIAL_ATTRIBUTES or looks_secret(key)
            if credential and isinstance(attribute.value, str):
                found.append((attribute.value, attribute.key))
    for endpoint in collection.endpoints():
        requests = [endpoint.request]
        requests += [e.original_request for e in endpoint.examples if e.original_request]
        for request in requests:
            for header in request.headers:
                if header.value and (
                    header.key.lower() == "authorization" or looks_secret(header.key)
                ):
                    found.append((header.value, header.key))
                    # "Bearer <token>": the token
                    found += [(word, header.key) for word in header.value.split()[1:]]
            for param in request.url.query:
                if param.value and looks_secret(param.key):
                    found.append((param.value, param.key))
    return ordered(value for value, name in found if is_secret(value, name))


@lru_cache(maxsize=64)
def _pattern(secrets: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of the secrets, longest first, each bounded where it would otherwise
    continue a word (an end that is a letter, digit or ``_`` needs a non-word beside it)."""

    def bounded(secret: str) -> str:
        before = r"(?<!\w)" if _is_word(secret[0]) else ""
        after = r"(?!\w)" if _is_word(secret[-1]) else ""
        return before + re.escape(secret) + after

    return re.compile("|".join(bounded(secret) for secret in secrets))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def redact(text: str, secrets: Iterable[str]) -> str:
    """Free text with each secret that stands as a whole token replaced by ``REDACTED``."""
    found = tuple(secrets)
    if len(found) <= _FEW_SECRETS:
        if not any(secret in text for secret in found):
            return text
        return _pattern(found).sub(REDACTED, text)
    kept: list[str] = []
    position = 0
    for start, end in _spans(text, _by_first_token(found)):
        kept += (text[position:start], REDACTED)
        position = end
    return "".join(kept) + text[position:] if kept else text


def mentions(text: str, secrets: Iterable[str]) -> bool:
    """Whether ``redact`` may change ``text``: a secret is in it (as a whole token, when
    there are many secrets)."""
    found = tuple(secrets)
    if len(found) <= _FEW_SECRETS:
        return any(secret in text for secret in found)
    return bool(_spans(text, _by_first_token(found)))


def _by_first_token(secrets: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The secrets (longest first) by their first token: a run of word characters, or one
    other character. Kept for the last tuple asked about, by identity: the plan asks with
    the same one for every text, and hashing thousands of secrets per text would cost what
    the index saves."""
    last = _LAST_INDEX[0]
    if last is None or last[0] is not secrets:
        last = _LAST_INDEX[0] = (secrets, _index(secrets))
    return last[1]


def _index(secrets: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for secret in secrets:
        first = _TOKEN.match(secret)
        if first is not None:
            found.setdefault(first.group(), []).append(secret)
    return {token: tuple(values) for token, values in found.items()}


def _spans(text: str, by_first_token: dict[str, tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where secrets stand as whole tokens in ``text``, leftmost first, the longest where
    several start at one place (what the alternation of ``_pattern`` finds). A secret
    starts where a token starts and is made of whole tokens, so only the text's tokens
    are looked up: the work does not grow with the number of secrets."""
    if not by_first_token.keys() & set(_TOKEN.findall(text)):
        return []
    spans: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(text):
        start = token.start()
        if spans and start < spans[-1][1]:
            continue
        for secret in by_first_token.get(token.group(), ()):
            end = start + len(secret)
            after = end < len(text) and _is_word(secret[-1]) and _is_word(text[end])
            if text.startswith(secret, start) and not after:
                spans.append((start, end))
                break
    return spans


def redact_template(template: str, secrets: Iterable[str]) -> str:
    """A path template (``/users/{user_id}/keys``) redacted outside its ``{name}`` fields,
    which are identifiers."""
    found = tuple(secrets)
    parts = _TEMPLATE_FIELD.split(template)
    fields = [*_TEMPLATE_FIELD.findall(template), ""]
    return "".join(redact(part, found) + field for part, field in zip(parts, fields, strict=True))


def redact_json(value: JsonValue, secrets: Iterable[str]) -> JsonValue:
    """JSON data with its string values redacted as text; keys are kept, so a secret such
    as ``password`` cannot turn the key ``allow_empty_password`` into another field."""
    found = tuple(secrets)
    return map_strings(value, lambda text: redact(text, found))


def redact_json_text(text: str, secrets: Iterable[str]) -> str:
    """JSON text redacted as data (written back compact, as postc writes saved bodies);
    text that is not JSON (labelled JSON but broken, or nested too deep) is redacted as
    free text."""
    found = tuple(secrets)
    if not found or not mentions(text, found):
        return text
    document = parse_json_text(text)
    if not document.parsed:
        return redact(text, found)
    return dumps(redact_json(document.value, found), ensure_ascii=False)


def redact_literal(literal: str, secrets: Iterable[str], *, json_text: bool = False) -> str:
    """A Python literal of generated code with its value redacted: a string as text (as JSON
    data when ``json_text``), bytes as their UTF-8 text; other code is left as it is."""
    found = tuple(secrets)
    if not found:
        return literal
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return literal
    if isinstance(value, str) and mentions(value, found):
        return py_str(redact_json_text(value, found) if json_text else redact(value, found))
    if isinstance(value, bytes):
        text = value.decode("utf-8", "surrogateescape")
        if not mentions(text, found):
            return literal
        return py_bytes(redact(text, found).encode("utf-8", "surrogateescape"))
    return literal
