"""A recorded request's body, encoded as the generated client encodes it (through httpx's
own encoders: ``json=``, ``data=``, ``files=``), its text resolved; a raw body is sent as
the collection writes it. A file part is read only inside the collection's directory: a
collection is untrusted, and its ``src`` could name any file of the machine.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import httpx

from generator.errors import InputError
from generator.ir import (
    Body,
    FileBody,
    FormDataBody,
    GraphQLBody,
    Param,
    RawBody,
    UnknownBody,
    UrlencodedBody,
)
from generator.reading import UPLOAD, read_input
from generator.record.variables import Variables

# Postman's raw languages and the media type the client declares for them
# (``generator.emit.plan.method_parameters``): JSON is sent as JSON, other text as text
_LANGUAGES = {"json": "application/json", "xml": "application/xml", "html": "text/html"}


@dataclass(frozen=True)
class Encoded:
    """A body as sent (``content`` None: no body), or why it is not sent."""

    content: bytes | None = None
    content_type: str | None = None
    missing: tuple[str, ...] = ()
    refusal: str | None = None
    generated: tuple[tuple[str, str], ...] = ()


class _Resolver:
    """Resolves the body's texts, noting the variables left unresolved."""

    def __init__(self, variables: Variables) -> None:
        self.variables = variables
        self.missing: list[str] = []
        self.generated: list[tuple[str, str]] = []

    def __call__(self, text: str) -> str:
        found = self.variables.resolve(text)
        self.missing.extend(found.missing)
        self.generated.extend(found.generated)
        return found.text

    def encoded(self, content: bytes | None, content_type: str | None) -> Encoded:
        if self.missing:
            return Encoded(missing=tuple(dict.fromkeys(self.missing)))
        return Encoded(content, content_type, generated=tuple(self.generated))


def encode_body(
    body: Body | None, headers: tuple[Param, ...], variables: Variables, folder: Path
) -> Encoded:
    """The body of a request; ``folder`` is the collection's directory (file parts)."""
    resolve = _Resolver(variables)
    if body is None or body.disabled:
        return Encoded()
    if isinstance(body, RawBody):
        declared = _declared_type(headers)
        media = "application/json" if body.json is not None and body.json.parsed else None
        media = media or _LANGUAGES.get(body.language or "", "text/plain")
        if not body.text:
            return Encoded()
        return resolve.encoded(resolve(body.text).encode(), declared or media)
    if isinstance(body, UrlencodedBody):
        pairs = [(resolve(f.key), resolve(f.value or "")) for f in body.fields if not f.disabled]
        return resolve.encoded(*_httpx_body(data=_grouped(pairs)))
    if isinstance(body, GraphQLBody):
        return _graphql(body, resolve)
    if isinstance(body, FormDataBody):
        return _form_data(body, resolve, folder)
    if isinstance(body, FileBody):
        if body.src is None:
            return Encoded(refusal="file body without a src")
        read = _read(resolve(body.src), folder)
        if isinstance(read, str):
            return Encoded(refusal=read)
        kind = _declared_type(headers) or _guessed(body.src)
        return resolve.encoded(read, kind)
    assert isinstance(body, UnknownBody)
    return Encoded(refusal=f"body mode {body.mode} is unknown")


def _graphql(body: GraphQLBody, resolve: _Resolver) -> Encoded:
    """``{"query": ..., "variables": ...}`` as JSON, as the client's method sends it
    (``templates/package/_method.j2``): ``variables`` null when there are none."""
    variables: object = None
    if body.variables and body.variables.strip():
        try:
            variables = json.loads(resolve(body.variables))
        except ValueError:
            return Encoded(refusal="graphql variables are not JSON")
    data = {"query": resolve(body.query), "variables": variables}
    return resolve.encoded(*_httpx_body(json=data))


def _form_data(body: FormDataBody, resolve: _Resolver, folder: Path) -> Encoded:
    """A multipart body, as Postman sends every form-data body (text parts alone too): the
    text parts, without a filename, then the files, as the client orders them; its
    boundary a digest of its parts, so the same parts are the same bytes (httpx would draw
    a random one). No part at all is no body, as the client sends it."""
    fields: list[tuple[str, str]] = []
    files: list[tuple[str, tuple[str, bytes, str]]] = []
    for part in body.parts:
        if part.disabled:
            continue
        if part.kind != "file":
            fields.append((resolve(part.key), resolve(part.value or "")))
            continue
        for src in part.src:
            read = _read(resolve(src), folder)
            if isinstance(read, str):
                return Encoded(refusal=read)
            name = Path(src).name
            files.append((resolve(part.key), (name, read, part.content_type or _guessed(name))))
    if not fields and not files:
        return resolve.encoded(None, None)
    digest = hashlib.sha256(repr((fields, files)).encode()).hexdigest()[:32]
    kind = f"multipart/form-data; boundary=postc-{digest}"
    parts = [(key, (None, text)) for key, text in fields] + files
    request = httpx.Request("POST", "http://body", files=parts, headers={"Content-Type": kind})
    return resolve.encoded(request.read(), kind)


def _httpx_body(**body: object) -> tuple[bytes, str | None]:
    """What httpx sends for ``json=`` or ``data=``, and its content type."""
    request = httpx.Request("POST", "http://body", **body)  # type: ignore[arg-type]
    return request.read(), request.headers.get("Content-Type")


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form pairs as the client hands them to httpx: repeated keys kept, in order."""
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def _declared_type(headers: tuple[Param, ...]) -> str | None:
    for header in headers:
        if header.key.lower() == "content-type" and not header.disabled and header.value:
            return header.value
    return None


def _guessed(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _read(src: str, folder: Path) -> bytes | str:
    """The file's bytes, or why it is not sent: it must be a readable file inside the
    collection's directory."""
    path = (folder / src).resolve()
    if not path.is_relative_to(folder.resolve()):
        return f"file {src} is outside the collection's directory"
    try:  # as postc reads its inputs: bounded, and never blocked by a FIFO
        return read_input(path, UPLOAD, src)
    except InputError:
        return f"file {src} is not a readable file next to the collection"
