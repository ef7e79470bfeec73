"""Two API surfaces -> the changes a caller meets, each classified (``generator.diff.kinds``).

Endpoints are matched by method and normalised path (``surface.normalised_path``), never
by Postman ids or names: a request renamed or moved to another folder is the same
endpoint, and its new operationId or tags are changes of that endpoint. Within a body,
only the topmost added or removed field is reported (a removed object, not each of its
fields). Values shown are masked as postc masks secrets in messages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator.diff.kinds import BREAKING, DOCUMENTATION, KINDS, LEVELS, NON_BREAKING
from generator.diff.schemas import Field
from generator.diff.surface import Body, Operation, Parameter, Response, Surface, api_surface
from generator.secrets import masked

SHOWN_TEXT = 60
"""Longer descriptions are cut in a change's line (the JSON keeps them whole)."""


@dataclass(frozen=True)
class Change:
    kind: str  # a key of generator.diff.kinds.KINDS
    level: str  # "breaking" | "non-breaking" | "documentation"
    operation: str  # "GET /users/{id}" as the new document writes it (the old for removals)
    where: str  # "query parameter limit", "response 200 field items[].id", "" for the op
    before: str | None
    after: str | None

    def line(self) -> str:
        """One line a reviewer reads in a pull request: level, operation, where, what."""
        return f"{self.level}: {self.text()}"

    def text(self) -> str:
        """The line without its level (the report groups changes by level)."""
        subject = f"{self.operation}: {self.where}" if self.where else self.operation
        return f"{subject}: {KINDS[self.kind].phrase}{self._values()}"

    def as_json(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "level": self.level,
            "operation": self.operation,
            "where": self.where,
            "before": self.before,
            "after": self.after,
        }

    def _values(self) -> str:
        before, after = _short(self.before), _short(self.after)
        if before is not None and after is not None:
            return f" ({before} -> {after})"
        if before is not None:
            return f" (was {before})"
        return f" ({after})" if after is not None else ""


def api_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[Change, ...]:
    """What changed for callers from the OpenAPI 3.1 document ``old`` to ``new``; raises
    ``generator.diff.schemas.DocumentError`` when one is malformed."""
    return surface_changes(api_surface(old), api_surface(new))


def form_notes(old: Surface, new: Surface) -> list[str]:
    """A note when postc openapi wrote the two documents in different forms (or one form
    and a document that does not say, as the first writer's): some changes may then be
    how the document is written (a response typed from scripts, a body no longer
    written), not what the API does."""
    if old.form == new.form:
        return []
    shown = [str(form) if form is not None else "not given" for form in (old.form, new.form)]
    return [
        f"OLD and NEW are written in different forms of postc openapi ({shown[0]} -> "
        f"{shown[1]}): some changes may be the writer's, not the API's"
    ]


def surface_changes(old: Surface, new: Surface) -> tuple[Change, ...]:
    """The changes between two surfaces, in a fixed order: level, then operation, then where."""
    found = list(_api_changes(old, new))
    order = {level: rank for rank, level in enumerate(LEVELS)}
    return tuple(
        sorted(
            set(found),
            key=lambda c: (
                order[c.level],
                c.operation,
                c.where,
                c.kind,
                c.before or "",
                c.after or "",
            ),
        )
    )


def suggested_bump(changes: Sequence[Change]) -> str:
    """The semantic version bump the changes call for: major, minor, patch or none."""
    levels = {change.level for change in changes}
    if BREAKING in levels:
        return "major"
    if NON_BREAKING in levels:
        return "minor"
    return "patch" if DOCUMENTATION in levels else "none"


def _change(kind: str, operation: str, where: str, before: str | None, after: str | None) -> Change:
    shown = (
        masked(before) if before is not None else None,
        masked(after) if after is not None else None,
    )
    return Change(kind, KINDS[kind].level, masked(operation), masked(where), *shown)


def _api_changes(old: Surface, new: Surface) -> Iterator[Change]:
    if old.servers[:1] != new.servers[:1]:  # the default server; the others are alternatives
        default = (_list(old.servers[:1]) or None, _list(new.servers[:1]) or None)
        yield _change("api-servers-changed", "API", "", *default)
    pairs, removed, added = matched(old.operations, new.operations)
    for op in removed:
        yield _change("endpoint-removed", op.label, "", None, None)
    for op in added:
        yield _change("endpoint-added", op.label, "", None, None)
    for was, now in pairs:
        yield from _operation_changes(was, now)


def matched(
    old: tuple[Operation, ...], new: tuple[Operation, ...]
) -> tuple[list[tuple[Operation, Operation]], list[Operation], list[Operation]]:
    """Operations paired across versions: the same method and path as written first, then
    the same normalised key (``GET /users/{}``) where it names one operation on each side.
    A document may hold two paths that differ only by parameter names (postc writes the
    collection's own: ``/assets/{asset_uid}`` beside ``/assets/{asset_type}``); those pair
    as written or not at all. Also: (old unpaired, new unpaired)."""
    exact = {(op.method, op.path): op for op in new}
    pairs = [(op, exact[(op.method, op.path)]) for op in old if (op.method, op.path) in exact]
    paired_old = {id(was) for was, _ in pairs}
    paired_new = {id(now) for _, now in pairs}
    rest_old = [op for op in old if id(op) not in paired_old]
    rest_new = [op for op in new if id(op) not in paired_new]
    by_key_old = _unique_keys(rest_old)
    by_key_new = _unique_keys(rest_new)
    for key in by_key_old.keys() & by_key_new.keys():
        pairs.append((by_key_old[key], by_key_new[key]))
    paired_old = {id(was) for was, _ in pairs}
    paired_new = {id(now) for _, now in pairs}
    return (
        pairs,
        [op for op in old if id(op) not in paired_old],
        [op for op in new if id(op) not in paired_new],
    )


def _unique_keys(operations: list[Operation]) -> dict[str, Operation]:
    """The operations whose normalised key no other of the list has."""
    counts = Counter(op.key for op in operations)
    return {op.key: op for op in operations if counts[op.key] == 1}


def _operation_changes(old: Operation, new: Operation) -> Iterator[Change]:
    label = new.label
    for kind, was, now in (
        ("operation-renamed", old.operation_id, new.operation_id),
        ("tags-changed", _list(old.tags), _list(new.tags)),
        ("summary-changed", old.summary, new.summary),
        ("description-changed", old.description, new.description),
        ("servers-changed", _list(old.servers), _list(new.servers)),
    ):
        if was != now:
            yield _change(kind, label, "", was or None, now or None)
    yield from _call_changes(old, new)
    yield from _security_changes(old, new)
    yield from _parameter_changes(label, old.parameters, new.parameters)
    yield from _request_changes(label, old, new)
    yield from _response_changes(label, old.responses, new.responses)


def _call_changes(old: Operation, new: Operation) -> Iterator[Change]:
    """Requests merged into one operation: one dropped takes its generated method along,
    though the endpoint stays. (A lone request renamed is ``operation-renamed``.)"""
    if len(old.calls) < 2 and len(new.calls) < 2:
        return
    for call in sorted(old.calls - new.calls):
        yield _change("merged-request-removed", new.label, "", call, None)
    for call in sorted(new.calls - old.calls):
        yield _change("merged-request-added", new.label, "", None, call)


def _security_changes(old: Operation, new: Operation) -> Iterator[Change]:
    if old.security == new.security:
        return
    shown = (_security_text(old.security), _security_text(new.security))
    if frozenset() in new.security or old.security <= new.security:
        yield _change("security-relaxed", new.label, "security", *shown)
    elif frozenset() in old.security:
        yield _change("security-added", new.label, "security", *shown)
    else:
        yield _change("security-changed", new.label, "security", *shown)


def _security_text(alternatives: frozenset[frozenset[str]]) -> str:
    options = sorted(" + ".join(sorted(schemes)) or "none" for schemes in alternatives)
    return " or ".join(options) or "none"


def _parameter_changes(
    label: str, old: tuple[Parameter, ...], new: tuple[Parameter, ...]
) -> Iterator[Change]:
    before = {(p.location, p.key): p for p in old}
    after = {(p.location, p.key): p for p in new}
    for key, param in before.items():
        if key not in after:
            yield _change(
                "parameter-removed", label, _parameter_where(param), _types(param.fields), None
            )
    for key, param in after.items():
        where = _parameter_where(param)
        if key not in before:
            kind = "required-parameter-added" if param.required else "parameter-added"
            yield _change(kind, label, where, None, _types(param.fields))
            continue
        was = before[key]
        if was.required != param.required:
            kind = "parameter-now-required" if param.required else "parameter-now-optional"
            yield _change(kind, label, where, None, None)
        if was.description != param.description:
            yield _change(
                "parameter-description-changed",
                label,
                where,
                was.description or None,
                param.description or None,
            )
        yield from _field_changes(
            "parameter", label, partial(_joined, where), was.fields, param.fields
        )


def _parameter_where(param: Parameter) -> str:
    return f"{param.location} parameter {param.name}"


def _request_changes(label: str, old: Operation, new: Operation) -> Iterator[Change]:
    if not old.request_bodies and not new.request_bodies:
        return
    if not new.request_bodies:
        yield _change("request-body-removed", label, "request body", None, None)
        return
    if not old.request_bodies:
        kind = "required-request-body-added" if new.request_required else "request-body-added"
        yield _change(
            kind, label, "request body", None, _list(b.media_type for b in new.request_bodies)
        )
        return
    if old.request_required != new.request_required:
        kind = "request-body-now-required" if new.request_required else "request-body-now-optional"
        yield _change(kind, label, "request body", None, None)
    yield from _bodies_changes(label, "request", old.request_bodies, new.request_bodies)


def _bodies_changes(
    label: str, side: str, old: tuple[Body, ...], new: tuple[Body, ...]
) -> Iterator[Change]:
    """Bodies matched by media type; ``side`` is "request" or "response 200"."""
    before = {body.media_type: body for body in old}
    after = {body.media_type: body for body in new}
    sent = side == "request"
    media = "request-media-type" if sent else "response-media-type"
    prefix = "request-field" if sent else "response-field"
    for kind in before.keys() - after.keys():
        yield _change(f"{media}-removed", label, f"{side} body", kind, None)
    for kind, body in after.items():
        if kind not in before:
            yield _change(f"{media}-added", label, f"{side} body", None, kind)
            continue
        named = side if len(after) == 1 and kind == "application/json" else f"{side} {kind}"

        def where(path: str, named: str = named) -> str:
            return f"{named} field {path}" if path else f"{named} body"

        yield from _field_changes(prefix, label, where, before[kind].fields, body.fields)


def _response_changes(
    label: str, old: tuple[Response, ...], new: tuple[Response, ...]
) -> Iterator[Change]:
    before = {response.status: response for response in old}
    after = {response.status: response for response in new}
    for status, response in before.items():
        if status not in after:
            kind = "success-status-removed" if response.success else "error-status-removed"
            yield _change(kind, label, f"response {status}", None, None)
    for status, response in after.items():
        where = f"response {status}"
        if status not in before:
            yield _change(_added_status(response, old), label, where, None, None)
            continue
        was = before[status]
        if was.description != response.description:
            yield _change(
                "response-description-changed",
                label,
                where,
                was.description or None,
                response.description or None,
            )
        yield from _error_class_changes(label, where, was, response)
        yield from _bodies_changes(label, where, was.bodies, response.bodies)


def _error_class_changes(label: str, where: str, old: Response, new: Response) -> Iterator[Change]:
    """Error codes of one status whose generated class appears or goes (by code), where
    both documents say which classes there are."""
    if old.error_classes is None or new.error_classes is None:
        return
    before, after = dict(old.error_classes), dict(new.error_classes)
    for code in sorted(before.keys() - after.keys()):
        yield _change("error-code-removed", label, f"{where} error code {code}", before[code], None)
    for code in sorted(after.keys() - before.keys()):
        yield _change("error-code-added", label, f"{where} error code {code}", None, after[code])


def _added_status(response: Response, old: tuple[Response, ...]) -> str:
    """A new success status whose bodies an old success status already returns gives
    callers nothing new to read."""
    if not response.success:
        return "error-status-added"
    if any(was.success and was.bodies == response.bodies for was in old):
        return "success-status-alias-added"
    return "success-status-added"


def _field_changes(
    prefix: str,
    label: str,
    where: Callable[[str], str],
    old: tuple[Field, ...],
    new: tuple[Field, ...],
) -> Iterator[Change]:
    """Changes of one body's (or parameter's) fields; ``where(path)`` names a field."""
    before = {field.path: field for field in old}
    after = {field.path: field for field in new}
    sending = prefix != "response-field"
    for path, field in before.items():
        if path not in after and (field.parent is None or field.parent in after):
            yield _change(f"{prefix}-removed", label, where(path), _field_types(field), None)
    for path, field in after.items():
        if path not in before:
            if field.parent is None or field.parent in before:
                required = sending and field.required
                kind = f"required-{prefix}-added" if required else f"{prefix}-added"
                yield _change(kind, label, where(path), None, _field_types(field))
            continue
        yield from _field_rules(prefix, label, where(path), before[path], field)


def _field_rules(prefix: str, label: str, where: str, old: Field, new: Field) -> Iterator[Change]:
    if old.required != new.required and new.parent is not None:
        yield _change(
            f"{prefix}-now-{'required' if new.required else 'optional'}", label, where, None, None
        )
    if ("null" in old.types) != ("null" in new.types):
        rule = "now-nullable" if "null" in new.types else "now-non-nullable"
        yield _change(f"{prefix}-{rule}", label, where, _field_types(old), _field_types(new))
    lost = _uncovered(old.types - {"null"}, new.types)  # values no longer allowed
    gained = _uncovered(new.types - {"null"}, old.types)  # values newly allowed
    if lost or gained:
        rule = (
            "type-changed" if lost and gained else ("type-widened" if gained else "type-narrowed")
        )
        yield _change(f"{prefix}-{rule}", label, where, _field_types(old), _field_types(new))
    yield from _case_changes(prefix, label, where, old, new)


def _case_changes(prefix: str, label: str, where: str, old: Field, new: Field) -> Iterator[Change]:
    if old.closed != new.closed:
        rule = "now-enum" if new.closed else "no-longer-enum"
        yield _change(f"{prefix}-{rule}", label, where, _cases(old), _cases(new))
        return
    family = "enum-case" if new.closed else "open-enum-case"
    added, removed = new.cases - old.cases, old.cases - new.cases
    if added:
        yield _change(f"{prefix}-{family}-added", label, where, None, _list(sorted(added)))
    if removed:
        yield _change(f"{prefix}-{family}-removed", label, where, _list(sorted(removed)), None)


def _uncovered(types: frozenset[str], others: frozenset[str]) -> set[str]:
    """The types of ``types`` that no type of ``others`` takes in (``integer`` fits in
    ``number``, a formatted string in ``string``, anything in ``any``)."""
    return {t for t in types if not _covered(t, others)}


def _covered(kind: str, others: frozenset[str]) -> bool:
    return (
        kind in others
        or "any" in others
        or (kind == "integer" and "number" in others)
        or (kind.startswith("string(") and "string" in others)
    )


def _joined(where: str, path: str) -> str:
    return f"{where} {path}" if path else where


def _types(fields: tuple[Field, ...]) -> str | None:
    root = next((field for field in fields if field.path == ""), None)
    return _field_types(root) if root else None


def _field_types(field: Field) -> str:
    return " | ".join(sorted(field.types)) or "nothing"


def _cases(field: Field) -> str | None:
    return _list(sorted(field.cases)) if field.cases else None


def _list(values: Iterable[str]) -> str:
    return ", ".join(values)


def _short(text: str | None) -> str | None:
    if text is None:
        return None
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN_TEXT else flat[: SHOWN_TEXT - 1] + "…"
