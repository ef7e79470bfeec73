"""The JSONBody model, and the models only it uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._runtime import Model
from .json_body_json import JSONBodyJson


@dataclass(slots=True, kw_only=True)
class JSONBody(Model):
    """The response body of JSON body (POST /post, 200)."""

    args: dict[str, Any]
    data: str
    files: dict[str, str]
    form: dict[str, str]
    headers: JSONBodyHeaders
    json: JSONBodyJson | None
    origin: str
    url: str


@dataclass(slots=True, kw_only=True)
class JSONBodyHeaders(Model):
    """The `headers` object in JSON body (POST /post, 200)."""

    accept: str = field(metadata={"json": "Accept"})
    content_length: str = field(metadata={"json": "Content-Length"})
    content_type: str = field(metadata={"json": "Content-Type"})
    host: str = field(metadata={"json": "Host"})
    user_agent: str = field(metadata={"json": "User-Agent"})
