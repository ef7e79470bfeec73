"""Auth schemes and credentials (``generator.emit.plan.auth``): a scheme per distinct way
of authenticating, credentials as settings, never as values."""

from __future__ import annotations

from typing import Any

from generator.emit.plan.auth import Auths
from generator.emit.plan.settings import Settings
from generator.emit.plan.texts import Texts
from generator.ir import Diagnostic
from tests.conftest import load, request_item

TOKEN = "tok_9f8e7d6c5b4a3f2e1d0c"


def auths(*items: dict[str, Any], **root: Any) -> Auths:
    collection = load(*items, **root)
    texts = Texts(collection, None)
    warnings: list[Diagnostic] = []
    return Auths(collection, Settings(collection, texts, "SHOP"), texts, warnings)


def bearer(token: str) -> dict[str, Any]:
    return {"type": "bearer", "bearer": [{"key": "token", "value": token}]}


def test_a_literal_token_is_a_secret_setting_and_a_warning_without_its_value() -> None:
    made = auths(request_item(), auth=bearer(TOKEN))
    scheme = made.client_auth()
    assert scheme is not None and scheme.kind == "bearer"
    (setting,) = scheme.settings
    assert setting.secret and setting.default is None
    assert made.auth_env_vars == [setting.env_var]
    (warning,) = made.warnings
    assert setting.env_var in warning.message and TOKEN not in warning.message


def test_requests_that_authenticate_alike_share_one_scheme() -> None:
    header = [{"key": "Authorization", "value": "Bearer {{token}}"}]
    items = [request_item(f"Get {n}", header=header) for n in range(3)]
    made = auths(*items, variable=[{"key": "token", "value": ""}])
    default = made.client_auth()
    endpoints = list(made.collection.endpoints())
    assert {made.method_auth(e) for e in endpoints} == {default.name if default else None}
    assert len(made.schemes) == 1


def test_an_auth_type_postc_does_not_generate_is_no_scheme_and_is_named_once() -> None:
    aws = {"type": "awsv4", "awsv4": [{"key": "secretKey", "value": TOKEN}]}
    made = auths(request_item(auth=aws), request_item("Other", auth=aws))
    assert made.client_auth() is None
    assert [made.method_auth(e) for e in made.collection.endpoints()] == [None, None]
    assert list(made.unsupported_auth) == ["awsv4"]
    assert all(TOKEN not in w.message for w in made.warnings)


def test_an_auth_of_its_own_like_the_collections_is_the_same_scheme() -> None:
    """A request whose own auth says what the collection's says (a separate object of the
    collection) shares the default scheme: one scheme per distinct way, not per place."""
    same = bearer("{{token}}")
    made = auths(request_item(), request_item("Own", auth=bearer("{{token}}")), auth=same)
    default = made.client_auth()
    assert default is not None
    assert [made.method_auth(e) for e in made.collection.endpoints()] == [default.name] * 2
    assert list(made.schemes.values()) == [default]


def test_a_request_with_no_auth_anywhere_sends_none_though_the_others_make_a_default() -> None:
    """As in Postman: no auth on the request, its folders or the collection sends none, not
    the scheme most requests use (that default names the client's first scheme only)."""
    made = auths(request_item("Bare"), request_item("Own", auth=bearer("{{token}}")))
    default = made.client_auth()
    assert default is not None and default.kind == "bearer"
    assert [made.method_auth(e) for e in made.collection.endpoints()] == [None, default.name]


def test_without_any_scheme_a_request_is_left_to_the_callers_http_client() -> None:
    made = auths(request_item("Bare"), request_item("Other"))
    assert made.client_auth() is None
    assert [made.method_auth(e) for e in made.collection.endpoints()] == ["", ""]


def oauth2(**attributes: str) -> dict[str, Any]:
    return {"type": "oauth2", "oauth2": [{"key": k, "value": v} for k, v in attributes.items()]}


def test_an_oauth2_token_is_carried_as_its_auth_says() -> None:
    """``headerPrefix`` (absent, empty or ``Bearer``: the default) and ``addTokenTo``, for an
    access token and for one the token URL issues."""
    issued = {"grant_type": "client_credentials", "accessTokenUrl": "https://t.test/token"}
    made = auths(
        request_item("Plain", auth=bearer("{{token}}")),
        request_item("Bearer", auth=oauth2(accessToken="{{token}}", headerPrefix="Bearer")),
        request_item("Empty", auth=oauth2(accessToken="{{token}}", headerPrefix="")),
        request_item("Token", auth=oauth2(accessToken="{{token}}", headerPrefix="Token")),
        request_item("Issued", auth=oauth2(**issued, headerPrefix="Token")),
        request_item("Issued query", auth=oauth2(**issued, addTokenTo="queryParams")),
        variable=[{"key": "token", "value": ""}],
    )
    schemes = [made.scheme(e.auth) for e in made.collection.endpoints() if e.auth is not None]
    shapes = [(s.kind, s.literals) for s in schemes if s is not None]
    url = ("token_url", "https://t.test/token")
    assert shapes == [
        ("bearer", ()),
        ("bearer", ()),
        ("bearer", ()),
        ("bearer", (("prefix", "Token"),)),
        ("client_credentials", (url, ("prefix", "Token"))),
        ("client_credentials", (url, ("token_in", "query"))),
    ]
    assert len({id(s) for s in schemes[:3]}) == 1  # one scheme: they send the same
