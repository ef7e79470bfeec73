"""Render every file of a generated client project from the plan and the models."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import NamedTuple

from generator import __version__
from generator.annotations import Annotation
from generator.emit.environment import render, render_cached
from generator.emit.flow_tests import render_flow_tests
from generator.emit.model_modules import plan_models, render_models
from generator.emit.modules import (
    MODULE_LINES,
    SHORT_BOUNDARY,
    ResourceModule,
    client_overhead,
    cut,
    resource_modules,
    split,
    top_level,
)
from generator.emit.plan import ErrorClass, Method, Plan, method_calls, setting_properties
from generator.emit.redaction import models_without_secrets
from generator.emit.ruff_order import all_key, member_key, natural
from generator.emit.tests import render_tests
from generator.installation import templates_dir
from generator.ir import (
    ApiModels,
    Collection,
)
from generator.json_layout import LayoutMemo
from generator.naming.identifiers import module_files, module_name
from generator.naming.runtime_names import AUTH_CLASSES, ERROR_TREE, METHOD_NAMES, VIEW_NAMES

PACKAGE_VERSION = "0.1.0"
# The lines of errors.py besides its classes: docstring, the tree's import and __all__
_ERRORS_OVERHEAD = 20 + 2 * len(ERROR_TREE)
# What a generated package needs at run time (its pyproject, and the wheels of projects
# that ship it through the hatch build hook)
DEPENDENCIES = ("httpx>=0.27",)


def render_project(plan: Plan, api: ApiModels, collection: Collection) -> dict[str, str]:
    """Relative path -> text of every file, unformatted (``generator.formatting`` runs black
    over the Python files, through its cache)."""
    return dict(sorted(project_files(plan, api, collection)))


def runtime_path(package: str) -> str:
    """Where the runtime goes: copied as it is, black's output already
    (``tests/test_runtime_models.py`` checks it), so black need not see it."""
    return f"{package}/_runtime.py"


def project_files(
    plan: Plan, api: ApiModels, collection: Collection, json_parts: LayoutMemo | None = None
) -> Iterator[tuple[str, str]]:
    """(relative path, unformatted text) of every file, rendered as they are asked for: black
    can start on the first while the others are rendered (``json_parts``: the JSON parts
    remembered from the last run, ``generator.json_layout``)."""
    package = plan.package
    yield (
        "pyproject.toml",
        _render(
            "project/pyproject.toml.j2", plan, distribution=_dist(plan), dependencies=DEPENDENCIES
        ),
    )
    yield (
        "README.md",
        _render(
            "project/README.md.j2",
            plan,
            example_calls=_example_calls(plan),
            endpoint_rows=_endpoint_rows(plan),
            # found here: a recursive loop in the template recursed once per folder level
            first_method=next((method for _, method in method_calls(plan.root)), None),
            has_models=bool(api.models),
        ),
    )
    yield f"{package}/__init__.py", _render("package/__init__.py.j2", plan)
    yield from _client_modules(plan, api, package)
    yield from _error_modules(plan, package)
    runtime = templates_dir() / "runtime" / "_runtime.py"
    yield runtime_path(package), runtime.read_text("utf-8")
    yield f"{package}/py.typed", ""
    yield f"{package}/resources/__init__.py", _render("package/resources/__init__.py.j2", plan)
    outline = plan.outline()
    for module in resource_modules(plan.root):
        yield from _resource_module(outline, module, package)
    layout = plan_models(api)
    for path, text in render_models(models_without_secrets(api, plan.secrets), layout):
        yield f"{package}/{path}", text
    yield from render_tests(plan, api, collection, json_parts).items()
    yield from render_flow_tests(plan, api, collection).items()


class ErrorPart(NamedTuple):
    """Some error classes in a module of their own: ``errors/<stem>.py``."""

    stem: str
    classes: tuple[ErrorClass, ...]


def _error_modules(plan: Plan, package: str) -> Iterator[tuple[str, str]]:
    """``errors.py``; or, when its classes would pass ``MODULE_LINES``, the package
    ``errors/``: the tree and the parts' classes in ``__init__.py``, the classes in parts
    (``errors/_part_<first class>.py``) cut as resource modules are (``cut``), so an added
    class changes its own part. ``from <pkg>.errors import X`` reads the same either way."""
    classes = plan.error_classes
    if _ERRORS_OVERHEAD + sum(map(_error_lines, classes)) <= MODULE_LINES:
        yield f"{package}/errors.py", _errors_module("package/errors.py.j2", plan, classes)
        return
    groups = cut(classes, lambda c: c.name, _error_lines, SHORT_BOUNDARY)
    stems = module_files([module_name(group[0].name) for group in groups])
    parts = sorted(  # in isort's order, as the imports of errors/__init__.py list them
        (
            ErrorPart(f"_part_{stem}", tuple(group))
            for stem, group in zip(stems, groups, strict=True)
        ),
        key=lambda part: natural(part.stem),
    )
    yield (
        f"{package}/errors/__init__.py",
        _render(
            "package/errors/__init__.py.j2",
            plan,
            error_tree=ERROR_TREE,
            tree_names=sorted(ERROR_TREE, key=all_key),
            parts=parts,
        ),
    )
    for part in parts:
        yield (
            f"{package}/errors/{part.stem}.py",
            _errors_module(
                "package/errors/_part.py.j2",
                plan,
                part.classes,
                tree=(),
            ),
        )


def _errors_module(
    template: str,
    plan: Plan,
    classes: Sequence[ErrorClass],
    tree: Sequence[str] = ERROR_TREE,
) -> str:
    """A module defining ``classes`` (and re-exporting the ``tree`` it imports), which
    imports the models their bodies are and the classes they derive from."""
    return _render(
        template,
        plan,
        error_tree=ERROR_TREE,
        bases=sorted({c.base for c in classes}, key=member_key),
        classes=classes,
        typed_errors=sorted({c.model for c in classes if c.model}, key=member_key),
        all_names=sorted([*tree, *(c.name for c in classes)], key=all_key),
    )


def _error_lines(error: ErrorClass) -> int:
    """The lines an error class takes (black's): blank lines, class, docstring, its
    ``__all__`` entry, and its body's annotation and model import if it has a model."""
    return 5 + 3 * bool(error.model)


def _client_modules(plan: Plan, api: ApiModels, package: str) -> Iterator[tuple[str, str]]:
    """``_client.py``, and the parts of its class when the requests outside any folder, and
    the top-level folders' accessors, would pass the cap (``resources/_part_*.py``)."""
    root = ResourceModule(("resources",), "", plan.root, top_level(plan.root), ())
    parts = split(root.resource.methods, root.children, overhead=client_overhead(plan))
    outline = plan.outline()
    for part in parts:
        title = "Some requests of the collection's root: a part of the client's class."
        yield (
            f"{package}/{root.path(part.stem)}",
            _members_module(
                outline,
                replace(root, children=part.children),
                title,
                title,
                PART_CLASS,
                methods=part.methods,
                part=True,
            ),
        )
    client = replace(plan, root=replace(plan.root, methods=(), children=())) if parts else plan
    viewed = bool(plan.root.methods)
    imports = _client_imports(client, viewed, parted=bool(parts))
    stdlib = _stdlib_imports(client.root.methods, lazy=bool(client.root.children), checking=True)
    if viewed:
        stdlib = sorted({*stdlib, _CACHED})
    yield (
        f"{package}/_client.py",
        _render(
            "package/_client.py.j2",
            client,
            client_imports=imports,
            error_names=_error_names(client.root.methods),
            stdlib_imports=stdlib,
            uses_models=_uses_models(client.root.methods),
            has_models=bool(api.models),
            auth_classes=AUTH_CLASSES,
            setting_properties=setting_properties(plan),
            client_parts=parts,
            part_imports=sorted((part.stem for part in parts), key=member_key),
            part_name=PART_CLASS,
            viewed=viewed,
            **_error_tables(client.root.methods)._asdict(),
        ),
    )


def _render(template: str, plan: Plan, *, cached: bool = False, **context: object) -> str:
    return (render_cached if cached else render)(
        template,
        plan=plan,
        version=__version__,
        package_version=PACKAGE_VERSION,
        user_agent=_agent(plan),
        **context,
    )


def _agent(plan: Plan) -> str:
    return f"{_dist(plan)}/{PACKAGE_VERSION} (postc {__version__})"


def _dist(plan: Plan) -> str:
    return plan.package.replace("_", "-")


def _annotations(methods: Iterable[Method]) -> Iterator[Annotation]:
    """Every annotation the methods write: returns, parameters and error models."""
    for method in methods:
        yield method.returns
        yield from (p.annotation for p in method.parameters)
        yield from (model for _, model in method.error_models)


def _uses_models(methods: Sequence[Method]) -> bool:
    return any(a.models for a in _annotations(methods))


def _runtime_imports(methods: Sequence[Method], viewed: bool = False) -> list[str]:
    """The runtime names the methods (and, ``viewed``, their class's views) need, besides
    the resource and client bases."""
    names = ["Call", *METHOD_NAMES] if methods else []
    names += VIEW_NAMES if viewed else ()
    names += dict.fromkeys(name for a in _annotations(methods) for name in a.runtime)
    if any(m.returns_kind == "json" for m in methods):
        names.append("JSON")  # what ``returns=`` reads a ``JsonValue`` with
    if any(m.error_models or m.error_classes for m in methods):
        names.append("ErrorTable")
    if any(p.style == "indexed" for m in methods for p in m.parameters):
        names.append("indexed")
    return names


def _resource_module(
    outline: Plan, module: ResourceModule, package: str
) -> Iterator[tuple[str, str]]:
    """The files of one folder: its module, and its parts when it is split."""
    resource = module.resource
    title = f"Requests of the {resource.title} folder."
    docstring = resource.description.strip() or title
    name = resource.class_name
    if not module.parts:
        text = _members_module(outline, module, title, docstring, name)
        yield f"{package}/{module.path()}", text
        return
    part_title = f"Some requests of the {resource.title} folder: a part of its class."
    for part in module.parts:
        yield (
            f"{package}/{module.path(part.stem)}",
            _members_module(
                outline,
                replace(module, parts=(), children=part.children),
                part_title,
                part_title,
                PART_CLASS,
                methods=part.methods,
                part=True,
            ),
        )
    viewed = bool(resource.methods)
    text = _render(
        "package/resources/module.py.j2",
        outline,
        cached=True,
        title=title,
        docstring=docstring,
        package=module.package,
        cls=name,
        bases=[f"{part.stem}.{PART_CLASS}[CoreT]" for part in module.parts],
        methods=(),
        children=(),
        parts=module.parts,
        part_imports=sorted((part.stem for part in module.parts), key=member_key),
        viewed=viewed,
        part=False,
        uses_models=False,
        runtime_imports=sorted(["CoreT", *(VIEW_NAMES if viewed else ())], key=member_key),
        error_names=(),
        stdlib_imports=[_CACHED] if viewed else [],
        tables=(),
        error_constants={},
    )
    yield f"{package}/{module.path()}", text


_CACHED = "from functools import cached_property"
# The runtime's base of a folder's class (or of a part's): generic over the core
_BASES = ["Resource[CoreT]"]
# The class of a part module (the folder's class inherits it): private, so that no name
# from the collection (an error class, a model) can take it
PART_CLASS = "_Part"


def _members_module(
    outline: Plan,
    module: ResourceModule,
    title: str,
    docstring: str,
    name: str,
    *,
    methods: Sequence[Method] | None = None,
    part: bool = False,
) -> str:
    """A module defining the class ``name`` with ``methods`` (the folder's own by default)
    and the module's children as lazy attributes; with its views unless it is a ``part``."""
    methods = module.resource.methods if methods is None else methods
    viewed = bool(methods) and not part
    runtime = ["CoreT", "Resource", *_runtime_imports(methods, viewed)]
    stdlib = _stdlib_imports(methods, lazy=bool(module.children or methods))
    cached = viewed or bool(module.children)
    return _render(
        "package/resources/module.py.j2",
        outline,
        cached=True,
        title=title,
        docstring=docstring,
        package=module.package,
        cls=name,
        bases=_BASES,
        methods=methods,
        children=module.children,
        parts=(),
        viewed=viewed,
        part=part,
        uses_models=_uses_models(methods),
        runtime_imports=sorted(runtime, key=member_key),
        error_names=_error_names(methods),
        stdlib_imports=[line for line in stdlib if line != _CACHED or cached],
        **_error_tables(methods)._asdict(),
    )


class ErrorTables(NamedTuple):
    """A module's error table constants: ``tables``, one ``(name, method)`` per distinct
    table, the method the one it is written from; ``error_constants``, each method's
    constant by the method's name."""

    tables: list[tuple[str, Method]]
    error_constants: dict[str, str]


def _error_tables(methods: Sequence[Method]) -> ErrorTables:
    """The module constants of the methods' error tables: ``tables``, one ``(name, method)``
    per distinct table (the first method having it names it: ``_get_user_errors``), and
    ``error_constants``, each method's constant by its name. Sync and async methods, and
    methods raising the same errors, share one."""
    constants: dict[str, str] = {}
    by_table: dict[object, str] = {}
    tables: list[tuple[str, Method]] = []
    for method in methods:
        if not (method.error_models or method.error_classes):
            continue
        code_field = method.error_code_field if method.error_classes else ""
        table = (method.error_models, method.error_classes, code_field)
        if table not in by_table:
            by_table[table] = f"_{method.name}_errors"
            tables.append((by_table[table], method))
        constants[method.name] = by_table[table]
    return ErrorTables(tables, constants)


def _error_names(methods: Iterable[Method]) -> list[str]:
    """The error classes the methods raise, which their module imports from ``errors``."""
    return sorted({c.name for m in methods for c in m.error_classes}, key=member_key)


def _stdlib_imports(
    methods: Iterable[Method], *, lazy: bool = False, checking: bool = False
) -> list[str]:
    """The standard-library imports the methods' annotations and calls need (and, with
    ``lazy``, those of names imported for annotations only, or on first use; with
    ``checking``, TYPE_CHECKING for imports only annotations use)."""
    methods = list(methods)
    imported = {pair for a in _annotations(methods) for pair in a.stdlib}
    needed = {name for module, name in imported if module == "typing"}
    if lazy or checking:
        needed.add("TYPE_CHECKING")
    if any(m.returns.needs_cast for m in methods):
        needed.add("cast")
    lines = [f"from {module} import {name}" for module, name in imported if module != "typing"]
    if any(m.returns_kind == "none" for m in methods):
        lines.append("from types import NoneType")
    if lazy or methods:  # resources, and the methods' views, are built on first use
        lines.append("from functools import cached_property")
    if needed:
        lines.append(f"from typing import {', '.join(sorted(needed, key=member_key))}")
    return sorted(lines)


def _client_imports(plan: Plan, viewed: bool, *, parted: bool) -> list[str]:
    """The runtime names ``_client.py`` imports (``viewed``: its ``_Root`` has views;
    ``parted``: it is made of parts, else it derives from ``Resource``), in ruff's isort
    order."""
    names = ["NOT_GIVEN", "AsyncClientCore", "ClientCore", "CoreT", "NotGiven", "RetryPolicy"]
    names += _runtime_imports(plan.root.methods, viewed)
    names += [] if parted else ["Resource"]
    names += [AUTH_CLASSES[auth.kind] for auth in plan.auths]
    if len(plan.auths) > 1:
        names.append("Deferred")
    if plan.logins:
        names.append("given_or_login")
    login_reads = any("setting(" in e for login in plan.logins for _, e in login.arguments)
    if plan.eager_settings or plan.deferred_settings or setting_properties(plan) or login_reads:
        names.append("setting")
    names.append("Var")
    if any(len(host.parts) > 1 for host in plan.hosts):  # written as a Url of its parts
        names.append("Url")
    return sorted(set(names), key=member_key)


def _example_calls(plan: Plan) -> list[str]:
    return [f"{path}({_required_arguments(m)})" for path, m in method_calls(plan.root)]


def _required_arguments(method: Method) -> str:
    return ", ".join(f"{p.name}=..." for p in method.parameters if p.required)


def _endpoint_rows(plan: Plan) -> list[tuple[str, str, str]]:
    return [
        (f"{path}({_required_arguments(m)})", m.http_method, m.url)
        for path, m in method_calls(plan.root)
    ]
