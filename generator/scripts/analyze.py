"""The JavaScript front end: a script's syntax tree turned into ``facts`` (docs/scripts.md,
"Front end").

One walk over the statements with a function-scoped symbol table of aliases
(``var json = pm.response.json(); var item = json.data[0]``): each name stands for a
``Value`` (a path into the response, a variable, a constant, or computed code). Statements
postc recognises become checks, tests and variable sets; every other statement is kept as
a ``Finding`` with its JavaScript and line. Nothing is run and nothing is guessed.

This module is the walk and its public entry points (``analyze``, ``event_facts``,
``endpoint_scripts``); the words it looks up live beside it: ``sandbox`` (Postman's
names), ``assertions`` (chai and chai-postman), ``paths``, ``computed`` (pre-request
computations), ``nodes`` (JavaScript constructs taken apart) and ``errors``.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache

from tree_sitter import Node

from generator.ir import Collection, Endpoint, Event, Folder, JsonValue
from generator.scripts.assertions import (
    ARITY,
    CALLED,
    CHAIN_WORDS,
    COMPARISONS,
    MIRRORED,
    PROPERTIES,
    Step,
    as_stated,
    flatten,
    negation,
    response_assertions,
    subject_after,
)
from generator.scripts.computed import computations, computed_detail, dynamic_variables
from generator.scripts.errors import ResponseTimeError, UntranslatableError
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
from generator.scripts.nodes import (
    calls,
    disjuncts,
    first_parameter,
    function_body,
    identifiers,
    left_name,
    member_object,
    member_property,
    operator_of,
    readable_name,
    regex_literal,
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
    text,
    unwrap,
)
from generator.scripts.paths import below, lodash_path, subscript_segment, written_as
from generator.scripts.sandbox import (
    ARRAY_LOOPS,
    HEADER_CALLS,
    IGNORED_CALLS,
    JSON_CALLS,
    LODASH_LOOPS,
    NEXT_REQUEST,
    REASON,
    RESPONSE_KINDS,
    SEND_REQUEST,
    STATUS,
    TEST_CALLS,
    TEXT,
    TEXT_CALLS,
    TIME,
    global_name,
    variable_action,
    variable_scope,
)

# Statements whose body runs any number of times.
_LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})

# The details of the findings the walker keeps.
_RESPONSE_TIME = "a response time check: dropped, a saved example says nothing about latency"
_MUTATION = (
    "changes the outgoing request: not followed, the generated client sends the request "
    "as the collection declares it"
)
_NEXT_DETAIL = "setNextRequest changes the order of a collection run: not followed"


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
                raise UntranslatableError(f"a {kind.replace('_', ' ')} is not translated")
        except UntranslatableError as why:
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
                raise UntranslatableError("a destructuring postc does not follow")

    def bind(self, name: str, expression: Node) -> None:
        value = self.value(expression)
        if value.kind == "computed":
            self.origins[value.js] = computations(expression, self.scope, self.origins)
        self.scope[name] = value

    def destructure(self, pattern: Node, source: Value) -> None:
        """``const {data, meta: m} = pm.response.json()``: each name is a path below."""
        for part in pattern.named_children:
            if part.type == "shorthand_property_identifier_pattern":
                self.scope[text(part)] = below(source, text(part), text(part))
            elif part.type == "pair_pattern":
                key, target = part.child_by_field_name("key"), part.child_by_field_name("value")
                if key is None or target is None or target.type != "identifier":
                    raise UntranslatableError("a destructuring postc does not follow")
                self.scope[text(target)] = below(source, key_name(key), text(target))
            else:
                raise UntranslatableError("a destructuring postc does not follow")

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
        opposite = negation(understood)
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
            element = self.value(right) if operator_of(node) == "of" else None
            for name in identifiers(left):
                js = text(name)
                self.scope[js] = below(element, None, js) if element else Value("computed", js)
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
        if name in LODASH_LOOPS and len(args) == 2:
            target, callback = args
        elif (
            function.type == "member_expression"
            and member_property(function) in ARRAY_LOOPS
            and len(args) >= 1
        ):
            target, callback = member_object(function), args[0]
        else:
            return False
        body = function_body(callback)
        if body is None:
            return False
        element = self.value(target)
        inner = replace(context, conditional=True, opaque=True)
        with self.own_scope():
            parameter = first_parameter(callback)
            if parameter:
                self.scope[parameter] = below(element, None, parameter)
            self.function_body(body, inner)
        return True

    def function_body(self, body: Node, context: _Context) -> None:
        """A callback's body: a block of statements, or an arrow function's expression."""
        if body.type == "statement_block":
            self.block(statements(body), context)
            return
        self.statements += 1
        try:
            self.expression_statement(unwrap(body), body, context)
        except UntranslatableError as why:
            self.report("untranslated", body, str(why), context)

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
        elif kind == "augmented_assignment_expression" and left_name(expression):
            # ``total += x``: local arithmetic; the name now stands for computed code
            self.side_effects(expression, context)
            self.scope[left_name(expression)] = Value("computed", text(expression))
        elif kind == "call_expression":
            self.call_statement(expression, node, context)
        elif kind == "member_expression":
            self.chain(expression, node, context)
        elif kind == "object" and node.parent is not None and node.parent.type == "program":
            raise UntranslatableError("an object literal, not a statement")
        else:
            raise UntranslatableError(f"a {kind.replace('_', ' ')} is not translated")

    def assignment(self, expression: Node, node: Node, context: _Context) -> None:
        left = expression.child_by_field_name("left")
        right = expression.child_by_field_name("right")
        assert left is not None and right is not None
        if left.type == "identifier":
            self.side_effects(right, context)
            self.bind(text(left), right)
        elif left.type == "subscript_expression" and dotted(member_object(left)) == "tests":
            self.legacy_test(left, right, node, context)
        elif (dotted(left) or "").startswith("pm.request."):
            self.report("request_mutation", node, _MUTATION, context)
        else:
            raise UntranslatableError("an assignment postc does not follow")

    def call_statement(self, call: Node, node: Node, context: _Context) -> None:
        name = dotted(callee(call)) or ""
        if name in TEST_CALLS:
            self.pm_test(call, node, context)
        elif not (
            name.startswith(IGNORED_CALLS)
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
        test = _Test(name, line(node), done=first_parameter(args[1]) if len(args) > 1 else "")
        body = function_body(args[1]) if len(args) > 1 else None
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
            self.function_body(body, inner)
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
        except UntranslatableError as why:
            self.report("untranslated", node, str(why), replace(context, test=test))
        except ResponseTimeError:
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
            raise UntranslatableError("under a condition postc does not understand")
        if any(check.subject.kind == "time" for check in checks):
            raise ResponseTimeError
        js, where = text(node), line(node)
        return [as_stated(check, context.guard, js, where) for check in checks]

    # --- chai chains --------------------------------------------------------------------

    def chain(self, expression: Node, node: Node, context: _Context) -> None:
        """``pm.expect(x).to...`` or ``pm.response.to...``: one statement, its checks."""
        base, steps = flatten(expression)
        if base is None:
            raise UntranslatableError("a call postc does not know")
        try:
            if base.type == "call_expression":
                args = arguments(base)
                if not args:
                    raise UntranslatableError("pm.expect() without a value")
                checks = self.expect_on(args[0], steps)
            else:
                checks = response_assertions(steps, self.argument)
            self.add_checks(checks, node, context)
        except ResponseTimeError:
            self.report("response_time", node, _RESPONSE_TIME, context)

    def expect_on(self, subject: Node, steps: list[Step]) -> list[Check]:
        """``pm.expect(x)...``; when ``x`` is a boolean check postc knows
        (``tv4.validate(json, schema)``) asserted true, that check itself."""
        value = self.value(subject)
        words = [name for name, args in steps if args is None and name not in CHAIN_WORDS]
        called = [name for name, args in steps if args is not None]
        truth = [word for word in words if word != "not"]
        boolean = unwrap(subject).type == "call_expression" and not called
        if value.kind == "computed" and boolean and truth in (["true"], ["ok"], ["false"]):
            negated = ("not" in words) != (truth == ["false"])
            return [replace(self.call_condition(unwrap(subject)), negated=negated)]
        return self.expect(value, steps)

    def expect(self, subject: Value, steps: list[Step]) -> list[Check]:
        """A chai chain on ``subject``: flags, then matchers, in order."""
        checks: list[Check] = []
        negated = deep = nested = length_of = False
        for name, args in steps:
            if args is None and name in CHAIN_WORDS:
                continue
            if args is None and name == "not":
                negated = True
            elif args is None and name == "deep":
                deep = True
            elif args is None and name == "nested":
                nested = True
            elif args is None and name in ("own", "any", "all", "ordered"):
                raise UntranslatableError(f"the chai flag .{name} is not translated")
            elif args is None and name in ("lengthOf", "length"):
                length_of = True
            elif args is None and name in PROPERTIES:
                checks.append(Check(subject, PROPERTIES[name], (), negated, length_of))
            elif args is not None and name in CALLED:
                check = self.called(subject, CALLED[name], args, negated, deep, nested)
                checks.append(replace(check, length_of=length_of and check.matcher != "length"))
                subject = subject_after(check, subject)
            else:
                raise UntranslatableError(f"the chai assertion .{name} is not translated")
        if not checks:
            raise UntranslatableError("an expectation without an assertion")
        if any(check.subject.kind == "time" for check in checks):
            raise ResponseTimeError
        if any(check.subject.kind not in RESPONSE_KINDS for check in checks):
            raise UntranslatableError(f"{subject.js} is not read from the response")
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
            raise UntranslatableError(f".{matcher} without an argument")
        if matcher in ("equal", "eql") and subject.kind == "literal":
            other = self.value(args[0])
            if other.kind != "literal":  # a reversed expect: the constant is the subject
                return Check(other, matcher, (subject.literal,), negated)
        values = tuple(self.argument(arg) for arg in args[: ARITY.get(matcher, 1)])
        if matcher == "a":
            values = (str(values[0]).lower(),)
        if matcher == "match" and not isinstance(values[0], Regex):
            raise UntranslatableError("match() with something else than a regular expression")
        return Check(subject, matcher, values, negated)

    def argument(self, node: Node) -> Argument:
        """A check's constant argument: a literal, a regular expression, or a name bound
        to a literal (``var schema = {...}``)."""
        node = unwrap(node)
        if node.type == "regex":
            return regex_literal(node)
        value = self.value(node)
        if value.kind != "literal":
            raise UntranslatableError(f"the expected value {text(node)} is not a constant")
        return value.literal

    # --- boolean expressions (legacy tests, if conditions) ------------------------------

    def condition_or_none(self, node: Node) -> list[Check] | None:
        """The checks of an ``if`` condition, each with the condition's source; None when
        postc does not understand it."""
        try:
            checks = self.condition(node)
        except (UntranslatableError, ResponseTimeError):
            return None
        js, where = text(unwrap(node)), line(node)
        return [as_stated(check, check.guard, js, where) for check in checks]

    def condition(self, node: Node) -> list[Check]:
        """The checks a boolean expression is the conjunction of."""
        node = unwrap(node)
        js = text(node)
        if node.type == "binary_expression":
            return self.binary(node)
        if node.type == "unary_expression" and operator_of(node) == "!":
            argument = node.child_by_field_name("argument")
            assert argument is not None
            inner = negation(self.condition(argument))
            if inner is None:
                raise UntranslatableError(f"the negation of {js} is not one check")
            return inner
        value = self.value(node)
        if node.type == "call_expression" and value.kind == "computed":
            return [self.call_condition(node)]
        if value.kind not in RESPONSE_KINDS and value.kind != "literal":
            raise UntranslatableError(f"{js} is not read from the response")
        return [Check(value, "ok", js=js)]

    def binary(self, node: Node) -> list[Check]:
        operator = operator_of(node)
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        assert left is not None and right is not None
        if operator == "&&":
            return self.condition(left) + self.condition(right)
        if operator == "||":
            return [self.disjunction(node)]
        if operator == "in":
            return [Check(self.response_value(right), "property", (self.argument(left),))]
        if operator in COMPARISONS:
            return [self.comparison(left, operator, right)]
        raise UntranslatableError(f"the operator {operator} is not translated")

    def comparison(self, left: Node, operator: str, right: Node) -> Check:
        subject, constant = self.value(left), self.value(right)
        if subject.kind == "literal" and constant.kind != "literal":
            subject, constant = constant, subject
            operator = MIRRORED.get(operator, operator)
        if constant.kind != "literal":
            raise UntranslatableError("a comparison of two values that are not constants")
        if subject.kind not in RESPONSE_KINDS:
            raise UntranslatableError(f"{subject.js} is not read from the response")
        matcher, negated = COMPARISONS[operator]
        return Check(subject, matcher, (constant.literal,), negated)

    def disjunction(self, node: Node) -> Check:
        """``code === 200 || code === 201``: one ``one_of`` on a single subject."""
        cases = [self.condition(side) for side in disjuncts(node)]
        subjects = {case[0].subject for case in cases if len(case) == 1}
        if len(subjects) != 1 or any(
            len(case) != 1 or case[0].matcher != "equal" or case[0].negated for case in cases
        ):
            raise UntranslatableError(f"{text(node)} is not one value among constants")
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
            target = member_object(function)
            if method in ("has", "includes") and target.type != "regex":
                return Check(self.response_value(target), "include", (self.argument(args[0]),))
            if method == "test" and unwrap(target).type == "regex":
                return Check(
                    self.response_value(args[0]), "match", (regex_literal(unwrap(target)),)
                )
        raise UntranslatableError(f"{text(call)} is not a check postc knows")

    def response_value(self, node: Node) -> Value:
        value = self.value(node)
        if value.kind not in RESPONSE_KINDS:
            raise UntranslatableError(f"{text(node)} is not read from the response")
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
        name = global_name(node)
        if name is not None:
            known = self.named(name, js)
            if known is not None:
                return known
        if node.type in ("member_expression", "subscript_expression"):
            return self.access(node, js)
        if node.type == "call_expression":
            return self.call_value(node, js)
        if node.type == "binary_expression" and operator_of(node) == "&&":
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
            return written_as(last, js)
        return Value("computed", js)

    def named(self, name: str, js: str) -> Value | None:
        if name in STATUS:
            return Value("status", js)
        if name in REASON:
            return Value("reason", js)
        if name in TIME:
            return Value("time", js)
        if name in TEXT:
            return Value("text", js)
        if "." not in name and name in self.scope:
            bound = self.scope[name]
            return bound if bound.kind == "computed" else written_as(bound, js)
        return None

    def access(self, node: Node, js: str) -> Value:
        """``a.b[0]["c"]``: the root's value, then each step below it, read in one walk
        down the chain (not one walk per step)."""
        segments: list[Segment] = []
        while node.type in ("member_expression", "subscript_expression"):
            target = unwrap(member_object(node))
            if node.type == "member_expression":
                segments.append(member_property(node))
            else:
                index = node.child_by_field_name("index")
                segment = subscript_segment(index) if index is not None else None
                headers = target.type == "identifier" and text(target) == "responseHeaders"
                if headers and isinstance(segment, str) and not segments:
                    return Value("header", js, name=segment)
                segments.append(segment)
            node = target
        found = self.value(node)
        steps = segments[::-1]
        if found.kind in ("json", "xml") and not found.length and "length" not in steps[:-1]:
            if steps and steps[-1] == "length":
                return written_as(found, js, path=(*found.path, *steps[:-1]), length=True)
            return written_as(found, js, path=(*found.path, *steps))
        for segment in steps:
            found = below(found, segment, js)
        return found

    def call_value(self, call: Node, js: str) -> Value:
        name = dotted(callee(call)) or ""
        args = arguments(call)
        if name in JSON_CALLS:
            return Value("json", js)
        if name in TEXT_CALLS:
            return Value("text", js)
        if name == "JSON.parse" and args and self.value(args[0]).kind == "text":
            return Value("json", js)
        if name == "xml2Json" and args and self.value(args[0]).kind == "text":
            return Value("xml", js)
        named = self.constant_string_or_none(args[0]) if args else None
        if name in HEADER_CALLS and named is not None:
            return Value("header", js, name=named)
        if variable_scope(name) is not None and named is not None:
            return Value("variable", js, name=named)
        if name == "_.get" and len(args) == 2 and isinstance(self.literal_or_none(args[1]), str):
            path = lodash_path(str(self.literal_or_none(args[1])))
            found = self.value(args[0])
            for segment in path:
                found = below(found, segment, js)
            return written_as(found, js)
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
        scope, action, stringified = variable_action(name)
        if scope is None:
            return False
        args = arguments(call)
        if action == "clear":
            variable, value = "", Value("literal", "undefined")
        else:
            if not args:
                raise UntranslatableError("a variable call without a name")
            variable = self.constant_string_or_none(args[0]) or ""
            if not variable:
                raise UntranslatableError(
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
        dynamic = isinstance(value.literal, str) and dynamic_variables(value.literal)
        if expression is None or not (value.kind == "computed" or dynamic):
            return
        what = computations(expression, self.scope, self.origins)
        self.report("computed", node, computed_detail(variable, what), context)

    def special_call(self, call: Node, name: str, node: Node, context: _Context) -> bool:
        """Calls postc keeps as findings: requests, jumps, eval, request changes."""
        if name in SEND_REQUEST:
            at = len(self.findings)
            detail = self.send_request_detail(call, context)
            self.findings.insert(at, Finding("send_request", text(node), detail, line(node)))
        elif name in NEXT_REQUEST:
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
            body = function_body(arg)
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
        for call in calls(expression):
            name = dotted(callee(call)) or ""
            if name in SEND_REQUEST or name in NEXT_REQUEST or name == "eval":
                self.special_call(call, name, call, context)


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
