"""The assertion vocabulary: chai's words and flags, chai-postman's assertions on the whole
response (``pm.response.to.have.status(200)``), JavaScript's comparison operators, and how
each becomes a contract ``Check``. The walker (``analyze``) reads the subject of a check;
this module knows what the words after it mean."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeAlias

from tree_sitter import Node

from generator.scripts.errors import UntranslatableError
from generator.scripts.facts import Argument, Check, Regex, Value
from generator.scripts.nodes import member_object, member_property
from generator.scripts.parse import arguments, callee, dotted, text, unwrap
from generator.scripts.paths import below, lodash_path

# One link of a chain after its base: a name, with its arguments when it is called.
Step: TypeAlias = "tuple[str, list[Node] | None]"

# chai words that only read well, and the flags that change a matcher.
CHAIN_WORDS = frozenset(
    {"to", "be", "been", "is", "that", "which", "and", "has", "have", "with", "at", "of"}
    | {"same", "but", "does", "still", "also"}
)

# Called matchers: chai name -> contract matcher.
CALLED = {
    "equal": "equal",
    "equals": "equal",
    "eq": "equal",
    "eql": "eql",
    "eqls": "eql",
    "include": "include",
    "includes": "include",
    "contain": "include",
    "contains": "include",
    "a": "a",
    "an": "a",
    "property": "property",
    "lengthOf": "length",
    "length": "length",
    "above": "above",
    "gt": "above",
    "greaterThan": "above",
    "below": "below",
    "lt": "below",
    "lessThan": "below",
    "least": "least",
    "gte": "least",
    "most": "most",
    "lte": "most",
    "within": "within",
    "oneOf": "one_of",
    "match": "match",
    "matches": "match",
}

# Matchers written as properties (``.to.be.empty``).
PROPERTIES = {
    "ok": "ok",
    "true": "true",
    "false": "false",
    "null": "null",
    "undefined": "undefined",
    "exist": "exist",
    "empty": "empty",
}

# How many arguments a called matcher reads (one when not named here).
ARITY = {"property": 2, "nested_property": 2, "within": 2}

# pm.response.to.be.<name>: a class of status codes, or one code.
_STATUS_CLASSES = {
    "success": "success",
    "info": "info",
    "redirection": "redirection",
    "clientError": "client_error",
    "serverError": "server_error",
    "error": "error",
}
_STATUS_NAMES = {
    "ok": 200,
    "accepted": 202,
    "withoutContent": 204,
    "badRequest": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "notFound": 404,
    "notAcceptable": 406,
    "rateLimited": 429,
}

# Binary operators of a comparison -> (matcher, negated), and their mirror image for a
# literal written on the left (``200 === code``).
COMPARISONS = {
    "===": ("equal", False),
    "==": ("equal", False),
    "!==": ("equal", True),
    "!=": ("equal", True),
    ">": ("above", False),
    "<": ("below", False),
    ">=": ("least", False),
    "<=": ("most", False),
}
MIRRORED = {">": "<", "<": ">", ">=": "<=", "<=": ">="}


def flatten(expression: Node) -> tuple[Node | None, list[Step]]:
    """A chain as its base (the ``pm.expect(...)`` call or ``pm.response``) and the steps
    after it, in order: a name with its arguments when called, None when only read. One
    look at each link: this runs on every assertion."""
    steps: list[Step] = []
    node = unwrap(expression)
    while True:
        kind = node.type
        args: list[Node] | None = None
        call = node
        if kind == "call_expression":
            args = arguments(node)
            node = unwrap(callee(node))
            kind = node.type
            if kind == "identifier":
                return (call, steps[::-1]) if text(node) == "expect" else (None, [])
        if kind != "member_expression":
            return None, []
        target = unwrap(member_object(node))
        name = member_property(node)
        if target.type == "identifier" and text(target) == "pm":
            if name == "response" and args is None:
                return node, steps[::-1]
            if name == "expect" and args is not None:
                return call, steps[::-1]
        elif args is not None and name == "expect" and dotted(target) == "chai":
            return call, steps[::-1]
        steps.append((name, args))
        node = target


def response_assertions(steps: list[Step], argument: Callable[[Node], Argument]) -> list[Check]:
    """``pm.response.to.<...>``: chai-postman's assertions on the whole response, their
    arguments read as constants by ``argument``."""
    checks: list[Check] = []
    negated = False
    for name, args in steps:
        if args is None and name in CHAIN_WORDS:
            continue
        if args is None and name == "not":
            negated = True
        elif args is None and name in _STATUS_NAMES:
            checks.append(
                Check(Value("status", "pm.response.code"), "equal", (_STATUS_NAMES[name],), negated)
            )
        elif args is None and name in _STATUS_CLASSES:
            status = Value("status", "pm.response.code")
            checks.append(Check(status, "status_class", (_STATUS_CLASSES[name],), negated))
        elif args is not None and name == "status":
            checks.append(_status_check([argument(a) for a in args], negated))
        elif args is not None and name == "header":
            checks.append(_header_check([argument(a) for a in args], negated))
        elif args is not None and name == "body":
            checks.append(_body_check([argument(a) for a in args], negated))
        elif args is not None and name == "jsonBody":
            checks.append(_json_body_check([argument(a) for a in args], negated))
        elif args is not None and name == "jsonSchema" and args:
            schema = argument(args[0])
            checks.append(
                Check(
                    Value("json", "pm.response.json()"),
                    "json_schema",
                    (schema, "draft-07"),
                    negated,
                )
            )
        else:
            raise UntranslatableError(f"the assertion pm.response.to.{name} is not translated")
    if not checks:
        raise UntranslatableError("pm.response.to without an assertion")
    return checks


def _status_check(args: list[Argument], negated: bool) -> Check:
    """``have.status(200)`` or ``have.status("OK")``: the code or the reason."""
    if len(args) != 1:
        raise UntranslatableError("status() takes one code or reason")
    (expected,) = args
    if isinstance(expected, str):
        return Check(Value("reason", "pm.response.status"), "equal", (expected,), negated)
    if isinstance(expected, int) and not isinstance(expected, bool):
        return Check(Value("status", "pm.response.code"), "equal", (expected,), negated)
    raise UntranslatableError("status() with something else than a code or a reason")


def _header_check(args: list[Argument], negated: bool) -> Check:
    """``have.header("name")``: present; ``("name", v)``: equal to ``v``."""
    if not args or not isinstance(args[0], str):
        raise UntranslatableError("header() without a constant name")
    subject = Value("header", f"pm.response.headers.get({args[0]!r})", name=args[0])
    if len(args) == 1:
        return Check(subject, "has_header", (), negated)
    return Check(subject, "equal", (args[1],), negated)


def _body_check(args: list[Argument], negated: bool) -> Check:
    """``have.body()``: not empty; ``("s")``: exactly; ``(/re/)``; ``({...})``: deep equal."""
    text_value = Value("text", "pm.response.text()")
    if not args:
        return Check(text_value, "empty", (), not negated)
    (expected,) = args[:1]
    if isinstance(expected, str):
        return Check(text_value, "equal", (expected,), negated)
    if isinstance(expected, Regex):
        return Check(text_value, "match", (expected,), negated)
    return Check(Value("json", "pm.response.json()"), "eql", (expected,), negated)


def _json_body_check(args: list[Argument], negated: bool) -> Check:
    """``have.jsonBody("a.b[0]"[, v])``: lodash ``_.has`` / ``_.isEqual(_.get(...))``."""
    if not args or not isinstance(args[0], str):
        raise UntranslatableError("jsonBody() without a constant path")
    subject = Value("json", f"pm.response.json().{args[0]}", path=lodash_path(args[0]))
    if len(args) == 1:
        return Check(subject, "undefined", (), not negated)
    return Check(subject, "eql", (args[1],), negated)


def subject_after(check: Check, subject: Value) -> Value:
    """chai's ``property(name)`` makes the property the subject of the rest of the chain."""
    if check.matcher == "property" and not check.negated and isinstance(check.arguments[0], str):
        return below(subject, check.arguments[0], f"{subject.js}[{check.arguments[0]!r}]")
    return subject


def negation(checks: list[Check] | None) -> list[Check] | None:
    """The opposite of one check; None for a conjunction (not one check)."""
    if checks is None or len(checks) != 1:
        return None
    (check,) = checks
    return [replace(check, negated=not check.negated)]


def as_stated(check: Check, guard: tuple[Check, ...], js: str, where: int) -> Check:
    """``check`` as the statement ``js`` on line ``where`` under ``guard`` says it."""
    return Check(
        check.subject,
        check.matcher,
        check.arguments,
        check.negated,
        check.length_of,
        guard,
        js,
        where,
    )
