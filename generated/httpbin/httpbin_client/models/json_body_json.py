"""The JSONBodyJson model."""

from __future__ import annotations

from dataclasses import dataclass

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class JSONBodyJson(Model):
    """The `json` object in JSON body (POST /post, 200), and 1 other place."""

    active: bool
    age: int
    languages: list[str]
    name: str
