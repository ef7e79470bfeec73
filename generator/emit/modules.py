"""The partition of the resource tree into the generated package's modules.

A folder is its own module, its subfolders their own modules beside it: a folder with
subfolders is a package (``resources/<folder>/__init__.py``, its subfolders
``resources/<folder>/<sub>.py``), a folder without is one file (``resources/<folder>.py``).
A class imports a subfolder's module the first time its attribute is read, so a big
collection costs nothing until a namespace is used.

No module grows past ``MODULE_LINES``: a folder whose requests would (estimated from the
plan, a cost per method, not by rendering twice) is split into part modules
(``_part_<first member>.py``), each a mixin class of some of its members, that the folder's
class combines. A part ends before a member whose name's digest is divisible by
``BOUNDARY`` (content-defined, as rsync cuts files), or where the next member would pass
``PART_LINES``; so adding a request changes its own part and the line listing the parts,
not its neighbours (``tests/test_modules.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from generator.emit.plan import Method, Plan, Resource
from generator.naming.identifiers import module_files

# The most lines (after black) any generated package module may have: docs/runtime.md
MODULE_LINES = 3000
# What one part module may hold by the estimate: room under MODULE_LINES for a bad guess
PART_LINES = 2000
# A part ends before about one member in BOUNDARY (by the digest of its name)
BOUNDARY = 32
# ... or one in SHORT_BOUNDARY where members take a few lines each (the rows of the models
# index, error classes, 2 to 8 lines): parts of a few hundred lines, not dozens of tiny
# files, and a run rarely reaches PART_LINES (250 members or more: under 2%), where a cut
# by size would move with every member added before it
SHORT_BOUNDARY = 64
# A module's lines besides its members: docstring, imports, class headers, views
_MODULE_OVERHEAD = 80
_PART_PREFIX = "_part_"

T = TypeVar("T")


@dataclass(frozen=True)
class Child:
    """A subfolder as its parent's module sees it: the resource and its module's name."""

    resource: Resource
    stem: str


@dataclass(frozen=True)
class Part:
    """Some of a folder's members in a module of their own (``<stem>.py`` beside the
    folder's ``__init__.py``): a mixin class the folder's class inherits."""

    stem: str
    methods: tuple[Method, ...]
    children: tuple[Child, ...]


@dataclass(frozen=True)
class ResourceModule:
    """The module of one folder: where it goes, and its members or its parts."""

    directory: tuple[str, ...]  # below the package: ("resources", "orders")
    stem: str  # the file name without .py: "__init__" for a folder that is a package
    resource: Resource
    children: tuple[Child, ...]
    parts: tuple[Part, ...]  # empty: the members are in the module itself

    def path(self, stem: str | None = None) -> str:
        """The module's file (or its part ``stem``'s) relative to the package."""
        return "/".join((*self.directory, f"{stem or self.stem}.py"))

    @property
    def package(self) -> str:
        """The relative import of the generated package from here: ``..`` or ``...``."""
        return "." * (len(self.directory) + 1)


def resource_modules(root: Resource) -> Iterator[ResourceModule]:
    """The module of every folder below ``root``, parents before their subfolders."""
    for child in top_level(root):
        yield from _modules(child.resource, ("resources",), child.stem)


def top_level(root: Resource) -> tuple[Child, ...]:
    """The top-level folders, in ``resources/`` under the names the plan gave them."""
    return tuple(Child(child, child.module) for child in root.children)


def client_overhead(plan: Plan) -> int:
    """The lines of ``_client.py`` besides the root's requests and folders: its settings
    (argument, docstring line, property) and auth schemes take some each."""
    return 2 * (_MODULE_OVERHEAD + 8 * len(plan.settings) + 12 * len(plan.auths))


def _modules(resource: Resource, directory: tuple[str, ...], stem: str) -> Iterator[ResourceModule]:
    children = tuple(
        Child(child, file)
        for child, file in zip(
            resource.children,
            module_files([child.attribute for child in resource.children]),
            strict=True,
        )
    )
    parts = split(resource.methods, children)
    if children or parts:
        directory, stem = (*directory, stem), "__init__"
    yield ResourceModule(directory, stem, resource, children, parts)
    for child in children:
        yield from _modules(child.resource, directory, child.stem)


def split(
    methods: Sequence[Method], children: Sequence[Child], overhead: int = _MODULE_OVERHEAD
) -> tuple[Part, ...]:
    """The parts of a class with ``methods`` and ``children``, or none when one module holds
    them all (and ``overhead`` lines more) under ``MODULE_LINES``."""
    members: list[Method | Child] = [*methods, *children]
    if overhead + sum(member_lines(m) for m in members) <= MODULE_LINES:
        return ()
    groups = cut(members, _key, member_lines)
    # prefixed after the ASCII spelling (``xn_`` of a non-ASCII name), so that no part
    # meets a subfolder's module, whose name never starts with ``_``
    stems = [_PART_PREFIX + stem for stem in module_files([_key(group[0]) for group in groups])]
    return tuple(
        Part(
            stem,
            tuple(m for m in group if isinstance(m, Method)),
            tuple(c for c in group if isinstance(c, Child)),
        )
        for stem, group in zip(stems, groups, strict=True)
    )


def cut(
    items: Sequence[T],
    key: Callable[[T], str],
    lines: Callable[[T], int],
    boundary: int = BOUNDARY,
) -> list[list[T]]:
    """``items`` in runs, in order: a run ends before an item whose ``key`` is a boundary
    (about one in ``boundary``), or where the next item's ``lines`` would pass
    ``PART_LINES``. Content-defined: an added item changes its own run, not the others;
    the models index and ``errors`` are cut the same way (``generator/emit/model_modules.py``,
    ``generator/emit/project.py``)."""
    groups: list[list[T]] = []
    size = 0
    for item in items:
        cost = lines(item)
        if not groups or _is_boundary(key(item), boundary) or size + cost > PART_LINES:
            groups.append([])
            size = 0
        groups[-1].append(item)
        size += cost
    return groups


def _key(member: Method | Child) -> str:
    return member.name if isinstance(member, Method) else member.resource.attribute


def _is_boundary(key: str, boundary: int) -> bool:
    """Whether a part starts at the member named ``key``: by its name alone, so the same
    members start parts whatever is added around them."""
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:4], "big") % boundary == 0


def member_lines(member: Method | Child) -> int:
    """An upper estimate of the lines a member takes in its module: written once, for the
    sync and async clients and the views alike (the runtime's ``endpoint``)."""
    if isinstance(member, Child):
        return 12  # the cached accessor with its docstring, and its TYPE_CHECKING import
    return _signature_lines(member) + _docstring_lines(member) + _call_lines(member) + 2


def _signature_lines(method: Method) -> int:
    return 10 + sum(1 + len(p.annotation.text) // 60 for p in method.parameters)


def _docstring_lines(method: Method) -> int:
    text = f"{method.summary} {method.description} {' '.join(method.chains)}"
    lines = 2 + sum(2 + len(line) // 60 for line in text.splitlines())
    for p in method.parameters:
        lines += 1 + (len(p.description) + len(p.docstring_example or "")) // 50
    return lines + 3 + 2 * len(method.error_classes)


def _call_lines(method: Method) -> int:
    errors = 6 + len(method.error_models) + len(method.error_classes)  # its ErrorTable
    return 12 + 2 * len(method.parameters) + len(method.fixed_headers) + errors
