"""The generated tests' data files are written from remembered parts, each case one
(``generator/emit/test_cases.py`` ``cases_text`` through ``generator.json_layout``): the
bytes must stay ``json.dumps(cases, indent=2, ensure_ascii=False)``'s, and a regeneration
finds the cases of the last run in the collection's memo, beside the OpenAPI document's."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from generator.generate import generate
from generator.json_layout import SMALL, LayoutMemo, document_text
from tests.conftest import collection_doc

BASE = "https://api.example.test"


def reference(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def cases_like() -> dict[str, Any]:
    """A data file's shape: cases keyed by id, each an object of nested values; strings
    with escapes and line breaks, empty containers, one case long enough to be remembered."""
    strange = 'a\nb "q" \\ \t \u2028 é 𝄞 \ud800'
    return {
        "Get / ok": {"sent": {"query": [], "json": {}}, "json": {"k": [1, 1.5, -0.0, None]}},
        f"Get / {strange}": {"text": strange, "arguments": {}},
        "Big / one": {"json": [{"field": "v" * SMALL, "nested": {"deep": [[], {}]}}]},
        "Empty / case": {},
    }


@pytest.mark.parametrize("split_depth", [0, 1, 2, 5])
def test_any_split_depth_writes_the_encoders_text_cold_and_warm(split_depth: int) -> None:
    cases = cases_like()
    memo = LayoutMemo()
    assert document_text(cases, memo, split_depth) == reference(cases)
    warm = LayoutMemo()
    warm.known = dict(memo.used)
    assert document_text(cases, warm, split_depth) == reference(cases)


def test_split_depth_one_remembers_each_case_by_its_own_text() -> None:
    """A case is a part: a changed case is a new entry, the others keep theirs."""
    cases = cases_like()
    memo = LayoutMemo()
    document_text(cases, memo, 1)
    assert digest(cases["Big / one"]) in memo.used
    assert digest(cases) not in memo.used


def digest(value: Any) -> str:
    compact = json.dumps(value, ensure_ascii=False)
    return hashlib.sha256(compact.encode("utf-8", "surrogatepass")).hexdigest()


def shop(note: str) -> dict[str, Any]:
    """Two requests whose examples are long JSON bodies (cases above ``SMALL``)."""
    body = [{"id": n, "note": note, "text": "x" * SMALL} for n in range(3)]
    items = [
        {
            "name": name,
            "request": {"method": "GET", "url": f"{BASE}/{name.lower()}"},
            "response": [
                {
                    "name": "ok",
                    "code": 200,
                    "header": [{"key": "Content-Type", "value": "application/json"}],
                    "body": json.dumps(body),
                }
            ],
        }
        for name in ("Orders", "Users")
    ]
    return collection_doc({"name": "Shop", "item": items})


def test_generated_data_files_are_the_encoders_and_remembered_across_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "cache"))
    source, out = tmp_path / "c.json", tmp_path / "out"
    for note in ("first", "changed"):
        source.write_text(json.dumps(shop(note)), "utf-8")
        generate(source, out)
        data_files = sorted((out / "tests" / "examples").glob("*.json"))
        assert data_files
        remembered = LayoutMemo.of(source).known
        for path in data_files:
            text = path.read_text("utf-8")
            cases = json.loads(text)
            assert text == reference(cases)
            for case in cases.values():
                assert digest(case) in remembered  # found by the next run
