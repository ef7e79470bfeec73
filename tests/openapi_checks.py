"""Checks of postc openapi's documents shared by tests/test_openapi.py and
tests/test_openapi_corpus.py: every saved example validates against its schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openapi_schema_validator import OAS31Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

DOCUMENT = "urn:postc:openapi"  # the document's URI in the referencing registry


def pointer(*steps: str) -> str:
    """A JSON pointer to ``steps`` (RFC 6901 escapes)."""
    return "".join("/" + step.replace("~", "~0").replace("/", "~1") for step in steps)


def media_types(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every media type object of every operation's request body and responses, with its
    JSON pointer."""
    for path, item in doc["paths"].items():
        others = item.get("x-postc-operations", {})
        for method, operation in [*item.items(), *others.items()]:
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            in_item = method in item
            base = (
                ("paths", path, method)
                if in_item
                else ("paths", path, "x-postc-operations", method)
            )
            holders: list[tuple[tuple[str, ...], dict[str, Any]]] = [
                ((*base, "responses", status), response)
                for status, response in operation["responses"].items()
            ]
            if "requestBody" in operation:
                holders.append(((*base, "requestBody"), operation["requestBody"]))
            for steps, holder in holders:
                for media, content in holder.get("content", {}).items():
                    yield pointer(*steps, "content", media), content


def check_examples(doc: dict[str, Any]) -> tuple[int, int]:
    """Validate every saved example against its schema in OpenAPI 3.1's dialect, the
    document's components resolved as references: (examples checked, bodies not JSON)."""
    registry: Registry[Any] = Registry().with_resource(DOCUMENT, DRAFT202012.create_resource(doc))
    checked = unparsed = 0
    for place, content in media_types(doc):
        validator = OAS31Validator({"$ref": f"{DOCUMENT}#{place}/schema"}, registry=registry)
        for key, example in content.get("examples", {}).items():
            if example.get("x-postc-unparsed"):
                unparsed += 1  # the text of a body labelled JSON that is not: no JSON value
                continue
            errors = list(validator.iter_errors(example["value"]))
            assert not errors, f"{place} example {key!r}: {errors[0].message[:300]}"
            checked += 1
    return checked, unparsed
