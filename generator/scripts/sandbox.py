"""What Postman's sandbox offers, by dotted name: the response values a script reads, the
variable scopes it gets and sets, the calls that send requests or change the run, and the
lodash and array calls that loop. The walker (``analyze``) looks names up here; nothing
here walks statements."""

from __future__ import annotations

from tree_sitter import Node

from generator.scripts.nodes import member_property
from generator.scripts.parse import dotted, text

# The response, read as a value or through a call.
STATUS = frozenset({"pm.response.code", "responseCode.code"})
REASON = frozenset({"pm.response.status", "responseCode.name"})
TIME = frozenset({"pm.response.responseTime", "responseTime"})
TEXT = frozenset({"responseBody"})
TEXT_CALLS = frozenset({"pm.response.text"})
JSON_CALLS = frozenset({"pm.response.json"})
HEADER_CALLS = frozenset({"pm.response.headers.get", "postman.getResponseHeader"})
TEST_CALLS = frozenset({"pm.test"})
IGNORED_CALLS = ("console.", "pm.visualizer.")  # output only: no effect on the response

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
NEXT_REQUEST = frozenset({"postman.setNextRequest", "pm.execution.setNextRequest"})
SEND_REQUEST = frozenset({"pm.sendRequest"})

# Values read from the response: the subjects a check can be about.
_GLOBAL_LAST_NAMES = frozenset(name.rpartition(".")[2] for name in (*STATUS, *REASON, *TIME, *TEXT))
RESPONSE_KINDS = frozenset({"status", "reason", "header", "text", "json", "xml", "time"})

# Loops written as calls: ``list.forEach(fn)``, ``_.each(list, fn)``.
ARRAY_LOOPS = frozenset({"forEach", "map", "filter", "find", "some", "every", "flatMap"})
LODASH_LOOPS = frozenset({"_.each", "_.forEach", "_.map", "_.filter", "_.find"})


def global_name(node: Node) -> str | None:
    """The dotted name of an identifier, or of a member chain whose last name is one the
    sandbox gives meaning to (``pm.response.code``, ``responseCode.name``); None for the
    rest, without spelling out every chain of a long path."""
    if node.type == "identifier":
        return text(node)
    if node.type == "member_expression" and member_property(node) in _GLOBAL_LAST_NAMES:
        return dotted(node)
    return None


def variable_scope(name: str) -> str | None:
    """The scope a ``get`` call reads, None when ``name`` is no variable getter."""
    if name in _LEGACY_GETS:
        return _LEGACY_GETS[name]
    prefix, _, method = name.rpartition(".")
    if method == "get" and prefix in _SCOPES:
        return _SCOPES[prefix]
    return None


def variable_action(name: str) -> tuple[str | None, str, bool]:
    """(scope, ``set``/``unset``/``clear``, stringified) of a variable-changing call."""
    if name in _LEGACY_SETS:
        scope, action = _LEGACY_SETS[name]
        return scope, action, action == "set"
    prefix, _, method = name.rpartition(".")
    if prefix in _SCOPES and method in ("set", "unset", "clear"):
        return _SCOPES[prefix], method, False
    return None, "", False
