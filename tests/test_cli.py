"""``postc validate`` and ``postc inspect`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunPostc, collection_doc, request_item

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "collections" / "zoho-crm-bulk-write.postman_collection.json"
WriteJson = Callable[..., Path]


def test_validate_a_valid_collection(run_postc: RunPostc, write_json: WriteJson) -> None:
    path = write_json(collection_doc(request_item()))
    status, out, err = run_postc("validate", path)
    assert (status, err) == (0, "")
    assert out == f"{path}: valid Postman collection v2.1.0: 1 request, 0 examples\n"


def test_validate_prints_one_line_per_problem(run_postc: RunPostc, write_json: WriteJson) -> None:
    doc = collection_doc({"name": "bad", "request": {"url": 42}}, {"name": "worse", "item": "nope"})
    path = write_json(doc)
    status, out, err = run_postc("validate", path)
    assert status == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}: item[0].request.url: ")
    assert lines[1].startswith(f"{path}: item[1].item: ")


BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"not json", "line 1, column 1"),
        (b'{"info": {"name": "x"}, "item": [', "line 1, column"),
        (b"[1, 2]", "expected a Postman collection (a JSON object), got an array"),
        (b'{"hello": "world"}', "not a Postman collection"),
        (b'{"info": {"name": "x"}, "item": {"a": 1}}', "item: "),
        (BOM + b"not json", "line 1, column 1"),
        (BOM + b"[1, 2]", "expected a Postman collection (a JSON object), got an array"),
        (BOM, "empty file"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper than"),
    ],
    ids=[
        "empty",
        "blank",
        "not-json",
        "truncated",
        "array",
        "other-json",
        "wrong-type",
        "bom-not-json",
        "bom-array",
        "bom-alone",
        "deep",
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(
    content: bytes, expected: str, run_postc: RunPostc, tmp_path: Path
) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content)
    status, out, err = run_postc("validate", path)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"{path}: ")
    assert expected in err
    assert "Traceback" not in err


def test_a_utf8_bom_before_a_valid_collection_is_read(run_postc: RunPostc, tmp_path: Path) -> None:
    """Windows editors write a BOM: it is no bad input, the collection is read past it."""
    path = tmp_path / "in.json"
    path.write_bytes(BOM + json.dumps(collection_doc(request_item())).encode())
    status, out, err = run_postc("validate", path)
    assert (status, err) == (0, "")
    assert out == f"{path}: valid Postman collection v2.1.0: 1 request, 0 examples\n"


def test_missing_file(run_postc: RunPostc, tmp_path: Path) -> None:
    status, _, err = run_postc("validate", tmp_path / "nope.json")
    assert status == 2 and "not found" in err and err.count("\n") == 1


def test_a_30_mb_file_that_is_no_collection(run_postc: RunPostc, tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"data": ["x" * 1000] * 30_000}), encoding="utf-8")
    assert path.stat().st_size > 30_000_000
    status, _, err = run_postc("validate", path)
    assert status == 2 and "not a Postman collection" in err


def test_inspect_json_on_the_bundled_collection(run_postc: RunPostc) -> None:
    status, out, err = run_postc("inspect", "--json", BUNDLED)
    assert status == 0, err
    summary: dict[str, Any] = json.loads(out)
    assert summary["collection"]["name"] == "Zoho CRM Bulk Write"
    assert summary["collection"]["schema_version"] == "v2.1.0"
    (endpoint,) = summary["endpoints"]
    assert endpoint["name"] == "Job Details"
    assert endpoint["folder"] == ["Bulk Write"]
    assert endpoint["method"] == "GET"
    assert endpoint["path"] == "/crm/bulk/v2.1/write/{job_id}"
    assert endpoint["auth"]["type"] == "bearer"
    assert [(e["name"], e["status"], e["content_type"]) for e in endpoint["examples"]][:2] == [
        ("SUCCESS RESPONSE", 200, "application/json"),
        ("INVALID_URL_PATTERN", 404, "application/json"),
    ]
    assert len(endpoint["examples"]) == 6
    secret = next(v for v in summary["variables"] if v["key"] == "access-token")
    assert secret == {"key": "access-token", "type": "secret", "secret": True, "value": None}


def test_inspect_text_summarises_scripts(run_postc: RunPostc, write_json: WriteJson) -> None:
    item = request_item("Ping")
    item["event"] = [{"listen": "test", "script": {"exec": ["pm.test('ok')"]}}]
    status, out, _ = run_postc("inspect", write_json(collection_doc(item)))
    assert status == 0
    assert "GET /things  Ping" in out
    assert "Scripts: 1 (1 test; never run): 0 tests translated, 1 with untranslated" in out


def test_env_values_override_collection_variables(
    run_postc: RunPostc, write_json: WriteJson
) -> None:
    collection = write_json(
        collection_doc(
            request_item(), variable=[{"key": "host", "value": "a"}, {"key": "v", "value": "1"}]
        )
    )
    env = write_json(
        {
            "name": "Staging",
            "values": [
                {"key": "host", "value": "b", "enabled": True},
                {"key": "v", "value": "2", "enabled": False},
                {"key": "token", "value": "s3cret", "type": "secret"},
            ],
            "_postman_variable_scope": "environment",
        },
        "env.json",
    )
    status, out, err = run_postc("inspect", "--json", "--env", env, collection)
    assert status == 0, err
    summary = json.loads(out)
    assert summary["environment"] == "Staging"
    assert {v["key"]: v["value"] for v in summary["variables"]} == {
        "host": "b",
        "v": "1",
        "token": None,
    }
    assert "s3cret" not in out


def test_an_environment_file_validates_on_its_own(
    run_postc: RunPostc, write_json: WriteJson
) -> None:
    env = write_json({"name": "E", "values": [{"key": "a", "value": "1"}]}, "env.json")
    status, out, _ = run_postc("validate", env)
    assert status == 0 and "valid Postman environment: 1 value" in out


def test_a_bad_env_file_is_exit_2(run_postc: RunPostc, write_json: WriteJson) -> None:
    collection = write_json(collection_doc(request_item()))
    env = write_json({"name": "E", "values": "nope"}, "env.json")
    status, _, err = run_postc("validate", "--env", env, collection)
    assert status == 2 and err.startswith(f"{env}: values: ")


def test_the_console_script_runs_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("{", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith(
        f"{path}: line 1, column 2"
    )


def test_schema_writes_one_json_schema_document(run_postc: RunPostc, tmp_path: Path) -> None:
    output = tmp_path / "out" / "schema.json"
    status, out, err = run_postc("schema", BUNDLED, "-o", output)
    assert (status, out) == (0, ""), err
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"JobDetails", "FieldMapping", "ErrorResponse"} <= set(document["$defs"])
    roles = {(u["role"], u["status"], json.dumps(u["schema"])) for u in document["x-postc-units"]}
    assert ("response", 200, '{"$ref": "#/$defs/JobDetails"}') in roles
    assert ("error", 401, '{"$ref": "#/$defs/ErrorResponse"}') in roles
    assert [p.name for p in output.parent.iterdir()] == ["schema.json"]  # no temporary left


def test_inspect_json_names_the_model_of_every_example(run_postc: RunPostc) -> None:
    status, out, err = run_postc("inspect", "--json", BUNDLED)
    assert status == 0, err
    (endpoint,) = json.loads(out)["endpoints"]
    assert [(e["role"], e["model"]) for e in endpoint["examples"]] == [
        ("response", "JobDetails"),
        *[("error", "ErrorResponse")] * 5,
    ]


def test_inspect_models_reports_evidence(run_postc: RunPostc) -> None:
    status, out, _ = run_postc("inspect", "--models", BUNDLED)
    assert status == 0
    assert "    created_time: datetime  (required; present 1/1, str x1, 1 docs" in out
    assert "    format: Any | None  (required; present 3/3, null x3" in out
    status, out, _ = run_postc("inspect", "--json", "--models", BUNDLED)
    models = {m["name"]: m for m in json.loads(out)["models"]}
    code = next(f for f in models["ErrorResponse"]["fields"] if f["key"] == "code")
    assert code["evidence"]["present"] == 5 and code["type"] == "str"


def test_overrides_change_types_and_names(run_postc: RunPostc, write_json: WriteJson) -> None:
    overrides = write_json(
        {
            "overrides": [
                {"path": "$", "status": "200", "name": "BulkWriteJob"},
                {"path": "$.details", "status": "error", "kind": "class"},
                {"path": "$.ignore_empty", "required": False},
            ]
        },
        "overrides.json",
    )
    status, out, err = run_postc("inspect", "--json", "--models", "--overrides", overrides, BUNDLED)
    assert status == 0, err
    models = {m["name"]: m for m in json.loads(out)["models"]}
    assert "BulkWriteJob" in models and "JobDetails" not in models
    fields = {f["key"]: f for f in models["BulkWriteJob"]["fields"]}
    assert fields["ignore_empty"]["required"] is False
    details = {f["key"]: f["type"] for f in models["ErrorResponse"]["fields"]}["details"]
    assert details != "dict[str, Any]"


def test_a_bad_overrides_file_is_exit_2(run_postc: RunPostc, write_json: WriteJson) -> None:
    overrides = write_json({"overrides": [{"path": "details"}]}, "overrides.json")
    status, _, err = run_postc("schema", "--overrides", overrides, BUNDLED)
    assert status == 2 and err.startswith(f"{overrides}: overrides[0].path: ")


def test_inspect_json_names_the_python_call_and_classes(run_postc: RunPostc) -> None:
    status, out, err = run_postc("inspect", "--json", BUNDLED)
    assert status == 0, err
    (endpoint,) = json.loads(out)["endpoints"]
    assert endpoint["call"] == "client.bulk_write.job_details"
    python = [e["python"] for e in endpoint["examples"]]
    assert python[0] == "zoho_crm_bulk_write.models.JobDetails"
    assert "zoho_crm_bulk_write.errors.AuthenticationFailure" in python
    assert "zoho_crm_bulk_write.errors.InvalidUrlPattern" in python


def test_generate_writes_a_project(run_postc: RunPostc, tmp_path: Path) -> None:
    status, out, err = run_postc("generate", BUNDLED, "-o", tmp_path / "client", "--name", "zoho")
    assert status == 0, err
    assert "package zoho" in out
    assert (tmp_path / "client" / "zoho" / "_client.py").is_file()
    status, out, _ = run_postc("generate", BUNDLED, "-o", tmp_path / "client", "--name", "zoho")
    assert status == 0 and "(0 written, 0 removed)" in out
