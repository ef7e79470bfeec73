"""The generated tests of each corpus collection, run live against ``postc mock`` of it.

    .venv/bin/python bench/live_mock.py [--only SUBSTRING] [--env FILE ...] [--keep DIR]

For every v2.0/v2.1 collection of ``../shared/corpus`` (by its ``MANIFEST.tsv``): generates
the client project into a temporary directory (``postc generate``; postc's cache is shared
by the runs as usual), starts ``postc mock`` of the same collection on a free loopback port,
and runs the project's own tests with ``POSTC_BASE_URL`` set to it (the package importable
through ``PYTHONPATH``; the tests need only pytest and httpx). Prints per collection the
tests passed, failed and skipped with the seconds taken, the first line of each failure,
and the skip reasons other than the legitimate ones (no saved example answers the request;
a script test whose JavaScript postc did not translate, or whose collection test fails on
its own saved example: counted apart, docs/scripts.md); then the totals. Target: every test
that runs passes.

``--env FILE`` (repeatable) generates with that environment the collections of the same
repository (the corpus names files ``owner__repo__file``). ``--keep DIR`` leaves each
project and the mock's request log under ``DIR/<collection>``.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REPO = Path(__file__).resolve().parents[1]
# The one reason a generated test may skip live: it has no example to ask the server for
# Live, the server has no saved example for the request (the example and script tests' words)
NO_EXAMPLE = ("no saved example answers this request", "has no saved example for this request")
UNTRANSLATED = "not translated: "  # a script test keeping JavaScript postc did not translate
EXPECTED_FAILURE = "the saved example fails: "  # xfail: the collection's test fails on it
_BANNER = re.compile(r" on (http://\S+) \(")


@dataclass
class Outcome:
    """What one collection's generated tests did live."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)  # "test: first line of the failure"
    odd_skips: list[str] = field(default_factory=list)  # skip reasons other than legitimate
    untranslated: int = 0  # skipped script tests holding JavaScript postc did not translate
    expected_failures: int = 0  # script tests the collection's own example fails
    error: str | None = None  # generation, the mock or pytest did not run
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return self.error is None and not self.failed and not self.odd_skips


def corpus_collections() -> list[Path]:
    """The v2.0 and v2.1 collections of the corpus, in MANIFEST order."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [CORPUS / row["file"] for row in rows if row["schema_version"] in ("v2.0", "v2.1")]


def _postc(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "generator", *map(str, args)]


@contextmanager
def running_mock(collection: Path, log: Path, env_file: Path | None = None) -> Iterator[str]:
    """``postc mock COLLECTION --port 0`` in its own process, logging to ``log`` (a file,
    never a pipe nobody reads: a full pipe would stall the server); yields its URL."""
    command = _postc("mock", collection, "--port", "0", *_env_args(env_file))
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen(command, cwd=REPO, stderr=stream, text=True)
    try:
        deadline = time.monotonic() + 60
        while (found := _BANNER.search(log.read_text(encoding="utf-8"))) is None:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("postc mock did not start: " + log.read_text(encoding="utf-8"))
            time.sleep(0.05)
        yield found.group(1)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _env_args(env_file: Path | None) -> list[str]:
    return ["--env", str(env_file)] if env_file is not None else []


def live_run(collection: Path, work: Path, env_file: Path | None = None) -> Outcome:
    """Generates ``collection`` into ``work/project`` and runs its tests against its mock."""
    started = time.perf_counter()
    project = work / "project"
    command = _postc("generate", collection, "-o", project, *_env_args(env_file))
    generated = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if generated.returncode != 0:
        return Outcome(error=f"postc generate exited {generated.returncode}: {generated.stderr}")
    report = work / "report.xml"
    with running_mock(collection, work / "mock.log", env_file) as url:
        environment = {
            **os.environ,
            "POSTC_BASE_URL": url,
            "PYTHONPATH": str(project),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs"]
        tests = subprocess.run(
            [*pytest, "--junitxml", str(report), "-o", "junit_family=xunit2"],
            cwd=project,
            env=environment,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
    outcome = _read_report(report) if report.is_file() else Outcome()
    if tests.returncode not in (0, 1) or not report.is_file():
        outcome.error = f"pytest exited {tests.returncode}: {_tail(tests.stdout + tests.stderr)}"
    outcome.seconds = time.perf_counter() - started
    return outcome


def _read_report(report: Path) -> Outcome:
    """Counts and first lines from pytest's JUnit XML report (one ``testcase`` per test)."""
    outcome = Outcome()
    for case in ElementTree.parse(report).iter("testcase"):
        name = case.get("name", "?")
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        skipped = case.find("skipped")
        if failure is not None:
            outcome.failed += 1
            outcome.failures.append(f"{name}: {_first_line(failure.get('message') or '')}")
        elif skipped is not None:
            outcome.skipped += 1
            reason = skipped.get("message") or ""
            if UNTRANSLATED in reason:
                outcome.untranslated += 1
            elif EXPECTED_FAILURE in reason:
                outcome.expected_failures += 1
            elif not any(words in reason for words in NO_EXAMPLE):
                outcome.odd_skips.append(f"{name}: {_first_line(reason)}")
        else:
            outcome.passed += 1
    return outcome


def _first_line(text: str) -> str:
    line = next((line for line in text.splitlines() if line.strip()), "")
    return line.strip()[:240]


def _tail(text: str) -> str:
    return " | ".join(text.strip().splitlines()[-5:])


def _env_for(collection: Path, env_files: Sequence[Path]) -> Path | None:
    """The environment given for the collection's repository (``owner__repo__``), if any."""
    repository = collection.name.split("__")[:2]
    return next((e for e in env_files if e.name.split("__")[:2] == repository), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="collections whose file name contains this")
    parser.add_argument("--env", type=Path, action="append", default=[], help="environment")
    parser.add_argument("--keep", type=Path, help="keep each project and mock log here")
    parser.add_argument("--failures", type=int, default=10, help="failure lines per collection")
    args = parser.parse_args()
    if not (CORPUS / "MANIFEST.tsv").is_file():
        sys.exit(f"bench/live_mock.py: no corpus at {CORPUS} (../shared/corpus beside the repo)")
    totals = Outcome()
    clean = ran = 0
    for collection in corpus_collections():
        if args.only not in collection.name:
            continue
        with tempfile.TemporaryDirectory() as temporary:
            work = Path(temporary) if args.keep is None else args.keep / collection.stem
            work.mkdir(parents=True, exist_ok=True)
            outcome = live_run(collection, work, _env_for(collection, args.env))
        ran += 1
        clean += outcome.clean
        totals.passed += outcome.passed
        totals.failed += outcome.failed
        totals.skipped += outcome.skipped
        totals.untranslated += outcome.untranslated
        totals.expected_failures += outcome.expected_failures
        print(
            f"{collection.name[:90]}: {outcome.passed} passed, {outcome.failed} failed, "
            f"{outcome.skipped} skipped ({outcome.untranslated} untranslated, "
            f"{outcome.expected_failures} expected failures) ({outcome.seconds:.1f} s)",
            flush=True,
        )
        for line in outcome.failures[: args.failures]:
            print(f"    FAILED {line}")
        if len(outcome.failures) > args.failures:
            print(f"    ... and {len(outcome.failures) - args.failures} more failures")
        for line in outcome.odd_skips[: args.failures]:
            print(f"    SKIPPED {line}")
        if outcome.error is not None:
            print(f"    ERROR {outcome.error}")
    share = totals.passed / max(1, totals.passed + totals.failed)
    print(
        f"{clean}/{ran} collections clean; {totals.passed} passed, {totals.failed} failed, "
        f"{totals.skipped} skipped ({totals.untranslated} script tests untranslated, "
        f"{totals.expected_failures} expected failures); {share:.1%} of the tests that ran passed"
    )


if __name__ == "__main__":
    main()
