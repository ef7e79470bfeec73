"""Overrides beat heuristics at the path they name (inference.md §7.12)."""

from __future__ import annotations

from generator.infer import infer_unit
from generator.ir import JsonValue, MapType, ObjectType, Override, ScalarType, TypeExpr
from tests.test_infer_helpers import field_of, object_type, type_at

SWAGGER: JsonValue = {"paths": {"/search": {"get": {"summary": "s"}}}, "info": {"a": 1, "b": 2}}


def test_kind_map_and_class() -> None:
    expr = infer_unit(
        [SWAGGER],
        hint="T",
        overrides=[Override(path="$.info", kind="map"), Override(path="$.paths", kind="class")],
    )
    assert isinstance(field_of(expr, "info").variants[0], MapType)
    (paths,) = field_of(expr, "paths").variants
    assert isinstance(paths, ObjectType)
    assert [f.key for f in paths.fields] == ["/search"]


def test_kind_class_on_empty_objects_gives_an_empty_class() -> None:
    expr = infer_unit([{"x": {}}], hint="T", overrides=[Override(path="$.x", kind="class")])
    assert field_of(expr, "x") == TypeExpr((ObjectType(()),))


def test_kind_class_forbids_a_tagged_union() -> None:
    items: JsonValue = [{"type": "a", "x": 1}, {"type": "b", "y": "z"}]
    expr = infer_unit([items], hint="T", overrides=[Override(path="$[*]", kind="class")])
    assert isinstance(type_at(expr, "$[]")[0], ObjectType)


def test_enum_forces_sorted_cases_and_an_empty_list_forbids_one() -> None:
    forced = infer_unit(
        [{"role": "admin"}], hint="T", overrides=[Override(path="$.role", enum=("user", "admin"))]
    )
    assert field_of(forced, "role") == TypeExpr((ScalarType("str", enum=("admin", "user")),))
    statuses: list[JsonValue] = [{"status": s} for s in ["ON", "OFF"] * 10]
    forbidden = infer_unit(statuses, hint="T", overrides=[Override(path="$.status", enum=())])
    assert field_of(forbidden, "status") == TypeExpr((ScalarType("str"),))


def test_type_forces_a_scalar_or_a_format_or_any() -> None:
    document: JsonValue = {"created": "2021-01-01", "n": "5", "blob": {"a": [1]}}
    expr = infer_unit(
        [document],
        hint="T",
        overrides=[
            Override(path="$.created", type="date"),
            Override(path="$.n", type="str"),
            Override(path="$.blob", type="any"),
        ],
    )
    assert field_of(expr, "created") == TypeExpr((ScalarType("str", format="date"),))
    assert field_of(expr, "n") == TypeExpr((ScalarType("str"),))
    assert field_of(expr, "blob") == TypeExpr()


def test_required_and_nullable() -> None:
    expr = infer_unit(
        [{"nickname": "x", "age": None}],
        hint="T",
        overrides=[
            Override(path="$.nickname", required=False, nullable=True),
            Override(path="$.age", nullable=False),
        ],
    )
    nickname, age = object_type(expr).fields
    assert (nickname.required, nickname.type.nullable) == (False, True)
    assert age.type == TypeExpr((), nullable=False)


def test_name_sets_the_class_name_at_the_path() -> None:
    expr = infer_unit([{"me": {"id": 1}}], hint="T", overrides=[Override(path="$.me", name="Me")])
    assert object_type(field_of(expr, "me")).name == "Me"
    assert object_type(expr).name is None


def test_paths_match_however_they_are_quoted() -> None:
    documents: list[JsonValue] = [{"odd key": {"x": 1}, "data": [{"id": 1}]}]
    for path in ('$["odd key"]', "$['odd key']", "$.odd key"):
        expr = infer_unit(documents, hint="T", overrides=[Override(path=path, kind="map")])
        assert isinstance(field_of(expr, "odd key").variants[0], MapType), path
    for path in ("$.data[]", "$.data[*]"):
        expr = infer_unit(documents, hint="T", overrides=[Override(path=path, name="Row")])
        (row,) = type_at(expr, "$.data[]")
        assert isinstance(row, ObjectType) and row.name == "Row", path


def test_later_rules_for_a_path_win_attribute_by_attribute() -> None:
    expr = infer_unit(
        [{"x": "a"}],
        hint="T",
        overrides=[
            Override(path="$.x", type="int", required=False),
            Override(path="$.x", type="str"),
        ],
    )
    (x,) = object_type(expr).fields
    assert (x.type, x.required) == (TypeExpr((ScalarType("str"),)), False)


def test_map_values_and_tuple_positions_can_be_overridden() -> None:
    documents: list[JsonValue] = [
        {"rates": {"1": "a", "2": "b"}, "pair": [1, "x"]},
        {"pair": [2, "y"]},
    ]
    expr = infer_unit(
        documents,
        hint="T",
        overrides=[Override(path="$.rates.*", type="int"), Override(path="$.pair[1]", type="any")],
    )
    assert type_at(expr, "$.rates.*") == [ScalarType("int")]
    assert type_at(expr, "$.pair[1]") == []


def test_unreadable_or_unmatched_paths_change_nothing() -> None:
    plain = infer_unit([{"x": 1}], hint="T")
    for path in ("x", "$[", '$["x', "$.y"):
        assert (
            infer_unit([{"x": 1}], hint="T", overrides=[Override(path=path, type="str")]) == plain
        )
