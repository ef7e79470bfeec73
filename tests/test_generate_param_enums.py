"""Enum ``Literal``s for query and path parameters (docs/parameters.md, "Enums"): closed
when the description lists the values, open when only the requests' values show a few."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from generator.api_models import build_models
from generator.emit.param_enums import listed_values
from generator.emit.plan import make_plan
from tests.conftest import MypyStrict, load, request_item, run
from tests.test_generate_parameters import assert_its_tests_pass, project, sent, url
from tests.test_generated_test_data import cases_of


@pytest.mark.parametrize(
    ("description", "values"),
    [
        (
            "Only return cards of the given type. One of `virtual` or `physical`.",
            ("virtual", "physical"),
        ),
        (
            "Can be one of 'active', 'expired', 'unused' or 'recentlyQueued'",
            ("active", "expired", "unused", "recentlyQueued"),
        ),
        (
            'Filter by provider type, one of "bank","moneyTransferProvider"',
            ("bank", "moneyTransferProvider"),
        ),
        ('Accepted values are "used" or "unused".', ("used", "unused")),
        (
            "Order options are 'ascending' or 'descending'. Default is ascending.",
            ("ascending", "descending"),
        ),
        ("Given status: `open`, `posted`, or `void`.", ("open", "posted", "void")),
        ("Filter results by band (either '2.4' or '5').", ("2.4", "5")),
        ("Sort order `asc` | `desc`", ("asc", "desc")),
        ("Value is `all` or `none`; `all` by default.", ("all", "none")),
    ],
)
def test_a_description_listing_values_after_a_cue_gives_them(
    description: str, values: tuple[str, ...]
) -> None:
    assert listed_values(description) == values


@pytest.mark.parametrize(
    "description",
    [
        # no cue: the quoted words are mentioned, not offered
        "The results are in reverse chronological order by `created` or `effective_at`.",
        "The `external_id` and `views` parameters filter the list.",
        # one value is no set
        "Supported value is `paypalv1.1`.",
        # free text, variables and placeholders are no values
        "One of 'hello world' or 'goodbye world'.",
        "One of `{{status}}` or `<string>`.",
        # examples of an open set, and date formats, are no values
        "Sort by any field, for example: `name`, `created` or `size`.",
        "A locale, e.g. `en-us` or `fr-fr`.",
        "Dates must be 'YYYY-MM-DD' or 'YYYY-MM'.",
        # the cue is not right before the listing
        "Either the UID of a folder, or 'cs_root' or 'all' for everything.",
    ],
)
def test_a_description_without_a_listing_gives_nothing(description: str) -> None:
    assert listed_values(description) == ()


def _listed(description: str, value: str = "<string>") -> dict[str, Any]:
    item = request_item("List cards", url=url(["v1", "cards"], ("status", value), ("limit", "10")))
    item["request"]["url"]["query"][0]["description"] = description
    return item


def test_listed_values_are_a_closed_literal_mypy_checks(
    tmp_path: Path, mypy_strict: MypyStrict
) -> None:
    """A listed value type-checks; any other is a mypy error, before the request is sent."""
    out, client = project(tmp_path, _listed("One of `active`, `inactive` or `canceled`."))
    assert 'status: Literal["active", "inactive", "canceled"] | None = None,' in client
    assert sent(out, "list_cards(status='inactive')")["query"] == [["status", "inactive"]]
    (out / "calls.py").write_text(
        "from shop import Client\n\n\n"
        "def good(client: Client) -> None:\n"
        '    client.list_cards(status="canceled")\n\n\n'
        "def bad(client: Client) -> None:\n"
        '    client.list_cards(status="cancelled")\n',
        encoding="utf-8",
    )
    checked = run([*mypy_strict(), "calls.py"], out)
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "calls.py:9:" in errors[0], checked.stdout
    assert "'cancelled'" in errors[0] and "'canceled'" in errors[0]
    checked = run([*mypy_strict(), "shop", "tests"], out)
    assert checked.returncode == 0, checked.stdout
    assert_its_tests_pass(out)


def test_a_saved_value_outside_the_listing_opens_it(tmp_path: Path) -> None:
    """The collection sends ``pending``, which the description does not list: the docs are
    behind the API, so any string stays valid (the generated test passes ``pending``)."""
    out, client = project(tmp_path, _listed("One of `active` or `inactive`.", "pending"))
    assert 'status: Literal["active", "inactive"] | str | None = None,' in client
    assert_its_tests_pass(out)


def test_a_required_listed_parameter_is_tested_with_a_listed_value(
    tmp_path: Path, mypy_strict: MypyStrict
) -> None:
    """A required path parameter with no saved value: the generated test passes the first
    listed value, not a sample string mypy would refuse."""
    item = request_item("Get report", url=url(["reports", ":period"]))
    variable = {"key": "period", "value": "<string>", "description": "One of `daily` or `weekly`."}
    item["request"]["url"]["variable"] = [variable]
    item["response"] = [{"name": "ok", "code": 200, "body": '{"items": []}'}]
    out, client = project(tmp_path, item)
    assert 'period: Literal["daily", "weekly"],' in client
    assert sent(out, "get_report('weekly')")["path"] == "/reports/weekly"
    case = cases_of(out, "client")["get_report / ok"]
    assert case["arguments"] == {"period": "daily"}
    assert case["sent"]["path"] == "/reports/daily"
    checked = run([*mypy_strict(), "shop", "tests"], out)
    assert checked.returncode == 0, checked.stdout
    assert_its_tests_pass(out)


def _sorted_by(name: str, *values: str, path: str = "users", key: str = "order") -> dict[str, Any]:
    item = request_item(name, url=url([path], (key, values[0])))
    item["response"] = [
        {
            "name": f"by {value}",
            "code": 200,
            "body": "[]",
            "originalRequest": {"method": "GET", "url": url([path], (key, value))},
        }
        for value in values[1:]
    ]
    return item


def test_values_the_requests_send_for_one_resource_are_an_open_literal(
    tmp_path: Path, mypy_strict: MypyStrict
) -> None:
    """Four requests of ``/users`` send ``order`` as ``asc`` or ``desc``: an open Literal
    (completion and documentation; any string still type-checks)."""
    out, client = project(
        tmp_path, _sorted_by("List users", "asc", "desc", "asc"), _sorted_by("Sorted users", "desc")
    )
    assert 'order: Literal["asc", "desc"] | str | None = None,' in client
    checked = run([*mypy_strict(), "shop", "tests"], out)
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize(
    ("values", "why"),
    [
        (("asc", "desc", "asc"), "three observations are too few"),
        (("asc", "desc", "up", "down", "asc"), "four values need 16 observations"),
        (("bltd7854a4567gh7", "blt99e1b2c3d4f5a6", "bltd7854a4567gh7", "blt99e1b2c3d4f5a6"), "ids"),
        (("2024-01-01", "2024-02-01", "2024-01-01", "2024-02-01"), "dates"),
        (("true", "false", "true", "false"), "a flag"),
        (("{{a}}", "{{b}}", "{{a}}", "{{b}}"), "variables"),
        (("<string>", "", "<string>", ""), "placeholders and empty values"),
    ],
)
def test_weak_or_unfit_observed_values_make_no_literal(
    tmp_path: Path, values: tuple[str, ...], why: str
) -> None:
    _, client = project(tmp_path, _sorted_by("List users", *values))
    assert "Literal" not in client, why


def test_values_of_other_resources_are_not_pooled(tmp_path: Path) -> None:
    """``order`` on ``/users`` and on ``/teams``: two resources, two observations each."""
    _, client = project(
        tmp_path,
        _sorted_by("List users", "asc", "desc"),
        _sorted_by("List teams", "desc", "asc", path="teams"),
    )
    assert "Literal" not in client


def test_a_listed_value_that_is_a_number_keeps_a_number_parameter(tmp_path: Path) -> None:
    """``<integer>`` types the parameter: a listing of "1" and "2" does not make it text."""
    _, client = project(tmp_path, _listed("Either `1` or `2`.", "<integer>"))
    assert "status: int | None = None," in client


def test_a_listed_value_none_still_leaves_the_parameter_optional(
    tmp_path: Path, mypy_strict: MypyStrict
) -> None:
    """Azure DevOps lists ``None`` among ``$expand``'s values: the string case "None" is not
    the annotation's ``None``, so the optional parameter still takes None (its default)."""
    out, client = project(tmp_path, _listed("Can be one of 'None', 'Relations' or 'All'."))
    assert 'status: Literal["None", "Relations", "All"] | None = None,' in client
    checked = run([*mypy_strict(), "shop", "tests"], out)
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize(
    "description",
    [
        # Contentstack: JSON examples, their strings after a JSON colon or before one
        'Example: {"content_type":"content_type_uid", "type": "publishing_rule"}: tasks',
        'Example: {"assigned_at": "desc"}, or {"assigned_date": "desc", "locale":"asc"}',
    ],
)
def test_strings_of_a_json_example_are_no_listing(description: str) -> None:
    assert listed_values(description) == ()


def _upcoming(description: str, *keys: str) -> dict[str, Any]:
    query = [("filter", "<string>"), *((key, "<string>") for key in keys)]
    item = request_item("Upcoming", url=url(["v1", "invoices", "upcoming"], *query))
    item["request"]["url"]["query"][0]["description"] = description
    return item


def test_a_listing_mostly_of_the_requests_parameter_names_is_not_of_values(
    tmp_path: Path,
) -> None:
    """Stripe's upcoming invoice: "If set, one of `subscription_items`, or
    `subscription_trial_end` are required." (``subscription_items[0][price]`` is a key);
    Stripe's ``types[0]``: "You may pass either `type` or `types`": parameters named."""
    text = "If set, one of `subscription_items`, or `subscription_trial_end` are required."
    (tmp_path / "a").mkdir()
    _, client = project(tmp_path / "a", _upcoming(text, "subscription_items[0][price]"))
    assert "filter: str | None = None," in client and "Literal" not in client
    text = "You may pass either `type` or `types`, but not both."
    (tmp_path / "b").mkdir()
    _, client = project(tmp_path / "b", _upcoming(text, "type", "types"))
    assert "filter: str | None = None," in client and "Literal" not in client


def test_a_listing_with_a_few_parameter_names_is_still_of_values(tmp_path: Path) -> None:
    """Stripe's balance transactions list 40 types; ``payout`` and ``source`` are also keys."""
    text = "One of: `adjustment`, `charge`, `payout`, `refund`, or `source`."
    _, client = project(tmp_path, _upcoming(text, "payout", "source"))
    cases = '"adjustment", "charge", "payout", "refund", "source"'
    assert f"Literal[{cases}] | None\n" in client


def test_values_of_a_key_naming_a_reference_make_no_literal(tmp_path: Path) -> None:
    """``account_id=acme`` twice and ``globex`` twice: one account cited again, not a set."""
    item = _sorted_by("List users", "acme", "globex", "acme", "globex", key="account_id")
    _, client = project(tmp_path, item)
    assert "account_id: str | None = None," in client and "Literal" not in client


def test_planning_thousands_of_described_keys_stays_linear(tmp_path: Path) -> None:
    """Each listing is checked against its request's parameter names, found once per
    request: found per parameter, 10,000 keys took 19 s (1.3 s now)."""
    query = [
        {"key": f"k{i}", "value": "x", "description": "One of `x` or `y`."} for i in range(10_000)
    ]
    item = request_item("Big", url={"raw": "https://a.example/v", "path": ["v"], "query": query})
    collection = load(item)
    api = build_models(collection)
    started = time.process_time()
    plan = make_plan(collection, None, api, "big")
    assert time.process_time() - started < 8
    assert plan.root.methods[0].parameters[-1].annotation.text == 'Literal["x", "y"]'


def test_a_value_an_example_saves_in_the_path_opens_the_listing(
    tmp_path: Path, mypy_strict: MypyStrict
) -> None:
    """``/reports/:period.json`` lists `daily` or `weekly`; an example was saved for
    ``/reports/monthly.json``: the generated test passes ``monthly``, which must type-check."""
    item = request_item("Get report", url=url(["reports", ":period.json"]))
    variable = {"key": "period", "value": "daily", "description": "One of `daily` or `weekly`."}
    item["request"]["url"]["variable"] = [variable]
    original = {"method": "GET", "url": url(["reports", "monthly.json"])}
    item["response"] = [
        {"name": "ok", "code": 200, "body": '{"items": []}', "originalRequest": original}
    ]
    out, client = project(tmp_path, item)
    assert 'period: Literal["daily", "weekly"] | str,' in client
    checked = run([*mypy_strict(), "shop", "tests"], out)
    assert checked.returncode == 0, checked.stdout
    assert_its_tests_pass(out)


def test_a_listing_in_an_examples_original_request_counts(tmp_path: Path) -> None:
    """Wise's price comparison: the request saves ``providerType`` without a description;
    its example's original request describes it: one of "bank","moneyTransferProvider"."""
    item = request_item("Compare", url=url(["v3", "comparisons"], ("providerType", "bank")))
    listing = '(Optional) Filter by provider type, one of "bank","moneyTransferProvider"'
    query = [{"key": "providerType", "value": "", "description": listing}]
    original = {"method": "GET", "url": url(["v3", "comparisons"], query=query)}
    item["response"] = [
        {"name": "ok", "code": 200, "body": '{"items": []}', "originalRequest": original}
    ]
    out, client = project(tmp_path, item)
    assert 'provider_type: Literal["bank", "moneyTransferProvider"] | None = None,' in client
    assert_its_tests_pass(out)
