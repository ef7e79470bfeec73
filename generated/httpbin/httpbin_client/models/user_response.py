"""The UserResponse model."""

from __future__ import annotations

from dataclasses import dataclass

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class UserResponse(Model):
    """The response body of Basic (GET /basic-auth/{user}/{passwd}, 200), and 1 other
    place.
    """

    authenticated: bool
    user: str
