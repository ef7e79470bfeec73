"""The renderings of a collection's last generation (``generator.emit.environment``,
``Renderings``): one cache entry per collection, read once and written once, holding
only the renderings of its last generation; a run that rendered nothing through it (user
templates) leaves it as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.cache import load
from generator.emit.environment import RENDERINGS_FORM, Renderings
from generator.generate import generate
from tests.conftest import collection_doc, request_item


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("POSTC_CACHE_DIR", str(directory))
    return directory


def api(*bodies: Any) -> dict[str, Any]:
    """A folder per body, its one request answering it."""
    folders = []
    for index, body in enumerate(bodies):
        item = request_item(f"Get thing {index}", url=f"https://x.test/things{index}/1")
        header = [{"key": "Content-Type", "value": "application/json"}]
        item["response"] = [{"name": "ok", "code": 200, "header": header, "body": json.dumps(body)}]
        folders.append({"name": f"Things {index}", "item": [item]})
    return collection_doc(*folders)


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def entry(collection: Path) -> Path:
    path = Renderings.of(collection).path
    assert path is not None
    return path


def renderings(collection: Path) -> dict[str, str]:
    data = load(entry(collection))
    assert data is not None
    form, found = json.loads(data)
    assert form == RENDERINGS_FORM
    return dict(found)


def test_one_entry_per_collection(tmp_path: Path, cache: Path) -> None:
    first = write(tmp_path / "a.json", api({"id": 1}, {"name": "x"}, [{"n": 1.5}]))
    second = write(tmp_path / "b.json", api({"id": 1}))
    generate(first, tmp_path / "a")
    generate(second, tmp_path / "b")
    files = [p for p in (cache / "render").rglob("*") if p.is_file() and p.name[0] != "."]
    assert sorted(files) == sorted(entry(c) for c in (first, second))
    assert len(renderings(first)) > len(renderings(second)) > 0


def test_only_the_last_generation_s_renderings_are_kept(tmp_path: Path) -> None:
    source = write(tmp_path / "c.json", api({"id": 1}, {"name": "x"}))
    generate(source, tmp_path / "out")
    before = renderings(source)
    write(source, api({"id": 1, "colour": "red"}, {"name": "x"}))
    generate(source, tmp_path / "out")
    after = renderings(source)
    assert len(after) == len(before)  # the changed modules' replace theirs, nothing piles up
    assert 0 < len(set(after) - set(before)) < len(after)


def test_a_run_with_user_templates_leaves_them_as_they_were(tmp_path: Path) -> None:
    source = write(tmp_path / "c.json", api({"id": 1}))
    generate(source, tmp_path / "out")
    kept = entry(source).read_bytes()
    templates = tmp_path / "templates" / "project"
    templates.mkdir(parents=True)
    (templates / "README.md.j2").write_text("# mine\n", encoding="utf-8")
    generate(source, tmp_path / "mine", templates=tmp_path / "templates")
    assert entry(source).read_bytes() == kept
