"""The parts of JavaScript constructs the walker (``analyze``) takes apart: a member's
object and property, an operator, the operands of ``||``, the calls inside an expression,
a function's body and first parameter, the names an assignment or a loop declares, a
regular expression literal, and a test's readable name. Questions on one node at a time
(``parse`` holds the grammar-level ones: statements, dotted names, literals)."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from generator.scripts.facts import Regex
from generator.scripts.parse import NotLiteralError, literal, text, unwrap


def member_object(node: Node) -> Node:
    """``a`` of ``a.b`` or ``a[i]``."""
    target = node.child_by_field_name("object")
    assert target is not None
    return target


def member_property(member: Node) -> str:
    """``b`` of ``a.b``, "" when the member has none (a tree recovered from an error)."""
    prop = member.child_by_field_name("property")
    return text(prop) if prop is not None else ""


def operator_of(node: Node) -> str:
    """The operator of a binary or unary expression (``===``, ``!``), or of a ``for`` loop
    (``in``, ``of``); "" when it has none."""
    operator = node.child_by_field_name("operator")
    return text(operator) if operator is not None else ""


def disjuncts(node: Node) -> Iterator[Node]:
    """The operands of ``a || b || c``, in order, however the ``||`` nest."""
    node = unwrap(node)
    if node.type == "binary_expression" and operator_of(node) == "||":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        assert left is not None and right is not None
        yield from disjuncts(left)
        yield from disjuncts(right)
    else:
        yield node


def calls(expression: Node) -> Iterator[Node]:
    """Every call inside ``expression``, in source order, not into functions defined there
    (their calls run only when they are called)."""
    stack = [expression]
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            yield node
        if node.type not in ("function_expression", "arrow_function"):
            stack.extend(reversed(node.named_children))


def function_body(node: Node) -> Node | None:
    """The body of a function or arrow function (a block or an expression), None for any
    other node: a callback postc can read."""
    node = unwrap(node)
    if node.type in ("function_expression", "arrow_function", "function"):
        return node.child_by_field_name("body")
    return None


def first_parameter(function: Node) -> str:
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


def left_name(assignment: Node) -> str:
    """The name an assignment writes to, "" when it writes elsewhere (``a.b = ...``)."""
    left = assignment.child_by_field_name("left")
    return text(left) if left is not None and left.type == "identifier" else ""


def identifiers(pattern: Node) -> list[Node]:
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


def regex_literal(node: Node) -> Regex:
    """A ``/pattern/flags`` literal as the contract's ``Regex``."""
    pattern = node.child_by_field_name("pattern")
    flags = node.child_by_field_name("flags")
    return Regex(text(pattern) if pattern else "", text(flags) if flags else "")


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
    if node.type == "binary_expression" and operator_of(node) == "+":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        assert left is not None and right is not None
        return readable_name(left) + readable_name(right)
    if node.type == "template_string":
        return "".join(
            f"{{{text(c.named_children[0])}}}" if c.type == "template_substitution" else text(c)
            for c in node.named_children
        )
    return f"{{{text(node)}}}"
