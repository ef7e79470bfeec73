"""What the client will look like: settings, resources, methods and their parameters.

A package of one module per concern (docs/architecture.md, "The plan"): ``shapes`` (the
frozen dataclasses templates read), ``texts`` (what the plan quotes, through the
collection's secrets), ``settings`` (settings and hosts), ``auth`` (schemes, credentials
and logins), ``method_parameters``, ``error_classes``, and ``planner``, which builds the
resource tree with them. This module re-exports what the rest of postc imports.

Values of secret variables and auth attributes never enter the plan: a credential
becomes a constructor argument read from the caller or an environment variable.
"""

from __future__ import annotations

from generator.emit.calls import method_calls
from generator.emit.plan.method_parameters import method_reads
from generator.emit.plan.planner import MAX_FOLDER_DEPTH, make_plan, media_kind
from generator.emit.plan.shapes import (
    ClientAuth,
    ErrorClass,
    Host,
    Login,
    Method,
    Parameter,
    Plan,
    Resource,
    Setting,
    setting_properties,
)
from generator.emit.redaction import MIN_SECRET_LENGTH, REDACTED

__all__ = [
    "MAX_FOLDER_DEPTH",
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "ClientAuth",
    "ErrorClass",
    "Host",
    "Login",
    "Method",
    "Parameter",
    "Plan",
    "Resource",
    "Setting",
    "make_plan",
    "media_kind",
    "method_calls",
    "method_reads",
    "setting_properties",
]
