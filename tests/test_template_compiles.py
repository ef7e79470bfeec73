"""Compiled templates are kept in memory only (``generator/emit/environment.py``), so every
``postc`` process compiles the templates it renders or imports: a template imports a macro
library only where its output uses it (``project/tests/module.py.j2`` imports
``_script.j2``, the largest, only for a module with script tests)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.emit import environment
from generator.generate import generate
from tests.conftest import collection_doc, request_item

SCRIPT_LIBRARY = "project/tests/_script.j2"


@pytest.fixture
def fresh_environment() -> Iterator[None]:
    """A new environment, as a new process has: nothing compiled yet."""
    environment._environment.cache_clear()
    yield
    environment._environment.cache_clear()


def compiled() -> set[str]:
    cache = environment.environment().cache
    assert cache is not None  # postc's environment keeps what it compiled
    return {name for _, name in cache}


def answered(**item: Any) -> dict[str, Any]:
    saved = {
        "name": "ok",
        "code": 200,
        "body": json.dumps({"id": 1}),
        "header": [{"key": "Content-Type", "value": "application/json"}],
    }
    return {**request_item(**item), "response": [saved]}


@pytest.mark.usefixtures("fresh_environment")
def test_the_script_library_is_compiled_only_for_script_tests(tmp_path: Path) -> None:
    source = tmp_path / "c.json"
    source.write_text(json.dumps(collection_doc(answered())), "utf-8")
    generate(source, tmp_path / "plain")
    assert "project/tests/module.py.j2" in compiled()
    assert SCRIPT_LIBRARY not in compiled()
    check = 'pm.test("ok", function () { pm.response.to.have.status(200); });'
    event = [{"listen": "test", "script": {"type": "text/javascript", "exec": [check]}}]
    source.write_text(json.dumps(collection_doc({**answered(), "event": event})), "utf-8")
    generate(source, tmp_path / "scripted")
    assert SCRIPT_LIBRARY in compiled()
