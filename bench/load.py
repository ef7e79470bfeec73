"""Benchmark: load (read, parse, validate, normalise) a collection.

    .venv/bin/python bench/load.py [COLLECTION ...] [--runs 5]

Defaults to the Stripe collection of ../shared/corpus (3.5 MB, 457 requests). Prints,
per file, the median and best in-process ``load_collection`` time, and the median wall
time of a whole ``postc validate`` process (interpreter start and imports included).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from generator.loader import load_collection

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEFAULT = CORPUS / "stripe__stripe-postman__StripeAPICollection.json"


def time_load(path: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_collection(path)
        times.append(time.perf_counter() - start)
    return times


def time_validate_command(path: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "generator", "validate", str(path)],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collections", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'file':<48} {'MB':>6} {'load median':>12} {'load best':>10} {'validate cmd':>13}")
    for path in args.collections:
        loads = time_load(path, args.runs)
        command = time_validate_command(path, args.runs)
        print(
            f"{path.name[:48]:<48} {path.stat().st_size / 1e6:>6.2f} "
            f"{statistics.median(loads):>11.3f}s {min(loads):>9.3f}s "
            f"{statistics.median(command):>12.3f}s"
        )


if __name__ == "__main__":
    main()
