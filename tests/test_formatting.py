"""How many black workers a generation starts: none below ``PARALLEL_CHARACTERS`` of text
the cache does not have, then one per half of that, at most ``$POSTC_JOBS`` (default: the
cores); the same formatted files however many ran (``generator/formatting.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import generator.formatting as formatting

SIZE = len("x0000 = f(\n    1000\n)\n")  # of each module of ``modules``
THRESHOLD = 10 * SIZE  # characters of text to format per worker, in these tests


@pytest.fixture(autouse=True)
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(formatting, "PARALLEL_CHARACTERS", THRESHOLD)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[formatting._Worker]:
    """The workers started, as they start (real ones: they format)."""
    workers: list[formatting._Worker] = []
    start = formatting._Worker.__init__

    def recording(worker: formatting._Worker) -> None:
        start(worker)
        workers.append(worker)

    monkeypatch.setattr(formatting._Worker, "__init__", recording)
    return workers


def modules(characters: int) -> list[tuple[str, str]]:
    """Python files black changes (a call on three lines), ``characters`` in all, rounded
    down to whole files of ``SIZE``."""
    return [
        (f"m{index}.py", f"x{index:04d} = f(\n    {index + 1000}\n)\n")
        for index in range(characters // SIZE)
    ]


def formatted(files: list[tuple[str, str]]) -> dict[str, str]:
    return {path: text.replace("(\n    ", "(").replace("\n)", ")") for path, text in files}


@pytest.mark.parametrize(
    ("jobs", "characters", "workers"),
    [
        ("6", THRESHOLD - SIZE, 0),  # little work: black in this process
        ("6", THRESHOLD, 2),  # a worker per half of the threshold...
        ("6", 2 * THRESHOLD + 3 * SIZE, 4),  # ... bounded by the work...
        ("3", 10 * THRESHOLD, 3),  # ... and by the jobs
        ("1", 10 * THRESHOLD, 0),  # POSTC_JOBS=1: in-process
    ],
)
def test_workers_start_for_enough_work_one_per_share_up_to_the_jobs(
    monkeypatch: pytest.MonkeyPatch,
    started: list[formatting._Worker],
    jobs: str,
    characters: int,
    workers: int,
) -> None:
    monkeypatch.setenv("POSTC_JOBS", jobs)
    files = modules(characters)
    assert formatting.format_files(files) == formatted(files)
    assert len(started) == workers
    assert all(worker.texts for worker in started)  # each one was given work


def test_cached_texts_count_for_no_worker(
    monkeypatch: pytest.MonkeyPatch, started: list[formatting._Worker]
) -> None:
    monkeypatch.setenv("POSTC_JOBS", "1")
    files = modules(4 * THRESHOLD)
    formatting.format_files(files)  # fills the cache, in-process
    monkeypatch.setenv("POSTC_JOBS", "4")
    assert formatting.format_files(files) == formatted(files)
    assert started == []


def test_the_default_jobs_are_the_cores_this_process_may_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("POSTC_JOBS", raising=False)
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    assert formatting._jobs() == (len(cores) if cores else os.cpu_count())


def test_a_worker_that_cannot_start_leaves_the_rest_to_those_running(
    monkeypatch: pytest.MonkeyPatch, started: list[formatting._Worker]
) -> None:
    """The second worker fails to start: the first and this process format everything."""
    monkeypatch.setenv("POSTC_JOBS", "6")
    command = formatting.worker_command
    missing = [str(Path(command()[0]).with_name("no-such-python"))]
    commands = iter([command(), *[missing] * 10])
    monkeypatch.setattr(formatting, "worker_command", lambda: next(commands))
    files = modules(5 * THRESHOLD)
    assert formatting.format_files(files) == formatted(files)
    assert len(started) == 1


# -- long texts: cut into pieces once, then found whole ---------------------------------------


@pytest.fixture
def cuts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``pieces`` is asked to cut (it does), with pieces of about 100 characters."""
    monkeypatch.setenv("POSTC_JOBS", "1")
    monkeypatch.setattr(formatting, "PIECE_CHARACTERS", 100)
    asked: list[str] = []
    cut = formatting.pieces

    def recording(text: str) -> list[str]:
        asked.append(text)
        return cut(text)

    monkeypatch.setattr(formatting, "pieces", recording)
    return asked


def long_module(last: str = "") -> str:
    """Top-level statements black changes, two blank lines apart: several pieces long."""
    statements = [f"x{index} = f(\n    {index + 1000}\n)\n" for index in range(12)]
    return "\n\n".join([*statements, last] if last else statements)


def test_a_long_text_formatted_before_is_not_cut_again(cuts: list[str]) -> None:
    text = long_module()
    first = formatting.format_files([("long.py", text)])
    assert cuts == [text]
    assert first["long.py"] == formatting._black(text)  # black's text of the whole
    assert formatting.format_files([("long.py", text)]) == first
    assert cuts == [text]  # the second run found it whole
    assert len(formatting.pieces(text)) > 2  # (it is long enough to be cut)


def test_a_long_text_with_a_piece_black_cannot_parse_is_not_cached_whole(
    cuts: list[str],
) -> None:
    files = [("long.py", long_module(last="def (:\n"))]
    first = formatting.format_files(files)
    assert first["long.py"].endswith("def (:\n")  # left for the compile check to report
    assert formatting.format_files(files) == first
    assert len(cuts) == 2  # cut again: black meets the broken piece again
