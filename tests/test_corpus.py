"""Every real collection of ../shared/corpus loads, with the counts of its MANIFEST.tsv.

Counting rules (corpus/README.md): request = item with a "request" key; folder = item with
"item" and no "request"; examples = entries of item.response; example_json_bodies =
bodies that start with { or [ and pass a strict json.loads. postc's IR gives the same
numbers: an example's JSON counts as strict when it parsed with no repairs.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from typing import Any

import pytest

from generator.ir import Collection, FormDataBody, RawBody, body_mode
from generator.loader import load_file
from generator.loader.detect import V1_MESSAGE
from tests.conftest import CORPUS, RunPostc

if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip(
        f"the corpus is missing ({CORPUS}); it comes with ../shared", allow_module_level=True
    )


def manifest() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


ROWS = manifest()
COLLECTIONS = [row for row in ROWS if row["schema_version"] in ("v2.0", "v2.1")]
ENVIRONMENTS = [row for row in ROWS if row["schema_version"] == "environment"]
V1 = [row for row in ROWS if row["schema_version"] == "v1"]


@cache
def loaded(name: str) -> Collection:
    result = load_file(CORPUS / name, display_name=name)
    assert isinstance(result, Collection)
    return result


def strict_json(body: str | None) -> bool:
    if not body or body[0] not in "{[":
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("row", COLLECTIONS, ids=lambda row: row["file"][:60])
def test_counts_match_the_manifest(row: dict[str, str]) -> None:
    collection = loaded(row["file"])
    endpoints = list(collection.endpoints())
    examples = [example for endpoint in endpoints for example in endpoint.examples]
    assert collection.schema_version == f"{row['schema_version']}.0"
    assert len(endpoints) == int(row["requests"])
    assert sum(1 for _ in collection.folders()) == int(row["folders"])
    assert len(examples) == int(row["examples"])
    assert sum(strict_json(example.body) for example in examples) == int(row["example_json_bodies"])
    json_examples = [
        e for e in examples if e.json is not None and e.json.parsed and not e.json.repairs
    ]
    assert len(json_examples) >= int(row["example_json_bodies"])


@pytest.mark.parametrize("row", COLLECTIONS, ids=lambda row: row["file"][:60])
def test_auth_types_body_modes_and_scripts_match_the_manifest(row: dict[str, str]) -> None:
    collection = loaded(row["file"])
    expected_auth = set(filter(None, row["auth_types"].split(",")))
    # postc reads "inherit" as "no auth declared here" (postman-format.md 3.8), so it is not a type.
    assert auth_types(collection) == expected_auth - {"inherit"}
    assert body_modes(collection) == set(filter(None, row["body_modes"].split(",")))
    has_scripts = any(event.source.strip() for event in collection.all_events())
    assert has_scripts == (row["has_scripts"] == "y")


def auth_types(collection: Collection) -> set[str]:
    declared = [collection.auth, *(folder.auth for folder in collection.folders())]
    declared += [endpoint.request.auth for endpoint in collection.endpoints()]
    return {auth.type for auth in declared if auth is not None}


def body_modes(collection: Collection) -> set[str]:
    modes = set()
    for endpoint in collection.endpoints():
        body = endpoint.request.body
        if isinstance(body, RawBody):
            modes.add(f"raw:{body.language}" if body.language else "raw")
        elif isinstance(body, FormDataBody):
            modes.add("formdata+file" if any(p.kind == "file" for p in body.parts) else "formdata")
        elif body is not None:
            modes.add(body_mode(body))
    return modes


@pytest.mark.parametrize("row", COLLECTIONS + ENVIRONMENTS, ids=lambda row: row["file"][:60])
def test_validate_and_inspect_json_exit_0(row: dict[str, str], run_postc: RunPostc) -> None:
    path = CORPUS / row["file"]
    status, out, err = run_postc("validate", path)
    assert status == 0, err
    assert "valid Postman" in out
    status, out, err = run_postc("inspect", "--json", path)
    assert status == 0, err
    summary: dict[str, Any] = json.loads(out)
    if row["schema_version"] == "environment":
        assert "environment" in summary
        return
    assert summary["collection"]["schema_version"] == f"{row['schema_version']}.0"
    assert len(summary["endpoints"]) == int(row["requests"])
    assert sum(len(e["examples"]) for e in summary["endpoints"]) == int(row["examples"])


@pytest.mark.parametrize("row", V1, ids=lambda row: row["file"][:60])
def test_v1_collections_exit_2_with_conversion_advice(
    row: dict[str, str], run_postc: RunPostc
) -> None:
    status, out, err = run_postc("validate", CORPUS / row["file"])
    assert status == 2
    assert out == ""
    assert err.strip() == f"{CORPUS / row['file']}: {V1_MESSAGE}"


def test_the_corpus_has_every_kind() -> None:
    assert COLLECTIONS and ENVIRONMENTS and V1
    assert all((CORPUS / row["file"]).is_file() for row in ROWS)
