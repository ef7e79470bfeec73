"""``postc mock``: a real HTTP server that answers with a collection's saved examples.

Like Postman's mock servers, each saved example answers the request it was saved for
(its ``originalRequest``, else the request it belongs to):

- the method must be equal and the path must match the example's path template: ``:id``,
  ``{id}`` and ``{{var}}`` segments (or parts of segments) match any text, literal
  segments must be equal; the host never counts, and a request path may carry a base path
  in front of the template (``/api/v2`` + ``/users/{id}``);
- the request headers ``x-mock-response-name`` (its surrounding whitespace ignored, UTF-8
  or ISO-8859-1), ``x-mock-response-code`` and postc's ``x-postc-example`` (the example's
  JSON path in the collection, exact where several share a route, a name and a status) and
  ``x-postc-request`` (the JSON path of the request whose examples may answer) choose among
  the examples that match;
- otherwise the best example wins: more literal segments, then the saved query, headers
  and body that agree most with the request, then a 2xx status, then collection order;
- an example saved for another path or method than its request's (an "invalid URL"
  error, say) also answers its request's route, a tier below every example saved there:
  a client that calls that request and names the example still gets it.

An example is answered as the generated tests serve it (``generator.emit.tests.served``,
one function for both, so those tests pass live against the mock): a JSON body with its
export placeholders (``"<integer>"``) as typed samples and its credential fields
(``password``, ``access_token``) as samples, every body without the collection's credential
values (``REDACTED``), none for a 1xx, 204 or 304, and 200 for an example without a status.

An unmatched request gets a 404 whose JSON body names the closest endpoints. The server
uses only the standard library; it is meant for local development and tests, and binds to
loopback unless told otherwise. Any web page a browser shows can send requests to loopback,
so one request must not stall it: matching is linear in the request path (no regular
expression over it), and every connection has a time limit, size limits on its request
line, headers and body (chunked too), and a place among a bounded number of threads.
Malformed requests get a 4xx reply, never a traceback, and the log escapes what it prints.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import socket
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, TextIO
from urllib.parse import parse_qsl, unquote, urlsplit

from generator.emit.redaction import collection_secrets, redact, variable_values
from generator.emit.tests import saved_headers, saved_reason, served, served_status
from generator.ir import (
    Collection,
    Endpoint,
    Environment,
    Example,
    FormDataBody,
    Param,
    RawBody,
    Request,
    Url,
    UrlencodedBody,
)
from generator.loader.urls import path_template
from generator.secrets import masked
from generator.terminal import printable

NAME_HEADER = "x-mock-response-name"
CODE_HEADER = "x-mock-response-code"
# postc's own: the example's JSON path in the collection (``item[2].response[0]``), which
# names it exactly where several share a route, a name and a status (generated tests send it)
EXAMPLE_HEADER = "x-postc-example"
# postc's own: the JSON path of the request a test is about (``item[2]``): only that
# request's examples answer it, so a test of a request without examples is refused rather
# than answered with another request's example of the same route (generated tests send it)
REQUEST_HEADER = "x-postc-request"
# Request headers every client sends: they say nothing about which example is meant
_COMMON_HEADERS = frozenset(
    {"accept", "accept-encoding", "connection", "content-length", "host", "user-agent"}
)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # in a path template: ``{id}``
# The request headers that choose among the examples matching a request, each narrowing
_CHOOSING = (NAME_HEADER, CODE_HEADER, EXAMPLE_HEADER, REQUEST_HEADER)


@dataclass(frozen=True)
class Saved:
    """One example, with what it matches on."""

    endpoint: str  # "GET /users/{id}", for logs and the 404 body
    method: str
    segments: tuple[Segment | str, ...]  # literal text, or a segment with placeholders
    values: tuple[str | None, ...]  # the text the example was saved with, where it varies
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body: str | None
    example: Example
    order: int
    # each choosing header (``_CHOOSING``) -> the values of it that choose this example
    choices: Mapping[str, frozenset[str]]
    parts: tuple[str, ...] = ()  # the field names of a saved multipart body
    fallback: bool = False  # the route of the request the example belongs to, not its own


@dataclass(frozen=True)
class Reply:
    """What the server sends back."""

    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    example: str | None = None  # the example's name, for the log (without credentials)


@dataclass(frozen=True)
class Incoming:
    """A request as the matcher sees it."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] | None = None
    body: bytes = b""


class MockApi:
    """The saved examples of a collection, and the rules that pick one for a request."""

    def __init__(self, collection: Collection, environment: Environment | None = None) -> None:
        self.name = collection.name
        # the credential values the generated tests leave out of the bodies they serve
        self.secrets = collection_secrets(collection, variable_values(collection, environment))
        self.saved = tuple(_saved(collection.endpoints(), self.secrets))
        self.endpoints = tuple(dict.fromkeys(s.endpoint for s in self.saved if not s.fallback))
        self.examples = sum(1 for saved in self.saved if not saved.fallback)

    def reply(self, request: Incoming) -> Reply:
        headers = {k.lower(): v for k, v in (request.headers or {}).items()}
        method = request.method.upper()
        segments = _segments(request.path)
        candidates = [
            (fit, saved)
            for saved in self.saved
            if saved.method == method
            for fit in [_fit(saved, segments)]
            if fit is not None
        ]
        if not candidates:
            return self._not_found(method, request.path, "no saved example matches")
        chosen = [(key, _header_text(headers[key])) for key in _CHOOSING if key in headers]
        for key, wanted in chosen:
            candidates = [(fit, s) for fit, s in candidates if wanted in s.choices[key]]
        if not candidates:
            wanted = ", ".join(f"{key}: {value}" for key, value in chosen)
            return self._not_found(method, request.path, f"no saved example has {wanted}")
        best = max(candidates, key=lambda found: _score(found[0], found[1], request, headers))
        return _reply(best[1].example, self.secrets)

    def _not_found(self, method: str, path: str, why: str) -> Reply:
        wanted = f"{method} {path}"
        closest = difflib.get_close_matches(wanted, self.endpoints, n=5, cutoff=0)
        body = {"error": f"postc mock: {why}: {wanted}", "closest": closest}
        text = json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8")
        headers = (("Content-Type", "application/json"),)
        return Reply(404, "Not Found", headers, text)


def _saved(endpoints: Iterable[Endpoint], secrets: tuple[str, ...]) -> Iterator[Saved]:
    """Each example on its saved request's route; also, a tier below, on the route of the
    request it belongs to when that differs (a client calling that request and naming the
    example, as generated tests do live, gets it)."""
    order = 0
    for endpoint in endpoints:
        for example in endpoint.examples:
            request = _saved_request(example, endpoint)
            choices = _choices(example, endpoint, secrets)
            routes = [(request, False)]
            if request is not endpoint.request:
                routes.append((endpoint.request, True))
            for route, fallback in routes:
                method = route.method.upper()
                label, segments, values = _path(endpoint.request.url, route.url)
                yield Saved(
                    endpoint=f"{method} {label}",
                    method=method,
                    segments=segments,
                    values=values,
                    query=_enabled(request.url.query),
                    headers=tuple((k.lower(), v) for k, v in _enabled(request.headers)),
                    body=_body_text(request.body),
                    example=example,
                    order=order,
                    parts=_part_names(request.body),
                    fallback=fallback,
                    choices=choices,
                )
            order += 1


def _choices(
    example: Example, endpoint: Endpoint, secrets: tuple[str, ...]
) -> dict[str, frozenset[str]]:
    """What each choosing header may say to choose ``example``: its name without the
    surrounding whitespace a header value cannot keep (as saved, or as the generated tests
    show it, without credentials), its status as served, its JSON path, its request's."""
    names = {example.name.strip(), redact(example.name, secrets).strip()}
    return {
        NAME_HEADER: frozenset(names),
        CODE_HEADER: frozenset({str(served_status(example))}),
        EXAMPLE_HEADER: frozenset({example.json_path}),
        REQUEST_HEADER: frozenset({endpoint.json_path}),
    }


def _header_text(value: str) -> str:
    """A request header's value as text: without surrounding whitespace, and UTF-8 where
    its bytes are (http.server reads header bytes as ISO-8859-1, so ``é`` sent in UTF-8
    arrives as ``Ã©``; a name saved with non-ASCII letters can be sent either way). Only
    spaces and tabs go before decoding: the bytes 0xa0 and 0x85, white space in ISO-8859-1,
    may end a letter in UTF-8 (``à`` is 0xc3 0xa0)."""
    text = value.strip(" \t")
    with suppress(UnicodeError):
        text = text.encode("latin-1").decode("utf-8")
    return text.strip()


def _part_names(body: object) -> tuple[str, ...]:
    if isinstance(body, FormDataBody) and not body.disabled:
        return tuple(part.key for part in body.parts if part.key)
    return ()


def _saved_request(example: Example, endpoint: Endpoint) -> Request:
    """The request the example was saved for; the endpoint's own when the example does not
    say where it was sent (an ``originalRequest`` without a URL)."""
    original = example.original_request
    if original is None or not (original.url.host or original.url.path):
        return endpoint.request
    return original


def _path(
    declared: Url, saved: Url
) -> tuple[str, tuple[Segment | str, ...], tuple[str | None, ...]]:
    """What an example's path matches: where the request declares a placeholder (``:id``)
    any text, even if the example was saved with a concrete id (which it then prefers);
    elsewhere, and where the example saved an empty segment (``/things/`` for
    ``/things/:id``: a path that ends there), the example's own path. Returns the label,
    the segments and the saved values.
    """
    saved_parts = path_template(saved).split("/")[1:]
    declared_parts = path_template(declared).split("/")[1:]
    if len(declared_parts) != len(saved_parts):
        declared_parts = saved_parts
    label: list[str] = []
    segments: list[Segment | str] = []
    values: list[str | None] = []
    for declared_part, saved_part in zip(declared_parts, saved_parts, strict=True):
        if _PLACEHOLDER.search(declared_part) and saved_part:
            concrete = not _PLACEHOLDER.search(saved_part)
            label.append(declared_part)
            segments.append(_segment(declared_part))
            values.append(saved_part if concrete else None)
        else:
            label.append(saved_part)
            segments.append(_segment(saved_part))
            values.append(None)
    return "/" + "/".join(label), tuple(segments), tuple(values)


def _enabled(params: Iterable[Param]) -> tuple[tuple[str, str], ...]:
    return tuple((p.key, p.value or "") for p in params if not p.disabled)


def _body_text(body: object) -> str | None:
    if isinstance(body, RawBody) and not body.disabled:
        return body.text
    if isinstance(body, UrlencodedBody) and not body.disabled:
        return "&".join(f"{k}={v}" for k, v in _enabled(body.fields))
    return None


@dataclass(frozen=True)
class Segment:
    """A path template segment with placeholders (``{id}``, ``v{major}.{minor}``): its literal
    pieces, each two separated by a placeholder, which matches any text."""

    pieces: tuple[str, ...]  # at least two: the text before the first placeholder, ...

    def matches(self, text: str) -> bool:
        """Whether ``text`` is the pieces with any text in place of each placeholder.

        The first and last pieces must be the start and the end; each piece between is taken
        where it first occurs after the one before (if any placement fits, that one does).
        Every character is looked at a bounded number of times: linear in ``text``, where a
        regular expression of several placeholders backtracks (cubic with three).
        """
        first, *middle, last = self.pieces
        end = len(text) - len(last)
        if end < len(first) or not text.startswith(first) or not text.endswith(last):
            return False
        position = len(first)
        for piece in middle:
            found = text.find(piece, position, end)
            if found < 0:
                return False
            position = found + len(piece)
        return True


def _segment(segment: str) -> Segment | str:
    """A segment of a path template: literal text, or a :class:`Segment` in which each
    placeholder (a ``:id`` or ``{{var}}`` of the collection) matches any text."""
    if not _PLACEHOLDER.search(segment):
        return segment
    return Segment(tuple(_PLACEHOLDER.split(segment)))


def _segments(path: str) -> list[str]:
    parts = [unquote(part) for part in path.split("/")]
    if parts and parts[0] == "":
        parts = parts[1:]
    if parts and parts[-1] == "":
        parts = parts[:-1]
    return parts


def _fit(saved: Saved, path: list[str]) -> tuple[int, int, int] | None:
    """How well ``path`` matches: (whole path matched, literal segments, segments equal to
    the example's saved values), or None.

    The template must match the whole path or its end (a base path before it). A request
    for the very id an example was saved with prefers that example.
    """
    template, values = saved.segments, saved.values
    if template and template[-1] == "":
        template, values = template[:-1], values[:-1]
    if len(template) > len(path):
        return None
    tail = path[len(path) - len(template) :]
    literals = same = 0
    for pattern, value, segment in zip(template, values, tail, strict=True):
        if isinstance(pattern, str):
            if pattern != segment:
                return None
            literals += 1
        elif not pattern.matches(segment):
            return None
        same += value == segment
    return (1 if len(tail) == len(path) else 0, literals, same)


def _score(
    fit: tuple[int, int, int], saved: Saved, request: Incoming, headers: Mapping[str, str]
) -> tuple[bool, int, int, float, int, int]:
    query = dict(request.query)
    agreement = float(fit[2])
    for key, value in saved.query:
        if key in query:
            agreement += 2 if query[key] == value else 1
    for key, value in saved.headers:
        if key not in _COMMON_HEADERS and headers.get(key) == value:
            agreement += 1
    if saved.body is not None and request.body and _same_body(saved.body, request.body):
        agreement += 3
    if saved.parts and all(f'name="{key}"'.encode() in request.body for key in saved.parts):
        agreement += 3
    success = 1 if 200 <= served_status(saved.example) < 300 else 0
    return (not saved.fallback, fit[0], fit[1], agreement, success, -saved.order)


def _same_body(saved: str, sent: bytes) -> bool:
    text = sent.decode("utf-8", "replace")
    if saved.strip() == text.strip():
        return True
    try:
        return bool(json.loads(saved) == json.loads(text))
    except ValueError:
        return False


def _reply(example: Example, secrets: tuple[str, ...]) -> Reply:
    """The example as the generated tests serve it (``served``: status, body and media
    type), with the saved headers that still describe it."""
    answer = served(example, secrets)
    reason = saved_reason(example, answer.status)
    headers = saved_headers(example)
    if example.content_type:  # a saved charset would lie: the body is UTF-8, as in the tests
        headers.append(("Content-Type", answer.content_type))
    body = answer.body.encode("utf-8")
    logged = redact(example.name, secrets)  # as the generated tests name it
    return Reply(answer.status, _latin1(reason), tuple(headers), body, logged)


def _latin1(text: str) -> str:
    """HTTP/1.1 reason phrases and header values travel as ISO-8859-1."""
    return text.encode("latin-1", "replace").decode("latin-1").replace("\r", " ").replace("\n", " ")


@dataclass(frozen=True)
class Limits:
    """What one connection may take of the server: time, bytes, and a thread of a bounded pool."""

    idle_seconds: float = 30.0  # a connection that sends nothing for this long is closed
    request_line_bytes: int = 65536  # longer: 414
    header_bytes: int = 65536  # the header section (and a chunked body's trailers); more: 431
    body_bytes: int = 8 * 1024 * 1024  # more, declared or chunked: 413, read no further
    connections: int = 32  # more at once: 503, without a thread


DEFAULT_LIMITS = Limits()
_LINGER_SECONDS = 1.0  # after an error reply: how long the client's unread input is drained
_CHUNK_LINE_BYTES = 4096  # a chunk size line, with its extensions
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
_LOGGED_TARGET = 1000  # the log cuts longer request targets
_TOKEN = re.compile(r"[-!#$%&'*+.^_`|~0-9A-Za-z]+")  # what a method is (RFC 9110)
_ASCII_CONTROL = frozenset(map(chr, [*range(0x20), 0x7F]))  # never in a request target


class _RefusedError(Exception):
    """A request answered with an error status (its ``why`` in the body and the log), after
    which the connection is closed: what follows cannot be told from the rest of it."""

    def __init__(self, status: HTTPStatus, why: str) -> None:
        super().__init__(why)
        self.status = status
        self.why = why


class _Log:
    """The request log: one escaped line per request (``generator.terminal``: a path or an
    example name cannot drive the terminal), credentials in it masked as in warnings
    (``?api_key=***``), lines from several threads never mixed."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.lock = threading.Lock()

    def line(self, text: str) -> None:
        if self.stream is None:
            return
        with self.lock:
            self.stream.write(printable(masked(text)) + "\n")
            self.stream.flush()


class _Handler(BaseHTTPRequestHandler):
    """Answers every method through :meth:`MockApi.reply`, within :class:`Limits`."""

    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse connections, as with real APIs
    # a request line without a version gets a status line too (HTTP/0.9 replies have none;
    # no client speaks it, and garbage is told why it is refused)
    default_request_version = "HTTP/1.0"
    disable_nagle_algorithm = True  # headers and body go out as two writes: do not delay them
    api: ClassVar[MockApi]
    journal: ClassVar[_Log]
    limits: ClassVar[Limits]

    def handle_one_request(self) -> None:
        """One request, answered; a timeout or a client gone only closes the connection."""
        try:
            self._serve_one()
        except OSError:
            self.close_connection = True

    def _serve_one(self) -> None:
        try:
            if self._read_head():
                self._answer()
        except _RefusedError as refused:
            self.send_error(refused.status, explain=refused.why)

    def _read_head(self) -> bool:
        """Reads the request line and headers within their limits: False when there is no
        request (the connection ended) or http.server refused it (and has answered)."""
        line = self.rfile.readline(self.limits.request_line_bytes + 1)
        self.raw_requestline = line
        self.command = self.requestline = self.request_version = ""  # until parse_request
        if not line:
            self.close_connection = True
            return False
        if len(line) > self.limits.request_line_bytes:
            raise _RefusedError(HTTPStatus.REQUEST_URI_TOO_LONG, "request line too long")
        header = self._section()
        stream = self.rfile
        self.rfile = io.BytesIO(header)  # http.server parses the section already read
        try:
            parsed = self.parse_request()
        finally:
            self.rfile = stream
        if parsed and not (_TOKEN.fullmatch(self.command) and _ASCII_CONTROL.isdisjoint(self.path)):
            raise _RefusedError(HTTPStatus.BAD_REQUEST, "malformed request line")
        return parsed

    def _section(self) -> bytes:
        """The lines up to an empty one (a header section, or a chunked body's trailers),
        read within the header byte limit."""
        lines = []
        left = self.limits.header_bytes
        while True:
            line = self.rfile.readline(left + 1)
            left -= len(line)
            if left < 0:
                raise _RefusedError(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header too large")
            if not line:
                raise _RefusedError(HTTPStatus.BAD_REQUEST, "the request ended in its header")
            lines.append(line)
            if line in (b"\r\n", b"\n"):
                return b"".join(lines)

    def _answer(self) -> None:
        try:
            url = urlsplit(self.path)
        except ValueError:  # an absolute target with a malformed host ("http://[x/")
            raise _RefusedError(HTTPStatus.BAD_REQUEST, "malformed request target") from None
        request = Incoming(
            method=self.command,
            path=url.path,
            query=tuple(parse_qsl(url.query, keep_blank_values=True)),
            headers=dict(self.headers.items()),
            body=self._body(),
        )
        try:
            reply = self.api.reply(request)
        except Exception as error:  # a bug in postc: a 500 and one log line, no traceback
            why = f"internal error ({type(error).__name__}: {error})"
            raise _RefusedError(HTTPStatus.INTERNAL_SERVER_ERROR, why) from None
        self.send_response_only(reply.status, reply.reason)
        for key, value in reply.headers:
            self.send_header(_latin1(key), _latin1(value))
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)
        self.wfile.flush()
        chosen = f" ({reply.example})" if reply.example is not None else ""
        self.journal.line(f"{self._target()} -> {reply.status}{chosen}")

    def _body(self) -> bytes:
        coding = self.headers.get("Transfer-Encoding")
        if coding is not None:
            if coding.strip().lower() != "chunked":
                raise _RefusedError(HTTPStatus.NOT_IMPLEMENTED, "unsupported Transfer-Encoding")
            return self._chunked()
        length = _content_length(self.headers.get_all("Content-Length") or [])
        if length > self.limits.body_bytes:
            raise _RefusedError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
        return self._exactly(length)

    def _chunked(self) -> bytes:
        """A chunked body, read a chunk at a time: refused (413) as soon as it passes the
        limit, never buffered whole before it is measured."""
        chunks = []
        left = self.limits.body_bytes
        while (size := self._chunk_size()) > 0:
            if size > left:
                raise _RefusedError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
            chunks.append(self._exactly(size))
            left -= size
            if self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise _RefusedError(HTTPStatus.BAD_REQUEST, "a chunk does not end its line")
        self._section()  # the trailer fields, dropped
        return b"".join(chunks)

    def _chunk_size(self) -> int:
        line = self.rfile.readline(_CHUNK_LINE_BYTES + 1)
        digits = line.split(b";", 1)[0].strip()
        well_formed = digits and all(byte in _HEX_DIGITS for byte in digits)
        if len(line) > _CHUNK_LINE_BYTES or not line.endswith(b"\n") or not well_formed:
            raise _RefusedError(HTTPStatus.BAD_REQUEST, "bad chunk size")
        if len(digits.lstrip(b"0")) > 16:  # more than any limit: no need to convert it
            raise _RefusedError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
        return int(digits, 16)

    def _exactly(self, size: int) -> bytes:
        data = self.rfile.read(size) if size > 0 else b""
        if len(data) < size:
            raise _RefusedError(HTTPStatus.BAD_REQUEST, "the body ended early")
        return data

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Every error reply (http.server's and ours): sent, logged in one line, then the
        connection closed once the client's unread input is drained (closing a socket with
        unread input resets the connection, and the client could lose the reply)."""
        super().send_error(code, message, explain)
        self.wfile.flush()
        why = message or explain or HTTPStatus(code).phrase
        self.journal.line(f"{self._target()} -> {code} ({why})")
        self._drain()

    def _drain(self) -> None:
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_WR)  # the reply is whole: the client sees its end
        self.connection.settimeout(_LINGER_SECONDS)
        deadline = time.monotonic() + _LINGER_SECONDS
        left = self.limits.body_bytes
        while left > 0 and time.monotonic() < deadline:
            dropped = len(self.rfile.read1(min(left, 65536)))
            if not dropped:
                return
            left -= dropped

    def _target(self) -> str:
        """The method and target of the request being answered, as the log shows them."""
        words = str(self.raw_requestline, "iso-8859-1").split()[:2]
        text = " ".join(words) or "-"
        return text if len(text) <= _LOGGED_TARGET else text[:_LOGGED_TARGET] + "..."

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are logged by _answer and send_error, one line each; http.server's own
        log is silenced."""


def _content_length(values: list[str]) -> int:
    """The body length a request declares: 0 without one; refused unless it is one decimal
    number (``+5``, ``1_0``, ``-1``, a full-width digit and two different lengths are not)."""
    if not values:
        return 0
    digits = {value.strip() for value in values}
    text = digits.pop() if len(digits) == 1 else ""
    if not (text.isascii() and text.isdigit()):
        raise _RefusedError(HTTPStatus.BAD_REQUEST, "bad Content-Length")
    if len(text.lstrip("0")) > 18:  # more than any limit; int() refuses past 4300 digits
        raise _RefusedError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
    return int(text)


class _Server(ThreadingHTTPServer):
    """A thread per connection, at most ``limits.connections`` at once: a connection over
    that is answered 503 and closed without one; a bug logs one line, not a traceback."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[_Handler]) -> None:
        self.journal = handler.journal
        self.connections = handler.limits.connections
        self.slots = threading.BoundedSemaphore(self.connections)
        self._holders: set[Any] = set()  # the connections holding a slot
        self._holders_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            with suppress(OSError):
                request.settimeout(_LINGER_SECONDS)
                request.sendall(_BUSY)
            self.journal.line(f"- -> 503 (already {self.connections} connections)")
            self.shutdown_request(request)
            return
        with self._holders_lock:
            self._holders.add(request)
        try:
            super().process_request(request, client_address)  # the thread frees the slot
        except BaseException:
            self._free(request)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._free(request)

    def _free(self, request: Any) -> None:
        """Gives the connection's slot back once: a stop (Ctrl-C, SIGTERM) can interrupt
        ``process_request`` after its thread already ended and freed the slot."""
        with self._holders_lock:
            if request not in self._holders:
                return
            self._holders.remove(request)
        self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        self.journal.line(f"postc mock: internal error ({type(error).__name__}: {error})")


_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n"
    b"Retry-After: 1\r\n\r\n"
)


def server(
    api: MockApi,
    host: str = "127.0.0.1",
    port: int = 0,
    log: TextIO | None = sys.stderr,
    limits: Limits = DEFAULT_LIMITS,
) -> ThreadingHTTPServer:
    """A server answering from ``api``, bound (port 0: any free port) but not yet serving."""
    attributes = {"api": api, "journal": _Log(log), "limits": limits}
    handler = type("MockHandler", (_Handler,), {**attributes, "timeout": limits.idle_seconds})
    return _Server((host, port), handler)
