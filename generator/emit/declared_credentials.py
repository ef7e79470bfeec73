"""The credentials a request declares in the collection, as a generated test expects them
on the wire: read from the request's effective auth (its own, a folder's, the
collection's) and its credential headers, never from the plan of what the client sends,
so that a client sending the wrong scheme, or one where the collection declares none,
fails its tests (docs/runtime.md, "What a case checks was sent").

Each credential is ``(where, name, value)``: ``("header", "Authorization", "Bearer
test-token")``, ``("query", "api_key", "test-api-key")``. The value is the one the tests'
client is given for the setting that stands for the collection's variable (a literal
credential is never copied: its setting, ``LITERAL_CREDENTIAL_SETTINGS``, is).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Collection

from generator.emit.credentials import (
    LITERAL_CREDENTIAL_SETTINGS,
    credential_headers,
    credential_value,
)
from generator.ir import Auth, Endpoint
from generator.loader.variables import VARIABLE
from generator.naming.identifiers import field_name

Credential = tuple[str, str, str]  # where ("header" or "query"), name, value
# The value the tests' client holds for a collection variable's setting; None: unknown
ValueOf = Callable[[str], "str | None"]
# The token the generated tests' mock hands out at an OAuth2 token URL
ISSUED_TOKEN = "test-token"


class _UnknownError(Exception):
    """A credential whose value or place the collection does not fix."""


def declared_credentials(
    endpoint: Endpoint, value_of: ValueOf, login_variables: Collection[str] = ()
) -> tuple[Credential, ...] | None:
    """The credentials the request sends in Postman, with the tests' values; () for none
    (``noauth``, no auth anywhere, a digest auth before its challenge, an auth type the
    client leaves to the caller's http_client); None where the collection does not fix
    them: a login request that gets the very credential it would send (Postman sends it
    empty or stale), an API key named by a variable."""
    read: list[str] = []

    def value(variable: str) -> str:
        read.append(variable)
        found = value_of(variable)
        if found is None:
            raise _UnknownError(variable)
        return found

    try:
        auth = endpoint.auth
        if auth is None or auth.type == "noauth":
            found = _headers(endpoint, value)
        else:
            found = _auth(auth, value)
    except _UnknownError:
        return None
    return None if set(read) & set(login_variables) else found


def _headers(endpoint: Endpoint, value: Callable[[str], str]) -> tuple[Credential, ...]:
    """The credential headers of a request without an auth: a request's auth is sent over
    them (Postman's auth helpers set their header over the request's own)."""
    found: list[Credential] = []
    for header in credential_headers(endpoint.request.headers):
        prefix, variable = credential_value(header.value or "")
        # a literal is never copied: the client reads a setting named after the header
        credential = value(variable if variable is not None else field_name(header.key))
        found.append(("header", header.key, f"{prefix} {credential}" if prefix else credential))
    return tuple(found)


def _auth(auth: Auth, value: Callable[[str], str]) -> tuple[Credential, ...]:
    """What an auth block sends on a request answered without a challenge."""
    kind = auth.type
    if kind == "bearer":
        return (("header", "Authorization", f"Bearer {_attribute(auth, 'token', value)}"),)
    if kind == "basic":
        pair = f"{_attribute(auth, 'username', value)}:{_attribute(auth, 'password', value)}"
        return (("header", "Authorization", "Basic " + base64.b64encode(pair.encode()).decode()),)
    if kind == "apikey":
        name = auth.get("key")
        if not isinstance(name, str) or not name or "{{" in name:
            raise _UnknownError("key")
        where = "query" if auth.get("in") == "query" else "header"
        return ((where, name, _attribute(auth, "value", value)),)
    if kind == "oauth2":
        return (_oauth2(auth, value),)
    return ()  # digest answers a challenge; other types are the caller's http_client's


def _oauth2(auth: Auth, value: Callable[[str], str]) -> Credential:
    """An OAuth2 access token: the one the token URL issues (client credentials), else the
    auth's own, in ``access_token`` of the query or after the header prefix."""
    token_url = auth.get("accessTokenUrl")
    if auth.get("grant_type") == "client_credentials" and isinstance(token_url, str) and token_url:
        token = ISSUED_TOKEN
    else:
        token = _attribute(auth, "accessToken", value)
    if auth.get("addTokenTo") == "queryParams":
        return ("query", "access_token", token)
    prefix = auth.get("headerPrefix")
    word = prefix if isinstance(prefix, str) and prefix else "Bearer"
    return ("header", "Authorization", f"{word} {token}")


def _attribute(auth: Auth, key: str, value: Callable[[str], str]) -> str:
    """The tests' value of an auth attribute: its variable's setting's, else (a literal,
    never copied) the setting read instead."""
    text = auth.get(key)
    whole = VARIABLE.fullmatch(text) if isinstance(text, str) else None
    return value(whole.group(1) if whole is not None else LITERAL_CREDENTIAL_SETTINGS[key])
