"""One detector of secrets (``generator.secrets``) for names and values, and the places that
let secrets reach output before it was used everywhere: every case generates for real and
greps every file written, ``postc inspect`` and the warnings.

The secret values are built in code (a prefix joined to random-looking text), so that no
key of a real shape sits in this file.
"""

from __future__ import annotations

import base64
import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.secrets import (
    is_secret_field,
    is_secret_name,
    is_secret_value,
    masked,
    secret_values,
)
from tests.conftest import V21, collection_doc, request_item
from tests.fixtures.helpers import files_under, postc, start
from tests.test_generated_test_data import cases_of

RANDOM = "q7Xk2Lm9Vz4Rt8Wp3Ny6Bc1Hd5Jf0Gs9"  # 32 characters: upper, lower, digits, no word
STRIPE = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc"
GITHUB = "gh" + "p_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
SLACK = "xox" + "b-" + "1234567890-abcDEF123456"
AWS = "AK" + "IA" + "Q3EGRT5YKZ7WJ2XM"
JWT = ".".join(
    base64.urlsafe_b64encode(part.encode()).decode().rstrip("=")
    for part in ('{"alg":"HS256","typ":"JWT"}', '{"sub":"1234567890","name":"Jo"}', "sig-" + RANDOM)
)
BOT = "123456789:" + "AAH" + RANDOM
PEM = f"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA{RANDOM}\n-----END RSA PRIVATE KEY-----"


@pytest.mark.parametrize(
    "name",
    [
        "api_key", "apiKey", "X-API-Key", "key", "X-Auth-Key", "X-App-Key", "x-functions-key",
        "appKey", "clientSecret", "client_secret", "refresh_token", "access_token",
        "private_key", "session", "session_id", "auth", "x-auth", "pass", "db_pass", "passcode",
        "authtoken", "accesstoken", "password_confirmation", "password2", "signature-base64",
        "Ocp-Apim-Subscription-Key", "consumerKey",
    ],
)  # fmt: skip
def test_names_that_hold_a_credential(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "keyword", "monkey", "passenger", "author", "authority", "keys", "keys_count",
        "sort_key", "primary_key", "idempotency_key", "issueKey", "public_key", "auth_url",
        "auth_type", "pass_through", "token_url", "token_type", "accessTokenUrl",
        "addTokenTo", "tokenName", "password_policy", "session_timeout", "secret_name",
        "api_key_id", "max_tokens",
    ],
)  # fmt: skip
def test_names_that_hold_no_credential(name: str) -> None:
    assert not is_secret_name(name)
    assert not is_secret_field(name)


def test_a_key_alone_is_a_credential_of_a_request_not_of_json_data() -> None:
    """``?key=...`` is an API key; ``{"key": "Content-Type", "value": ...}`` is data."""
    assert is_secret_name("key") and not is_secret_field("key")
    assert is_secret_field("x-functions-key") and is_secret_field("password")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"X-Custom: {STRIPE}", "X-Custom: ***"),
        (f"token {GITHUB} here", "token *** here"),
        (f"slack {SLACK}.", "slack ***."),
        (f"aws={AWS}", "aws=***"),
        (f"a quoted JWT ({JWT}) in prose", "a quoted JWT (***) in prose"),
        (f"/bot{BOT}/sendMessage", "/***/sendMessage"),
        (f"key:\n{PEM}\nend", "key:\n***\nend"),
        (f"/v1/{RANDOM}/items", "/v1/***/items"),
        ("https://admin:hunter22@db.example.test/x", "https://***@db.example.test/x"),
        ("https://a.test/token?client_secret=c1i3nt&scope=all", "https://a.test/token?client_secret=***&scope=all"),
        ("Authorization: Bearer abc123secret", "Authorization: Bearer ***"),
        ("Basic " + base64.b64encode(b"user:pa55").decode(), "Basic ***"),
        ('mutation { login(password: "hunter22") }', 'mutation { login(password: "***") }'),
        ('{"client_secret": "c1i3nt-s3cr3t", "id": 1', '{"client_secret": "***", "id": 1'),
    ],
)  # fmt: skip
def test_value_shapes_are_secrets_wherever_they_stand(text: str, shown: str) -> None:
    assert masked(text) == shown
    assert secret_values(text)


@pytest.mark.parametrize(
    "text",
    [
        "The quick brown fox jumps over the lazy dog",
        "https://api.example.com/v1/users/12345/orders?page=2&sort=created_at",
        "2024-02-29T12:30:45.123+01:00",
        "3f3181d2-76de-40c2-8f3b-152d2c6726d7",  # a UUID
        "d41d8cd98f00b204e9800998ecf8427e5a3c9b0e2f7d8c1a4b6e9f0d3c2b1a09",  # a hex hash
        "securityClassification-6VMVochwUWo",  # an id made of words
        "/ISAPI/ContentMgmt/InputProxy/channels/1/video/motionDetection/layout/capabilities",
        "user@example.com",
        "task_live_notifications_enabled",
        "send a Bearer token in the Authorization header",
        "Use Basic authentication",
        "?key={{api_key}}&password=<your password>",
    ],
)
def test_ordinary_text_is_no_secret(text: str) -> None:
    assert masked(text) == text
    assert secret_values(text) == []


def test_a_value_is_a_credential_only_as_a_whole() -> None:
    assert is_secret_value(STRIPE) and is_secret_value(f"Bearer {JWT}")
    assert not is_secret_value(f"https://api.example.test/{RANDOM}/x")
    assert not is_secret_value("created_at")


@pytest.mark.parametrize(
    "text",
    [
        "eyJ" * 100_000,
        "eyJhbGciOiJIUzI1NiJ9." * 15_000,
        "sk_live_" * 40_000,
        "AKIA" * 80_000,
        "1234567:" * 40_000,
        "://" * 100_000,
        "-----BEGIN PRIVATE KEY-----" * 12_000,
        "?api_key=" * 30_000,
        '"a": "' * 50_000,
        'password: "x' * 30_000,
        "Bearer " * 40_000,
        "aB3" * 100_000,
        "a+b/" * 80_000,
    ],
    ids=lambda text: text[:12],
)
def test_the_detector_is_linear_on_adversarial_text(text: str) -> None:
    """300 KB of each delimiter the detector splits on, repeated: well under a second
    each (a quadratic scan of it takes minutes)."""
    started = time.process_time()
    masked(text)
    secret_values(text, data=True)
    assert time.process_time() - started < 5


# --- end to end: generate, then grep every file -----------------------------------------


def _generate(tmp_path: Path, doc: dict[str, Any]) -> tuple[Path, str]:
    source = tmp_path / "collection.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    status, _, stderr = postc("generate", source, "-o", tmp_path / "out")
    assert status == 0, stderr
    return tmp_path / "out", stderr


def _leaks(root: Path, secrets: list[str]) -> dict[str, list[str]]:
    """Which of ``secrets`` each written file holds."""
    found = {}
    for path in files_under(root):
        text = path.read_bytes().decode("utf-8", "replace")
        held = [secret for secret in secrets if secret in text]
        if held:
            found[str(path.relative_to(root))] = held
    return found


def _passes(root: Path) -> None:
    run = start([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root)
    output, _ = run.communicate(timeout=300)
    assert run.returncode == 0, output


def _json_item(name: str, body: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    item = request_item(
        name,
        method="POST",
        url="https://api.example.test/login",
        header=[{"key": "Content-Type", "value": "application/json"}],
        body={"mode": "raw", "raw": json.dumps(body), "options": {"raw": {"language": "json"}}},
    )
    item["response"] = [
        {
            "name": "ok",
            "code": 200,
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": json.dumps(answer),
            "originalRequest": item["request"],
        }
    ]
    return item


def test_credential_fields_of_json_bodies_become_samples_and_the_tests_pass(
    tmp_path: Path,
) -> None:
    """Request bodies and saved responses: ``password``, ``access_token``, ``refresh_token``,
    ``client_secret`` and ``api_key`` values are replaced (a credential's number is kept),
    alike in the arguments, the expected wire body and the served answer."""
    secrets = ["hunter22-pw", f"at-{RANDOM[:20]}", f"rt-{RANDOM[4:24]}", "cs-s3cr3t-77", "ak-9988"]
    body: dict[str, Any] = {
        "username": "jo",
        "password": secrets[0],
        "client_secret": secrets[3],
        "nested": {"api_key": secrets[4], "pin": 1234, "api_key_count": 2},
        "otp": {"password": 123456},  # not a string: kept
    }
    answer = {"access_token": secrets[1], "refresh_token": secrets[2], "token_type": "bearer"}
    out, _ = _generate(tmp_path, collection_doc(_json_item("Login", body, answer)))
    assert _leaks(out, secrets) == {}
    sampled = {
        **body,
        "password": "<password>",
        "client_secret": "<client_secret>",
        "nested": {**body["nested"], "api_key": "<api_key>"},
    }
    case = cases_of(out, "client")["login / ok"]
    assert case["arguments"] == {"body": sampled} and case["sent"]["json"] == sampled
    assert case["json"] == {
        "access_token": "<access_token>",
        "refresh_token": "<refresh_token>",
        "token_type": "bearer",
    }
    assert 'Cases("client.json"' in (out / "tests" / "test_client.py").read_text("utf-8")
    _passes(out)


def test_a_graphql_query_holding_a_token_keeps_it_out(tmp_path: Path) -> None:
    token = "gql-" + RANDOM[:12]
    variables = json.dumps({"password": "pw-" + RANDOM[:10]})
    query = f'mutation {{ login(apiKey: "{token}", user: "jo") {{ session }} }}\n# {GITHUB}'
    item = request_item(
        "Login",
        method="POST",
        url="https://api.example.test/graphql",
        body={"mode": "graphql", "graphql": {"query": query, "variables": variables}},
    )
    out, _ = _generate(tmp_path, collection_doc(item))
    assert _leaks(out, [token, GITHUB, "pw-" + RANDOM[:10]]) == {}
    resources = "\n".join(p.read_text("utf-8") for p in out.rglob("*.py"))
    assert 'login(apiKey: "REDACTED", user: "jo")' in resources  # the rest of the query kept


def test_an_oauth2_token_url_with_a_client_secret_keeps_it_out(tmp_path: Path) -> None:
    secret = "c5-" + RANDOM[:14]
    auth = {
        "type": "oauth2",
        "oauth2": [
            {"key": "grant_type", "value": "client_credentials"},
            {"key": "accessTokenUrl", "value": f"https://login.example.test/token?client_secret={secret}&a=1"},
            {"key": "authUrl", "value": f"https://login.example.test/authorize?client_secret={secret}"},
            {"key": "clientId", "value": "{{client_id}}"},
            {"key": "clientSecret", "value": "{{client_secret}}"},
        ],
    }  # fmt: skip
    out, _ = _generate(tmp_path, collection_doc(request_item("Me"), auth=auth))
    assert _leaks(out, [secret]) == {}
    _passes(out)


def test_userinfo_in_a_base_url_variable_is_dropped_like_in_a_literal_url(tmp_path: Path) -> None:
    password = "pw-" + RANDOM[:12]
    item = request_item("Me", url="{{baseUrl}}/me")
    variables = [{"key": "baseUrl", "value": f"https://admin:{password}@api.example.test/v1"}]
    out, stderr = _generate(tmp_path, collection_doc(item, variable=variables))
    assert _leaks(out, [password, "admin:"]) == {}
    client = next(out.rglob("_client.py")).read_text("utf-8")
    assert '"https://api.example.test/v1"' in client  # the URL is kept, its userinfo not
    assert "variable[0].value: credentials in the URL (user:pass@) are not kept" in stderr


def test_credentials_under_names_and_in_shapes_are_kept_out(tmp_path: Path) -> None:
    """The names the detector missed (``X-Auth-Key``, ``key``, ``pass``, ...) and secrets
    found by their shape whatever holds them: a header, a description, a query value."""
    named = {
        "X-Auth-Key": "xak-" + RANDOM[:10],
        "X-App-Key": "xpk-" + RANDOM[:10],
        "x-functions-key": "xfk-" + RANDOM[:10],
    }
    query = {"key": "qk-" + RANDOM[:10], "pass": "qp-" + RANDOM[:10], "passcode": "qc-88776655"}
    item = request_item(
        "Things",
        url={
            "raw": "https://api.example.test/things",
            "protocol": "https",
            "host": ["api", "example", "test"],
            "path": ["things"],
            "query": [{"key": key, "value": value} for key, value in query.items()]
            + [{"key": "ref", "value": GITHUB}],
        },
        header=[{"key": key, "value": value} for key, value in named.items()]
        + [{"key": "X-Custom", "value": STRIPE}],
        description=f"Send the token {JWT} as shown, or the key {AWS}.",
    )
    item["response"] = [{"name": "ok", "code": 200, "body": '{"ok": true}'}]
    out, stderr = _generate(tmp_path, collection_doc(item))
    secrets = [*named.values(), *query.values(), GITHUB, STRIPE, JWT, AWS]
    assert _leaks(out, secrets) == {}
    assert not [secret for secret in secrets if secret in stderr]
    assert "header 'X-Auth-Key' holds a credential" in stderr
    assert "query parameter 'key' holds a credential" in stderr
    _passes(out)


# --- inspect and warnings -----------------------------------------------------------------


def _inspected(tmp_path: Path, doc: dict[str, Any]) -> tuple[str, str, str]:
    source = tmp_path / "collection.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    status, as_json, json_err = postc("inspect", "--json", "--models", source)
    assert status == 0, json_err
    status, text, text_err = postc("inspect", "--models", source)
    assert status == 0, text_err
    return as_json, text, json_err + text_err


def test_inspect_shows_no_credential_of_a_url_a_path_or_a_sample(tmp_path: Path) -> None:
    key = "iq-" + RANDOM[:12]
    item = request_item(
        "Send",
        url=f"https://admin:hunter22@api.telegram.test/bot{BOT}/sendMessage?api_key={key}&x=1",
    )
    item["response"] = [
        {"name": "ok", "code": 200, "body": json.dumps({"access_token": "st-" + RANDOM[:9]})}
    ]
    variables = [
        {"key": "stripe", "value": STRIPE},
        {"key": "site", "value": f"https://x.test/?api_key={key}"},
    ]
    as_json, text, stderr = _inspected(tmp_path, collection_doc(item, variable=variables))
    for shown in (as_json, text, stderr):
        assert not [s for s in (key, BOT, "hunter22", STRIPE, "st-" + RANDOM[:9]) if s in shown]
    endpoint = json.loads(as_json)["endpoints"][0]
    assert endpoint["url"] == "https://***@api.telegram.test/***/sendMessage?api_key=***&x=1"
    assert endpoint["path"] == "/***/sendMessage"
    stripe = next(v for v in json.loads(as_json)["variables"] if v["key"] == "stripe")
    assert stripe == {"key": "stripe", "type": "string", "secret": True, "value": None}
    assert "GET /***/sendMessage  Send" in text


def test_a_warning_quoting_a_url_masks_its_credentials(tmp_path: Path) -> None:
    """The raw URL disagrees with its parts: the warning quotes both, a token in a path
    segment and a credential query value masked."""
    item = request_item(
        "Send",
        url={
            "raw": f"https://api.telegram.test/bot{BOT}/sendMessage?token=tq-{RANDOM[:12]}",
            "host": ["api", "telegram", "test"],
            "path": [f"bot{BOT}", "sendPhoto"],
            "query": [
                {"key": "token", "value": "tq-" + RANDOM[:12]},
                {"key": "id", "value": RANDOM},
            ],
        },
    )
    source = tmp_path / "collection.json"
    source.write_text(json.dumps(collection_doc(item)), encoding="utf-8")
    status, out, err = postc("validate", source)
    assert status == 0, err
    shown = out + err
    assert "url.raw disagrees" in shown and "structured '/***/sendPhoto'" in shown
    assert not [s for s in (BOT, "tq-" + RANDOM[:12], RANDOM) if s in shown]


def test_the_json_path_names_the_variable_whose_userinfo_is_dropped(tmp_path: Path) -> None:
    doc = {
        "info": {"name": "Env", "schema": V21},
        "item": [request_item()],
        "variable": [{"key": "url", "value": "https://me:pw-123456@h.test"}],
    }
    as_json, _, _ = _inspected(tmp_path, doc)
    summary = json.loads(as_json)
    assert summary["variables"][0]["value"] == "https://h.test"
    dropped = "credentials in the URL (user:pass@) are not kept"
    assert {"path": "variable[0].value", "message": dropped} in summary["warnings"]
