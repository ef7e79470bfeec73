"""Open enums only with evidence (inference.md §7.6, deviations in docs/inference.md)."""

from __future__ import annotations

from generator.infer import infer_unit
from generator.ir import JsonValue, ScalarType, TypeExpr
from tests.test_infer_helpers import field_of, type_at


def statuses(values: list[JsonValue], key: str = "status", per_document: int = 1) -> TypeExpr:
    """The type of ``key`` over documents holding ``per_document`` values each."""
    documents: list[JsonValue] = [
        {"items": [{key: value} for value in values[i : i + per_document]]}
        for i in range(0, len(values), per_document)
    ]
    return TypeExpr(tuple(type_at(infer_unit(documents, hint="T"), f"$.items[].{key}")))


def enum_of(expr: TypeExpr) -> tuple[str, ...]:
    (variant,) = expr.variants
    assert isinstance(variant, ScalarType)
    return variant.enum


def test_a_categorical_key_with_enough_evidence_is_an_open_enum_with_sorted_cases() -> None:
    values: list[JsonValue] = ["FAILED", "COMPLETED", "COMPLETED", "FAILED", "COMPLETED"] * 2
    assert enum_of(statuses(values)) == ("COMPLETED", "FAILED")


def test_a_single_value_never_becomes_an_enum() -> None:
    assert enum_of(statuses(["COMPLETED"] * 40)) == ()


def test_too_few_occurrences_are_no_enum() -> None:
    assert enum_of(statuses(["A", "B"] * 4)) == ()


def test_too_many_cases_for_the_occurrences_are_no_enum() -> None:
    values: list[JsonValue] = ["A", "B", "C", "D"] * 3  # 4 cases > sqrt(12)
    assert enum_of(statuses(values)) == ()


def test_one_or_two_documents_need_twenty_occurrences() -> None:
    values: list[JsonValue] = ["OPEN", "CLOSED"] * 6
    assert enum_of(statuses(values, per_document=12)) == ()
    assert enum_of(statuses(values * 2, per_document=24)) == ("CLOSED", "OPEN")


def test_a_key_that_is_no_category_needs_the_set_to_recur_elsewhere() -> None:
    values: list[JsonValue] = ["red", "blue"] * 6
    assert enum_of(statuses(values, key="colour")) == ()
    documents: list[JsonValue] = [
        {"items": [{"colour": v}], "other": [{"paint": v}]} for v in values
    ]
    expr = infer_unit(documents, hint="T")
    (colour,) = type_at(expr, "$.items[].colour")
    (paint,) = type_at(expr, "$.other[].paint")
    assert colour == paint == ScalarType("str", enum=("blue", "red"))


def test_sibling_copies_and_recurring_ids_are_no_enum() -> None:
    documents: list[JsonValue] = [
        {"initial": v, "international_initial": v, "owner_id": v, "account": {"owner_id": v}}
        for v in ["A", "B", "C"] * 4
    ]
    expr = infer_unit(documents, hint="T")
    assert type_at(expr, "$.initial") == [ScalarType("str")]
    assert type_at(expr, "$.owner_id") == [ScalarType("str")]


def test_cases_must_be_identifier_like_and_not_numeric_nor_placeholders() -> None:
    assert enum_of(statuses(["in progress", "done"] * 10)) == ()
    assert enum_of(statuses(["1", "2"] * 10)) == ()
    assert enum_of(statuses(["<string>", "done", "open"] * 10)) == ("done", "open")


def test_variables_are_no_enum_evidence() -> None:
    assert enum_of(statuses(["{{status}}", "done"] * 10)) == ()


def test_same_key_enums_that_overlap_share_their_cases() -> None:
    documents: list[JsonValue] = [
        {"a": [{"state": s}], "b": [{"state": t}]}
        for s, t in [("ON", "ON"), ("OFF", "OFF"), ("ON", "UNKNOWN"), ("OFF", "OFF")] * 5
    ]
    expr = infer_unit(documents, hint="T")
    assert type_at(expr, "$.a[].state") == [ScalarType("str", enum=("OFF", "ON", "UNKNOWN"))]
    assert type_at(expr, "$.b[].state") == [ScalarType("str", enum=("OFF", "ON", "UNKNOWN"))]


def test_an_enum_position_still_accepts_nulls_and_other_kinds() -> None:
    values: list[JsonValue] = ["ON", "OFF", None, 3] * 5
    expr = infer_unit([{"state": v} for v in values], hint="T")
    assert field_of(expr, "state") == TypeExpr(
        (ScalarType("str", enum=("OFF", "ON")), ScalarType("int")), nullable=True
    )
