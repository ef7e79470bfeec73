"""Benchmark: ``postc openapi`` beside ``postc schema`` on the same collection (issue 18).

    .venv/bin/python bench/openapi_speed.py [COLLECTION ...] [--largest 3] [--runs 5]
        [--profile]

Both commands load the collection and infer its models; ``postc openapi`` also plans the
client (names, parameters, auth, hosts) and writes every operation, so the issue's target
is that it costs at most 1.5 times ``postc schema`` on the Stripe collection of
``../shared/corpus`` (3.5 MB, 457 requests). Measured per collection, as the median of
``--runs``:

- in-process: ``collection_openapi(path)`` and ``load_collection`` + ``build_models`` +
  ``schema_document``, each serialised as the CLI does (``json.dumps``, indent 2), timed
  alternately in one process after one untimed run of each (imports and one-time
  compilations excluded: what a build step pays per collection);
- whole processes: ``postc openapi COLLECTION -o FILE`` and ``postc schema COLLECTION -o
  FILE`` (interpreter start and imports included: what a user waits for).

Defaults: the Stripe collection, then the ``--largest`` other v2.0/v2.1 collections of the
corpus by size. Prints a Markdown table with both medians and their ratio per way.
``--stages`` adds the seconds of each stage of ``postc openapi`` (load, infer, plan,
document, serialisation) beside the schema document's. ``--profile`` then profiles one
in-process ``collection_openapi`` of the first collection (``cProfile``) and prints the 25
functions of largest cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from generator.api_models import build_models
from generator.emit.plan import make_plan
from generator.ir import ApiModels
from generator.loader import load_collection
from generator.naming.identifiers import package_name
from generator.openapi import collection_openapi, openapi_document
from generator.schema_doc import schema_document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
STRIPE = CORPUS / "stripe__stripe-postman__StripeAPICollection.json"
POSTC = Path(sys.executable).parent / "postc"
TARGET = 1.5
T = TypeVar("T")
STAGES = ("load", "infer", "plan", "document", "json.dumps", "schema document + json")


def schema_text(path: Path) -> str:
    """What ``postc schema`` writes, computed in-process."""
    loaded = load_collection(path)
    document = schema_document(loaded.name, build_models(loaded))
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def openapi_text(path: Path) -> str:
    """What ``postc openapi`` writes (as JSON), computed in-process."""
    return json.dumps(collection_openapi(path), indent=2, ensure_ascii=False) + "\n"


def in_process(path: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds of each way per run, alternated so that drift affects both alike."""
    openapi_text(path)  # imports, compiled schemas, first-use caches: not timed
    schema_text(path)
    openapi: list[float] = []
    schema: list[float] = []
    for _ in range(runs):
        openapi.append(_seconds(lambda: openapi_text(path)))
        schema.append(_seconds(lambda: schema_text(path)))
    return openapi, schema


def whole_processes(path: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds of whole ``postc openapi`` and ``postc schema`` processes, alternated."""
    with tempfile.TemporaryDirectory(prefix="postc-openapi-speed-") as folder:
        target = Path(folder) / "out.json"
        commands = ([str(POSTC), "openapi"], [str(POSTC), "schema"])
        timed: tuple[list[float], list[float]] = ([], [])
        for _ in range(runs):
            for command, times in zip(commands, timed, strict=True):
                argv = [*command, str(path), "-o", str(target)]
                times.append(_seconds(partial(subprocess.run, argv, check=True)))
        return timed


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def largest(count: int) -> list[Path]:
    """The ``count`` largest v2.0/v2.1 collections of the corpus but Stripe's."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle, delimiter="\t")
            if r["schema_version"] in ("v2.0", "v2.1")
        ]
    rows.sort(key=lambda r: -int(r["bytes"]))
    return [CORPUS / r["file"] for r in rows if CORPUS / r["file"] != STRIPE][:count]


def stages(path: Path, runs: int) -> dict[str, float]:
    """Median seconds of each stage of ``postc openapi`` (and of the schema document made
    from the same inference), after one untimed run: which stage the ratio comes from."""
    timed: dict[str, list[float]] = {}
    for run in range(runs + 1):
        clock = _Clock()
        collection = clock.time("load", load_collection, path)
        api = clock.time("infer", build_models, collection)
        plan = clock.time("plan", make_plan, collection, None, api, package_name(collection.name))
        document = clock.time("document", openapi_document, collection, None, api, plan)
        clock.time("json.dumps", json.dumps, document, indent=2, ensure_ascii=False)
        clock.time("schema document + json", schema_text_of, collection.name, api)
        for stage, seconds in clock.seconds.items():
            if run:  # the first run pays imports and first-use caches
                timed.setdefault(stage, []).append(seconds)
    return {stage: statistics.median(values) for stage, values in timed.items()}


def schema_text_of(title: str, api: ApiModels) -> str:
    return json.dumps(schema_document(title, api), indent=2, ensure_ascii=False)


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def time(self, stage: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        start = time.perf_counter()
        result = work(*args, **kwargs)
        self.seconds[stage] = time.perf_counter() - start
        return result


def profile(path: Path) -> str:
    """The 25 functions of largest cumulative time in one ``collection_openapi``."""
    profiler = cProfile.Profile()
    profiler.runcall(collection_openapi, path)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("collections", nargs="*", type=Path)
    parser.add_argument("--largest", type=int, default=3, help="other corpus collections")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stages", action="store_true", help="seconds of each stage")
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args(argv)
    chosen: list[Path] = options.collections
    if not chosen:
        if not STRIPE.exists():
            print(f"the corpus is missing ({CORPUS}); it comes with ../shared", file=sys.stderr)
            return 2
        chosen = [STRIPE, *largest(options.largest)]
    cpus = len(os.sched_getaffinity(0))
    print(f"median of {options.runs} runs; {cpus} CPUs; target: openapi / schema <= {TARGET}\n")
    print("| collection | MB | way | postc openapi s | postc schema s | ratio |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for path in chosen:
        size = path.stat().st_size / 1e6
        for way, measure in (("in-process", in_process), ("process", whole_processes)):
            openapi, schema = measure(path, options.runs)
            ratio = statistics.median(openapi) / statistics.median(schema)
            print(
                f"| {path.name[:60]} | {size:.1f} | {way} | {statistics.median(openapi):.3f} "
                f"| {statistics.median(schema):.3f} | {ratio:.2f} |"
            )
    if options.stages:
        print(f"\n## stages of postc openapi, in-process, median of {options.runs}\n")
        print("| collection | " + " | ".join(STAGES) + " |")
        print("| --- |" + " ---: |" * len(STAGES))
        for path in chosen:
            seconds = stages(path, options.runs)
            print(f"| {path.name[:60]} | " + " | ".join(f"{seconds[s]:.3f}" for s in STAGES) + " |")
    if options.profile:
        print(f"\n## cProfile of collection_openapi({chosen[0].name})\n")
        print(profile(chosen[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
