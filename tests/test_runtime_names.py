"""The registry of the runtime's names (generator/naming/runtime_names.py) against the real
runtime (templates/runtime/_runtime.py, read with ``ast``) and the committed generated code:
a name added to, renamed in or removed from one of them fails here until the others agree."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.emit.ruff_order import all_key
from generator.naming.reserved import MODEL_SCOPE, MODULE_SCOPE
from generator.naming.runtime_names import (
    AUTH_CLASSES,
    ERROR_TREE,
    METHOD_NAMES,
    MODEL_NAMES,
    RUNTIME_EXPORTS,
    RUNTIME_NAMES,
    RUNTIME_TYPE_VARIABLES,
    STATUS_ERRORS,
    TEMPLATE_CLASSES,
)

REPO = Path(__file__).resolve().parents[1]
RUNTIME = REPO / "templates" / "runtime" / "_runtime.py"
GENERATED = REPO / "generated"


def _runtime_tree() -> ast.Module:
    return ast.parse(RUNTIME.read_text(encoding="utf-8"))


def _runtime_all(tree: ast.Module) -> list[str]:
    """The literal ``__all__`` of the runtime (it must be a plain list of strings)."""
    found = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["__all__"]
    ]
    assert len(found) == 1, "the runtime has exactly one __all__"
    names = ast.literal_eval(found[0])
    assert isinstance(names, list) and all(isinstance(n, str) for n in names)
    return names


def _bound(node: ast.stmt) -> list[str]:
    """The names a top-level statement binds (imports aside)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    targets = node.targets if isinstance(node, ast.Assign) else []
    if isinstance(node, ast.AnnAssign):
        targets = [node.target]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _public_definitions(tree: ast.Module) -> dict[str, ast.stmt]:
    return {
        name: node
        for node in tree.body
        for name in _bound(node)
        if not name.startswith("_")
    }


def _classes(tree: ast.Module) -> dict[str, list[str]]:
    """Top-level class -> the names of its bases (``httpx.Auth`` as ``Auth``)."""
    return {
        node.name: [ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases]
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


def test_the_runtime_exports_exactly_the_registry() -> None:
    names = _runtime_all(_runtime_tree())
    assert len(names) == len(set(names)), "__all__ lists a name twice"
    assert names == sorted(names, key=all_key), "__all__ is not in ruff's order"
    assert set(names) == RUNTIME_EXPORTS, (
        f"only in __all__: {sorted(set(names) - RUNTIME_EXPORTS)}; "
        f"only in the registry: {sorted(RUNTIME_EXPORTS - set(names))}"
    )


def test_every_public_definition_of_the_runtime_is_registered() -> None:
    defined = _public_definitions(_runtime_tree())
    assert set(defined) == RUNTIME_NAMES, (
        f"defined, not registered: {sorted(set(defined) - RUNTIME_NAMES)}; "
        f"registered, not defined: {sorted(RUNTIME_NAMES - set(defined))}"
    )
    variables = {
        name
        for name, node in defined.items()
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and ast.unparse(node.value.func) in {"TypeVar", "ParamSpec"}
    }
    # CoreT is exported: the generated resource classes are generic over it
    assert variables == RUNTIME_TYPE_VARIABLES | {"CoreT"}
    assert not RUNTIME_TYPE_VARIABLES & RUNTIME_EXPORTS


def test_the_error_tree_is_every_exception_and_warning_of_the_runtime() -> None:
    """Walks the class hierarchy from the builtin roots, so a new error class of the runtime
    is re-exported by every ``errors.py`` or the test names it."""
    classes = _classes(_runtime_tree())
    errors: set[str] = set()
    roots = {"Exception", "ValueError", "AttributeError", "UserWarning"}
    changed = True
    while changed:
        found = {
            name
            for name, bases in classes.items()
            if set(bases) & (roots | errors) and not name.startswith("_")
        }
        changed, errors = found != errors, found
    assert errors == set(ERROR_TREE)
    assert list(ERROR_TREE) == sorted(ERROR_TREE), "errors.py imports them in this order"


def test_each_role_names_runtime_definitions_of_the_right_kind() -> None:
    classes = _classes(_runtime_tree())
    defined = _public_definitions(_runtime_tree())
    for name in AUTH_CLASSES.values():  # a scheme of the runtime: its ``_Auth`` an ancestor
        ancestors, bases = set(), classes.get(name, [])
        while bases:
            ancestors.update(bases)
            bases = [b for base in bases for b in classes.get(base, [])]
        assert "_Auth" in ancestors, name
    assert {*MODEL_NAMES, *METHOD_NAMES} <= set(defined)
    assert "Model" in classes and "Unset" in classes


def test_names_the_templates_define_or_the_runtime_binds_are_reserved() -> None:
    assert RUNTIME_NAMES | TEMPLATE_CLASSES <= MODULE_SCOPE
    capitalised = {name for name in RUNTIME_NAMES | TEMPLATE_CLASSES if name[:1].isupper()}
    assert capitalised <= MODEL_SCOPE


def _python_files() -> list[Path]:
    files = sorted(GENERATED.rglob("*.py"))
    assert files, f"no generated code under {GENERATED}"
    return files


def test_generated_code_imports_only_exported_runtime_names() -> None:
    """The committed clients (``tests/test_generate.py`` keeps them current): every
    ``from ._runtime import`` (and ``pkg._runtime`` in their tests) names the runtime's API."""
    exported = set(_runtime_all(_runtime_tree()))
    imported: set[str] = set()
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("_runtime"):
                imported |= {alias.name for alias in node.names}
    assert imported, "no generated module imports the runtime"
    assert imported <= exported, sorted(imported - exported)


def test_generated_modules_define_and_import_what_the_registry_says() -> None:
    packages = [path.parent for path in _python_files() if path.name == "_runtime.py"]
    assert packages
    for package in packages:
        client = ast.parse((package / "_client.py").read_text(encoding="utf-8"))
        assert set(_classes(client)) == TEMPLATE_CLASSES, package
        errors = ast.parse((package / "errors.py").read_text(encoding="utf-8"))
        runtime = [
            alias.name
            for node in errors.body
            if isinstance(node, ast.ImportFrom) and node.module == "_runtime"
            for alias in node.names
        ]
        assert runtime == list(ERROR_TREE), package


def test_the_status_errors_are_the_runtimes() -> None:
    """The classes generated error classes derive from, and generated tests expect, are those
    the runtime raises for each status."""
    found = [
        node.value
        for node in _runtime_tree().body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "_STATUS_ERRORS"
    ]
    assert len(found) == 1 and isinstance(found[0], ast.Dict)
    runtime = {
        ast.literal_eval(key): ast.unparse(value)
        for key, value in zip(found[0].keys, found[0].values, strict=True)
        if key is not None
    }
    assert runtime == dict(STATUS_ERRORS)
