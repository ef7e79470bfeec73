"""The ErrorResponse model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class ErrorResponse(Model):
    """The error body of Job Details (GET /crm/bulk/v2.1/write/{job_id}, 400), and 2
    other places.
    """

    code: str
    details: dict[str, Any]
    message: str
    status: str
