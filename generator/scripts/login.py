"""The login request: the request whose test script copies the collection's auth credential
out of its response (``pm.environment.set("token", json.access_token)`` where the requests
authenticate with ``Bearer {{token}}``). The generated client calls it when it has no token
and again once after a 401 (``docs/scripts.md``, "Login requests").

A pure function of the collection and its analysed scripts. Only what a client can repeat
is wired: a value read from the response as JSON (a path, or the whole body), as text or
from a header. A login made in a pre-request script (``pm.sendRequest``, an ``eval``'d
bundle) runs no request of the collection's: it is reported, never wired.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.emit.credentials import credential_headers, credential_value
from generator.ir import Auth, Collection, Endpoint
from generator.loader.variables import VARIABLE
from generator.scripts.facts import Check, EndpointScripts, Finding, ScriptFacts, VariableSet

# Where each kind of auth keeps the credential a login produces
_CREDENTIAL_ATTRIBUTE = {"bearer": "token", "apikey": "value", "oauth2": "accessToken"}
# What a client can read again from a login's response (``Value.kind``)
_READABLE = frozenset({"json", "text", "header"})


@dataclass(frozen=True)
class CredentialSource:
    """A request of the collection that produces the credential ``variable`` of the auth
    other requests use, read from its response where ``set.value`` says."""

    endpoint: str  # the login request's JSON path
    variable: str
    set: VariableSet


@dataclass(frozen=True)
class Logins:
    """The credential sources (one per credential variable that has one, in collection
    order) and the logins postc saw but cannot wire, each with the event it is in."""

    sources: tuple[CredentialSource, ...] = ()
    unfollowed: tuple[tuple[str, Finding], ...] = ()
    unsourced: tuple[str, ...] = ()  # credential variables no request of the collection sets


def credential_source(collection: Collection, scripts: Mapping[str, EndpointScripts]) -> Logins:
    """The request (first in collection order) that sets each credential variable from its
    response; and, for a credential variable no request sets, the pre-request logins
    (``pm.sendRequest``, ``eval``) that postc does not follow."""
    users = credential_users(collection)
    sources: dict[str, CredentialSource] = {}
    for endpoint in collection.endpoints():
        for found in _sets(endpoint.json_path, scripts.get(endpoint.json_path)):
            used = users.get(found.name, set())
            others = len(used) - (endpoint.json_path in used)  # no copy per set: linear
            if found.name not in sources and others and _readable(found):
                sources[found.name] = CredentialSource(endpoint.json_path, found.name, found)
    unsourced = tuple(sorted(set(users) - set(sources)))
    unfollowed = _hidden_logins(collection, scripts, set(unsourced)) if unsourced else ()
    return Logins(tuple(sources.values()), unfollowed, unsourced)


def credential_users(collection: Collection) -> dict[str, set[str]]:
    """Each variable the requests send as their credential, with the requests that do: the
    effective auth's token (bearer ``token``, apikey ``value``, oauth2 ``accessToken``) when
    it is the variable alone; else, without an auth, the credential headers
    (``Authorization: Bearer {{token}}``, ``X-Auth-Token: {{token}}``)."""
    users: dict[str, set[str]] = {}
    for endpoint in collection.endpoints():
        for variable in _credentials_sent(endpoint):
            users.setdefault(variable, set()).add(endpoint.json_path)
    return users


def _credentials_sent(endpoint: Endpoint) -> Iterator[str]:
    auth = endpoint.auth
    if auth is not None and auth.type != "noauth":
        variable = _auth_variable(auth)
        if variable is not None:
            yield variable
        return  # the auth is sent over the request's own credential headers
    for header in credential_headers(endpoint.request.headers):
        variable = credential_value(header.value or "")[1]
        if variable is not None:
            yield variable


def _auth_variable(auth: Auth) -> str | None:
    attribute = _CREDENTIAL_ATTRIBUTE.get(auth.type)
    value = auth.get(attribute) if attribute is not None else None
    whole = VARIABLE.fullmatch(value.strip()) if isinstance(value, str) else None
    return whole.group(1).strip() if whole is not None else None


def _sets(endpoint: str, scripts: EndpointScripts | None) -> Iterator[VariableSet]:
    """The sets of the request's own test scripts: a collection or folder script runs after
    every request below it, so what it sets is no one request's answer."""
    own = f"{endpoint}.event["
    for facts in scripts.test if scripts is not None else ():
        if facts.json_path.startswith(own):
            yield from (found for found in facts.sets if not found.unset)


def _readable(found: VariableSet) -> bool:
    """Whether a client can read the value again from the login's response: JSON at a known
    path (every index known), the body as text, a header; and the set happens on a success
    (an understood status guard such as ``if (pm.response.code == 200)`` admits a 2xx; any
    other condition, a token present or a cookie set, is the success path: the client
    reads the value from a successful answer and fails clearly when it is not there)."""
    value = found.value
    if value.kind not in _READABLE or value.length or None in value.path:
        return False
    return any(_admits(status, found.guard) for status in range(200, 300))


def _admits(status: int, guard: tuple[Check, ...]) -> bool:
    """Whether a response of ``status`` passes every status check of ``guard``."""
    return all(_status_holds(status, check) for check in guard if check.subject.kind == "status")


def _status_holds(status: int, check: Check) -> bool:
    arguments = check.arguments
    if check.matcher in ("equal", "eql") and arguments:
        holds = arguments[0] == status
    elif check.matcher == "one_of" and arguments and isinstance(arguments[0], list):
        holds = status in arguments[0]
    elif check.matcher == "status_class" and arguments:
        holds = arguments[0] == "success"
    else:
        return True  # a check postc cannot evaluate does not rule the login out
    return holds != check.negated


def _hidden_logins(
    collection: Collection, scripts: Mapping[str, EndpointScripts], unsourced: set[str]
) -> tuple[tuple[str, Finding], ...]:
    """The pre-request logins postc does not follow, once per script (a collection script
    runs before every request): a ``pm.sendRequest`` in a script that sets a credential no
    request sets (PayPal, SAS), and an ``eval`` of the collection or a folder, whose code
    postc cannot see (PayPal's bundle refreshes its token)."""
    requests = {endpoint.json_path for endpoint in collection.endpoints()}
    seen: dict[str, ScriptFacts] = {}
    for endpoint_scripts in scripts.values():
        for facts in endpoint_scripts.prerequest:
            seen.setdefault(facts.json_path, facts)
    found: list[tuple[str, Finding]] = []
    for path, facts in seen.items():
        owner = path.rpartition(".event[")[0]
        sets_credential = any(s.name in unsourced for s in facts.sets)
        for finding in facts.findings:
            if (finding.kind == "send_request" and sets_credential) or (
                finding.kind == "eval" and owner not in requests
            ):
                found.append((path, finding))
    return tuple(found)
