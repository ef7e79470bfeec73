"""The collection's own test scripts as generated pytest tests (docs/scripts.md,
"Generated tests").

Each ``pm.test(name, fn)`` (and legacy ``tests[name] = ...``) that runs for a request,
collection and folder scripts included, becomes one test: it calls the method as the
example tests do, on the saved example its checks ask for (``choose_example``), and asserts
each ``Check`` with JavaScript's semantics (the generated ``tests/postman.py``). This module
only decides, as plain data, what each test asserts; ``templates/project/tests/_script.j2``
writes it.

- A check postc cannot express in Python (a computed subject, a variable, XML, an unknown
  matcher, a regular expression Python reads otherwise), and every statement the front end
  kept untranslated, ends the test in ``pytest.skip`` whose reason holds the JavaScript: the
  checks that were translated still run before it. Response-time checks are dropped with a
  comment: a saved example has no latency.
- Assertions outside any ``pm.test`` (they abort the script in Postman) are one more test,
  ``<method>_script_checks``.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from math import isfinite
from types import ModuleType
from typing import Any

from generator.installation import templates_dir
from generator.ir import JsonValue
from generator.json_values import dumps, map_strings
from generator.naming.identifiers import field_name
from generator.scripts.facts import (
    Argument,
    Check,
    EndpointScripts,
    Regex,
    ScriptFacts,
    ScriptTest,
    Value,
)

# The subjects a generated test can read off the response
READABLE = frozenset({"status", "reason", "header", "text", "json", "literal"})
# Matchers and how many literal arguments each takes (low, high)
ARITY: dict[str, tuple[int, int]] = {
    "equal": (1, 1),
    "eql": (1, 1),
    "include": (1, 1),
    "deep_include": (1, 1),
    "a": (1, 1),
    "property": (1, 2),
    "nested_property": (1, 2),
    "length": (1, 1),
    "above": (1, 1),
    "below": (1, 1),
    "least": (1, 1),
    "most": (1, 1),
    "within": (2, 2),
    "one_of": (1, 1),
    "exist": (0, 0),
    "empty": (0, 0),
    "match": (1, 1),
    "true": (0, 0),
    "false": (0, 0),
    "ok": (0, 0),
    "null": (0, 0),
    "undefined": (0, 0),
    "json_schema": (1, 2),
    "status_class": (1, 1),
    "has_header": (0, 1),
}
# The status codes of chai-postman's classes, low and high inclusive
STATUS_CLASSES = {
    "success": (200, 299),
    "info": (100, 199),
    "redirection": (300, 399),
    "client_error": (400, 499),
    "server_error": (500, 599),
    "error": (400, 599),
}
_COMPARISONS = frozenset({"above", "below", "least", "most", "within"})


@dataclass(frozen=True)
class Literal:
    """A JSON value the template writes as Python: scalars as literals, objects and arrays
    as ``json.loads`` of their JSON ``text``."""

    value: JsonValue
    text: str = ""


@dataclass(frozen=True)
class Pattern:
    """A JavaScript regular expression as Python's ``re`` reads the same: its pattern and
    the names of its ``re`` flags (``IGNORECASE``, ``ASCII``)."""

    pattern: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Subject:
    """What a condition reads: ``status``, ``reason``, ``header`` (``name``), ``text``,
    ``json`` (at ``path``) or a ``literal``; ``length`` reads its ``.length``."""

    kind: str
    name: str = ""
    path: tuple[str | int, ...] = ()
    literal: Literal | None = None
    length: bool = False


@dataclass(frozen=True)
class Condition:
    """One matcher on a subject, positive (``negated`` says to assert its opposite).

    ``matcher`` is a ``Check`` matcher, or ``is``/``in`` (plain ``==`` and ``in`` where the
    subject is a status, reason, header or text and the literals of its own type, which
    reads better and means the same as ``===``). ``path`` is ``nested_property``'s path and
    ``property``'s key; ``values`` the literal arguments; ``pattern`` ``match``'s regex."""

    matcher: str
    subject: Subject
    values: tuple[Literal, ...] = ()
    path: tuple[str | int, ...] = ()
    pattern: Pattern | None = None
    negated: bool = False


@dataclass(frozen=True)
class Assertion:
    """A translated check: its condition, the conditions of the ``if`` it sits in, and its
    JavaScript (a comment above the assertion)."""

    condition: Condition
    guards: tuple[Condition, ...]
    js: str


@dataclass(frozen=True)
class ScriptCase:
    """One generated test from a script test. ``example`` is the JSON path of the saved
    example it is served (None: it runs only live, ``skip`` says why offline); ``request``
    the JSON path of its request, which live names it to ``postc mock``."""

    name: str
    title: str
    assertions: tuple[Assertion, ...]
    untranslated: tuple[str, ...]  # JavaScript kept as the skip reason
    dropped: tuple[str, ...]  # response-time checks, written as comments
    example: str | None
    skip: str = ""
    wanted: int | None = None  # without an example: the status live asks the server for
    request: str = ""
    # the example's saved headers and reason phrase, served where the test reads them
    headers: tuple[tuple[str, str], ...] = ()
    reason: str = ""
    failing: tuple[str, ...] = ()  # the JavaScript of assertions that fail on the example

    @property
    def reads_json(self) -> bool:
        return any(c.subject.kind == "json" for c in self.conditions)

    @property
    def reads_response(self) -> bool:
        return any(c.subject.kind != "literal" for c in self.conditions)

    def reads(self, kind: str) -> bool:
        """Whether a condition reads the response's ``kind`` (``header``, ``reason``)."""
        return any(c.subject.kind == kind for c in self.conditions)

    @property
    def calls(self) -> bool:
        """Whether the test calls the method: not when all it has is untranslated (it
        skips at once)."""
        return bool(self.assertions) or not self.untranslated

    @property
    def uses_helpers(self) -> bool:
        """Whether an assertion calls ``tests/postman.py`` (a status, reason or text compared
        with literals of its type needs none)."""
        return any(not _plain_python(c) for c in self.conditions)

    @property
    def uses_regex(self) -> bool:
        return any(c.pattern is not None for c in self.conditions)

    @property
    def loads_json(self) -> bool:
        """Whether a literal is an object or array (written as ``json.loads``)."""
        literals = [v for c in self.conditions for v in c.values]
        literals += [c.subject.literal for c in self.conditions if c.subject.literal]
        return any(literal.text for literal in literals)

    @property
    def conditions(self) -> list[Condition]:
        return [c for a in self.assertions for c in (a.condition, *a.guards)]


@dataclass(frozen=True)
class Candidate:
    """A saved example a script test may be served, as the test serves it."""

    example: str  # its JSON path
    status: int
    body: str
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()
    reason: str = ""


def script_cases(
    method: str,
    scripts: EndpointScripts | None,
    examples: Sequence[Candidate],
    redact: Callable[[str], str],
) -> list[ScriptCase]:
    """The tests of every test script that runs for the request of ``method`` (its name),
    without the collection's credential values (``redact``: the examples are redacted
    already)."""
    if scripts is None:
        return []
    cases: list[ScriptCase] = []
    for facts in scripts.test:
        for test in _script_tests(facts):
            case = _case(method, test, redact)
            if case is not None:
                case = replace(case, request=scripts.endpoint)
                cases.append(served(case, test.checks, examples))
    return cases


def _script_tests(facts: ScriptFacts) -> Iterator[ScriptTest]:
    """The script's tests, and its assertions outside any ``pm.test`` as one more."""
    yield from facts.tests
    if facts.checks:
        yield ScriptTest("script checks", facts.checks)


def _case(method: str, test: ScriptTest, redact: Callable[[str], str]) -> ScriptCase | None:
    """The generated test of ``test``, not yet served; None when it asserts nothing and
    keeps nothing."""
    assertions: list[Assertion] = []
    untranslated = [f.js for f in test.untranslated if f.kind != "response_time"]
    dropped = [f.js for f in test.untranslated if f.kind == "response_time"]
    for check in test.checks:
        if check.subject.kind == "time" or any(g.subject.kind == "time" for g in check.guard):
            dropped.append(check.js)
            continue
        assertion = translated(check)
        if assertion is None:
            untranslated.append(check.js)
        else:
            assertions.append(_redacted_assertion(assertion, redact))
    if not assertions and not untranslated and not dropped:
        return None
    title = redact(test.name)
    return ScriptCase(
        name=f"{method}_{field_name(title)}",
        title=title,
        assertions=tuple(assertions),
        untranslated=tuple(map(redact, untranslated)),
        dropped=tuple(map(redact, dropped)),
        example=None,
    )


def served(case: ScriptCase, checks: Sequence[Check], examples: Sequence[Candidate]) -> ScriptCase:
    """The case with the example it is served (``choose_example``), that example's headers
    and reason where it reads them, and the assertions that fail on it (the test is then an
    expected failure offline); without one, why it skips offline."""
    example = choose_example(case, checks, examples)
    if example is None:
        return replace(case, skip=_no_example(checks, examples), wanted=wanted_status(checks))
    return replace(
        case,
        example=example.example,
        headers=example.headers if case.reads("header") else (),
        reason=example.reason if case.reads("reason") else "",
        failing=tuple(a.js for a in case.assertions if passes(a, example) is False),
    )


def _no_example(checks: Sequence[Check], examples: Sequence[Candidate]) -> str:
    statuses = sorted({e.status for e in examples})
    wanted = "the status it checks" if _status_checks(checks) else "a 2xx status"
    saved = ", ".join(map(str, statuses)) if statuses else "none"
    return f"no saved example with {wanted} (saved: {saved}); runs live with POSTC_BASE_URL"


# --- which example ----------------------------------------------------------------------


def choose_example(
    case: ScriptCase, checks: Sequence[Check], examples: Sequence[Candidate]
) -> Candidate | None:
    """The example the test is served, of those whose status its checks ask for: every
    unguarded status check accepts it; without one, a 2xx status, unless only other
    statuses let a check guarded by its status run (``if (code >= 400) {...}``). Among
    them, the first its assertions pass on with their status guards holding (so they
    run), else the first they pass on, else the first the guards hold for, else the first."""
    required = _status_checks(checks)
    guards = [[g for g in c.guard if status_check(g)] for c in checks]
    guards = [found for found in guards if found]

    def guarded(example: Candidate) -> bool:
        return any(all(accepts(g, example.status) for g in found) for found in guards)

    if required:
        fitting = [e for e in examples if all(accepts(c, e.status) for c in required)]
    else:
        fitting = [e for e in examples if 200 <= e.status < 300]
        if guards and not any(guarded(e) for e in fitting):
            fitting = [e for e in examples if guarded(e)]
    passing = [e for e in fitting if all(passes(a, e) is not False for a in case.assertions)]
    running = [e for e in fitting if not guards or guarded(e)]
    chosen = [e for e in passing if e in running] or passing or running or fitting
    return chosen[0] if chosen else None


def wanted_status(checks: Sequence[Check]) -> int | None:
    """The first code the test's unguarded status checks name that they all accept (what
    a test without an example asks ``postc mock`` for live); None where they name none."""
    required = _status_checks(checks)
    named = [
        code
        for check in required
        if check.matcher in ("equal", "eql", "one_of") and not check.negated
        for argument in check.arguments
        for code in (argument if isinstance(argument, list) else [argument])
        if isinstance(code, int) and not isinstance(code, bool)
    ]
    return next((code for code in named if all(accepts(c, code) for c in required)), None)


def _status_checks(checks: Sequence[Check]) -> list[Check]:
    return [c for c in checks if not c.guard and status_check(c)]


def status_check(check: Check) -> bool:
    """Whether ``check`` is about the status code alone, and postc can tell which codes
    it accepts."""
    subject = check.subject
    return subject.kind == "status" and not subject.length and accepts(check, 200) is not None


def accepts(check: Check, status: int) -> bool | None:
    """Whether the status check holds for ``status``; None when it is no such check."""
    held = _holds(check.matcher, check.arguments, status)
    return None if held is None else held != check.negated


def _holds(matcher: str, arguments: Sequence[Argument], status: int) -> bool | None:
    numbers = [a for a in arguments if _is_number(a)]
    if matcher in ("equal", "eql") and len(numbers) == len(arguments) == 1:
        return status == numbers[0]
    if matcher == "one_of" and len(arguments) == 1 and isinstance(arguments[0], list):
        return any(_is_number(a) and status == a for a in arguments[0])
    if matcher == "status_class" and len(arguments) == 1 and arguments[0] in STATUS_CLASSES:
        low, high = STATUS_CLASSES[str(arguments[0])]
        return low <= status <= high
    if matcher in _COMPARISONS and len(numbers) == len(arguments) == ARITY[matcher][0]:
        bounds = [float(n) for n in numbers if isinstance(n, (int, float))]
        return {
            "above": status > bounds[0],
            "below": status < bounds[0],
            "least": status >= bounds[0],
            "most": status <= bounds[0],
            "within": bounds[0] <= status <= bounds[-1],
        }[matcher]
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --- on a saved example -----------------------------------------------------------------


def passes(assertion: Assertion, example: Candidate) -> bool | None:
    """Whether the assertion holds on the example as the test serves it (vacuously where a
    guard does not hold); None where postc does not run it here (a regular expression, from
    the collection, could take exponential time; a JSON Schema)."""
    verdicts = [_verdict(guard, example) for guard in assertion.guards]
    if False in verdicts:
        return True
    if None in verdicts:
        return None
    return _verdict(assertion.condition, example)


def _verdict(condition: Condition, example: Candidate) -> bool | None:
    """The condition on the example, with the generated tests' own helpers: a helper that
    fails (chai throws) fails the condition, negated or not."""
    if condition.matcher in ("match", "json_schema"):
        return None
    js = semantics()
    try:
        value = _read(condition.subject, example, js)
        return _matches(condition, value, js) != condition.negated
    except AssertionError:
        return False


def _read(subject: Subject, example: Candidate, js: ModuleType) -> Any:
    """What the generated test reads for ``subject`` off the served example."""
    value: Any
    if subject.kind == "status":
        value = example.status
    elif subject.kind == "reason":
        value = example.reason
    elif subject.kind == "header":
        value = _header(example, subject.name, js)
    elif subject.kind == "text":
        value = example.body
    elif subject.kind == "json":
        value = js.at(_parsed(example.body), subject.path)
    else:
        value = subject.literal.value if subject.literal is not None else None
    return js.length(value) if subject.length else value


@lru_cache(maxsize=8)
def _parsed(body: str) -> Any:
    """The served body's JSON, read once for all the assertions tried on it (never
    changed); a body that is no JSON fails what reads it, as ``json()`` throws."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise AssertionError("not JSON") from None


def _header(example: Candidate, name: str, js: ModuleType) -> Any:
    """As httpx reads the served headers: every value of the name, joined with ``, ``."""
    served = [*example.headers, ("Content-Type", example.content_type)]
    values = [value for key, value in served if key.lower() == name.lower()]
    return ", ".join(values) if values else js.MISSING


def _matches(condition: Condition, value: Any, js: ModuleType) -> bool:
    """The positive condition, as ``_script.j2`` writes it."""
    matcher = condition.matcher
    values = [literal.value for literal in condition.values]
    if matcher in ("property", "nested_property"):
        found = (
            js.has_property(value, condition.path[0])
            if matcher == "property"
            else js.has_path(value, condition.path)
        )
        return bool(found) and (
            not values or bool(js.strict_equal(js.at(value, condition.path), values[0]))
        )
    if matcher in _NUMERIC:
        return _NUMERIC[matcher](js.number(value), *values)
    if matcher == "has_header":
        return bool(value == values[0]) if values else bool(js.exists(value))
    return bool(_PLAIN[matcher](js, value, values))


_NUMERIC: dict[str, Callable[..., bool]] = {
    "above": lambda v, n: v > n,
    "below": lambda v, n: v < n,
    "least": lambda v, n: v >= n,
    "most": lambda v, n: v <= n,
    "within": lambda v, low, high: low <= v <= high,
}
_PLAIN: dict[str, Callable[[ModuleType, Any, list[Any]], object]] = {
    "is": lambda js, v, a: v == a[0],
    "in": lambda js, v, a: v in a,
    "equal": lambda js, v, a: js.strict_equal(v, a[0]),
    "eql": lambda js, v, a: js.deep_equal(v, a[0]),
    "include": lambda js, v, a: js.includes(v, a[0]),
    "deep_include": lambda js, v, a: js.includes(v, a[0], deep=True),
    "a": lambda js, v, a: js.type_of(v) == a[0],
    "length": lambda js, v, a: js.length(v) == a[0],
    "status_class": lambda js, v, a: a[0] <= v <= a[1],
    "one_of": lambda js, v, a: js.one_of(v, a),
    "exist": lambda js, v, a: js.exists(v),
    "empty": lambda js, v, a: js.is_empty(v),
    "true": lambda js, v, a: v is True,
    "false": lambda js, v, a: v is False,
    "ok": lambda js, v, a: js.truthy(v),
    "null": lambda js, v, a: v is None,
    "undefined": lambda js, v, a: v is js.MISSING,
}


@cache
def semantics() -> ModuleType:
    """The generated tests' ``postman.py``, loaded from postc's templates: the one
    definition of JavaScript's semantics, used here and in the tests it writes."""
    path = templates_dir() / "project" / "tests" / "postman.py"
    spec = importlib.util.spec_from_file_location("postc_script_semantics", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- checks as conditions ---------------------------------------------------------------


def translated(check: Check) -> Assertion | None:
    """The check as a condition under its guards; None where any part has no translation."""
    condition = condition_of(check)
    guards = [condition_of(guard) for guard in check.guard]
    if condition is None or any(guard is None for guard in guards):
        return None
    return Assertion(condition, tuple(g for g in guards if g is not None), check.js)


def condition_of(check: Check) -> Condition | None:
    """The check as plain data for the template, or None."""
    subject = _subject(check.subject, check.length_of)
    low, high = ARITY.get(check.matcher, (1, 0))
    if subject is None or not low <= len(check.arguments) <= high:
        return None
    if any(isinstance(a, Regex) for a in check.arguments) and check.matcher != "match":
        return None
    matcher = check.matcher
    if matcher == "match":
        return _match(check, subject)
    if matcher in ("property", "nested_property"):
        return _property(check, subject)
    numeric = matcher in _COMPARISONS or matcher == "length"
    if numeric and not all(_is_number(a) for a in check.arguments):
        return None
    if matcher == "a" and not isinstance(check.arguments[0], str):
        return None
    if matcher == "status_class" and check.arguments[0] not in STATUS_CLASSES:
        return None
    if matcher == "one_of" and not isinstance(check.arguments[0], list):
        return None
    if matcher == "has_header" and subject.kind != "header":
        return None
    values = tuple(_literal(a) for a in check.arguments if not isinstance(a, Regex))
    if matcher == "a":
        values = (Literal(str(check.arguments[0]).lower()),)
    if matcher == "one_of" and isinstance(check.arguments[0], list):
        values = tuple(_literal(a) for a in check.arguments[0])
    if matcher == "status_class":
        values = tuple(Literal(bound) for bound in STATUS_CLASSES[str(check.arguments[0])])
    matcher = _plain(matcher, subject, check.arguments)
    return Condition(matcher, subject, values, negated=check.negated)


def _subject(value: Value, length_of: bool) -> Subject | None:
    """What the template reads for ``value``; None for what a test cannot read."""
    if value.kind not in READABLE or any(step is None for step in value.path):
        return None
    if value.kind == "header" and not value.name:
        return None
    path = tuple(step for step in value.path if step is not None)
    literal = _literal(value.literal) if value.kind == "literal" else None
    return Subject(value.kind, value.name, path, literal, value.length or length_of)


def _plain_python(condition: Condition) -> bool:
    """Whether ``_script.j2`` writes the condition without a helper of ``postman.py``."""
    subject, matcher = condition.subject, condition.matcher
    if subject.length or subject.kind not in ("status", "reason", "text", "literal"):
        return False
    if subject.kind == "status" and matcher in _COMPARISONS:
        return True
    return matcher in ("is", "in", "status_class", "true", "false", "null")


def _plain(matcher: str, subject: Subject, arguments: Sequence[Argument]) -> str:
    """``is``/``in`` where Python's ``==`` and ``in`` mean ``===`` here: a status compared
    with numbers, a reason, header or text with strings."""
    wanted: type = int if subject.kind == "status" else str
    plain = subject.kind in ("status", "reason", "header", "text") and not subject.length
    items = arguments[0] if matcher == "one_of" and isinstance(arguments[0], list) else arguments
    fits = all(isinstance(a, wanted) and not isinstance(a, bool) for a in items)
    if plain and fits and matcher in ("equal", "eql"):
        return "is"
    if plain and fits and matcher == "one_of":
        return "in"
    return matcher


def _property(check: Check, subject: Subject) -> Condition | None:
    """``property(key[, value])`` and ``nested.property(path[, value])``."""
    key, *rest = check.arguments
    if not isinstance(key, (str, int)) or isinstance(key, bool):
        return None
    path = nested_path(key) if check.matcher == "nested_property" else (key,)
    if path is None:
        return None
    values = tuple(_literal(v) for v in rest if not isinstance(v, Regex))
    return Condition(check.matcher, subject, values, path=path, negated=check.negated)


def _match(check: Check, subject: Subject) -> Condition | None:
    regex = check.arguments[0]
    pattern = python_regex(regex) if isinstance(regex, Regex) else None
    if pattern is None:
        return None
    return Condition("match", subject, pattern=pattern, negated=check.negated)


def _literal(value: JsonValue) -> Literal:
    """Objects, arrays and the numbers Python spells otherwise (``Infinity``, ``NaN``, as
    JavaScript's ``1e400`` reads) carry their JSON text, which ``json.loads`` reads back."""
    if isinstance(value, (dict, list)) or (isinstance(value, float) and not isfinite(value)):
        return Literal(value, dumps(value, ensure_ascii=False))
    return Literal(value)


# chai's ``nested.property`` path: ``a.b[1]``, ``\.`` and ``\[`` are literal characters
_NESTED_STEP = re.compile(r"((?:\\.|[^.\[\]\\])+)|\[(\d+)\]|(\.)")


def nested_path(text: str | int) -> tuple[str | int, ...] | None:
    """chai's parsed path (``a.b[1]`` -> ``("a", "b", 1)``); None where it is unclear."""
    if isinstance(text, int):
        return (text,)
    steps: list[str | int] = []
    position, expect_step = 0, True
    for found in _NESTED_STEP.finditer(text):
        if found.start() != position:
            return None
        position = found.end()
        name, index, dot = found.groups()
        if dot is not None:
            if expect_step:
                return None
            expect_step = True
        elif index is not None:
            steps.append(int(index))
            expect_step = False
        else:
            if not expect_step:
                return None
            steps.append(re.sub(r"\\(.)", r"\1", name))
            expect_step = False
    return tuple(steps) if steps and position == len(text) and not expect_step else None


# --- regular expressions ----------------------------------------------------------------

_FLAGS = {"i": "IGNORECASE", "m": "MULTILINE", "s": "DOTALL"}
# JavaScript's ``\s``: Unicode white space and line terminators, with or without ``u``
_JS_SPACE = (
    "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
# An escape, a class, a named group or back-reference, or any other character
_REGEX_TOKEN = re.compile(r"\\k<(\w+)>|\(\?<(\w+)>|\\.|\[\^?\]|\[|\]|\$|.", re.DOTALL)


def python_regex(regex: Regex) -> Pattern | None:
    """``regex`` as a Python pattern that matches the same strings, or None where postc
    cannot tell (sticky and ``v`` flags, ``\\p{}``, ``\\c``, Unicode code point escapes)."""
    flags = set(regex.flags)
    if not flags <= set("gimsuyd") or "y" in flags:
        return None
    names = [_FLAGS[f] for f in "ims" if f in flags]
    if "u" not in flags:
        names.append("ASCII")
    pattern = _regex_body(regex.pattern, multiline="m" in flags)
    if pattern is None:
        return None
    try:
        re.compile(pattern, _compiled_flags(names))
    except (re.error, OverflowError, RecursionError):
        return None
    return Pattern(pattern, tuple(names))


def _compiled_flags(names: Sequence[str]) -> int:
    flags = 0
    for name in names:
        flags |= int(getattr(re, name))
    return flags


def _regex_body(source: str, *, multiline: bool) -> str | None:
    """The pattern rewritten token by token where Python reads JavaScript otherwise."""
    out: list[str] = []
    in_class = False
    for token in _REGEX_TOKEN.finditer(source):
        text = token.group()
        if token.group(1):
            out.append(f"(?P={token.group(1)})")
        elif token.group(2):
            out.append(f"(?P<{token.group(2)}>")
        elif text.startswith("\\") and len(text) == 2:
            escaped = _escape(text[1], in_class)
            if escaped is None:
                return None
            out.append(escaped)
        elif text in ("[]", "[^]") and not in_class:
            out.append("(?!)" if text == "[]" else "[\\s\\S]")
        elif text.startswith("["):
            out.append("\\[" if in_class else text)
            in_class = True
        elif text == "]" and in_class:
            out.append(text)
            in_class = False
        elif text == "$" and not in_class and not multiline:
            out.append("\\Z")
        else:
            out.append(text)
    return None if in_class else "".join(out)


def _escape(char: str, in_class: bool) -> str | None:
    """A JavaScript escape as Python reads the same; None for those it cannot."""
    if char in "cpPuk":
        return None  # control, Unicode property, code point escapes: not translated
    if char == "s":
        return _JS_SPACE if in_class else f"[{_JS_SPACE}]"
    if char == "S":
        return None if in_class else f"[^{_JS_SPACE}]"
    if char == "d" or char == "D" or char == "w" or char == "W" or char == "b" or char == "B":
        return "\\" + char
    if char.isalnum() and char not in "tnrfv0123456789x":
        return char  # an identity escape: ``\e`` is ``e`` in JavaScript
    return "\\" + char


# --- collection text -------------------------------------------------------------------


def _redacted_assertion(assertion: Assertion, redact: Callable[[str], str]) -> Assertion:
    return Assertion(
        _redacted_condition(assertion.condition, redact),
        tuple(_redacted_condition(g, redact) for g in assertion.guards),
        redact(assertion.js),
    )


def _redacted_condition(condition: Condition, redact: Callable[[str], str]) -> Condition:
    subject = condition.subject
    if subject.literal is not None:
        subject = replace(subject, literal=_redacted_literal(subject.literal, redact))
    return replace(
        condition,
        subject=subject,
        values=tuple(_redacted_literal(v, redact) for v in condition.values),
    )


def _redacted_literal(literal: Literal, redact: Callable[[str], str]) -> Literal:
    return _literal(map_strings(literal.value, redact))
