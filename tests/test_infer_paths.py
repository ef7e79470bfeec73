"""The JSON path notation of positions and overrides."""

from __future__ import annotations

import pytest

from generator.infer.paths import (
    ROOT,
    items_path,
    key_path,
    normalize_path,
    tuple_path,
    values_path,
)


def test_paths_of_each_kind_of_position() -> None:
    data = key_path(ROOT, "data")
    assert data == "$.data"
    assert items_path(data) == "$.data[]"
    assert key_path(items_path(data), "images") == "$.data[].images"
    assert tuple_path("$.rows", 0) == "$.rows[0]"
    assert values_path("$.rates") == "$.rates.*"


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("odd key", '$["odd key"]'),
        ("*", '$["*"]'),
        ("", '$[""]'),
        ('say "hi"', '$["say \\"hi\\""]'),
        ("Скачать.md", '$["Скачать.md"]'),
        ("1st", '$["1st"]'),
        ("_links", "$._links"),
    ],
)
def test_keys_that_are_no_identifiers_are_quoted(key: str, path: str) -> None:
    assert key_path(ROOT, key) == path
    assert normalize_path(path) == path


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("$", "$"),
        ("$.data[*].id", "$.data[].id"),
        ("$['odd key'].x", '$["odd key"].x'),
        ("$.odd key", '$["odd key"]'),
        ("$.rates.*", "$.rates.*"),
        ("$.rows[1][]", "$.rows[1][]"),
        (" $.a ", "$.a"),
    ],
)
def test_normalize_path(written: str, canonical: str) -> None:
    assert normalize_path(written) == canonical


@pytest.mark.parametrize("written", ["", "data", "$.", "$[", "$[x]", '$["unterminated', "$['x"])
def test_unreadable_paths(written: str) -> None:
    assert normalize_path(written) is None
