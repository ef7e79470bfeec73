"""``postc inspect``: what postc understood of a collection, for people and for tools.

Secret values (auth attributes, secret-looking variables) are never printed; their
names are, so a user can see what the client will ask for. Every other text from the
collection is shown ``masked``: a credential in it (``?api_key=...``, a token in a path,
a key in a model field's samples) as ``***``.
"""

from __future__ import annotations

from typing import Any

from generator.annotations import annotation
from generator.emit.plan import Method, Plan, method_calls
from generator.emit.tests import error_class_index, expected_outcome, served_status
from generator.ir import (
    ApiModels,
    Auth,
    BodyBinding,
    Collection,
    Endpoint,
    Environment,
    Example,
    Model,
    ModelField,
    Variable,
    body_mode,
)
from generator.loader.urls import path_parameters, path_template
from generator.naming.inflect import count
from generator.scripts.facts import Flows, Producer, Use
from generator.scripts.flows import response_path
from generator.scripts.report import scripts_json, scripts_text
from generator.secrets import MASK, is_secret_field, masked
from generator.terminal import printable


def inspect_json(
    collection: Collection,
    environment: Environment | None,
    api: ApiModels,
    *,
    plan: Plan | None = None,
    with_models: bool = False,
) -> dict[str, Any]:
    """The machine-readable summary (``postc inspect --json``).

    With the client ``plan``, each endpoint names its Python call and each example the
    fully qualified model it parses into or the error class it raises.
    """
    bindings = _bindings_by_example(api)
    calls = {m.source: (path, m) for path, m in method_calls(plan.root)} if plan else {}
    summary: dict[str, Any] = {
        "collection": {
            "name": masked(collection.name),
            "schema_version": collection.schema_version,
            "id": collection.id,
            "version": collection.version,
        },
        "environment": environment.name if environment is not None else None,
        "variables": [_variable_json(variable) for variable in _variables(collection, environment)],
        "auth": _auth_json(collection.auth),
        "endpoints": [
            _with_call(_endpoint_json(endpoint, bindings), endpoint, calls, plan, bindings)
            for endpoint in collection.endpoints()
        ],
        "scripts": _scripts_json(collection),
        "warnings": [
            {"path": warning.path, "message": warning.message}
            for warning in (*collection.warnings, *(environment.warnings if environment else ()))
        ],
    }
    if with_models:
        summary["models"] = [_model_json(model) for model in api.models]
    return summary


def inspect_text(
    collection: Collection,
    environment: Environment | None,
    api: ApiModels,
    *,
    with_models: bool = False,
) -> str:
    """The human summary (``postc inspect``)."""
    bindings = _bindings_by_example(api)
    endpoints = list(collection.endpoints())
    examples = sum(len(endpoint.examples) for endpoint in endpoints)
    folders = sum(1 for _ in collection.folders())
    lines = [
        f"{masked(collection.name)} (Postman collection {collection.schema_version})",
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
        where = masked(" / ".join((*endpoint.folders, endpoint.name)))
        path = masked(path_template(endpoint.request.url))
        lines.append(f"  {endpoint.request.method} {path}  {where}")
        request = bindings.get(f"{endpoint.json_path}.request")
        if request is not None:
            lines.append(f"      request body -> {annotation(request.type)}")
        for example in endpoint.examples:
            binding = bindings.get(example.json_path)
            target = annotation(binding.type) if binding else _untyped(example)
            lines.append(f"      {example.code or '---'} {masked(example.name)} -> {target}")
    lines.extend(scripts_text(_scripts_json(collection)))
    if with_models:
        lines.append("Models:")
        lines.extend(line for model in api.models for line in _model_text(model))
    warnings = (*collection.warnings, *(environment.warnings if environment else ()))
    if warnings:
        lines.append(f"Warnings ({len(warnings)}):")
        lines.extend(f"  {warning}" for warning in warnings)
    return _printed(lines) + "\n"


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
    return _printed(lines)


def _printed(lines: list[str]) -> str:
    """The report's lines as a terminal shows them: a line break or a control inside a
    name shows as an escape (``generator.terminal``), so a name cannot add a line."""
    return "\n".join(printable(line) for line in lines)


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
        "value": None if variable.secret or variable.value is None else masked(variable.value),
    }


def _variable_text(variable: Variable) -> str:
    if variable.secret:
        return f"{variable.key} (secret, value not shown)"
    return f"{variable.key} = {masked(variable.value) if variable.value is not None else None!r}"


def _auth_json(auth: Auth | None) -> dict[str, Any] | None:
    if auth is None:
        return None
    return {"type": auth.type, "origin": auth.origin, "attributes": [p.key for p in auth.params]}


def _endpoint_json(endpoint: Endpoint, bindings: dict[str, BodyBinding]) -> dict[str, Any]:
    request = endpoint.request
    request_binding = bindings.get(f"{endpoint.json_path}.request")
    return {
        "name": masked(endpoint.name),
        "folder": [masked(folder) for folder in endpoint.folders],
        "method": request.method,
        "path": masked(path_template(request.url)),
        "path_parameters": list(path_parameters(request.url)),
        "url": masked(request.url.raw),
        "query": [param.key for param in request.url.query],
        "body": body_mode(request.body) if request.body is not None else None,
        "auth": _auth_json(endpoint.auth),
        "json_path": endpoint.json_path,
        "request_model": annotation(request_binding.type) if request_binding else None,
        "examples": [_example_json(example, bindings) for example in endpoint.examples],
    }


def _example_json(example: Example, bindings: dict[str, BodyBinding]) -> dict[str, Any]:
    document = example.json
    binding = bindings.get(example.json_path)
    return {
        "name": masked(example.name),
        "status": example.code,
        "status_text": example.status,
        "content_type": example.content_type,
        "json": None if document is None else document.parsed,
        "repairs": list(document.repairs) if document is not None else [],
        "role": binding.role if binding else None,
        "model": annotation(binding.type) if binding else None,
    }


def _with_call(
    summary: dict[str, Any],
    endpoint: Endpoint,
    calls: dict[str, tuple[str, Method]],
    plan: Plan | None,
    bindings: dict[str, BodyBinding],
) -> dict[str, Any]:
    """Add the Python call path and, per example, the fully qualified class it maps to."""
    if plan is None or endpoint.json_path not in calls:
        return summary
    path, method = calls[endpoint.json_path]
    summary["call"] = path
    classes = error_class_index(method)
    for example, entry in zip(endpoint.examples, summary["examples"], strict=True):
        outcome, error = expected_outcome(method, example, served_status(example), classes)
        if outcome == "error" and error is not None:
            entry["python"] = f"{plan.package}.errors.{error}"
        elif outcome == "model" and (binding := bindings.get(example.json_path)) is not None:
            entry["python"] = annotation(binding.type, f"{plan.package}.models.")
        else:
            entry["python"] = None
    return summary


def _bindings_by_example(api: ApiModels) -> dict[str, BodyBinding]:
    """Each example (or request) JSON path with the binding of the type its body has."""
    return {path: binding for binding in api.bindings for path in binding.examples}


def _untyped(example: Example) -> str:
    if example.json is not None and not example.json.parsed:
        return "raw text (not valid JSON)"
    return "no JSON body" if not example.body else f"raw {example.content_type or 'text'}"


def _model_json(model: Model) -> dict[str, Any]:
    return {
        "name": model.name,
        "description": masked(model.description),
        "paths": [masked(path) for path in model.paths],
        "fields": [
            {
                "key": field.key,
                "name": field.name,
                "type": annotation(field.type),
                "required": field.required,
                "evidence": _evidence_json(field),
            }
            for field in model.fields
        ],
    }


def _evidence_json(field: ModelField) -> dict[str, Any] | None:
    evidence = field.evidence
    if evidence is None:
        return None
    return {
        "seen_in": evidence.parents,
        "present": evidence.present,
        "nulls": evidence.nulls,
        "kinds": dict(evidence.kinds),
        "documents": evidence.documents,
        "samples": _samples(field),
        "scripts": list(evidence.scripts),
    }


def _model_text(model: Model) -> list[str]:
    lines = [f"  {model.name}: {masked(model.description)}"]
    for field in model.fields:
        flag = "required" if field.required else "optional"
        lines.append(
            f"    {field.name}: {annotation(field.type)}  ({flag}; {_evidence_text(field)})"
        )
    return lines


def _evidence_text(field: ModelField) -> str:
    evidence = field.evidence
    if evidence is None:
        return "no evidence"
    scripts = f"script {', '.join(evidence.scripts)}" if evidence.scripts else ""
    if not evidence.documents:  # only the scripts speak of it
        return scripts or "no evidence"
    kinds = ", ".join(f"{kind} x{count}" for kind, count in evidence.kinds)
    text = f"present {evidence.present}/{evidence.parents}, {kinds}, {evidence.documents} docs"
    if evidence.samples:
        text += f", e.g. {', '.join(_samples(field)[:3])}"
    return f"{text}, {scripts}" if scripts else text


def _samples(field: ModelField) -> list[str]:
    """The values an example gave the field, masked; a credential field's not at all."""
    samples = field.evidence.samples if field.evidence is not None else ()
    return [MASK if is_secret_field(field.key or "") else masked(sample) for sample in samples]


def _scripts_json(collection: Collection) -> dict[str, Any]:
    """What the front end read of the scripts (generator.scripts.report)."""
    return scripts_json(collection)


def flows_json(collection: Collection, found: Flows) -> dict[str, Any]:
    """The variable data flow (``postc inspect --flows --json``): per variable its producers
    (request, response path, scope), the requests bound to each, the uses of a variable some
    request produces that no producer reaches, and what could not be followed."""
    names = _item_names(collection)
    by_producer: dict[int, list[Use]] = {}
    unbound: dict[str, list[Use]] = {}
    produced = {producer.variable for producer in found.producers}
    for use in found.uses:
        if use.producer is not None:
            by_producer.setdefault(id(use.producer), []).append(use)
        elif use.variable in produced:
            unbound.setdefault(use.variable, []).append(use)
    variables: dict[str, dict[str, Any]] = {}
    for producer in found.producers:
        entry = variables.setdefault(
            producer.variable, {"name": producer.variable, "producers": [], "unbound": []}
        )
        entry["producers"].append(
            _producer_json(producer, names, by_producer.get(id(producer), []))
        )
    for name, uses in unbound.items():
        variables[name]["unbound"] = [_use_json(use, names) for use in uses]
    return {
        "counts": {
            "producers": len(found.producers),
            "uses": len(found.uses),
            "edges": sum(len(uses) for uses in by_producer.values()),
            "unfollowed": len(found.unfollowed),
        },
        "variables": list(variables.values()),
        "unfollowed": [
            {
                "owner": where,
                "name": names.get(where, "(collection)"),
                "kind": finding.kind,
                "line": finding.line,
                "js": masked(finding.js),
                "detail": masked(finding.detail),
            }
            for where, finding in found.unfollowed
        ],
    }


def flows_text(collection: Collection, found: Flows) -> str:
    """The human report of ``postc inspect --flows``."""
    summary = flows_json(collection, found)
    counts = summary["counts"]
    lines = [
        f"Flows: {count(len(summary['variables']), 'variable')} set from responses "
        f"({count(counts['producers'], 'producer')}), {count(counts['uses'], 'variable use')}, "
        f"{counts['edges']} from a producer; {counts['unfollowed']} not followed"
    ]
    for variable in summary["variables"]:
        lines.append(f"  {variable['name']}")
        for producer in variable["producers"]:
            condition = ", under a condition" if producer["conditional"] else ""
            lines.append(
                f"    set by {producer['request']} ({producer['endpoint']}) from "
                f"{producer['path']} ({producer['scope']}{condition})"
            )
            lines.extend(
                f"      used by {use['request']} ({use['endpoint']}): {use['where']}"
                for use in producer["consumers"]
            )
        lines.extend(
            f"    used without a producer's value (the environment's, or a script's): "
            f"{use['request']} ({use['endpoint']}): {use['where']}"
            for use in variable["unbound"]
        )
    if summary["unfollowed"]:
        lines.append("Not followed:")
        for item in summary["unfollowed"]:
            where = f"{item['name']} ({item['owner']})" if item["owner"] else item["name"]
            statement = _first_line(item["js"])
            lines.append(f"  {where}, line {item['line']}: {item['kind']}: {statement}")
            lines.append(f"      {item['detail']}")
    return _printed(lines) + "\n"


def _first_line(js: str, limit: int = 100) -> str:
    """A statement as one short line: its first line, cut at ``limit`` characters."""
    lines = js.strip().splitlines() or [""]
    first = lines[0]
    cut = len(first) > limit or len(lines) > 1
    return first[:limit] + (" ..." if cut else "")


def _producer_json(producer: Producer, names: dict[str, str], uses: list[Use]) -> dict[str, Any]:
    variable_set = producer.set
    return {
        "endpoint": producer.endpoint,
        "request": names[producer.endpoint],
        "scope": variable_set.scope,
        "source": variable_set.value.kind,
        "path": masked(response_path(variable_set.value)),
        "segments": list(variable_set.value.path),
        "conditional": variable_set.conditional,
        "line": variable_set.line,
        "js": masked(variable_set.js),
        "consumers": [_use_json(use, names) for use in uses],
    }


def _use_json(use: Use, names: dict[str, str]) -> dict[str, Any]:
    return {
        "endpoint": use.endpoint,
        "request": names[use.endpoint],
        "place": use.place,
        "part": use.part,
        "key": masked(use.key),
        "where": masked(" ".join(part for part in (use.place, use.part, use.key) if part)),
    }


def _item_names(collection: Collection) -> dict[str, str]:
    """Each request's and folder's JSON path -> its name under its folders, masked."""
    names = {
        endpoint.json_path: masked(" / ".join((*endpoint.folders, endpoint.name)))
        for endpoint in collection.endpoints()
    }
    names.update({folder.json_path: masked(folder.name) for folder in collection.folders()})
    return names
