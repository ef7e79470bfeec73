"""Which requests ``postc record`` sends, and in which order (docs/record.md, "Order and
flows", "Selection").

Postman runs a collection in document order; a collection saved with its ``Get user``
before its ``Create user`` only works in Postman because the environment still holds an
``id`` from an earlier run. A recording starts from nothing, so a request that sends a
variable another selected request copies from its response goes after that request (the
login before everything that sends its token); every other request keeps its place.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fnmatch import fnmatchcase

from generator.errors import InputError
from generator.ir import Collection, Endpoint
from generator.scripts.facts import Flows, Producer

# Methods that only read: sent without --unsafe (RFC 9110 "safe methods", but TRACE,
# which echoes the request, credentials included)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def label(endpoint: Endpoint) -> str:
    """The request as ``--only`` and the progress lines name it: ``Users/Get user``."""
    return "/".join((*endpoint.folders, endpoint.name))


def method(endpoint: Endpoint) -> str:
    return endpoint.request.method.upper()


def is_safe(endpoint: Endpoint) -> bool:
    return method(endpoint) in SAFE_METHODS


def selected(collection: Collection, patterns: Sequence[str]) -> list[Endpoint]:
    """The requests ``--only`` selects, in collection order (all without a pattern). A
    pattern is a glob over the folder path and name (``Users/*``; ``*`` crosses folders,
    ``[[]`` is a literal ``[``), without regard to case, or a JSON path exactly
    (``item[2].item[0]``, for requests of the same name); one that selects nothing is an
    error (a typo would otherwise record nothing and say so only at the end)."""
    endpoints = list(collection.endpoints())
    if not patterns:
        return endpoints
    folded = [pattern.casefold() for pattern in patterns]
    chosen = [e for e in endpoints if any(_matches(e, pattern) for pattern in folded)]
    for pattern, fold in zip(patterns, folded, strict=True):
        if not any(_matches(endpoint, fold) for endpoint in chosen):
            raise InputError.at(collection.source, "", f"--only {pattern!r} selects no request")
    return chosen


def _matches(endpoint: Endpoint, folded_pattern: str) -> bool:
    return (
        fnmatchcase(label(endpoint).casefold(), folded_pattern)
        or endpoint.json_path == folded_pattern
    )


def producers_of(flows: Flows, endpoints: Iterable[Endpoint]) -> dict[str, list[Producer]]:
    """For each variable, the requests among ``endpoints`` that copy it from their
    response, in collection order."""
    chosen = {endpoint.json_path for endpoint in endpoints}
    found: dict[str, list[Producer]] = {}
    for producer in flows.producers:
        if producer.endpoint in chosen:
            found.setdefault(producer.variable, []).append(producer)
    return found


def bound_producers(endpoints: Sequence[Endpoint], flows: Flows) -> dict[tuple[str, str], str]:
    """For each (request, variable) it sends, the selected request whose response gives
    the value: the producer the flow binds the use to, or, when the flow binds none because
    the producer comes later in the collection, the first selected producer of that
    variable. A request is never its own producer (it sends the earlier value before it
    stores its own)."""
    chosen = {endpoint.json_path for endpoint in endpoints}
    producing = producers_of(flows, endpoints)
    bound: dict[tuple[str, str], str] = {}
    for use in flows.uses:
        if use.endpoint not in chosen or (use.endpoint, use.variable) in bound:
            continue
        if use.producer is not None and use.producer.endpoint in chosen:
            bound[(use.endpoint, use.variable)] = use.producer.endpoint
            continue
        others = [p for p in producing.get(use.variable, ()) if p.endpoint != use.endpoint]
        if others:
            bound[(use.endpoint, use.variable)] = others[0].endpoint
    return bound


def dependencies(endpoints: Sequence[Endpoint], flows: Flows) -> dict[str, set[str]]:
    """For each request (JSON path), the requests it must follow (``bound_producers``)."""
    needs: dict[str, set[str]] = {endpoint.json_path: set() for endpoint in endpoints}
    for (consumer, _), producer in bound_producers(endpoints, flows).items():
        needs[consumer].add(producer)
    return needs


def run_order(endpoints: Sequence[Endpoint], flows: Flows) -> list[Endpoint]:
    """``endpoints`` in collection order, each moved after the requests it depends on: a
    stable topological order (of the requests ready to go, the earliest in the collection
    goes first). In a cycle (``A`` needs ``B``'s value and ``B`` ``A``'s) no order serves
    all: its requests keep their collection order (a dependency on a later request of the
    same cycle is dropped), and a variable one still lacks when sent skips it, naming the
    request that sets it."""
    position = {endpoint.json_path: index for index, endpoint in enumerate(endpoints)}
    needs = dependencies(endpoints, flows)
    component = _components(needs)
    for path, sources in needs.items():
        sources -= {
            source
            for source in sources
            if position[source] > position[path] and component[source] == component[path]
        }
    waiting = {path: len(sources) for path, sources in needs.items()}
    followers: dict[str, list[str]] = {path: [] for path in needs}
    for path, sources in needs.items():
        for source in sources:
            followers[source].append(path)
    ready = [position[path] for path, number in waiting.items() if number == 0]
    heapq.heapify(ready)
    ordered: list[Endpoint] = []
    while ready:
        endpoint = endpoints[heapq.heappop(ready)]
        ordered.append(endpoint)
        for follower in followers[endpoint.json_path]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, position[follower])
    return ordered


def _components(needs: Mapping[str, set[str]]) -> dict[str, str]:
    """Each request's strongly connected component (named by one of its requests):
    Tarjan's algorithm, iterative, so a long chain needs no deep recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    component: dict[str, str] = {}

    def visit(node: str) -> Iterator[str]:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return iter(needs[node])

    for root in needs:
        if root in index:
            continue
        work = [(root, visit(root))]
        while work:
            node, sources = work[-1]
            for source in sources:
                if source not in index:
                    work.append((source, visit(source)))
                    break
                if source in on_stack:
                    low[node] = min(low[node], index[source])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component[member] = node
                        if member == node:
                            break
    return component
