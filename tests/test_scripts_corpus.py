"""Every script of every real collection analyses: no exception, no ``unparsed`` but the
Salesforce JSON body pasted as a script, the same facts twice (docs/scripts.md)."""

from __future__ import annotations

import csv

import pytest

from generator.ir import Collection
from generator.loader import load_collection
from generator.scripts.analyze import analyze, clear_caches, endpoint_scripts, event_facts
from tests.conftest import CORPUS

if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip(
        f"the corpus is missing ({CORPUS}); it comes with ../shared", allow_module_level=True
    )

with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
    FILES = [
        row["file"]
        for row in csv.DictReader(handle, delimiter="\t")
        if row["schema_version"] in ("v2.0", "v2.1") and row["has_scripts"] == "y"
    ]
# A JSON request body pasted into a pre-request script ("REST / REST Create").
KNOWN_UNPARSED = {("forcedotcom__postman-salesforce-apis__Salesforce_API.postman_collection.json")}


def collection(name: str) -> Collection:
    return load_collection(CORPUS / name)


@pytest.mark.parametrize("name", FILES)
def test_every_script_analyses(name: str) -> None:
    loaded = collection(name)
    unparsed = [
        finding
        for event in loaded.all_events()
        if (facts := event_facts(event)) is not None
        for finding in facts.findings
        if finding.kind == "unparsed"
    ]
    assert len(unparsed) == (1 if name in KNOWN_UNPARSED else 0), unparsed
    scripts = endpoint_scripts(loaded)
    assert set(scripts) == {endpoint.json_path for endpoint in loaded.endpoints()}


def test_the_corpus_has_scripts() -> None:
    assert len(FILES) >= 20


def test_facts_are_the_same_on_a_fresh_analysis() -> None:
    events = [e for name in FILES[:6] for e in collection(name).all_events() if e.source.strip()]
    first = [analyze(e.source, e.listen, e.json_path) for e in events]
    clear_caches()
    assert [analyze(e.source, e.listen, e.json_path) for e in events] == first
