"""The Jinja2 environment every template renders in.

Templates never build Python from collection strings by concatenation: every such string
goes through one of the escaping filters (``py_str``, ``identifier``, ``docstring``,
``comment``; ``toml_str`` in TOML; ``markdown`` and ``markdown_code`` in Markdown);
``brackets`` and ``laid_out`` (``generator.emit.layout``) only join such escaped pieces,
the way black would lay them out. Undefined names are errors, so a template typo cannot
emit half a file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TypeVar

import jinja2
from jinja2.loaders import split_template_path

from generator.annotations import annotation
from generator.cache import code_fingerprint
from generator.collection_memo import TextMemo
from generator.emit.layout import Brackets, laid_out
from generator.emit.ruff_order import member_key, natural
from generator.errors import InputError
from generator.escaping import (
    comment,
    docstring,
    identifier,
    markdown,
    markdown_code,
    py_str,
    toml_str,
)
from generator.installation import templates_dir
from generator.reading import TEMPLATE, read_input

T = TypeVar("T")

_USER_TEMPLATES: ContextVar[Path | None] = ContextVar("user_templates", default=None)
RENDERINGS_FORM = "postc-renderings-1"  # what a memo of renderings is; changes with its form


@contextmanager
def user_templates(directory: Path | None) -> Iterator[None]:
    """Within the block, templates in ``directory`` override the built-in ones of the same
    relative name (``project/README.md.j2``); see docs/templates.md."""
    token = _USER_TEMPLATES.set(directory.resolve() if directory is not None else None)
    try:
        yield
    finally:
        _USER_TEMPLATES.reset(token)


def render(name: str, **context: object) -> str:
    """Template ``name`` rendered with ``context``."""
    return environment().get_template(name).render(context)


def render_cached(name: str, **context: object) -> str:
    """:func:`render`, for the templates rendered once per module (resources, models,
    tests): a regeneration re-renders only the modules whose context changed."""
    return render_keyed(name, context, lambda: context)


def render_keyed(name: str, key: object, context: Callable[[], Mapping[str, object]]) -> str:
    """Template ``name`` rendered with ``context()``, remembered under ``key``: what that
    context is made from (the context itself, or less, when building it costs).

    A built-in template's rendering is a pure function of postc's code and of its context,
    so it is remembered under those, in the :class:`Renderings` of the collection being
    generated (``remembering_renderings``). Templates read nothing but their context and
    pure filters; that is what makes the key complete. With user templates, outside a
    generation, or with a key that cannot be pickled, it simply renders.
    """
    renderings = _RENDERINGS.get()
    if _USER_TEMPLATES.get() is not None or renderings is None:
        return render(name, **context())
    try:
        payload = pickle.dumps((name, key), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return render(name, **context())
    digest = hashlib.sha256(code_fingerprint().encode() + payload).hexdigest()
    text = renderings.known.get(digest)
    if text is None:
        text = render(name, **context())
    renderings.used[digest] = text
    return text


class Renderings(TextMemo):
    """The renderings of a collection's last generation, by the digest of their key
    (``render/``)."""

    KIND = "render"
    FORM = RENDERINGS_FORM


_RENDERINGS: ContextVar[Renderings | None] = ContextVar("renderings", default=None)


@contextmanager
def remembering_renderings(collection: Path) -> Iterator[None]:
    """Within the block, :func:`render_keyed` renders through the renderings of
    ``collection``'s last generation; this run's are kept when the block ends."""
    renderings = Renderings.of(collection)
    token = _RENDERINGS.set(renderings)
    try:
        yield
    finally:
        _RENDERINGS.reset(token)
    renderings.save()


def environment() -> jinja2.Environment:
    """The environment of the current user templates directory, if any."""
    return _environment(_USER_TEMPLATES.get())


@cache
def _environment(user: Path | None) -> jinja2.Environment:
    """Compiled templates stay in this environment, in memory, for the process: never on
    disk, where whoever can write the cache would choose the code that runs."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(templates_dir()))]
    if user is not None:
        loaders.insert(0, _UserTemplateLoader(str(user)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        py_str=py_str,
        toml_str=toml_str,
        identifier=identifier,
        docstring=docstring,
        comment=comment,
        markdown=markdown,
        markdown_code=markdown_code,
        annotation=annotation,
        laid_out=laid_out,
        members_order=members_order,
        modules_order=modules_order,
    )
    env.globals.update(brackets=Brackets, keywords=keywords)
    return env


def members_order(names: Iterable[str]) -> list[str]:
    """Imported names in the order ruff's isort writes them (``XX`` before ``AsyncXX``)."""
    return sorted(names, key=member_key)


def modules_order(items: Iterable[T], attribute: str) -> list[T]:
    """Items in the isort order of their module name ``attribute``."""
    return sorted(items, key=lambda item: natural(getattr(item, attribute)))


def keywords(
    arguments: Iterable[tuple[str, str | Brackets | None]], filled: str = ""
) -> list[str | Brackets]:
    """The ``name=value`` items of a generated call, from the (name, value) pairs a test
    plan gives: each name through ``identifier``, each value as planned (Python text made
    by the escaping layer, or ``Brackets``); a value None is ``filled`` (the flow tests'
    produced value). One place for the example, script and flow tests' calls."""
    items: list[str | Brackets] = []
    for name, value in arguments:
        key = identifier(name) + "="
        if value is None:
            items.append(key + filled)
        elif isinstance(value, str):
            items.append(key + value)
        else:
            items.append(Brackets(key + value.head, value.items, value.tail))
    return items


class _UserTemplateLoader(jinja2.FileSystemLoader):
    """User templates (``--templates``), each read as an input: never more than
    ``TEMPLATE.limit`` bytes, never blocked by a FIFO (``generator.reading``); a template
    that is too large or not UTF-8 is an ``InputError`` naming it (exit 2)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for directory in self.searchpath:
            filename = posixpath.join(directory, *pieces)
            if Path(filename).is_file():
                break
        else:
            raise jinja2.TemplateNotFound(template)
        data = read_input(Path(filename), TEMPLATE)
        try:
            contents = data.decode(self.encoding)
        except UnicodeDecodeError as error:
            raise InputError.at(filename, "", f"not {self.encoding} text: {error.reason}") from None
        mtime = Path(filename).stat().st_mtime

        def uptodate() -> bool:
            try:
                return Path(filename).stat().st_mtime == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate
