"""Requests, saved examples and scripts of an item."""

from __future__ import annotations

import re
from http import HTTPStatus

from generator.ir import Diagnostic, Event, Example, Param, Request
from generator.loader.auth import parse_auth
from generator.loader.bodies import is_json_media_type, parse_body
from generator.loader.lenient_json import looks_like_json, parse_json_text
from generator.loader.params import content_type, parse_headers
from generator.loader.urls import parse_url
from generator.loader.values import description_text, object_list, scalar_text
from generator.secrets import masked

STANDARD_METHODS = frozenset(
    {
        *("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"),
        *("COPY", "LINK", "UNLINK", "PURGE", "LOCK", "UNLOCK", "PROPFIND", "VIEW"),
    }
)

# RFC 9110's media type, lower-cased and without its parameters: a token, ``/``, a token
_MEDIA_TYPE = re.compile(r"[!#$%&'*+.^_`|~0-9a-z-]+/[!#$%&'*+.^_`|~0-9a-z-]+")

_PREVIEW_MEDIA_TYPES = {
    "json": "application/json",
    "xml": "application/xml",
    "html": "text/html",
    "text": "text/plain",
    "javascript": "application/javascript",
}


def parse_request(node: object, path: str, warnings: list[Diagnostic]) -> Request:
    """A request object, or a bare URL string (a GET)."""
    if isinstance(node, str):
        return Request("GET", parse_url(node, path, warnings))
    if not isinstance(node, dict):
        warnings.append(Diagnostic(path, "expected a request object or a URL string"))
        return Request("GET", parse_url(None, path, warnings))
    headers = parse_headers(node.get("header"), f"{path}.header", warnings)
    return Request(
        method=_method(node.get("method"), f"{path}.method", warnings),
        url=parse_url(node.get("url"), f"{path}.url", warnings),
        headers=headers,
        body=parse_body(node.get("body"), f"{path}.body", warnings, content_type(headers)),
        auth=parse_auth(node.get("auth"), f"{path}.auth", warnings),
        description=description_text(node.get("description")),
    )


def parse_examples(node: object, path: str, warnings: list[Diagnostic]) -> tuple[Example, ...]:
    """The saved responses of an item (``item.response``)."""
    return tuple(
        _example(entry, entry_path, index, warnings)
        for index, (entry_path, entry) in enumerate(object_list(node, path, warnings, "examples"))
    )


def parse_events(node: object, path: str, warnings: list[Diagnostic]) -> tuple[Event, ...]:
    """Scripts, kept as text: postc never runs them."""
    events = []
    for entry_path, entry in object_list(node, path, warnings, "events"):
        listen = entry.get("listen")
        script = entry.get("script")
        src = script.get("src") if isinstance(script, dict) else None
        code = script.get("exec") if isinstance(script, dict) else script
        events.append(
            Event(
                listen=listen if isinstance(listen, str) else "",
                source=_script_text(code),
                disabled=entry.get("disabled") is True,
                src=src if isinstance(src, str) else None,
                json_path=entry_path,
            )
        )
    return tuple(events)


def _method(value: object, path: str, warnings: list[Diagnostic]) -> str:
    """Upper-cased as the SDK does; missing means GET; unknown verbs are kept with a warning."""
    if value is None or value == "":
        return "GET"
    method = (scalar_text(value) or "GET").upper()
    if method not in STANDARD_METHODS:
        warnings.append(Diagnostic(path, f"unknown HTTP method {masked(method)!r}, kept as is"))
    return method


def _example(node: dict[str, object], path: str, index: int, warnings: list[Diagnostic]) -> Example:
    code = _status_code(node.get("code"), f"{path}.code", warnings)
    status = node.get("status")
    if not isinstance(status, str) or not status:
        status = _reason_phrase(code)
    headers = parse_headers(node.get("header"), f"{path}.header", warnings)
    body = node.get("body", node.get("data"))
    text = body if isinstance(body, str) or body is None else scalar_text(body)
    declared = content_type(headers)
    if declared and not _MEDIA_TYPE.fullmatch(declared):
        message = f"Content-Type {declared!r} is not a media type (type/subtype, ASCII), ignored"
        warnings.append(Diagnostic(f"{path}.header", message))
    media_type = _media_type(headers, node.get("_postman_previewlanguage"), text)
    document = None
    if text and text.strip() and (is_json_media_type(media_type) or looks_like_json(text)):
        document = parse_json_text(text)
        if not document.parsed:
            warnings.append(
                Diagnostic(
                    f"{path}.body", f"not valid JSON, kept as text: {masked(document.error or '')}"
                )
            )
    original = node.get("originalRequest", node.get("request"))
    name = node.get("name")
    return Example(
        name=(
            name
            if isinstance(name, str) and name
            else f"{code or ''} {status}".strip() or f"example {index + 1}"
        ),
        code=code,
        status=status,
        headers=headers,
        body=text,
        content_type=media_type,
        json=document,
        original_request=(
            parse_request(original, f"{path}.originalRequest", warnings)
            if original is not None
            else None
        ),
        json_path=path,
    )


def _status_code(value: object, path: str, warnings: list[Diagnostic]) -> int | None:
    """The example's status: an integer from 100 to 599, the only ones HTTP has (RFC 9110,
    15); any other (``0``, ``-1``, ``600``, ``"abc"``) is left out with a warning, as if
    the example had none (its status is then taken to be 200)."""
    if isinstance(value, bool) or value is None:
        return None
    code = _whole_number(value)
    if code is not None and 100 <= code <= 599:
        return code
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    message = f"expected an HTTP status code (100 to 599), got {masked(shown)}; ignored"
    warnings.append(Diagnostic(path, message))
    return None


def _whole_number(value: object) -> int | None:
    """``value`` as an integer: an int, a float without a fraction, or ASCII digits."""
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _is_number(value.strip()):
        return int(value)
    return None


def _is_number(text: str) -> bool:
    """ASCII digits ``int`` takes whatever its limit is set to (``str.isdigit`` also takes
    ``²``, and more than 640 digits may be refused)."""
    return text.isascii() and text.isdigit() and len(text) <= 640


def _reason_phrase(code: int | None) -> str:
    """The SDK infers a missing status text from the code (410 becomes "Gone")."""
    try:
        return HTTPStatus(code).phrase if code is not None else ""
    except ValueError:
        return ""


def _media_type(headers: tuple[Param, ...], preview: object, body: str | None) -> str | None:
    """Content-Type header, else Postman's preview language, else a sniff of the body. A
    header that is no media type (``application/jsön``) says nothing: the generated tests
    and ``postc mock`` serve the media type as a header, which must be one."""
    from_header = content_type(headers)
    if from_header and _MEDIA_TYPE.fullmatch(from_header):
        return from_header
    if isinstance(preview, str) and preview.lower() in _PREVIEW_MEDIA_TYPES:
        return _PREVIEW_MEDIA_TYPES[preview.lower()]
    if not body or not body.strip():
        return None
    if looks_like_json(body):
        return "application/json"
    stripped = body.lstrip()
    if stripped.startswith("<?xml"):
        return "application/xml"
    if stripped.startswith("<"):
        return "text/html"
    return "text/plain"


def _script_text(code: object) -> str:
    if isinstance(code, str):
        return code
    if isinstance(code, list):
        return "\n".join(line if isinstance(line, str) else str(line) for line in code)
    return ""
