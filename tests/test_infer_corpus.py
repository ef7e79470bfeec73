"""Self-acceptance: the type inferred for a unit accepts every document of the unit,
for every unit of the real collections in ../shared/corpus and every inference sample."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.infer import infer_unit
from generator.ir import JsonValue, TupleType
from tests.test_infer_helpers import (
    accepts,
    corpus_units,
    mutants,
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


# Units whose mutants are rightly accepted, by (file, unit key): the key they change is no
# required field of a class, by a rule of docs/inference.md
IMPRECISE_BY_RULE = {
    # faker keys beside real keys are dropped from the class (docs/inference.md, "Faker keys")
    (
        "box__box-postman__box-collection.json",
        "request PUT /storage_policy_assignments/{storage_policy_assignment_id}",
    ): "adipisicingf3 is a faker key",
    (
        "box__box-postman__box-collection.json",
        "request PUT /terms_of_services/{terms_of_service_id}",
    ): "nisi14a is a faker key",
    # three provider-specific bodies sharing 2 of their 14 keys, every value a string: a map
    (
        "cassianobein__mongodb-atlas-api-resources__MongoDB_Atlas.postman_collection.json",
        "request PATCH /api/atlas/{version}/groups/{ProjectID}/peers/{PEER-ID}",
    ): "a map of strings",
    (
        "cassianobein__mongodb-atlas-api-resources__MongoDB_Atlas.postman_collection.json",
        "request POST /api/atlas/{version}/groups/{ProjectID}/peers",
    ): "a map of strings",
}


def test_every_corpus_unit_refuses_a_missing_or_wrongly_typed_field() -> None:
    """Precision: a key every document of a unit has, always of one JSON kind, is a required
    field of that kind; a document without it, or with a value of another kind, is refused
    (an inference that answers ``Any`` accepts both). Every collection with an object body
    has such checks, so none passes for want of them."""
    requires_shared()
    checks: Counter[str] = Counter()
    accepted: list[tuple[str, str, str, str]] = []
    imprecise: set[tuple[str, str]] = set()
    for file, key, documents, variables in corpus_units():
        expr = infer_unit(documents, hint=key, variables=variables)
        for change, field, mutant in mutants(list(documents)):
            checks[file] += 1
            if not accepts(expr, mutant, variables):
                continue
            if (file, key) in IMPRECISE_BY_RULE:
                imprecise.add((file, key))
            else:
                accepted.append((file, key, field, change))
    assert accepted == []
    assert imprecise == set(IMPRECISE_BY_RULE)  # each exception is still needed
    with_objects = {f for f, _, ds, _ in corpus_units() if any(isinstance(d, dict) for d in ds)}
    assert with_objects and all(checks[file] > 0 for file in with_objects)
    assert sum(checks.values()) > 5000


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
