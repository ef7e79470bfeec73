"""Every kind of change postc diff reports, with its level and the words of its line.

A kind has one level whatever the document: where the level depends on the case (a
success status added with a new body or with one callers already read, a closed or an
open enum), the cases are different kinds. ``docs/diff.md`` gives the reason for each.
The field kinds exist once per side: ``parameter`` and ``request-field`` are what callers
send (narrowing breaks them), ``response-field`` is what they read (widening breaks them).
"""

from __future__ import annotations

from dataclasses import dataclass

BREAKING = "breaking"
NON_BREAKING = "non-breaking"
DOCUMENTATION = "documentation"
LEVELS = (BREAKING, NON_BREAKING, DOCUMENTATION)


@dataclass(frozen=True)
class Kind:
    level: str
    phrase: str  # what happened, as the line says it


_ENDPOINT = {
    "endpoint-added": (NON_BREAKING, "new endpoint"),
    "endpoint-removed": (BREAKING, "endpoint removed: calls to it fail"),
    "operation-renamed": (BREAKING, "operationId changed: the generated method is renamed"),
    "tags-changed": (BREAKING, "tags (folders) changed: the generated method moves resource"),
    "merged-request-removed": (
        BREAKING,
        "a request sharing this endpoint is gone, and its generated method",
    ),
    "merged-request-added": (NON_BREAKING, "another request on this endpoint: a new method"),
    "summary-changed": (DOCUMENTATION, "summary changed"),
    "description-changed": (DOCUMENTATION, "description changed"),
    "servers-changed": (NON_BREAKING, "servers changed: the default host callers reach moves"),
    "api-servers-changed": (NON_BREAKING, "servers changed: the default host callers reach moves"),
    "security-added": (BREAKING, "now needs credentials: callers without them are refused"),
    "security-changed": (BREAKING, "a credential it accepted is no longer accepted"),
    "security-relaxed": (NON_BREAKING, "accepts more credentials (or none)"),
    "required-request-body-added": (BREAKING, "required request body added: callers must send it"),
    "request-body-added": (NON_BREAKING, "optional request body added"),
    "request-body-removed": (BREAKING, "request body removed: callers sending one break"),
    "request-body-now-required": (BREAKING, "now required"),
    "request-body-now-optional": (NON_BREAKING, "now optional"),
    "request-media-type-added": (NON_BREAKING, "media type added"),
    "request-media-type-removed": (
        BREAKING,
        "media type removed: callers sending it break",
    ),
    "required-parameter-added": (BREAKING, "new required parameter: every call must pass it"),
    "parameter-added": (NON_BREAKING, "new optional parameter"),
    "parameter-removed": (BREAKING, "parameter removed: callers passing it get a TypeError"),
    "parameter-now-required": (BREAKING, "parameter now required: calls without it break"),
    "parameter-now-optional": (NON_BREAKING, "parameter now optional"),
    "parameter-description-changed": (DOCUMENTATION, "description changed"),
    "success-status-added": (BREAKING, "new success status: callers may receive a new body shape"),
    "success-status-alias-added": (NON_BREAKING, "new success status with a body already returned"),
    "success-status-removed": (BREAKING, "success status removed: what callers read is gone"),
    "error-status-added": (NON_BREAKING, "new error status"),
    "error-status-removed": (
        BREAKING,
        "error status removed: its generated error class, which callers catch, is gone",
    ),
    "error-code-added": (NON_BREAKING, "new error code: a new generated error class"),
    "error-code-removed": (
        BREAKING,
        "error code removed: its generated error class, which callers catch, is gone",
    ),
    "response-media-type-added": (NON_BREAKING, "media type added"),
    "response-media-type-removed": (
        BREAKING,
        "media type removed: callers reading it break",
    ),
    "response-description-changed": (DOCUMENTATION, "description changed"),
    "required-request-field-added": (BREAKING, "new required field: callers must send it"),
}

# rule -> (level for what callers send, level for what they read, phrase)
_FIELD_RULES = {
    "added": (NON_BREAKING, NON_BREAKING, "new field"),
    "removed": (BREAKING, BREAKING, "removed: callers that {use} it break"),
    "now-required": (BREAKING, NON_BREAKING, "now required"),
    "now-optional": (NON_BREAKING, BREAKING, "now optional: may be absent"),
    "now-nullable": (NON_BREAKING, BREAKING, "now nullable"),
    "now-non-nullable": (BREAKING, NON_BREAKING, "no longer nullable"),
    "type-widened": (NON_BREAKING, BREAKING, "type widened"),
    "type-narrowed": (BREAKING, NON_BREAKING, "type narrowed"),
    "type-changed": (BREAKING, BREAKING, "type changed"),
    "now-enum": (BREAKING, NON_BREAKING, "now limited to enum cases"),
    "no-longer-enum": (NON_BREAKING, BREAKING, "no longer limited to enum cases"),
    "enum-case-added": (NON_BREAKING, BREAKING, "enum case added"),
    "enum-case-removed": (BREAKING, NON_BREAKING, "enum case removed"),
    "open-enum-case-added": (NON_BREAKING, NON_BREAKING, "known case of an open enum added"),
    "open-enum-case-removed": (NON_BREAKING, NON_BREAKING, "known case of an open enum removed"),
}

FIELD_PREFIXES = {"parameter": True, "request-field": True, "response-field": False}
"""Each family of field kinds, and whether callers send (True) or read (False) it."""


def _field_kinds() -> dict[str, Kind]:
    kinds = {}
    for prefix, sent in FIELD_PREFIXES.items():
        for rule, (sending, reading, phrase) in _FIELD_RULES.items():
            use = "send" if sent else "read"
            kinds[f"{prefix}-{rule}"] = Kind(sending if sent else reading, phrase.format(use=use))
    return kinds


KINDS: dict[str, Kind] = {
    **_field_kinds(),  # a parameter's own addition and removal are said as a parameter's:
    **{name: Kind(level, phrase) for name, (level, phrase) in _ENDPOINT.items()},
}
