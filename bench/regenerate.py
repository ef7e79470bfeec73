"""Regeneration as a build step, on a synthetic 1,000-request collection (issue 5).

Builds the collection of ``bench/synthetic.py`` (``--requests`` requests in nested
folders, varied bodies with shared shapes) in a temporary directory, generates it once
with a cold formatting cache, then times, as the median of ``--runs``:

- no-op: ``generate`` again with nothing changed (target < 0.5 s);
- one-request change: one request's example gains a field, then ``generate`` (target < 1 s);
- check: ``postc check`` of the current output (no target; it always renders everything).

Each is timed in-process (``generator.generate``) and as a whole ``postc`` process (Python
start-up and imports included; its CPU seconds, user + sys, beside: on a shared machine
they move less than wall time). The cache lives in the temporary directory. ``--profile
FILE`` writes a cProfile of one more in-process one-request change (not timed) to FILE
(read it with ``python -m pstats FILE``). ``--collection FILE`` regenerates a copy of that
collection instead, each change made as ``bench/compare.py`` makes it (its first saved
example body gains a field): ``--collection /tmp/cmp/synthetic.postman_collection.json``
is the compare collection's one-request change without running the comparison.

    .venv/bin/python bench/regenerate.py [--requests 1000] [--runs 5] [--profile FILE]
                                         [--collection FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from compare import edit_one_example  # noqa: E402
from synthetic import synthetic  # noqa: E402

from generator.config import Target  # noqa: E402
from generator.generate import check_target, generate_target  # noqa: E402


def median(runs: int, step: Callable[[int], object]) -> float:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        step(run)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_of(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="cProfile one more one-request change")
    parser.add_argument("--collection", type=Path, help="regenerate this collection instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="postc-bench-") as scratch:
        root = Path(scratch)
        os.environ["POSTC_CACHE_DIR"] = str(root / "cache")
        source = root / "collection.json"
        output = root / "out"
        target = Target(source, output)
        version = [0]

        def write(changed: int) -> None:
            if args.collection is None:
                data = synthetic(args.requests, changed)
                source.write_text(json.dumps(data), encoding="utf-8")
            elif changed == 0:
                shutil.copyfile(args.collection, source)
            else:
                edit_one_example(source, changed)

        def change() -> None:
            version[0] += 1
            write(version[0])

        def postc(*command: str) -> None:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [str(Path(sys.executable).parent / "postc"), *command],
                check=True,
                capture_output=True,
                env=os.environ,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

        cpu: list[float] = []

        write(0)
        start = time.perf_counter()
        first = generate_target(target)
        cold = time.perf_counter() - start
        files = len(first.files)

        rows: list[tuple[str, float, str]] = [("first generation, cold cache", cold, "")]
        cpu.clear()
        noop = median(args.runs, lambda _: generate_target(target))
        rows.append(("no-op, in-process", noop, "< 0.5 s"))
        noop_process = median(
            args.runs, lambda _: postc("generate", str(source), "-o", str(output))
        )
        rows.append(("no-op, `postc generate` process", noop_process, "< 0.5 s"))
        rows.append(("no-op, `postc generate` process, CPU (user+sys)", median_of(cpu), ""))

        written: list[int] = []

        def one_change_timed() -> float:
            change()  # not timed: editing the collection
            start = time.perf_counter()
            written.append(len(generate_target(target).written))
            return time.perf_counter() - start

        changes = [one_change_timed() for _ in range(args.runs)]
        rows.append(("one-request change, in-process", statistics.median(changes), "< 1 s"))

        process_times = []
        cpu.clear()
        for _ in range(args.runs):
            change()
            start = time.perf_counter()
            postc("generate", str(source), "-o", str(output))
            process_times.append(time.perf_counter() - start)
        rows.append(
            (
                "one-request change, `postc generate` process",
                statistics.median(process_times),
                "< 1 s",
            )
        )
        rows.append(("one-request change, process, CPU (user+sys)", median_of(cpu), ""))
        if args.profile is not None:
            change()
            profile = cProfile.Profile()
            profile.runcall(generate_target, target)
            profile.dump_stats(args.profile)
        check = median(args.runs, lambda _: check_target(target))
        rows.append(("check (renders everything), in-process", check, ""))

    collection = args.collection or f"{args.requests} requests"
    print(f"{collection}, {files} generated files, median of {args.runs} runs")
    print(f"files rewritten by each one-request change: {sorted(set(written))}")
    print()
    print("| measure | seconds | target |")
    print("| --- | ---: | --- |")
    for name, seconds, goal in rows:
        status = ""
        if goal:
            status = " (met)" if seconds < float(goal.split()[1]) else " (MISSED)"
        print(f"| {name} | {seconds:.3f} | {goal}{status} |")


if __name__ == "__main__":
    main()
