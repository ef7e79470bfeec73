"""The Uuid model."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class Uuid(Model):
    """The response body of UUID (GET /uuid, 200)."""

    uuid: UUID
