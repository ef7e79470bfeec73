"""Redaction is exact: whole tokens of text, string values of data, never keys or names;
placeholders, ``{{var}}`` references, empty and short values are never secrets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.emit.redaction import (
    REDACTED,
    is_secret,
    redact,
    redact_json,
    redact_json_text,
    redact_literal,
    redact_template,
)
from generator.generate import generate
from tests.conftest import collection_doc, request_item


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Bearer abc123secret", "Authorization: Bearer REDACTED"),
        ("https://www.getpostman.com/docs", "https://www.getpostman.com/docs"),
        ("see postman.com", "see REDACTED.com"),  # a dot ends a word
        ("allow_empty_postman", "allow_empty_postman"),  # _ continues a word
        ("postman2 and postman_x and xpostman", "postman2 and postman_x and xpostman"),
        ("?key=postman&b=1", "?key=REDACTED&b=1"),
        ("(postman)", "(REDACTED)"),
        ("épostman", "épostman"),  # a letter of any script continues a word
    ],
)
def test_free_text_loses_a_secret_only_as_a_whole_token(text: str, expected: str) -> None:
    assert redact(text, ("postman", "abc123secret")) == expected


def test_a_secret_ending_in_punctuation_is_bounded_on_its_word_side_only() -> None:
    assert redact("token=abc/def+==;", ("abc/def+==",)) == "token=REDACTED;"
    assert redact("xabc/def+==", ("abc/def+==",)) == "xabc/def+=="


def test_the_longest_secret_wins() -> None:
    assert redact("abcdef-123456 abcdef", ("abcdef-123456", "abcdef")) == "REDACTED REDACTED"


@pytest.mark.parametrize(
    ("value", "name", "secret"),
    [
        ("<string>", "Authorization", False),
        ("Bearer <string>", "Authorization", False),
        ("<your API key>", "x-api-key", False),
        ("{{token}}", "token", False),
        ("Bearer {{token}}", "Authorization", False),
        ("", "token", False),
        ("abc12", "token", False),  # shorter than MIN_SECRET_LENGTH
        ("password", "password", False),  # a demo value repeating its own name
        ("api-key", "apiKey", False),
        ("password", "token", False),  # a demo word: redacting it would only corrupt text
        ("string", "password", False),  # the type openapi-to-postman writes for a value
        ("hunter2!", "token", True),
        ("s3cr3t-value", "token", True),
    ],
)
def test_what_is_a_secret(value: str, name: str, secret: bool) -> None:
    assert is_secret(value, name) is secret


def test_json_data_keeps_its_keys() -> None:
    data: Any = {"allow_empty_password": True, "password": "password", "n": ["password x"]}
    assert redact_json(data, ("password",)) == {
        "allow_empty_password": True,
        "password": REDACTED,
        "n": ["REDACTED x"],
    }
    text = json.dumps({"password": "password"})
    assert json.loads(redact_json_text(text, ("password",))) == {"password": REDACTED}


def test_a_path_template_keeps_its_fields() -> None:
    assert redact_template("/a/{postman}/postman/x{postman}", ("postman",)) == (
        "/a/{postman}/REDACTED/x{postman}"
    )


def test_a_python_literal_changes_its_value_only() -> None:
    secrets = ("password",)
    assert redact_literal('"my password"', secrets) == '"my REDACTED"'
    assert redact_literal('\'{"allow_empty_password": "password"}\'', secrets, json_text=True) == (
        '\'{"allow_empty_password": "REDACTED"}\''
    )
    assert redact_literal('b"password"', secrets) == 'b"REDACTED"'
    assert redact_literal("None", secrets) == "None"


def _generated(tmp_path: Path, doc: dict[str, Any]) -> dict[str, str]:
    source = tmp_path / "c.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    generate(source, tmp_path / "out")
    return {
        str(path.relative_to(tmp_path / "out")): path.read_text("utf-8")
        for path in sorted((tmp_path / "out").rglob("*"))
        if path.is_file() and path.suffix in {".py", ".md", ".json"}
    }


def test_a_weak_secret_does_not_rename_a_key(tmp_path: Path) -> None:
    """A bearer token ``password``: the body key ``allow_empty_password`` stays as it is."""
    body = json.dumps({"allow_empty_password": True, "name": "x"})
    item = request_item(
        "Create",
        method="POST",
        header=[{"key": "Content-Type", "value": "application/json"}],
        body={"mode": "raw", "raw": body, "options": {"raw": {"language": "json"}}},
    )
    auth = {"type": "bearer", "bearer": [{"key": "token", "value": "password"}]}
    files = _generated(tmp_path, collection_doc(item, auth=auth))
    text = "\n".join(files.values())
    assert "allow_empty_password" in text
    assert "allow_empty_REDACTED" not in text


def test_a_placeholder_credential_is_no_secret(tmp_path: Path) -> None:
    """``Authorization: <string>`` (an OpenAPI export) does not make every ``<string>`` value
    of the collection a ``REDACTED`` default."""
    item = request_item(
        "Search",
        url={
            "raw": "https://api.example.com/things?q=<string>",
            "host": ["api", "example", "com"],
            "path": ["things"],
            "query": [{"key": "q", "value": "<string>"}],
        },
        header=[
            {"key": "Authorization", "value": "<string>"},
            {"key": "X-Mode", "value": "<string>"},
        ],
    )
    files = _generated(tmp_path, collection_doc(item))
    assert not [path for path, text in files.items() if REDACTED in text]


def test_a_secret_inside_a_word_of_a_description_stays(tmp_path: Path) -> None:
    item = request_item("Get")
    item["request"]["description"] = "Docs: https://www.getpostman.com, key postman."
    auth = {"type": "apikey", "apikey": [{"key": "value", "value": "postman"}]}
    files = _generated(tmp_path, collection_doc(item, auth=auth))
    text = "\n".join(files.values())
    assert "https://www.getpostman.com" in text
    assert "key REDACTED." in text
    assert "key postman" not in text
