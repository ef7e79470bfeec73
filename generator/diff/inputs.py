"""The two sides of ``postc diff``: each an OpenAPI 3.1 document or a Postman collection.

A JSON file whose top-level ``openapi`` is ``3.1.x`` is a document; any other JSON goes to
the collection loader and becomes the document ``postc openapi`` writes, so one code path
compares collections and documents alike. A file is read once (it may be a pipe:
``postc diff <(git show HEAD~:api.json) api.json``), within the collection size limit.

A document is untrusted input like a collection: a key given twice, a wrong type, a
``$ref`` cycle or a ``$ref`` outside ``#/components/schemas`` is one line naming the file
and the JSON path (exit 2). YAML is refused with what to do instead: PyYAML is not a
dependency of postc.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from generator.diff.schemas import DocumentError
from generator.diff.surface import Surface, api_surface
from generator.errors import InputError
from generator.ir import Override
from generator.loader.source import json_from_bytes, json_text
from generator.reading import COLLECTION, InputKind, read_input

API_INPUT = InputKind(
    "an OpenAPI 3.1 document or a Postman collection", "a JSON file", COLLECTION.limit
)
YAML = (
    "a YAML file: postc diff reads JSON; write the document with "
    "`postc openapi --format json`, or give the collection itself"
)


def load_surface(
    path: Path, env: Path | None = None, overrides: tuple[Override, ...] = ()
) -> Surface:
    """The API surface of the document or collection at ``path``; ``InputError`` when it
    cannot be read."""
    name = str(path)
    document = load_document(path, env, overrides)
    try:
        return api_surface(document)
    except DocumentError as error:
        raise InputError.at(name, error.path, error.message) from None


def load_document(
    path: Path, env: Path | None = None, overrides: tuple[Override, ...] = ()
) -> dict[str, Any]:
    """The OpenAPI 3.1 document at ``path``, or the one ``postc openapi`` makes of the
    collection there (with the environment ``env`` and the inference ``overrides``)."""
    name = str(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        raise InputError.at(name, "", YAML)
    data = read_input(path, API_INPUT, name)
    doc = json_from_bytes(data, name, API_INPUT)
    if isinstance(doc, dict) and ("openapi" in doc or "swagger" in doc):
        return _checked_document(doc, data, name)
    return _collection_document(doc, name, env, overrides)


def document_from_bytes(data: bytes, name: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document in ``data``, the bytes of the file ``name``; ``InputError``
    for anything else (``postc generate`` reads back the document it wrote into OUTDIR)."""
    doc = json_from_bytes(data, name, API_INPUT)
    if not isinstance(doc, dict) or "openapi" not in doc:
        raise InputError.at(name, "", "not an OpenAPI document")
    return _checked_document(doc, data, name)


def _checked_document(doc: dict[str, Any], data: bytes, name: str) -> dict[str, Any]:
    _check_version(doc, name)
    _check_unique_keys(data, name)
    return doc


def _check_version(doc: dict[str, Any], name: str) -> None:
    version = doc.get("openapi", doc.get("swagger"))
    if not isinstance(version, str) or not version.startswith("3.1."):
        shown = version if isinstance(version, str) else json.dumps(version)
        message = f"OpenAPI {shown[:20]}: postc diff compares OpenAPI 3.1 documents"
        raise InputError.at(name, "openapi" if "openapi" in doc else "swagger", message)


class _DuplicateKeyError(ValueError):
    """An object with a key twice: ``json`` would keep the last one silently."""


def _check_unique_keys(data: bytes, name: str) -> None:
    """A key given twice makes the document mean two things (readers keep the first or
    the last): refuse it."""
    try:
        json.loads(json_text(data, name), object_pairs_hook=_unique)
    except _DuplicateKeyError as error:
        raise InputError.at(name, "", f"key {error} given twice in one object") from None
    except RecursionError:
        raise InputError.at(name, "", "nested too deeply for an OpenAPI document") from None


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        twice = next(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
        raise _DuplicateKeyError(json.dumps(twice, ensure_ascii=False))
    return found


def _collection_document(
    doc: Any, name: str, env: Path | None, overrides: tuple[Override, ...]
) -> dict[str, Any]:
    """What ``postc openapi`` writes for the collection already read."""
    from generator.loader import collection_from_json, load_environment
    from generator.openapi import parsed_openapi

    environment = load_environment(env) if env is not None else None
    return parsed_openapi(collection_from_json(doc, name), environment, overrides)
