"""An OpenAPI 3.1 document as the API surface callers meet, normalised for comparison.

Operations are keyed by method and path with each path parameter's name replaced by its
position (``/users/{}``) and no trailing slash: a parameter renamed in Postman (``:id`` to
``:user_id``) or a slash added is the same endpoint (``compare.matched`` pairs
operations as written first, then by this key where it is unique). Parameters are keyed
by location and name (header names case-insensitively; path parameters by position).
Bodies are flat fields (:mod:`generator.diff.schemas`). Security is what a caller must
present: for each accepted alternative, the set of schemes it combines, each described by
what it is (``http bearer``, ``apiKey header x-api-key``), not by its name in the document.
Servers are URLs with their variables' defaults filled in.

Everything is a frozen dataclass: two surfaces are compared, never the documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.diff.schemas import DocumentError, Field, SchemaReader
from generator.loader.validate import JsonPath, json_type

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
LOCATIONS = ("path", "query", "header", "cookie")
EXTRA_METHODS = "x-postc-operations"
ERROR_CLASSES = "x-postc-error-classes"  # a response's generated error classes
FORM_KEY = "x-postc-form"  # in ``info``: the form postc openapi wrote the document in
_TEMPLATE = re.compile(r"\{[^{}/]*\}")
_NO_CREDENTIAL: frozenset[frozenset[str]] = frozenset({frozenset()})
"""No security requirement: the one alternative that asks for nothing."""


@dataclass(frozen=True)
class Body:
    """One media type's body: its fields (none when the document gives no schema)."""

    media_type: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Parameter:
    location: str
    name: str
    key: str  # header names lower-cased; a path parameter's position
    required: bool
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    bodies: tuple[Body, ...]
    # (code, class): the error classes postc generates for it (``x-postc-error-classes``);
    # None where the document does not say (one written by another tool, or an older postc)
    error_classes: tuple[tuple[str, str], ...] | None = None

    @property
    def success(self) -> bool:
        return self.status.startswith("2")


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    path: str  # as the document writes it
    key: str  # "GET /users/{}"
    operation_id: str
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    request_bodies: tuple[Body, ...]
    request_required: bool
    responses: tuple[Response, ...]
    security: frozenset[frozenset[str]]  # alternatives; the empty set in it: no credential
    servers: tuple[str, ...]  # its own servers; () when it uses the document's
    calls: frozenset[str] = frozenset()  # the generated methods of the Postman requests on it

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Surface:
    operations: tuple[Operation, ...]
    servers: tuple[str, ...]
    notes: tuple[str, ...]
    form: int | None = None  # ``info["x-postc-form"]``: how postc openapi wrote it, if it did


def api_surface(doc: Mapping[str, Any]) -> Surface:
    """The surface of an OpenAPI 3.1 document; :class:`DocumentError` when it is malformed."""
    components = _object(doc.get("components", {}), ("components",))
    schemas = _object(components.get("schemas", {}), ("components", "schemas"))
    schemes = _object(components.get("securitySchemes", {}), ("components", "securitySchemes"))
    reader = SchemaReader(schemas)
    default_security = _security(doc.get("security"), ("security",), schemes, _NO_CREDENTIAL)
    found = list(_operations(doc, reader, schemes, default_security))
    return Surface(
        operations=tuple(sorted(found, key=lambda op: (op.key, op.path))),
        servers=_servers(doc.get("servers"), ("servers",)),
        notes=tuple(sorted(reader.notes)),
        form=_form(doc.get("info")),
    )


def _form(info: Any) -> int | None:
    """The document's form (``generator.openapi.document.FORM``), None when not said."""
    form = info.get(FORM_KEY) if isinstance(info, dict) else None
    return form if isinstance(form, int) and not isinstance(form, bool) else None


def normalised_path(path: str) -> str:
    """``/users/{id}/`` -> ``/users/{}``: parameter names and a trailing slash dropped."""
    template = _TEMPLATE.sub("{}", path)
    return template.rstrip("/") or "/"


def _operations(
    doc: Mapping[str, Any],
    reader: SchemaReader,
    schemes: Mapping[str, Any],
    default_security: frozenset[frozenset[str]],
) -> Iterator[Operation]:
    paths = _object(doc.get("paths", {}), ("paths",))
    for path, item in paths.items():
        at: JsonPath = ("paths", path)
        item = _object(item, at)
        if "$ref" in item:
            raise DocumentError((*at, "$ref"), "postc diff follows only $refs to schemas")
        shared = _parameters(item.get("parameters"), (*at, "parameters"), path, reader)
        servers = _servers(item.get("servers"), (*at, "servers"))
        for method, operation, where in _methods(item, at):
            yield _operation(
                path,
                method,
                _object(operation, where),
                where,
                shared,
                servers,
                reader,
                schemes,
                default_security,
            )


def _methods(item: Mapping[str, Any], at: JsonPath) -> Iterator[tuple[str, Any, JsonPath]]:
    """Each operation of a path item: OpenAPI's methods, then those OpenAPI has no field
    for (Postman's ``PURGE``, ``COPY``...), which ``postc openapi`` writes under
    ``x-postc-operations``."""
    for method in METHODS:
        if method in item:
            yield method, item[method], (*at, method)
    extra = _object(item.get(EXTRA_METHODS, {}), (*at, EXTRA_METHODS))
    for method, operation in extra.items():
        yield method.lower(), operation, (*at, EXTRA_METHODS, method)


def _operation(
    path: str,
    method: str,
    op: Mapping[str, Any],
    at: JsonPath,
    shared: dict[tuple[str, str], Parameter],
    path_servers: tuple[str, ...],
    reader: SchemaReader,
    schemes: Mapping[str, Any],
    default_security: frozenset[frozenset[str]],
) -> Operation:
    parameters = {**shared, **_parameters(op.get("parameters"), (*at, "parameters"), path, reader)}
    bodies, body_required = _request_body(op.get("requestBody"), (*at, "requestBody"), reader)
    own_servers = _servers(op.get("servers"), (*at, "servers")) if "servers" in op else ()
    return Operation(
        method=method.upper(),
        path=path,
        key=f"{method.upper()} {normalised_path(path)}",
        operation_id=_text(op, "operationId", at),
        summary=_text(op, "summary", at),
        description=_text(op, "description", at),
        tags=tuple(_text_list(op.get("tags"), (*at, "tags"))),
        parameters=tuple(parameters[key] for key in sorted(parameters)),
        request_bodies=bodies,
        request_required=body_required,
        responses=_responses(op.get("responses"), (*at, "responses"), reader),
        security=_security(op.get("security"), (*at, "security"), schemes, default_security),
        servers=own_servers or path_servers,
        calls=_calls(op, at),
    )


def _calls(op: Mapping[str, Any], at: JsonPath) -> frozenset[str]:
    """The generated methods of an operation several Postman requests share: ``postc
    openapi`` writes the first's as ``x-postc-call``, the others' as ``x-postc-methods``."""
    calls = list(_text_list(op.get("x-postc-methods"), (*at, "x-postc-methods")))
    if "x-postc-call" in op:
        calls.append(_text(op, "x-postc-call", at))
    return frozenset(calls)


def _parameters(
    value: Any, at: JsonPath, path: str, reader: SchemaReader
) -> dict[tuple[str, str], Parameter]:
    positions = {name[1:-1]: index for index, name in enumerate(_TEMPLATE.findall(path))}
    found: dict[tuple[str, str], Parameter] = {}
    for index, entry in enumerate(_array(value, at)):
        where = (*at, index)
        entry = _object(entry, where)
        if "$ref" in entry:
            raise DocumentError((*where, "$ref"), "postc diff follows only $refs to schemas")
        location = entry.get("in")
        if location not in LOCATIONS:
            raise DocumentError((*where, "in"), f"expected one of {', '.join(LOCATIONS)}")
        name = entry.get("name")
        if not isinstance(name, str):
            raise DocumentError((*where, "name"), "expected a string")
        key = _parameter_key(location, name, positions)
        schema = entry.get("schema", True)
        found[(location, key)] = Parameter(
            location=location,
            name=name,
            key=key,
            required=_flag(entry, "required", where) or location == "path",
            description=_text(entry, "description", where),
            fields=reader.fields(schema, (*where, "schema")),
        )
    return found


def _parameter_key(location: str, name: str, positions: Mapping[str, int]) -> str:
    if location == "path":
        return f"{positions.get(name, len(positions)):04d}"
    return name.lower() if location == "header" else name


def _request_body(value: Any, at: JsonPath, reader: SchemaReader) -> tuple[tuple[Body, ...], bool]:
    if value is None:
        return (), False
    body = _object(value, at)
    if "$ref" in body:
        raise DocumentError((*at, "$ref"), "postc diff follows only $refs to schemas")
    return _content(body.get("content"), (*at, "content"), reader), _flag(body, "required", at)


def _responses(value: Any, at: JsonPath, reader: SchemaReader) -> tuple[Response, ...]:
    found = []
    for status, response in _object(value if value is not None else {}, at).items():
        where = (*at, status)
        response = _object(response, where)
        if "$ref" in response:
            raise DocumentError((*where, "$ref"), "postc diff follows only $refs to schemas")
        bodies = _content(response.get("content"), (*where, "content"), reader)
        classes = _error_classes(response.get(ERROR_CLASSES), (*where, ERROR_CLASSES))
        description = _text(response, "description", where)
        found.append(Response(status.upper(), description, bodies, classes))
    return tuple(sorted(found, key=lambda response: response.status))


def _error_classes(value: Any, at: JsonPath) -> tuple[tuple[str, str], ...] | None:
    """The ``(code, class)`` pairs of ``x-postc-error-classes``, by code; None without."""
    if value is None:
        return None
    found = set()
    for index, entry in enumerate(_array(value, at)):
        where = (*at, index)
        entry = _object(entry, where)
        found.add((_text(entry, "code", where), _text(entry, "class", where)))
    return tuple(sorted(found))


def _content(value: Any, at: JsonPath, reader: SchemaReader) -> tuple[Body, ...]:
    bodies: dict[str, Body] = {}
    for media_type, entry in _object(value if value is not None else {}, at).items():
        where = (*at, media_type)
        entry = _object(entry, where)
        kind = media_type.split(";")[0].strip().lower()
        fields = reader.fields(entry["schema"], (*where, "schema")) if "schema" in entry else ()
        bodies[kind] = Body(kind, fields)
    return tuple(bodies[kind] for kind in sorted(bodies))


def _security(
    value: Any, at: JsonPath, schemes: Mapping[str, Any], default: frozenset[frozenset[str]]
) -> frozenset[frozenset[str]]:
    if value is None:
        return default
    alternatives = set()
    for index, requirement in enumerate(_array(value, at)):
        where = (*at, index)
        names = _object(requirement, where)
        alternatives.add(frozenset(_scheme(name, schemes, (*where, name)) for name in names))
    return frozenset(alternatives) or _NO_CREDENTIAL


def _scheme(name: str, schemes: Mapping[str, Any], at: JsonPath) -> str:
    """What a scheme asks of a caller, whatever the document calls it."""
    if name not in schemes:
        raise DocumentError(at, f"no security scheme {name!r} in components.securitySchemes")
    scheme = _object(schemes[name], ("components", "securitySchemes", name))
    kind = str(scheme.get("type", ""))
    if kind == "http":
        return f"http {str(scheme.get('scheme', '')).lower()}"
    if kind == "apiKey":
        location = str(scheme.get("in", ""))
        key = str(scheme.get("name", ""))
        return f"apiKey {location} {key.lower() if location == 'header' else key}"
    return kind


def _servers(value: Any, at: JsonPath) -> tuple[str, ...]:
    urls = []
    for index, server in enumerate(_array(value, at)):
        where = (*at, index)
        server = _object(server, where)
        url = server.get("url")
        if not isinstance(url, str):
            raise DocumentError((*where, "url"), "expected a string")
        variables = _object(server.get("variables", {}), (*where, "variables"))
        for name, variable in variables.items():
            default = _object(variable, (*where, "variables", name)).get("default")
            if isinstance(default, str):
                url = url.replace(f"{{{name}}}", default)
        urls.append(url.rstrip("/"))
    return tuple(urls)


def _object(value: Any, at: JsonPath) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise DocumentError(at, f"expected an object, got {json_type(value)}")
    return value


def _array(value: Any, at: JsonPath) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DocumentError(at, f"expected an array, got {json_type(value)}")
    return value


def _text(entry: Mapping[str, Any], key: str, at: JsonPath) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise DocumentError((*at, key), f"expected a string, got {json_type(value)}")
    return value


def _text_list(value: Any, at: JsonPath) -> list[str]:
    items = _array(value, at)
    if not all(isinstance(item, str) for item in items):
        raise DocumentError(at, "expected an array of strings")
    return items


def _flag(entry: Mapping[str, Any], key: str, at: JsonPath) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise DocumentError((*at, key), f"expected true or false, got {json_type(value)}")
    return value
