"""A saved example made of a sent request and its response (``postc record``).

The example is a Postman response object (valid under the v2.0.0 and v2.1.0 schemas)
named ``recorded <status>`` and marked ``RECORDED_MARKER: true`` so that a later recording
replaces it, never a hand-saved one (``generator.record.splice``). It keeps a safe subset
of the response headers (``KEPT_HEADERS``), the body decoded and cut to ``BODY_LIMIT``
bytes (``generator.record.cut``), and the collection's own request without credentials;
every secret is removed as ``generator.record.scrub`` says. No time, date or random value:
the same exchange gives the same example. docs/record-examples.md.
"""

from __future__ import annotations

import codecs
import json
from http import HTTPStatus

from generator.ir import JsonValue
from generator.json_values import dumps
from generator.loader.bodies import is_json_media_type
from generator.loader.lenient_json import parse_json_text
from generator.record.cut import cut_json, cut_text, size
from generator.record.exchange import Outgoing, Received
from generator.record.scrub import Scrubber, scrubbed_body, scrubbed_request
from generator.record.splice import RECORDED_MARKER
from generator.secrets import is_secret_name

BODY_LIMIT = 256 * 1024
"""Bytes of a recorded body kept at most: enough for pages of items (the models need a few),
small enough that a collection of hundreds of endpoints stays reviewable."""

# Response headers that say something about the body or the API and are the same in two
# recordings: not Date, Age, ETag, request ids, rate-limit counters, cookies, lengths or
# encodings (the body is stored decoded), nor anything named like a credential
KEPT_HEADERS = frozenset(
    {
        "content-type",
        "content-language",
        "content-disposition",
        "content-location",
        "cache-control",
        "vary",
        "allow",
        "accept-patch",
        "accept-post",
        "link",
        "location",
        "www-authenticate",
        "deprecation",
        "sunset",
        "ratelimit-limit",
        "ratelimit-policy",
        "x-ratelimit-limit",
    }
)
_TEXT_MEDIA_TYPES = frozenset(
    {
        "application/xml",
        "application/javascript",
        "application/x-www-form-urlencoded",
        "application/graphql",
        "application/x-ndjson",
        "application/yaml",
    }
)


def recorded_example(
    request: JsonValue,
    outgoing: Outgoing,
    received: Received,
    *,
    limit: int = BODY_LIMIT,
) -> dict[str, JsonValue]:
    """A Postman response object; ``request`` is ``CollectionText.request(endpoint)``."""
    sent = (*outgoing.credentials, *received.credentials)
    scrubber = Scrubber(sent, generated=outgoing.generated)
    media_type = _media_type(received.headers)
    headers = [(k, v) for k, v in received.headers if _kept(k)]
    scrubber = scrubber.with_shapes(value for _, value in headers)
    body, language = _body(received.body, media_type, scrubber, limit)
    return {
        "name": f"recorded {received.status}",
        RECORDED_MARKER: True,
        "originalRequest": scrubbed_request(request, scrubber),
        "status": _reason(received),
        "code": received.status,
        "_postman_previewlanguage": language,
        "header": [{"key": k, "value": scrubber.text(v)} for k, v in headers],
        "body": body,
    }


def _kept(name: str) -> bool:
    return name.lower() in KEPT_HEADERS and not is_secret_name(name)


def _reason(received: Received) -> str:
    """The reason phrase received, else the status's (HTTP/2 sends none)."""
    if received.reason:
        return received.reason
    try:
        return HTTPStatus(received.status).phrase
    except ValueError:
        return "Unknown"


def _media_type(headers: tuple[tuple[str, str], ...]) -> tuple[str | None, str | None]:
    """The last Content-Type's media type (lower-cased) and charset."""
    media, charset = None, None
    for key, value in headers:
        if key.lower() == "content-type":
            parts = [part.strip() for part in value.split(";")]
            media, charset = parts[0].lower() or None, None
            for part in parts[1:]:
                name, _, given = part.partition("=")
                if name.strip().lower() == "charset":
                    charset = given.strip().strip('"') or None
    return media, charset


def _body(
    data: bytes, media: tuple[str | None, str | None], scrubber: Scrubber, limit: int
) -> tuple[str | None, str]:
    """The body as the example keeps it, and its preview language. A binary body (not text
    by its media type, or not decodable) is not kept: ``null``, its Content-Type kept."""
    media_type, charset = media
    text = _text(data, media_type, charset)
    if text is None:
        return None, "text"
    if is_json_media_type(media_type) or (media_type is None and text.lstrip()[:1] in "{["):
        document = parse_json_text(text) if text.strip() else None
        if document is not None and document.parsed:
            return _json_body(text, document.value, scrubber, limit), "json"
    kept = cut_text(scrubber.with_shapes([text]).text(text), limit)
    return kept, _language(media_type)


def _json_body(text: str, value: JsonValue, scrubber: Scrubber, limit: int) -> str:
    """The API's own text when nothing in it changes and it fits, else the scrubbed data
    laid out by ``json.dumps(indent=2, ensure_ascii=False)``, cut to ``limit``."""
    scrubbed = scrubbed_body(value, scrubber)
    if scrubbed == value and len(text.encode("utf-8")) <= limit and not scrubber.leaks(text):
        return text
    if size(scrubbed, cap=limit) > limit:
        scrubbed = cut_json(scrubbed, limit)
    try:
        kept = json.dumps(scrubbed, indent=2, ensure_ascii=False)
    except RecursionError:  # deeper than json.dumps goes: the compact, iterative form
        kept = cut_text(dumps(scrubbed, ensure_ascii=False), limit)
    return scrubber.text(kept) if scrubber.leaks(kept) else kept


def _text(data: bytes, media_type: str | None, charset: str | None) -> str | None:
    """The body as text, or None when it is binary."""
    if media_type is not None and not _textual(media_type):
        return None
    try:
        codec = codecs.lookup(charset).name if charset else "utf-8"
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None
    return None if media_type is None and "\x00" in text else text


def _textual(media_type: str) -> bool:
    return (
        media_type.startswith("text/")
        or is_json_media_type(media_type)
        or media_type.endswith("+xml")
        or media_type in _TEXT_MEDIA_TYPES
    )


def _language(media_type: str | None) -> str:
    """Postman's preview language of a text body."""
    if media_type == "text/html":
        return "html"
    if media_type is not None and (media_type.endswith("xml")):
        return "xml"
    return "text"
