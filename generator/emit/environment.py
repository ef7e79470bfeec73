"""The Jinja2 environment every template renders in.

Templates never build Python from collection strings by concatenation: every such string
goes through one of the escaping filters (``py_str``, ``identifier``, ``docstring``,
``comment``). Undefined names are errors, so a template typo cannot emit half a file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from generator.annotations import annotation
from generator.escaping import comment, docstring, identifier, py_str


def templates_dir() -> Path:
    """The built-in templates: ``templates/`` in a checkout, ``generator/templates`` in a wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("postc's templates are missing from this installation")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        py_str=py_str,
        identifier=identifier,
        docstring=docstring,
        comment=comment,
        annotation=annotation,
    )
    return env
