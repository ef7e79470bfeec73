"""Hostile scripts: deep nesting never raises (the outcome depends on the script alone,
not on the caller's stack), long chains and many statements take linear time
(docs/scripts.md, "Front end")."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.scripts.analyze import analyze, clear_caches
from tests.conftest import RunPostc, collection_doc, request_item

DEEP: dict[str, Callable[[int], str]] = {
    "nested ifs": lambda n: "if (a) {" * n + "}" * n,
    "a long || of statuses": lambda n: "tests['x'] = "
    + " || ".join(f"responseCode.code === {i}" for i in range(n))
    + ";",
    "a long + of a test name": lambda n: "tests[" + " + ".join(["'a'"] * n) + "] = true;",
    "nested arrays": lambda n: "pm.expect(x).to.eql(" + "[" * n + "]" * n + ");",
    "nested pm.test": lambda n: "pm.test('a', function () {" * n + "})" * n,
    "nested callbacks": lambda n: "x.forEach(function (y) {" * n + "})" * n,
    "many negations": lambda n: "tests['x'] = " + "!" * n + "responseCode.code;",
}


def nested_call(depth: int, source: str) -> object:
    """``analyze`` called from ``depth`` frames down: a caller with little stack left."""
    if depth:
        return nested_call(depth - 1, source)
    return analyze(source, "test", "item[0].event[0]")


@pytest.mark.parametrize("make", DEEP.values(), ids=list(DEEP))
def test_deep_scripts_are_kept_unread_whatever_the_callers_stack(
    make: Callable[[int], str],
) -> None:
    source = make(3000)
    found = analyze(source, "test", "item[0].event[0]")
    assert [f.kind for f in found.findings] == ["unparsed"]
    assert "nests too deep" in found.findings[0].detail
    clear_caches()
    assert nested_call(sys.getrecursionlimit() - 100, source) == found


@pytest.mark.parametrize("make", DEEP.values(), ids=list(DEEP))
def test_moderate_nesting_reads_the_same_from_a_deep_caller(make: Callable[[int], str]) -> None:
    source = make(60)
    found = analyze(source, "test", "item[0].event[0]")
    assert all(f.kind != "unparsed" for f in found.findings)
    clear_caches()
    assert nested_call(sys.getrecursionlimit() - 60, source) == found


@pytest.mark.parametrize(
    "source",
    [
        "pm.expect(x)" + ".to" * 40_000 + ".eql(1);",
        "var j = pm.response.json(); pm.expect(j" + ".a" * 150_000 + ").to.eql(1);",
        "var j = pm.response.json(); pm.expect(j" + "[0]" * 150_000 + ").to.eql(1);",
        "pm.response.to.have.status(200);\n" * 20_000,
    ],
    ids=["chai words", "member path", "subscript path", "statements"],
)
def test_long_inputs_take_linear_time(source: str) -> None:
    start = time.process_time()
    analyze(source, "test", "item[0].event[0]")
    assert time.process_time() - start < 10  # about 0.2 s now; quadratic took minutes


def test_inspect_a_deep_script_exits_0(run_postc: RunPostc, tmp_path: Path) -> None:
    item = request_item()
    item["event"] = [{"listen": "test", "script": {"exec": [DEEP["nested ifs"](3000)]}}]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(collection_doc(item)), encoding="utf-8")
    status, out, err = run_postc("inspect", path)
    assert status == 0, err
    assert "1 unparsed" in out
