"""The ResponseHeaders model."""

from __future__ import annotations

from dataclasses import dataclass, field

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class ResponseHeaders(Model):
    """The response body of Response headers (GET /response-headers, 200)."""

    content_length: str = field(metadata={"json": "Content-Length"})
    content_type: str = field(metadata={"json": "Content-Type"})
    retry_after: str = field(metadata={"json": "Retry-After"})
