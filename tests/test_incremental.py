"""A regeneration after a one-request change, through every cache a warm run reads
(inferred types, renderings, black, compiled texts, the OpenAPI layout, the remembered
document fingerprints), writes exactly what a cold generation of the changed collection
writes: here on a change that moves the names of models that did not change (a shared
class splits in two, the old name given to neither) and the OpenAPI document."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.api_changes import OPENAPI_FILE
from generator.generate import MANIFEST, generate
from tests.conftest import collection_doc, request_item


def example(body: Any) -> dict[str, Any]:
    header = [{"key": "Content-Type", "value": "application/json"}]
    return {"name": "ok", "code": 200, "header": header, "body": json.dumps(body)}


def things_and_users(user_owner: dict[str, Any]) -> dict[str, Any]:
    """A thing and a user, each with an owner: one class while both owners look alike."""
    thing = request_item("Get thing", url="{{baseUrl}}/things/1")
    thing["response"] = [example({"id": 1, "owner": {"name": "a"}})]
    user = request_item("Get user", url="{{baseUrl}}/users/1")
    user["response"] = [example({"id": 7, "owner": user_owner})]
    return collection_doc(
        {"name": "Things", "item": [thing]},
        {"name": "Users", "item": [user]},
        variable=[{"key": "baseUrl", "value": "https://x.test"}],
    )


def classes(files: dict[str, str]) -> set[str]:
    return {
        name
        for path, text in files.items()
        if "/models/" in path
        for name in re.findall(r"^class (\w+)", text, re.MULTILINE)
    }


def on_disk(root: Path) -> dict[str, bytes]:
    """Every file of an output but its manifest (which records the API changes since the
    previous generation: a cold one has none)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def test_a_one_request_change_gives_what_a_cold_generation_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "c.json"
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "warm-cache"))
    source.write_text(json.dumps(things_and_users({"name": "b"})), encoding="utf-8")
    before = generate(source, tmp_path / "warm").files
    generate(source, tmp_path / "warm", force=True)  # every cache now written and read once
    source.write_text(json.dumps(things_and_users({"name": "b", "login": "c"})), encoding="utf-8")
    warm = generate(source, tmp_path / "warm")
    assert warm.changes  # the document was compared with the previous one

    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "cold-cache"))
    cold = generate(source, tmp_path / "cold")
    assert warm.files == cold.files
    assert on_disk(tmp_path / "warm") == on_disk(tmp_path / "cold")

    # the change moved names and the document, so the caches were tried where it matters
    assert "Owner" in classes(before)
    assert "Owner" not in classes(cold.files)
    assert len(classes(cold.files)) > len(classes(before))
    assert before[OPENAPI_FILE] != cold.files[OPENAPI_FILE]
