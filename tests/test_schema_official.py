"""Our schema against the official one and against real collections Postman runs.

Every v2.0/v2.1 collection and environment of ``../shared/corpus`` must be accepted,
in particular every one the official schema accepts (ours is meant to be a superset,
except for its few documented stricter rules, which no real collection breaks).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from generator.loader.validate import validate_collection, validate_environment

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
OFFICIAL = SHARED / "postman-schema"

if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip(
        f"no corpus at {CORPUS}: the shared data is not checked out", allow_module_level=True
    )

with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as manifest:
    ROWS = list(csv.DictReader(manifest, delimiter="\t"))
COLLECTIONS = [row["file"] for row in ROWS if row["schema_version"] in ("v2.0", "v2.1")]
ENVIRONMENTS = [row["file"] for row in ROWS if row["schema_version"] == "environment"]

# Real collections the official schema rejects, and why (docs/schema.md has the deviations).
OFFICIAL_REJECTS = {
    "box__box-postman__box-collection.json": "info.version is {}",
    "commercetools__commercetools-postman-collection__commercetools_platform_API.json": (
        "two requests with method null and url null"
    ),
}


def _read(name: str) -> Any:
    return json.loads((CORPUS / name).read_text(encoding="utf-8-sig"))


def _unwrapped(doc: Any) -> Any:
    """The collection inside a Postman API ``{"collection": {...}}`` wrapper."""
    if isinstance(doc, dict) and "info" not in doc and isinstance(doc.get("collection"), dict):
        return doc["collection"]
    return doc


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    """Every v2.x collection and environment of the corpus, parsed once."""
    return {name: _unwrapped(_read(name)) for name in COLLECTIONS + ENVIRONMENTS}


@pytest.fixture(scope="module")
def official_verdicts(corpus: dict[str, Any]) -> dict[str, bool]:
    """Whether the official schema named by ``info.schema`` accepts each collection."""
    validators = {
        version: Draft4Validator(
            json.loads((OFFICIAL / f"collection-{version}.json").read_text("utf-8"))
        )
        for version in ("v2.0.0", "v2.1.0")
    }
    verdicts = {}
    for name in COLLECTIONS:
        doc = corpus[name]
        declared = doc["info"]["schema"]
        version = next(v for v in validators if f"/collection/{v}/" in declared)
        verdicts[name] = validators[version].is_valid(doc)
    return verdicts


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_corpus_collection_is_accepted(name: str, corpus: dict[str, Any]) -> None:
    assert validate_collection(corpus[name]) == []


@pytest.mark.parametrize("name", ENVIRONMENTS)
def test_every_corpus_environment_is_accepted(name: str, corpus: dict[str, Any]) -> None:
    assert validate_environment(corpus[name]) == []


@pytest.mark.parametrize("name", COLLECTIONS)
def test_what_the_official_schema_accepts_we_accept(
    name: str, corpus: dict[str, Any], official_verdicts: dict[str, bool]
) -> None:
    if official_verdicts[name]:
        assert validate_collection(corpus[name]) == []


def test_the_corpus_files_the_official_schema_rejects(official_verdicts: dict[str, bool]) -> None:
    """Real exports that need a deviation: the list in the module and in docs/schema.md."""
    rejected = {name for name, valid in official_verdicts.items() if not valid}
    assert rejected == set(OFFICIAL_REJECTS)
