"""Property-based: random collections never crash postc, and what it writes is sound.

Random names, keys, unicode text (surrogates, controls, the escaping hazards), random
methods, URLs, headers, query parameters and example bodies. ``postc generate`` exits 0
or 2 (never a traceback, never "internal error"); when it exits 0 every generated Python
file compiles, and for the first few such collections the generated project's own tests
pass, which includes the model round trip (``dump(Model.from_dict(body)) == body``) of
every example body. Bounded: few examples, no deadline, well under a minute.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures.helpers import files_under, postc, start
from tests.fixtures.make_fixtures import HAZARDS, KEYWORDS, OWN_NAMES

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
ROUND_TRIPS = 6  # collections whose generated tests run (a second each)

text = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
    st.sampled_from([*HAZARDS, *KEYWORDS, *OWN_NAMES, "\ud800", "a\udfffb", "", " "]),
    st.text(alphabet="aA_-. {}:/?#%\\\"'\n", max_size=10),
)
keys = st.one_of(st.text(max_size=8), st.sampled_from([*KEYWORDS, *OWN_NAMES, "", "_", "1a"]))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)
methods = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "get", "QUERY", "x y"])


@st.composite
def urls(draw: st.DrawFn) -> Any:
    if draw(st.booleans()):
        return draw(st.one_of(text, st.just("https://api.example.test/{{id}}/x?a=1")))
    return {
        "raw": draw(text),
        "host": draw(st.lists(text, max_size=3)),
        "path": draw(st.lists(st.one_of(text, st.just(":id"), st.just("{{v}}")), max_size=4)),
        "query": draw(
            st.lists(st.fixed_dictionaries({"key": keys, "value": st.one_of(st.none(), text)}),
                     max_size=3)
        ),
        "variable": draw(
            st.lists(st.fixed_dictionaries({"key": keys, "value": text}), max_size=2)
        ),
    }  # fmt: skip


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": draw(methods),
        "url": draw(urls()),
        "header": draw(st.lists(st.fixed_dictionaries({"key": keys, "value": text}), max_size=3)),
    }
    if draw(st.booleans()):
        body = draw(json_values)
        request["body"] = {
            "mode": "raw",
            "raw": json.dumps(body),
            "options": {"raw": {"language": "json"}},
        }
    examples = [
        {
            "name": draw(text),
            "code": draw(st.sampled_from([200, 201, 204, 400, 404, 422, 500])),
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": json.dumps(body),
        }
        for body in draw(st.lists(json_values, max_size=3))
    ]
    return {"name": draw(text), "description": draw(text), "request": request, "response": examples}


items = st.recursive(
    requests(),
    lambda inner: st.fixed_dictionaries(
        {"name": text, "description": text, "item": st.lists(inner, max_size=3)}
    ),
    max_leaves=6,
)
collections = st.fixed_dictionaries(
    {
        "info": st.fixed_dictionaries({"name": text, "schema": st.just(V21), "description": text}),
        "item": st.lists(items, max_size=4),
        "variable": st.lists(
            st.fixed_dictionaries({"key": keys, "value": st.one_of(text, scalars)}), max_size=3
        ),
    }
)


def generated(doc: dict[str, Any], work: Path) -> Path | None:
    """The project of ``doc`` (None when postc rejects it, exit 2); every file compiles."""
    collection = work / "collection.json"
    collection.write_text(json.dumps(doc), encoding="utf-8")
    out = work / "out"
    status, _, stderr = postc("generate", collection, "-o", out)
    assert status in (0, 2), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    if status != 0:
        return None
    for path in files_under(out):
        if path.suffix == ".py":
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
    return out


def test_random_collections_exit_0_or_2_and_compile() -> None:
    """Most random collections are generated, and compile: a postc that refused them all
    (exit 2 is a clean refusal) would pass every check of ``generated`` and fail here."""
    outcomes: Counter[bool] = Counter()

    @settings(
        max_examples=80,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(collections)
    def check(doc: dict[str, Any]) -> None:
        with tempfile.TemporaryDirectory() as work:
            outcomes[generated(doc, Path(work)) is not None] += 1

    check()
    assert outcomes[True] >= 0.5 * sum(outcomes.values()), outcomes


@settings(
    max_examples=ROUND_TRIPS,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(json_values, min_size=1, max_size=3), st.lists(json_values, max_size=2), text)
def test_example_bodies_round_trip_through_their_models(
    bodies: list[Any], requests: list[Any], name: str
) -> None:
    """The generated tests of random example bodies pass: ``dump(result) == body``."""
    items = []
    for index, body in enumerate(bodies):
        request: dict[str, Any] = {"method": "POST", "url": f"https://api.example.test/r{index}"}
        if index < len(requests):
            raw = json.dumps(requests[index])
            request["body"] = {"mode": "raw", "raw": raw, "options": {"raw": {"language": "json"}}}
        example = {
            "name": name,
            "code": 200,
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": json.dumps(body),
        }
        items.append({"name": f"{name} {index}", "request": request, "response": [example]})
    doc = {"info": {"name": name, "schema": V21}, "item": items}
    with tempfile.TemporaryDirectory() as work:
        out = generated(doc, Path(work))
        assert out is not None
        run = start([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"], out)
        output, _ = run.communicate(timeout=120)
        assert run.returncode == 0, output[-4000:]
