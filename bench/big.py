"""The 2,000-request collection with one huge folder, as a new user meets it (issue 19).

    .venv/bin/python bench/big.py [--requests 2000] [--runs 3] [--keep DIR]
    .venv/bin/python bench/big.py --stages 1000 2000 4000

The collection is ``bench/synthetic.py``'s ``one-big-folder`` shape: three quarters of the
requests in one top-level folder nested two levels deep, the rest in ordinary folders of
100, one saved example per request on average. Measured, as medians of ``--runs``:

- **cold generation**: a whole ``postc generate`` process into a fresh directory with a fresh
  empty ``POSTC_CACHE_DIR``; its wall time (goal < 30 s), and the peak RSS of its largest
  process (postc or one of its black workers; goal < 300 MB) with the sum of the peaks of
  all its processes beside it (an upper bound of what they held at once). The process tree
  is reaped as in ``bench/compare.py``;
- **largest generated module**: lines and path of the longest ``.py`` file of the package
  and of its tests (goal: at most the cap, 3,000 lines);
- **first access to a resource namespace**: for every namespace of the client (each prefix
  ``client.a``, ``client.a.b``... of a method's call in ``postc inspect --json``), a fresh
  interpreter imports the package, builds ``Client()`` and then times that one attribute
  chain with ``perf_counter`` (the import and the construction are the baseline left out);
  the worst namespace and the median over all (goal: the worst < 50 ms);
- **import + Client()**: ``python -c "import PKG; PKG.Client(...)"`` less ``python -c pass``
  (goal < 100 ms), after a first run that compiled the ``.pyc`` files; and whether that
  imported httpx (it should not: the first request does);
- **one-request change**: one saved example edited, then ``postc generate`` with the warm
  cache, as a whole process (goal < 1 s).

Prints a Markdown table with the goals, the counts and the CPU count. Needs nothing beyond
postc's venv; about 3 minutes on 2 cores at 2,000 requests and 3 runs. ``--keep DIR`` keeps
the collection and the last cold output.

``--stages N ...`` instead profiles a cold generation of the collection of each size by
stage (the stages of ``bench/adversarial.py``, black included), each size in a fresh process
with an empty cache: the seconds of each stage, the process's resident memory after it and
its peak so far, and the peak of the black workers; then the same per 1,000 requests, where
growth faster than linear shows.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from adversarial import _run_stages  # noqa: E402
from compare import Process, become_subreaper, run  # noqa: E402
from runtime import client_kwargs, package_of, wall  # noqa: E402
from synthetic import synthetic  # noqa: E402

POSTC = Path(sys.executable).parent / "postc"
PYTHON = sys.executable
SHAPE = "one-big-folder"
MIB = 1024 * 1024
# Inside a fresh interpreter: the package imported and the client built (the baseline,
# not timed), then the first access of one namespace
ACCESS = """
import {package}
from time import perf_counter
client = {package}.Client(**{kwargs!r})
start = perf_counter()
client.{namespace}
print(perf_counter() - start)
"""


class TreeMemory:
    """The peak of the summed resident memory of this process's descendants (Linux ``/proc``,
    sampled every ``interval`` seconds while the block runs): what the whole process tree
    held at once, where ``ru_maxrss`` gives each process's own peak, and not even that for
    a worker: Linux carries the high-water mark of the memory a process had before
    ``exec`` into its ``ru_maxrss``, and a worker started by ``subprocess`` had, until its
    ``exec``, its parent's (a black worker of a generation at 4,000 requests "peaks" at
    the 163 MB postc had when it started it). Pages the processes share count once per
    process."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = 0  # bytes
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stopped.set()
        self.thread.join()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self.stopped.wait(self.interval):
            self.peak = max(self.peak, page * sum(_descendant_pages(os.getpid())))


def _descendant_pages(root: int) -> list[int]:
    """Resident pages of each descendant of process ``root``."""
    children: dict[int, list[tuple[int, int]]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path("/proc", entry.name, "stat").read_text(encoding="utf-8", errors="replace")
            fields = stat.rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append((int(entry.name), int(fields[21])))
    pages, waiting = [], [root]
    while waiting:
        for pid, resident in children.get(waiting.pop(), []):
            pages.append(resident)
            waiting.append(pid)
    return pages


@dataclass(frozen=True)
class Module:
    lines: int
    path: str


def largest_modules(out: Path) -> tuple[Module, Module]:
    """The longest ``.py`` file of the package, and of the generated tests."""
    package, tests = Module(0, ""), Module(0, "")
    for path in sorted(out.rglob("*.py")):
        relative = path.relative_to(out)
        found = Module(len(path.read_text(encoding="utf-8").splitlines()), relative.as_posix())
        if relative.parts[0] == "tests":
            tests = max(tests, found, key=lambda module: module.lines)
        else:
            package = max(package, found, key=lambda module: module.lines)
    return package, tests


def namespaces(collection: Path, cache: Path) -> list[str]:
    """Every resource namespace of the client: each proper prefix of a method's call
    (``client.commerce.area_0.users_0.get_user_1`` gives ``commerce``, ``commerce.area_0``
    and ``commerce.area_0.users_0``), in the order first met."""
    env = {**os.environ, "POSTC_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [str(POSTC), "inspect", "--json", str(collection)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found: dict[str, None] = {}
    for endpoint in json.loads(done.stdout)["endpoints"]:
        parts = endpoint.get("call", "").removeprefix("client.").split(".")[:-1]
        for end in range(1, len(parts) + 1):
            found.setdefault(".".join(parts[:end]))
    return list(found)


def first_access(out: Path, package: str, kwargs: dict[str, str], namespace: str) -> float:
    """Seconds of the first ``client.NAMESPACE`` in a fresh interpreter."""
    code = ACCESS.format(package=package, kwargs=kwargs, namespace=namespace)
    done = subprocess.run(
        [PYTHON, "-c", code],
        env=_client_env(out, package),
        cwd=out.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout)


def _client_env(out: Path, package: str) -> dict[str, str]:
    """The environment the generated client runs in: only its output on the path, and none
    of the settings it reads from the environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", package.upper() + "_"))
    }
    env["PYTHONPATH"] = str(out)
    return env


def write_collection(collection: Path, requests: int, changed: int) -> None:
    """The collection; ``changed`` > 0 edits request 0's saved example (``synthetic``)."""
    text = json.dumps(synthetic(requests, changed, SHAPE))
    collection.write_text(text, encoding="utf-8")


@dataclass
class Results:
    cold: list[Process]
    tree_peaks: list[int]  # bytes, of each cold run (``TreeMemory``)
    package: Module
    tests: Module
    files: int
    accesses: dict[str, float]  # namespace -> median seconds of its first access
    client: float
    httpx_loaded: bool  # whether ``import`` + ``Client()`` imported httpx
    change: list[float]


def measure(args: argparse.Namespace, root: Path) -> Results:
    collection = root / "big.postman_collection.json"
    write_collection(collection, args.requests, 0)
    logs = root / "postc.log"
    cold: list[Process] = []
    tree_peaks: list[int] = []
    out = root / "out"
    cache = root / "cache"
    for _ in range(args.runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()
        env = {**os.environ, "POSTC_CACHE_DIR": str(cache)}
        with TreeMemory() as memory:
            command = [str(POSTC), "generate", str(collection), "-o", str(out)]
            cold.append(run(command, logs, env))
        tree_peaks.append(memory.peak)
    package_module, test_module = largest_modules(out)
    files = sum(1 for _ in out.rglob("*.py"))
    package = package_of(out)
    kwargs = client_kwargs(out, package)
    client_env = _client_env(out, package)
    construct = f"import {package}; {package}.Client(**{kwargs!r})"
    wall([PYTHON, "-c", construct], client_env, root)  # compiles and writes the .pyc files
    bare, constructed = [], []
    for _ in range(args.runs):  # interleaved, so that drift hits both alike
        bare.append(wall([PYTHON, "-c", "pass"], client_env, root))
        constructed.append(wall([PYTHON, "-c", construct], client_env, root))
    client = statistics.median(constructed) - statistics.median(bare)
    loaded = f"{construct}; import sys; print('httpx' in sys.modules)"
    probe = subprocess.run(
        [PYTHON, "-c", loaded], env=client_env, cwd=root, capture_output=True, text=True, check=True
    )
    httpx_loaded = probe.stdout.strip() == "True"
    accesses = {
        namespace: statistics.median(
            first_access(out, package, kwargs, namespace) for _ in range(args.runs)
        )
        for namespace in namespaces(collection, cache)
    }
    warm = {**os.environ, "POSTC_CACHE_DIR": str(cache)}
    change = []
    for version in range(1, args.runs + 1):
        write_collection(collection, args.requests, version)  # not timed
        command = [str(POSTC), "generate", str(collection), "-o", str(out)]
        change.append(run(command, logs, warm).seconds)
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        args.keep.mkdir(parents=True)
        shutil.copyfile(collection, args.keep / collection.name)
        shutil.copytree(out, args.keep / "out")
    return Results(
        cold, tree_peaks, package_module, test_module, files, accesses, client, httpx_loaded, change
    )


def report(args: argparse.Namespace, collection_mb: float, results: Results) -> None:
    seconds = statistics.median(process.seconds for process in results.cold)
    largest = max(process.max_rss_kib for process in results.cold) * 1024
    summed = max(results.tree_peaks)
    cpu = statistics.median(process.cpu_seconds for process in results.cold)
    worst = max(results.accesses, key=results.accesses.__getitem__)
    access = results.accesses[worst]
    biggest = max(results.package.lines, results.tests.lines)
    change = statistics.median(results.change)
    print(
        f"{args.requests:,} requests ({SHAPE}, {collection_mb:.1f} MB), {results.files} generated"
        f" .py files, {len(results.accesses)} resource namespaces; median of {args.runs} runs;"
        f" {os.cpu_count()} CPUs"
    )
    print()
    rows = [
        ("measure", "value", "goal"),
        ("---", "---:", "---"),
        (
            "cold `postc generate`, whole process (s)",
            f"{seconds:.1f}",
            _goal(seconds < 30, "< 30 s"),
        ),
        ("CPU time, user + system, all processes (s)", f"{cpu:.1f}", ""),
        (
            "peak RSS, largest process (MB)",
            f"{largest / 1e6:.0f}",
            _goal(largest < 300e6, "< 300 MB"),
        ),
        ("peak RSS of the process tree, summed, sampled (MB)", f"{summed / 1e6:.0f}", ""),
        (
            f"largest module of the package (`{results.package.path}`), lines",
            str(results.package.lines),
            "",
        ),
        (f"largest test module (`{results.tests.path}`), lines", str(results.tests.lines), ""),
        ("largest generated module, lines", str(biggest), _goal(biggest <= 3000, "≤ 3,000")),
        (
            f"first access of a namespace, worst (`client.{worst}`) (ms)",
            f"{access * 1e3:.1f}",
            _goal(access < 0.05, "< 50 ms"),
        ),
        (
            "first access of a namespace, median over all (ms)",
            f"{statistics.median(results.accesses.values()) * 1e3:.1f}",
            "",
        ),
        (
            "`import` + `Client()`, less interpreter start (ms)",
            f"{results.client * 1e3:.1f}",
            _goal(results.client < 0.1, "< 100 ms"),
        ),
        (
            "httpx imported by `import` + `Client()`",
            "yes" if results.httpx_loaded else "no",
            _goal(not results.httpx_loaded, "no (the first request imports it)"),
        ),
        (
            "one-request change, whole process (s)",
            f"{change:.2f}",
            _goal(change < 1, "< 1 s"),
        ),
    ]
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _goal(met: bool, goal: str) -> str:
    return f"{goal} ({'met' if met else 'MISSED'})"


def stage_profile(requests: int) -> dict[str, Any]:
    """In this process (a fresh one, with an empty cache): each stage's seconds, the resident
    memory after it and the peak so far, in bytes; and the peak of the black workers'
    summed resident memory, sampled (``TreeMemory``: their ``ru_maxrss`` is no measure, it
    counts what this process had resident when it started them, see ``TreeMemory``)."""
    from generator.cache import writing_behind

    stages: dict[str, tuple[float, int, int]] = {}

    def timed(stage: str, step: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = step()
        stages[stage] = (time.perf_counter() - start, _resident(), _peak(resource.RUSAGE_SELF))
        return result

    with tempfile.TemporaryDirectory(prefix="postc-stages-") as scratch:
        path = Path(scratch) / "big.postman_collection.json"
        write_collection(path, requests, 0)
        gc.disable()  # as ``postc generate`` runs the stages: the collector's passes over
        # the growing heap made loading 4,000 requests 1.4 times as slow per request as 1,000
        with TreeMemory() as workers, writing_behind():  # cache written behind, as generate does
            _run_stages(path, True, timed)
    return {"stages": stages, "workers": workers.peak}


def _resident() -> int:
    """This process's resident memory now (Linux), in bytes."""
    pages = Path("/proc/self/statm").read_text(encoding="ascii").split()[1]
    return int(pages) * os.sysconf("SC_PAGE_SIZE")


def _peak(who: int) -> int:
    return resource.getrusage(who).ru_maxrss * 1024  # Linux: KiB


def stages_report(sizes: list[int]) -> None:
    """``stage_profile`` of each size in a fresh process with an empty cache, as tables."""
    profiles = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="postc-stages-cache-") as cache:
            done = subprocess.run(
                [PYTHON, __file__, "--stage-child", str(size)],
                env={**os.environ, "POSTC_CACHE_DIR": cache},
                capture_output=True,
                text=True,
                check=True,
            )
        profiles[size] = json.loads(done.stdout)
    names = list(profiles[sizes[0]]["stages"])
    print(f"{SHAPE}; one fresh process per size, empty cache; {os.cpu_count()} CPUs")
    print()
    print(f"| requests | {' | '.join(names)} | total s | s per 1,000 requests |")
    print("| ---: |" + " ---: |" * (len(names) + 2))
    for size, profile in profiles.items():
        seconds = [profile["stages"][name][0] for name in names]
        cells = " | ".join(f"{value:.2f}" for value in seconds)
        print(f"| {size} | {cells} | {sum(seconds):.1f} | {sum(seconds) / size * 1000:.2f} |")
    print()
    print(f"| requests | MB held after: {' / '.join(names)} | peak MB | workers' sum, peak MB |")
    print("| ---: | --- | ---: | ---: |")
    for size, profile in profiles.items():
        held = " / ".join(f"{profile['stages'][name][1] / 1e6:.0f}" for name in names)
        peak = profile["stages"][names[-1]][2] / 1e6
        print(f"| {size} | {held} | {peak:.0f} | {profile['workers'] / 1e6:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the collection and output here")
    parser.add_argument("--stages", type=int, nargs="+", help="profile these sizes by stage")
    parser.add_argument("--stage-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage_child:
        print(json.dumps(stage_profile(args.stage_child)))
        return
    if args.stages:
        stages_report(args.stages)
        return
    if args.requests < 1 or args.runs < 1:
        parser.error("--requests and --runs must be at least 1")
    if not become_subreaper():
        print("note: not Linux, peak RSS and CPU time miss orphaned processes", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="postc-big-") as scratch:
        results = measure(args, Path(scratch))
        megabytes = (Path(scratch) / "big.postman_collection.json").stat().st_size / MIB
    report(args, megabytes, results)


if __name__ == "__main__":
    main()
