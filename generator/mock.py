"""``postc mock``: a real HTTP server that answers with a collection's saved examples.

Like Postman's mock servers, each saved example answers the request it was saved for
(its ``originalRequest``, else the request it belongs to):

- the method must be equal and the path must match the example's path template: ``:id``,
  ``{id}`` and ``{{var}}`` segments (or parts of segments) match any text, literal
  segments must be equal; the host never counts, and a request path may carry a base path
  in front of the template (``/api/v2`` + ``/users/{id}``);
- the request headers ``x-mock-response-name`` and ``x-mock-response-code`` choose among
  the examples that match;
- otherwise the best example wins: more literal segments, then the saved query, headers
  and body that agree most with the request, then a 2xx status, then collection order;
- an example saved for another path or method than its request's (an "invalid URL"
  error, say) also answers its request's route, a tier below every example saved there:
  a client that calls that request and names the example still gets it.

An unmatched request gets a 404 whose JSON body names the closest endpoints. The server
uses only the standard library; it is meant for local development and tests, and binds to
loopback unless told otherwise.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, TextIO
from urllib.parse import parse_qsl, unquote, urlsplit

from generator.ir import (
    Collection,
    Endpoint,
    Example,
    FormDataBody,
    Param,
    RawBody,
    Request,
    Url,
    UrlencodedBody,
)
from generator.loader.urls import path_template

NAME_HEADER = "x-mock-response-name"
CODE_HEADER = "x-mock-response-code"
# Response headers a saved example may carry that no longer describe the body we send
_DROPPED_HEADERS = frozenset(
    {"content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive"}
)
# Request headers every client sends: they say nothing about which example is meant
_COMMON_HEADERS = frozenset(
    {"accept", "accept-encoding", "connection", "content-length", "host", "user-agent"}
)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # in a path template: ``{id}``


@dataclass(frozen=True)
class Saved:
    """One example, with what it matches on."""

    endpoint: str  # "GET /users/{id}", for logs and the 404 body
    method: str
    segments: tuple[re.Pattern[str] | str, ...]  # literal text, or a pattern for a template
    values: tuple[str | None, ...]  # the text the example was saved with, where it varies
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body: str | None
    example: Example
    order: int
    parts: tuple[str, ...] = ()  # the field names of a saved multipart body
    fallback: bool = False  # the route of the request the example belongs to, not its own


@dataclass(frozen=True)
class Reply:
    """What the server sends back."""

    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    example: str | None = None  # the example's name, for the log


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

    def __init__(self, collection: Collection) -> None:
        self.name = collection.name
        self.saved = tuple(_saved(collection.endpoints()))
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
        name, code = headers.get(NAME_HEADER), headers.get(CODE_HEADER)
        if name is not None:  # header values cannot keep surrounding spaces: names are trimmed
            candidates = [(fit, s) for fit, s in candidates if s.example.name.strip() == name]
        if code is not None:
            candidates = [(fit, s) for fit, s in candidates if str(_status(s.example)) == code]
        if not candidates:
            chosen = ((NAME_HEADER, name), (CODE_HEADER, code))
            wanted = ", ".join(f"{h}: {v}" for h, v in chosen if v is not None)
            return self._not_found(method, request.path, f"no saved example has {wanted}")
        best = max(candidates, key=lambda found: _score(found[0], found[1], request, headers))
        return _reply(best[1].example)

    def _not_found(self, method: str, path: str, why: str) -> Reply:
        wanted = f"{method} {path}"
        closest = difflib.get_close_matches(wanted, self.endpoints, n=5, cutoff=0)
        body = {"error": f"postc mock: {why}: {wanted}", "closest": closest}
        text = json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8")
        headers = (("Content-Type", "application/json"),)
        return Reply(404, "Not Found", headers, text)


def _saved(endpoints: Iterable[Endpoint]) -> Iterator[Saved]:
    """Each example on its saved request's route; also, a tier below, on the route of the
    request it belongs to when that differs (a client calling that request and naming the
    example, as generated tests do live, gets it)."""
    order = 0
    for endpoint in endpoints:
        for example in endpoint.examples:
            request = _saved_request(example, endpoint)
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
                )
            order += 1


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
) -> tuple[str, tuple[re.Pattern[str] | str, ...], tuple[str | None, ...]]:
    """What an example's path matches: where the request declares a placeholder (``:id``)
    any text, even if the example was saved with a concrete id (which it then prefers);
    elsewhere the example's own path. Returns the label, the segments and the saved values.
    """
    saved_parts = path_template(saved).split("/")[1:]
    declared_parts = path_template(declared).split("/")[1:]
    if len(declared_parts) != len(saved_parts):
        declared_parts = saved_parts
    label, segments, values = [], [], []
    for declared_part, saved_part in zip(declared_parts, saved_parts, strict=True):
        if _PLACEHOLDER.search(declared_part):
            concrete = not _PLACEHOLDER.search(saved_part)
            label.append(declared_part)
            segments.append(_segment_pattern(declared_part))
            values.append(saved_part if concrete else None)
        else:
            label.append(saved_part)
            segments.append(_segment_pattern(saved_part))
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


def _segment_pattern(segment: str) -> re.Pattern[str] | str:
    """A segment of a path template: literal text, or a pattern in which each placeholder
    (a ``:id`` or ``{{var}}`` of the collection) matches any text."""
    if not _PLACEHOLDER.search(segment):
        return segment
    pieces = _PLACEHOLDER.split(segment)
    return re.compile("[^/]*".join(re.escape(piece) for piece in pieces), re.DOTALL)


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
        elif not pattern.fullmatch(segment):
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
    success = 1 if 200 <= _status(saved.example) < 300 else 0
    return (not saved.fallback, fit[0], fit[1], agreement, success, -saved.order)


def _same_body(saved: str, sent: bytes) -> bool:
    text = sent.decode("utf-8", "replace")
    if saved.strip() == text.strip():
        return True
    try:
        return bool(json.loads(saved) == json.loads(text))
    except ValueError:
        return False


def _status(example: Example) -> int:
    """The example's status; one HTTP cannot carry (none, 0, 1000) is sent as 200."""
    return example.code if example.code is not None and 100 <= example.code <= 599 else 200


def _reply(example: Example) -> Reply:
    status = _status(example)
    try:
        reason = example.status or HTTPStatus(status).phrase
    except ValueError:
        reason = example.status or "Unknown"
    headers = [
        (h.key, h.value or "")
        for h in example.headers
        if not h.disabled and h.key and h.key.lower() not in _DROPPED_HEADERS
    ]
    if example.content_type and not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(("Content-Type", example.content_type))
    # 1xx, 204 and 304 responses carry no body, whatever the example saved
    body = b"" if status < 200 or status in (204, 304) else (example.body or "").encode("utf-8")
    return Reply(status, _latin1(reason), tuple(headers), body, example.name)


def _latin1(text: str) -> str:
    """HTTP/1.1 reason phrases and header values travel as ISO-8859-1."""
    return text.encode("latin-1", "replace").decode("latin-1").replace("\r", " ").replace("\n", " ")


class _Handler(BaseHTTPRequestHandler):
    """Answers every method through :meth:`MockApi.reply`."""

    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse connections, as with real APIs
    disable_nagle_algorithm = True  # headers and body go out as two writes: do not delay them
    api: ClassVar[MockApi]
    log: ClassVar[TextIO | None]

    def handle_one_request(self) -> None:
        # dispatch every method (even ones http.server does not know) to _answer
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self._answer()
            self.wfile.flush()
        except TimeoutError:
            self.close_connection = True

    def _answer(self) -> None:
        url = urlsplit(self.path)
        request = Incoming(
            method=self.command,
            path=url.path,
            query=tuple(parse_qsl(url.query, keep_blank_values=True)),
            headers=dict(self.headers.items()),
            body=self._body(),
        )
        reply = self.api.reply(request)
        self.send_response_only(reply.status, reply.reason)
        for key, value in reply.headers:
            self.send_header(_latin1(key), _latin1(value))
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)
        if self.log is not None:
            chosen = f" ({reply.example})" if reply.example is not None else ""
            print(f"{self.command} {self.path} -> {reply.status}{chosen}", file=self.log)
            self.log.flush()

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._chunked()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _chunked(self) -> bytes:
        data = b""
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()  # the blank line after the last chunk
                return data
            data += self.rfile.read(size)
            self.rfile.readline()

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are logged by _answer, one line each; http.server's own log is silenced."""


def server(
    api: MockApi, host: str = "127.0.0.1", port: int = 0, log: TextIO | None = sys.stderr
) -> ThreadingHTTPServer:
    """A server answering from ``api``, bound (port 0: any free port) but not yet serving."""
    handler = type("MockHandler", (_Handler,), {"api": api, "log": log})
    httpd = ThreadingHTTPServer((host, port), handler)
    httpd.daemon_threads = True
    return httpd
