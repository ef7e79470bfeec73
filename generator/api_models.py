"""The infer and name stages over a whole collection: units, their types, named models.

``build_models`` is a pure function of the collection, the environment and the user's
overrides: units are collected in a canonical order, the string evidence of each endpoint
family is pooled (``generator.infer.shared``), each unit is inferred on its own with what
its family shares, joined by what the test scripts claim of the responses
(``generator.scripts.types``), and naming sees every place a type is used, so a shared
error envelope is one class. An endpoint with no saved success example gets a model from
its scripts' claims alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.infer import infer_unit
from generator.infer.shared import endpoint_family, share_strings
from generator.ir import ApiModels, BodyBinding, Collection, Environment, Override, TypeExpr
from generator.memo import InferenceMemo
from generator.naming.classes import Root, name_models
from generator.naming.reserved import MODEL_SCOPE
from generator.scripts.analyze import endpoint_scripts
from generator.scripts.facts import EndpointScripts
from generator.scripts.types import ScriptEvidence
from generator.units import Occurrence, Unit, collect_units


def build_models(
    collection: Collection,
    environment: Environment | None = None,
    overrides: Sequence[Override] = (),
    memo: InferenceMemo | None = None,
    scripts: Mapping[str, EndpointScripts] | None = None,
) -> ApiModels:
    """Infer and name the models of every JSON body in the collection (inferring through
    ``memo``, when given, what an earlier run inferred already); ``scripts``, by endpoint
    JSON path, are the analysed scripts (by default the collection's own)."""
    infer = memo.infer_unit if memo is not None else infer_unit
    variables = _variables(collection, environment)
    roots: list[Root] = []
    occurrences: list[Occurrence] = []
    units = collect_units(collection)
    analysed = endpoint_scripts(collection) if scripts is None else scripts
    evidence = ScriptEvidence(collection, analysed)
    shared = share_strings([(_family(unit), unit.documents) for unit in units], variables)
    for unit, given in zip(units, shared, strict=True):
        rules = [rule for rule in overrides if _applies(rule, unit)]
        inferred = infer(
            unit.documents,
            hint=unit.hint,
            overrides=rules,
            variables=variables,
            requests=_request_bodies(unit),
            shared=given,
        )
        inferred = evidence.refine(inferred, unit)
        for occurrence in unit.occurrences.values():
            roots.append(_root(inferred, occurrence))
            occurrences.append(occurrence)
    for occurrence, claimed in evidence.scripted_units():
        roots.append(_root(claimed, occurrence))
        occurrences.append(occurrence)
    named, models = name_models(roots, reserved=MODEL_SCOPE)
    bindings = tuple(
        BodyBinding(o.endpoint, o.operation, o.role, o.status, type_, o.examples)
        for o, type_ in zip(occurrences, named, strict=True)
    )
    return ApiModels(models=models, bindings=bindings)


def _root(type_: TypeExpr, occurrence: Occurrence) -> Root:
    """A body type to name, in the context of one place it occurs."""
    return Root(
        type=type_,
        operation=occurrence.operation,
        role=occurrence.role,
        status=occurrence.status,
        endpoint=occurrence.endpoint,
    )


def _variables(collection: Collection, environment: Environment | None) -> dict[str, str]:
    """Variable values by name, the environment's winning, as Postman resolves them."""
    values = {v.key: v.value for v in collection.variables if not v.disabled and v.value}
    if environment is not None:
        values |= {v.key: v.value for v in environment.values if not v.disabled and v.value}
    return values


def _family(unit: Unit) -> str | None:
    """The endpoint family whose bodies share evidence with the unit's; None for errors, which
    are clustered across endpoints and describe no resource."""
    if any(occurrence.role == "error" for occurrence in unit.occurrences.values()):
        return None
    (endpoint,) = {occurrence.endpoint for occurrence in unit.occurrences.values()}
    return endpoint_family(endpoint)


def _request_bodies(unit: Unit) -> bool:
    """Whether the unit holds request bodies (what callers send, not what the API answers)."""
    return all(occurrence.role == "request" for occurrence in unit.occurrences.values())


def _applies(rule: Override, unit: Unit) -> bool:
    """Whether an override's endpoint and status filters select any use of the unit."""
    return any(
        (rule.endpoint is None or rule.endpoint == occurrence.endpoint)
        and (rule.status is None or _status_matches(rule.status, occurrence))
        for occurrence in unit.occurrences.values()
    )


def _status_matches(selector: str, occurrence: Occurrence) -> bool:
    """``200`` exactly, ``4xx`` a class, ``request`` or ``error`` a role."""
    if selector in ("request", "error", "response"):
        return selector == occurrence.role
    if occurrence.status is None:
        return False
    if len(selector) == 3 and selector.endswith("xx"):
        return str(occurrence.status)[0] == selector[0]
    return selector == str(occurrence.status)
