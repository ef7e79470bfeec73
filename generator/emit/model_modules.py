"""The ``models/`` package of a generated client, from the named models.

Layout: each root class (the class of a body, or of its items) gets a module, and so does
every class that several modules use; any other class lives in the one module that uses
it. ``models/__init__.py`` imports nothing eagerly: a module is imported the first time
one of its classes is asked for, so a client of a big API starts fast.

Classes follow docs/runtime.md ("Models"). Inside a class body a field hides any
module-level name of the same spelling from the fields after it (and from
``get_type_hints``, which reads the class namespace before the builtins), so a module
whose fields shadow a name it needs imports that name qualified (``import datetime as dt``
and ``dt.date``, ``import builtins`` and ``builtins.list``).
"""

from __future__ import annotations

import hashlib
import pickle
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from graphlib import CycleError, TopologicalSorter
from typing import Any

from generator.annotations import RUNTIME, SOURCES, Spell, write
from generator.emit.environment import render, render_keyed
from generator.emit.layout import LINE, fits, width
from generator.emit.modules import MODULE_LINES, SHORT_BOUNDARY, cut
from generator.emit.ruff_order import all_key, member_key, natural
from generator.escaping import docstring, identifier, py_str
from generator.ir import (
    ApiModels,
    ClassRef,
    ListType,
    MapType,
    Model,
    ObjectType,
    TaggedUnion,
    TupleType,
    TypeExpr,
    TypeVariant,
)
from generator.naming.identifiers import ascii_module, module_name
from generator.naming.reserved import MODELS_PACKAGE_SCOPE
from generator.naming.runtime_names import MODEL_NAMES

__all__ = ["ModelsLayout", "plan_models", "render_models"]

_RUNTIME = RUNTIME
# Where each name a model module may read comes from: the annotations' names (one
# vocabulary, ``generator.annotations.SOURCES``), the dataclass machinery and the runtime's
# model names; any other name is a model class.
_SOURCE_OF = {
    **SOURCES,
    **dict.fromkeys(("dataclass", "field"), "dataclasses"),
    **dict.fromkeys(MODEL_NAMES, _RUNTIME),
}
# The standard-library names, by source, each in the order ruff's isort wants.
_STDLIB: dict[str, tuple[str, ...]] = {
    source: tuple(sorted((n for n, s in _SOURCE_OF.items() if s == source), key=member_key))
    for source in sorted(set(_SOURCE_OF.values()) - {_RUNTIME})
}
_QUALIFIERS = {"datetime": "dt"}  # how a source is imported when qualified; else its name
_OUTSIDE_BODY = frozenset({"dataclass", "Model"})  # decorator and base: no field hides them
_AMBIGUOUS = frozenset({"l", "I", "O"})  # pycodestyle's E741
_MODULE_BYTES = 64
# The lines of ``models/__init__.py`` besides its models; past MODULE_LINES its index is in
# part modules, cut by ``cut`` (content-defined: an added model changes its own part)
_INDEX_OVERHEAD = 40
_INDEX_PREFIX = "_index_"
# A docstring that fits in one line is one; longer text wraps to the same width, so a
# wrapped one always has two lines (black would join a single line, however long).
_CLASS_DOC = LINE - len('    """') - len('"""')
_MODULE_DOC = LINE - len('"""') - len('"""')

Names = list[tuple[str, str | None]]  # (name, alias) of an import statement
Context = dict[str, Any]


@dataclass(frozen=True)
class ModelsLayout:
    """Which module of ``<pkg>/models`` defines each class.

    ``modules`` lists (module, classes) in module order; a module's classes start with the
    one it is named after, then the classes only it uses, in order of first reference.
    """

    modules: tuple[tuple[str, tuple[str, ...]], ...]
    _owners: Mapping[str, str] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        owners = {name: module for module, names in self.modules for name in names}
        object.__setattr__(self, "_owners", owners)

    def module_of(self, class_name: str) -> str:
        """The module defining ``class_name``: ``job_details`` for ``JobDetails``."""
        return self._owners[class_name]


def plan_models(api: ApiModels) -> ModelsLayout:
    """Group the classes into modules; the same models always give the same layout."""
    models = {model.name: model for model in api.models}
    clashes = sorted(set(models) & set(_SOURCE_OF))
    if clashes:  # the naming stage reserves them
        raise ValueError(f"model names clash with names generated modules import: {clashes}")
    children = {name: _unique(_model_refs(model)) for name, model in models.items()}
    parents: dict[str, list[str]] = {name: [] for name in models}
    for name, refs in children.items():
        for child in refs:
            if child not in parents:
                raise ValueError(f"{name} refers to an unknown class {child}")
            parents[child].append(name)
    try:  # parents first; inferred types are finite trees, so a cycle is a postc bug
        order = list(TopologicalSorter(parents).static_order())
    except CycleError as error:
        raise ValueError(f"models refer to each other in a cycle: {error.args[1]}") from None
    heads = set(_unique(ref for binding in api.bindings for ref in _refs(binding.type)))
    while True:
        owners = _owners(order, parents, heads)
        fields_of_module: dict[str, set[str]] = defaultdict(set)
        for name in order:
            fields_of_module[owners[name]].update(f.name for f in models[name].fields)
        # A class whose name a field of its module shadows could not be named in that
        # field's class body; in a module of its own, it is imported qualified there.
        shadowed = {
            name
            for name in order
            if owners[name] != name and name in fields_of_module[owners[name]]
        }
        if not shadowed:
            return ModelsLayout(_modules(children, owners))
        heads |= shadowed


def render_models(api: ApiModels, layout: ModelsLayout) -> Iterator[tuple[str, str]]:
    """(relative path inside the package, source text) of ``models/__init__.py`` and each
    module (``models/job_details.py``), close to black's style (black formats it later),
    rendered as they are asked for."""
    models = {model.name: model for model in api.models}
    tags = _tag_values(api)
    yield from _index_modules(layout)
    whole = hashlib.sha256(pickle.dumps(layout, protocol=5)).digest()
    for name, classes in layout.modules:
        members = [models[c] for c in classes]
        # the context is made from the module's models, their tags and the layout: keyed by
        # those, a module whose models did not change is not even prepared again
        key = (name, members, [tags.get(c, ()) for c in classes], whole)
        context = partial(_module_context, members, tags, layout)
        yield f"models/{name}.py", render_keyed("package/models/module.py.j2", key, context)


# --- layout ------------------------------------------------------------------------------


def _owners(order: list[str], parents: Mapping[str, list[str]], heads: set[str]) -> dict[str, str]:
    """The head of each class's module: itself for a head, else the one of all its parents."""
    owners: dict[str, str] = {}
    for name in order:
        found = {owners[parent] for parent in parents[name]}
        owners[name] = found.pop() if name not in heads and len(found) == 1 else name
    return owners


def _modules(
    children: Mapping[str, list[str]], owners: Mapping[str, str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(module, classes) per head; a module name never equals a class name (a submodule
    would replace the lazily imported class of that name in the package namespace)."""
    taken = set(owners) | MODELS_PACKAGE_SCOPE
    modules = []
    for head in sorted(name for name, owner in owners.items() if owner == name):
        module = _short(ascii_module(module_name(head)), head)
        while module in taken:
            module += "_"
        taken.add(module)
        members, seen = [head], {head}
        for name in members:  # grows while it is read: breadth first
            for child in children[name]:
                if owners[child] == head and child not in seen:
                    members.append(child)
                    seen.add(child)
        modules.append((module, tuple(members)))
    return tuple(sorted(modules, key=lambda item: natural(item[0])))


def _short(module: str, head: str) -> str:
    """``module``, cut to whole words and a digest of the class name if it is too long for a
    file name (255 bytes, less ``.cpython-3XX.pyc``; a request name can be a paragraph)."""
    if len(module.encode()) <= _MODULE_BYTES:
        return module
    room = _MODULE_BYTES - 7
    words = module.split("_")
    while len(words) > 1 and len("_".join(words).encode()) > room:
        words.pop()
    kept = "_".join(words)
    while len(kept.encode()) > room:  # one long word
        kept = kept[:-1]
    return f"{kept}_{hashlib.sha256(head.encode()).hexdigest()[:6]}"


def _variants(expr: TypeExpr) -> Iterator[TypeVariant]:
    """Every variant of ``expr`` and of its containers, left to right; not inside classes."""
    for variant in expr.variants:
        yield variant
        if isinstance(variant, ListType):
            yield from _variants(variant.items)
        elif isinstance(variant, MapType):
            yield from _variants(variant.values)
        elif isinstance(variant, TupleType):
            for item in variant.items:
                yield from _variants(item)
        elif isinstance(variant, TaggedUnion):
            yield from (target for _, target in variant.variants)


def _refs(expr: TypeExpr) -> Iterator[str]:
    """The classes an annotation of ``expr`` names, in order."""
    for variant in _variants(expr):
        if isinstance(variant, ClassRef | ObjectType):
            yield _class_name(variant)


def _model_refs(model: Model) -> Iterator[str]:
    for model_field in model.fields:
        yield from _refs(model_field.type)


def _class_name(variant: ClassRef | ObjectType) -> str:
    if isinstance(variant, ObjectType):
        raise ValueError(f"an object type was left unnamed: {variant.paths}")
    return variant.name


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _tag_values(api: ApiModels) -> dict[str, tuple[str, ...]]:
    """The ``__tag__`` of each tagged-union variant: every value any union gives it."""
    found: dict[str, set[str]] = defaultdict(set)
    types = [f.type for model in api.models for f in model.fields]
    for expr in [*types, *(binding.type for binding in api.bindings)]:
        for variant in _variants(expr):
            if isinstance(variant, TaggedUnion):
                for value, target in variant.variants:
                    found[_class_name(target)].add(value)
    return {name: tuple(sorted(values)) for name, values in found.items()}


# --- render contexts ---------------------------------------------------------------------


def _module_context(
    classes: list[Model], tags: Mapping[str, tuple[str, ...]], layout: ModelsLayout
) -> Context:
    """Imports and classes of one module; names that fields shadow are imported qualified."""
    shadowing = {f.name for model in classes for f in model.fields}
    local = {model.name for model in classes}
    used = _unique(name for model in classes for name in _body_names(model))
    qualifiers = {
        source: _free(_QUALIFIERS.get(source, source), shadowing)
        for source in {
            _SOURCE_OF[name] for name in used if name in shadowing and name in _SOURCE_OF
        }
    }
    external = [name for name in used if name not in _SOURCE_OF and name not in local]
    qualified_classes = {name: layout.module_of(name) for name in external if name in shadowing}

    def spell(name: str) -> str:
        source = _SOURCE_OF.get(name)
        if name in qualified_classes:
            return f"{_free(qualified_classes[name], shadowing)}.{identifier(name)}"
        if source in qualifiers:
            return f"{qualifiers[source]}.{name}"
        return identifier(name)

    needed = {*used, *_OUTSIDE_BODY}
    summary = f"The {classes[0].name} model" + (
        ", and the models only it uses." if classes[1:] else "."
    )
    return {
        "summary": _doc_lines(summary, _MODULE_DOC),
        "sections": [
            _stdlib_imports(needed, qualifiers),
            _relative_imports(needed, qualifiers, external, qualified_classes, shadowing, layout),
        ],
        "names": {name: spell(name) for name in ("dataclass", "field", "Model", "UNSET")},
        "classes": [_class_context(model, tags.get(model.name, ()), spell) for model in classes],
    }


def _body_names(model: Model) -> Iterator[str]:
    """The names a class body uses: its annotations', then ``field`` and ``UNSET``."""
    for model_field in model.fields:
        yield from write(model_field.type, optional=not model_field.required).names
    if any(f.key != f.name for f in model.fields):
        yield "field"
    if any(not f.required for f in model.fields):
        yield "UNSET"


def _free(name: str, shadowing: set[str]) -> str:
    """``name``, or ``_name`` if a field is called ``name``: fields never start with ``_``."""
    return "_" + name if name in shadowing else name


def _stdlib_imports(needed: set[str], qualifiers: Mapping[str, str]) -> list[Context]:
    qualified = [
        _statement(source, [(source, None if alias == source else alias)], straight=True)
        for source, alias in sorted(qualifiers.items())
        if source != _RUNTIME
    ]
    plain = [
        _statement(source, [(name, None) for name in names if name in needed])
        for source, names in _STDLIB.items()
        if source != "builtins" and source not in qualifiers and needed.intersection(names)
    ]
    return qualified + plain


def _relative_imports(
    needed: set[str],
    qualifiers: Mapping[str, str],
    external: list[str],
    qualified_classes: Mapping[str, str],
    shadowing: set[str],
    layout: ModelsLayout,
) -> list[Context]:
    """``..``, then ``from . import module`` (sorted by first name), then ``from .module``."""
    if _RUNTIME in qualifiers:
        runtime = _statement("..", [(_RUNTIME, None)])
    else:
        runtime = _statement(".._runtime", [(n, None) for n in MODEL_NAMES if n in needed])
    modules = sorted(set(qualified_classes.values()), key=natural)
    plain: Names = [(m, None) for m in modules if m not in shadowing]
    groups: list[Names] = [[(m, _free(m, shadowing))] for m in modules if m in shadowing]
    groups = sorted([plain, *groups] if plain else groups, key=lambda names: natural(names[0][0]))
    direct = sorted(
        (name for name in external if name not in qualified_classes),
        key=lambda name: natural(layout.module_of(name)),
    )
    return [
        runtime,
        *(_statement(".", names) for names in groups),
        *(_statement("." + layout.module_of(name), [(name, None)]) for name in direct),
    ]


def _statement(module: str, names: Names, *, straight: bool = False) -> Context:
    """An import statement for the template: ``import module [as alias]`` if ``straight``,
    else ``from module import name [as alias], ...``; ``module`` may be relative."""
    dots = len(module) - len(module.lstrip("."))
    return {
        "straight": straight,
        "dots": module[:dots],
        "module": module[dots:],
        "names": [{"name": name, "alias": alias} for name, alias in names],
        "fits": _fits(len(f"from {module} import "), [" as ".join(filter(None, n)) for n in names]),
    }


def _fits(start: int, names: list[str], indent: int = 0) -> bool:
    """Whether ``from x import a, b`` (or a tuple) fits in a line, else it is wrapped as black
    would wrap it."""
    return fits(", ".join(names), indent + start)


def _class_context(model: Model, tags: tuple[str, ...], spell: Spell) -> Context:
    return {
        "name": model.name,
        "doc": _doc_lines(model.description, _CLASS_DOC),
        "line": LINE,
        "tags": tags,
        "fields": [
            {
                "name": f.name,
                "annotation": write(f.type, spell, optional=not f.required).text,
                "optional": not f.required,
                "key": None if f.key == f.name else f.key,
                "note": "only null in the examples" if _only_null(f.type) else "",
                "noqa": f.name in _AMBIGUOUS,
            }
            for f in model.fields
        ],
    }


def _doc_lines(text: str, columns: int) -> list[str]:
    """The docstring of ``text`` (escaped by ``docstring``) in lines of ``columns`` columns.

    Lines break at spaces only, so an escape sequence is never cut; wide (East Asian)
    characters count two columns, as black and ruff count them.
    """
    escaped = docstring(text)
    lines: list[str] = []
    for paragraph in escaped.split("\n") if escaped else []:
        line = ""
        for word in paragraph.split(" "):
            if line and width(line) + 1 + width(word) > columns:
                lines.append(line.rstrip())
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line.rstrip())
    return lines


def _only_null(expr: TypeExpr) -> bool:
    """Typed ``Any | None`` because the examples show nothing but null: worth saying why."""
    return not expr.variants and expr.nullable


def _index_modules(layout: ModelsLayout) -> Iterator[tuple[str, str]]:
    """``models/__init__.py``, and when listing every model there would pass MODULE_LINES,
    the parts of its index (``models/_index_<first module>.py``) that it combines."""
    context = _init_context(layout)
    entries: list[Context] = context["modules"]
    if _INDEX_OVERHEAD + sum(_entry_lines(entry) for entry in entries) <= MODULE_LINES:
        yield "models/__init__.py", render("package/models/__init__.py.j2", **context)
        return
    groups = cut(entries, lambda entry: entry["name"], _part_entry_lines, SHORT_BOUNDARY)
    # model modules never start with ``_``: no part takes a model module's file
    parts = [{"name": _INDEX_PREFIX + group[0]["name"], "modules": group} for group in groups]
    yield "models/__init__.py", render("package/models/__init__.py.j2", modules=[], parts=parts)
    for part in parts:
        yield f"models/{part['name']}.py", render(
            "package/models/_index.py.j2", modules=part["modules"]
        )


def _entry_lines(entry: Context) -> int:
    """The lines one model module takes in an index listing it three times: its import,
    its classes in ``__all__`` and its row of ``_MODULES``."""
    return _rows(entry, "fits") + len(entry["classes"]) + _rows(entry, "tuple_fits")


def _part_entry_lines(entry: Context) -> int:
    """The lines one model module takes in a part of the index: its re-exports (a line, or
    three when parenthesised, each) and its row."""
    return sum(1 if fits else 3 for _, fits in entry["reexports"]) + _rows(entry, "tuple_fits")


def _rows(entry: Context, fitting: str) -> int:
    return 1 if entry[fitting] else len(entry["classes"]) + 2


def _init_context(layout: ModelsLayout) -> Context:
    return {
        "modules": [
            {
                "name": module,
                "classes": sorted(classes, key=member_key),
                "fits": _fits(len(f"from .{module} import "), list(classes), indent=4),
                # one statement per class: ruff's isort keeps ``as`` imports apart
                "reexports": [
                    (c, _fits(len(f"from .{module} import "), [f"{c} as {c}"], indent=4))
                    for c in sorted(classes, key=member_key)
                ],
                "tuple_fits": _fits(
                    len(f"{py_str(module)}: (),") + (len(classes) == 1),
                    [py_str(name) for name in classes],
                    indent=4,
                ),
            }
            for module, classes in layout.modules
        ],
        "names": sorted((name for _, names in layout.modules for name in names), key=all_key),
        "parts": [],
    }
