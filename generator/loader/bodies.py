"""Request bodies: every mode, both the string and the object shapes.

As in the SDK: a bare string is a raw body, an object without ``mode`` is no body, modes
are case-insensitive. Unlike the SDK, an unknown mode is kept as ``UnknownBody`` (with a
warning) rather than silently sent as raw text, so later stages can say what they skip.
"""

from __future__ import annotations

import json

from generator.ir import (
    Body,
    Diagnostic,
    FileBody,
    FormDataBody,
    FormPart,
    GraphQLBody,
    JsonDocument,
    RawBody,
    UnknownBody,
    UrlencodedBody,
)
from generator.loader.lenient_json import looks_like_json, parse_json_text
from generator.loader.params import parse_urlencoded
from generator.loader.values import description_text, is_disabled, object_list, scalar_text
from generator.secrets import masked


def parse_body(
    node: object, path: str, warnings: list[Diagnostic], content_type: str | None = None
) -> Body | None:
    """The body of a request; ``content_type`` is the request's Content-Type, if any."""
    if node is None:
        return None
    if isinstance(node, str):
        return _raw(node, None, content_type)
    if not isinstance(node, dict):
        warnings.append(Diagnostic(path, "expected a body object, ignored"))
        return None
    mode = node.get("mode")
    if mode is None:
        return None
    if not isinstance(mode, str):
        warnings.append(Diagnostic(f"{path}.mode", "expected a string, body ignored"))
        return None
    mode = mode.lower()
    disabled = node.get("disabled") is True
    content = node.get(mode)
    if mode == "raw":
        return _raw(
            content if isinstance(content, str) else _stringify(content),
            _raw_language(node.get("options")),
            content_type,
            disabled,
        )
    if mode == "urlencoded":
        return UrlencodedBody(parse_urlencoded(content, f"{path}.urlencoded", warnings), disabled)
    if mode == "formdata":
        return FormDataBody(_form_parts(content, f"{path}.formdata", warnings), disabled)
    if mode == "file":
        return _file(content, disabled)
    if mode == "graphql":
        return _graphql(content, f"{path}.graphql", warnings, disabled)
    warnings.append(
        Diagnostic(f"{path}.mode", f"unknown body mode {masked(mode)!r}, kept but not sent")
    )
    return UnknownBody(mode, disabled)


def is_json_media_type(media_type: str | None) -> bool:
    """``application/json``, ``application/problem+json``, ``text/json`` and the like."""
    if not media_type:
        return False
    subtype = media_type.partition("/")[2]
    return subtype == "json" or subtype.endswith("+json")


def _raw(
    text: str, language: str | None, content_type: str | None, disabled: bool = False
) -> RawBody:
    is_json = language == "json" or is_json_media_type(content_type)
    if language is None and content_type is None:
        is_json = looks_like_json(text)
    document = parse_json_text(text) if is_json and text.strip() else None
    return RawBody(text, language, document, disabled)


def _raw_language(options: object) -> str | None:
    if isinstance(options, dict):
        raw = options.get("raw")
        if isinstance(raw, dict) and isinstance(raw.get("language"), str):
            return str(raw["language"]).lower()
    return None


def _form_parts(node: object, path: str, warnings: list[Diagnostic]) -> tuple[FormPart, ...]:
    parts = []
    for entry_path, entry in object_list(node, path, warnings, "form parts"):
        key = scalar_text(entry.get("key"))
        if not key:
            warnings.append(Diagnostic(entry_path, "form part without a key, ignored"))
            continue
        kind = "file" if entry.get("type") == "file" else "text"
        media = entry.get("contentType")
        parts.append(
            FormPart(
                key=key,
                kind=kind,
                value=_stringify(entry.get("value")) if kind == "text" else None,
                src=_sources(entry.get("src")) if kind == "file" else (),
                content_type=media if isinstance(media, str) and media else None,
                description=description_text(entry.get("description")),
                disabled=is_disabled(entry),
            )
        )
    return tuple(parts)


def _sources(src: object) -> tuple[str, ...]:
    """A file part's ``src``: one path, a list of paths (one part each), or nothing."""
    if isinstance(src, str):
        return (src,) if src else ()
    if isinstance(src, list):
        return tuple(item for item in src if isinstance(item, str) and item)
    return ()


def _file(node: object, disabled: bool) -> FileBody:
    if isinstance(node, str):
        return FileBody(node or None, None, disabled)
    if isinstance(node, dict):
        src, content = node.get("src"), node.get("content")
        return FileBody(
            src if isinstance(src, str) and src else None,
            content if isinstance(content, str) else None,
            disabled,
        )
    return FileBody(None, None, disabled)


def _graphql(node: object, path: str, warnings: list[Diagnostic], disabled: bool) -> GraphQLBody:
    if not isinstance(node, dict):
        warnings.append(Diagnostic(path, "expected a graphql object with a query"))
        return GraphQLBody("", disabled=disabled)
    query = node.get("query")
    operation = node.get("operationName")
    variables = node.get("variables")
    if variables is not None and not isinstance(variables, str):
        variables = _stringify(variables)
    document: JsonDocument | None = None
    if isinstance(variables, str) and variables.strip():
        document = parse_json_text(variables)
        if not document.parsed:
            warnings.append(
                Diagnostic(f"{path}.variables", f"not JSON: {masked(document.error or '')}")
            )
    return GraphQLBody(
        query=query if isinstance(query, str) else "",
        variables=variables or None,
        variables_json=document,
        operation_name=operation if isinstance(operation, str) and operation else None,
        disabled=disabled,
    )


def _stringify(value: object) -> str:
    """Non-string content is sent as JSON text (``JSON.stringify`` in the runtime)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
