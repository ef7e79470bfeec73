"""The Bearer model."""

from __future__ import annotations

from dataclasses import dataclass

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class Bearer(Model):
    """The response body of Bearer (GET /bearer, 200)."""

    authenticated: bool
    token: str
