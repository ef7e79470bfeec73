"""The URL a recorded request goes to, as the generated client builds it: its host's base
URL (the setting's value from the process environment, else the collection's, resolved),
then its path and query (docs/hosts-and-credentials.md; docs/record.md, "On the wire").

The URL must stay at the origin of its host's base URL: a resolved path or variable that
would move it elsewhere (``//evil.example``, ``@evil.example``, a scheme in a path
variable) makes the request one not sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

import httpx

from generator.emit.hosts import main_prefix, url_prefix
from generator.ir import Collection, Endpoint
from generator.record.runtime import runtime
from generator.record.variables import Variables

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Target:
    """A resolved URL, or why there is none: ``missing`` variables, or a ``refusal``."""

    url: str = ""
    missing: tuple[str, ...] = ()
    refusal: str | None = None
    generated: tuple[tuple[str, str], ...] = ()


def request_url(collection: Collection, endpoint: Endpoint, variables: Variables) -> Target:
    """The URL of ``endpoint`` on the wire."""
    method = variables.client.methods.get(endpoint.json_path)
    host_key = method.base if method is not None else ""
    url = endpoint.request.url
    missing: list[str] = []
    generated: list[tuple[str, str]] = []

    def resolved(text: str) -> str:
        found = variables.resolve(text)
        missing.extend(found.missing)
        generated.extend(found.generated)
        return found.text

    given = variables.client.base_url(host_key)
    prefix = url_prefix(url) or main_prefix(collection)
    base = _base(given) if given is not None else _base(_with_scheme(prefix, resolved))
    path = ""
    for segment in url.path:
        value = _path_value(endpoint, segment)
        if value is None:
            path += "/" + resolved(segment)
            continue
        text = resolved(value)
        if text == "":
            return Target(refusal=f"path variable {segment} is empty")
        path += "/" + runtime()._segment(text, segment[1:])
    # written encoded (Postman sends it so), encoded again as the client encodes a value
    pairs = [
        (resolved(unquote(p.key)), resolved(unquote(p.value or "")))
        for p in url.query
        if not p.disabled
    ]
    full = base + path + ("?" + str(httpx.QueryParams(tuple(pairs))) if pairs else "")
    if missing:
        return Target(missing=tuple(dict.fromkeys(missing)))
    refusal = _escape(base, full)
    return Target(full, refusal=refusal, generated=tuple(generated))


def _path_value(endpoint: Endpoint, segment: str) -> str | None:
    """The value of a ``:name`` segment's path variable (None: the segment is text)."""
    if not segment.startswith(":"):
        return None
    for variable in endpoint.request.url.variables:
        if variable.name == segment[1:]:
            return variable.value or ""
    return None


def _with_scheme(prefix: str, resolved: Callable[[str], str]) -> str:
    """A host's scheme, host and port, resolved as the runtime's ``Url`` reads them: a
    value with a scheme of its own replaces the one written before it."""
    written = _SCHEME.match(prefix)
    rest = resolved(prefix[written.end() :] if written else prefix)
    if _SCHEME.match(rest) or written is None:
        return rest
    return written.group(0) + rest


def _base(url: str) -> str:
    """A base URL as the client uses it (runtime ``_absolute``: ``http://`` when it has no
    scheme, no final slash)."""
    return str(runtime()._absolute(url))


def _escape(base: str, full: str) -> str | None:
    """Why ``full`` is not sent: its base is no plain HTTP origin, or the URL leaves it."""
    try:
        origin, sent = httpx.URL(base), httpx.URL(full)
    except httpx.InvalidURL as error:
        return f"invalid URL ({error})"
    if origin.scheme not in ("http", "https") or not origin.host:
        return f"base URL {origin.scheme}://{origin.host} is not an HTTP origin"
    if origin.userinfo or sent.userinfo:
        return "URL carries user information (@) that would change its host"
    if (sent.scheme, sent.host, sent.port) != (origin.scheme, origin.host, origin.port):
        return f"URL leaves its host's origin {origin.scheme}://{origin.netloc.decode()}"
    return None
