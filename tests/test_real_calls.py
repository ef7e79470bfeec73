"""Issue 14's measure: every method of every v2 corpus client, called with its required
arguments only against a recording mock (bench/real_calls.py, which also runs by hand and
prints a table), sends no stray value, reaches its own host, returns the JSON it is answered
and raises no exception but the package's own. About 20 seconds on 2 cores."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import real_calls

if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip(
        f"the corpus is missing ({CORPUS}); it comes with ../shared", allow_module_level=True
    )

SHOWN = 12  # offending methods listed in a failure message


@pytest.fixture(scope="module")
def results() -> list[real_calls.Result]:
    return real_calls.run_all(real_calls.collections(), jobs=2)


@pytest.fixture(scope="module")
def findings(results: list[real_calls.Result]) -> dict[str, list[str]]:
    return real_calls.findings(results)


def _first(lines: list[str]) -> str:
    return "\n".join(lines[:SHOWN]) + (
        f"\n... and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
    )


def test_every_collection_is_called(results: list[real_calls.Result]) -> None:
    assert len(results) == len(real_calls.collections())
    assert real_calls.totals(results).methods > 1000


def test_no_method_returns_none_for_a_json_body(findings: dict[str, list[str]]) -> None:
    lines = findings["none for JSON"]
    assert not lines, _first(lines)


def test_no_request_carries_a_value_the_caller_did_not_pass(findings: dict[str, list[str]]) -> None:
    lines = findings["stray values"]
    assert not lines, _first(lines)


def test_every_request_goes_to_its_own_host(results: list[real_calls.Result]) -> None:
    totals = real_calls.totals(results)
    lines = real_calls.findings(results)["misrouted"]
    assert totals.other_host > 0
    assert totals.routed_share == 100.0, f"{totals.routed}/{totals.other_host}\n" + _first(lines)


def test_no_exception_but_the_package_own(findings: dict[str, list[str]]) -> None:
    lines = findings["errors"]
    assert not lines, _first(lines)
