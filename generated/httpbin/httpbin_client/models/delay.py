"""The Delay model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class Delay(Model):
    """The response body of Delay (GET /delay/{seconds}, 200)."""

    args: dict[str, Any]
    data: str
    files: dict[str, Any]
    form: dict[str, Any]
    headers: dict[str, str]
    origin: str
    url: str
