"""Settings and hosts (``generator.emit.plan.settings``): one setting per variable, named
apart from the client's own arguments, and the base URLs made of them."""

from __future__ import annotations

from typing import Any

from generator.emit.plan.settings import Settings
from generator.emit.plan.texts import Texts
from tests.conftest import load, request_item


def settings(*items: dict[str, Any], variables: list[dict[str, str]] | None = None) -> Settings:
    collection = load(*(items or (request_item(),)), variable=variables or [])
    return Settings(collection, Texts(collection, None), "SHOP")


def test_a_variable_is_one_setting_never_named_like_a_client_argument() -> None:
    made = settings(variables=[{"key": "timeout", "value": "30"}])
    timeout = made.setting("timeout")
    assert made.setting("timeout") is timeout
    assert timeout.name != "timeout"  # the client's own argument
    assert timeout.env_var == f"SHOP_{timeout.name.upper()}"
    assert timeout.default == "30" and not timeout.secret


def test_a_secret_setting_has_no_default() -> None:
    made = settings(variables=[{"key": "password", "value": "pa55word-long"}])
    password = made.setting("password")
    assert password.secret and password.default is None


def test_a_base_url_variable_is_the_base_url_and_another_host_gets_its_own_setting() -> None:
    main = [request_item(f"Get {n}", url=f"{{{{baseUrl}}}}/things/{n}") for n in range(2)]
    other = request_item("Upload", url="https://uploads.example.com/files")
    made = settings(*main, other, variables=[{"key": "baseUrl", "value": "https://a.example"}])
    assert made.main_host().setting == "base_url"
    endpoint = next(load(other).endpoints())
    key = made.host(endpoint)
    assert made.host(endpoint) == key  # made once
    (host,) = made.hosts.values()
    assert key == host.key == host.setting and key != "base_url"
    (setting,) = [s for s in made.made.values() if s.name == key]
    assert setting.default == "https://uploads.example.com" and setting.variable == ""
