"""Which request is the client's credential source (``generator.scripts.login``): the first
request whose own test script sets, from its response, the variable the other requests
authenticate with; every auth kind that carries a token, the status guard, and what is
reported instead of wired. Facts are built by hand here (the front end's own tests pin
how JavaScript becomes facts); ``tests/test_scripts_login_client.py`` runs the wiring."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import pytest

from generator.ir import Collection
from generator.scripts.facts import (
    Check,
    EndpointScripts,
    Finding,
    ScriptFacts,
    Value,
    VariableSet,
)
from generator.scripts.login import Logins, credential_source, credential_users
from tests.conftest import load, request_item

STATUS = Value("status", "pm.response.code")


def _json(*path: str | int | None) -> Value:
    return Value("json", "json" + "".join(f"[{step!r}]" for step in path), path=path)


def _set(name: str, value: Value, **more: Any) -> VariableSet:
    return VariableSet(name, "environment", value, **more)


def _auth(kind: str, **attributes: str) -> dict[str, Any]:
    return {"type": kind, kind: [{"key": k, "value": v} for k, v in attributes.items()]}


def _login(name: str = "Login") -> dict[str, Any]:
    return request_item(name, method="POST", url="https://api.example.com/login")


def _scripts(
    collection: Collection, sets: Mapping[str, tuple[VariableSet, ...]]
) -> dict[str, EndpointScripts]:
    """Each named request's own test script setting ``sets[name]``."""
    found = {}
    for endpoint in collection.endpoints():
        own = sets.get(endpoint.name, ())
        facts = ScriptFacts("test", f"{endpoint.json_path}.event[0]", sets=own)
        found[endpoint.json_path] = EndpointScripts(endpoint.json_path, test=(facts,))
    return found


def _source(collection: Collection, **sets: tuple[VariableSet, ...]) -> Logins:
    return credential_source(collection, _scripts(collection, sets))


def _only(logins: Logins) -> tuple[str, str, tuple[object, ...]]:
    (source,) = logins.sources
    return source.endpoint, source.variable, source.set.value.path


@pytest.mark.parametrize(
    ("auth", "variable"),
    [
        (_auth("bearer", token="{{token}}"), "token"),
        (_auth("apikey", key="X-Auth", value="{{token}}", **{"in": "header"}), "token"),
        (_auth("oauth2", accessToken="{{token}}", addTokenTo="header"), "token"),
    ],
    ids=["bearer", "apikey", "oauth2"],
)
def test_the_auth_credential_set_by_a_request_makes_it_the_source(
    auth: dict[str, Any], variable: str
) -> None:
    items = [_login(), request_item("Things"), request_item("Other", url="https://x.io/o")]
    collection = load(*items, auth=auth)
    logins = _source(collection, Login=(_set(variable, _json("data", "access_token")),))
    assert _only(logins) == ("item[0]", "token", ("data", "access_token"))


@pytest.mark.parametrize(
    "header",
    [
        {"key": "Authorization", "value": "Bearer {{session}}"},
        {"key": "X-Auth-Token", "value": "{{session}}"},
        {"key": "csp-auth-token", "value": "{{session}}"},
    ],
)
def test_a_credential_header_variable_is_a_credential_too(header: dict[str, str]) -> None:
    things = request_item("Things", header=[header])
    collection = load(_login(), things)
    logins = _source(collection, Login=(_set("session", _json("token")),))
    assert _only(logins) == ("item[0]", "session", ("token",))


def test_the_first_producer_in_collection_order_wins() -> None:
    folder = {"name": "Auth", "item": [_login("Refresh"), _login("Login")]}
    collection = load(folder, request_item("Things"), auth=_auth("bearer", token="{{t}}"))
    logins = _source(
        collection, Refresh=(_set("t", _json("refreshed")),), Login=(_set("t", _json("a")),)
    )
    assert _only(logins) == ("item[0].item[0]", "t", ("refreshed",))


def test_a_variable_no_other_request_authenticates_with_is_no_credential() -> None:
    collection = load(_login(), request_item("Things", url="https://api.example.com/{{id}}"))
    logins = _source(collection, Login=(_set("id", _json("id")),))
    assert logins.sources == ()


def test_the_credential_of_the_producer_alone_is_not_a_login() -> None:
    """A request that authenticates with the very token it sets, and nothing else does."""
    login = _login()
    login["request"]["auth"] = _auth("bearer", token="{{t}}")
    collection = load(login, request_item("Open"))
    assert _source(collection, Login=(_set("t", _json("t")),)).sources == ()


@pytest.mark.parametrize(
    ("guard", "wired"),
    [
        (Check(STATUS, "equal", (200,)), True),  # if (pm.response.code == 200)
        (Check(STATUS, "one_of", ([200, 201],)), True),
        (Check(STATUS, "status_class", ("success",)), True),
        (Check(STATUS, "equal", (200,), negated=True), True),  # 201 passes code != 200
        (Check(STATUS, "equal", (401,)), False),  # only on a failure: no login
        (Check(STATUS, "status_class", ("success",), negated=True), False),
        (Check(_json("token"), "ok"), True),  # if (json.token): the success path
    ],
)
def test_a_status_guard_admits_a_success_or_rules_the_request_out(
    guard: Check, wired: bool
) -> None:
    collection = load(_login(), request_item("Things"), auth=_auth("bearer", token="{{t}}"))
    found = _set("t", _json("access_token"), guard=(guard,), conditional=True)
    assert bool(_source(collection, Login=(found,)).sources) is wired


@pytest.mark.parametrize(
    ("value", "wired"),
    [
        (_json(), True),  # the whole body, a JSON string (Xray)
        (Value("text", "responseBody"), True),
        (
            Value("header", "pm.response.headers.get('X-Subject-Token')", name="X-Subject-Token"),
            True,
        ),
        (_json("items", None, "token"), False),  # an index known only at run time
        (Value("computed", "'Bearer ' + json.token"), False),
        (Value("xml", "xml2Json(responseBody)", path=("a",)), False),
        (Value("json", "json.tokens.length", path=("tokens",), length=True), False),
        (Value("variable", "pm.environment.get('x')", name="x"), False),
    ],
)
def test_only_a_value_a_client_can_read_again_is_wired(value: Value, wired: bool) -> None:
    collection = load(_login(), request_item("Things"), auth=_auth("bearer", token="{{t}}"))
    assert bool(_source(collection, Login=(_set("t", value),)).sources) is wired


def test_an_unset_is_no_source() -> None:
    collection = load(_login(), request_item("Things"), auth=_auth("bearer", token="{{t}}"))
    unset = _set("t", Value("literal", "undefined"), unset=True)
    assert _source(collection, Login=(unset,)).sources == ()


def test_a_folder_script_sets_for_every_request_and_makes_none_the_source() -> None:
    collection = load(_login(), request_item("Things"), auth=_auth("bearer", token="{{t}}"))
    shared = ScriptFacts("test", "event[0]", sets=(_set("t", _json("token")),))
    scripts = {
        e.json_path: EndpointScripts(e.json_path, test=(shared,)) for e in collection.endpoints()
    }
    assert credential_source(collection, scripts).sources == ()


def test_each_credential_variable_gets_its_own_source() -> None:
    """Microsoft Graph: a user token and an app-only token, each from its own request."""
    user = request_item("Me", auth=_auth("bearer", token="{{UserToken}}"))
    app = request_item("Apps", auth=_auth("bearer", token="{{AppToken}}"))
    collection = load(user, app, _login("User login"), _login("App login"))
    logins = _source(
        collection,
        **{
            "User login": (_set("UserToken", _json("access_token")),),
            "App login": (_set("AppToken", _json("access_token")),),
        },
    )
    assert [(s.endpoint, s.variable) for s in logins.sources] == [
        ("item[2]", "UserToken"),
        ("item[3]", "AppToken"),
    ]


def _before_every_request(collection: Collection, *facts: ScriptFacts) -> Logins:
    scripts = {
        e.json_path: EndpointScripts(e.json_path, prerequest=facts) for e in collection.endpoints()
    }
    return credential_source(collection, scripts)


SEND = Finding("send_request", "pm.sendRequest(login, (e, res) => ...)", "pass the token")
COMPUTED = Value("computed", "res.json().access_token")


def test_a_pre_request_send_request_login_is_reported_not_wired() -> None:
    """PayPal, SAS: a pre-request script logs in with ``pm.sendRequest`` and sets the token."""
    collection = load(
        request_item("Things"), request_item("More"), auth=_auth("bearer", token="{{t}}")
    )
    login = ScriptFacts("prerequest", "event[0]", sets=(_set("t", COMPUTED),), findings=(SEND,))
    logins = _before_every_request(collection, login)
    assert logins.sources == () and logins.unsourced == ("t",)
    assert logins.unfollowed == (("event[0]", SEND),)


def test_a_send_request_that_sets_no_credential_is_no_login() -> None:
    collection = load(request_item("Things"), auth=_auth("bearer", token="{{t}}"))
    other = ScriptFacts(
        "prerequest", "event[0]", sets=(_set("webhook_url", COMPUTED),), findings=(SEND,)
    )
    assert _before_every_request(collection, other).unfollowed == ()


def test_an_eval_of_the_collection_is_reported_and_one_of_a_request_is_not() -> None:
    """PayPal's collection script evaluates a bundle that refreshes its token."""
    collection = load(request_item("Things"), auth=_auth("bearer", token="{{t}}"))
    run = Finding("eval", "eval(pm.collectionVariables.get('bundle'))", "not followed")
    shared = ScriptFacts("prerequest", "event[0]", findings=(run,))
    own = ScriptFacts("prerequest", "item[0].event[0]", findings=(run,))
    assert _before_every_request(collection, shared, own).unfollowed == (("event[0]", run),)


def test_nothing_is_reported_when_every_credential_has_its_login() -> None:
    """Xray: a request logs in, and the collection's pre-request script does too."""
    collection = load(_login(), request_item("Things"), auth=_auth("bearer", token="{{t}}"))
    login = ScriptFacts("prerequest", "event[0]", sets=(_set("t", COMPUTED),), findings=(SEND,))
    scripts = _scripts(collection, {"Login": (_set("t", _json("token")),)})
    scripts = {
        path: EndpointScripts(path, prerequest=(login,), test=found.test)
        for path, found in scripts.items()
    }
    logins = credential_source(collection, scripts)
    assert len(logins.sources) == 1 and logins.unfollowed == () and logins.unsourced == ()


def test_the_auth_wins_over_the_credential_headers_it_replaces() -> None:
    """A request with its own auth sends that, not its Authorization header."""
    things = request_item(
        "Things",
        header=[{"key": "Authorization", "value": "Bearer {{stale}}"}],
        auth=_auth("bearer", token="{{fresh}}"),
    )
    assert credential_users(load(things)) == {"fresh": {"item[0]"}}


def test_detection_is_linear_in_the_requests_that_set_and_send_the_credential() -> None:
    """Every request sets the token and sends it (a script copied into each): a copy of
    the token's users per set was quadratic."""
    items = [request_item(f"R{i}", url=f"https://api.example.com/r/{i}") for i in range(20_000)]
    collection = load(*items, auth=_auth("bearer", token="{{t}}"))
    every = {f"R{i}": (_set("t", _json("t")),) for i in range(20_000)}
    scripts = _scripts(collection, every)
    start = time.process_time()
    logins = credential_source(collection, scripts)
    assert time.process_time() - start < 5  # 0.3 s; 33 s with a copy per set
    assert _only(logins) == ("item[0]", "t", ("t",))
