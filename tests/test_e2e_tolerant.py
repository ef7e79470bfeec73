"""End to end: generated clients read a real server's answer that differs from their saved
example (issue 16, part 1).

A real HTTP server on loopback answers 200 with the saved example's body varied: a key
removed, a scalar set to null and a new key added. The default client returns the model,
whose ``to_dict()`` is the body sent, and reports the differences; ``Client(strict=True)``
raises ValidationError. The clients are the committed one of the bundled Zoho collection
(``generated/zoho_crm_bulk_write``, proven current by test_generate.py) and one generated
here from a corpus collection the rules were not tuned on (Azure DevOps).
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from generator.generate import generate
from tests.conftest import CORPUS, JsonHandler, loopback

REPO = Path(__file__).resolve().parents[1]
ZOHO = REPO / "generated" / "zoho_crm_bulk_write"
AZURE = (
    CORPUS / "hkamel__azuredevops-postman-collections__Azure_DevOps_v5.0.postman_collection.json"
)


class Answer(JsonHandler):
    """Answers every request 200 with ``body`` as JSON."""

    body: ClassVar[Any] = None

    def do_GET(self) -> None:
        self.send_json(200, self.body)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from loopback(Answer, monkeypatch)


def imported(root: Path, package: str) -> Any:
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(root))


def exact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def shape_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if w.category.__name__ == "ResponseShapeWarning"]


def saved_example(collection: Path, request: str, code: int | None) -> Any:
    """The JSON body of the first example of ``request`` answering ``code``."""

    def requests(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for item in items:
            yield from requests(item["item"]) if "item" in item else [item]

    document = json.loads(collection.read_text(encoding="utf-8"))
    for item in requests(document["item"]):
        for response in item.get("response", []) if item["name"] == request else []:
            if response.get("code") == code:
                return json.loads(response["body"])
    raise LookupError(request)


def test_the_zoho_client_reads_a_varied_job_and_strict_raises(server: str) -> None:
    package = imported(ZOHO, "zoho_crm_bulk_write")
    from zoho_crm_bulk_write._runtime import ValidationError  # type: ignore[import-not-found]

    saved = saved_example(
        REPO / "collections" / "zoho-crm-bulk-write.postman_collection.json", "Job Details", 200
    )
    body = copy.deepcopy(saved)
    del body["resource"][0]["file"]["added_count"]  # a key removed, two levels down
    body["character_encoding"] = None  # a scalar set to null
    body["resource"][0]["module"]["postc_new"] = {"since": "v9"}  # a key added
    Answer.body = body
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with package.Client(access_token="t", base_url=server) as client:
            job = client.bulk_write.job_details("4150868000005350003")
            raw = client.bulk_write.with_raw_response.job_details("4150868000005350003")
    assert type(job).__name__ == "JobDetails"
    assert exact(job.to_dict()) == exact(body)
    assert exact(raw.parse().to_dict()) == exact(body)
    assert job.status == saved["status"]
    assert job.character_encoding is None
    assert not hasattr(job.resource[0].file, "added_count")
    with pytest.raises(AttributeError, match=r'the key "added_count" was absent'):
        _ = job.resource[0].file.added_count
    assert {w.filename for w in caught} == {__file__}  # the caller's line, not the package's
    messages = shape_warnings(caught)
    assert any(
        m.startswith("JobDetails: character_encoding: expected str, got null") for m in messages
    )
    assert any("added_count: absent in this response" in m for m in messages)
    strict = package.Client(access_token="t", base_url=server, strict=True)
    with strict, pytest.raises(ValidationError, match=r"^character_encoding: expected str"):
        strict.bulk_write.job_details("4150868000005350003")
    Answer.body = saved  # the saved example itself: no difference, strict or not
    with package.Client(access_token="t", base_url=server, strict=True) as client:
        assert exact(client.bulk_write.job_details("1").to_dict()) == exact(saved)


@pytest.mark.skipif(not AZURE.is_file(), reason=f"the corpus is missing ({CORPUS})")
def test_a_corpus_client_reads_varied_bodies_and_strict_raises(server: str, tmp_path: Path) -> None:
    out = tmp_path / "azure"
    files = generate(AZURE, out).files
    name = next(path for path in files if path.endswith("/_client.py")).split("/")[0]
    package = imported(out, name)
    runtime = importlib.import_module(f"{name}._runtime")
    saved = saved_example(AZURE, "Get work item comments", 200)
    first_key = next(iter(saved))
    scalar_key = next(k for k, v in saved.items() if isinstance(v, str | int | float | bool))
    variants = {
        "removed": {k: v for k, v in saved.items() if k != first_key},
        "null": {**saved, scalar_key: None},
        "added": {**saved, "postcAdded": [1, {"x": None}]},
    }
    options = {"strict", "timeout", "max_retries", "http_client", "transport"}
    settings = {p: "x" for p in inspect.signature(package.Client).parameters if p not in options}
    settings["base_url"] = server  # every other setting: any text will do
    for kind, body in variants.items():
        Answer.body = body
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", runtime.ResponseShapeWarning)
            with package.Client(**settings) as client:
                method = client.work.work_items.get_work_item_comments
                arguments = {
                    p.name: "1"
                    for p in inspect.signature(method).parameters.values()
                    if p.default is inspect.Parameter.empty
                }
                parsed = method(**arguments)
        assert isinstance(parsed, runtime.Model), kind
        assert exact(parsed.to_dict()) == exact(body), kind
        with package.Client(**settings, strict=True) as client:
            method = client.work.work_items.get_work_item_comments
            if kind == "added":  # unknown keys are kept in both modes
                assert exact(method(**arguments).to_dict()) == exact(body)
            else:
                with pytest.raises(runtime.ValidationError):
                    method(**arguments)
