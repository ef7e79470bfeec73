"""Auth blocks in both shapes (v2.0 object map, v2.1 attribute list) and their inheritance.

Postman's rule (SDK ``Item.getAuth``): a request uses its own auth when it declares one
with a string ``type``; otherwise the nearest folder's, then the collection's. A missing
block, ``null``, ``{"type": null}`` and the unofficial ``"inherit"`` all mean "inherit";
``noauth`` is a real type that stops the walk and sends nothing.
"""

from __future__ import annotations

from generator.ir import Auth, AuthParam, Diagnostic
from generator.secrets import masked

KNOWN_AUTH_TYPES = frozenset(
    {
        "apikey",
        "asap",
        "awsv4",
        "basic",
        "bearer",
        "digest",
        "edgegrid",
        "hawk",
        "jwt",
        "noauth",
        "ntlm",
        "oauth1",
        "oauth2",
    }
)


def parse_auth(node: object, path: str, warnings: list[Diagnostic]) -> Auth | None:
    """The auth a node declares, or None when it inherits from its parent."""
    if node is None:
        return None
    if not isinstance(node, dict):
        warnings.append(Diagnostic(path, "expected an auth object, treated as inherited"))
        return None
    auth_type = node.get("type")
    if auth_type is None or auth_type == "type":
        return None
    if not isinstance(auth_type, str):
        warnings.append(Diagnostic(f"{path}.type", "expected a string, treated as inherited"))
        return None
    if auth_type == "inherit":
        warnings.append(
            Diagnostic(f"{path}.type", '"inherit" is not a Postman auth type; treated as inherited')
        )
        return None
    if auth_type not in KNOWN_AUTH_TYPES:
        warnings.append(
            Diagnostic(
                f"{path}.type",
                f"unknown auth type {masked(auth_type)!r}; requests will send no auth",
            )
        )
    return Auth(auth_type, _params(node.get(auth_type), f"{path}.{auth_type}", warnings), path)


def _params(block: object, path: str, warnings: list[Diagnostic]) -> tuple[AuthParam, ...]:
    """Attributes from a v2.1 list of ``{key, value, type}`` or a v2.0 ``{key: value}`` map."""
    if block is None:
        return ()
    if isinstance(block, dict):
        return tuple(AuthParam(str(key), value) for key, value in block.items())
    if not isinstance(block, list):
        warnings.append(Diagnostic(path, "expected a list of auth attributes, ignored"))
        return ()
    params = []
    for index, entry in enumerate(block):
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            kind = entry.get("type")
            params.append(
                AuthParam(
                    entry["key"], entry.get("value"), kind if isinstance(kind, str) else "any"
                )
            )
        else:
            warnings.append(
                Diagnostic(f"{path}[{index}]", "expected an attribute with a key, ignored")
            )
    return tuple(params)
