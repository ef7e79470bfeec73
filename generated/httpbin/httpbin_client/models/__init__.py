"""The models of the API's bodies.

Importing this package imports none of them: a model's module is imported the first
time one of its classes is used, so the client of a big API starts fast.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .anything import Anything
    from .bearer import Bearer
    from .delay import Delay
    from .json_body import JSONBody, JSONBodyHeaders
    from .json_body_json import JSONBodyJson
    from .query_parameters import QueryParameters
    from .redirect import Redirect
    from .response_headers import ResponseHeaders
    from .user_response import UserResponse
    from .uuid import Uuid

__all__ = [
    "Anything",
    "Bearer",
    "Delay",
    "JSONBody",
    "JSONBodyHeaders",
    "JSONBodyJson",
    "QueryParameters",
    "Redirect",
    "ResponseHeaders",
    "UserResponse",
    "Uuid",
]

_MODULES: dict[str, tuple[str, ...]] = {
    "anything": ("Anything",),
    "bearer": ("Bearer",),
    "delay": ("Delay",),
    "json_body": ("JSONBody", "JSONBodyHeaders"),
    "json_body_json": ("JSONBodyJson",),
    "query_parameters": ("QueryParameters",),
    "redirect": ("Redirect",),
    "response_headers": ("ResponseHeaders",),
    "user_response": ("UserResponse",),
    "uuid": ("Uuid",),
}
_OWNERS = {name: module for module, names in _MODULES.items() for name in names}

if not TYPE_CHECKING:  # type checkers read the imports above, and flag any other name

    def __getattr__(name: str) -> object:
        """Import the module of a model class the first time the class is asked for."""
        module = _OWNERS.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(_import_module(f".{module}", __name__), name)
        globals()[name] = value  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
