"""The whole OpenAPI 3.1 document: ``info``, ``servers``, ``tags``, ``paths`` and
``components``, assembled from the parts each module of this package builds."""

from __future__ import annotations

from typing import Any

from generator.emit.plan import Plan
from generator.emit.redaction import models_without_secrets
from generator.ir import ApiModels, Collection
from generator.openapi.context import REFS, Context
from generator.openapi.operations import (
    HTTP_METHODS,
    Operation,
    folders,
    operation_ids,
    operation_object,
    operations,
)
from generator.openapi.security import security_schemes
from generator.openapi.servers import servers
from generator.schema_doc import model_schema

OPENAPI_VERSION = "3.1.0"
NO_VERSION = "0.0.0"  # info.version of a collection that gives none (OpenAPI requires one)
# The form of the document, raised whenever postc openapi writes the same collection
# differently (1: issue 18's first writer, which did not say): ``postc diff`` notes that
# changes between two forms may be the writer's, not the API's
FORM_KEY = "x-postc-form"
FORM = 2


def document(collection: Collection, api: ApiModels, plan: Plan) -> dict[str, Any]:
    """The document; keys in the order the OpenAPI specification lists them."""
    api = models_without_secrets(api, plan.secrets)  # enum cases come from the examples
    context = Context.of(collection, api, plan)
    found = operations(context)
    made: dict[str, Any] = {"openapi": OPENAPI_VERSION, "info": _info(collection, plan)}
    made["servers"] = servers(plan)
    tags = _tags(plan, found)
    if tags:
        made["tags"] = tags
    made["paths"] = _paths(context, found)
    components: dict[str, Any] = {}
    if api.models:
        components["schemas"] = {model.name: model_schema(model, REFS) for model in api.models}
    schemes = security_schemes(plan, list(collection.endpoints()))
    if schemes:
        components["securitySchemes"] = schemes
    if components:
        made["components"] = components
    return made


def _info(collection: Collection, plan: Plan) -> dict[str, Any]:
    info: dict[str, Any] = {"title": plan.title or "API"}
    if plan.description:
        info["description"] = plan.description
    info["version"] = plan.redacted(collection.version) if collection.version else NO_VERSION
    info[FORM_KEY] = FORM
    return info


def _tags(plan: Plan, found: list[Operation]) -> list[dict[str, Any]]:
    """A tag per folder path some operation has, described by its folder, in tree order."""
    described = {titles: node.description for titles, node in folders(plan.root)}
    made: dict[tuple[str, ...], dict[str, Any]] = {}
    for operation in found:
        if operation.tags and operation.tags not in made:
            tag: dict[str, Any] = {"name": " / ".join(operation.tags)}
            if described.get(operation.tags):
                tag["description"] = described[operation.tags]
            made[operation.tags] = tag
    return list(made.values())


def _paths(context: Context, found: list[Operation]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for operation, operation_id in zip(found, operation_ids(found), strict=True):
        item = paths.setdefault(operation.path, {})
        made = operation_object(context, operation, operation_id)
        if operation.http_method in HTTP_METHODS:
            item[operation.http_method] = made
        else:
            item.setdefault("x-postc-operations", {})[operation.http_method.upper()] = made
    return paths
