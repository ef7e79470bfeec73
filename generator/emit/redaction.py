"""Keeping the collection's credential values out of generated files, exactly.

Credentials are kept out of the plan by construction (a credential becomes a constructor
argument); this is the last line: every text postc writes that came from the collection
passes through ``redact`` (free text) or ``redact_json`` (data). The rules, in
docs/security.md:

- a secret is a value of at least ``MIN_SECRET_LENGTH`` characters held by a credential
  (a secret variable, an auth attribute, an ``Authorization`` or key-like header, query
  parameter or form field), or a secret by its shape wherever it stands
  (``generator.secrets``: keys, JWTs, tokens, URL passwords); a placeholder (``<string>``,
  ``<API key>``), a value with a ``{{var}}`` reference, a demo word (``string``) and a
  value that only repeats its own name (a demo ``password: password``) are not secrets;
- in free text a secret is replaced only where it stands as a whole token: the characters
  around it must not continue a word (letters, digits and ``_`` do), so ``postman`` stays in
  ``getpostman.com`` and ``Bearer abc123secret`` loses its token;
- in JSON data only string values are text: keys are never changed;
- identifiers (``{name}`` fields of a path template, keys, field names) are never changed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from generator.escaping import py_bytes, py_str
from generator.ir import (
    ApiModels,
    Auth,
    Body,
    Collection,
    Environment,
    FormDataBody,
    FormPart,
    GraphQLBody,
    JsonValue,
    ListType,
    MapType,
    Model,
    Param,
    RawBody,
    Request,
    ScalarType,
    TupleType,
    TypeExpr,
    TypeVariant,
    UrlencodedBody,
)
from generator.json_values import dumps, map_strings, strings
from generator.loader.lenient_json import parse_json_text
from generator.secrets import MIN_SECRET_LENGTH as MIN_SECRET_LENGTH
from generator.secrets import is_secret as is_secret
from generator.secrets import is_secret_field, is_secret_name, is_secret_value, secret_values

REDACTED = "REDACTED"
# Auth attributes that hold credentials (lower-cased, without ``_``); the others are names,
# URLs and flags, unless their name says otherwise (``is_secret_field``)
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
# A ``{name}`` field of a path template: the method's parameter, an identifier
_TEMPLATE_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# Up to this many secrets, each is looked for in a text on its own (at C speed); with more,
# the text's tokens are looked up among the secrets' first tokens instead (every text
# searched for every one of a collection's thousands of credential values was quadratic)
_FEW_SECRETS = 16
_TOKEN = re.compile(r"\w+|\W")  # a run of word characters, or one other character
_LAST_INDEX: list[tuple[tuple[str, ...], dict[str, tuple[str, ...]]] | None] = [None]

Values = dict[str, tuple[str | None, bool, str]]  # variable -> (value, secret, description)


def variable_values(collection: Collection, environment: Environment | None) -> Values:
    """The enabled variables of the collection, the environment's values over them: what
    the plan and ``postc mock`` take the credential values from (the same, so both redact
    alike)."""
    values: Values = {}
    for variable in collection.variables:
        if not variable.disabled:
            values[variable.key] = (variable.value, variable.secret, variable.description)
    for value in environment.values if environment is not None else ():
        if not value.disabled:
            values[value.key] = (value.value, value.secret, value.description)
    return values


def ordered(secrets: Iterable[str]) -> tuple[str, ...]:
    """The secrets without repeats, longest first (a secret may contain another)."""
    return tuple(sorted(set(secrets), key=lambda secret: (-len(secret), secret)))


def collection_secrets(collection: Collection, values: Values) -> tuple[str, ...]:
    """Every credential value the collection (and environment) holds, longest first: the
    values of credentials (``_held``) and every secret anywhere by its shape
    (``generator.secrets.secret_values``: keys, tokens, passwords in URLs, ...)."""
    held = [value for value, name in _held(collection, values) if is_secret(value, name)]
    shaped = [
        value
        for text, data in dict.fromkeys(_texts(collection, values))  # each text once
        for value in secret_values(text, data=data)
        if is_secret(value)
    ]
    return ordered(held + shaped)


def _held(collection: Collection, values: Values) -> Iterator[tuple[str, str]]:
    """(value, name) of every credential: secret variables, credential attributes of auths,
    credential headers (and the token after their scheme word), credential-named query
    keys and form fields, and any of these whose whole value is a credential."""
    yield from ((value, key) for key, (value, secret, _) in values.items() if secret and value)
    for auth in _auths(collection):
        yield from _auth_held(auth)
    for request in _requests(collection):
        yield from _request_held(request)


def request_secrets(request: Request) -> tuple[str, ...]:
    """The credential values of one request, longest first: what ``collection_secrets``
    finds in it (its auth's credential attributes, credential headers, query keys and form
    fields, and secrets by their shape in its texts). ``postc record`` removes them from the
    request it saves with an example."""
    held = [*_request_held(request), *(_auth_held(request.auth) if request.auth else ())]
    shaped = [
        value
        for text, data in dict.fromkeys(_request_texts(request))
        for value in secret_values(text, data=data)
        if is_secret(value)
    ]
    return ordered([value for value, name in held if is_secret(value, name)] + shaped)


def _auth_held(auth: Auth) -> Iterator[tuple[str, str]]:
    """(value, name) of the credential attributes of an auth block."""
    for attribute in auth.params:
        key = attribute.key.lower().replace("_", "")
        credential = key in CREDENTIAL_ATTRIBUTES or is_secret_field(attribute.key)
        if credential and isinstance(attribute.value, str):
            yield attribute.value, attribute.key


def _request_held(request: Request) -> Iterator[tuple[str, str]]:
    """(value, name) of a request's credential headers (and the token after their scheme
    word), credential-named query keys and form fields."""
    for header in request.headers:
        name = header.key
        if header.value and (name.lower() == "authorization" or _credential(header)):
            yield header.value, name
            yield from ((word, name) for word in header.value.split()[1:])
    for param in (*request.url.query, *_form_fields(request.body)):
        if param.value and _credential(param):
            yield param.value, param.key


def _credential(param: Param | FormPart) -> bool:
    """A parameter named like a credential or whose value is one as a whole."""
    return is_secret_name(param.key) or is_secret_value(param.value or "")


def _texts(collection: Collection, values: Values) -> Iterator[tuple[str, bool]]:
    """Every text of the collection that postc may write, and whether it is data (a body,
    a URL, a path: ``generator.secrets.secret_values`` reads data for fewer shapes)."""
    yield collection.name, False
    yield collection.description, False
    for value, _, description in values.values():
        yield value or "", False
        yield description, False
    for folder in collection.folders():
        yield folder.name, False
        yield folder.description, False
    for auth in _auths(collection):
        yield from ((a.value, False) for a in auth.params if isinstance(a.value, str))
    for endpoint in collection.endpoints():
        yield endpoint.name, False
        yield endpoint.description, False
        for example in endpoint.examples:
            yield example.name, False
            document = example.json
            yield from _data_texts(document.value if document and document.parsed else example.body)
            yield from ((header.value or "", True) for header in example.headers)
    for request in _requests(collection):
        yield from _request_texts(request)


def _request_texts(request: Request) -> Iterator[tuple[str, bool]]:
    """The texts of a request: its URL and its parts, parameters, headers and body."""
    yield request.description, False
    yield request.url.raw, True  # its query values come one by one below
    yield from ((segment, True) for segment in request.url.path)
    yield from ((variable.value or "", False) for variable in request.url.variables)
    for param in (*request.url.query, *request.headers, *_form_fields(request.body)):
        yield param.value or "", False
        yield param.description, False
    body = request.body
    if isinstance(body, RawBody):
        document = body.json
        yield from _data_texts(document.value if document and document.parsed else body.text)
    elif isinstance(body, GraphQLBody):
        yield body.query, True
        yield body.variables or "", True


def _data_texts(value: JsonValue) -> Iterator[tuple[str, bool]]:
    """The strings of JSON data (a text body is one), without recursion: data nests deep."""
    return ((text, True) for text in strings(value))


def _auths(collection: Collection) -> Iterator[Auth]:
    """The auth blocks of the collection, its folders, its requests and saved requests."""
    found = [collection.auth, *(folder.auth for folder in collection.folders())]
    found += [request.auth for request in _requests(collection)]
    yield from (auth for auth in found if auth is not None)


def _requests(collection: Collection) -> Iterator[Request]:
    """Every request: each endpoint's and the original request of each saved example."""
    for endpoint in collection.endpoints():
        yield endpoint.request
        yield from (e.original_request for e in endpoint.examples if e.original_request)


def _form_fields(body: Body | None) -> tuple[Param | FormPart, ...]:
    """The text fields of an urlencoded or multipart body (none for other bodies)."""
    if isinstance(body, UrlencodedBody):
        return body.fields
    if isinstance(body, FormDataBody):
        return tuple(part for part in body.parts if part.kind != "file")
    return ()


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


def models_without_secrets(api: ApiModels, secrets: tuple[str, ...]) -> ApiModels:
    """The models with the collection's credential values (``secrets``) replaced in what
    they carry from the examples (descriptions, enum cases): generated models, ``postc
    openapi`` and ``postc schema`` write them."""
    if not secrets:
        return api
    models = tuple(
        (
            replace(
                model,
                description=redact(model.description, secrets),
                fields=tuple(
                    replace(f, type=_redacted_type(f.type, secrets)) for f in model.fields
                ),
            )
            if _mentions_a_secret(model, secrets)
            else model
        )
        for model in api.models
    )
    return replace(api, models=models)


def _mentions_a_secret(model: Model, secrets: tuple[str, ...]) -> bool:
    """Whether a credential value is in the model's description or enum cases (most models
    carry none: those are kept as they are)."""
    texts = [model.description]
    stack: list[TypeExpr | TypeVariant] = [f.type for f in model.fields]
    while stack:
        node = stack.pop()
        if isinstance(node, TypeExpr):
            stack.extend(node.variants)
        elif isinstance(node, ScalarType):
            texts.extend(node.enum)
        elif isinstance(node, ListType):
            stack.append(node.items)
        elif isinstance(node, MapType):
            stack.append(node.values)
        elif isinstance(node, TupleType):
            stack.extend(node.items)
    return any(redact(text, secrets) != text for text in texts)


def _redacted_type(expr: TypeExpr, secrets: tuple[str, ...]) -> TypeExpr:
    variants: list[TypeVariant] = []
    for variant in expr.variants:
        if isinstance(variant, ScalarType) and variant.enum:
            cases = tuple(sorted({redact(case, secrets) for case in variant.enum}))
            variant = replace(variant, enum=cases)
        elif isinstance(variant, ListType):
            variant = ListType(_redacted_type(variant.items, secrets))
        elif isinstance(variant, MapType):
            variant = MapType(_redacted_type(variant.values, secrets))
        elif isinstance(variant, TupleType):
            variant = TupleType(tuple(_redacted_type(item, secrets) for item in variant.items))
        variants.append(variant)
    return replace(expr, variants=tuple(variants))
