"""Issue 14's measure: every method of every v2 corpus client, called with its required
arguments only against a recording mock (bench/real_calls.py, which also runs by hand and
prints a table), sends no stray value, reaches its own host, returns the JSON it is answered
and raises no exception but the package's own. About 20 seconds on 2 cores."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpbin  # type: ignore[import-untyped]
import pytest
from werkzeug import serving

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


@pytest.fixture(scope="module")
def httpbin_server() -> Iterator[str]:
    """httpbin on loopback, as tests/test_e2e_httpbin.py runs it."""
    httpd = serving.make_server("127.0.0.1", 0, httpbin.app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.port}"
    httpd.shutdown()


def test_the_postman_echo_client_returns_every_body_httpbin_answers(
    httpbin_server: str, tmp_path: Path
) -> None:
    """Postman Echo's requests called on httpbin (which serves most of its paths, and answers
    the others 404: the package's NotFoundError): a 2xx JSON body is never returned as None."""
    echo = CORPUS / "u1i__api-toolbox__Postman_Echo.postman_collection.json"
    result = real_calls.measure(echo, tmp_path, server=httpbin_server)
    assert not result.failure, result.failure
    assert result.methods > 30 and result.requests > 30
    assert not result.none_for_json, _first(result.none_for_json)
    assert not result.errors, _first(result.errors)
