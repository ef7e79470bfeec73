"""``postc diff`` on real collections the rules were not tuned for: a collection against
itself has no change, and a copy with one request dropped, or one field dropped from one
saved example, has exactly that change."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.diff import api_changes
from generator.diff.inputs import load_document
from generator.loader.validate import format_path
from tests.conftest import CORPUS

if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip(
        f"the corpus is missing ({CORPUS}); it comes with ../shared", allow_module_level=True
    )

NAMES = [
    "u1i__api-toolbox__Postman_Echo.postman_collection.json",
    "okta__okta-developer-docs__client-secret-rotation-key-mgmnt.json",
    "transferwise__public-api-postman-collection__Multi-Currency_Account.postman_collection.json",
]


def requests(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in node.get("item", []):
        if "request" in item:
            yield item
        yield from requests(item)


def document_of(collection: dict[str, Any], path: Path) -> dict[str, Any]:
    path.write_text(json.dumps(collection), encoding="utf-8")
    return load_document(path)


def operation_of(document: dict[str, Any], summary: str) -> tuple[str, str] | None:
    """The (method, path) of the only operation with this summary, if only one has it and
    it is the operation of that request alone (no other request shares its endpoint)."""
    found = [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict)
        and operation.get("summary") == summary
        and "x-postc-methods" not in operation
    ]
    return found[0] if len(found) == 1 else None


def one_example_field(collection: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """A 200 example, alone of its status in its request, whose JSON object body has two
    keys or more: the example and the key to drop (its last)."""
    for item in requests(collection):
        examples = [e for e in item.get("response", []) if str(e.get("code")) == "200"]
        if len(examples) != 1 or not isinstance(examples[0].get("body"), str):
            continue
        try:
            body = json.loads(examples[0]["body"])
        except ValueError:
            continue
        if isinstance(body, dict) and len(body) >= 2:
            return examples[0], list(body)[-1]
    return None


@pytest.fixture(scope="module", params=NAMES)
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Any], dict[str, Any], Path]:
    collection = json.loads((CORPUS / request.param).read_text(encoding="utf-8"))
    folder = tmp_path_factory.mktemp("diff")
    return collection, document_of(collection, folder / "old.json"), folder


def test_a_collection_against_itself_has_no_change(
    corpus: tuple[dict[str, Any], dict[str, Any], Path],
) -> None:
    collection, document, folder = corpus
    assert document["paths"]
    assert api_changes(document, document_of(copy.deepcopy(collection), folder / "same.json")) == ()


def test_a_dropped_request_is_one_endpoint_removed(
    corpus: tuple[dict[str, Any], dict[str, Any], Path],
) -> None:
    collection, document, folder = corpus
    edited = copy.deepcopy(collection)
    for item in requests(edited):
        operation = operation_of(document, item["name"])
        if operation is not None:
            break
    else:
        pytest.fail("no request with an operation of its own")
    for parent in [edited, *(node for node in _folders(edited))]:
        if item in parent.get("item", []):
            parent["item"].remove(item)
    changes = api_changes(document, document_of(edited, folder / "dropped.json"))
    assert [(c.kind, c.operation) for c in changes] == [("endpoint-removed", " ".join(operation))]


def test_a_field_dropped_from_an_example_is_one_field_removed(
    corpus: tuple[dict[str, Any], dict[str, Any], Path],
) -> None:
    collection, document, folder = corpus
    edited = copy.deepcopy(collection)
    chosen = one_example_field(edited)
    if chosen is None:
        pytest.fail("no 200 example with an object body of two keys or more")
    example, key = chosen
    body = json.loads(example["body"])
    del body[key]
    example["body"] = json.dumps(body)
    changes = api_changes(document, document_of(edited, folder / "field.json"))
    assert [(c.kind, c.where) for c in changes] == [
        ("response-field-removed", f"response 200 field {format_path((key,))}")
    ]


def _folders(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in node.get("item", []):
        if "item" in item:
            yield item
            yield from _folders(item)
