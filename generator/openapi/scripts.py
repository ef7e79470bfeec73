"""An operation's scripts: ``x-postman-scripts``, each request's own pre-request and test
scripts as source lines, and ``x-postc-assertions``, what the tests of the scripts that
run for it (the collection's, its folders', its own) assert as postc translates them for
the generated tests (``generator.emit.script_tests``): per test, each translated check's
subject, matcher, values and JavaScript, and the JavaScript postc could not translate.
Every text is redacted as generated files are."""

from __future__ import annotations

from typing import Any

from generator.emit.script_tests import Assertion, Condition, ScriptCase, script_cases
from generator.ir import Endpoint
from generator.openapi.context import Context


def postman_scripts(context: Context, endpoint: Endpoint) -> list[dict[str, Any]]:
    """The request's own enabled scripts, by request name (an operation can unite several
    requests)."""
    return [
        {
            "request": context.text(endpoint.name),
            "listen": event.listen,
            "exec": context.text(event.source).split("\n"),
        }
        for event in endpoint.events
        if event.source.strip() and not event.disabled
    ]


def assertions(context: Context, method_name: str, endpoint: Endpoint) -> list[dict[str, Any]]:
    """The translated tests of the scripts that run for the request."""
    scripts = context.scripts.get(endpoint.json_path)
    return [_test(case) for case in script_cases(method_name, scripts, (), context.text)]


def _test(case: ScriptCase) -> dict[str, Any]:
    made: dict[str, Any] = {"test": case.title, "checks": list(map(_check, case.assertions))}
    if case.untranslated:
        made["untranslated"] = list(case.untranslated)
    return made


def _check(assertion: Assertion) -> dict[str, Any]:
    made = _condition(assertion.condition)
    if assertion.guards:
        made["guards"] = [_condition(guard) for guard in assertion.guards]
    made["js"] = assertion.js
    return made


def _condition(condition: Condition) -> dict[str, Any]:
    subject = condition.subject
    made: dict[str, Any] = {"subject": subject.kind}
    if subject.name:
        made["name"] = subject.name
    if subject.path:
        made["path"] = list(subject.path)
    if subject.literal is not None:
        made["literal"] = subject.literal.value
    if subject.length:
        made["length"] = True
    made["matcher"] = condition.matcher
    if condition.path:
        made["property"] = list(condition.path)
    if condition.values:
        made["values"] = [value.value for value in condition.values]
    if condition.pattern is not None:
        made["pattern"] = condition.pattern.pattern
    if condition.negated:
        made["negated"] = True
    return made
