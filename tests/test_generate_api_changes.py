"""``postc generate`` says what a regeneration changed for callers (issue 18, part 3): the
output holds the collection's OpenAPI document, a regeneration compares it with the new one
as ``postc diff`` does, prints the changes and records them in the manifest; what it reads
back from OUTDIR is untrusted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from generator.api_changes import OPENAPI_FILE, SHOWN_CHANGES
from generator.generate import MANIFEST
from tests.conftest import RunPostc, collection_doc, request_item


def example(body: Any, name: str = "ok", code: int = 200) -> dict[str, Any]:
    return {
        "name": name,
        "code": code,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps(body),
    }


def users(user: dict[str, Any], *, description: str = "The users.", extra: int = 0) -> Any:
    """One request with one example, and ``extra`` more requests (each an endpoint)."""
    get_user = request_item("Get user", url="https://api.example.com/users/:id")
    get_user["request"]["description"] = description
    get_user["response"] = [example(user)]
    others = [
        request_item(f"Get thing {n}", url=f"https://api.example.com/things{n}")
        for n in range(extra)
    ]
    return collection_doc(get_user, *others)


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def manifest(out: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    return loaded


def test_the_output_holds_the_document_postc_openapi_writes(
    tmp_path: Path, run_postc: RunPostc
) -> None:
    collection = write(tmp_path / "c.json", users({"id": 1, "email": "a@b.c"}))
    out = tmp_path / "out"
    status, stdout, _ = run_postc("generate", collection, "-o", out)
    assert status == 0
    assert "API changes" not in stdout  # nothing to compare with: a first generation
    _, document, _ = run_postc("openapi", collection)
    assert (out / OPENAPI_FILE).read_text(encoding="utf-8") == document
    recorded = manifest(out)
    assert recorded["changes"] == []
    digest = hashlib.sha256((out / OPENAPI_FILE).read_bytes()).hexdigest()
    assert recorded["files"][OPENAPI_FILE] == digest


def test_a_regeneration_prints_and_records_what_changed_for_callers(
    tmp_path: Path, run_postc: RunPostc
) -> None:
    collection = tmp_path / "c.json"
    out = tmp_path / "out"
    write(collection, users({"id": 1, "email": "a@b.c"}))
    assert run_postc("generate", collection, "-o", out)[0] == 0

    write(collection, users({"id": 1, "name": "A"}, extra=1))
    status, stdout, _ = run_postc("generate", collection, "-o", out)
    assert status == 0
    assert "API changes: 3 changes (suggested version bump: major)" in stdout
    assert "\n  breaking: GET /users/{id}: response 200 field email: " in stdout
    assert "\n  non-breaking: GET /users/{id}: response 200 field name: " in stdout
    assert "\n  non-breaking: GET /things0: " in stdout
    kinds = {(c["kind"], c["where"]) for c in manifest(out)["changes"]}
    assert kinds == {
        ("response-field-removed", "response 200 field email"),
        ("response-field-added", "response 200 field name"),
        ("endpoint-added", ""),
    }

    # the output is current, and stays so: the same API keeps the last changes recorded
    assert run_postc("check", collection, "-o", out)[0] == 0
    recorded = manifest(out)["changes"]
    write(collection, {**users({"id": 1, "name": "A"}, extra=1), "variable": []})
    status, stdout, _ = run_postc("generate", collection, "-o", out)
    assert (status, "API changes" in stdout) == (0, False)
    assert manifest(out)["changes"] == recorded
    assert run_postc("check", collection, "-o", out)[0] == 0

    # a change of documentation only replaces them
    write(collection, users({"id": 1, "name": "A"}, description="Who uses it.", extra=1))
    status, stdout, _ = run_postc("generate", collection, "-o", out)
    assert "API changes: 1 change (suggested version bump: patch)" in stdout
    assert [c["level"] for c in manifest(out)["changes"]] == ["documentation"]


def test_at_most_twenty_changes_are_printed_then_their_count(
    tmp_path: Path, run_postc: RunPostc
) -> None:
    collection = tmp_path / "c.json"
    out = tmp_path / "out"
    write(collection, users({"id": 1}))
    run_postc("generate", collection, "-o", out)
    write(collection, users({"id": 1}, extra=SHOWN_CHANGES + 5))
    _, stdout, _ = run_postc("generate", collection, "-o", out)
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("API changes: 25 changes"))
    shown = lines[start + 1 : start + 1 + SHOWN_CHANGES]
    assert all(line.startswith("  non-breaking: GET /things") for line in shown)
    assert lines[start + 1 + SHOWN_CHANGES] == "  ... and 5 more (`postc diff` shows all)"
    assert len(manifest(out)["changes"]) == SHOWN_CHANGES + 5


def test_a_document_edited_by_hand_is_not_compared(tmp_path: Path, run_postc: RunPostc) -> None:
    collection = tmp_path / "c.json"
    out = tmp_path / "out"
    write(collection, users({"id": 1, "email": "a@b.c"}))
    run_postc("generate", collection, "-o", out)
    edited = json.loads((out / OPENAPI_FILE).read_text(encoding="utf-8"))
    edited["paths"] = {}
    (out / OPENAPI_FILE).write_text(json.dumps(edited), encoding="utf-8")
    write(collection, users({"id": 1}))

    status, _, stderr = run_postc("generate", collection, "-o", out)
    assert status == 1 and f"edited   {OPENAPI_FILE}" in stderr  # refused, as any file
    status, stdout, _ = run_postc("generate", collection, "-o", out, "--force")
    assert status == 0 and "API changes" not in stdout  # not postc's: nothing to compare
    assert manifest(out)["changes"] == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"kind": "endpoint-removed"}, "not a JSON array"),
        ([{"kind": "endpoint-removed"}], "entry 0 is not a change postc records"),
        (
            [dict.fromkeys(("kind", "level", "operation", "where", "before", "after"), "x")],
            "entry 0 has an unknown kind or level",
        ),
        (
            [
                {
                    "kind": "endpoint-removed",
                    "level": "breaking",
                    "operation": "GET /a",
                    "where": ["\x1b[2J"],
                    "before": None,
                    "after": None,
                }
            ],
            "entry 0 has a value that is not text",
        ),
    ],
)
def test_a_forged_change_list_is_refused(
    tmp_path: Path, run_postc: RunPostc, changes: Any, problem: str
) -> None:
    collection = write(tmp_path / "c.json", users({"id": 1}))
    out = tmp_path / "out"
    run_postc("generate", collection, "-o", out)
    forged = {**manifest(out), "changes": changes}
    (out / MANIFEST).write_text(json.dumps(forged), encoding="utf-8")
    status, stdout, stderr = run_postc("generate", collection, "-o", out)
    assert (status, stdout) == (2, "")
    assert stderr.strip() == (
        f"{out / MANIFEST}: changes: {problem}: not a manifest postc wrote (remove it)"
    )


def test_a_forged_document_listed_with_its_digest_is_refused(
    tmp_path: Path, run_postc: RunPostc
) -> None:
    """Someone who rewrote both the document and the manifest's digest of it: the document
    is read as ``postc diff`` reads one, and what it cannot read names the file and path."""
    collection = write(tmp_path / "c.json", users({"id": 1}))
    out = tmp_path / "out"
    run_postc("generate", collection, "-o", out)
    forged = json.loads((out / OPENAPI_FILE).read_text(encoding="utf-8"))
    forged["paths"] = {"/a": {"get": {"responses": {"200": {"$ref": "#/nowhere"}}}}}
    data = json.dumps(forged).encode()
    (out / OPENAPI_FILE).write_bytes(data)
    listed = manifest(out)
    listed["files"][OPENAPI_FILE] = hashlib.sha256(data).hexdigest()
    (out / MANIFEST).write_text(json.dumps(listed, indent=2) + "\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    status, _, stderr = run_postc("generate", collection, "-o", out)
    assert status == 2
    assert stderr.startswith(f"{out / OPENAPI_FILE}: paths")
    assert stderr.rstrip().endswith("not a document postc wrote (remove it)")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_document_of_another_writer_form_is_not_compared(
    tmp_path: Path, run_postc: RunPostc
) -> None:
    """After an upgrade of postc that writes the document otherwise (``x-postc-form``), the
    differences are the writer's, not the API's: nothing is reported nor recorded."""
    collection = tmp_path / "c.json"
    out = tmp_path / "out"
    write(collection, users({"id": 1, "email": "a@b.c"}))
    run_postc("generate", collection, "-o", out)
    older = json.loads((out / OPENAPI_FILE).read_text(encoding="utf-8"))
    older["info"]["x-postc-form"] -= 1
    data = json.dumps(older).encode()
    (out / OPENAPI_FILE).write_bytes(data)
    listed = manifest(out)
    listed["files"][OPENAPI_FILE] = hashlib.sha256(data).hexdigest()
    (out / MANIFEST).write_text(json.dumps(listed, indent=2) + "\n", encoding="utf-8")

    write(collection, users({"id": 1}))
    status, stdout, _ = run_postc("generate", collection, "-o", out)
    assert (status, "API changes" in stdout) == (0, False)
    assert manifest(out)["changes"] == []
