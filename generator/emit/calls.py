"""The call paths of a client's methods: the one walk of the resource tree that the README,
``inspect``, chains, logins and ``postc openapi`` share. Apart from the plan, whose types
it only names, so that the modules the plan uses can walk its tree too."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.emit.plan import Method, Resource


def method_calls(root: Resource) -> list[tuple[str, Method]]:
    """Every method with its call path from a client (``client.bulk_write.job_details``),
    in the tree's order."""
    found: list[tuple[str, Method]] = []
    stack: list[tuple[str, Resource]] = [("client", root)]
    while stack:
        prefix, node = stack.pop()
        found += [(f"{prefix}.{m.name}", m) for m in node.methods]
        stack.extend((f"{prefix}.{c.attribute}", c) for c in reversed(node.children))
    return found
