"""Peak memory and time of ``postc validate`` and a cold ``postc generate`` on big inputs.

Inputs, built in a temporary directory:

- the synthetic collections of ``bench/synthetic.py`` with ``--sizes`` requests (default
  1,000 and 10,000; target for 10,000: a cold generation completes under 1 GiB);
- one request whose saved example is a ``--body-mb`` (default 30) MB JSON array of
  objects (what a careless export of a big listing looks like);
- one request whose example body nests 100,000 arrays deep (never a RecursionError).

Each command runs as its own process with an empty cache; the peak is the largest
resident set of the process or of any worker it started (``ru_maxrss`` of its children).

    .venv/bin/python bench/memory.py [--sizes 1000 10000] [--body-mb 30]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import V21, synthetic  # noqa: E402

POSTC = Path(sys.executable).parent / "postc"
GIB = 1024**3


def measure(command: list[str], cache: Path) -> tuple[float, int, int]:
    """Wall seconds, peak bytes and exit status of ``command`` run in a child Python that
    reports the ``ru_maxrss`` of its children (the command and its workers)."""
    probe = (
        "import resource, subprocess, sys, time;"
        "start = time.perf_counter();"
        "status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode;"
        "seconds = time.perf_counter() - start;"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
        "print(seconds, peak * (1 if sys.platform == 'darwin' else 1024), status)"
    )
    environment = {**os.environ, "POSTC_CACHE_DIR": str(cache)}
    output = subprocess.run(
        [sys.executable, "-c", probe, *command],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(output[0]), int(output[1]), int(output[2])


def big_body(megabytes: int) -> dict[str, Any]:
    row = {"id": 0, "name": "item", "price": 9.99, "tags": ["a", "b"], "owner": {"id": "u1"}}
    rows = max(1, megabytes * 1024 * 1024 // len(json.dumps(row)))
    body = json.dumps([{**row, "id": index} for index in range(rows)])
    return _one_example(body)


def deep_body(levels: int) -> dict[str, Any]:
    return _one_example("[" * levels + "]" * levels)


def _one_example(body: str) -> dict[str, Any]:
    example = {
        "name": "ok",
        "code": 200,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": body,
    }
    item = {"name": "List", "request": {"method": "GET", "url": "https://x.test/items"}}
    return {"info": {"name": "Big", "schema": V21}, "item": [{**item, "response": [example]}]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--body-mb", type=int, default=30)
    args = parser.parse_args()
    inputs: list[tuple[str, dict[str, Any]]] = [
        (f"synthetic, {size:,} requests", synthetic(size)) for size in args.sizes
    ]
    inputs.append((f"one {args.body_mb} MB example body", big_body(args.body_mb)))
    inputs.append(("one body nested 100,000 deep", deep_body(100_000)))
    rows = []
    with tempfile.TemporaryDirectory(prefix="postc-memory-") as scratch:
        root = Path(scratch)
        for index, (name, doc) in enumerate(inputs):
            source = root / f"{index}.json"
            source.write_text(json.dumps(doc), encoding="utf-8")
            size = source.stat().st_size / 1024**2
            for command in ("validate", "generate"):
                argv = [str(POSTC), command, str(source)]
                if command == "generate":
                    argv += ["-o", str(root / f"out{index}")]
                seconds, peak, status = measure(argv, root / f"cache{index}")
                rows.append((name, f"{size:.1f}", command, seconds, peak, status))
    print("| input | MB | command | seconds | peak RSS (MiB) | exit |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for name, size_text, command, seconds, peak, status in rows:
        flag = " (over 1 GiB)" if peak > GIB else ""
        print(
            f"| {name} | {size_text} | {command} | {seconds:.2f} | "
            f"{peak / 1024**2:.0f}{flag} | {status} |"
        )


if __name__ == "__main__":
    main()
