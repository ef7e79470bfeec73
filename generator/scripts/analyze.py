"""The JavaScript front end: a script's syntax tree turned into ``facts`` (docs/scripts.md,
"Front end").

One walk over the statements with a function-scoped symbol table of aliases
(``var json = pm.response.json(); var item = json.data[0]``): each name stands for a
``Value`` (a path into the response, a variable, a constant, or computed code). Statements
postc recognises become checks, tests and variable sets; every other statement is kept as
a ``Finding`` with its JavaScript and line. Nothing is run and nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache

from tree_sitter import Node

from generator.ir import Collection, Endpoint, Event, Folder, JsonValue
from generator.scripts.facts import (
    Argument,
    Check,
    EndpointScripts,
    Finding,
    Regex,
    ScriptFacts,
    ScriptTest,
    Segment,
    Value,
    VariableSet,
)
from generator.scripts.parse import (
    CONSTANT_TYPES,
    NotLiteralError,
    arguments,
    broken,
    callee,
    dotted,
    key_name,
    line,
    literal,
    parse,
    statements,
    string_value,
    text,
    unwrap,
)

# --- what the sandbox offers, by dotted name -------------------------------------------

_STATUS = frozenset({"pm.response.code", "responseCode.code"})
_REASON = frozenset({"pm.response.status", "responseCode.name"})
_TIME = frozenset({"pm.response.responseTime", "responseTime"})
_TEXT = frozenset({"responseBody"})
_TEXT_CALLS = frozenset({"pm.response.text"})
_JSON_CALLS = frozenset({"pm.response.json"})
_HEADER_CALLS = frozenset({"pm.response.headers.get", "postman.getResponseHeader"})
_EXPECT = frozenset({"pm.expect", "chai.expect", "expect"})
_TEST = frozenset({"pm.test"})
_IGNORED_CALLS = ("console.", "pm.visualizer.")  # output only: no effect on the response

# pm.<scope> objects and the scope names of the contract.
_SCOPES = {
    "pm.environment": "environment",
    "pm.collectionVariables": "collection",
    "pm.globals": "globals",
    "pm.variables": "local",
    "pm.iterationData": "data",
}
_LEGACY_GETS = {
    "postman.getEnvironmentVariable": "environment",
    "postman.getGlobalVariable": "globals",
}
# Legacy setters: (scope, what they do). ``postman.set*`` stores String(value).
_LEGACY_SETS = {
    "postman.setEnvironmentVariable": ("environment", "set"),
    "postman.setGlobalVariable": ("globals", "set"),
    "postman.clearEnvironmentVariable": ("environment", "unset"),
    "postman.clearGlobalVariable": ("globals", "unset"),
    "postman.clearEnvironmentVariables": ("environment", "clear"),
    "postman.clearGlobalVariables": ("globals", "clear"),
}
_NEXT_REQUEST = frozenset({"postman.setNextRequest", "pm.execution.setNextRequest"})
_SEND_REQUEST = frozenset({"pm.sendRequest"})

# chai words that only read well, and the flags that change a matcher.
_CHAIN_WORDS = frozenset(
    {"to", "be", "been", "is", "that", "which", "and", "has", "have", "with", "at", "of"}
    | {"same", "but", "does", "still", "also"}
)
# Called matchers: chai name -> contract matcher.
_CALLED = {
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
_PROPERTIES = {
    "ok": "ok",
    "true": "true",
    "false": "false",
    "null": "null",
    "undefined": "undefined",
    "exist": "exist",
    "empty": "empty",
}
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
_COMPARISONS = {
    "===": ("equal", False),
    "==": ("equal", False),
    "!==": ("equal", True),
    "!=": ("equal", True),
    ">": ("above", False),
    "<": ("below", False),
    ">=": ("least", False),
    "<=": ("most", False),
}
_MIRRORED = {">": "<", "<": ">", ">=": "<=", "<=": ">="}

# Values read from the response: the subjects a check can be about.
_GLOBAL_LAST_NAMES = frozenset(
    name.rpartition(".")[2] for name in (*_STATUS, *_REASON, *_TIME, *_TEXT)
)
_RESPONSE_KINDS = frozenset({"status", "reason", "header", "text", "json", "xml", "time"})

# --- computed pre-request values (part 5) -----------------------------------------------

# A name used in a computation -> what it computes. Looked up on identifiers and on the
# first two names of dotted calls (``CryptoJS.HmacSHA256``, ``Date.now``).
_COMPUTATIONS = {
    "CryptoJS": "a signature or hash (CryptoJS)",
    "crypto-js": "a signature or hash (CryptoJS)",
    "crypto": "a signature or hash (crypto)",
    "Date": "a timestamp (Date)",
    "moment": "a timestamp (moment)",
    "Math.random": "a random value (Math.random)",
    "uuid": "a random id (uuid)",
    "btoa": "a base64 encoding (btoa)",
    "Buffer": "a base64 encoding (Buffer)",
}
# Dynamic variables inside strings that replaceIn resolves.
_DYNAMIC = {
    "{{$guid}}": "a random id ($guid)",
    "{{$randomUUID}}": "a random id ($randomUUID)",
    "{{$timestamp}}": "a timestamp ($timestamp)",
    "{{$isoTimestamp}}": "a timestamp ($isoTimestamp)",
    "{{$randomInt}}": "a random value ($randomInt)",
}
_PKCE_WORDS = ("code_verifier", "codeverifier", "code_challenge", "codechallenge", "pkce")


@dataclass
class _Test:
    """A ``pm.test`` being read."""

    name: str
    line: int
    checks: list[Check] = field(default_factory=list)
    untranslated: list[Finding] = field(default_factory=list)
    done: str = ""  # the callback's ``done`` parameter: calling it only ends the test


@dataclass(frozen=True)
class _Context:
    """Where a statement sits: the enclosing understood conditions (``guard``), whether
    any condition encloses it (``conditional``), whether one postc did not understand does
    (``opaque``: a check there may not apply, so it is not translated), and the test."""

    guard: tuple[Check, ...] = ()
    conditional: bool = False
    opaque: bool = False
    test: _Test | None = None
    callback: bool = False  # inside a pm.sendRequest callback: values come from its response


class _UntranslatableError(Exception):
    """An expression or statement postc cannot express; the message says why."""


class _Analyzer:
    """One script's walk. ``scope`` maps names to the values they stand for (function
    scope, undeclared assignments and redeclarations accepted, as ES5 sloppy mode does)."""

    def __init__(self, listen: str) -> None:
        self.listen = listen
        self.scope: dict[str, Value] = {}
        self.origins: dict[str, frozenset[str]] = {}  # computed values' js -> what they compute
        self.tests: list[ScriptTest] = []
        self.checks: list[Check] = []
        self.sets: list[VariableSet] = []
        self.findings: list[Finding] = []
        self.statements = 0

    # --- statements ---------------------------------------------------------------------

    def block(self, nodes: list[Node], context: _Context) -> None:
        for node in nodes:
            self.statement(node, context)

    def statement(self, node: Node, context: _Context) -> None:
        kind = node.type
        if kind == "statement_block":
            self.block(statements(node), context)
            return
        self.statements += 1
        try:
            if kind == "expression_statement":
                self.expression_statement(unwrap(node.named_children[0]), node, context)
            elif kind in ("variable_declaration", "lexical_declaration"):
                self.declaration(node, context)
            elif kind == "if_statement":
                self.if_statement(node, context)
            elif kind == "try_statement":
                self.try_statement(node, context)
            elif kind in _LOOPS:
                self.loop(node, context)
            elif kind == "switch_statement":
                self.switch_statement(node, context)
            elif kind in ("return_statement", "break_statement", "continue_statement"):
                return
            else:
                raise _UntranslatableError(f"a {kind.replace('_', ' ')} is not translated")
        except _UntranslatableError as why:
            self.report("untranslated", node, str(why), context)

    def report(self, kind: str, node: Node, detail: str, context: _Context) -> None:
        """Keep a statement postc does not translate. Assertion-like findings inside a
        test belong to it; the others (requests, jumps, computed values) to the script,
        where flows and ``inspect`` read them."""
        finding = Finding(kind, text(node), detail, line(node))
        if context.test is not None and kind in ("untranslated", "response_time"):
            context.test.untranslated.append(finding)
        else:
            self.findings.append(finding)

    def declaration(self, node: Node, context: _Context) -> None:
        for declarator in node.named_children:
            if declarator.type != "variable_declarator":
                continue
            name = declarator.child_by_field_name("name")
            value = declarator.child_by_field_name("value")
            if name is None or value is None:
                continue
            self.side_effects(value, context)
            if name.type == "identifier":
                self.bind(text(name), value)
            elif name.type == "object_pattern":
                self.destructure(name, self.value(value))
            else:
                raise _UntranslatableError("a destructuring postc does not follow")

    def bind(self, name: str, expression: Node) -> None:
        value = self.value(expression)
        if value.kind == "computed":
            self.origins[value.js] = self.computations(expression)
        self.scope[name] = value

    def destructure(self, pattern: Node, source: Value) -> None:
        """``const {data, meta: m} = pm.response.json()``: each name is a path below."""
        for part in pattern.named_children:
            if part.type == "shorthand_property_identifier_pattern":
                self.scope[text(part)] = _below(source, text(part), text(part))
            elif part.type == "pair_pattern":
                key, target = part.child_by_field_name("key"), part.child_by_field_name("value")
                if key is None or target is None or target.type != "identifier":
                    raise _UntranslatableError("a destructuring postc does not follow")
                self.scope[text(target)] = _below(source, key_name(key), text(target))
            else:
                raise _UntranslatableError("a destructuring postc does not follow")

    def if_statement(self, node: Node, context: _Context) -> None:
        condition = node.child_by_field_name("condition")
        assert condition is not None
        understood = self.condition_or_none(condition)
        self.side_effects(condition, context)
        inner = replace(
            context,
            guard=context.guard + tuple(understood or ()),
            conditional=True,
            opaque=context.opaque or understood is None,
        )
        consequence = node.child_by_field_name("consequence")
        assert consequence is not None
        self.statement(consequence, inner)
        alternative = node.child_by_field_name("alternative")
        if alternative is None:
            return
        opposite = _negation(understood)
        otherwise = replace(
            inner,
            guard=context.guard + tuple(opposite or ()),
            opaque=context.opaque or opposite is None,
        )
        for branch in alternative.named_children:
            if branch.type != "comment":
                self.statement(branch, otherwise)

    def try_statement(self, node: Node, context: _Context) -> None:
        """The try block runs as written; a catch block only after a failure postc cannot
        predict, a finally block always."""
        body = node.child_by_field_name("body")
        if body is not None:
            self.statement(body, context)
        handler = node.child_by_field_name("handler")
        if handler is not None:
            catch_body = handler.child_by_field_name("body")
            if catch_body is not None:
                with self.own_scope():
                    self.statement(catch_body, replace(context, conditional=True, opaque=True))
        finalizer = node.child_by_field_name("finalizer")
        if finalizer is not None:
            self.block(statements(finalizer), context)

    def loop(self, node: Node, context: _Context) -> None:
        """A loop body runs any number of times: its sets are conditional, its checks are
        on elements postc cannot name (untranslated). ``for (const x of list)`` binds
        ``x`` to an element of ``list`` (a path with a runtime index)."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if node.type == "for_in_statement" and left is not None and right is not None:
            element = self.value(right) if _operator(node) == "of" else None
            for name in _identifiers(left):
                js = text(name)
                self.scope[js] = _below(element, None, js) if element else Value("computed", js)
        body = node.child_by_field_name("body")
        if body is not None:
            self.statement(body, replace(context, conditional=True, opaque=True))

    def switch_statement(self, node: Node, context: _Context) -> None:
        """Each case runs only for some values: conditional, its checks untranslated."""
        self.side_effects(node.child_by_field_name("value") or node, context)
        inner = replace(context, conditional=True, opaque=True)
        cases = node.child_by_field_name("body")
        for case in cases.named_children if cases is not None else ():
            for statement in case.children_by_field_name("body"):
                if statement.type not in ("comment",):
                    self.statement(statement, inner)

    def callback_loop(self, call: Node, name: str, context: _Context) -> bool:
        """``list.forEach(item => ...)``, ``_.each(list, fn)``: a loop written as a call.
        False when ``call`` is none."""
        args = arguments(call)
        function = callee(call)
        if name in _LODASH_LOOPS and len(args) == 2:
            target, callback = args
        elif (
            function.type == "member_expression"
            and _property(function) in _ARRAY_LOOPS
            and len(args) >= 1
        ):
            target, callback = _object(function), args[0]
        else:
            return False
        body = _function_body(callback)
        if body is None:
            return False
        element = self.value(target)
        inner = replace(context, conditional=True, opaque=True)
        with self.own_scope():
            parameter = _first_parameter(callback)
            if parameter:
                self.scope[parameter] = _below(element, None, parameter)
            if body.type == "statement_block":
                self.block(statements(body), inner)
            else:
                self.statements += 1
                try:
                    self.expression_statement(unwrap(body), body, inner)
                except _UntranslatableError as why:
                    self.report("untranslated", body, str(why), inner)
        return True

    @contextmanager
    def own_scope(self) -> Iterator[None]:
        """Names bound inside (a callback's parameters, a catch block's fallbacks) are
        forgotten after it."""
        saved = dict(self.scope)
        try:
            yield
        finally:
            self.scope = saved

    def expression_statement(self, expression: Node, node: Node, context: _Context) -> None:
        kind = expression.type
        if kind == "assignment_expression":
            self.assignment(expression, node, context)
        elif kind == "augmented_assignment_expression" and _left_name(expression):
            # ``total += x``: local arithmetic; the name now stands for computed code
            self.side_effects(expression, context)
            self.scope[_left_name(expression)] = Value("computed", text(expression))
        elif kind == "call_expression":
            self.call_statement(expression, node, context)
        elif kind == "member_expression":
            self.chain(expression, node, context)
        elif kind == "object" and node.parent is not None and node.parent.type == "program":
            raise _UntranslatableError("an object literal, not a statement")
        else:
            raise _UntranslatableError(f"a {kind.replace('_', ' ')} is not translated")

    def assignment(self, expression: Node, node: Node, context: _Context) -> None:
        left = expression.child_by_field_name("left")
        right = expression.child_by_field_name("right")
        assert left is not None and right is not None
        if left.type == "identifier":
            self.side_effects(right, context)
            self.bind(text(left), right)
        elif left.type == "subscript_expression" and dotted(_object(left)) == "tests":
            self.legacy_test(left, right, node, context)
        elif (dotted(left) or "").startswith("pm.request."):
            self.report("request_mutation", node, _MUTATION, context)
        else:
            raise _UntranslatableError("an assignment postc does not follow")

    def call_statement(self, call: Node, node: Node, context: _Context) -> None:
        name = dotted(callee(call)) or ""
        if name in _TEST:
            self.pm_test(call, node, context)
        elif not (
            name.startswith(_IGNORED_CALLS)
            or (context.test is not None and name == context.test.done != "")
            or self.variable_call(call, name, node, context)
            or self.special_call(call, name, node, context)
            or self.callback_loop(call, name, context)
        ):
            self.chain(call, node, context)

    # --- tests --------------------------------------------------------------------------

    def pm_test(self, call: Node, node: Node, context: _Context) -> None:
        args = arguments(call)
        name = readable_name(args[0]) if args else ""
        test = _Test(name, line(node), done=_first_parameter(args[1]) if len(args) > 1 else "")
        body = _function_body(args[1]) if len(args) > 1 else None
        if body is None:
            test.untranslated.append(
                Finding(
                    "untranslated",
                    text(node),
                    "the test's second argument is not a function: Postman counts it passed",
                    line(node),
                )
            )
        else:
            inner = replace(context, test=test)
            if body.type == "statement_block":
                self.block(statements(body), inner)
            else:
                self.statements += 1
                try:
                    self.expression_statement(unwrap(body), body, inner)
                except _UntranslatableError as why:
                    self.report("untranslated", body, str(why), inner)
        self.tests.append(
            ScriptTest(test.name, tuple(test.checks), tuple(test.untranslated), test.line)
        )

    def legacy_test(self, target: Node, value: Node, node: Node, context: _Context) -> None:
        """``tests["name"] = <boolean expression>``: a test passing when the value is truthy."""
        index = target.child_by_field_name("index")
        name = readable_name(index) if index is not None else ""
        test = _Test(name, line(node))
        try:
            test.checks.extend(self.placed(self.condition(value), node, context))
        except _UntranslatableError as why:
            self.report("untranslated", node, str(why), replace(context, test=test))
        except _ResponseTimeError:
            self.report("response_time", node, _RESPONSE_TIME, replace(context, test=test))
        self.tests.append(
            ScriptTest(test.name, tuple(test.checks), tuple(test.untranslated), test.line)
        )

    def add_checks(self, checks: list[Check], node: Node, context: _Context) -> None:
        placed = self.placed(checks, node, context)
        if context.test is not None:
            context.test.checks.extend(placed)
        else:
            self.checks.extend(placed)

    def placed(self, checks: list[Check], node: Node, context: _Context) -> list[Check]:
        """The checks with their statement's source, line and guard; refused under a
        condition postc does not understand, where they may not apply."""
        if context.opaque:
            raise _UntranslatableError("under a condition postc does not understand")
        if any(check.subject.kind == "time" for check in checks):
            raise _ResponseTimeError
        js, where = text(node), line(node)
        return [_placed(check, context.guard, js, where) for check in checks]

    # --- chai chains --------------------------------------------------------------------

    def chain(self, expression: Node, node: Node, context: _Context) -> None:
        """``pm.expect(x).to...`` or ``pm.response.to...``: one statement, its checks."""
        base, steps = _flatten(expression)
        if base is None:
            raise _UntranslatableError("a call postc does not know")
        try:
            if base.type == "call_expression":
                args = arguments(base)
                if not args:
                    raise _UntranslatableError("pm.expect() without a value")
                checks = self.expect_on(args[0], steps)
            else:
                checks = _response_assertions(self, steps)
            self.add_checks(checks, node, context)
        except _ResponseTimeError:
            self.report("response_time", node, _RESPONSE_TIME, context)

    def expect_on(self, subject: Node, steps: list[tuple[str, list[Node] | None]]) -> list[Check]:
        """``pm.expect(x)...``; when ``x`` is a boolean check postc knows
        (``tv4.validate(json, schema)``) asserted true, that check itself."""
        value = self.value(subject)
        words = [name for name, args in steps if args is None and name not in _CHAIN_WORDS]
        called = [name for name, args in steps if args is not None]
        truth = [word for word in words if word != "not"]
        boolean = unwrap(subject).type == "call_expression" and not called
        if value.kind == "computed" and boolean and truth in (["true"], ["ok"], ["false"]):
            negated = ("not" in words) != (truth == ["false"])
            return [replace(self.call_condition(unwrap(subject)), negated=negated)]
        return self.expect(value, steps)

    def expect(self, subject: Value, steps: list[tuple[str, list[Node] | None]]) -> list[Check]:
        """A chai chain on ``subject``: flags, then matchers, in order."""
        checks: list[Check] = []
        negated = deep = nested = length_of = False
        for name, args in steps:
            if args is None and name in _CHAIN_WORDS:
                continue
            if args is None and name == "not":
                negated = True
            elif args is None and name == "deep":
                deep = True
            elif args is None and name == "nested":
                nested = True
            elif args is None and name in ("own", "any", "all", "ordered"):
                raise _UntranslatableError(f"the chai flag .{name} is not translated")
            elif args is None and name in ("lengthOf", "length"):
                length_of = True
            elif args is None and name in _PROPERTIES:
                checks.append(Check(subject, _PROPERTIES[name], (), negated, length_of))
            elif args is not None and name in _CALLED:
                check = self.called(subject, _CALLED[name], args, negated, deep, nested)
                checks.append(replace(check, length_of=length_of and check.matcher != "length"))
                subject = _after(check, subject)
            else:
                raise _UntranslatableError(f"the chai assertion .{name} is not translated")
        if not checks:
            raise _UntranslatableError("an expectation without an assertion")
        if any(check.subject.kind == "time" for check in checks):
            raise _ResponseTimeError
        if any(check.subject.kind not in _RESPONSE_KINDS for check in checks):
            raise _UntranslatableError(f"{subject.js} is not read from the response")
        return checks

    def called(
        self,
        subject: Value,
        matcher: str,
        args: list[Node],
        negated: bool,
        deep: bool,
        nested: bool,
    ) -> Check:
        if matcher == "equal" and deep:
            matcher = "eql"
        elif matcher == "include" and deep:
            matcher = "deep_include"
        elif matcher == "property" and nested:
            matcher = "nested_property"
        if not args:
            raise _UntranslatableError(f".{matcher} without an argument")
        if matcher in ("equal", "eql") and subject.kind == "literal":
            other = self.value(args[0])
            if other.kind != "literal":  # a reversed expect: the constant is the subject
                return Check(other, matcher, (subject.literal,), negated)
        values = tuple(self.argument(arg) for arg in args[: _ARITY.get(matcher, 1)])
        if matcher == "a":
            values = (str(values[0]).lower(),)
        if matcher == "match" and not isinstance(values[0], Regex):
            raise _UntranslatableError("match() with something else than a regular expression")
        return Check(subject, matcher, values, negated)

    def argument(self, node: Node) -> Argument:
        """A check's constant argument: a literal, a regular expression, or a name bound
        to a literal (``var schema = {...}``)."""
        node = unwrap(node)
        if node.type == "regex":
            return _regex(node)
        value = self.value(node)
        if value.kind != "literal":
            raise _UntranslatableError(f"the expected value {text(node)} is not a constant")
        return value.literal

    # --- boolean expressions (legacy tests, if conditions) ------------------------------

    def condition_or_none(self, node: Node) -> list[Check] | None:
        """The checks of an ``if`` condition, each with the condition's source; None when
        postc does not understand it."""
        try:
            checks = self.condition(node)
        except (_UntranslatableError, _ResponseTimeError):
            return None
        js, where = text(unwrap(node)), line(node)
        return [_placed(check, check.guard, js, where) for check in checks]

    def condition(self, node: Node) -> list[Check]:
        """The checks a boolean expression is the conjunction of."""
        node = unwrap(node)
        js = text(node)
        if node.type == "binary_expression":
            return self.binary(node)
        if node.type == "unary_expression" and _operator(node) == "!":
            argument = node.child_by_field_name("argument")
            assert argument is not None
            inner = _negation(self.condition(argument))
            if inner is None:
                raise _UntranslatableError(f"the negation of {js} is not one check")
            return inner
        value = self.value(node)
        if node.type == "call_expression" and value.kind == "computed":
            return [self.call_condition(node)]
        if value.kind not in _RESPONSE_KINDS and value.kind != "literal":
            raise _UntranslatableError(f"{js} is not read from the response")
        return [Check(value, "ok", js=js)]

    def binary(self, node: Node) -> list[Check]:
        operator = _operator(node)
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        assert left is not None and right is not None
        if operator == "&&":
            return self.condition(left) + self.condition(right)
        if operator == "||":
            return [self.disjunction(node)]
        if operator == "in":
            return [Check(self.response_value(right), "property", (self.argument(left),))]
        if operator in _COMPARISONS:
            return [self.comparison(left, operator, right)]
        raise _UntranslatableError(f"the operator {operator} is not translated")

    def comparison(self, left: Node, operator: str, right: Node) -> Check:
        subject, constant = self.value(left), self.value(right)
        if subject.kind == "literal" and constant.kind != "literal":
            subject, constant = constant, subject
            operator = _MIRRORED.get(operator, operator)
        if constant.kind != "literal":
            raise _UntranslatableError("a comparison of two values that are not constants")
        if subject.kind not in _RESPONSE_KINDS:
            raise _UntranslatableError(f"{subject.js} is not read from the response")
        matcher, negated = _COMPARISONS[operator]
        return Check(subject, matcher, (constant.literal,), negated)

    def disjunction(self, node: Node) -> Check:
        """``code === 200 || code === 201``: one ``one_of`` on a single subject."""
        cases = [self.condition(side) for side in _disjuncts(node)]
        subjects = {case[0].subject for case in cases if len(case) == 1}
        if len(subjects) != 1 or any(
            len(case) != 1 or case[0].matcher != "equal" or case[0].negated for case in cases
        ):
            raise _UntranslatableError(f"{text(node)} is not one value among constants")
        options = [case[0].arguments[0] for case in cases]
        return Check(subjects.pop(), "one_of", ([o for o in options if not isinstance(o, Regex)],))

    def call_condition(self, call: Node) -> Check:
        """Boolean calls: ``responseBody.has("x")``, ``_.has(obj, "a.b")``,
        ``tv4.validate(data, schema)``, ``ajv.validate(schema, data)``, ``s.includes(x)``,
        ``/re/.test(s)``."""
        name = dotted(callee(call)) or ""
        args = arguments(call)
        function = callee(call)
        if name == "tv4.validate" and len(args) >= 2:
            schema = self.argument(args[1])
            return Check(self.response_value(args[0]), "json_schema", (schema, "draft-04"))
        if name == "ajv.validate" and len(args) >= 2:
            schema = self.argument(args[0])
            return Check(self.response_value(args[1]), "json_schema", (schema, "draft-07"))
        if name == "_.has" and len(args) == 2:
            return Check(self.response_value(args[0]), "nested_property", (self.argument(args[1]),))
        if function.type == "member_expression" and len(args) == 1:
            method = text(function.child_by_field_name("property") or function)
            target = _object(function)
            if method in ("has", "includes") and target.type != "regex":
                return Check(self.response_value(target), "include", (self.argument(args[0]),))
            if method == "test" and unwrap(target).type == "regex":
                return Check(self.response_value(args[0]), "match", (_regex(unwrap(target)),))
        raise _UntranslatableError(f"{text(call)} is not a check postc knows")

    def response_value(self, node: Node) -> Value:
        value = self.value(node)
        if value.kind not in _RESPONSE_KINDS:
            raise _UntranslatableError(f"{text(node)} is not read from the response")
        return value

    # --- values -------------------------------------------------------------------------

    def value(self, node: Node) -> Value:
        """What an expression stands for."""
        node = unwrap(node)
        js = text(node)
        if node.type in CONSTANT_TYPES:
            try:
                return Value("literal", js, literal=literal(node))
            except NotLiteralError:
                pass
        name = _global_name(node)
        if name is not None:
            known = self.named(name, js)
            if known is not None:
                return known
        if node.type in ("member_expression", "subscript_expression"):
            return self.access(node, js)
        if node.type == "call_expression":
            return self.call_value(node, js)
        if node.type == "binary_expression" and _operator(node) == "&&":
            return self.guarded(node, js)
        return Value("computed", js)

    def guarded(self, node: Node, js: str) -> Value:
        """``a && a[0] && a[0].id``: JavaScript's value is the last operand when the others
        are truthy (else a falsy one); postc keeps the last when it is read from the
        response, so a set of it is a set of that path (its guard is the ``if`` around)."""
        right = node.child_by_field_name("right")
        assert right is not None
        last = self.value(right)
        if last.kind in ("json", "xml"):
            return _as(last, js)
        return Value("computed", js)

    def named(self, name: str, js: str) -> Value | None:
        if name in _STATUS:
            return Value("status", js)
        if name in _REASON:
            return Value("reason", js)
        if name in _TIME:
            return Value("time", js)
        if name in _TEXT:
            return Value("text", js)
        if "." not in name and name in self.scope:
            bound = self.scope[name]
            return bound if bound.kind == "computed" else _as(bound, js)
        return None

    def access(self, node: Node, js: str) -> Value:
        """``a.b[0]["c"]``: the root's value, then each step below it, read in one walk
        down the chain (not one walk per step)."""
        segments: list[Segment] = []
        while node.type in ("member_expression", "subscript_expression"):
            target = unwrap(_object(node))
            if node.type == "member_expression":
                segments.append(_property(node))
            else:
                index = node.child_by_field_name("index")
                segment = self.segment(index) if index is not None else None
                headers = target.type == "identifier" and text(target) == "responseHeaders"
                if headers and isinstance(segment, str) and not segments:
                    return Value("header", js, name=segment)
                segments.append(segment)
            node = target
        found = self.value(node)
        steps = segments[::-1]
        if found.kind in ("json", "xml") and not found.length and "length" not in steps[:-1]:
            if steps and steps[-1] == "length":
                return _as(found, js, path=(*found.path, *steps[:-1]), length=True)
            return _as(found, js, path=(*found.path, *steps))
        for segment in steps:
            found = _below(found, segment, js)
        return found

    def segment(self, index: Node) -> Segment:
        """The key or index a subscript names, None when only known at run time."""
        index = unwrap(index)
        if index.type not in CONSTANT_TYPES:
            return None
        try:
            return _segment(literal(index))
        except NotLiteralError:
            return None

    def call_value(self, call: Node, js: str) -> Value:
        name = dotted(callee(call)) or ""
        args = arguments(call)
        if name in _JSON_CALLS:
            return Value("json", js)
        if name in _TEXT_CALLS:
            return Value("text", js)
        if name == "JSON.parse" and args and self.value(args[0]).kind == "text":
            return Value("json", js)
        if name == "xml2Json" and args and self.value(args[0]).kind == "text":
            return Value("xml", js)
        named = self.constant_string_or_none(args[0]) if args else None
        if name in _HEADER_CALLS and named is not None:
            return Value("header", js, name=named)
        if _variable_scope(name) is not None and named is not None:
            return Value("variable", js, name=named)
        if name == "_.get" and len(args) == 2 and isinstance(self.literal_or_none(args[1]), str):
            path = lodash_path(str(self.literal_or_none(args[1])))
            found = self.value(args[0])
            for segment in path:
                found = _below(found, segment, js)
            return _as(found, js)
        return Value("computed", js)

    def constant_string_or_none(self, node: Node) -> str | None:
        found = self.literal_or_none(node)
        return found if isinstance(found, str) else None

    def literal_or_none(self, node: Node) -> JsonValue:
        value = self.value(node)
        return value.literal if value.kind == "literal" else None

    # --- variables and other calls ------------------------------------------------------

    def variable_call(self, call: Node, name: str, node: Node, context: _Context) -> bool:
        """``pm.environment.set("token", json.token)`` and its kin; False when ``call`` is
        no variable call."""
        scope, action, stringified = _variable_action(name)
        if scope is None:
            return False
        args = arguments(call)
        if action == "clear":
            variable, value = "", Value("literal", "undefined")
        else:
            if not args:
                raise _UntranslatableError("a variable call without a name")
            variable = self.constant_string_or_none(args[0]) or ""
            if not variable:
                raise _UntranslatableError(
                    f"the variable name {text(args[0])} is computed: postc cannot follow it"
                )
            value = Value("literal", "undefined")
            if action == "set" and len(args) > 1:
                self.side_effects(args[1], context)
                value = self.value(args[1])
        found = VariableSet(
            name=variable,
            scope=scope,
            value=value,
            stringified=stringified,
            guard=context.guard,
            conditional=context.conditional,
            unset=action != "set",
            js=text(node),
            line=line(node),
        )
        self.sets.append(found)
        if self.listen == "prerequest" and action == "set" and not context.callback:
            self.computed_value(variable, value, args[1] if len(args) > 1 else None, node, context)
        return True

    def computed_value(
        self, variable: str, value: Value, expression: Node | None, node: Node, context: _Context
    ) -> None:
        """A pre-request value computed by code, or a string of dynamic variables
        (``"{{$guid}}"``, which Postman resolves per request): a ``computed`` finding."""
        dynamic = isinstance(value.literal, str) and _dynamic(value.literal)
        if expression is None or not (value.kind == "computed" or dynamic):
            return
        what = self.computations(expression)
        self.report("computed", node, _computed_detail(variable, what), context)

    def special_call(self, call: Node, name: str, node: Node, context: _Context) -> bool:
        """Calls postc keeps as findings: requests, jumps, eval, request changes."""
        if name in _SEND_REQUEST:
            at = len(self.findings)
            detail = self.send_request_detail(call, context)
            self.findings.insert(at, Finding("send_request", text(node), detail, line(node)))
        elif name in _NEXT_REQUEST:
            self.report("next_request", node, _NEXT_DETAIL, context)
        elif name == "eval":
            self.report(
                "eval", node, "eval runs code postc cannot see: it is not followed", context
            )
        elif name.startswith("pm.request."):
            self.report("request_mutation", node, _MUTATION, context)
        else:
            return False
        return True

    def send_request_detail(self, call: Node, context: _Context) -> str:
        """Read the callback (the sandbox runs it right after the response) for the
        variables it sets: their values come from a request postc does not send."""
        before = len(self.sets)
        for arg in arguments(call)[1:]:
            body = _function_body(arg)
            if body is not None and body.type == "statement_block":
                inner = replace(context, conditional=True, opaque=True, callback=True, test=None)
                with self.own_scope():
                    self.block(statements(body), inner)
        names = sorted({s.name for s in self.sets[before:] if not s.unset})
        sets = ", ".join(f"`{n}`" for n in names)
        tail = f"; it sets {sets}: supply them as client settings" if names else ""
        return f"pm.sendRequest: postc does not send this request{tail}"

    def side_effects(self, expression: Node, context: _Context) -> None:
        """Findings hidden inside an expression: ``var r = pm.sendRequest(...)``."""
        for call in _calls(expression):
            name = dotted(callee(call)) or ""
            if name in _SEND_REQUEST or name in _NEXT_REQUEST or name == "eval":
                self.special_call(call, name, call, context)

    def computations(self, expression: Node) -> frozenset[str]:
        """What a computed expression computes, from the names it uses (part 5): one look
        at each identifier, string and ``a.b`` member, so a large function costs its size."""
        found: set[str] = set()
        stack = [expression]
        while stack:
            node = stack.pop()
            kind = node.type
            if kind in ("identifier", "property_identifier", "string"):
                found |= self.what_it_computes(node)
            elif kind == "member_expression":
                name = dotted(node)
                if name is not None and name.count(".") == 1:
                    found |= {_COMPUTATIONS[name]} if name in _COMPUTATIONS else set()
            stack.extend(node.named_children)
        return frozenset(found)

    def what_it_computes(self, node: Node) -> set[str]:
        """What one name or string says is computed: a library (``CryptoJS``), a dynamic
        variable (``{{$guid}}``), a PKCE word, or a name bound to computed code."""
        word = string_value(node) if node.type == "string" else text(node)
        found = {_COMPUTATIONS[word]} if word in _COMPUTATIONS else set()
        if node.type == "string":
            found |= _dynamic(word)
        if node.type == "identifier" and word in self.scope:
            bound = self.scope[word]
            found |= self.origins.get(bound.js, frozenset())
            found |= _dynamic(bound.literal) if isinstance(bound.literal, str) else set()
        if any(pkce in word.lower() for pkce in _PKCE_WORDS):
            found.add("a PKCE code verifier or challenge")
        return found


class _ResponseTimeError(Exception):
    """A check on the response time: dropped with a note."""


_LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})
_ARRAY_LOOPS = frozenset({"forEach", "map", "filter", "find", "some", "every", "flatMap"})
_LODASH_LOOPS = frozenset({"_.each", "_.forEach", "_.map", "_.filter", "_.find"})
_ARITY = {"property": 2, "nested_property": 2, "within": 2}
_RESPONSE_TIME = "a response time check: dropped, a saved example says nothing about latency"
_MUTATION = (
    "changes the outgoing request: not followed, the generated client sends the request "
    "as the collection declares it"
)
_NEXT_DETAIL = "setNextRequest changes the order of a collection run: not followed"


def _response_assertions(
    analyzer: _Analyzer, steps: list[tuple[str, list[Node] | None]]
) -> list[Check]:
    """``pm.response.to.<...>``: chai-postman's assertions on the whole response."""
    checks: list[Check] = []
    negated = False
    for name, args in steps:
        if args is None and name in _CHAIN_WORDS:
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
            checks.append(_status_check([analyzer.argument(a) for a in args], negated))
        elif args is not None and name == "header":
            checks.append(_header_check([analyzer.argument(a) for a in args], negated))
        elif args is not None and name == "body":
            checks.append(_body_check([analyzer.argument(a) for a in args], negated))
        elif args is not None and name == "jsonBody":
            checks.append(_json_body_check([analyzer.argument(a) for a in args], negated))
        elif args is not None and name == "jsonSchema" and args:
            schema = analyzer.argument(args[0])
            checks.append(
                Check(
                    Value("json", "pm.response.json()"),
                    "json_schema",
                    (schema, "draft-07"),
                    negated,
                )
            )
        else:
            raise _UntranslatableError(f"the assertion pm.response.to.{name} is not translated")
    if not checks:
        raise _UntranslatableError("pm.response.to without an assertion")
    return checks


def _status_check(args: list[Argument], negated: bool) -> Check:
    if len(args) != 1:
        raise _UntranslatableError("status() takes one code or reason")
    (expected,) = args
    if isinstance(expected, str):
        return Check(Value("reason", "pm.response.status"), "equal", (expected,), negated)
    if isinstance(expected, int) and not isinstance(expected, bool):
        return Check(Value("status", "pm.response.code"), "equal", (expected,), negated)
    raise _UntranslatableError("status() with something else than a code or a reason")


def _header_check(args: list[Argument], negated: bool) -> Check:
    if not args or not isinstance(args[0], str):
        raise _UntranslatableError("header() without a constant name")
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
        raise _UntranslatableError("jsonBody() without a constant path")
    subject = Value("json", f"pm.response.json().{args[0]}", path=lodash_path(args[0]))
    if len(args) == 1:
        return Check(subject, "undefined", (), not negated)
    return Check(subject, "eql", (args[1],), negated)


def lodash_path(path: str) -> tuple[Segment, ...]:
    """``a.b[0]["c.d"]`` as segments, as lodash's ``_.get`` reads it."""
    segments: list[Segment] = []
    current = ""
    i = 0
    while i < len(path):
        char = path[i]
        if char == ".":
            if current:
                segments.append(current)
            current = ""
        elif char == "[":
            if current:
                segments.append(current)
            current = ""
            end = path.find("]", i)
            end = len(path) if end < 0 else end
            inner = path[i + 1 : end].strip()
            if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
                segments.append(inner[1:-1])
            else:
                segments.append(int(inner) if inner.isdigit() else inner)
            i = end
        else:
            current += char
        i += 1
    if current:
        segments.append(current)
    return tuple(segments)


# --- small helpers on values and nodes ---------------------------------------------------


def _below(target: Value, segment: Segment, js: str) -> Value:
    """``target.segment``: deeper in the response, ``.length`` of it, or computed."""
    if target.length:
        return Value("computed", js)
    if segment == "length" and target.kind in ("json", "xml", "text", "header"):
        return _as(target, js, length=True)
    if target.kind in ("json", "xml"):
        return _as(target, js, path=(*target.path, segment))
    return Value("computed", js)


def _as(
    value: Value, js: str, path: tuple[Segment, ...] | None = None, length: bool = False
) -> Value:
    """``value`` written as ``js`` (deeper at ``path``, or its length): built directly,
    as ``dataclasses.replace`` is slow on this hot path."""
    return Value(
        value.kind,
        js,
        value.path if path is None else path,
        value.name,
        value.literal,
        value.length or length,
    )


def _placed(check: Check, guard: tuple[Check, ...], js: str, where: int) -> Check:
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


def _segment(value: JsonValue) -> Segment:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else str(value)
    return value


def _after(check: Check, subject: Value) -> Value:
    """chai's ``property(name)`` makes the property the subject of the rest of the chain."""
    if check.matcher == "property" and not check.negated and isinstance(check.arguments[0], str):
        return _below(subject, check.arguments[0], f"{subject.js}[{check.arguments[0]!r}]")
    return subject


def _negation(checks: list[Check] | None) -> list[Check] | None:
    """The opposite of one check; None for a conjunction (not one check)."""
    if checks is None or len(checks) != 1:
        return None
    (check,) = checks
    return [replace(check, negated=not check.negated)]


def _disjuncts(node: Node) -> Iterator[Node]:
    node = unwrap(node)
    if node.type == "binary_expression" and _operator(node) == "||":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        assert left is not None and right is not None
        yield from _disjuncts(left)
        yield from _disjuncts(right)
    else:
        yield node


def _operator(node: Node) -> str:
    operator = node.child_by_field_name("operator")
    return text(operator) if operator is not None else ""


def _object(node: Node) -> Node:
    target = node.child_by_field_name("object")
    assert target is not None
    return target


def _regex(node: Node) -> Regex:
    pattern = node.child_by_field_name("pattern")
    flags = node.child_by_field_name("flags")
    return Regex(text(pattern) if pattern else "", text(flags) if flags else "")


def _function_body(node: Node) -> Node | None:
    node = unwrap(node)
    if node.type in ("function_expression", "arrow_function", "function"):
        return node.child_by_field_name("body")
    return None


def _left_name(assignment: Node) -> str:
    """The name an assignment writes to, "" when it writes elsewhere (``a.b = ...``)."""
    left = assignment.child_by_field_name("left")
    return text(left) if left is not None and left.type == "identifier" else ""


def _identifiers(pattern: Node) -> list[Node]:
    """The names a loop's left side declares (``const x``, ``[k, v]``, ``x``)."""
    if pattern.type == "identifier":
        return [pattern]
    found = []
    stack = [pattern]
    while stack:
        node = stack.pop()
        if node.type in ("identifier", "shorthand_property_identifier_pattern"):
            found.append(node)
        else:
            stack.extend(node.named_children)
    return found


def _first_parameter(function: Node) -> str:
    """The name of a function's first parameter (``done`` of an async test), or ""."""
    function = unwrap(function)
    single = function.child_by_field_name("parameter")  # ``done => ...``
    if single is not None:
        return text(single)
    parameters = function.child_by_field_name("parameters")
    if parameters is None:
        return ""
    names = [p for p in parameters.named_children if p.type == "identifier"]
    return text(names[0]) if names else ""


def _flatten(expression: Node) -> tuple[Node | None, list[tuple[str, list[Node] | None]]]:
    """A chain as its base (the ``pm.expect(...)`` call or ``pm.response``) and the steps
    after it, in order: a name with its arguments when called, None when only read. One
    look at each link: this runs on every assertion."""
    steps: list[tuple[str, list[Node] | None]] = []
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
        target = unwrap(_object(node))
        name = _property(node)
        if target.type == "identifier" and text(target) == "pm":
            if name == "response" and args is None:
                return node, steps[::-1]
            if name == "expect" and args is not None:
                return call, steps[::-1]
        elif args is not None and name == "expect" and dotted(target) == "chai":
            return call, steps[::-1]
        steps.append((name, args))
        node = target


def _global_name(node: Node) -> str | None:
    """The dotted name of an identifier, or of a member chain whose last name is one the
    sandbox gives meaning to (``pm.response.code``, ``responseCode.name``); None for the
    rest, without spelling out every chain of a long path."""
    if node.type == "identifier":
        return text(node)
    if node.type == "member_expression" and _property(node) in _GLOBAL_LAST_NAMES:
        return dotted(node)
    return None


def _property(member: Node) -> str:
    prop = member.child_by_field_name("property")
    return text(prop) if prop is not None else ""


def _calls(expression: Node) -> Iterator[Node]:
    stack = [expression]
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            yield node
        if node.type not in ("function_expression", "arrow_function"):
            stack.extend(reversed(node.named_children))


def _variable_scope(name: str) -> str | None:
    """The scope a ``get`` call reads, None when ``name`` is no variable getter."""
    if name in _LEGACY_GETS:
        return _LEGACY_GETS[name]
    prefix, _, method = name.rpartition(".")
    if method == "get" and prefix in _SCOPES:
        return _SCOPES[prefix]
    return None


def _variable_action(name: str) -> tuple[str | None, str, bool]:
    """(scope, ``set``/``unset``/``clear``, stringified) of a variable-changing call."""
    if name in _LEGACY_SETS:
        scope, action = _LEGACY_SETS[name]
        return scope, action, action == "set"
    prefix, _, method = name.rpartition(".")
    if prefix in _SCOPES and method in ("set", "unset", "clear"):
        return _SCOPES[prefix], method, False
    return None, "", False


def _dynamic(value: str) -> set[str]:
    return {what for token, what in _DYNAMIC.items() if token in value}


def _computed_detail(variable: str, what: frozenset[str]) -> str:
    kinds = " and ".join(sorted(what)) if what else "a value"
    return f"`{variable}`: {kinds} the script computes before the request; {COMPUTED_NOTE}"


# What the generated client does about a computed pre-request value (the tail of every
# ``computed`` finding's detail; ``inspect`` prints it once).
COMPUTED_NOTE = (
    "never run: the client never computes it, the caller passes it where a request sends it "
    "(a method argument or a body field, never a client default)"
)


def readable_name(node: Node) -> str:
    """A test's name: its text when constant, else its constant parts with each
    computed part as its JavaScript in braces (``Status code {responseCode.code}``)."""
    node = unwrap(node)
    try:
        value = literal(node)
    except NotLiteralError:
        pass
    else:
        return value if isinstance(value, str) else text(node)
    if node.type == "binary_expression" and _operator(node) == "+":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        assert left is not None and right is not None
        return readable_name(left) + readable_name(right)
    if node.type == "template_string":
        return "".join(
            f"{{{text(c.named_children[0])}}}" if c.type == "template_substitution" else text(c)
            for c in node.named_children
        )
    return f"{{{text(node)}}}"


# --- the public entry points ------------------------------------------------------------


@lru_cache(maxsize=4096)
def analyze(source: str, listen: str, json_path: str) -> ScriptFacts:
    """The facts of one script. Pure and cached: every stage asks for the same ones, and
    a collection repeats scripts (one text 343 times in commercetools), so the text is
    read once whatever event holds it."""
    return replace(_read(source, listen), json_path=json_path)


def clear_caches() -> None:
    """Forget every analysis (for measures and tests of a cold run)."""
    analyze.cache_clear()
    _read.cache_clear()


@lru_cache(maxsize=2048)
def _read(source: str, listen: str) -> ScriptFacts:
    """The facts of one script text, for any event (``json_path`` left empty). The walk
    recurses a few frames per level of nesting: a script too deep for the caller's stack
    is read again on a fresh one, and one too deep for that is kept unread, so the outcome
    depends on the script alone."""
    try:
        return _read_here(source, listen)
    except RecursionError:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="postc-script") as pool:
            return pool.submit(_read_or_keep, source, listen).result()


def _read_or_keep(source: str, listen: str) -> ScriptFacts:
    try:
        return _read_here(source, listen)
    except RecursionError:
        detail = "the script nests too deep for postc to read: it is kept, not read"
        return ScriptFacts(listen, "", findings=(Finding("unparsed", source, detail, 1),))


def _read_here(source: str, listen: str) -> ScriptFacts:
    json_path = ""
    tree = parse(source)
    top = statements(tree.root_node)
    problem = broken(tree)
    if problem is not None:
        where = line(problem)
        detail = f"the script does not parse as JavaScript (line {where}): it is kept, not read"
        return ScriptFacts(
            listen, json_path, findings=(Finding("unparsed", source, detail, where),)
        )
    if len(top) == 1 and _is_object_literal(top[0]):
        detail = (
            "the script is an object literal (a pasted JSON body?), not code: it is kept, not read"
        )
        return ScriptFacts(
            listen, json_path, findings=(Finding("unparsed", source, detail, 1),), statements=1
        )
    analyzer = _Analyzer(listen)
    analyzer.block(top, _Context())
    return ScriptFacts(
        listen=listen,
        json_path=json_path,
        tests=tuple(analyzer.tests),
        checks=tuple(analyzer.checks),
        sets=tuple(analyzer.sets),
        findings=tuple(analyzer.findings),
        statements=analyzer.statements,
    )


def _is_object_literal(node: Node) -> bool:
    """A whole script that is one object (``{"a": 1}``), which tree-sitter reads as an
    expression statement or as a block of labels."""
    if node.type == "expression_statement":
        return unwrap(node.named_children[0]).type == "object"
    return (
        node.type == "statement_block"
        and any(child.type == "labeled_statement" for child in node.named_children)
        and text(node).lstrip().startswith("{")
    )


def event_facts(event: Event) -> ScriptFacts | None:
    """The facts of one event, None when it is disabled or has nothing to run."""
    if event.disabled:
        return None
    if not event.source.strip() and event.src:
        detail = f"the script is in the external file {event.src}, which postc does not read"
        return ScriptFacts(
            event.listen, event.json_path, findings=(Finding("unparsed", "", detail),)
        )
    facts = analyze(event.source, event.listen, event.json_path)
    return facts if facts.statements or facts.findings else None


def endpoint_scripts(collection: Collection) -> dict[str, EndpointScripts]:
    """Per endpoint JSON path, the scripts that run for it in Postman's order: the
    collection's, the folders' from the outermost in, then the request's own."""
    found: dict[str, EndpointScripts] = {}
    for endpoint, inherited in _with_events(collection.items, collection.events):
        events = [*inherited, *endpoint.events]
        analysed = [facts for facts in map(event_facts, events) if facts is not None]
        found[endpoint.json_path] = EndpointScripts(
            endpoint=endpoint.json_path,
            prerequest=tuple(f for f in analysed if f.listen == "prerequest"),
            test=tuple(f for f in analysed if f.listen == "test"),
        )
    return found


def _with_events(
    items: tuple[Folder | Endpoint, ...], inherited: tuple[Event, ...]
) -> Iterator[tuple[Endpoint, tuple[Event, ...]]]:
    for item in items:
        if isinstance(item, Endpoint):
            yield item, inherited
        else:
            yield from _with_events(item.items, inherited + item.events)
