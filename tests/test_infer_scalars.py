"""Numbers, booleans and mixed kinds (inference.md §7.4): never a coercion."""

from __future__ import annotations

from generator.infer import infer_unit
from generator.ir import JsonValue, ListType, ScalarType, TypeExpr
from tests.test_infer_helpers import field_of


def items_of(values: list[JsonValue]) -> TypeExpr:
    expr = infer_unit([{"x": values}], hint="T")
    (array,) = field_of(expr, "x").variants
    assert isinstance(array, ListType)
    return array.items


def test_int_and_float_give_float() -> None:
    assert items_of([1, 2.5, 3]) == TypeExpr((ScalarType("float"),))


def test_integral_floats_in_the_text_stay_float() -> None:
    assert items_of([1.0, 2.0]) == TypeExpr((ScalarType("float"),))


def test_bool_never_merges_with_numbers() -> None:
    assert items_of([True, 1, 0, False, 2]) == TypeExpr((ScalarType("int"), ScalarType("bool")))


def test_numeric_and_boolean_strings_stay_strings() -> None:
    assert items_of(["5", "007", "true", "1.5"]) == TypeExpr((ScalarType("str"),))


def test_mixed_kinds_are_a_union_by_frequency_then_kind_name() -> None:
    assert items_of([1, "a", "b"]) == TypeExpr((ScalarType("str"), ScalarType("int")))
    assert items_of(["a", 1]) == TypeExpr((ScalarType("int"), ScalarType("str")))
    assert items_of([1, "5", None]) == TypeExpr((ScalarType("int"), ScalarType("str")), True)


def test_ints_beyond_64_bits_are_ints() -> None:
    assert items_of([2**64 + 1, -(2**200), 10**5000]) == TypeExpr((ScalarType("int"),))


def test_non_finite_floats_are_floats() -> None:
    assert items_of([float("nan"), float("inf"), 1]) == TypeExpr((ScalarType("float"),))


def test_scalar_roots() -> None:
    assert infer_unit(["a", "b"], hint="T") == TypeExpr((ScalarType("str"),))
    assert infer_unit([None], hint="T") == TypeExpr((), nullable=True)
    assert infer_unit([], hint="T") == TypeExpr()
