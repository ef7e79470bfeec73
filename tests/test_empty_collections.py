"""A collection without requests is reported: ``validate`` warns and says why, ``generate``
exits 2 with that reason and writes nothing (a client of nothing is no use)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import V21, RunPostc, collection_doc, request_item

WriteJson = Callable[..., Path]
ITEMS = 'item: the collection has no requests (the root has "items"; Postman reads "item")'


@pytest.mark.parametrize(
    ("doc", "why"),
    [
        ({"info": {"name": "Test", "schema": V21}}, 'the root has no "item"'),
        (collection_doc(), 'the root\'s "item" is empty'),
        (collection_doc({"name": "empty folder", "item": []}), "its folders hold none"),
    ],
    ids=["no-item", "empty-item", "only-folders"],
)
def test_validate_warns_and_says_why(
    doc: dict[str, Any], why: str, run_postc: RunPostc, write_json: WriteJson
) -> None:
    path = write_json(doc)
    status, out, err = run_postc("validate", path)
    assert status == 0
    assert out == f"{path}: valid Postman collection v2.1.0: 0 requests, 0 examples\n"
    assert err == f"{path}: warning: item: the collection has no requests ({why})\n"


def test_an_unknown_root_key_is_named(run_postc: RunPostc, write_json: WriteJson) -> None:
    doc = collection_doc()
    doc["items"] = [*doc.pop("item"), request_item()]
    path = write_json(doc)
    status, _, err = run_postc("validate", path)
    assert status == 0
    assert err == f"{path}: warning: {ITEMS}\n"


def test_generate_exits_2_with_the_reason_and_writes_nothing(
    run_postc: RunPostc, write_json: WriteJson, tmp_path: Path
) -> None:
    doc = collection_doc()
    doc["items"] = [*doc.pop("item"), request_item()]
    path = write_json(doc)
    status, out, err = run_postc("generate", path, "-o", tmp_path / "out")
    assert (status, out) == (2, "")
    assert err == f"{path}: {ITEMS}\n"
    assert not (tmp_path / "out").exists()


def test_a_collection_with_a_request_gets_no_such_warning(
    run_postc: RunPostc, write_json: WriteJson
) -> None:
    path = write_json(collection_doc({"name": "folder", "item": [request_item()]}))
    status, _, err = run_postc("validate", path)
    assert (status, err) == (0, "")
