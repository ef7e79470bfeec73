"""Self-acceptance: the type inferred for a unit accepts every document of the unit,
for every unit of the real collections in ../shared/corpus and every inference sample."""

from __future__ import annotations

import pytest

from generator.infer import infer_unit
from generator.ir import JsonValue, TupleType
from tests.test_infer_helpers import (
    accepts,
    corpus_units,
    requires_shared,
    sample,
    sample_names,
    type_at,
)


@pytest.mark.parametrize("name", sample_names() or ["(missing)"])
def test_each_sample_is_accepted_by_the_type_inferred_from_it(name: str) -> None:
    requires_shared()
    document = sample(name)
    assert accepts(infer_unit([document], hint=name), document)


def test_samples_inferred_together_accept_each_other() -> None:
    requires_shared()
    documents: list[JsonValue] = [sample(name) for name in sample_names()]
    expr = infer_unit(documents, hint="Everything")
    assert all(accepts(expr, document) for document in documents)


def test_every_corpus_unit_accepts_its_documents() -> None:
    requires_shared()
    units = corpus_units()
    assert len(units) > 1000
    rejected: list[tuple[str, str]] = []
    for file, key, documents, variables in units:
        expr = infer_unit(documents, hint=key, variables=variables)
        rejected.extend((file, key) for d in documents if not accepts(expr, d, variables))
    assert rejected == []


def test_corpus_units_do_not_depend_on_example_order() -> None:
    requires_shared()
    for _, key, documents, variables in corpus_units():
        if len(documents) > 1:
            forward = infer_unit(documents, hint=key, variables=variables)
            backward = infer_unit(documents[::-1], hint=key, variables=variables)
            assert repr(forward) == repr(backward), key


def test_quandl_rows_of_fixed_length_are_tuples() -> None:
    requires_shared()
    quandl = infer_unit([sample("a0496.json")], hint="Dataset")
    (rows,) = type_at(quandl, "$.data[]")
    assert isinstance(rows, TupleType)
    assert len(rows.items) == 69
