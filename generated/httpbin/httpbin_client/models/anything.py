"""The Anything model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class Anything(Model):
    """The response body of Anything (GET /anything/{request_id}, 200)."""

    args: dict[str, Any]
    data: str
    files: dict[str, Any]
    form: dict[str, Any]
    headers: dict[str, str]
    json: Any | None  # only null in the examples
    method: str
    origin: str
    url: str
