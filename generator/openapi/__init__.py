"""``postc openapi``: the collection as one OpenAPI 3.1 document (``docs/openapi.md``).

Built from what the generator computes (the IR, the inferred models and the client's
plan), never from the collection's JSON, so the document says what the generated client
does: the same operations, types, hosts and auth.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.emit.plan import Plan, make_plan
from generator.ir import ApiModels, Collection, Environment, Override
from generator.openapi.document import document


def openapi_document(
    collection: Collection, environment: Environment | None, api: ApiModels, plan: Plan
) -> dict[str, Any]:
    """The document of a collection already loaded, inferred and planned (``environment``
    is the one the plan was made with: its values are in the plan already)."""
    del environment  # the plan holds what the document needs of it
    return document(collection, api, plan)


def parsed_openapi(
    collection: Collection,
    environment: Environment | None = None,
    overrides: tuple[Override, ...] = (),
) -> dict[str, Any]:
    """infer + plan + document of a collection already loaded: the one pipeline of
    ``postc openapi`` (from a path) and ``postc diff`` (from bytes it read once)."""
    from generator.api_models import build_models
    from generator.naming.identifiers import package_name

    api = build_models(collection, environment, overrides)
    plan = make_plan(collection, environment, api, package_name(collection.name))
    return openapi_document(collection, environment, api, plan)


def collection_openapi(
    path: Path, env: Path | None = None, overrides: Path | None = None
) -> dict[str, Any]:
    """load + ``parsed_openapi``; ``InputError`` (file + JSON path) on bad input."""
    from generator.loader import load_collection, load_environment
    from generator.overrides import load_overrides

    environment = load_environment(env) if env is not None else None
    collection = load_collection(path)
    rules = load_overrides(overrides) if overrides is not None else ()
    return parsed_openapi(collection, environment, rules)
