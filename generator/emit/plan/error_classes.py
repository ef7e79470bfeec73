"""The exception classes of a client: one per (status, code) its error examples show, and
the models of error bodies (docs/runtime.md, "Errors")."""

from __future__ import annotations

from generator.annotations import qualified
from generator.emit.plan.shapes import ErrorClass
from generator.emit.plan.texts import Texts
from generator.ir import BodyBinding, Endpoint
from generator.naming.errors import error_class_name, is_error_code
from generator.naming.reserved import MODULE_SCOPE
from generator.naming.runtime_names import STATUS_ERRORS


class ErrorClasses:
    """The error classes made so far, by (status, code), and the names they may not take."""

    def __init__(
        self, bindings: dict[tuple[str, str, int | None], BodyBinding], texts: Texts
    ) -> None:
        self.bindings = bindings
        self.texts = texts
        self.classes: dict[tuple[int, str], ErrorClass] = {}
        # the models of error bodies, which errors.py imports beside the error classes
        models = {
            model
            for b in bindings.values()
            if b.role == "error" and (model := qualified(b.type).model) is not None
        }
        # the names error classes may not take: each other's, and what errors.py imports
        self.names = set(MODULE_SCOPE | models)

    def of(self, endpoint: Endpoint, identity: str) -> tuple[ErrorClass, ...]:
        """One class per (status, code) seen in this endpoint's error examples."""
        found: dict[tuple[int, str], ErrorClass] = {}
        for example in endpoint.examples:
            status = example.code
            document = example.json
            if status is None or status < 400 or document is None or not document.parsed:
                continue
            code = _error_code(document.value)
            if code is None or self.texts.redacted(code) != code:  # no class named after a secret
                continue
            binding = self.bindings.get((identity, "error", status))
            model = qualified(binding.type).model if binding else None
            made = self.classes.get((status, code))
            if made is None:
                base = STATUS_ERRORS.get(
                    status, "InternalServerError" if status >= 500 else "ApiStatusError"
                )
                taken = self.names
                name = error_class_name(code, status, taken)
                if name is None:
                    continue
                made = ErrorClass(name, base, status, code, model)
                self.classes[(status, code)] = made
                taken.add(name)
            found[(status, code)] = made
        return tuple(found[key] for key in sorted(found))


def _error_code(value: object) -> str | None:
    """An error code a body carries (``code``, ``error_code``, ``error.code``), as text."""
    found = _error_code_at(value)
    return found[1] if found is not None else None


def _error_code_at(value: object) -> tuple[str, str] | None:
    """The dotted field an error code is at, and the code (looked for down ``error``
    objects, which a body may nest as deep as it nests anything)."""
    prefix = ""
    while isinstance(value, dict):
        for key in ("code", "error_code", "errorCode"):
            code = value.get(key)
            if isinstance(code, str) and is_error_code(code):
                return prefix + key, code
        prefix, value = prefix + "error.", value.get("error")
    return None


def error_code_field(endpoint: Endpoint) -> str:
    """The field the runtime reads error codes from: the first error example's, else ``code``."""
    for example in endpoint.examples:
        document = example.json
        if example.code is None or example.code < 400 or document is None or not document.parsed:
            continue
        found = _error_code_at(document.value)
        if found is not None:
            return found[0]
    return "code"
