"""Benchmark: the client plan (``generator.emit.plan.make_plan``) of large collections.

    .venv/bin/python bench/plan.py [COLLECTION ...] [--runs 5] [--profile N]

Defaults to the large collections of ../shared/corpus (Stripe, Sabre DC Stateless Services,
PayPal Public APIs, Meraki Dashboard). Each is loaded and its models built once, in-process;
then ``make_plan`` runs once to warm up and ``--runs`` times measured. Prints, per file, the
load and model times for scale, then the plan's median and best wall time and its median
CPU time (the machine is shared: under load the wall time grows, the CPU time much less).
``--profile N`` prints instead the N most expensive functions (cumulative) of one more plan
under cProfile. Issue 18's target: Stripe's plan under 0.2 s (median of 5 after a warm-up,
on the project's 2-core machine; quote ``uptime``'s load with a number).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple, TypeVar

from generator.api_models import build_models
from generator.emit.plan import make_plan
from generator.ir import ApiModels, Collection
from generator.loader import load_collection
from generator.naming.identifiers import package_name

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEFAULTS = (
    "stripe__stripe-postman__StripeAPICollection.json",
    "SabreDevStudio__postman-collections__DC_Stateless_Services_Beta.postman_collection.json",
    "paypal__postman-collections__PayPal_Public_APIs.json",
    "dexterlabora__Meraki-Dashboard-API-Postman-Collection__Meraki_Dashboard_API_-_v1.1.0.json",
)
T = TypeVar("T")


class Timing(NamedTuple):
    wall: float
    cpu: float


def timed(make: Callable[[], T]) -> tuple[T, Timing]:
    """What ``make`` returns, and the wall and CPU seconds it took."""
    wall, cpu = time.perf_counter(), time.process_time()
    made = make()
    return made, Timing(time.perf_counter() - wall, time.process_time() - cpu)


def plan_times(collection: Collection, api: ApiModels, runs: int) -> list[Timing]:
    """``make_plan`` ``runs`` times after one unmeasured warm-up."""
    plan = partial(make_plan, collection, None, api, package_name(collection.name))
    plan()
    return [timed(plan)[1] for _ in range(runs)]


def profile(collection: Collection, api: ApiModels, top: int) -> None:
    plan = partial(make_plan, collection, None, api, package_name(collection.name))
    plan()
    profiler = cProfile.Profile()
    profiler.runcall(plan)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collections", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    paths = args.collections or [CORPUS / name for name in DEFAULTS]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        parser.error(f"no such collection: {', '.join(missing)}")
    print(
        f"{'file':<48} {'requests':>8} {'load':>7} {'models':>7} "
        f"{'plan median':>12} {'best':>7} {'plan CPU':>9}"
    )
    for path in paths:
        collection, load = timed(partial(load_collection, path))
        api, models = timed(partial(build_models, collection))
        if args.profile:
            print(path.name)
            profile(collection, api, args.profile)
            continue
        plans = plan_times(collection, api, args.runs)
        requests = sum(1 for _ in collection.endpoints())
        walls = [timing.wall for timing in plans]
        cpu = statistics.median(timing.cpu for timing in plans)
        print(
            f"{path.name[:48]:<48} {requests:>8} {load.wall:>6.3f}s {models.wall:>6.3f}s "
            f"{statistics.median(walls):>11.3f}s {min(walls):>6.3f}s {cpu:>8.3f}s"
        )


if __name__ == "__main__":
    main()
