"""Every v2 collection of ../shared/corpus generates a project whose own tests pass and that
ruff accepts (its code is black's output by construction: postc runs black itself).

Two generated projects failed before this test existed (a ``base_url`` passed twice to the
client in conftest.py, a host-only ``{{base_url}}`` given a whole URL), and their package,
mypy and black checks passed: only running the generated tests showed it. mypy is run on
the fixtures and the bundled collections (tests/test_security_fixtures.py,
tests/test_generate.py); on all of the corpus it takes minutes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import CORPUS, run
from tests.test_corpus import COLLECTIONS

BIN = Path(sys.executable).parent
NAMES = [row["file"] for row in COLLECTIONS]


def _run(command: list[str], cwd: Path) -> tuple[int, str]:
    done = run(command, cwd)
    return done.returncode, done.stdout + done.stderr


def _checked(name: str, root: Path) -> dict[str, tuple[int, str]]:
    out = root / "out"
    generated = _run([str(BIN / "postc"), "generate", str(CORPUS / name), "-o", str(out)], root)
    if generated[0] != 0:
        return {"generate": generated}
    pytest_run = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests"]
    return {
        "generate": generated,
        "pytest": _run(pytest_run, out),
        "ruff": _run([str(BIN / "ruff"), "check", "--no-cache", "."], out),
    }


Results = dict[str, Future[dict[str, tuple[int, str]]]]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Results]:
    """Every collection generated and checked, two (or one per core) at a time."""
    pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))
    yield {name: pool.submit(_checked, name, tmp_path_factory.mktemp("corpus")) for name in NAMES}
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("name", NAMES, ids=lambda name: name[:60])
def test_the_generated_project_passes_its_tests_and_ruff(name: str, results: Results) -> None:
    checks = results[name].result(timeout=900)
    for check, (status, output) in checks.items():
        assert status == 0, f"{check}:\n{output[-3000:]}"
