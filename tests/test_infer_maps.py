"""Maps versus classes (inference.md §7.7), and the LABELS.tsv ground truth."""

from __future__ import annotations

import csv

import pytest

from generator.infer import infer_unit
from generator.ir import JsonValue, MapType, ObjectType, ScalarType, TaggedUnion, TypeExpr
from tests.test_infer_helpers import (
    SAMPLES,
    accepts,
    field_of,
    object_type,
    requires_shared,
    sample,
    type_at,
)


def kind_at(documents: list[JsonValue], path: str = "$.x") -> str:
    variants = type_at(infer_unit(documents, hint="T"), path)
    if any(isinstance(v, MapType) for v in variants):
        return "map"
    return "class" if any(isinstance(v, (ObjectType, TaggedUnion)) for v in variants) else "none"


# --- key patterns ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "keys",
    [
        ["1880", "1881"],
        ["752514", "588803"],
        ["2021-01-01", "2021-01-02"],
        ["2021-Q1", "2021-Q2"],
        ["5f2b4c1e9a", "7e0d3b2a11"],
        ["3f2504e0-4f89-11d3-9a0c-0305e82c3301", "9b2a1c3d-0000-4000-8000-000000000000"],
    ],
)
def test_keys_that_are_numbers_ids_or_dates_make_a_map(keys: list[str]) -> None:
    assert kind_at([{"x": {key: {"n": 1} for key in keys}}]) == "map"


def test_one_numeric_key_is_not_enough() -> None:
    assert kind_at([{"x": {"200": {"description": "OK"}}}]) == "class"


def test_currency_codes_make_a_map_from_five_keys() -> None:
    rates: dict[str, JsonValue] = {"AUD": 1.53, "CAD": 1.45, "CHF": 1.6, "GBP": 0.62, "USD": 1}
    assert field_of(infer_unit([{"x": rates}], hint="T"), "x") == TypeExpr(
        (MapType(TypeExpr((ScalarType("float"),))),)
    )
    assert kind_at([{"x": dict(list(rates.items())[:4])}]) == "class"


def test_keys_that_are_no_identifiers_make_a_map_when_values_are_alike() -> None:
    assert kind_at([{"x": {"^$#$%#@": 123, "$%@##%": 123.3}}]) == "map"
    assert kind_at([{"x": {"a.txt": {"size": 1}, "b.md": {"size": 2}}}]) == "map"
    assert kind_at([{"x": {"a.txt": 1, "b.md": "two"}}]) == "class"


def test_identifier_like_keys_are_a_class() -> None:
    assert kind_at([{"x": {"movie": "u", "movie-image": "v", "group": "w"}}]) == "class"


# --- churn across instances ---------------------------------------------------------------


def test_keys_that_churn_between_instances_make_a_map() -> None:
    documents: list[JsonValue] = [
        {"x": {"alice": 1, "bob": 2}},
        {"x": {"carol": 3, "dave": 4}},
        {"x": {"erin": 5}},
    ]
    assert kind_at(documents) == "map"


def test_a_recurring_vocabulary_of_optional_keys_is_a_class() -> None:
    documents: list[JsonValue] = [
        {"x": {"reduced": 8, "standard": 17}},
        {"x": {"super_reduced": 3, "reduced": 8, "standard": 20}},
        {"x": {"reduced1": 5, "reduced2": 9, "standard": 21}},
        {"x": {"standard": 19}},
    ]
    assert kind_at(documents) == "class"


def test_patch_bodies_setting_different_fields_stay_a_class() -> None:
    documents: list[JsonValue] = [{"x": {"login": "a"}}, {"x": {"status": "inactive"}}]
    assert kind_at(documents) == "class"


def test_churn_needs_alike_values() -> None:
    documents: list[JsonValue] = [
        {"x": {"alice": 1, "bob": "2"}},
        {"x": {"carol": [3], "dave": 4}},
        {"x": {"erin": 5}},
    ]
    assert kind_at(documents) == "class"


# --- size ---------------------------------------------------------------------------------


def test_many_keys_with_alike_object_values_make_a_map() -> None:
    pairs: JsonValue = {f"c{i}_btc": {"decimal_places": 8, "min_price": 0.1} for i in range(25)}
    assert kind_at([{"x": pairs}]) == "map"


def test_many_identifier_keys_of_scalars_stay_a_class_below_one_hundred() -> None:
    strings: JsonValue = {f"label_{i}": f"text {i}" for i in range(60)}
    assert kind_at([{"x": strings}]) == "class"
    assert kind_at([{"x": {f"label_{i}": "t" for i in range(100)}}]) == "map"


def test_many_keys_repeated_in_every_instance_are_a_class() -> None:
    renditions: dict[str, JsonValue] = {
        f"rendition_{i}": {"url": "u", "width": "1"} for i in range(22)
    }
    assert kind_at([{"x": [renditions, dict(renditions)]}], "$.x[]") == "class"
    assert kind_at([{"x": [renditions]}], "$.x[]") == "map"


# --- key names, faker keys, {} ------------------------------------------------------------


def test_conventional_dictionary_keys_make_a_map() -> None:
    assert kind_at([{"headers": {"Host": "a", "Accept": "b"}}], "$.headers") == "map"
    assert kind_at([{"paths": {"/users": {"get": {}}}}], "$.paths") == "map"


def test_a_dictionary_name_loses_to_the_same_keys_in_many_instances() -> None:
    documents: list[JsonValue] = [{"labels": {"env": "p", "team": "a"}} for _ in range(3)]
    assert kind_at(documents, "$.labels") == "class"


def test_faker_keys_make_a_map_even_with_one_key() -> None:
    documents: list[JsonValue] = [
        {"properties": {"qui_8": "<string>", "ullamco_ac9": "<string>"}},
        {"properties": {"dofbf": "<string>"}},
    ]
    assert kind_at(documents, "$.properties") == "map"
    assert kind_at([{"x": {"nisi14a": True}}]) == "map"


# --- openapi-to-postman's numbered keys ------------------------------------------------------

# What openapi-to-postmanv2 (5.x) writes for a response schema with additionalProperties:
# {"counts": {additionalProperties: integer}, "codes": {additionalProperties: string},
#  "mixed": {properties: {name: string}, additionalProperties: integer},
#  "anyprops": {additionalProperties: true}, "nested": {additionalProperties: {x, y}}}
EXPORTED: dict[str, JsonValue] = {
    "counts": {"key_0": 672, "key_1": 9434},
    "codes": {"key_0": "string"},
    "mixed": {"name": "string", "key_0": 4332, "key_1": 1330, "key_2": 6163},
    "anyprops": {"key_0": 3951.6910572942797, "key_1": 3663},
    "nested": {"key_0": {"x": 9721, "y": "string"}},
}


def test_numbered_keys_make_a_map_even_with_key_0_alone() -> None:
    expr = infer_unit([EXPORTED], hint="T")
    assert field_of(expr, "counts") == TypeExpr((MapType(TypeExpr((ScalarType("int"),))),))
    assert field_of(expr, "codes") == TypeExpr((MapType(TypeExpr((ScalarType("str"),))),))
    assert field_of(expr, "anyprops") == TypeExpr((MapType(TypeExpr((ScalarType("float"),))),))
    (nested,) = field_of(expr, "nested").variants
    assert isinstance(nested, MapType)
    (point,) = nested.values.variants
    assert isinstance(point, ObjectType)
    assert [f.key for f in point.fields] == ["x", "y"]
    assert accepts(expr, EXPORTED)


def test_numbered_keys_beside_real_properties_are_left_to_the_class() -> None:
    expr = infer_unit([EXPORTED], hint="T")
    (mixed,) = field_of(expr, "mixed").variants
    assert isinstance(mixed, ObjectType)
    assert [f.key for f in mixed.fields] == ["name"]
    root = infer_unit([{"id": 1, "key_0": "a"}], hint="T")
    assert [f.key for f in object_type(root).fields] == ["id"]


def test_numbered_keys_over_several_examples_and_at_the_root() -> None:
    documents: list[JsonValue] = [{"key_0": 1}, {"key_0": 2, "key_1": 3, "key_2": None}]
    (root,) = infer_unit(documents, hint="T").variants
    assert root == MapType(TypeExpr((ScalarType("int"),), nullable=True))
    assert kind_at([{"x": {"key_0": {"a": 1}}}, {"x": {"key_0": {"b": 1}, "key_1": {"a": 2}}}]) == (
        "map"
    )


@pytest.mark.parametrize(
    "keys",
    [["key_1"], ["key_1", "key_2"], ["key_00"], ["key_0", "key"], ["Key_0"], ["key_0x"]],
)
def test_keys_that_only_look_numbered_stay_fields(keys: list[str]) -> None:
    """Numbering starts at key_0, without leading zeros, and every key must be numbered (a
    ``key_0`` beside a real key is dropped from the class, as in the test above)."""
    (variant,) = field_of(infer_unit([{"x": dict.fromkeys(keys, 1)}], hint="T"), "x").variants
    assert isinstance(variant, ObjectType)
    assert [f.key for f in variant.fields] == [k for k in keys if k != "key_0"]


def test_empty_objects_are_maps_of_any_and_fill_in_from_other_instances() -> None:
    assert field_of(infer_unit([{"x": {}}, {"x": {}}], hint="T"), "x") == TypeExpr(
        (MapType(TypeExpr()),)
    )
    expr = infer_unit([{"x": {}}, {"x": {"page": 1}}], hint="T")
    (variant,) = field_of(expr, "x").variants
    assert isinstance(variant, ObjectType)
    assert [(f.key, f.required) for f in variant.fields] == [("page", False)]


def test_map_values_are_one_position_with_their_own_path() -> None:
    documents: list[JsonValue] = [{"x": {"1": {"a": 1}, "2": {"a": 2, "b": None}}}]
    expr = infer_unit(documents, hint="T")
    (values,) = type_at(expr, "$.x.*")
    assert isinstance(values, ObjectType)
    assert values.paths == ("$.x.*",)
    assert values.hint == "x"
    assert [(f.key, f.required) for f in values.fields] == [("a", True), ("b", False)]


# --- LABELS.tsv -----------------------------------------------------------------------------


def labelled() -> list[tuple[str, str, str]]:
    """(file, path, expected: map, class or either) for every labelled path."""
    if not (SAMPLES / "LABELS.tsv").is_file():
        return []
    with (SAMPLES / "LABELS.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    found: list[tuple[str, str, str]] = []
    for row in rows:
        expected = row["expected"]
        kind = (
            "either" if expected == "either" else "map" if expected.startswith("map") else "class"
        )
        found.extend((row["file"], path.strip(), kind) for path in row["jsonpath"].split(" / "))
    return found


def decided(file: str, path: str) -> str:
    """``map`` or ``class``: what inference made of the labelled position, which must exist
    (a path that reaches nothing is a mistake of the label or of inference, not a class)."""
    variants = type_at(infer_unit([sample(file)], hint=file), path)
    assert variants, f"{file}: nothing inferred at {path}"
    if any(isinstance(v, MapType) for v in variants):
        return "map"
    assert any(isinstance(v, ObjectType) for v in variants), (file, path, variants)
    return "class"


# The positions LABELS.tsv calls "either" (both defensible), pinned to what docs/inference.md
# says they come out as ("the two either rows come out as classes"): a change is a decision
EITHER = {("7df41.json", "$"): "class", ("spotify-album.json", "$.external_urls"): "class"}


@pytest.mark.parametrize(("file", "path", "expected"), labelled() or [("", "", "")])
def test_labelled_position(file: str, path: str, expected: str) -> None:
    requires_shared()
    assert decided(file, path) == (EITHER[file, path] if expected == "either" else expected)


def test_every_either_label_is_pinned() -> None:
    requires_shared()
    assert {(f, p) for f, p, e in labelled() if e == "either"} == set(EITHER)


def test_a_labelled_path_that_reaches_nothing_fails() -> None:
    requires_shared()
    with pytest.raises(AssertionError, match="nothing inferred"):
        decided("7df41.json", "$.no_such_key")


def test_labels_precision_and_recall_reach_ninety_percent() -> None:
    requires_shared()
    rows = labelled()
    truth = {(f, p): e for f, p, e in rows}
    said = {(f, p): decided(f, p) for f, p, _ in rows}
    maps = [k for k, e in truth.items() if e != "class" and said[k] == "map"]
    called = [k for k in said if said[k] == "map"]
    wanted = [k for k, e in truth.items() if e == "map" or (e == "either" and said[k] == "map")]
    assert len(maps) / max(1, len(called)) >= 0.9
    assert len(maps) / max(1, len(wanted)) >= 0.9
