"""The JobDetails model, and the models only it uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .._runtime import Model


@dataclass(slots=True, kw_only=True)
class JobDetails(Model):
    """The response body of Job Details (GET /crm/bulk/v2.1/write/{job_id}, 200)."""

    status: str
    character_encoding: str
    resource: list[JobDetailsResource]
    id: str
    callback: Callback
    result: Result
    created_by: CreatedBy
    ignore_empty: bool
    operation: str
    created_time: datetime


@dataclass(slots=True, kw_only=True)
class JobDetailsResource(Model):
    """An item of `resource` in Job Details (GET /crm/bulk/v2.1/write/{job_id}, 200)."""

    status: str
    type: str
    module: Module
    field_mappings: list[FieldMapping]
    file: File
    code: str


@dataclass(slots=True, kw_only=True)
class Callback(Model):
    """The `callback` object in Job Details (GET /crm/bulk/v2.1/write/{job_id}, 200)."""

    url: str
    method: str


@dataclass(slots=True, kw_only=True)
class Result(Model):
    """The `result` object in Job Details (GET /crm/bulk/v2.1/write/{job_id}, 200)."""

    download_url: str


@dataclass(slots=True, kw_only=True)
class CreatedBy(Model):
    """The `created_by` object in Job Details (GET /crm/bulk/v2.1/write/{job_id},
    200).
    """

    id: str
    name: str


@dataclass(slots=True, kw_only=True)
class Module(Model):
    """The `resource[].module` object in Job Details (GET
    /crm/bulk/v2.1/write/{job_id}, 200).
    """

    id: str
    api_name: str


@dataclass(slots=True, kw_only=True)
class FieldMapping(Model):
    """An item of `resource[].field_mappings` in Job Details (GET
    /crm/bulk/v2.1/write/{job_id}, 200).
    """

    api_name: str
    index: int
    format: Any | None  # only null in the examples
    find_by: Any | None  # only null in the examples
    module: Any | None  # only null in the examples
    default_value: Any | None  # only null in the examples


@dataclass(slots=True, kw_only=True)
class File(Model):
    """The `resource[].file` object in Job Details (GET
    /crm/bulk/v2.1/write/{job_id}, 200).
    """

    status: str
    name: str
    added_count: int
    skipped_count: int
    updated_count: int
    total_count: int
