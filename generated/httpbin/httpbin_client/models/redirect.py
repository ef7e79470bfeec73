"""The Redirect model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class Redirect(Model):
    """The response body of Redirect (GET /redirect/{n}, 200)."""

    args: dict[str, Any]
    headers: dict[str, str]
    origin: str
    url: str
