"""postc record's variables: Postman's scopes and substitution, and the settings the
process environment gives under the generated client's names (docs/record.md, "On the
wire")."""

from __future__ import annotations

import re
from pathlib import Path

from generator.ir import Environment, Variable
from generator.record.variables import MAX_ROUNDS, Variables
from tests.conftest import RunPostc, collection_doc, load, request_item


def _variables(
    *pairs: tuple[str, str], env: Environment | None = None, **process: str
) -> Variables:
    # a host made of the variables: each is a setting of the client's
    host = ".".join(f"{{{{{k}}}}}" for k, _ in pairs if k.isalpha())
    collection = load(
        request_item(url=f"https://{host}/x"), variable=[{"key": k, "value": v} for k, v in pairs]
    )
    return Variables.of(collection, env, process)


def test_precedence_collection_environment_process_and_set_values() -> None:
    env = Environment("e", (Variable("b", "from-env"), Variable("c", "from-env")))
    variables = _variables(("a", "col"), ("b", "col"), ("c", "col"), env=env, TEST_API_C="process")
    assert [variables.get(name) for name in "abc"] == ["col", "from-env", "process"]
    variables.set("b", "recorded")  # the environment scope, by default
    variables.set("c", "recorded")  # below the process environment's data scope
    assert [variables.get(name) for name in "bc"] == ["recorded", "process"]
    variables.set("c", "local", "local")
    assert variables.get("c") == "local"


def test_disabled_entries_are_ignored_and_the_last_enabled_one_wins() -> None:
    collection = load(
        request_item(),
        variable=[
            {"key": "a", "value": "first"},
            {"key": "a", "value": "second"},
            {"key": "a", "value": "off", "disabled": True},
        ],
    )
    env = Environment("e", (Variable("b", "off", disabled=True),))
    variables = Variables.of(collection, env, {})
    assert variables.get("a") == "second"
    assert variables.get("b") is None


def test_nested_and_composed_names_resolve() -> None:
    variables = _variables(
        ("base", "{{scheme}}://{{host}}"),
        ("scheme", "https"),
        ("host", "api-{{stage}}.io"),
        ("stage", "dev"),
        ("key-dev", "k1"),
    )
    resolved = variables.resolve("{{base}}/v1?key={{key-{{stage}}}}")
    assert (resolved.text, resolved.missing) == ("https://api-dev.io/v1?key=k1", ())


def test_a_cycle_stops_after_the_bound_and_is_reported_missing() -> None:
    # a value that grows each round: only the bound stops it
    variables = _variables(("loop", "x{{loop}}"), ("self", "{{self}}"))
    grown = variables.resolve("{{loop}}")
    assert grown.text == "x" * MAX_ROUNDS + "{{loop}}"
    assert grown.missing == ("loop",)
    assert variables.resolve("a {{self}} b").missing == ("self",)


def test_missing_names_are_reported_in_order_of_first_appearance() -> None:
    resolved = _variables(("known", "v")).resolve("{{b}}/{{known}}/{{a}}/{{b}}")
    assert resolved.missing == ("b", "a")
    assert resolved.text == "{{b}}/v/{{a}}/{{b}}"


def test_dynamic_variables_are_fresh_each_time_and_noted_with_their_placeholder() -> None:
    variables = _variables(("$randomInt", "7"))  # a user's own $-name wins, as in Postman
    resolved = variables.resolve(
        "{{$guid}} {{$guid}} {{$timestamp}} {{$randomInt}} {{$randomEmail}}"
    )
    first, second, stamp, number, email = resolved.text.split(" ")
    assert re.fullmatch(r"[0-9a-f-]{36}", first) and first != second
    assert stamp.isdigit() and number == "7" and email == "{{$randomEmail}}"
    assert resolved.missing == ("$randomEmail",)
    assert resolved.generated == (
        (first, "{{$guid}}"),
        (second, "{{$guid}}"),
        (stamp, "{{$timestamp}}"),
    )


HOSTS = collection_doc(
    request_item(
        "List",
        url="https://api.shop.io/items",
        auth={"type": "bearer", "bearer": [{"key": "token", "value": "{{apiToken}}"}]},
    ),
    request_item("More", url="https://api.shop.io/more"),
    request_item("Upload", url="https://upload.shop.io/files"),
    request_item(
        "Feeds",
        url="https://{{feedsServer}}/feeds",
        header=[{"key": "x-api-key", "value": "{{feedKey}}"}],
    ),
    variable=[{"key": "feedsServer", "value": "feeds.shop.io"}, {"key": "apiToken", "value": ""}],
)


def test_the_environment_names_are_the_generated_clients(
    run_postc: RunPostc, tmp_path: Path
) -> None:
    """Every name the recording reads is one the generated client reads, for the same
    setting: checked against a real generated ``_client.py``."""
    source = tmp_path / "shop.json"
    source.write_text(__import__("json").dumps(HOSTS), encoding="utf-8")
    code, _, err = run_postc("generate", source, "-o", tmp_path / "out", "--name", "shop")
    assert code == 0, err
    client = (tmp_path / "out" / "shop" / "_client.py").read_text(encoding="utf-8")
    process = {
        "SHOP_BASE_URL": "http://127.0.0.1:1",
        "SHOP_UPLOAD_BASE_URL": "http://127.0.0.1:2",
        "SHOP_FEEDS_SERVER": "127.0.0.1:3",
        "SHOP_API_TOKEN": "tok-123456",
        "SHOP_FEED_KEY": "key-123456",
    }
    for name in process:
        assert f'"{name}"' in client, name
    collection = load(*HOSTS["item"], variable=HOSTS["variable"])
    variables = Variables.of(collection, None, process, package="shop")
    assert variables.get("feedsServer") == "127.0.0.1:3"
    assert variables.get("apiToken") == "tok-123456"
    assert variables.get("feedKey") == "key-123456"
    assert variables.client.base_url("") == "http://127.0.0.1:1"
    assert variables.client.base_url("upload_base_url") == "http://127.0.0.1:2"
