"""The QueryParameters model."""

from __future__ import annotations

from dataclasses import dataclass

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class QueryParameters(Model):
    """The response body of Query parameters (GET /get, 200)."""

    args: dict[str, str]
    headers: dict[str, str]
    origin: str
    url: str
