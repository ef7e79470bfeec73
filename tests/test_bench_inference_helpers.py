"""The pure helpers of bench/inference: mutants, schema positions, map/class reading, shapes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from inference import corpus, maps, mutate, shapes
from inference.run import judge

# mutate ------------------------------------------------------------------------------


def test_json_type_keeps_booleans_apart_from_numbers() -> None:
    values: list[object] = [True, 1, 1.5, "1", None, [], {}]
    assert [mutate.json_type(v) for v in values] == [
        "boolean",
        "number",
        "number",
        "string",
        "null",
        "array",
        "object",
    ]


def test_positions_generalise_array_indices_only() -> None:
    assert mutate.position(("items", 3, "id")) == ("items", None, "id")
    assert mutate.render(("items", None, "id")) == "$.items[].id"
    assert mutate.render(("items", 3)) == "$.items[3]"
    # a key that looks like an index stays a key
    assert mutate.position(("[]",)) != mutate.position((0,))


def test_observed_types_pool_every_document_and_element() -> None:
    types = mutate.observed_types([{"a": [1, "x"], "b": None}, {"b": True}])
    assert types[("a", None)] == {"number", "string"}
    assert types[("b",)] == {"null", "boolean"}
    assert types[()] == {"object"}


@pytest.mark.parametrize(
    ("value", "flipped"),
    [("abc", 12345), (7, "7"), (2.5, "2.5"), (True, "true"), (False, "false")],
)
def test_flip_changes_the_json_type(value: object, flipped: object) -> None:
    assert mutate.flipped(value) == flipped
    assert mutate.json_type(mutate.flipped(value)) != mutate.json_type(value)


def test_flip_refuses_null_and_containers() -> None:
    with pytest.raises(ValueError):
        mutate.flipped(None)
    with pytest.raises(ValueError):
        mutate.flipped([])


def test_candidates_skip_nulls_mixed_positions_and_containers() -> None:
    document: dict[str, Any] = {
        "id": 1,
        "name": None,
        "tags": ["a", "b"],
        "mixed": [1, "x"],
        "obj": {},
    }
    types = mutate.observed_types([document, {"name": "n", "id": 2}])
    assert mutate.candidates(document, types) == [("id",), ("tags", 0), ("tags", 1)]


def test_a_position_seen_with_nulls_elsewhere_is_still_single_typed() -> None:
    types = mutate.observed_types([{"a": "x"}, {"a": None}])
    assert mutate.candidates({"a": "x"}, types) == [("a",)]


def test_sample_is_bounded_deterministic_and_in_order() -> None:
    paths: list[tuple[mutate.Step, ...]] = [("a", i) for i in range(200)]
    first = mutate.sample(paths, 50, "doc-1")
    assert len(first) == 50
    assert first == mutate.sample(paths, 50, "doc-1")
    assert first == sorted(first)
    assert first != mutate.sample(paths, 50, "doc-2")
    assert mutate.sample(paths[:3], 50, "doc-1") == paths[:3]


def test_replaced_copies_only_the_path_and_keeps_the_original() -> None:
    document: dict[str, Any] = {"a": [{"b": 1}, {"b": 2}], "c": {"d": "x"}}
    mutant = mutate.replaced(document, ("a", 1, "b"), "2")
    assert mutant == {"a": [{"b": 1}, {"b": "2"}], "c": {"d": "x"}}
    assert document["a"][1]["b"] == 2
    assert mutant["c"] is document["c"]
    assert mutate.replaced(document, (), 5) == 5


def test_mutants_flip_one_leaf_each() -> None:
    document = {"id": 1, "ok": True, "name": "x"}
    types = mutate.observed_types([document])
    found = mutate.mutants(document, types, 50, "seed")
    assert [(m.path, m.original, m.value) for m in found] == [
        (("id",), 1, "1"),
        (("ok",), True, "true"),
        (("name",), "x", 12345),
    ]
    assert found[0].document == {"id": "1", "ok": True, "name": "x"}
    assert len(mutate.mutants(document, types, 2, "seed")) == 2


# maps: paths, lookups, classification ------------------------------------------------------

DOC: dict[str, Any] = {
    "$defs": {
        "Root": {
            "type": "object",
            "properties": {
                "rates": {"type": "object", "additionalProperties": {"type": "number"}},
                "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
                "maybe": {"anyOf": [{"$ref": "#/$defs/Item"}, {"type": "null"}]},
                "any": {},
                "name": {"type": "string"},
            },
        },
        "Item": {"type": "object", "properties": {"files": {"type": "object"}}},
        "Closed": {"type": "object", "additionalProperties": False},
        "Patterned": {"type": "object", "patternProperties": {"^x-": {"type": "string"}}},
    }
}
ROOT = {"$ref": "#/$defs/Root"}


def test_parse_path() -> None:
    assert maps.parse_path("$") == []
    assert maps.parse_path("$.data") == ["data"]
    assert maps.parse_path("$[].files") == [None, "files"]
    assert maps.parse_path("$.data[].images") == ["data", None, "images"]
    with pytest.raises(ValueError):
        maps.parse_path("data")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$", "class"),
        ("$.rates", "map"),
        ("$.items[]", "class"),
        ("$.items[].files", "map"),  # {"type": "object"}: genson's {} (dmcg: dict[str, Any])
        ("$.maybe", "class"),
        ("$.maybe.files", "map"),
        ("$.any", "any"),
        ("$.any.deeper", "any"),
        ("$.name", "missing"),
        ("$.nowhere", "any"),  # open object: an unknown key may be anything
        ("$.rates.USD", "missing"),
    ],
)
def test_classify_follows_refs_unions_and_items(path: str, expected: str) -> None:
    assert maps.classify(ROOT, DOC, path) == expected


def test_classify_closed_empty_class_and_pattern_properties() -> None:
    assert maps.classify({"$ref": "#/$defs/Closed"}, DOC, "$") == "class"
    assert maps.classify({"$ref": "#/$defs/Closed"}, DOC, "$.x") == "missing"
    assert maps.classify({"$ref": "#/$defs/Patterned"}, DOC, "$") == "map"


def test_classify_quicktype_and_genson_shapes() -> None:
    quicktype = {
        "definitions": {
            "Top": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "pairs": {
                        "type": "object",
                        "additionalProperties": {"$ref": "#/definitions/Pair"},
                    }
                },
            },
            "Pair": {"type": "object", "additionalProperties": False, "properties": {"a": {}}},
        }
    }
    top = {"$ref": "#/definitions/Top"}
    assert maps.classify(top, quicktype, "$.pairs") == "map"
    genson = {"type": "array", "items": {"type": ["null", "object"], "properties": {"a": {}}}}
    assert maps.classify(genson, genson, "$[]") == "class"


def test_classify_tagged_union_and_mixed() -> None:
    tagged = {
        "type": "object",
        "allOf": [
            {"if": {"properties": {"t": {"const": "a"}}}, "then": {"$ref": "#/$defs/Item"}},
        ],
    }
    assert maps.classify(tagged, DOC, "$") == "class"
    mixed = {"anyOf": [{"$ref": "#/$defs/Item"}, {"type": "object", "additionalProperties": {}}]}
    assert maps.classify(mixed, DOC, "$") == "mixed"


def test_labels_split_paths_and_read_expectations() -> None:
    text = (
        "file\tjsonpath\texpected\tconfidence\tnote\n"
        "a.json\t$.x / $.y\tmap[str, str] / map[str, any]\tmedium\tn\n"
        "b.json\t$\teither\tlow\t\n"
        "c.json\t$.d[].e\tclass\thigh\tfixed\n"
    )
    labels = maps.parse_labels(text)
    assert [(lb.file, lb.path, lb.expected) for lb in labels] == [
        ("a.json", "$.x", "map"),
        ("a.json", "$.y", "map"),
        ("b.json", "$", "either"),
        ("c.json", "$.d[].e", "class"),
    ]
    with pytest.raises(ValueError):
        maps.parse_labels("h\nx.json\t$\tdict\t\t\n")


def test_score_counts_either_as_correct_both_ways() -> None:
    score = maps.score(
        [
            ("map", "map"),
            ("map", "class"),
            ("map", "any"),
            ("class", "map"),
            ("class", "class"),
            ("either", "map"),
            ("either", "class"),
        ]
    )
    assert (score.true_maps, score.false_maps, score.missed_maps) == (2, 1, 2)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 4)
    assert maps.score([("class", "class")]).precision is None


def test_the_bench_label_file_parses() -> None:
    path = Path(__file__).resolve().parents[2] / "shared" / "inference-samples" / "LABELS.tsv"
    if not path.exists():
        pytest.skip("shared/inference-samples is not beside this checkout")
    labels = maps.parse_labels(path.read_text(encoding="utf-8"))
    assert {lb.expected for lb in labels} <= {"map", "class", "either"}
    for label in labels:
        maps.parse_path(label.path)


# shapes -------------------------------------------------------------------------------


def test_identical_classes_share_a_shape_and_names_do_not_matter() -> None:
    document = {
        "$defs": {
            "A": {"type": "object", "title": "A", "properties": {"x": {"type": "integer"}}},
            "B": {"type": "object", "title": "B", "properties": {"x": {"type": "integer"}}},
            "C": {"type": "object", "properties": {"x": {"type": "string"}}},
            "D": {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]},
            "Map": {"type": "object", "additionalProperties": {"type": "string"}},
            "Enum": {"type": "string", "enum": ["a", "b"]},
        }
    }
    found = shapes.definition_classes(document, "$defs")
    assert sorted(found) == ["A", "B", "C", "D"]
    assert found["A"] == found["B"]
    assert len({found["A"], found["C"], found["D"]}) == 3


def test_shapes_see_through_references_and_recursion() -> None:
    document = {
        "definitions": {
            "P": {"type": "object", "properties": {"o": {"$ref": "#/definitions/O1"}}},
            "Q": {"type": "object", "properties": {"o": {"$ref": "#/definitions/O2"}}},
            "O1": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "O2": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "N1": {"type": "object", "properties": {"next": {"$ref": "#/definitions/N1"}}},
            "N2": {"type": "object", "properties": {"next": {"$ref": "#/definitions/N2"}}},
        }
    }
    found = shapes.definition_classes(document, "definitions")
    assert found["P"] == found["Q"]
    assert found["O1"] == found["O2"]
    assert found["N1"] == found["N2"]
    assert len(set(found.values())) == 3


def test_enum_cases_and_open_enums_are_part_of_a_shape() -> None:
    def doc(cases: list[str]) -> dict[str, Any]:
        field = {"type": "string", "examples": cases, "x-open-enum": True}
        return {"$defs": {"A": {"type": "object", "properties": {"s": field}}}}

    assert shapes.definition_classes(doc(["a"]), "$defs") != shapes.definition_classes(
        doc(["b"]), "$defs"
    )
    assert shapes.definition_classes(doc(["a", "b"]), "$defs") == shapes.definition_classes(
        doc(["b", "a"]), "$defs"
    )


def test_inline_classes_count_every_object_node_with_properties() -> None:
    genson = {
        "type": "object",
        "properties": {
            "a": {"type": "object", "properties": {"href": {"type": "string"}}},
            "b": {"type": "object", "properties": {"href": {"type": "string"}}},
            "c": {"type": "array", "items": {"type": "object", "properties": {"x": {}}}},
            "d": {"type": "object"},
            "e": {"anyOf": [{"type": "null"}, {"type": "object", "properties": {"y": {}}}]},
        },
    }
    found = shapes.inline_classes(genson)
    assert len(found) == 5
    assert len(set(found)) == 4


def test_numbered_names_need_their_stem() -> None:
    names = ["Repo", "Repo1", "Repo2", "Obj1", "Obj2", "Oauth2", "Item", "Item_1", "V2Thing"]
    assert shapes.numbered_names(names) == ["Item_1", "Repo1", "Repo2"]


def test_adjective_names() -> None:
    names = ["PurpleModel", "FluffyDatum", "Purple", "Purplish", "IndigoX", "Model"]
    assert shapes.adjective_names(names) == ["FluffyDatum", "IndigoX", "PurpleModel"]


# corpus -------------------------------------------------------------------------------


def test_example_bodies_walk_folders_and_keep_json_objects_and_arrays() -> None:
    collection = {
        "info": {"name": "t", "schema": corpus.V21},
        "item": [
            {
                "name": "folder",
                "item": [
                    {
                        "name": "Get",
                        "request": {"method": "GET", "url": "https://x/a"},
                        "response": [
                            {"body": '{"a": 1}'},
                            {"body": "not json"},
                            {"body": "42"},
                            {"body": " [1, 2]"},
                            {"body": "{broken"},
                        ],
                    }
                ],
            }
        ],
    }
    bodies = corpus.example_bodies(collection, "t")
    assert [(b.example_path, b.item_name, b.document) for b in bodies] == [
        ("item[0].item[0].response[0]", "Get", {"a": 1}),
        ("item[0].item[0].response[3]", "Get", [1, 2]),
    ]
    assert bodies[0].key == "t:item[0].item[0].response[0]"
    assert corpus.is_v2(collection)
    assert not corpus.is_v2({"info": {"schema": "https://x/v1.0.0/collection.json"}})


def test_wrapped_sample_is_a_valid_one_request_collection() -> None:
    text = '{"rates": {"USD": 1.1}}'
    collection = corpus.wrap_sample("033b1", text)
    bodies = corpus.example_bodies(collection, "w")
    assert [b.example_path for b in bodies] == [corpus.WRAPPED_EXAMPLE]
    assert bodies[0].text == text
    schemas = Path(__file__).resolve().parents[2] / "shared" / "postman-schema"
    schema_file = schemas / "collection-v2.1.0.json"
    if schema_file.exists():
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        validator_for(schema)(schema).validate(collection)


# run: judging a body and its mutants ----------------------------------------------------


def _body(document: Any) -> corpus.Body:
    return corpus.Body("c", "item[0]", "item[0].response[0]", "Get", json.dumps(document), document)


def test_judge_counts_rejected_mutants_of_an_accepted_body() -> None:
    document = {"id": 1, "name": "x", "tags": ["a"]}
    found = mutate.mutants(document, mutate.observed_types([document]), 50, "k")
    strict = Draft202012Validator(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        }
    )
    verdict = judge([strict], _body(document), found)
    assert (verdict.accepted, verdict.mutants, verdict.rejected) == (True, 3, 3)
    loose = Draft202012Validator({"type": "object"})
    verdict = judge([strict, loose], _body(document), found)
    assert (verdict.mutants, verdict.rejected) == (3, 3)  # rejected by any of its units
    verdict = judge([loose], _body(document), found)
    assert (verdict.accepted, verdict.mutants, verdict.rejected) == (True, 3, 0)
    assert verdict.leaks[0] == "$.id: 1 -> '1'"


def test_judge_says_where_a_body_is_rejected() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string"}}}}
    verdict = judge([Draft202012Validator(schema)], _body({"a": ["x", 2]}), [])
    assert not verdict.accepted
    assert verdict.reason.startswith("rejected at $.a[1]:")


def test_judge_names_the_kind_of_rejection() -> None:
    schema = {
        "type": "object",
        "properties": {"size": {"type": "integer"}, "n": {"type": "string"}},
        "required": ["n"],
    }
    validator = Draft202012Validator(schema)
    assert judge([validator], _body({"size": "<integer>", "n": "x"}), []).category == (
        "type: placeholder string '<integer>'"
    )
    assert judge([validator], _body({"size": 1.5, "n": "x"}), []).category == (
        'type: number vs "integer"'
    )
    assert judge([validator], _body({"size": 1}), []).category == "required: key missing"


def test_judge_tells_rejections_only_at_placeholders() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "boolean"}}}
    validator = Draft202012Validator(schema)
    assert judge([validator], _body({"a": "<int32>", "b": "<boolean>"}), []).placeholders_only
    assert not judge([validator], _body({"a": "<integer>", "b": "no"}), []).placeholders_only
