"""``postc openapi`` over every real collection: the document is valid OpenAPI 3.1, every
saved example in it validates against its schema (OpenAPI 3.1's JSON Schema dialect), and
its YAML form reads back as the same data.

Each collection's document is built once (``document``) and shared by the three checks.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from generator.api_models import build_models
from generator.emit.plan import make_plan
from generator.emit.redaction import redact_json
from generator.loader import load_collection
from generator.naming.identifiers import package_name
from generator.openapi import collection_openapi, openapi_document
from generator.openapi.yaml import dumps
from tests.conftest import CORPUS, corpus_collections
from tests.openapi_checks import check_examples, media_types

FILES = corpus_collections()

FIELD = re.compile(r"\{[^{}/]+\}")  # a field of an OpenAPI path
# PyYAML's safe loader, in C where libyaml is there (four times faster on Stripe's document)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def built(name: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The document, as ``collection_openapi`` makes it, and the collection's credential
    values (``Plan.secrets``)."""
    collection = load_collection(CORPUS / name)
    api = build_models(collection, None, ())
    plan = make_plan(collection, None, api, package_name(collection.name))
    return openapi_document(collection, None, api, plan), plan.secrets


def document(name: str) -> dict[str, Any]:
    return built(name)[0]


@cache
def examples_checked(name: str) -> tuple[int, int]:
    return check_examples(document(name))


@pytest.mark.parametrize("name", FILES)
def test_the_document_is_valid_openapi_3_1(name: str) -> None:
    doc = document(name)
    assert doc["openapi"] == "3.1.0"
    validate(doc)
    # what the validator does not check: no two paths differ only in their fields' names
    shapes = [FIELD.sub("{}", path) for path in doc["paths"]]
    assert len(shapes) == len(set(shapes))


@pytest.mark.parametrize("name", FILES)
def test_every_saved_example_validates_against_its_schema(name: str) -> None:
    doc = document(name)
    checked, unparsed = examples_checked(name)
    examples = sum(len(content.get("examples", {})) for _, content in media_types(doc))
    assert checked + unparsed == examples
    assert checked > 0 or not examples


@pytest.mark.parametrize("name", FILES)
def test_the_yaml_form_reads_back_as_the_document(name: str) -> None:
    doc = document(name)
    assert yaml.load(dumps(doc), Loader=SAFE_LOADER) == doc


@pytest.mark.parametrize("name", FILES)
def test_no_credential_value_of_the_collection_is_written(name: str) -> None:
    """Nothing left for the generated files' redaction to take out: no credential value
    stands as a whole token in any string of the document (keys are the collection's
    JSON keys and postc's names, which redaction keeps: docs/security.md; Postman Echo's
    password ``postman`` is a word of ``x-postman-scripts``)."""
    doc, secrets = built(name)
    assert redact_json(doc, secrets) == doc


def test_collection_openapi_is_the_document_of_the_collection() -> None:
    """The entry point ``postc diff`` and the command use makes the same document."""
    name = min(FILES, key=lambda file: (CORPUS / file).stat().st_size)
    assert collection_openapi(CORPUS / name) == document(name)


def test_the_corpus_saves_examples_to_check() -> None:
    """No vacuous pass: the corpus documents hold thousands of examples, a handful of them
    bodies labelled JSON that are not (kept as text, not checked)."""
    counts = [examples_checked(name) for name in FILES]
    checked = sum(count for count, _ in counts)
    unparsed = sum(count for _, count in counts)
    assert checked > 1000
    assert unparsed < checked / 100
