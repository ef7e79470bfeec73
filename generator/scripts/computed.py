"""What a pre-request script computes (docs/scripts.md, part 5): a signature, a timestamp,
a random id, a PKCE verifier, told from the names and strings an expression uses, and
the detail of the ``computed`` finding that says so. The generated client never runs
such code; the finding tells the caller what to pass."""

from __future__ import annotations

from collections.abc import Mapping

from tree_sitter import Node

from generator.scripts.facts import Value
from generator.scripts.parse import dotted, string_value, text

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
# Words of an OAuth PKCE code verifier or challenge, in names and strings, in any case.
_PKCE_WORDS = ("code_verifier", "codeverifier", "code_challenge", "codechallenge", "pkce")

# What the generated client does about a computed pre-request value (the tail of every
# ``computed`` finding's detail; ``inspect`` prints it once).
COMPUTED_NOTE = (
    "never run: the client never computes it, the caller passes it where a request sends it "
    "(a method argument or a body field, never a client default)"
)


def computations(
    expression: Node, scope: Mapping[str, Value], origins: Mapping[str, frozenset[str]]
) -> frozenset[str]:
    """What a computed expression computes, from the names it uses (part 5): one look
    at each identifier, string and ``a.b`` member, so a large function costs its size."""
    found: set[str] = set()
    stack = [expression]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in ("identifier", "property_identifier", "string"):
            found |= _what_it_computes(node, scope, origins)
        elif kind == "member_expression":
            name = dotted(node)
            if name is not None and name.count(".") == 1:
                found |= {_COMPUTATIONS[name]} if name in _COMPUTATIONS else set()
        stack.extend(node.named_children)
    return frozenset(found)


def _what_it_computes(
    node: Node, scope: Mapping[str, Value], origins: Mapping[str, frozenset[str]]
) -> set[str]:
    """What one name or string says is computed: a library (``CryptoJS``), a dynamic
    variable (``{{$guid}}``), a PKCE word, or a name bound to computed code."""
    word = string_value(node) if node.type == "string" else text(node)
    found = {_COMPUTATIONS[word]} if word in _COMPUTATIONS else set()
    if node.type == "string":
        found |= dynamic_variables(word)
    if node.type == "identifier" and word in scope:
        bound = scope[word]
        found |= origins.get(bound.js, frozenset())
        found |= dynamic_variables(bound.literal) if isinstance(bound.literal, str) else set()
    if any(pkce in word.lower() for pkce in _PKCE_WORDS):
        found.add("a PKCE code verifier or challenge")
    return found


def dynamic_variables(value: str) -> set[str]:
    """What the dynamic variables in a string (``{{$guid}}``) stand for."""
    return {what for token, what in _DYNAMIC.items() if token in value}


def computed_detail(variable: str, what: frozenset[str]) -> str:
    """The detail of the ``computed`` finding for a set of ``variable``."""
    kinds = " and ".join(sorted(what)) if what else "a value"
    return f"`{variable}`: {kinds} the script computes before the request; {COMPUTED_NOTE}"
