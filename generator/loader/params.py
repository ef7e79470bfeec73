"""Headers and form fields: every shape Postman's SDK accepts, as ordered ``Param`` tuples."""

from __future__ import annotations

from urllib.parse import unquote_plus

from generator.ir import Diagnostic, Param
from generator.loader.values import description_text, is_disabled, scalar_text


def parse_headers(node: object, path: str, warnings: list[Diagnostic]) -> tuple[Param, ...]:
    """Headers as a list of objects, a list of ``"K: v"`` strings, one string or an object map.

    Repeated names are kept in order; entries without a name are dropped, as the runtime does.
    """
    if node is None:
        return ()
    if isinstance(node, str):
        return tuple(_header_lines(node))
    if isinstance(node, dict):
        return tuple(Param(str(key), scalar_text(value)) for key, value in node.items() if key)
    if not isinstance(node, list):
        warnings.append(Diagnostic(path, "expected a list or a string of headers, ignored"))
        return ()
    headers: list[Param] = []
    for index, entry in enumerate(node):
        if isinstance(entry, str):
            headers.extend(_header_lines(entry))
        elif isinstance(entry, dict):
            param = _param(entry)
            if param is not None:
                headers.append(param)
        else:
            warnings.append(Diagnostic(f"{path}[{index}]", "expected a header object, ignored"))
    return tuple(headers)


def parse_urlencoded(node: object, path: str, warnings: list[Diagnostic]) -> tuple[Param, ...]:
    """Urlencoded fields as a list of objects or as an ``a=1&b=2`` string."""
    if node is None:
        return ()
    if isinstance(node, str):
        return tuple(_form_pairs(node))
    if not isinstance(node, list):
        warnings.append(Diagnostic(path, "expected a list of fields, ignored"))
        return ()
    fields: list[Param] = []
    for index, entry in enumerate(node):
        param = _param(entry) if isinstance(entry, dict) else None
        if param is None:
            warnings.append(Diagnostic(f"{path}[{index}]", "expected a field with a key, ignored"))
        else:
            fields.append(param)
    return tuple(fields)


def content_type(headers: tuple[Param, ...]) -> str | None:
    """The media type of the last enabled Content-Type header, lower-cased, without parameters."""
    found = None
    for header in headers:
        if header.key.lower() == "content-type" and not header.disabled and header.value:
            found = header.value.split(";", 1)[0].strip().lower() or None
    return found


def _param(entry: dict[str, object]) -> Param | None:
    key = entry.get("key", entry.get("name"))
    if key is None or key == "":
        return None
    return Param(
        key=str(scalar_text(key)),
        value=scalar_text(entry.get("value")),
        description=description_text(entry.get("description")),
        disabled=is_disabled(entry),
    )


def _header_lines(text: str) -> list[Param]:
    """The SDK's ``Header.parse``: one ``Name: value`` a line; lines without a colon are skipped."""
    headers = []
    for line in text.splitlines():
        name, colon, value = line.partition(":")
        name = name.strip()
        if colon and name and " " not in name:
            headers.append(Param(name, value.strip()))
    return headers


def _form_pairs(text: str) -> list[Param]:
    pairs = []
    for chunk in text.split("&"):
        if chunk:
            key, equals, value = chunk.partition("=")
            pairs.append(Param(unquote_plus(key), unquote_plus(value) if equals else None))
    return pairs
