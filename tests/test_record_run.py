"""``postc record``'s own rules, on collections built in code: which requests it selects,
the order it sends them in, the value it copies from a response into a variable, and what
it says (``generator.record.order``, ``produce``, ``progress``, ``run.default_output``).
The whole command against a live API is tests/test_record_e2e.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.errors import InputError
from generator.ir import Collection, Endpoint, JsonValue
from generator.record.exchange import Outgoing, Received
from generator.record.order import bound_producers, label, run_order, selected
from generator.record.produce import produced_text, variable_text
from generator.record.progress import (
    MISSING_HINT,
    Outcome,
    outcome_line,
    sent_line,
    start_line,
    summary_lines,
)
from generator.record.run import default_output
from generator.scripts.facts import Value
from generator.scripts.flows import collection_flows
from tests.conftest import load, request_item


def _item(name: str, method: str, path: str, *, test: str = "", **request: Any) -> dict[str, Any]:
    item = request_item(name, method=method, url=f"https://api.example.com/{path}", **request)
    if test:
        item["event"] = [{"listen": "test", "script": {"exec": [test]}}]
    return item


def _folder(name: str, *items: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "item": list(items)}


def _sets(variable: str, path: str) -> str:
    return f'pm.environment.set("{variable}", pm.response.json().{path});'


def _names(endpoints: list[Endpoint]) -> list[str]:
    return [endpoint.name for endpoint in endpoints]


def _order(collection: Collection) -> list[str]:
    return _names(run_order(list(collection.endpoints()), collection_flows(collection)))


# Order and flows


def test_a_request_goes_after_the_request_that_produces_its_variable() -> None:
    collection = load(
        _item("Get user", "GET", "users/{{id}}"),
        _item("List", "GET", "users"),
        _item("Create user", "POST", "users", test=_sets("id", "id")),
    )
    assert _order(collection) == ["List", "Create user", "Get user"]


def test_a_login_goes_before_every_request_its_token_authenticates() -> None:
    bearer = {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]}
    collection = load(
        _folder(
            "Users",
            _item("List", "GET", "users"),
            _item("Get", "GET", "users/1", header=[{"key": "X-Trace", "value": "a"}]),
        ),
        _item("Login", "POST", "login", test=_sets("token", "token"), auth={"type": "noauth"}),
        auth=bearer,
    )
    assert _order(collection) == ["Login", "List", "Get"]


def test_requests_without_a_chain_keep_collection_order() -> None:
    collection = load(*(_item(f"R{i}", "GET", f"r/{i}") for i in (3, 1, 2)))
    assert _order(collection) == ["R3", "R1", "R2"]


def test_a_producer_already_before_its_consumer_moves_nothing() -> None:
    collection = load(
        _item("Create", "POST", "users", test=_sets("id", "id")),
        _item("Other", "GET", "other"),
        _item("Get", "GET", "users/{{id}}"),
    )
    assert _order(collection) == ["Create", "Other", "Get"]


def test_the_producer_the_flow_binds_wins_over_a_later_one() -> None:
    collection = load(
        _item("Create A", "POST", "a", test=_sets("id", "id")),
        _item("Get", "GET", "things/{{id}}"),
        _item("Create B", "POST", "b", test=_sets("id", "id")),
    )
    assert _order(collection) == ["Create A", "Get", "Create B"]


def test_each_use_is_bound_to_one_producer_the_one_its_skip_note_names() -> None:
    collection = load(
        _item("Get early", "GET", "things/{{id}}"),
        _item("Create A", "POST", "a", test=_sets("id", "id")),
        _item("Get", "GET", "things/{{id}}"),
        _item("Create B", "POST", "b", test=_sets("id", "id")),
    )
    endpoints = list(collection.endpoints())
    bound = bound_producers(endpoints, collection_flows(collection))
    assert bound == {("item[0]", "id"): "item[1]", ("item[2]", "id"): "item[1]"}
    assert bound_producers(endpoints[2:], collection_flows(collection)) == {
        ("item[2]", "id"): "item[3]"  # Create A not selected: the next one that sets it
    }


def test_chains_of_chains_are_followed() -> None:
    collection = load(
        _item("Get order", "GET", "orders/{{order}}"),
        _item("Create order", "POST", "users/{{user}}/orders", test=_sets("order", "id")),
        _item("Create user", "POST", "users", test=_sets("user", "id")),
    )
    assert _order(collection) == ["Create user", "Create order", "Get order"]


def test_a_cycle_keeps_collection_order() -> None:
    collection = load(
        _item("A", "GET", "a/{{b}}", test=_sets("a", "id")),
        _item("Free", "GET", "free"),
        _item("B", "GET", "b/{{a}}", test=_sets("b", "id")),
    )
    assert _order(collection) == ["A", "Free", "B"]


def test_a_cycle_behind_a_chain_still_lets_the_rest_go_in_order() -> None:
    collection = load(
        _item("Needs A", "GET", "x/{{a}}"),
        _item("A", "GET", "a/{{b}}", test=_sets("a", "id")),
        _item("B", "GET", "b/{{a}}", test=_sets("b", "id")),
    )
    assert _order(collection) == ["A", "Needs A", "B"]


def test_a_request_does_not_wait_for_itself() -> None:
    refresh = _item("Refresh", "POST", "refresh/{{refresh}}", test=_sets("refresh", "refresh"))
    collection = load(_item("Other", "GET", "other"), refresh)
    assert _order(collection) == ["Other", "Refresh"]


def test_ordering_is_linear_enough_for_thousands_of_requests() -> None:
    items = [_item(f"Get {i}", "GET", f"things/{{{{id{i}}}}}") for i in range(400)]
    items += [
        _item(f"Make {i}", "POST", f"things/{i}", test=_sets(f"id{i}", "id")) for i in range(400)
    ]
    order = _order(load(*items))
    assert order[:2] == ["Make 0", "Get 0"] and len(order) == 800


# Selection


def _collection() -> Collection:
    return load(
        _folder(
            "Users",
            _item("Get user", "GET", "users/1"),
            _item("Create user", "POST", "users"),
            _folder(
                "Admin", _item("Ban", "DELETE", "users/1/ban"), _item("[beta] Ban", "GET", "b")
            ),
        ),
        _item("Health", "HEAD", "health"),
    )


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        ((), ["Get user", "Create user", "Ban", "[beta] Ban", "Health"]),
        (("Users/Get user",), ["Get user"]),
        (("users/get USER",), ["Get user"]),  # any case
        (("Users/*",), ["Get user", "Create user", "Ban", "[beta] Ban"]),  # * crosses folders
        (("Users/Admin/B*", "Health"), ["Ban", "Health"]),
        (("item[1]",), ["Health"]),  # a JSON path
        (("item[0].item[2].item[0]",), ["Ban"]),
        (("Users/Admin/[[]beta]*",), ["[beta] Ban"]),  # [[] is a literal [
        (("*user",), ["Get user", "Create user"]),
    ],
)
def test_only_selects_by_folder_path_and_name_or_json_path(
    patterns: tuple[str, ...], expected: list[str]
) -> None:
    assert _names(selected(_collection(), patterns)) == expected


def test_an_only_pattern_that_selects_nothing_is_bad_input() -> None:
    with pytest.raises(InputError) as raised:
        selected(_collection(), ("Users/*", "Userz/*"))
    assert raised.value.lines() == ["test.json: --only 'Userz/*' selects no request"]


def test_a_label_is_the_folder_path_and_the_name() -> None:
    assert [label(e) for e in _collection().endpoints()] == [
        "Users/Get user",
        "Users/Create user",
        "Users/Admin/Ban",
        "Users/Admin/[beta] Ban",
        "Health",
    ]


def test_the_start_line_sums_up_the_unsafe_requests() -> None:
    endpoints = list(_collection().endpoints())
    endpoints.append(endpoints[1])
    assert start_line(endpoints, unsafe=True) == (
        "sending 6 requests, 3 of them unsafe: POST 2, DELETE 1"
    )
    assert start_line(endpoints, unsafe=False) == (
        "sending 3 requests (3 unsafe requests not sent without --unsafe: POST 2, DELETE 1)"
    )
    assert start_line(endpoints[:1], unsafe=True) == "sending 1 request"


# The value a test script stores


def _received(body: bytes = b"", *headers: tuple[str, str]) -> Received:
    return Received(200, "OK", tuple(headers), body, "https://api.example.com/x", 0.012)


@pytest.mark.parametrize(
    ("value", "received", "expected"),
    [
        (Value("json", "", path=("id",)), _received(b'{"id": 7}'), "7"),
        (Value("json", "", path=("a", 1, "b")), _received(b'{"a": [0, {"b": "x"}]}'), "x"),
        (Value("json", "", path=("a", 5)), _received(b'{"a": [0]}'), None),
        (Value("json", "", path=("a", None)), _received(b'{"a": ["x"]}'), None),
        (Value("json", "", path=("id",)), _received(b"<html>"), None),
        (Value("json", "", path=("id",)), _received(b'{"id": null}'), None),
        (Value("json", "", path=("items",), length=True), _received(b'{"items": [1, 2]}'), "2"),
        (Value("json", "", path=()), _received(b'{"a": 1}'), '{"a":1}'),
        (Value("json", "", path=("x",)), _received(b"[" * 100_000), None),  # too deep: no value
        (Value("header", "", name="location"), _received(b"", ("Location", "/u/9")), "/u/9"),
        (Value("header", "", name="X-Id"), _received(b""), None),
        (Value("text", ""), _received("héllo".encode()), "héllo"),
        (Value("xml", "", path=("a",)), _received(b"<a>1</a>"), None),
    ],
)
def test_a_produced_value_is_read_from_the_response_where_the_script_reads_it(
    value: Value, received: Received, expected: str | None
) -> None:
    assert produced_text(value, received) == expected


def test_a_stored_value_is_sent_as_javascript_writes_it() -> None:
    values: list[JsonValue] = [True, False, 3, 3.0, 2.5, "s", [1, "é"], None]
    written = [variable_text(value) for value in values]
    assert written == ["true", "false", "3", "3", "2.5", "s", '[1,"é"]', None]


# What it says


def test_progress_lines_mask_the_credentials_sent() -> None:
    endpoint = next(_collection().endpoints())
    outgoing = Outgoing(
        endpoint.json_path,
        "GET",
        "https://api.example.com/users/1?api_key=k3y-9f8e7d6c5b4a&page=2",
        credentials=("k3y-9f8e7d6c5b4a",),
    )
    line = sent_line("[1/4]", endpoint, outgoing, _received(), ())
    assert line == "[1/4] GET /users/1?api_key=***&page=2 (Users/Get user): 200 in 12 ms"
    in_path = Outgoing(endpoint.json_path, "GET", "https://h/keys/passw0rd-of-ada", credentials=())
    produced = sent_line("[1/4]", endpoint, in_path, _received(), ("passw0rd-of-ada",))
    assert produced == "[1/4] GET /keys/REDACTED (Users/Get user): 200 in 12 ms"
    skipped = Outcome(endpoint, "skipped", 'needs {{id}} (set by "A", failed: sk_live_0123456789)')
    assert "0123456789" not in outcome_line("[2/4]", skipped, ("sk_live_0123456789",))


def test_the_summary_counts_skips_by_reason() -> None:
    endpoints = list(_collection().endpoints())
    outcomes = [
        Outcome(endpoints[0], "recorded", "200", status=200),
        Outcome(endpoints[1], "skipped", "POST needs --unsafe", "POST needs --unsafe"),
        Outcome(endpoints[2], "skipped", 'needs {{id}} (set by "X", ...)', "needs {{id}}"),
        Outcome(endpoints[3], "skipped", "DELETE needs --unsafe", "DELETE needs --unsafe"),
        Outcome(endpoints[3], "skipped", "DELETE needs --unsafe", "DELETE needs --unsafe"),
    ]
    assert summary_lines(outcomes, unselected=2) == [
        "recorded 1, skipped 4 (DELETE needs --unsafe: 2; POST needs --unsafe: 1; "
        "needs {{id}}: 1), failed 0; 2 requests not selected by --only",
        MISSING_HINT,
    ]
    assert summary_lines(outcomes[:2], unselected=0) == [
        "recorded 1, skipped 1 (POST needs --unsafe: 1), failed 0"
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("x.postman_collection.json", "x.postman_collection.recorded.json"),
        ("api.JSON", "api.recorded.JSON"),
        ("collection", "collection.recorded.json"),
        ("api.txt", "api.txt.recorded.json"),
        (".json", ".recorded.json"),
    ],
)
def test_the_default_output_puts_recorded_before_the_json_extension(
    name: str, expected: str
) -> None:
    assert default_output(Path("dir") / name) == Path("dir") / expected
