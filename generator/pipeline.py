"""The stages, from a target's inputs to every file of its project in memory.

load -> infer and name -> plan -> render (Jinja2) -> format (black, cached) -> compile check.

Everything is rendered and formatted in memory before anything is written (that is
``generator.commit``'s job), so bad input or a template error leaves OUTDIR as it was.
The result carries the manifest describing the files (``generator.manifest``) and the API
changes from the OpenAPI document OUTDIR holds (``generator.api_changes``); the manifest
of OUTDIR is read once here, and compared by ``generator.drift`` under the same lock.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from generator.api_changes import OPENAPI_FILE, NewDocument, changes_since, openapi_text
from generator.config import Target
from generator.errors import InputError
from generator.ir import Diagnostic
from generator.manifest import (
    Manifest,
    check_written_path,
    manifest_text,
    read_manifest,
    sha256,
)
from generator.output import OutputDir
from generator.reading import COLLECTION, ENVIRONMENT, OVERRIDES, TEMPLATE, input_digest

if TYPE_CHECKING:
    from generator.diff import Change
    from generator.emit.plan import Plan
    from generator.ir import ApiModels, Collection, Environment
    from generator.json_layout import LayoutMemo


@dataclass(frozen=True)
class Rendered:
    """A target rendered in memory: its files and the manifest that describes them."""

    target: Target
    package: str
    files: dict[str, str]
    manifest: str
    warnings: tuple[Diagnostic, ...]
    changes: tuple[Change, ...] = ()  # the API changes from the document in OUTDIR
    previous: Manifest | None = field(default=None, repr=False)  # OUTDIR's, read once


def render(target: Target, inputs: dict[str, str | None] | None = None) -> Rendered:
    """Every file of the target, formatted, and the manifest describing them (with the API
    changes from the document OUTDIR holds: ``generator.api_changes``)."""
    inputs = inputs if inputs is not None else input_hashes(target)
    with _cycle_collector_off():
        name, files, warnings = _files(target)
        for relative in files:
            check_written_path(target.output, relative)
        outdir = OutputDir.of(target.output)
        previous = read_manifest(outdir)
        listed, kept = (previous.files, previous.changes) if previous is not None else ({}, ())
        document = files[OPENAPI_FILE]
        new = NewDocument(document, sha256(document.encode("utf-8")))
        changes, recorded = changes_since(outdir, listed, kept, new)  # parses both documents
    manifest = manifest_text(name, inputs, files, recorded)
    return Rendered(target, name, files, manifest, warnings, changes, previous)


def input_hashes(target: Target) -> dict[str, str | None]:
    """sha256 of each input file (and of the templates directory's content)."""
    templates = target.templates
    if templates is not None and not templates.is_dir():
        raise InputError.at(str(templates), "$", "templates directory not found")
    return {
        "collection": input_digest(target.collection, COLLECTION),
        "environment": input_digest(target.env, ENVIRONMENT) if target.env is not None else None,
        "overrides": (
            input_digest(target.overrides, OVERRIDES) if target.overrides is not None else None
        ),
        "templates": _tree_digest(templates) if templates is not None else None,
    }


def _files(target: Target) -> tuple[str, dict[str, str], tuple[Diagnostic, ...]]:
    """The package name, the formatted files and the warnings: the stages, one after the
    other (the collection, models and plan are freed when this returns)."""
    from generator.api_models import build_models
    from generator.emit.environment import remembering_renderings, user_templates
    from generator.emit.plan import make_plan
    from generator.emit.project import project_files, runtime_path
    from generator.emit.verify import check_compiles
    from generator.formatting import format_files
    from generator.json_layout import LayoutMemo
    from generator.loader import NO_REQUESTS, load_collection, load_environment
    from generator.memo import InferenceMemo
    from generator.naming.identifiers import package_name
    from generator.overrides import load_overrides

    collection = load_collection(target.collection)
    if next(collection.endpoints(), None) is None:  # a client of nothing: say why instead
        empty = [w for w in collection.warnings if w.message.startswith(NO_REQUESTS)]
        raise InputError(collection.source, empty or [Diagnostic("item", NO_REQUESTS)])
    environment = load_environment(target.env) if target.env is not None else None
    overrides = load_overrides(target.overrides) if target.overrides is not None else ()
    memo = InferenceMemo.of(target.collection)
    api = build_models(collection, environment, overrides, memo)
    name = package_name(target.package or collection.name)
    plan = make_plan(collection, environment, api, name)
    # black formats files while others are rendered
    with user_templates(target.templates), remembering_renderings(target.collection):
        layout = LayoutMemo.of(target.collection)  # the OpenAPI document's and tests' data's
        rendered = project_files(plan, api, collection, layout)
        document = partial(_openapi_file, collection, environment, api, plan, layout)
        formatted = format_files(chain(rendered, _later(document)), {runtime_path(plan.package)})
        files = dict(sorted(formatted.items()))
    if target.templates is None:  # never a package that fails on import
        check_compiles(files, collection.source)
    else:
        check_compiles(files, collection.source, f"check the templates in {target.templates}")
    memo.save()
    layout.save()
    return name, files, (*collection.warnings, *api.warnings, *plan.warnings)


def _openapi_file(
    collection: Collection,
    environment: Environment | None,
    api: ApiModels,
    plan: Plan,
    layout: LayoutMemo,
) -> tuple[str, str]:
    from generator.openapi import openapi_document

    document = openapi_document(collection, environment, api, plan)
    return OPENAPI_FILE, openapi_text(document, layout)


def _later(file: Callable[[], tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The file made only when it is asked for: after the project's, while black formats them."""
    yield file()


@contextlib.contextmanager
def _cycle_collector_off() -> Iterator[None]:
    """Python's cycle collector paused while the stages run: they allocate a large, growing
    heap of objects that live until the end and are then freed by reference counting;
    the collector's repeated passes over it were a third of a one-request regeneration.
    Resumed once that heap is gone, so its first pass has little left to visit."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _tree_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    files = {p.relative_to(directory).as_posix(): p for p in directory.rglob("*") if p.is_file()}
    for relative, path in sorted(files.items()):
        name = relative.encode("utf-8", "surrogateescape")
        digest.update(name + b"\0" + input_digest(path, TEMPLATE).encode())
    return digest.hexdigest()
