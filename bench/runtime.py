"""The generated client at run time (issue 7): import time, per-call overhead, model parsing.

    .venv/bin/python bench/runtime.py [--requests 10000] [--runs 5] [--calls 2000]
                                      [--keep DIR] [--corpus GLOB] [--quick]

1. **Import.** Generates the client of ``bench/synthetic.py``'s ``--requests``-request
   collection with ``postc generate`` (minutes for 10,000 requests, cold: keep the output
   with ``--keep DIR``; a later run then finds it current and generation is a no-op), then
   times, as the median of ``--runs`` fresh ``python`` processes less the median of
   ``python -c pass``: ``import PACKAGE`` alone, and with ``PACKAGE.Client(...)`` (target
   < 100 ms); once without ``.pyc`` files (compiling, no target); and, inside a process,
   the import, the construction, the first access of a resource attribute and of a
   model class (the models package is lazy).
2. **Per call.** A separate process serves, on 127.0.0.1 with HTTP/1.1 keep-alive, the saved
   example body of a GET endpoint of that collection (with a path parameter and a model
   response). Times ``--calls`` calls per round, after a warm-up, of (a) a raw
   ``httpx.Client.request("GET", url)`` and ``.json()``, (b) the generated method (which
   parses the body into its model) and (c) the generated method under
   ``client.with_raw_response`` (transport and request building, no parsing), interleaved
   over ``--runs`` rounds; reports the median of the per-round medians (target b/a <= 1.10).
3. **Model parsing.** Over the saved examples of every v2.0/v2.1 collection of
   ``../shared/corpus`` matching ``--corpus`` (default every ``*.json``; v1 collections,
   environments and collections that do not generate are skipped) whose body maps to a
   type (``postc inspect --json``: the ``python`` model, or an error class's body
   ``model``): ``Model.from_dict(json.loads(body))`` (``load(type, ...)`` for a type that is
   not a model class, such as ``list[Pet]``) against ``json.loads(body)`` alone, and the
   round trip ``dump(Model.from_dict(json.loads(body)))``; the median of several rounds of
   many calls per body, summed over all bodies (target parse/loads <= 3); and, as the floor
   of any loader building these dataclasses, constructing the parsed model objects again
   from their field values. Bodies a model rejects and round trips that do not give the body
   back are counted: both are postc bugs.

Prints one Markdown table (each figure, its target, met or missed, the CPU count), then a
table per corpus collection. ``--quick``: 1,000 requests, 500 calls, 3 runs, shorter
parsing rounds. Everything but ``--keep`` lives in a temporary directory.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from datetime import time as time_of_day
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, Literal
from uuid import UUID

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from synthetic import synthetic  # noqa: E402

from generator.naming.identifiers import field_name  # noqa: E402

PYTHON = sys.executable
POSTC = str(Path(sys.executable).parent / "postc")

# The server of part 2, in its own process: argv[1] is the file of the body it answers.
SERVER = r"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = open(sys.argv[1], "rb").read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""

# Part 1, inside a fresh process: seconds of the import, the construction, the first access
# of a resource attribute and of a model class.
PROBE = """
from time import perf_counter
t0 = perf_counter()
import {package}
t1 = perf_counter()
client = {package}.Client(**{kwargs!r})
t2 = perf_counter()
client.{resource}
t3 = perf_counter()
{package}.models.{model}
t4 = perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


@dataclass
class Row:
    measure: str
    value: str
    target: str = ""
    met: bool | None = None


@dataclass
class Endpoint:
    """The GET endpoint of part 2: its Python call, model class, path and served body."""

    call: str  # area_0.users_0.get_user_1 (after ``client.``)
    model: str  # GetUser1
    path: str
    body: str
    arguments: dict[str, str]  # its path parameters (required): each "1", as in ``url``


@dataclass
class Corpus:
    """Part 3's totals over all bodies, and per collection."""

    loads: float = 0.0
    parse: float = 0.0
    roundtrip: float = 0.0
    construct: float = 0.0  # constructing the parsed model objects again, from their values
    bodies: int = 0
    models: int = 0  # bodies whose type is a Model class (the rest: list[Model], ...)
    failures: list[str] = field(default_factory=list)
    differs: list[str] = field(default_factory=list)
    reordered: list[str] = field(default_factory=list)
    not_json: int = 0
    ratios: list[float] = field(default_factory=list)  # parse / loads, per body
    templates: int = 0
    unevaluated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    per_collection: list[list[str]] = field(default_factory=list)


# --- helpers -------------------------------------------------------------------------------


def run(
    command: list[str], env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def postc(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return run([POSTC, *args], env={**os.environ, "POSTC_CACHE_DIR": str(cache)})


def package_of(out: Path) -> str:
    manifest = json.loads((out / ".postc-manifest.json").read_text(encoding="utf-8"))
    return str(manifest["package"])


def at(document: Any, json_path: str) -> Any:
    """The value at ``item[0].item[3].response[1]`` in a collection."""
    for key, index in re.findall(r"(\w+)\[(\d+)\]", json_path):
        document = document[key][int(index)]
    return document


def worker(kind: str, spec: dict[str, Any], scratch: Path) -> Any:
    """Run ``--worker KIND`` in a fresh process and return what it prints (JSON)."""
    path = scratch / f"{kind}-spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    result = run([PYTHON, str(Path(__file__).resolve()), "--worker", kind, str(path)])
    if result.returncode != 0:
        raise RuntimeError(f"{kind} worker failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def wall(command: list[str], env: Mapping[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


# --- part 1: generation and import -------------------------------------------------------


def generate_synthetic(requests: int, work: Path, cache: Path) -> tuple[Path, float, str]:
    """The collection and output directory; seconds ``postc generate`` took, and its summary."""
    folder = work / f"synthetic-{requests}"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "collection.json"
    text = json.dumps(synthetic(requests))
    if not source.exists() or source.read_text(encoding="utf-8") != text:
        source.write_text(text, encoding="utf-8")
    print(f"generating the {requests:,}-request client in {folder / 'out'} ...", flush=True)
    start = time.perf_counter()
    result = postc("generate", str(source), "-o", str(folder / "out"), cache=cache)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"postc generate failed:\n{result.stdout}{result.stderr}")
    found = re.search(r"(\d+) files \((\d+) written", result.stdout)
    summary = f"{found[2]} of {found[1]} files written" if found else result.stdout.strip()
    print(f"  {seconds:.1f} s: {summary}", flush=True)
    return folder, seconds, summary


def choose_endpoint(folder: Path, package: str, cache: Path) -> Endpoint:
    """The first GET endpoint with a path parameter whose 200 example parses into a model."""
    source = folder / "collection.json"
    result = postc("inspect", "--json", str(source), cache=cache)
    if result.returncode != 0:
        raise RuntimeError(f"postc inspect failed:\n{result.stderr}")
    document = json.loads(source.read_text(encoding="utf-8"))
    prefix = f"{package}.models."
    for endpoint in json.loads(result.stdout)["endpoints"]:
        if endpoint["method"] != "GET" or not endpoint["path_parameters"] or "call" not in endpoint:
            continue
        for index, example in enumerate(endpoint["examples"]):
            python = example.get("python") or ""
            name = python.removeprefix(prefix)
            if example["status"] == 200 and python.startswith(prefix) and name.isidentifier():
                body = at(document, f"{endpoint['json_path']}.response[{index}]")["body"]
                call = endpoint["call"].removeprefix("client.")
                arguments = {field_name(key): "1" for key in endpoint["path_parameters"]}
                return Endpoint(call, name, endpoint["path"], body, arguments)
    raise RuntimeError("no GET endpoint with a path parameter and a model response")


def client_kwargs(out: Path, package: str) -> dict[str, str]:
    """A value for every ``str | None`` setting of ``Client`` (credentials without default)."""
    sys.path.insert(0, str(out))
    try:
        client = importlib.import_module(package).Client
        parameters = inspect.signature(client).parameters.values()
        return {p.name: "bench" for p in parameters if p.annotation in ("str | None", str | None)}
    finally:
        sys.path.remove(str(out))


def measure_import(
    out: Path, package: str, endpoint: Endpoint, kwargs: dict[str, str], runs: int, scratch: Path
) -> list[Row]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", package.upper() + "_"))
    }
    env["PYTHONPATH"] = str(out)
    construct = f"import {package}; {package}.Client(**{kwargs!r})"
    resource = endpoint.call.rpartition(".")[0] or endpoint.call
    probe = PROBE.format(package=package, kwargs=kwargs, resource=resource, model=endpoint.model)
    for cached in (out / package).rglob("__pycache__"):
        shutil.rmtree(cached)
    compiling = wall([PYTHON, "-B", "-c", construct], env, scratch)  # no .pyc: compile, don't write
    wall([PYTHON, "-c", construct], env, scratch)  # writes the .pyc files
    bare, alone, constructed, inside = [], [], [], []
    for _ in range(runs):  # interleaved, so that drift hits every measure alike
        bare.append(wall([PYTHON, "-c", "pass"], env, scratch))
        alone.append(wall([PYTHON, "-c", f"import {package}"], env, scratch))
        constructed.append(wall([PYTHON, "-c", construct], env, scratch))
        printed = subprocess.run(
            [PYTHON, "-c", probe], env=env, cwd=scratch, check=True, capture_output=True, text=True
        ).stdout
        inside.append([float(value) for value in printed.split()])
    start = statistics.median(bare)
    imported = statistics.median(alone) - start
    with_client = statistics.median(constructed) - start
    phases = [statistics.median(values) for values in zip(*inside, strict=True)]
    return [
        Row("interpreter start (`python -c pass`)", ms(start)),
        Row(
            f"`import {package}`, less interpreter start", ms(imported), "< 100 ms", imported < 0.1
        ),
        Row(
            f"`import {package}` + `Client(...)`, less interpreter start",
            ms(with_client),
            "< 100 ms",
            with_client < 0.1,
        ),
        Row("the same, first run (the package not yet compiled to `.pyc`)", ms(compiling - start)),
        Row("in-process: `import` / `Client(...)`", f"{ms(phases[0])} / {ms(phases[1])}"),
        Row(f"in-process: first `client.{resource}`", us(phases[2])),
        Row(f"in-process: first `{package}.models.{endpoint.model}`", ms(phases[3])),
    ]


# --- part 2: per-call overhead -----------------------------------------------------------


def measure_calls(
    out: Path,
    package: str,
    endpoint: Endpoint,
    kwargs: dict[str, str],
    calls: int,
    runs: int,
    scratch: Path,
) -> list[Row]:
    body_file = scratch / "body.json"
    body_file.write_text(endpoint.body, encoding="utf-8")
    server = subprocess.Popen(
        [PYTHON, "-c", SERVER, str(body_file)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        base_url = f"http://127.0.0.1:{int(server.stdout.readline())}"
        spec = {
            "out": str(out),
            "package": package,
            "kwargs": {**kwargs, "base_url": base_url},
            "call": endpoint.call,
            "arguments": endpoint.arguments,
            "model": endpoint.model,
            "url": base_url + re.sub(r"\{[^}]*\}", "1", endpoint.path),
            "calls": calls,
            "rounds": max(runs, 3),
        }
        result: dict[str, float | None] = worker("calls", spec, scratch)
    finally:
        server.terminate()
        server.wait()
    raw, generated, unparsed = result["raw"], result["generated"], result["unparsed"]
    assert raw is not None and generated is not None
    label = f"median of {max(runs, 3)} rounds of {calls} calls"
    rows = [
        Row(f"per call: raw `httpx` GET + `.json()` ({label})", us(raw)),
        Row(f"per call: generated `client.{endpoint.call}()`", us(generated)),
        Row(
            "per call: generated ÷ raw", f"{generated / raw:.2f}", "≤ 1.10", generated / raw <= 1.1
        ),
    ]
    if unparsed is None:
        rows.append(Row("per call: `.with_raw_response.` (no parsing)", "not generated"))
    else:
        rows.append(
            Row(
                "per call: generated `.with_raw_response.` view (no parsing); ÷ raw",
                f"{us(unparsed)}; {unparsed / raw:.2f}",
            )
        )
    return rows


def calls_worker(spec: dict[str, Any]) -> dict[str, float | None]:
    import httpx

    sys.path.insert(0, spec["out"])
    package = importlib.import_module(spec["package"])
    model = getattr(package.models, spec["model"])
    client = package.Client(**spec["kwargs"])
    method: Any = client
    for name in spec["call"].split("."):
        method = getattr(method, name)
    method = partial(method, **spec["arguments"])
    http = httpx.Client()
    url = spec["url"]

    def raw() -> object:
        return http.request("GET", url).json()

    variants: dict[str, Callable[[], object]] = {"raw": raw, "generated": method}
    owner: Any = client  # the resource the method is on, whose view wraps it
    for name in spec["call"].split(".")[:-1]:
        owner = getattr(owner, name)
    if hasattr(owner, "with_raw_response"):
        unparsed = getattr(owner.with_raw_response, spec["call"].split(".")[-1])
        variants["unparsed"] = partial(unparsed, **spec["arguments"])
    for _ in range(min(200, spec["calls"])):  # warm-up: connections, plans, caches
        for variant in variants.values():
            variant()
    if not isinstance(method(), model) or not isinstance(raw(), dict):
        raise RuntimeError("the generated method did not return its model")
    if "unparsed" in variants and not isinstance(variants["unparsed"]().parse(), model):  # type: ignore[attr-defined]
        raise RuntimeError("with_raw_response did not return a RawResponse")
    medians: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for round_ in range(spec["rounds"]):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            variant = variants[name]
            times = []
            for _ in range(spec["calls"]):
                start = time.perf_counter()
                variant()
                times.append(time.perf_counter() - start)
            medians[name].append(statistics.median(times))
    http.close()
    client.close()
    result: dict[str, float | None] = {
        name: statistics.median(values) for name, values in medians.items()
    }
    result.setdefault("unparsed", None)
    return result


# --- part 3: model parsing ---------------------------------------------------------------


def corpus_entries(
    path: Path, inspected: dict[str, Any], package: str
) -> tuple[list[dict[str, str]], int, int]:
    """The examples of a collection that map to a type, with their bodies; how many bodies
    are not strict JSON (a client could not decode them either: not timed), and how many are
    templates (OpenAPI-export placeholders such as ``"<integer>"`` where the model has an
    int: timed with the typed samples that the generated tests put in their place)."""
    from generator.emit.tests import _sampled  # the generated tests' substitution
    from generator.loader import load_collection

    bodies = {
        (endpoint.json_path, index): example.body
        for endpoint in load_collection(path).endpoints()
        for index, example in enumerate(endpoint.examples)
    }
    entries, not_json, templates = [], 0, 0
    for endpoint in inspected["endpoints"]:
        for index, example in enumerate(endpoint["examples"]):
            python = example.get("python")
            if python is None or not example["json"]:
                continue
            if python.startswith(f"{package}.errors."):
                if example["model"] is None:
                    continue
                expr = example["model"]  # the error's body, as the error table parses it
            else:
                expr = python
            body = bodies[(endpoint["json_path"], index)] or ""
            try:
                data = json.loads(body)
            except ValueError:
                not_json += 1
                continue
            sampled = _sampled(data)
            if sampled != data:
                templates += 1
                body = json.dumps(sampled, indent=2, ensure_ascii=False)
            label = f"{endpoint['method']} {endpoint['path']} [{index}] {example['name']!r}"
            entries.append({"label": label, "expr": expr, "body": body})
    return entries, not_json, templates


def measure_parsing(
    pattern: str, work: Path, cache: Path, rounds: int, target: float, scratch: Path
) -> Corpus:
    corpus = Corpus()
    for path in sorted(CORPUS.glob(pattern)):
        inspected = postc("inspect", "--json", str(path), cache=cache)
        if inspected.returncode != 0:
            reason = inspected.stderr.strip().splitlines()[0].split(": ", 1)[-1]
            corpus.skipped.append(f"{path.name}: {reason[:100]}")
            continue
        summary = json.loads(inspected.stdout)
        if "collection" not in summary:
            continue  # an environment
        if not any(e.get("python") for ep in summary["endpoints"] for e in ep["examples"]):
            continue  # nothing maps to a type: not worth generating
        out = work / "corpus" / path.stem / "out"
        started = time.perf_counter()
        generated = postc("generate", str(path), "-o", str(out), cache=cache)
        if generated.returncode != 0:
            reason = generated.stderr.strip().splitlines()[0][:100]
            corpus.skipped.append(f"{path.name}: does not generate: {reason}")
            continue
        package = package_of(out)
        entries, not_json, templates = corpus_entries(path, summary, package)
        corpus.not_json += not_json
        corpus.templates += templates
        print(
            f"  {path.name[:60]}: generated in {time.perf_counter() - started:.1f} s, "
            f"{len(entries)} bodies",
            flush=True,
        )
        if not entries:
            continue
        spec = {"out": str(out), "package": package, "rounds": rounds, "target": target}
        results = worker("parse", {**spec, "entries": entries}, scratch)
        sums = [0.0, 0.0, 0.0, 0.0]
        failed = timed = 0
        for entry, result in zip(entries, results, strict=True):
            where = f"{path.name}: {entry['label']} as {entry['expr']}"
            if result.get("unevaluated"):
                corpus.unevaluated.append(f"{where}: {result['error']}")
                continue
            if result["error"] is not None:
                failed += 1
                corpus.failures.append(f"{where}: {result['error']}")
                continue
            corpus.bodies += 1
            timed += 1
            corpus.models += result["model"]
            if not result["equal"]:
                corpus.differs.append(where)
            elif not result["ordered"]:
                corpus.reordered.append(where)
            corpus.ratios.append(result["parse"] / result["loads"])
            for i, key in enumerate(("loads", "parse", "roundtrip", "construct")):
                sums[i] += result[key]
        corpus.loads += sums[0]
        corpus.parse += sums[1]
        corpus.roundtrip += sums[2]
        corpus.construct += sums[3]
        corpus.per_collection.append(
            [
                path.name,
                str(timed),
                us(sums[0]),
                f"{sums[1] / sums[0]:.2f}" if sums[0] else "-",
                f"{sums[2] / sums[0]:.2f}" if sums[0] else "-",
                str(failed),
            ]
        )
    return corpus


ANNOTATION_NAMES: dict[str, Any] = {
    "Annotated": Annotated,
    "Any": Any,
    "Literal": Literal,
    "datetime": datetime,
    "date": date,
    "time": time_of_day,
    "UUID": UUID,
}


class Names(Mapping[str, Any]):
    """Names in an annotation of ``postc inspect``: the package, its models, typing's names."""

    def __init__(self, package: ModuleType, runtime: ModuleType) -> None:
        self.package = package
        self.runtime = runtime

    def __getitem__(self, name: str) -> Any:
        if name == self.package.__name__:
            return self.package
        try:
            return getattr(self.package.models, name)
        except AttributeError:
            if name in ANNOTATION_NAMES:
                return ANNOTATION_NAMES[name]
            if name == "Tag":
                return self.runtime.Tag
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def per_call(function: Callable[[], object], rounds: int, target: float) -> float:
    """Seconds per call: the median of ``rounds`` rounds of about ``target`` seconds each."""

    def timed(count: int) -> float:
        start = time.perf_counter()
        for _ in range(count):
            function()
        return time.perf_counter() - start

    count, seconds = 1, timed(1)
    while seconds < target / 4:
        count *= 4
        seconds = timed(count)
    count = max(1, round(count * target / seconds))
    return statistics.median(timed(count) for _ in range(rounds)) / count


def parse_timings(
    body: str,
    parse: Callable[[Any], Any],
    dump: Callable[[Any], Any],
    recipes: list[tuple[type, dict[str, Any]]],
    rounds: int,
    target: float,
) -> dict[str, float]:
    """Seconds per call of decoding ``body``, of decoding and parsing, of the round trip, and
    of constructing the parsed model objects again from their field values (``recipes``)."""
    return {
        "loads": per_call(lambda: json.loads(body), rounds, target),
        "parse": per_call(lambda: parse(json.loads(body)), rounds, target),
        "roundtrip": per_call(lambda: dump(parse(json.loads(body))), rounds, target),
        "construct": per_call(lambda: [cls(**values) for cls, values in recipes], rounds, target),
    }


def model_recipes(parsed: Any, model_base: type[Any]) -> list[tuple[type, dict[str, Any]]]:
    """Every model object in a parsed body as (class, field values): constructing them all
    is what any loader that builds these dataclasses must at least do."""
    recipes: list[tuple[type, dict[str, Any]]] = []
    stack = [parsed]
    while stack:
        value = stack.pop()
        if isinstance(value, model_base):
            values = {f.name: getattr(value, f.name) for f in fields(value)}
            recipes.append((type(value), values))
            stack.extend(values.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return recipes


def parse_worker(spec: dict[str, Any]) -> list[dict[str, Any]]:
    sys.path.insert(0, spec["out"])
    package = importlib.import_module(spec["package"])
    runtime = importlib.import_module(f"{spec['package']}._runtime")
    model_base, load, dump = runtime.Model, runtime.load, runtime.dump
    names = Names(package, runtime)
    results: list[dict[str, Any]] = []
    for entry in spec["entries"]:
        body = entry["body"]
        try:
            tp = eval(entry["expr"], {"__builtins__": __builtins__}, names)
        except Exception as exc:  # this script's reading of the annotation, not postc
            results.append({"error": f"{type(exc).__name__}: {exc}", "unevaluated": True})
            continue
        is_model = isinstance(tp, type) and issubclass(tp, model_base)
        # strict: a body its model rejects is counted (the default would keep it as received)
        parse: Callable[[Any], Any] = partial(
            tp.from_dict if is_model else partial(load, tp), strict=True
        )
        data = json.loads(body)
        try:
            dumped = dump(parse(data))
        except Exception as exc:  # a model that rejects its own example: a postc bug
            results.append({"error": f"{type(exc).__name__}: {exc}"[:300]})
            continue
        recipes = model_recipes(parse(data), model_base)
        timings = parse_timings(body, parse, dump, recipes, spec["rounds"], spec["target"])
        equal, ordered = dumped == data, json.dumps(dumped) == json.dumps(data)
        results.append({"error": None, "model": is_model, "equal": equal, "ordered": ordered})
        results[-1].update(timings)
    return results


# --- the report ----------------------------------------------------------------------------


def corpus_rows(corpus: Corpus, pattern: str) -> list[Row]:
    if not corpus.loads:
        return [Row("model parsing", f"no bodies in {CORPUS}/{pattern}")]
    parse, roundtrip = corpus.parse / corpus.loads, corpus.roundtrip / corpus.loads
    where = (
        f"{corpus.bodies} bodies ({corpus.models} of a model class) "
        f"in {len(corpus.per_collection)} collections"
    )
    return [
        Row("parsing: bodies timed", where),
        Row("parsing: of which templates, placeholders replaced by samples", str(corpus.templates)),
        Row("parsing: `json.loads`, total over all bodies", us(corpus.loads)),
        Row(
            "parsing: `Model.from_dict(json.loads(b))` ÷ `json.loads(b)`",
            f"{parse:.2f}",
            "≤ 3",
            parse <= 3,
        ),
        Row(
            "parsing: the same, median of the per-body ratios (no target)",
            f"{statistics.median(corpus.ratios):.2f}",
        ),
        Row(
            "parsing: `json.loads(b)` + constructing its model objects from ready field values, "
            "÷ `json.loads(b)` (the floor of any loader of these dataclasses)",
            f"{(corpus.loads + corpus.construct) / corpus.loads:.2f}",
        ),
        Row(
            "parsing: `dump(Model.from_dict(json.loads(b)))` ÷ `json.loads(b)`", f"{roundtrip:.2f}"
        ),
        Row(
            "parsing: examples their model rejects",
            str(len(corpus.failures)),
            "0",
            not corpus.failures,
        ),
        Row(
            "parsing: round trips that differ from the body (values; key order only)",
            f"{len(corpus.differs)}; {len(corpus.reordered)}",
            "0; 0",
            not corpus.differs and not corpus.reordered,
        ),
        Row("parsing: bodies that are not strict JSON (not timed)", str(corpus.not_json)),
    ]


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=None, help="default 10000 (quick: 1000)")
    parser.add_argument("--runs", type=int, default=None, help="default 5 (quick: 3)")
    parser.add_argument("--calls", type=int, default=None, help="default 2000 (quick: 500)")
    parser.add_argument("--keep", type=Path, default=None, help="keep generated code here")
    parser.add_argument("--corpus", default="*.json", help="glob in ../shared/corpus")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, spec_file = args.worker
        spec = json.loads(Path(spec_file).read_text(encoding="utf-8"))
        print(json.dumps(calls_worker(spec) if kind == "calls" else parse_worker(spec)))
        return
    requests = args.requests or (1000 if args.quick else 10000)
    runs = args.runs or (3 if args.quick else 5)
    calls = args.calls or (500 if args.quick else 2000)
    rounds, target = (3, 0.0005) if args.quick else (5, 0.002)
    with tempfile.TemporaryDirectory(prefix="postc-bench-runtime-") as temporary:
        scratch = Path(temporary)
        work = args.keep.resolve() if args.keep else scratch
        work.mkdir(parents=True, exist_ok=True)
        cache = work / "postc-cache"
        folder, seconds, summary = generate_synthetic(requests, work, cache)
        out = folder / "out"
        package = package_of(out)
        endpoint = choose_endpoint(folder, package, cache)
        kwargs = client_kwargs(out, package)
        rows = [
            Row("CPUs (`os.cpu_count()`)", str(os.cpu_count())),
            Row("Python", platform.python_version()),
            Row(f"`postc generate`, {requests:,} requests", f"{seconds:.1f} s ({summary})"),
        ]
        print("timing imports ...", flush=True)
        rows += measure_import(out, package, endpoint, kwargs, runs, scratch)
        print("timing calls ...", flush=True)
        rows += measure_calls(out, package, endpoint, kwargs, calls, runs, scratch)
        print("timing model parsing over the corpus ...", flush=True)
        corpus = measure_parsing(args.corpus, work, cache, rounds, target, scratch)
        rows += corpus_rows(corpus, args.corpus)
    print()
    status = {None: "", True: "met", False: "**missed**"}
    print(
        table(
            ["measure", "value", "target", ""],
            [[r.measure, r.value, r.target, status[r.met]] for r in rows],
        )
    )
    if corpus.per_collection:
        print()
        header = ["collection", "bodies", "json.loads total", "parse ÷ loads", "round trip ÷ loads"]
        print(table([*header, "rejected"], corpus.per_collection))
    for title, lines in (
        ("Examples their model rejects", corpus.failures),
        ("Round trips that differ from the body", corpus.differs),
        ("Round trips that change the key order only", corpus.reordered),
        ("Skipped collections", corpus.skipped),
        ("Types this script could not evaluate (not timed)", corpus.unevaluated),
    ):
        if lines:
            print(f"\n{title}:")
            print("\n".join(f"- {line}" for line in lines))


if __name__ == "__main__":
    main()
