"""``postc openapi`` over every real collection: the document is valid OpenAPI 3.1, every
saved example in it validates against its schema (OpenAPI 3.1's JSON Schema dialect), and
its YAML form reads back as the same data.

Each collection's document is built once (``document``) and shared by the three checks.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from generator.openapi import collection_openapi
from generator.openapi.yaml import dumps
from tests.conftest import CORPUS

if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip(
        f"the corpus is missing ({CORPUS}); it comes with ../shared", allow_module_level=True
    )

with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
    FILES = [
        r["file"]
        for r in csv.DictReader(handle, delimiter="\t")
        if r["schema_version"] in ("v2.0", "v2.1")
    ]

DOCUMENT = "urn:postc:openapi"  # the document's URI in the referencing registry
# PyYAML's safe loader, in C where libyaml is there (four times faster on Stripe's document)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def document(name: str) -> dict[str, Any]:
    return collection_openapi(CORPUS / name)


def pointer(*steps: str) -> str:
    """A JSON pointer to ``steps`` (RFC 6901 escapes)."""
    return "".join("/" + step.replace("~", "~0").replace("/", "~1") for step in steps)


def media_types(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every media type object of every operation's request body and responses, with its
    JSON pointer."""
    for path, item in doc["paths"].items():
        operations = {**item, **item.get("x-postc-operations", {})}
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            base = ("paths", path, method) if method in item else ("paths", path)
            base = base if method in item else (*base, "x-postc-operations", method)
            holders: list[tuple[tuple[str, ...], dict[str, Any]]] = [
                ((*base, "responses", status), response)
                for status, response in operation["responses"].items()
            ]
            if "requestBody" in operation:
                holders.append(((*base, "requestBody"), operation["requestBody"]))
            for steps, holder in holders:
                for media, content in holder.get("content", {}).items():
                    yield pointer(*steps, "content", media), content


@pytest.mark.parametrize("name", FILES)
def test_the_document_is_valid_openapi_3_1(name: str) -> None:
    doc = document(name)
    assert doc["openapi"] == "3.1.0"
    validate(doc)


@pytest.mark.parametrize("name", FILES)
def test_every_saved_example_validates_against_its_schema(name: str) -> None:
    doc = document(name)
    registry: Registry[Any] = Registry().with_resource(DOCUMENT, DRAFT202012.create_resource(doc))
    checked = 0
    for place, content in media_types(doc):
        validator = OAS31Validator({"$ref": f"{DOCUMENT}#{place}/schema"}, registry=registry)
        for key, example in content.get("examples", {}).items():
            if example.get("x-postc-unparsed"):
                continue  # the text of a body labelled JSON that is not: no JSON value
            errors = list(validator.iter_errors(example["value"]))
            assert not errors, f"{place} example {key!r}: {errors[0].message[:300]}"
            checked += 1
    examples = sum(1 for _, content in media_types(doc) for _ in content.get("examples", {}))
    assert checked == examples - unparsed(doc)
    if examples:
        assert checked > 0


def unparsed(doc: dict[str, Any]) -> int:
    return sum(
        1
        for _, content in media_types(doc)
        for example in content.get("examples", {}).values()
        if example.get("x-postc-unparsed")
    )


@pytest.mark.parametrize("name", FILES)
def test_the_yaml_form_reads_back_as_the_document(name: str) -> None:
    doc = document(name)
    assert yaml.load(dumps(doc), Loader=SAFE_LOADER) == doc


def test_the_corpus_saves_examples_to_check() -> None:
    """No vacuous pass: the corpus documents hold thousands of examples."""
    total = sum(
        len(content.get("examples", {}))
        for name in FILES
        for _, content in media_types(document(name))
    )
    assert total > 1000
