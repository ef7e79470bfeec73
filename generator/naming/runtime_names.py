"""The names templates/runtime/_runtime.py defines, written once for the whole generator.

Generated modules import these names from their package's ``_runtime.py``, and a name made
from a collection must never shadow one (``reserved.py`` builds its scopes from here).
tests/test_runtime_names.py reads the runtime with ``ast`` and fails when this registry and
the runtime's ``__all__`` or its top-level definitions disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# The exception tree (and warning) every ``errors.py`` re-exports, in the order
# ``from ._runtime import (...)`` lists them (ruff's isort order).
ERROR_TREE = (
    "AbsentFieldError",
    "ApiConnectionError",
    "ApiError",
    "ApiStatusError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseShapeWarning",
    "UnprocessableEntityError",
    "ValidationError",
)

# The runtime's error class of each status it raises one for (its ``_STATUS_ERRORS``): the
# class a generated error class of that status derives from, and what generated tests expect.
STATUS_ERRORS: Mapping[int, str] = MappingProxyType(
    {
        400: "BadRequestError",
        401: "AuthenticationError",
        403: "PermissionDeniedError",
        404: "NotFoundError",
        409: "ConflictError",
        422: "UnprocessableEntityError",
        429: "RateLimitError",
    }
)

# The runtime class that implements each auth kind of the plan (``generator.emit.plan``).
AUTH_CLASSES: Mapping[str, str] = MappingProxyType(
    {
        "bearer": "BearerAuth",
        "basic": "BasicAuth",
        "digest": "DigestAuth",
        "apikey": "ApiKeyAuth",
        "client_credentials": "ClientCredentialsAuth",
        "headers": "HeaderAuth",
    }
)

# What a model module may import from the runtime, in ruff's isort order.
MODEL_NAMES = ("UNSET", "Model", "Tag", "Unset")

# What every endpoint method uses: the options' types and default, the decorator.
METHOD_NAMES = ("Body", "Headers", "NOT_GIVEN", "NotGiven", "Query", "endpoint")

# What a class with endpoints reads for its views (``with_raw_response``...): the cores
# its endpoints return their RawResponse, or stream it, through.
VIEW_NAMES = ("RawView", "StreamedView")

# The runtime's public API: its ``__all__``, what generated code and users import from it.
RUNTIME_EXPORTS = frozenset(
    {
        *ERROR_TREE,
        *AUTH_CLASSES.values(),
        *MODEL_NAMES,
        *METHOD_NAMES,
        *VIEW_NAMES,
        "AsyncClientCore", "AsyncStreamedResponse", "Call", "ClientCore", "CoreT",
        "Deferred", "ErrorTable", "FileContent", "FileInput", "JSON",
        "JsonValue", "LoginAuth", "RawResponse", "Resource", "RetryPolicy", "Scalar",
        "StreamedResponse", "Url", "Var", "dump", "given_or_login", "indexed", "load",
        "async_raw", "async_streamed", "raw", "setting", "streamed",
    }
)  # fmt: skip

# The runtime's type variables: public-looking names it binds at its top level, for its own
# signatures only (not exported), reserved all the same.
RUNTIME_TYPE_VARIABLES = frozenset({"C", "M", "P", "R", "T"})

# Every public name the runtime binds at its top level.
RUNTIME_NAMES = RUNTIME_EXPORTS | RUNTIME_TYPE_VARIABLES

# The classes the templates define next to the runtime's (``_client.py``: the clients, and
# the class of their folders and requests both inherit): reserved like them.
TEMPLATE_CLASSES = frozenset({"AsyncClient", "Client", "_Root"})
