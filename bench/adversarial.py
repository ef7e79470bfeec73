"""Time and peak memory of every stage on collections built to be adversarial.

A collection is untrusted input, and postc must stay linear in its size: no regex that
backtracks over a long run, no recursion as deep as the input, no memory out of
proportion. Each case here is one hostile text (a long repeat of a delimiter the code
splits on or matches: ``<b``, ``{{``, ``/``, camelCase humps, digits, ...) written into
every place of a collection that postc reads (names, descriptions, URLs, query keys and
values, headers, variables, auth, scripts, request and example bodies, JSON keys), or one
of the ``KNOWN`` cases that were slow or raised before (docs/security.md, "Linear time and
bounded memory"). ``tests/test_security_adversarial.py`` times such cases against
generous bounds.

Each case and size runs in a fresh process with an empty cache: the time of each stage
(load, infer, infer + name, plan, render, black) and the peak resident memory of the
process and its black workers.

    .venv/bin/python bench/adversarial.py [--sizes 20000 80000] [--cases TEXT ...] [--black]
        [--timeout 600]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
JSON_HEADER = {"key": "Content-Type", "value": "application/json"}
PACKAGE = "adversarial"

# What the code splits on or matches; each repeated makes one hostile text
DELIMITERS = (
    *("<", "<b", "<p", "</", ">", "&", "&amp;", "{{", "}}", "{", "}", "[", "]", "(", ")"),
    *("/", ":", "_", "-", ".", "?", "=", "#", "@", "*", "|", "`", "'", '"', "\\", " "),
    *("\n", "\n ", "\t", "  \n", "- ", "# ", "> ", "```", ":id/", "{{a}}", "{a}", "%"),
    *("a", "A", "aB", "Ab", "AB", "ab_", "s", "ies", "1", "1.", "-1", "e1", "0x"),
    *("\u00e9", "\u0416", "\u0301", "\u4e2d", "\U0001f600", "\u200d", "\u2028", "\xa0"),
)


def hostile_texts(delimiter: str, length: int) -> tuple[str, str]:
    """``delimiter`` repeated to ``length`` characters, alone and followed by ``!`` (a
    character that ends the run: a pattern anchored at the run's end then fails after
    scanning it, from every position of the run if it backtracks)."""
    run = delimiter * max(1, length // len(delimiter))
    return run, run + "!"


def hostile_collection(*texts: str) -> dict[str, Any]:
    """A collection with each text in every place postc reads: names, descriptions (after
    a paragraph tag, so that their HTML is converted), URLs (host variable, path segments,
    ``:name`` and ``{{name}}`` parameters, query keys and values), headers, variables,
    auth (a credential, so that every text is redacted), scripts, JSON keys and values of
    request and example bodies (a key of objects, a key of a list of objects), form
    fields, GraphQL, an error code and a text body."""
    first = texts[0]
    return {
        "info": {"name": first, "schema": V21, "description": "<p>" + first},
        "variable": [{"key": text, "value": text} for text in texts],
        "auth": {"type": "apikey", "apikey": [{"key": "key", "value": first}]},
        "event": [{"listen": "prerequest", "script": {"exec": list(texts)}}],
        "item": [
            {"name": text, "description": "<p>" + text, "item": _requests(text)} for text in texts
        ],
    }


def _requests(text: str) -> list[dict[str, Any]]:
    raw = {"mode": "raw", "raw": json.dumps({text: [{text: text}]})}
    json_request = {
        "method": "POST",
        "description": "<p>" + text,
        "url": {
            "raw": f"https://api.example.test/{text}/:{text}?{text}={text}",
            "host": ["api", "example", "test"],
            "path": [text, f":{text}", f"{{{{{text}}}}}"],
            "query": [{"key": text, "value": text}],
            "variable": [{"key": text, "value": text}],
        },
        "header": [JSON_HEADER, {"key": text, "value": text}],
        "body": {**raw, "options": {"raw": {"language": "json"}}},
    }
    example = {
        "name": text,
        "code": 200,
        "header": [JSON_HEADER],
        "body": json.dumps({text: {text: text}}),
        "originalRequest": {"method": "POST", "url": f"https://api.example.test/{text}/1/2"},
    }
    error = {**example, "code": 400, "body": json.dumps({"error": {"code": text}})}
    form = {
        "method": "PUT",
        "url": f"{{{{host}}}}/{text}",
        "header": [{"key": "Authorization", "value": f"Bearer {text}"}],
        "body": {"mode": "urlencoded", "urlencoded": [{"key": text, "value": text}]},
    }
    graphql = {
        "method": "POST",
        "url": "https://api.example.test/graphql",
        "body": {"mode": "graphql", "graphql": {"query": text}},
    }
    return [
        {"name": text, "request": json_request, "response": [example, error]},
        {"name": "form", "request": form, "response": [{"name": "text", "body": text}]},
        {"name": "graphql", "request": graphql},
        {"name": "raw url", "request": f"{text}://{text}"},
    ]


def deep_collection(levels: int) -> dict[str, Any]:
    """One request whose JSON request body and saved example nest ``levels`` deep: objects
    in lists in objects, and folders nested as deep as the request allows."""
    body = "[" * levels + "]" * levels
    objects = '{"a":' * levels + "1" + "}" * levels
    request = {
        "method": "POST",
        "url": "https://api.example.test/deep",
        "header": [JSON_HEADER],
        "body": {"mode": "raw", "raw": objects, "options": {"raw": {"language": "json"}}},
    }
    example = {"name": "deep", "code": 200, "header": [JSON_HEADER], "body": body}
    item: dict[str, Any] = {"name": "Deep", "request": request, "response": [example]}
    for depth in range(min(levels, 50)):
        item = {"name": f"level {depth}", "item": [item]}
    return {"info": {"name": "Deep", "schema": V21}, "item": [item]}


def wide_collection(keys: int) -> dict[str, Any]:
    """One example whose body has ``keys`` distinct keys, each with an object of its own
    shape (every key a field whose type is a class of its own, unless a map)."""
    body = {f"field{index}Name": {f"value{index}": index} for index in range(keys)}
    example = {"name": "wide", "code": 200, "header": [JSON_HEADER], "body": json.dumps(body)}
    request = {"method": "GET", "url": "https://api.example.test/wide"}
    item = {"name": "Wide", "request": request, "response": [example]}
    return {"info": {"name": "Wide", "schema": V21}, "item": [item]}


def _collection(*items: dict[str, Any], description: str = "") -> dict[str, Any]:
    info = {"name": "Adversarial", "schema": V21, "description": description}
    return {"info": info, "item": list(items)}


def _request(
    name: str = "Get",
    url: str = "https://api.example.test/x",
    description: str = "",
    body: Any = None,
) -> dict[str, Any]:
    example = {"name": "saved", "code": 200, "header": [JSON_HEADER], "body": json.dumps(body)}
    request = {"method": "GET", "url": url, "description": description}
    return {"name": name, "request": request, "response": [example] if body is not None else []}


def _described(text: str) -> dict[str, Any]:
    return _collection(_request(description=text), description=text)


def _credentials(count: int) -> dict[str, Any]:
    return _collection(
        *(
            _request(f"call {i}", f"https://api.example.test/{i}?api_key=secret{i:06d}value")
            for i in range(count)
        )
    )


def _segments(count: int) -> dict[str, Any]:
    path = "/".join(f"w{index}" for index in range(count))
    return _collection(
        *(_request("Same", f"https://api.example.test/{path}/{end}") for end in "ab")
    )


def _folders(count: int) -> dict[str, Any]:
    return _collection(*({"name": f"folder {i}", "item": [_request()]} for i in range(count)))


# The cases that were slow, or raised, before postc was made linear (docs/security.md)
KNOWN: dict[str, Callable[[int], dict[str, Any]]] = {
    "descriptions of unclosed tags": lambda size: _described("<b" * (size // 2)),
    "descriptions of short lines": lambda size: _described("abcdefgh\n" * (size // 9)),
    "a long key": lambda size: _collection(_request(body={"a" * size + "1": [{"id": 1}]})),
    "{{ and spaces": lambda size: _collection(_request(body={"v": "{{" + " " * size})),
    "many {a} path fields": lambda size: _collection(
        _request(url="https://x.test/" + "{a}" * (size // 3))
    ),
    "a path of many segments, twice": lambda size: _segments(size // 6),
    "many credential values": lambda size: _credentials(size // 50),
    "many folders": lambda size: _folders(size // 50),
    "a body nested deep": lambda size: deep_collection(min(size, 900)),
    "many keys with object values": lambda size: wide_collection(size // 10),
}


def cases(size: int) -> dict[str, Callable[[], dict[str, Any]]]:
    """Name -> builder of every case at ``size`` (characters of a hostile text or of the
    text of a known case, a fiftieth of it in requests or folders, a tenth in keys, levels
    of a deep body up to 900)."""
    built: dict[str, Callable[[], dict[str, Any]]] = {
        f"repeated {delimiter!r}": partial(hostile_collection, *hostile_texts(delimiter, size))
        for delimiter in DELIMITERS
    }
    built.update({name: partial(build, size) for name, build in KNOWN.items()})
    return built


def stage_times(
    path: Path, *, black: bool, clock: Callable[[], float] = time.perf_counter
) -> dict[str, float]:
    """Seconds of each stage of ``postc generate`` on the collection at ``path``, in order,
    in this process (nothing written but cache entries), by ``clock``: the tests' bounds
    take ``time.process_time``, this process's CPU seconds, which other processes on the
    machine (pytest's other workers) do not stretch."""
    from generator.cache import writing_behind

    times: dict[str, float] = {}

    def timed(stage: str, run: Callable[[], Any]) -> Any:
        start = clock()
        result = run()
        times[stage] = clock() - start
        return result

    with writing_behind():  # cache entries written in the background, as generate does
        _run_stages(path, black, timed)
    return times


def _run_stages(path: Path, black: bool, timed: Callable[[str, Callable[[], Any]], Any]) -> None:
    """The stages of ``generator.pipeline._files``, each run through ``timed``."""
    from generator.api_models import build_models
    from generator.emit.plan import make_plan
    from generator.emit.project import project_files
    from generator.formatting import format_files
    from generator.infer import infer_unit
    from generator.loader import load_collection
    from generator.units import collect_units

    collection = timed("load", lambda: load_collection(path))
    units = timed("units", lambda: collect_units(collection))
    timed("infer", lambda: [infer_unit(unit.documents, hint=unit.hint) for unit in units])
    api = timed("infer+name", lambda: build_models(collection))
    # named as ``--name`` names it: the name made of the collection's is a file name, whose
    # length the file system bounds (every module and setting repeats it)
    plan = timed("plan", lambda: make_plan(collection, None, api, PACKAGE))
    files = timed("render", lambda: dict(project_files(plan, api, collection)))
    if black:
        timed("black", lambda: format_files(files.items()))


def measure(case: str, size: int, *, black: bool, timeout: float) -> dict[str, Any]:
    """Run one case in a fresh process (an empty cache): its input bytes, stage times and
    the peak resident memory of the process and its black workers."""
    command = [sys.executable, __file__, "--child", case, str(size)] + (["--black"] * black)
    with tempfile.TemporaryDirectory(prefix="postc-adversarial-") as scratch:
        environment = {**os.environ, "POSTC_CACHE_DIR": scratch}
        try:
            done = subprocess.run(
                command, env=environment, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return {"error": f"over {timeout:g} s"}
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _child(case: str, size: int, black: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="postc-adversarial-") as scratch:
        path = Path(scratch) / "collection.json"
        path.write_text(json.dumps(cases(size)[case]()), encoding="utf-8")
        times = stage_times(path, black=black)
        size_bytes = path.stat().st_size
    peak = max(
        resource.getrusage(who).ru_maxrss
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    scale = 1 if sys.platform == "darwin" else 1024
    print(json.dumps({"bytes": size_bytes, "times": times, "peak": peak * scale}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 80_000])
    parser.add_argument("--cases", nargs="*", default=[], help="only cases containing these")
    parser.add_argument("--black", action="store_true", help="time black too")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a case may take")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), args.black)
        return
    stages = ["load", "units", "infer", "infer+name", "plan", "render"] + ["black"] * args.black
    print(f"| case | size | input KiB | {' | '.join(stages)} | total s | peak MiB | MiB/MiB |")
    print("| --- | ---: | ---: |" + " ---: |" * (len(stages) + 3))
    for size in args.sizes:
        for case in cases(size):
            if args.cases and not any(wanted in case for wanted in args.cases):
                continue
            result = measure(case, size, black=args.black, timeout=args.timeout)
            if "error" in result:
                print(f"| {case} | {size} | | {result['error']} |", flush=True)
                continue
            times = [result["times"][stage] for stage in stages]
            megabytes = result["bytes"] / 2**20
            peak = result["peak"] / 2**20
            print(
                f"| {case} | {size} | {result['bytes'] / 1024:.0f} | "
                + " | ".join(f"{seconds:.2f}" for seconds in times)
                + f" | {sum(times):.2f} | {peak:.0f} | {peak / megabytes:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
