"""Request bodies: every mode and both the string and object shapes."""

from __future__ import annotations

from generator.ir import (
    Diagnostic,
    FileBody,
    FormDataBody,
    FormPart,
    GraphQLBody,
    Param,
    RawBody,
    UnknownBody,
    UrlencodedBody,
    body_mode,
)
from generator.loader.bodies import parse_body


def body(node: object, content_type: str | None = None) -> object:
    return parse_body(node, "item[0].request.body", [], content_type)


def test_a_bare_string_is_raw() -> None:
    assert body("hello") == RawBody("hello")


def test_no_mode_means_no_body() -> None:
    assert body({}) is None
    assert body(None) is None


def test_raw_json_is_parsed_leniently_and_the_repairs_recorded() -> None:
    text = '{\n  // the id\n  "id": 1,\n}'
    raw = body({"mode": "raw", "raw": text, "options": {"raw": {"language": "json"}}})
    assert isinstance(raw, RawBody)
    assert raw.text == text and raw.language == "json"
    assert raw.json is not None and raw.json.parsed and raw.json.value == {"id": 1}
    assert set(raw.json.repairs) == {"comments", "trailing-commas"}


def test_raw_json_is_recognised_by_content_type_too() -> None:
    raw = body({"mode": "raw", "raw": "[1, 2]"}, content_type="application/vnd.api+json")
    assert isinstance(raw, RawBody) and raw.json is not None and raw.json.value == [1, 2]


def test_raw_text_is_not_parsed() -> None:
    raw = body({"mode": "raw", "raw": "{not json", "options": {"raw": {"language": "text"}}})
    assert isinstance(raw, RawBody) and raw.json is None


def test_mode_is_case_insensitive_and_disabled_is_kept() -> None:
    raw = body({"mode": "RAW", "raw": "x", "disabled": True})
    assert raw == RawBody("x", disabled=True)


def test_urlencoded() -> None:
    fields = [
        {"key": "a", "value": "1"},
        {"key": "a", "value": "2"},
        {"key": "b", "disabled": True},
    ]
    assert body({"mode": "urlencoded", "urlencoded": fields}) == UrlencodedBody(
        (Param("a", "1"), Param("a", "2"), Param("b", None, disabled=True))
    )


def test_formdata_text_and_file_parts() -> None:
    parts = [
        {"key": "meta", "value": "{}", "type": "text", "contentType": "application/json"},
        {"key": "file", "type": "file", "src": ["/a.csv", "/b.csv"]},
        {"key": "empty", "type": "file", "src": None},
        {"key": "n", "value": 3},
        {"key": "off", "value": "x", "enabled": False},
    ]
    assert body({"mode": "formdata", "formdata": parts}) == FormDataBody(
        (
            FormPart("meta", "text", "{}", content_type="application/json"),
            FormPart("file", "file", src=("/a.csv", "/b.csv")),
            FormPart("empty", "file"),
            FormPart("n", "text", "3"),
            FormPart("off", "text", "x", disabled=True),
        )
    )


def test_file_body_shapes() -> None:
    assert body({"mode": "file", "file": {"src": "/data.bin"}}) == FileBody("/data.bin")
    assert body({"mode": "file", "file": {"src": None, "content": "aGk="}}) == FileBody(
        None, "aGk="
    )
    assert body({"mode": "file", "file": "/x"}) == FileBody("/x")


def test_graphql_with_variables_as_string_and_object() -> None:
    as_string = body(
        {"mode": "graphql", "graphql": {"query": "query Q { a }", "variables": '{"id": 1}'}}
    )
    assert isinstance(as_string, GraphQLBody)
    assert as_string.query == "query Q { a }" and as_string.variables == '{"id": 1}'
    assert as_string.variables_json is not None and as_string.variables_json.value == {"id": 1}
    as_object = body({"mode": "graphql", "graphql": {"query": "q", "variables": {"id": 2}}})
    assert isinstance(as_object, GraphQLBody)
    assert as_object.variables_json is not None and as_object.variables_json.value == {"id": 2}
    empty = body({"mode": "graphql", "graphql": {"query": "q", "variables": ""}})
    assert isinstance(empty, GraphQLBody) and empty.variables is None


def test_unknown_mode_is_kept_with_a_warning() -> None:
    warnings: list[Diagnostic] = []
    unknown = parse_body({"mode": "protobuf", "protobuf": "..."}, "b", warnings)
    assert unknown == UnknownBody("protobuf")
    assert body_mode(unknown) == "protobuf"
    assert warnings == [Diagnostic("b.mode", "unknown body mode 'protobuf', kept but not sent")]


def test_non_string_raw_is_sent_as_json_text() -> None:
    raw = body({"mode": "raw", "raw": {"a": 1}})
    assert isinstance(raw, RawBody) and raw.text == '{"a": 1}'
