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
from tests.conftest import V21

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


# --- beyond the corpus ----------------------------------------------------------------------
# Documents the official v2.1.0 schema accepts in shapes the corpus may lack, one per
# construct where our schema differs from it or is easy to make too strict (docs/schema.md,
# "Deviations"). Over the corpus, "the official schema accepts it, so do we" could not fail
# where test_every_corpus_collection_is_accepted passes: every corpus collection must be
# accepted whatever the official verdict.
GET: dict[str, Any] = {"method": "GET", "url": "https://api.example.test/a"}


def doc(*items: Any, **root: Any) -> dict[str, Any]:
    return {
        "info": {"name": "Edge", "schema": V21, **root.pop("info", {})},
        "item": list(items),
        **root,
    }


def item(**request: Any) -> dict[str, Any]:
    return {"name": "r", "request": {**GET, **request}}


def example(**response: Any) -> dict[str, Any]:
    return doc({"name": "r", "request": GET, "response": [response]})


OFFICIAL_EDGES: dict[str, dict[str, Any]] = {
    "request as a URL string": doc({"name": "r", "request": "https://api.example.test/a"}),
    "item without a name": doc({"request": GET}),
    "empty folder": doc({"name": "f", "item": []}),
    "folder of folders": doc({"name": "f", "item": [{"name": "g", "item": [{"request": GET}]}]}),
    "empty collection": doc(),
    "header as a string": doc(item(header="Accept: application/json\nX-A: b")),
    "header without a value key": doc(item(header=[{"key": "X-A", "value": ""}])),
    "description as an object": doc(
        item(description={"content": "# hi", "type": "text/markdown", "version": "1"})
    ),
    "description null": doc(item(description=None)),
    "url object, path and host strings": doc(
        item(url={"raw": "https://h.test/a/b", "host": "h.test", "path": "/a/b"})
    ),
    "url path segment objects": doc(
        item(url={"host": ["h", "test"], "path": [{"type": "string", "value": "a"}, "b"]})
    ),
    "url query key and value null": doc(
        item(
            url={
                "raw": "h.test/a?x",
                "host": ["h", "test"],
                "path": ["a"],
                "query": [
                    {"key": None, "value": None},
                    {"key": "x", "value": None, "disabled": True, "description": {"content": "d"}},
                ],
            }
        )
    ),
    "url hash, port and variables with an id only": doc(
        item(
            url={
                "raw": "https://h.test:8080/a/:id#top",
                "protocol": "https",
                "host": ["h", "test"],
                "port": "8080",
                "path": ["a", ":id"],
                "hash": "top",
                "variable": [{"id": "id", "value": 1, "type": "number"}],
            }
        )
    ),
    "variable with an id only and any value": doc(
        item(),
        variable=[
            {"id": "v", "value": {"nested": [1, None]}},
            {"key": "w", "value": None, "type": "any", "system": True, "disabled": True},
        ],
    ),
    "info version object and description object": doc(
        item(),
        info={
            "version": {"major": 1, "minor": 0, "patch": 2, "identifier": "beta", "meta": {"x": 1}},
            "description": {"content": "c", "type": "text/plain"},
            "_postman_id": "abc",
        },
    ),
    "info version string": doc(item(), info={"version": "1.2.3"}),
    "custom method": doc(item(method="PROPFIND"), item(method="MY-VERB")),
    "body null": doc(item(body=None)),
    "body file": doc(
        item(method="PUT", body={"mode": "file", "file": {"src": "/tmp/a.bin", "content": "x"}})
    ),
    "body file src null": doc(item(method="PUT", body={"mode": "file", "file": {"src": None}})),
    "body formdata text and file parts": doc(
        item(
            method="POST",
            body={
                "mode": "formdata",
                "formdata": [
                    {
                        "key": "a",
                        "value": "1",
                        "type": "text",
                        "contentType": "text/plain",
                        "description": "d",
                    },
                    {"key": "f", "src": ["/tmp/a", "/tmp/b"], "type": "file"},
                    {"key": "g", "src": None, "type": "file"},
                    {"key": "h"},
                ],
            },
        )
    ),
    "body urlencoded key only": doc(
        item(
            method="POST",
            body={
                "mode": "urlencoded",
                "urlencoded": [{"key": "a"}, {"key": "b", "value": "2", "disabled": True}],
            },
        )
    ),
    "body graphql": doc(
        item(
            method="POST",
            body={"mode": "graphql", "graphql": {"query": "{ a }", "variables": '{"x": 1}'}},
        )
    ),
    "body raw with options and disabled": doc(
        item(
            method="POST",
            body={
                "mode": "raw",
                "raw": "{}",
                "options": {"raw": {"language": "json"}},
                "disabled": False,
            },
        )
    ),
    "body with no mode": doc(item(method="POST", body={})),
    "auth null": doc(item(auth=None)),
    "every auth type": doc(
        *[
            item(auth={"type": t, t: [{"key": "k", "value": "v", "type": "string"}]})
            for t in (
                "apikey",
                "awsv4",
                "basic",
                "bearer",
                "digest",
                "edgegrid",
                "hawk",
                "oauth1",
                "oauth2",
                "ntlm",
            )
        ],
        item(auth={"type": "noauth", "noauth": None}),
    ),
    "auth attribute values of any type": doc(
        item(
            auth={
                "type": "oauth2",
                "oauth2": [
                    {"key": "scopes", "value": ["a", "b"]},
                    {"key": "addTokenTo", "value": {"x": 1}},
                    {"key": "k"},
                ],
            }
        )
    ),
    "proxy and certificate": doc(
        item(
            proxy={
                "match": "http+https://*/*",
                "host": "p.test",
                "port": 3128,
                "tunnel": True,
                "disabled": False,
            },
            certificate={
                "name": "c",
                "matches": ["https://h.test/*"],
                "key": {"src": "/k"},
                "cert": {"src": "/c"},
                "passphrase": "p",
            },
        )
    ),
    "events with exec string and src": doc(
        item(),
        event=[
            {
                "listen": "test",
                "script": {
                    "id": "s",
                    "type": "text/javascript",
                    "exec": "pm.test('a', () => {});",
                    "src": "https://h.test/s.js",
                    "name": "n",
                },
                "disabled": True,
            },
            {"listen": "prerequest", "script": {"exec": []}},
        ],
    ),
    "protocolProfileBehavior": doc(
        {"name": "r", "request": GET, "protocolProfileBehavior": {"disableBodyPruning": True}},
        protocolProfileBehavior={"followRedirects": False},
    ),
    "response with every field absent": example(),
    "response header as a string, null body": example(
        header="Content-Type: text/plain",
        body=None,
        code=204,
        status="No Content",
        responseTime="12ms",
        timings=None,
    ),
    "response header null, string entries": example(header=None),
    "response header mixed": example(
        header=["X-A: b", {"key": "X-B", "value": "c"}], body="{}", responseTime=None
    ),
    "response cookies": example(
        cookie=[
            {
                "domain": "h.test",
                "path": "/",
                "expires": 1700000000,
                "name": "c",
                "value": "v",
                "hostOnly": True,
                "httpOnly": False,
                "secure": True,
                "session": False,
                "extensions": [{"key": "k", "value": "v"}],
            }
        ]
    ),
    "response with an originalRequest string": example(
        originalRequest="https://api.example.test/a", code=200, body='{"a": 1}'
    ),
    "item and folder variables and auth": doc(
        {
            "name": "f",
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{t}}"}]},
            "variable": [{"key": "x"}],
            "event": [],
            "item": [{"name": "r", "request": GET, "variable": [{"id": "y"}]}],
        }
    ),
}


@pytest.fixture(scope="module")
def official_v21() -> Draft4Validator:
    return Draft4Validator(json.loads((OFFICIAL / "collection-v2.1.0.json").read_text("utf-8")))


@pytest.mark.parametrize("case", OFFICIAL_EDGES)
def test_what_the_official_schema_accepts_we_accept(
    case: str, official_v21: Draft4Validator
) -> None:
    document = OFFICIAL_EDGES[case]
    assert official_v21.is_valid(document)  # the case is what it claims to be
    assert validate_collection(document) == []


def test_the_corpus_files_the_official_schema_rejects(official_verdicts: dict[str, bool]) -> None:
    """Real exports that need a deviation: the list in the module and in docs/schema.md."""
    rejected = {name for name, valid in official_verdicts.items() if not valid}
    assert rejected == set(OFFICIAL_REJECTS)
