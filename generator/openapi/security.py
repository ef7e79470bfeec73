"""``components.securitySchemes`` and each operation's ``security``, as the client
authenticates (``Plan.auths``, ``Method.auth``).

bearer, basic and digest are HTTP schemes; a bearer token sent with another prefix
(``Token abc``) is an API key in ``Authorization``; apikey is an API key in its header or
query parameter; OAuth 2 client credentials is an ``oauth2`` flow with its token URL (a
description says where the token goes when not after ``Bearer``: another ``headerPrefix``,
or the query's ``access_token``);
credential headers sent together (``headers``) are one API key scheme per header, all
required together. An auth type postc does not generate (oauth1, awsv4, edgegrid, ...)
is an API key in ``Authorization`` named ``postman_<type>`` (the caller's ``http_client``
signs the request). Scheme names are the client's (``bearer``,
``bearer_2``); a header of a ``headers`` scheme is ``<scheme>.<n>``.
"""

from __future__ import annotations

import re
from typing import Any

from generator.emit.plan import ClientAuth, Method, Plan
from generator.ir import Endpoint

Requirement = dict[str, list[str]]
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9._-]")  # what a component name may not hold


def security_schemes(plan: Plan, endpoints: list[Endpoint]) -> dict[str, dict[str, Any]]:
    """Every scheme the client has, then one per auth type it does not generate that the
    ``endpoints`` use."""
    schemes: dict[str, dict[str, Any]] = {}
    for auth in plan.auths:
        schemes.update(_schemes(auth))
    unsupported = {_unsupported(plan, endpoint) for endpoint in endpoints}
    for name in sorted(name for name in unsupported if name is not None):
        schemes[name] = {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "a Postman auth type postc does not generate: the caller's "
            "HTTP client signs the request",
        }
    return schemes


def requirements(plan: Plan, method: Method, endpoint: Endpoint) -> list[Requirement]:
    """An operation's ``security``: its scheme's requirement, ``[]`` when it sends none
    (``noauth``, a login request), nothing when the collection has no auth at all."""
    if method.auth == "":
        return [_requirement(plan.auths[0])] if plan.auths else []
    if method.auth is not None:
        return [_requirement(next(a for a in plan.auths if a.name == method.auth))]
    kind = _unsupported(plan, endpoint)
    return [{kind: []}] if kind is not None else []


def _unsupported(plan: Plan, endpoint: Endpoint) -> str | None:
    """The scheme name of the auth type postc does not generate that a request uses."""
    auth = endpoint.auth
    if auth is None or auth.type not in plan.unsupported_auth:
        return None
    return "postman_" + _NOT_IN_NAME.sub("_", auth.type)


def _requirement(auth: ClientAuth) -> Requirement:
    literals = dict(auth.literals)
    if auth.kind == "headers":
        return {f"{auth.name}.{index}": [] for index in range(1, len(auth.literals) + 1)}
    if auth.kind == "client_credentials":
        return {auth.name: literals.get("scope", "").split()}
    return {auth.name: []}


def _schemes(auth: ClientAuth) -> dict[str, dict[str, Any]]:
    literals = dict(auth.literals)
    if auth.kind == "headers":
        return {
            f"{auth.name}.{index}": _api_key("header", header, prefix)
            for index, (header, prefix) in enumerate(auth.literals, start=1)
        }
    if auth.kind == "bearer" and "prefix" in literals:
        return {auth.name: _api_key("header", "Authorization", literals["prefix"])}
    if auth.kind in ("bearer", "basic", "digest"):
        return {auth.name: {"type": "http", "scheme": auth.kind}}
    if auth.kind == "apikey":
        return {auth.name: _api_key(literals["location"], literals["name"], "")}
    scopes = dict.fromkeys(literals.get("scope", "").split(), "")
    flow = {"tokenUrl": literals["token_url"], "scopes": scopes}
    scheme: dict[str, Any] = {"type": "oauth2", "flows": {"clientCredentials": flow}}
    if literals.get("token_in") == "query":  # OAuth 2 says Bearer in Authorization otherwise
        scheme["description"] = "the token is sent in the query parameter `access_token`"
    elif "prefix" in literals:
        scheme["description"] = f"the token is sent as `{literals['prefix']} <token>`"
    return {auth.name: scheme}


def _api_key(location: str, name: str, prefix: str) -> dict[str, Any]:
    scheme: dict[str, Any] = {"type": "apiKey", "in": location, "name": name}
    if prefix:
        scheme["description"] = f"sent as `{prefix} <credential>`"
    return scheme
