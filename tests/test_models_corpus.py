"""Inference and naming over every real collection: each saved body fits its schema.

Self-acceptance (issue 3): for every JSON example body, request body and original
request body of the corpus, the unit schema ``postc schema`` exports validates it.
"""

from __future__ import annotations

from functools import cache

import pytest
from jsonschema import Draft202012Validator

from generator.api_models import build_models
from generator.ir import Collection, Endpoint, JsonValue, RawBody, Request
from generator.loader import load_file
from generator.schema_doc import schema_document
from tests.conftest import CORPUS, corpus_collections

FILES = corpus_collections()


@cache
def collection(name: str) -> Collection:
    loaded = load_file(CORPUS / name)
    assert isinstance(loaded, Collection)
    return loaded


def bodies(endpoint: Endpoint) -> dict[str, JsonValue]:
    """Every parsed JSON body of an endpoint, by the JSON path units use for it."""
    found: dict[str, JsonValue] = {}
    requests: list[tuple[str, Request | None]] = [
        (f"{endpoint.json_path}.request", endpoint.request)
    ]
    for example in endpoint.examples:
        if example.json is not None and example.json.parsed:
            found[example.json_path] = example.json.value
        requests.append((f"{example.json_path}.originalRequest", example.original_request))
    for path, request in requests:
        body = request.body if request is not None else None
        if isinstance(body, RawBody) and body.json is not None and body.json.parsed:
            found[path] = body.json.value
    return found


@pytest.mark.parametrize("name", FILES, ids=lambda name: name[:60])
def test_every_body_fits_the_schema_of_its_unit(name: str) -> None:
    loaded = collection(name)
    document = schema_document(loaded.name, build_models(loaded))
    Draft202012Validator.check_schema(document)
    by_path = {path: body for e in loaded.endpoints() for path, body in bodies(e).items()}
    covered = set()
    for unit in document["x-postc-units"]:
        validator = Draft202012Validator({"$defs": document["$defs"], **unit["schema"]})
        for path in unit["examples"]:
            assert validator.is_valid(by_path[path]), (unit["endpoint"], path)
            covered.add(path)
    assert covered == set(by_path)


@pytest.mark.parametrize("name", FILES[::7], ids=lambda name: name[:60])
def test_models_are_deterministic(name: str) -> None:
    loaded = collection(name)
    assert build_models(loaded) == build_models(loaded)
