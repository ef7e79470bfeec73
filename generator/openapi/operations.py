"""``paths``: one operation per endpoint (HTTP method and path template).

Several requests of a collection can be one endpoint (``GET /users/{id}`` twice, with
other saved values): the generator makes a method of each, OpenAPI allows one operation.
The operation is the first method's (in the client's tree order): its ``operationId``,
summary, description, tags, host and security; the others' call paths are listed in
``x-postc-methods``; parameters, request bodies and responses are united
(``parameters.py``, ``bodies.py``, ``responses.py``).

- The path is the endpoint's template (``:id``, ``{{id}}`` and ``{id}`` segments are
  ``{id}``), redacted outside its fields, any other brace percent-encoded
  (``openapi_path``); each ``{name}`` of it is a path parameter. Paths that differ only in
  the names of their fields (``/teams/{teamId}`` and ``/teams/{groupId}``) are one path
  (OpenAPI: "identical and invalid" otherwise), the first one's in tree order: the
  others' path parameters take its names, by position, and the same method of both is
  one operation. A field named twice in one path (Akamai's
  ``/configs/{configId}/.../configs/{configId}``) is one field per occurrence
  (``{configId}``, ``{configId_2}``: OpenAPI has one parameter per name), each its own path
  parameter, as the generated method has one argument per occurrence.
- ``operationId`` is the method's name where no other operation's method has that name,
  else its call path joined with ``_`` (``users_list``); a name still taken gets ``_2``,
  ``_3``... in tree order.
- ``tags``: the folder path of the method (resource titles joined with `` / ``).
- A method on another host than the main one has that host as its ``servers``.
- ``x-postman-scripts`` and ``x-postc-assertions``: the requests' scripts and what their
  tests assert (``scripts.py``); ``x-postc-call``: the Python call of the operation's
  method.
- An HTTP method OpenAPI 3.1 has no field for (``PROPFIND``, ``PURGE``) is kept in the path
  item's ``x-postc-operations`` under its name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from generator.emit.plan import Method, Resource, method_calls
from generator.emit.redaction import redact_template
from generator.loader.urls import path_template
from generator.naming.identifiers import Numbering
from generator.openapi.bodies import request_body
from generator.openapi.context import Context
from generator.openapi.parameters import parameters
from generator.openapi.responses import responses
from generator.openapi.scripts import assertions, postman_scripts
from generator.openapi.security import requirements
from generator.openapi.servers import server

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_FIELD = re.compile(r"\{([^{}/]+)\}")  # a field of a path template
STRING = {"type": "string"}
_SPLIT_FIELDS = re.compile(r"(\{[^{}/]+\})")


@dataclass(frozen=True)
class Operation:
    """The methods of one endpoint, the first deciding what is not united."""

    path: str
    http_method: str
    calls: tuple[tuple[str, Method], ...]  # (call path, method) in tree order
    tags: tuple[str, ...]


def operations(context: Context) -> list[Operation]:
    """The collection's endpoints, in the order their first method comes in the client."""
    titles = _folder_titles(context.plan.root)
    grouped: dict[tuple[str, str], list[tuple[str, Method]]] = {}
    canonical: dict[str, str] = {}  # a path's shape (its fields as ``{}``) -> its first path
    for call, method in method_calls(context.plan.root):
        endpoint = context.endpoint(method)
        own, method = _numbered_fields(
            openapi_path(path_template(endpoint.request.url), context.plan.secrets), method
        )
        path = canonical.setdefault(_FIELD.sub("{}", own), own)
        if path != own:  # the fields named as the first path of the shape names them
            names = zip(_FIELD.findall(own), _FIELD.findall(path), strict=True)
            method = _renamed(method, dict(names))
        grouped.setdefault((path, endpoint.request.method.lower()), []).append((call, method))
    return [
        Operation(path, http_method, tuple(calls), titles[calls[0][1].source])
        for (path, http_method), calls in grouped.items()
    ]


def _numbered_fields(path: str, method: Method) -> tuple[str, Method]:
    """The path with a field named again numbered (``{id}``, ``{id_2}``), and the method
    with its path parameters of that name renamed likewise, in the order they come."""
    fields = _FIELD.findall(path)
    if len(set(fields)) == len(fields):
        return path, method
    numbered = numbered_names(fields)
    names: dict[str, list[str]] = {}
    for name, new in zip(fields, numbered, strict=True):
        names.setdefault(name, []).append(new)
    renamed = iter(numbered)
    path = _FIELD.sub(lambda _: "{" + next(renamed) + "}", path)
    taken = {name: iter(news) for name, news in names.items()}
    parameters = tuple(
        replace(p, key=next(taken[p.key], p.key)) if p.location == "path" and p.key in taken else p
        for p in method.parameters
    )
    return path, replace(method, parameters=parameters)


def numbered_names(names: Sequence[str]) -> list[str]:
    """``names`` with each repeated one numbered by occurrence (``id``, ``id_2``; a number
    that is another of the names is skipped)."""
    numbering = Numbering(natural=names)
    return [numbering.take(name) for name in names]


def _renamed(method: Method, names: dict[str, str]) -> Method:
    """The method with its path parameters named as ``names`` says."""
    parameters = tuple(
        replace(p, key=names.get(p.key, p.key)) if p.location == "path" else p
        for p in method.parameters
    )
    return replace(method, parameters=parameters)


def openapi_path(template: str, secrets: tuple[str, ...]) -> str:
    """An endpoint's path template as an OpenAPI path: redacted outside its ``{name}``
    fields, a brace outside them percent-encoded (as the client sends it, and so that it
    cannot read as a field)."""
    parts = _SPLIT_FIELDS.split(redact_template(template, secrets))
    for index in range(0, len(parts), 2):
        parts[index] = parts[index].replace("{", "%7B").replace("}", "%7D")
    return "".join(parts)


def operation_ids(found: list[Operation]) -> list[str]:
    """Each operation's id (the module docstring's rule)."""
    names = Counter(operation.calls[0][1].name for operation in found)
    numbering = Numbering()
    ids = []
    for operation in found:
        call, method = operation.calls[0]
        wanted = method.name
        if names[wanted] > 1:
            wanted = call.removeprefix("client.").replace(".", "_")
        ids.append(numbering.take(wanted))
    return ids


def operation_object(context: Context, found: Operation, operation_id: str) -> dict[str, Any]:
    """One operation: its first method's, with what its methods have united."""
    call, method = found.calls[0]
    endpoint = context.endpoint(method)
    methods = [m for _, m in found.calls]
    made: dict[str, Any] = {}
    if found.tags:
        made["tags"] = [" / ".join(found.tags)]
    made["summary"] = method.summary
    if method.description:
        made["description"] = method.description
    made["operationId"] = operation_id
    united = _with_path_fields(found.path, parameters(context.plan, methods))
    if united:
        made["parameters"] = united
    body = request_body(context, methods)
    if body is not None:
        made["requestBody"] = body
    made["responses"] = responses(context, methods)
    security = requirements(context.plan, method, endpoint)
    if security or method.auth is None:
        made["security"] = security
    if method.base:
        host = next(h for h in context.plan.hosts if h.key == method.base)
        made["servers"] = [server(context.plan, host)]
    made["x-postc-call"] = call
    if len(found.calls) > 1:
        made["x-postc-methods"] = [other for other, _ in found.calls[1:]]
    scripts = [s for _, m in found.calls for s in postman_scripts(context, context.endpoint(m))]
    if scripts:
        made["x-postman-scripts"] = scripts
    checks = [a for _, m in found.calls for a in assertions(context, m.name, context.endpoint(m))]
    if checks:
        made["x-postc-assertions"] = checks
    return made


def _with_path_fields(path: str, united: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parameters with exactly one path parameter per field of the path: a field no
    method names (a ``{{variable}}`` the client fills from a setting) is a string."""
    fields = list(dict.fromkeys(_FIELD.findall(path)))
    named = {p["name"]: p for p in united if p["in"] == "path"}
    path_parameters = [
        named.get(name, {"name": name, "in": "path", "required": True, "schema": dict(STRING)})
        for name in fields
    ]
    return [*path_parameters, *(p for p in united if p["in"] != "path")]


def folders(root: Resource) -> list[tuple[tuple[str, ...], Resource]]:
    """Every resource with its folder path (the titles down to it; the root's is empty),
    in tree order."""
    found = []
    stack: list[tuple[tuple[str, ...], Resource]] = [((), root)]
    while stack:
        titles, node = stack.pop()
        found.append((titles, node))
        stack.extend(((*titles, child.title), child) for child in reversed(node.children))
    return found


def _folder_titles(root: Resource) -> dict[str, tuple[str, ...]]:
    """Each method's folder path, by its source."""
    return {method.source: titles for titles, node in folders(root) for method in node.methods}
