"""Collision resolution shared by class names and method names.

Each item brings a chain of candidate names, most preferred first, each one more
qualified than the last (``LineItem``, ``InvoiceLineItem``, ...). Items whose current
names collide step down their chains together; an item still on an earlier (less
qualified) candidate than every other member of its group keeps its name, so a natural
name is never lengthened because another item's qualified name happens to equal it; among
items on the same candidate, one that weighs more than all others (a class seen in more
places) keeps it. The outcome depends only on the chains and weights, never on the order
of the items.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence


def resolve(
    chains: Sequence[Sequence[str]],
    taken: Collection[str] = frozenset(),
    key: Callable[[str], str] = str,
    weights: Sequence[int] | None = None,
) -> list[str | None]:
    """One name per chain, or None where the whole chain collides (the caller decides).

    Names compare by ``key`` (e.g. their snake-case spelling), and no name whose key is in
    ``taken`` is given.
    """
    levels = [0] * len(chains)
    weight = list(weights) if weights is not None else [0] * len(chains)
    while True:
        groups = _groups(chains, levels, key)
        moved = False
        for group_key, members in groups.items():
            keeper = _keeper(members, levels, weight, group_key in taken)
            for index in members:
                if index != keeper and levels[index] + 1 < len(chains[index]):
                    levels[index] += 1
                    moved = True
        if not moved:
            break
    names: list[str | None] = [chain[level] for chain, level in zip(chains, levels, strict=True)]
    for group_key, members in _groups(chains, levels, key).items():
        keeper = _keeper(members, levels, weight, group_key in taken)
        for index in members:
            if index != keeper:
                names[index] = None
    return names


def _groups(
    chains: Sequence[Sequence[str]], levels: list[int], key: Callable[[str], str]
) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for index, chain in enumerate(chains):
        groups.setdefault(key(chain[levels[index]]), []).append(index)
    return groups


def _keeper(members: list[int], levels: list[int], weight: list[int], taken: bool) -> int | None:
    """The one member entitled to the group's name, if any: the heaviest of those on the
    least qualified level, when it is the only one that heavy."""
    if taken:
        return None
    best = min((levels[index], -weight[index]) for index in members)
    firsts = [index for index in members if (levels[index], -weight[index]) == best]
    return firsts[0] if len(firsts) == 1 else None
