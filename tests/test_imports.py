"""No import cycle among postc's own modules.

A cycle makes the import order decide which names exist when a module runs, and it ties two
modules that should change on their own (``generator.cache`` and ``generator.emit.environment``
once imported each other, the cycle hidden by an import inside a function). The rule is about
the imports a module runs when it is imported: those at module level, ``if TYPE_CHECKING``
blocks aside (never run). An import inside a function (lazy, for start-up time) runs later,
but one that closes a cycle is a cycle all the same, only hidden: the package has none of
those either (``generator.emit.chains`` once imported the plan in a function, the plan
importing it).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).resolve().parent


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package at ``root``, by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join((package, *parts))] = path
    return found


def runtime_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements run when the module is imported: module level, including
    ``if``/``try`` blocks there, but not ``if TYPE_CHECKING:`` nor function or class bodies."""
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and not _type_checking(node.test):
            pending += [*node.body, *node.orelse]
        elif isinstance(node, ast.Try):
            pending += [*node.body, *node.orelse, *node.finalbody]
            pending += [statement for handler in node.handlers for statement in handler.body]


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The dotted names ``node`` (in ``module``) imports: ``from a import b`` names ``a.b``
    when that is a module, else ``a`` (resolved against the known modules by the caller)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = module.split(".")
        anchor = anchor if is_package else anchor[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def every_import(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement of the module, in functions too, ``if TYPE_CHECKING:`` aside."""
    checked_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _type_checking(node.test)
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in checked_only:
            yield node


ImportsOf = Callable[[ast.Module], Iterator[ast.Import | ast.ImportFrom]]


def import_graph(
    root: Path, package: str, imports_of: ImportsOf = runtime_imports
) -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports (those
    ``imports_of`` gives: by default, what runs when the module is imported)."""
    known = modules(root, package)
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        targets = {
            target
            for node in imports_of(tree)
            for found in imported(name, is_package, node)
            for target in (found, *_packages_run_first(found, name))
            if target in known and target != name
        }
        graph[name] = targets
    return graph


def _packages_run_first(target: str, importer: str) -> list[str]:
    """The packages whose ``__init__`` importing ``target`` runs before it (``a`` and
    ``a.b`` for ``a.b.c``), but not the importer's own: those are being imported already."""
    parts = target.split(".")
    own = importer.split(".")
    return [
        ".".join(parts[:end]) for end in range(1, len(parts)) if parts[:end] != own[:end]
    ]


def first_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph as the path that closes it (``[a, b, a]``), or ``None``."""
    done: set[str] = set()
    for start in sorted(graph):
        cycle = _cycle_from(start, graph, done, [])
        if cycle is not None:
            return cycle
    return None


def _cycle_from(
    node: str, graph: dict[str, set[str]], done: set[str], path: list[str]
) -> list[str] | None:
    if node in path:
        return [*path[path.index(node) :], node]
    if node in done:
        return None
    for target in sorted(graph[node]):
        cycle = _cycle_from(target, graph, done, [*path, node])
        if cycle is not None:
            return cycle
    done.add(node)
    return None


def test_postc_has_no_import_cycle() -> None:
    graph = import_graph(PACKAGE, "generator")
    assert "generator.cache" in graph and "generator.emit.environment" in graph
    assert first_cycle(graph) is None, " -> ".join(first_cycle(graph) or [])


def test_postc_has_no_cycle_hidden_in_a_function() -> None:
    graph = import_graph(PACKAGE, "generator", every_import)
    assert "generator.emit.plan" in graph["generator.cli"]  # lazy imports are counted
    assert first_cycle(graph) is None, " -> ".join(first_cycle(graph) or [])


def write_package(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / "pkg" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_a_cycle_through_a_submodule_and_a_relative_import_is_found(tmp_path: Path) -> None:
    root = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from pkg.sub import b\n",
            "sub/__init__.py": "",
            "sub/b.py": "try:\n    from .c import thing\nexcept ImportError:\n    pass\n",
            "sub/c.py": "import os\nif os.name:\n    import pkg.a\n",
        },
    )
    assert first_cycle(import_graph(root, "pkg")) == ["pkg.a", "pkg.sub.b", "pkg.sub.c", "pkg.a"]


def test_a_cycle_through_the_package_a_submodule_import_runs_is_found(tmp_path: Path) -> None:
    """``from pkg.other.leaf import x`` runs ``pkg/other/__init__.py`` first: a cycle through
    it is a cycle, though the leaf itself imports nothing."""
    root = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "user.py": "from pkg.other.leaf import x\n",
            "other/__init__.py": "from pkg.other import heavy\n",
            "other/heavy.py": "from pkg import user\n",
            "other/leaf.py": "x = 1\n",
        },
    )
    assert first_cycle(import_graph(root, "pkg")) == [
        "pkg.other",
        "pkg.other.heavy",
        "pkg.user",
        "pkg.other",
    ]


def test_imports_that_do_not_run_at_import_time_make_no_cycle(tmp_path: Path) -> None:
    root = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from pkg import b\n",
            "b.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from pkg import a\n"
                "def later() -> None:\n    from pkg.a import x\n"
                "class Lazy:\n    def method(self) -> None:\n        import pkg.a\n"
            ),
        },
    )
    graph = import_graph(root, "pkg")
    assert graph["pkg.a"] == {"pkg", "pkg.b"} and graph["pkg.b"] == set()
    assert first_cycle(graph) is None
