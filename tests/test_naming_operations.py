"""Short names for requests named with a whole description (generator/naming/operations.py)."""

from __future__ import annotations

import pytest

from generator.naming.operations import MAX_WORDS, operation_name

LONG_TAIL = " The usage of each client is returned in kilobytes. If the device is a switch"


@pytest.mark.parametrize(
    ("name", "method", "path", "expected"),
    [
        ("Get user", "GET", "/users/{id}", "Get user"),
        ("Delete an Entry from the Project IP Access List", "DELETE", "/a/{id}", "delete Entry"),
        (
            "List the clients of a device, up to a maximum of a month ago." + LONG_TAIL,
            "GET",
            "/devices/{serial}/clients",
            "List clients of device",
        ),
        (
            "Return The Policy Assigned To A Client On The Network Clients Can Be Identified By "
            "A Client Key Or Either The MAC Or IP",
            "GET",
            "/networks/{networkId}/clients/{clientId}/policy",
            "return policy",
        ),
        (
            "Given a piece of Personally Identifiable Information (PII), return the Systems "
            "Manager device ID(s) associated with that identifier. These device IDs can be used",
            "GET",
            "/networks/{networkId}/pii/smDevicesForKey",
            "get smDevicesForKey",
        ),
        (
            "Deletes all the clickwraps for an account or the ones passed in query parameter "
            "clickwrapIds. It will also delete every version of them",
            "DELETE",
            "/v1/accounts/{accountId}/clickwraps",
            "delete clickwraps",
        ),
        (
            "Searches the things that match a very long query made of many words, in order",
            "POST",
            "/things/search",
            "search",
        ),
        (
            "One two three four five six seven eight nine ten eleven twelve",
            "PUT",
            "/{id}",
            "One two three four five six seven eight nine ten",
        ),
    ],
)
def test_names(name: str, method: str, path: str, expected: str | None) -> None:
    assert operation_name(name, method, path) == (name if expected is None else expected)


def test_names_of_up_to_max_words_are_kept_as_written() -> None:
    name = " ".join(["word"] * MAX_WORDS) + "."
    assert operation_name(name, "GET", "/x") == name
