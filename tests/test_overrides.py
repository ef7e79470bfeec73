"""The overrides file: loading, and clear errors for bad entries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.ir import Override
from generator.overrides import load_overrides

WriteJson = Callable[..., Path]


def test_rules_load(write_json: WriteJson) -> None:
    path = write_json(
        {
            "overrides": [
                {"path": "$.paths", "kind": "map"},
                {
                    "path": "$.role",
                    "endpoint": "GET /users/{id}",
                    "status": "200",
                    "enum": ["a", "b"],
                },
                {"path": "$", "name": "CurrentUser", "status": "4xx"},
                {"path": "$.n", "type": "date-time", "required": False, "nullable": True},
            ]
        },
        "overrides.json",
    )
    assert load_overrides(path) == (
        Override("$.paths", kind="map"),
        Override("$.role", endpoint="GET /users/{id}", status="200", enum=("a", "b")),
        Override("$", status="4xx", name="CurrentUser"),
        Override("$.n", type="date-time", required=False, nullable=True),
    )


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        ({"overrides": [{"kind": "map"}]}, "overrides[0]"),
        ({"overrides": [{"path": "data", "kind": "map"}]}, "overrides[0].path"),
        ({"overrides": [{"path": "$", "kind": "list"}]}, "overrides[0].kind"),
        ({"overrides": [{"path": "$", "name": "not a name"}]}, "overrides[0].name"),
        ({"overrides": [{"path": "$", "colour": "red"}]}, "overrides[0]"),
        ({"rules": []}, ""),
    ],
)
def test_bad_rules_name_the_entry(doc: object, where: str, write_json: WriteJson) -> None:
    path = write_json(doc, "overrides.json")
    with pytest.raises(InputError) as raised:
        load_overrides(path)
    assert raised.value.problems[0].path == where
