"""``postc inspect``: what postc understood of a collection, for people and for tools.

Secret values (auth attributes, secret-looking variables) are never printed; their
names are, so a user can see what the client will ask for.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from generator.ir import Auth, Collection, Endpoint, Environment, Example, Variable, body_mode
from generator.loader.urls import path_parameters, path_template


def inspect_json(collection: Collection, environment: Environment | None) -> dict[str, Any]:
    """The machine-readable summary (``postc inspect --json``)."""
    return {
        "collection": {
            "name": collection.name,
            "schema_version": collection.schema_version,
            "id": collection.id,
            "version": collection.version,
        },
        "environment": environment.name if environment is not None else None,
        "variables": [_variable_json(variable) for variable in _variables(collection, environment)],
        "auth": _auth_json(collection.auth),
        "endpoints": [_endpoint_json(endpoint) for endpoint in collection.endpoints()],
        "scripts": _scripts_json(collection),
        "warnings": [
            {"path": warning.path, "message": warning.message}
            for warning in (*collection.warnings, *(environment.warnings if environment else ()))
        ],
    }


def inspect_text(collection: Collection, environment: Environment | None) -> str:
    """The human summary (``postc inspect``)."""
    endpoints = list(collection.endpoints())
    examples = sum(len(endpoint.examples) for endpoint in endpoints)
    folders = sum(1 for _ in collection.folders())
    lines = [
        f"{collection.name} (Postman collection {collection.schema_version})",
        f"  {count(len(endpoints), 'request')} in {count(folders, 'folder')}, "
        f"{count(examples, 'saved example')}",
    ]
    variables = _variables(collection, environment)
    if variables:
        lines.append("Variables:")
        lines.extend(f"  {_variable_text(variable)}" for variable in variables)
    if collection.auth is not None:
        lines.append(f"Auth: {collection.auth.type} (collection)")
    lines.append("Endpoints:")
    for endpoint in endpoints:
        where = " / ".join((*endpoint.folders, endpoint.name))
        codes = ", ".join(str(example.code) for example in endpoint.examples)
        lines.append(
            f"  {endpoint.request.method} {path_template(endpoint.request.url)}  {where}"
            + (f"  [examples: {codes}]" if codes else "")
        )
    scripts = _scripts_json(collection)
    if scripts["count"]:
        lines.append(f"Scripts: {scripts['count']} found and ignored (postc never runs scripts)")
    warnings = (*collection.warnings, *(environment.warnings if environment else ()))
    if warnings:
        lines.append(f"Warnings ({len(warnings)}):")
        lines.extend(f"  {warning}" for warning in warnings)
    return "\n".join(lines) + "\n"


def environment_json(environment: Environment) -> dict[str, Any]:
    """The machine-readable summary of an environment file."""
    return {
        "environment": {"name": environment.name},
        "variables": [_variable_json(value) for value in environment.values],
        "warnings": [
            {"path": warning.path, "message": warning.message} for warning in environment.warnings
        ],
    }


def environment_text(environment: Environment) -> str:
    """The human summary of an environment file."""
    lines = [f"{environment.name or environment.source} (Postman environment)"]
    lines.extend(f"  {_variable_text(value)}" for value in environment.values)
    lines.extend(f"warning: {warning}" for warning in environment.warnings)
    return "\n".join(lines)


def count(number: int, noun: str) -> str:
    """``1 request``, ``2 requests``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _variables(collection: Collection, environment: Environment | None) -> list[Variable]:
    """Collection variables with environment values layered on top (environment wins)."""
    merged = {variable.key: variable for variable in collection.variables if not variable.disabled}
    if environment is not None:
        for value in environment.values:
            if not value.disabled:
                merged[value.key] = value
    return list(merged.values())


def _variable_json(variable: Variable) -> dict[str, Any]:
    return {
        "key": variable.key,
        "type": variable.type,
        "secret": variable.secret,
        "value": None if variable.secret else variable.value,
    }


def _variable_text(variable: Variable) -> str:
    if variable.secret:
        return f"{variable.key} (secret, value not shown)"
    return f"{variable.key} = {variable.value!r}"


def _auth_json(auth: Auth | None) -> dict[str, Any] | None:
    if auth is None:
        return None
    return {"type": auth.type, "origin": auth.origin, "attributes": [p.key for p in auth.params]}


def _endpoint_json(endpoint: Endpoint) -> dict[str, Any]:
    request = endpoint.request
    return {
        "name": endpoint.name,
        "folder": list(endpoint.folders),
        "method": request.method,
        "path": path_template(request.url),
        "path_parameters": list(path_parameters(request.url)),
        "url": request.url.raw,
        "query": [param.key for param in request.url.query],
        "body": body_mode(request.body) if request.body is not None else None,
        "auth": _auth_json(endpoint.auth),
        "json_path": endpoint.json_path,
        "examples": [_example_json(example) for example in endpoint.examples],
    }


def _example_json(example: Example) -> dict[str, Any]:
    document = example.json
    return {
        "name": example.name,
        "status": example.code,
        "status_text": example.status,
        "content_type": example.content_type,
        "json": None if document is None else document.parsed,
        "repairs": list(document.repairs) if document is not None else [],
    }


def _scripts_json(collection: Collection) -> dict[str, Any]:
    kinds = Counter(event.listen for event in collection.all_events() if event.source.strip())
    return {"count": sum(kinds.values()), "by_listen": dict(sorted(kinds.items())), "ignored": True}
