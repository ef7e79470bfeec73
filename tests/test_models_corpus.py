"""Inference and naming over every real collection: each saved body fits its schema.

Self-acceptance (issue 3): for every JSON example body, request body and original
request body of the corpus, the unit schema ``postc schema`` exports validates it.
Precision (issue 21): the same schema refuses those bodies with a field every body of the
unit has removed, or given a value of another JSON kind.
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
from tests.test_infer_corpus import IMPRECISE_BY_RULE
from tests.test_infer_helpers import mutants

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


@pytest.mark.parametrize("name", FILES, ids=lambda name: name[:60])
def test_every_schema_refuses_a_body_missing_a_field_or_of_another_kind(name: str) -> None:
    """A key every body of a unit has, always of one JSON kind, is required and of that kind,
    except in a request unit of one body (docs/inference.md, "Request bodies on thin
    evidence") and in the units ``IMPRECISE_BY_RULE`` lists. A collection with object bodies
    has such checks, so a schema that accepts anything (``{}``) fails here."""
    loaded = collection(name)
    document = schema_document(loaded.name, build_models(loaded))
    by_path = {path: body for e in loaded.endpoints() for path, body in bodies(e).items()}
    imprecise = {unit for file, unit in IMPRECISE_BY_RULE if file == name}
    checks = 0
    for unit in document["x-postc-units"]:
        if f"{unit['role']} {unit['endpoint']}" in imprecise:
            continue
        validator = Draft202012Validator({"$defs": document["$defs"], **unit["schema"]})
        documents = [by_path[path] for path in unit["examples"]]
        thin = unit["role"] == "request" and len(documents) < 2
        for change, key, mutant in mutants(documents):
            if change == "drop" and thin:
                continue
            checks += 1
            assert not validator.is_valid(mutant), (unit["endpoint"], key, change)
    if any(isinstance(body, dict) for body in by_path.values()):
        assert checks > 0


@pytest.mark.parametrize("name", FILES[::7], ids=lambda name: name[:60])
def test_models_are_deterministic(name: str) -> None:
    loaded = collection(name)
    assert build_models(loaded) == build_models(loaded)
