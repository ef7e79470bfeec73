"""How the suite runs: ``.ci/run`` runs the README's command (on every core, ``-n auto``),
and pytest-xdist's workers share one postc cache (``tests/conftest.py``)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import postc_cache

REPO = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_command_on_every_core() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (command,) = re.findall(r"^python3 -m venv \.venv .* && \.venv/bin/pytest.*$", readme, re.M)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == command
    assert command.endswith(" && .venv/bin/pytest -n auto")


def test_the_workers_of_a_run_share_one_cache_and_runs_do_not(tmp_path: Path) -> None:
    run = tmp_path / "pytest-7"
    workers = {postc_cache(run / f"popen-gw{n}", in_a_worker=True) for n in range(2)}
    assert workers == {run / "postc-cache"}
    another = postc_cache(tmp_path / "pytest-8" / "popen-gw0", in_a_worker=True)
    assert another != run / "postc-cache"
    assert postc_cache(run, in_a_worker=False) == run / "postc-cache"  # serial: its own
