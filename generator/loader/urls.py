"""Postman ``url`` values, string or object, as ``generator.ir.Url``; plus path templates.

A string is split the way the SDK's ``Url.parse`` (the postman-url-encoder parser) splits
it, so a collection means here what it means in newman:

* leading whitespace is ignored; the fragment is cut at the first ``#``, then the query
  at the first ``?``; backslashes left of the query become ``/`` (``http:\\\\h\\a`` is
  ``http://h/a``); the protocol is what precedes the first ``://``; slashes after it (or
  at the start: ``//host/p``) are skipped; the path starts at the next ``/``; credentials
  end at the last ``@`` and are dropped with a warning (``Url`` has no place for them);
  the port follows the last ``:`` unless that text holds a ``]`` (IPv6 ``[::1]``), and
  may be empty; the host is split on ``.``.
* The query is split on ``&``, then each piece on its first ``=``: ``a`` gives value
  None, ``a=`` gives ``""``. Empty pieces (``?&&``, a bare ``?``) are KEPT as
  ``Param("", None)``, as the SDK keeps ``{key: null}`` entries: re-joining the query
  gives back what Postman sends. Keys and values stay as written (not percent-decoded).
* A ``{{…}}`` token (``{{``, no braces, ``}}``) is opaque: no ``/ ? # . : @ & = \\``
  inside one splits anything, even where the SDK only protects some of these.

An object's structured parts win over ``raw``, as in newman; ``raw`` is parsed only when
the object has neither ``host`` nor ``path``, and is compared with them otherwise.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from generator.ir import Diagnostic, Param, PathVariable, Url
from generator.loader.values import description_text, is_disabled, object_list, scalar_text
from generator.secrets import masked

_TOKEN = re.compile(r"\{\{[^{}]*\}\}")
_NAMED_TOKEN = re.compile(r"\{\{([^{}]+)\}\}")
_MISMATCH = "url.raw disagrees with the structured url"
USERINFO_DROPPED = "credentials in the URL (user:pass@) are not kept"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


class _Text(NamedTuple):
    """A string with its mask: the same string with every ``{{…}}`` token blanked out.

    Separators are searched in the mask and the string is cut at the same offsets, so
    nothing inside a token ever splits anything.
    """

    raw: str
    mask: str

    @classmethod
    def of(cls, raw: str) -> _Text:
        return cls(raw, _TOKEN.sub(lambda match: "_" * len(match[0]), raw))

    def cut(self, start: int, end: int | None = None) -> _Text:
        return _Text(self.raw[start:end], self.mask[start:end])

    def split(self, separator: str) -> list[_Text]:
        pieces = []
        start = 0
        for chunk in self.mask.split(separator):
            pieces.append(self.cut(start, start + len(chunk)))
            start += len(chunk) + len(separator)
        return pieces

    def before_first(self, separator: str) -> tuple[_Text, _Text | None]:
        """The text before the first separator, and the text after it (None without one)."""
        index = self.mask.find(separator)
        if index < 0:
            return self, None
        return self.cut(0, index), self.cut(index + len(separator))

    def after_last(self, separator: str) -> tuple[_Text | None, _Text]:
        """The text before the last separator (None without one), and the text after it."""
        index = self.mask.rfind(separator)
        if index < 0:
            return None, self
        return self.cut(0, index), self.cut(index + len(separator))


def parse_url(node: object, path: str, warnings: list[Diagnostic]) -> Url:
    """The ``Url`` of a `url` value: a string, an object, None or anything else.

    ``path`` is the JSON path of the value (``item[3].request.url``). Never raises: odd
    shapes give a best-effort ``Url`` and a warning. A missing (None) or empty URL gives
    ``Url(raw="")`` without a warning: the caller knows why it is empty.
    """
    declared: object = None
    if isinstance(node, dict):
        url = _from_object(node, path, warnings)
        declared = node.get("variable")
    elif isinstance(node, str):
        url = _from_text(node, path, warnings)
    elif node is None:
        url = Url(raw="")
    else:
        warnings.append(Diagnostic(path, "expected a URL string or object"))
        text = scalar_text(node) if isinstance(node, bool | int | float) else None
        url = _from_text(text, path, warnings) if text else Url(raw="")
    _check_braces(url.path, path, warnings)
    return replace(url, variables=_variables(url.path, declared, path, warnings))


def path_template(url: Url) -> str:
    """'/v1/users/{id}' ...

    ``:name`` segments become ``{name}`` (``:ab.json`` gives ``{ab}.json``) and every
    ``{{var}}`` of the path ``{var}``; the host never appears. An empty path is ``/``; a
    trailing empty segment keeps the trailing ``/``.
    """
    return _template(url)[0]


def path_parameters(url: Url) -> tuple[str, ...]:
    """names of the placeholders of path_template, in order, each once

    A ``:id`` path variable and a ``{{id}}`` token are both ``{id}`` in the template, so
    they are one parameter; ``Url.variables`` tells which names are path variables.
    """
    return tuple(dict.fromkeys(_template(url)[1]))


def without_userinfo(text: str) -> str:
    """A URL string (a variable's value) without its ``user:password@``, which ``parse_url``
    drops from a literal URL: credentials end at the last ``@`` before the path, query or
    fragment; ``{{…}}`` tokens are opaque. Text that is no ``scheme://`` URL is kept."""
    source = _Text.of(text)
    start = source.mask.find("://")
    if start < 0 or not _SCHEME.fullmatch(source.mask[:start].lstrip()):
        return text
    end = len(text)
    for separator in "/\\?#":
        found = source.mask.find(separator, start + 3)
        end = found if 0 <= found < end else end
    at = source.mask.rfind("@", start + 3, end)
    return text if at < 0 else text[: start + 3] + text[at + 1 :]


def _template(url: Url) -> tuple[str, list[str]]:
    names: list[str] = []
    segments = [_segment_template(segment, names) for segment in url.path]
    return "/" + "/".join(segments), names


def _segment_template(segment: str, names: list[str]) -> str:
    """One segment of the template; appends the names of its placeholders to ``names``."""
    head = ""
    variable = _path_variable(segment)
    if variable is not None:
        name, segment = variable
        names.append(name)
        head = "{" + name + "}"
    names.extend(_NAMED_TOKEN.findall(segment))
    return head + _NAMED_TOKEN.sub(r"{\1}", segment)


def _path_variable(segment: str) -> tuple[str, str] | None:
    """``(name, suffix)`` when the segment declares a path variable (``:ab.json``).

    As in the SDK the name runs up to the first ``.``, so ``:`` and ``:.`` declare none.
    A name holding a brace (``:{{x}}``) is not taken as one: the template could not say
    it, and at run time Postman resolves the ``{{…}}`` in it anyway.
    """
    if not segment.startswith(":"):
        return None
    name, dot, suffix = segment[1:].partition(".")
    if not name or "{" in name or "}" in name:
        return None
    return name, dot + suffix


def _from_text(raw: str, path: str, warnings: list[Diagnostic]) -> Url:
    """The SDK's ``Url.parse`` of a string (see the module docstring); no variables yet."""
    rest, fragment = _Text.of(raw.lstrip()).before_first("#")
    rest, query = rest.before_first("?")
    protocol, rest = _protocol(_with_slashes(rest))
    rest, segments = rest.cut(len(rest.raw) - len(rest.raw.lstrip("/"))).before_first("/")
    credentials, rest = rest.after_last("@")
    if credentials is not None:
        warnings.append(Diagnostic(path, USERINFO_DROPPED))
    rest, port = _port(rest)
    return Url(
        raw=raw,
        protocol=protocol,
        host=tuple(piece.raw for piece in rest.split(".")) if rest.raw else (),
        port=port,
        path=tuple(piece.raw for piece in segments.split("/")) if segments is not None else (),
        query=_query_text(query) if query is not None else (),
        hash=fragment.raw if fragment is not None else None,
    )


def _with_slashes(text: _Text) -> _Text:
    """Backslashes outside tokens as ``/``, as the SDK's parser sanitises them."""
    if "\\" not in text.mask:
        return text
    raw = "".join(
        "/" if mask == "\\" else char for char, mask in zip(text.raw, text.mask, strict=True)
    )
    return _Text(raw, text.mask.replace("\\", "/"))


def _protocol(text: _Text) -> tuple[str | None, _Text]:
    before, after = text.before_first("://")
    return (None, text) if after is None else (before.raw, after)


def _port(text: _Text) -> tuple[_Text, str | None]:
    """Host and port; the text after the last ``:`` is no port when it holds a ``]`` (IPv6)."""
    host, port = text.after_last(":")
    if host is None or "]" in port.mask:
        return text, None
    return host, port.raw


def _query_text(query: _Text) -> tuple[Param, ...]:
    """``a=1&b&c=`` as params: split on ``&``, then on the first ``=`` of each piece."""
    params = []
    for piece in query.split("&"):
        key, value = piece.before_first("=")
        params.append(Param(key.raw, value.raw if value is not None else None))
    return tuple(params)


def _from_object(node: dict[str, object], path: str, warnings: list[Diagnostic]) -> Url:
    """A URL object: structured parts first, ``raw`` when there is neither host nor path."""
    raw = _raw(node.get("raw"), f"{path}.raw", warnings)
    structured = node.get("host") is not None or node.get("path") is not None
    if node.get("auth") is not None:
        warnings.append(Diagnostic(f"{path}.auth", "credentials in the URL are not kept"))
    base = Url(raw=raw) if structured else _from_text(raw, path, warnings)
    protocol = _text_field(node, "protocol", path, warnings)
    port = _text_field(node, "port", path, warnings)
    fragment = _text_field(node, "hash", path, warnings)
    query = node.get("query")
    url = Url(
        raw=raw,
        protocol=protocol if protocol is not None else base.protocol,
        host=_host(node.get("host"), f"{path}.host", warnings) if structured else base.host,
        port=port if port is not None else base.port,
        path=_segments(node.get("path"), f"{path}.path", warnings) if structured else base.path,
        query=_query(query, f"{path}.query", warnings) if query is not None else base.query,
        hash=fragment if fragment is not None else base.hash,
    )
    if structured and raw.strip() and raw != _spelled(url):
        _compare(raw, url, path, warnings)
    return url


def _spelled(url: Url) -> str:
    """The URL as Postman's own export writes ``raw`` for these parts: a ``raw`` equal to
    it agrees with them without being parsed again (most do)."""
    text = f"{url.protocol}://" if url.protocol else ""
    text += url.host_text + (f":{url.port}" if url.port else "") + url.path_text
    enabled = [p for p in url.query if not p.disabled]
    if enabled:
        text += "?" + "&".join(p.key if p.value is None else f"{p.key}={p.value}" for p in enabled)
    return text + (f"#{url.hash}" if url.hash else "")


def _raw(node: object, path: str, warnings: list[Diagnostic]) -> str:
    if node is not None and not isinstance(node, str):
        warnings.append(Diagnostic(path, "expected a string, ignored"))
    return node if isinstance(node, str) else ""


def _text_field(
    node: dict[str, object], key: str, path: str, warnings: list[Diagnostic]
) -> str | None:
    """A string part of a URL object; a number (a port) is text too, anything else is warned."""
    value = node.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    warnings.append(Diagnostic(f"{path}.{key}", "expected a string"))
    return scalar_text(value) if isinstance(value, bool | float) else None


def _host(node: object, path: str, warnings: list[Diagnostic]) -> tuple[str, ...]:
    """A host given as ``"api.example.com"`` (split on dots outside tokens) or as segments."""
    if isinstance(node, str):
        return tuple(piece.raw for piece in _Text.of(node).split(".")) if node else ()
    return _segment_list(node, path, warnings)


def _segments(node: object, path: str, warnings: list[Diagnostic]) -> tuple[str, ...]:
    """A path as segments, or as a string that loses one leading ``/`` (``"/"`` is ``[""]``)."""
    if isinstance(node, str):
        text = node[1:] if node.startswith("/") else node
        return tuple(piece.raw for piece in _Text.of(text).split("/")) if node else ()
    return _segment_list(node, path, warnings)


def _segment_list(node: object, path: str, warnings: list[Diagnostic]) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node, list):
        warnings.append(Diagnostic(path, "expected a string or a list of strings, ignored"))
        return ()
    return tuple(_segment(entry, f"{path}[{index}]", warnings) for index, entry in enumerate(node))


def _segment(entry: object, path: str, warnings: list[Diagnostic]) -> str:
    """One host or path segment; the schema's ``{type, value}`` object gives its value."""
    if isinstance(entry, str):
        return entry
    value = entry.get("value") if isinstance(entry, dict) else entry
    text = value if isinstance(value, str) else scalar_text(value) or ""
    warnings.append(Diagnostic(path, f"expected a string segment; using {masked(text)!r}"))
    return text


def _query(node: object, path: str, warnings: list[Diagnostic]) -> tuple[Param, ...]:
    """Query params as ``{key, value, disabled, description}`` objects, strings, or one string."""
    if isinstance(node, str):
        return _query_text(_Text.of(node.removeprefix("?")))
    if not isinstance(node, list):
        warnings.append(Diagnostic(path, "expected a list of query params, ignored"))
        return ()
    params: list[Param] = []
    for index, entry in enumerate(node):
        if isinstance(entry, dict):
            params.append(_query_param(entry, f"{path}[{index}]", warnings))
        elif isinstance(entry, str):
            params.extend(_query_text(_Text.of(entry)))
        else:
            warnings.append(Diagnostic(f"{path}[{index}]", "expected a query param, ignored"))
    return tuple(params)


def _query_param(entry: dict[str, object], path: str, warnings: list[Diagnostic]) -> Param:
    """A query param object; a null or missing key is ``""``, as the SDK sends it."""
    key = entry.get("key")
    value = entry.get("value")
    for name, part in (("key", key), ("value", value)):
        if isinstance(part, dict | list):
            warnings.append(Diagnostic(f"{path}.{name}", "expected a string; using it as JSON"))
    return Param(
        key=scalar_text(key) or "",
        value=scalar_text(value),
        description=description_text(entry.get("description")),
        disabled=is_disabled(entry),
    )


def _compare(raw: str, url: Url, path: str, warnings: list[Diagnostic]) -> None:
    """Warn when ``raw`` names another URL than the structured parts Postman sends.

    Protocol and host compare case-insensitively and the query as a sorted list of its
    enabled params; the fragment is not compared (it is never sent). The warning shows
    credentials (``api_key=…``, a token in the path) as ``***``.
    """
    parsed = _from_text(raw.strip(), path, [])
    parts = {
        "protocol": ((parsed.protocol or "").lower(), (url.protocol or "").lower()),
        "host": (parsed.host_text.lower(), url.host_text.lower()),
        "port": (parsed.port or "", url.port or ""),
        "path": (parsed.path_text, url.path_text),
        "query": (_sorted_query(parsed.query), _sorted_query(url.query)),
    }
    differences = [
        f"{name}: raw {masked(ours)!r}, structured {masked(theirs)!r}"
        for name, (ours, theirs) in parts.items()
        if ours != theirs
    ]
    if differences:
        details = "; ".join(differences)
        warnings.append(Diagnostic(path, f"{_MISMATCH} ({details}); using host/path, as Postman"))


def _sorted_query(params: tuple[Param, ...]) -> str:
    """The enabled params, sorted."""
    pieces = (p.key if p.value is None else f"{p.key}={p.value}" for p in params if not p.disabled)
    return "&".join(sorted(pieces))


def _variables(
    segments: tuple[str, ...], node: object, path: str, warnings: list[Diagnostic]
) -> tuple[PathVariable, ...]:
    """The ``:name`` variables of the path in order, valued from ``url.variable``."""
    declared = _declared(node, f"{path}.variable", warnings)
    found: dict[str, PathVariable] = {}
    for segment in segments:
        variable = _path_variable(segment)
        if variable is not None and variable[0] not in found:
            name = variable[0]
            _, value, description = declared.get(name, ("", None, ""))
            found[name] = PathVariable(name, value, description)
    for name, (entry_path, _, _) in declared.items():
        if name not in found:
            warnings.append(Diagnostic(entry_path, f"no :{name} segment in the path; ignored"))
    return tuple(found.values())


def _declared(
    node: object, path: str, warnings: list[Diagnostic]
) -> dict[str, tuple[str, str | None, str]]:
    """``url.variable`` as name -> (JSON path, value, description); the last entry wins.

    Postman substitutes only string values, so any other value is dropped with a warning.
    """
    declared: dict[str, tuple[str, str | None, str]] = {}
    for entry_path, entry in object_list(node, path, warnings, "path variables"):
        name = _variable_name(entry)
        value = entry.get("value")
        if name is None:
            warnings.append(Diagnostic(entry_path, "path variable without a key, ignored"))
            continue
        if value is not None and not isinstance(value, str):
            warnings.append(Diagnostic(f"{entry_path}.value", "not a string, ignored (as Postman)"))
        text = value if isinstance(value, str) else None
        declared[name] = (entry_path, text, description_text(entry.get("description")))
    return declared


def _variable_name(entry: dict[str, object]) -> str | None:
    """``key``, or the legacy ``id`` when ``key`` is empty or missing."""
    for field in ("key", "id"):
        value = entry.get(field)
        if isinstance(value, str | int) and not isinstance(value, bool) and value != "":
            return str(value)
    return None


def _check_braces(segments: tuple[str, ...], path: str, warnings: list[Diagnostic]) -> None:
    """Warn about ``{id}``-style segments: Postman sends the braces as they are."""
    texts = (_NAMED_TOKEN.sub("", segment) for segment in segments)
    if any("{" in text or "}" in text for text in texts):
        warnings.append(
            Diagnostic(path, "'{' or '}' outside {{…}} in the path is sent as is (use :name)")
        )
