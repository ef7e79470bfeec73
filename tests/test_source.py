"""Reading collection files: every way a file can be unusable gives one clear line."""

from __future__ import annotations

import codecs
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator import reading
from generator.errors import InputError
from generator.ir import JsonValue
from generator.loader.source import MAX_FILE_BYTES, read_json_file


def write(tmp_path: Path, content: bytes | str, name: str = "c.json") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def error_of(path: Path, *, display_name: str | None = None) -> str:
    """The error read_json_file raises for ``path``, checked to be a single line."""
    with pytest.raises(InputError) as raised:
        read_json_file(path, display_name=display_name)
    text = str(raised.value)
    assert "\n" not in text
    return text


def test_a_valid_file_is_parsed(tmp_path: Path) -> None:
    doc = {"info": {"name": "x"}, "item": [1, 2.5, True, None, "é"]}
    assert read_json_file(write(tmp_path, json.dumps(doc))) == doc


def test_errors_name_the_display_name(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    assert error_of(path, display_name="api.json").startswith("api.json: ")


# --- the file itself -------------------------------------------------------------------------


def test_a_missing_file(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.json", display_name="nope.json") == "nope.json: file not found"


def test_a_directory(tmp_path: Path) -> None:
    assert error_of(tmp_path, display_name="d") == "d: is a directory, expected a JSON file"


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "{}")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anyway: fail open() as it fails for others

        def deny(*args: Any, **kwargs: Any) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(os, "open", deny)
    assert (
        error_of(path, display_name="c.json") == "c.json: permission denied, cannot read the file"
    )


def test_any_other_os_error(tmp_path: Path) -> None:
    path = write(tmp_path, "{}") / "inside.json"
    assert error_of(path, display_name="x") == "x: cannot read the file: Not a directory"


def test_an_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"")
    assert error_of(path, display_name="c.json") == (
        "c.json: empty file, expected a Postman collection (JSON)"
    )


def test_a_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    assert "empty file" in error_of(write(tmp_path, " \r\n\t\n"))


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no disk, would take 512 MiB read
    assert error_of(path, display_name="h") == (
        "h: file too large (over 512 MiB), expected a Postman collection"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_stream_without_size_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "COLLECTION", replace(reading.COLLECTION, limit=8 * 1024 * 1024))
    assert error_of(Path("/dev/zero"), display_name="z") == (
        "z: file too large (over 8 MiB), expected a Postman collection"
    )


# --- encodings -------------------------------------------------------------------------------

DOC = '{"name": "café ☕", "n": 1}'


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + DOC.encode("utf-8"),
        codecs.BOM_UTF16_LE + DOC.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + DOC.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + DOC.encode("utf-32-le"),
        codecs.BOM_UTF32_BE + DOC.encode("utf-32-be"),
        DOC.encode("utf-16-le"),
        DOC.encode("utf-16-be"),
        DOC.encode("utf-32-le"),
        (" \n" + DOC).encode("utf-16-le"),
    ],
    ids=[
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf32le-bom",
        "utf32be-bom",
        "utf16le",
        "utf16be",
        "utf32le",
        "utf16le-leading-space",
    ],
)
def test_encodings_newman_reads_are_decoded(tmp_path: Path, encoded: bytes) -> None:
    assert read_json_file(write(tmp_path, encoded)) == json.loads(DOC)


def test_a_second_bom_is_not_json(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF8 * 2 + b"{}")
    assert error_of(path, display_name="c") == (
        "c: line 1, column 1: not JSON: expected '{' or '[', found U+FEFF"
    )


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path, '{"name": "café"}'.encode("latin-1"))
    assert error_of(path, display_name="c.json") == (
        "c.json: not valid UTF-8 text: invalid continuation byte (byte 0xe9 at offset 13)"
    )


def test_invalid_utf16_names_the_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF16_LE + "{}".encode("utf-16-le") + b"\x20")
    assert error_of(path, display_name="c") == (
        "c: not valid UTF-16-LE text: truncated data (byte 0x20 at offset 6)"
    )


def test_a_position_is_counted_on_the_decoded_text(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF16_LE + '{\n  "é": 1 2}'.encode("utf-16-le"))
    assert (
        error_of(path, display_name="c") == "c: line 2, column 10: expected ',' or '}', found '2'"
    )


# --- not JSON --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "found"),
    [
        ("info:\n  name: Pets\n", "'info'"),
        ("<!DOCTYPE html>\n<html></html>", "'<'"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "byte 0x89"),
        ("'single quotes'", '"\'"'),
    ],
    ids=["yaml", "html", "binary", "single-quotes"],
)
def test_a_file_that_is_not_json(tmp_path: Path, content: str | bytes, found: str) -> None:
    assert error_of(write(tmp_path, content), display_name="c") == (
        f"c: line 1, column 1: not JSON: expected '{{' or '[', found {found}"
    )


def test_a_truncated_file_says_it_ends_early(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "item": [\n    {"name": "a"},\n')
    assert error_of(path, display_name="c") == (
        "c: line 4, column 1: unexpected end of file (truncated JSON?)"
    )


def test_a_file_cut_inside_a_string(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "name": "Pet sto')
    assert error_of(path, display_name="c") == (
        "c: line 2, column 11: the file ends inside this string (truncated JSON?)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"a": 1 "b": 2}', "line 1, column 9: expected ',' or '}', found '\"'"),
        ('{"a": [1, {"b": 2} 3]}', "line 1, column 20: expected ',' or ']', found '3'"),
        (
            '{"a": [1, 2,]}',
            "line 1, column 13: trailing comma (JSON allows none before '}' or ']')",
        ),
        ('{"a": 1,\n}', "line 2, column 1: trailing comma (JSON allows none before '}' or ']')"),
        ('{"a" 1}', "line 1, column 6: expected ':' after the property name, found '1'"),
        ("{a: 1}", "line 1, column 2: expected a property name in double quotes, found 'a'"),
        ('{"a": undefined}', "line 1, column 7: expected a value, found 'undefined'"),
        (
            '{"a": "x\ny"}',
            "line 1, column 9: raw control character U+000A inside a string (write it as \\n)",
        ),
        ('{"a": "\\q"}', "line 1, column 8: invalid escape '\\q' in a string"),
        (
            '{"a": "\\u12"}',
            "line 1, column 9: invalid \\u escape in a string (expected 4 hex digits)",
        ),
        ('{"a": 1}\n}', "line 2, column 1: unexpected '}' after the end of the JSON value"),
        ('{"a": 1} // c', "line 1, column 10: unexpected '/' after the end of the JSON value"),
    ],
)
def test_syntax_errors_are_said_in_plain_words(tmp_path: Path, content: str, message: str) -> None:
    assert error_of(write(tmp_path, content), display_name="c") == f"c: {message}"


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_rejected(tmp_path: Path, literal: str) -> None:
    path = write(tmp_path, f'{{"s": "NaN Infinity",\n "n": {literal}}}')
    assert error_of(path, display_name="c") == f"c: line 2, column 7: {literal} is not a JSON value"


def test_an_integer_too_long_for_python_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, '{"pi": 3.14, "n": ' + "7" * 5000 + "}")
    assert error_of(path, display_name="c") == (
        "c: line 1, column 19: integer with too many digits to read"
    )


# --- values ----------------------------------------------------------------------------------


def test_duplicate_keys_last_wins(tmp_path: Path) -> None:
    assert read_json_file(write(tmp_path, '{"a": 1, "a": 2}')) == {"a": 2}


def test_big_integers_are_exact(tmp_path: Path) -> None:
    assert read_json_file(write(tmp_path, f"[{2**70}, -{2**65}]")) == [2**70, -(2**65)]


def nested(depth: int) -> str:
    return '{"a": ' * depth + "[]" + "}" * depth


def read_from_depth(stack_depth: int, path: Path) -> JsonValue:
    """Call read_json_file with ``stack_depth`` frames already on the stack."""
    return read_from_depth(stack_depth - 1, path) if stack_depth else read_json_file(path)


def test_900_levels_parse_however_deep_the_caller_is(tmp_path: Path) -> None:
    path = write(tmp_path, nested(900))
    value = read_from_depth(600, path)
    for _ in range(900):
        assert isinstance(value, dict) and list(value) == ["a"]
        value = value["a"]
    assert value == []


def test_nesting_beyond_the_parser_is_an_error(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, "[" * 100_000), display_name="c") == (
        "c: nested deeper than 900 levels of objects and arrays"
    )


# --- speed -----------------------------------------------------------------------------------


def big_collection(megabytes: int) -> str:
    item = {
        "name": "Get a pet",
        "request": {
            "method": "GET",
            "header": [{"key": "Accept", "value": "application/json"}],
            "url": {"raw": "{{base}}/pets/:id?limit=10", "host": ["{{base}}"], "path": ["pets"]},
        },
        "response": [{"name": "ok", "code": 200, "body": '{\n  "id": 1,\n  "tags": []\n}'}],
    }
    one = len(json.dumps(item, indent=2))
    return json.dumps(
        {"info": {"name": "big"}, "item": [item] * (megabytes * 2**20 // one)}, indent=2
    )


def test_a_30_mb_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, big_collection(30))
    doc = read_json_file(path)
    assert isinstance(doc, dict) and doc["info"] == {"name": "big"}


@pytest.mark.parametrize("kind", ["random-bytes", "text"])
def test_a_30_mb_garbage_file_fails(tmp_path: Path, kind: str) -> None:
    garbage = os.urandom(30 * 2**20) if kind == "random-bytes" else b"key: value\n" * 3 * 2**20
    path = write(tmp_path, garbage)
    error_of(path)
