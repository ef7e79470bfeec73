"""Linear time and bounded memory on any input: every stage timed on adversarial collections.

A collection author controls every string and structure postc reads. These tests build
inputs meant to make a stage slow (a long repeat of a delimiter that some code splits on,
matches or scans from each position; thousands of names that collide; deep nesting; many
credential values) and fail when a stage takes longer than a generous bound, runs out of
stack, raises, or allocates out of proportion. The bounds guard against quadratic work, not
against a slow machine: each known case took ten to a hundred times its bound before its fix.

The stages are those of ``postc generate`` (load, infer, infer + name, plan, render), timed
in this process, whose stack pytest has already taken part of (as a build tool calling
postc would). black, the last stage, is not timed here: it is linear but slow (about 20 µs
a byte of generated code) and not postc's code; ``bench/adversarial.py --black`` measures it.
"""

from __future__ import annotations

import json
import random
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from generator import formatting
from generator.api_models import build_models
from generator.emit.plan import make_plan
from generator.emit.project import project_files
from generator.emit.redaction import REDACTED, _pattern, ordered, redact
from generator.loader import load_collection
from generator.loader.lenient_json import MAX_NESTING
from tests.conftest import RunPostc

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from adversarial import (
    JSON_HEADER,
    PACKAGE,
    V21,
    deep_collection,
    hostile_collection,
    hostile_texts,
    stage_times,
    wide_collection,
)

# CPU seconds of any one stage, on any case below: CPU, not wall time, so that the bound holds
# with the suite's other workers on the same cores (the cases that broke it took 30 s to 5 min)
STAGE_SECONDS = 10.0
# What the property sweep repeats: what postc's code splits on or matches (markup, template
# and URL syntax, separators, case humps, digits, scripts), and runs that broke a stage
DELIMITERS = (
    *("<", "<b", "<a ", "<![", "&#1", "{{", "}}", "{", "[", "/", ":", "_", "-", ".", "?"),
    *("&", "=", " ", "\n", "a\n", "\\", '"', "aB", "Ab", "A", "a", "1", "\u0416", "\u0301"),
    *(":id/", "{{a}}", "{a}"),
)
SWEEP_LENGTH = 4_000


def _collection(*items: Any, **root: Any) -> dict[str, Any]:
    return {"info": {"name": "Adversarial", "schema": V21}, "item": list(items), **root}


def _request(
    name: str = "Get",
    url: str = "https://api.example.test/x",
    description: str = "",
    examples: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    request = {"method": "GET", "url": url, "description": description}
    return {"name": name, "request": request, "response": list(examples)}


def _example(body: str, code: int = 200) -> dict[str, Any]:
    return {"name": "saved", "code": code, "header": [JSON_HEADER], "body": body}


def _timed_stages(tmp_path: Path, document: dict[str, Any]) -> dict[str, float]:
    """Seconds of each stage on ``document``, each checked against the bound."""
    path = tmp_path / "collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    times = stage_times(path, black=False, clock=time.process_time)
    slow = {stage: round(seconds, 2) for stage, seconds in times.items() if seconds > STAGE_SECONDS}
    assert not slow, f"stages over {STAGE_SECONDS} s: {slow}"
    return times


# --- the property: every stage on a long repeat of every delimiter ------------------------


@pytest.mark.parametrize("delimiter", DELIMITERS, ids=lambda d: repr(d)[1:-1])
def test_every_stage_is_fast_on_a_repeated_delimiter(tmp_path: Path, delimiter: str) -> None:
    """The delimiter repeated, alone and followed by a character that ends the run, in
    every place of a collection: no stage raises (a KeyError, a ValueError of int(), a
    RecursionError, html.parser's AssertionError were exit 70) or takes long."""
    texts = hostile_texts(delimiter, SWEEP_LENGTH)
    _timed_stages(tmp_path, hostile_collection(*texts))


# --- the known cases, each at a size that took far longer than the bound -----------------


@pytest.mark.parametrize(
    "text",
    [
        "<b" * 150_000,
        "<a " * 30_000,
        "<b x='" * 20_000,
        "<p>" + "<![" * 1_000,
        "abcdefgh\n" * 150_000,
        "<p>" + "<a href=x>y" * 50_000 + "</a>" * 50_000,
    ],
    ids=[
        "unclosed tags",
        "unclosed tags with attributes",
        "unclosed quotes",
        "<![",
        "short lines",
        "nested links",
    ],
)
def test_descriptions_are_made_plain_in_linear_time(tmp_path: Path, text: str) -> None:
    """Descriptions are made plain (their HTML converted, their lines joined): a pattern
    that scanned from every ``<b`` to the end took 69 s on 300 KB, html.parser backtracks
    the same way over ``<a `` and raises on ``<![``, joining a paragraph's lines copied it
    once per line (1.8 MB of short lines: 123 s), and each closing link joined the text of
    all the links nested in it."""
    folder = {"name": "Folder", "description": text, "item": [_request(description=text)]}
    _timed_stages(tmp_path, _collection(folder, info={"description": text}))


@pytest.mark.parametrize("key", ["a" * 60_000 + "1", "A" * 60_000 + "1"], ids=["lower", "upper"])
def test_a_long_key_is_named_in_linear_time(tmp_path: Path, key: str) -> None:
    """A key of objects in a list is singularised for its item class: the last word of a
    60,000-character key was looked for from each position of its run (41 s)."""
    body = json.dumps({key: [{"id": 1}], "data": {key: [{"id": 2}]}})
    _timed_stages(tmp_path, _collection(_request(examples=(_example(body),))))


def test_a_variable_reference_of_spaces_is_read_in_linear_time(tmp_path: Path) -> None:
    """``{{`` and a run of spaces in a JSON string value: the template pattern's lazy name
    between two optional runs of spaces tried every split of the run (3,000 spaces: about
    a minute; 5,000: 168 s)."""
    body = json.dumps({"value": "{{" + " " * 3_000 + "x", "other": "{{ " + " " * 3_000})
    _timed_stages(tmp_path, _collection(_request(examples=(_example(body),))))


@pytest.mark.parametrize("field", ["{a}", "{{a}}", ":a/"])
def test_many_path_parameters_of_one_name_are_linear(tmp_path: Path, field: str) -> None:
    """A path of thousands of parameters with one name: each renamed one took another
    underscore (names, and the code repeating them, grew with the square of their number),
    and the URL, the path template and the generated test were rescanned per parameter
    (8,000 of them: 90 s)."""
    url = "https://api.example.test/" + field * 8_000
    _timed_stages(tmp_path, _collection(_request(url=url)))


def _many(kind: str, count: int) -> dict[str, Any]:
    """One request with ``count`` query keys, indexed lists, headers or form fields."""
    request: dict[str, Any] = {"method": "POST", "url": "https://api.example.test/x"}
    if kind == "query keys":
        request["url"] += "?" + "&".join(f"p{i}={i}" for i in range(count))
    elif kind == "indexed lists":
        request["url"] += "?" + "&".join(f"l{i}[0]={i}" for i in range(count))
    elif kind == "headers":
        request["header"] = [{"key": f"X-H{i}", "value": str(i)} for i in range(count)]
    else:
        fields = [{"key": f"f{i}", "value": str(i)} for i in range(count)]
        request["body"] = {"mode": "urlencoded", "urlencoded": fields}
    return _collection({"name": "Many", "request": request})


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        ("query keys", 80_000),
        ("indexed lists", 20_000),
        ("headers", 40_000),
        ("form fields", 40_000),
    ],
)
def test_many_parameters_of_one_request_are_linear(tmp_path: Path, kind: str, count: int) -> None:
    """Each parameter's saved values were found by scanning all the request's entries (and
    its examples'), in the plan and again in the generated test, and the templates built
    their lists by copying them per item (40,000 query keys: 32 s to plan, 19 to render,
    of which the templates' copies alone take 26 s at 80,000; 20,000 indexed lists: over
    5 minutes)."""
    _timed_stages(tmp_path, _many(kind, count))


def test_thousands_of_requests_after_one_of_thousands_of_keys_are_linear(tmp_path: Path) -> None:
    """The query keys every request sends (the client's constants) were kept by rewriting
    all the first request's keys for each later request (40,000 of one key each after one
    of 40,000: 30 s of planning). Only the plan is timed: rendering writes 40,000 methods."""
    first = _request(
        "First", "https://api.example.test/x?" + "&".join(f"p{i}=1" for i in range(40_000))
    )
    others = [_request(f"r{i}", f"https://api.example.test/y{i}?p0=1") for i in range(40_000)]
    path = tmp_path / "collection.json"
    path.write_text(json.dumps(_collection(first, *others)), "utf-8")
    collection = load_collection(path)
    api = build_models(collection)
    start = time.process_time()
    make_plan(collection, None, api, PACKAGE)
    assert time.process_time() - start < STAGE_SECONDS


def test_a_path_of_many_segments_names_its_method_in_bounded_memory(tmp_path: Path) -> None:
    """Two requests of one name, each qualified by its path's words: every qualified name
    was spelled out, all of them (a 12,000-segment path: 436 MiB from 73 KB, 3 s)."""
    path = "/".join(f"w{index}" for index in range(12_000))
    document = _collection(
        _request("Same", f"https://api.example.test/{path}/a"),
        _request("Same", f"https://api.example.test/{path}/b"),
    )
    size = len(json.dumps(document))
    tracemalloc.start()
    try:
        _timed_stages(tmp_path, document)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 2**20 + 200 * size, f"{peak / 2**20:.0f} MiB for {size / 1024:.0f} KiB"


def test_thousands_of_credentials_are_redacted_in_linear_time(tmp_path: Path) -> None:
    """Every text is redacted of every credential value: with 6,000 of them, searching each
    text for each (and one alternation of all) took 24 s."""
    requests = [
        _request(
            f"call {index}",
            f"https://api.example.test/x{index}?api_key=secret{index:06d}value",
            description=f"sends secret{index:06d}value",
        )
        for index in range(6_000)
    ]
    _timed_stages(tmp_path, _collection(*requests))


def test_thousands_of_folders_are_named_in_linear_time(tmp_path: Path) -> None:
    """Each folder's class name was checked against the union of all names taken so far,
    built anew (20,000 folders: 40 s of planning). Only the plan is timed: rendering writes
    two modules a folder."""
    folders = [{"name": f"folder {index}", "item": [_request()]} for index in range(20_000)]
    path = tmp_path / "collection.json"
    path.write_text(json.dumps(_collection(*folders)), "utf-8")
    collection = load_collection(path)
    api = build_models(collection)
    start = time.process_time()
    make_plan(collection, None, api, PACKAGE)
    assert time.process_time() - start < STAGE_SECONDS


def test_numbers_past_what_python_converts_are_text(tmp_path: Path) -> None:
    """Values int() refuses (over 4,300 digits) or float() makes infinite, and digits
    str.isdigit takes but int() does not (``²``): no stage converts them (ValueError, exit 70)."""
    digits = "1" * 5_000
    url = f"https://api.example.test/x?page={digits}&ratio=1e999&id[{digits}]=a&id[²]=b&id[0]=c"
    examples = (_example("{}"), {"name": "code", "code": digits, "body": ""})
    _timed_stages(tmp_path, _collection(_request(url=url, examples=examples)))


# --- depth: everything the loader accepts goes through every stage ------------------------


def test_bodies_as_deep_as_the_loader_parses_go_through_every_stage(tmp_path: Path) -> None:
    """A request and an example body nested 900 levels (objects and arrays): test sampling
    and redaction recursed two frames a level (RecursionError, exit 70, from ~480 levels);
    here pytest's own frames are on the stack too."""
    _timed_stages(tmp_path, deep_collection(MAX_NESTING))


def test_a_body_nested_deeper_than_the_limit_is_text(tmp_path: Path) -> None:
    """Past the limit a body is text, whoever parses it (before, how deep the parser got
    depended on the caller's stack)."""
    deep = "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1)
    path = tmp_path / "collection.json"
    path.write_text(json.dumps(_collection(_request(examples=(_example(deep),)))), "utf-8")
    (example,) = next(load_collection(path).endpoints()).examples
    assert example.json is not None and not example.json.parsed
    assert example.json.error == f"nested deeper than {MAX_NESTING} levels"


def test_a_generated_test_leaves_out_a_body_it_could_not_decode(
    tmp_path: Path, run_postc: RunPostc
) -> None:
    """The whole of ``postc generate`` (black too) on a 900-level body: exit 0, and its test
    is left out with a comment (the runtime's dump recurses per level)."""
    path = tmp_path / "collection.json"
    path.write_text(json.dumps(deep_collection(MAX_NESTING)), "utf-8")
    status, _, err = run_postc("generate", path, "-o", tmp_path / "out")
    assert status == 0, err
    tests = "".join(p.read_text("utf-8") for p in (tmp_path / "out" / "tests").glob("test_*.py"))
    folders = ".".join(f"level_{depth}" for depth in reversed(range(50)))
    assert "nests deeper than 200 levels" in tests and f"# - {folders}.deep / deep\n" in tests
    assert "CASES" not in tests and not (tmp_path / "out" / "tests" / "examples").exists()


def test_folders_deeper_than_the_limit_are_refused_in_one_line(
    tmp_path: Path, run_postc: RunPostc
) -> None:
    """Folders 300 deep: the resource tree is built, pickled and laid out recursively
    (RecursionError, exit 70); now exit 2 naming the first folder too deep."""
    item = _request()
    for level in range(300):
        item = {"name": f"level {level}", "item": [item]}
    path = tmp_path / "collection.json"
    path.write_text(json.dumps(_collection(item)), "utf-8")
    status, out, err = run_postc("generate", path, "-o", tmp_path / "out")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.endswith(
        "folders nested deeper than 150 levels (postc's limit)\n"
    )
    assert not (tmp_path / "out").exists()


def test_folders_at_the_limit_go_through_every_stage(tmp_path: Path) -> None:
    item = _request()
    for level in range(150):
        item = {"name": f"level {level}", "item": [item]}
    _timed_stages(tmp_path, _collection(item))


# --- the linear redaction finds what the alternation of all secrets finds -----------------


def test_redaction_by_token_finds_what_the_alternation_finds() -> None:
    """With many secrets, redaction looks a text's tokens up instead of matching every
    secret everywhere; on random texts of words, separators and secrets it replaces
    exactly what the alternation of ``_pattern`` does (whole tokens, longest first)."""
    pieces = ["ab", "a", "b", "_", "-", " ", "/", "=", "x1", "\u00e9", "+", ".", "\u0416"]
    rng = random.Random(15)
    for _ in range(2_000):
        words = ("".join(rng.choices(pieces, k=rng.randint(3, 6))) for _ in range(30))
        secrets = ordered(words)
        choices = pieces + list(secrets[:6])
        for _ in range(5):
            text = "".join(rng.choices(choices, k=rng.randint(0, 30)))
            assert redact(text, secrets) == _pattern(secrets).sub(REDACTED, text)


# --- memory: black formats a long module in pieces ----------------------------------------


def test_a_long_module_is_formatted_in_pieces_that_join_to_blacks_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """black takes about 200 bytes of memory a byte of its input: the models module of a
    body of 10,000 keys with object values (2.3 MB) took 430 MiB in one worker. A long
    module is formatted in pieces of top-level statements (here cut at 8 KiB instead of
    128, on a smaller module), and the pieces joined are black's text of the whole."""
    path = tmp_path / "collection.json"
    path.write_text(json.dumps(wide_collection(300)), "utf-8")
    collection = load_collection(path)
    api = build_models(collection)
    files = dict(project_files(make_plan(collection, None, api, PACKAGE), api, collection))
    module = f"{PACKAGE}/models/wide.py"
    monkeypatch.setattr(formatting, "PIECE_CHARACTERS", 8 * 1024)
    parts = formatting.pieces(files[module])
    assert len(parts) > 4 and max(map(len, parts)) < 3 * 8 * 1024
    monkeypatch.setenv("POSTC_JOBS", "1")
    assert formatting.format_files([(module, files[module])])[module] == formatting._black(
        files[module]
    )
