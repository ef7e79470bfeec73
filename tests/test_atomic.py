"""One atomic writer under every file postc writes (``generator.atomic``; issue 19).

The primitive is checked on real files: a link at the target is replaced, never written
through; nothing at a new file's name is ever opened; a write that fails (a real failure:
the process's file size limit) leaves no file behind. Then each caller's own guarantee:
the cache's thread-owned temporary name, and the generated files' permissions.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.atomic import create_file, replace_file, temporary_beside
from generator.cache import load, store
from generator.generate import generate
from tests.conftest import collection_doc, request_item

SMALL_FILES = 64
"""A child process whose files may hold at most this many bytes: a longer write fails."""
REPO = Path(__file__).resolve().parents[1]
_FAILING_WRITES = """
from pathlib import Path
from generator.atomic import create_file, replace_file
from generator.output import write_atomically
data = b"x" * 128
writes = [
    lambda: create_file(Path("new"), data),
    lambda: replace_file(Path("target"), data, Path(".target.tmp")),
    lambda: write_atomically(Path("document.json"), data),
]
for write in writes:
    try:
        write()
    except OSError as error:
        print(error.strerror)
    else:
        print("written")
"""


def _small_files() -> None:
    """In the child, before it runs: the file size limit, and EFBIG instead of SIGXFSZ."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (SMALL_FILES, resource.RLIM_INFINITY))


def test_a_link_at_the_target_is_replaced_not_written_through(tmp_path: Path) -> None:
    outside, shared = tmp_path / "outside", tmp_path / "shared"
    outside.write_bytes(b"theirs")
    shared.write_bytes(b"shared")
    (tmp_path / "symlink").symlink_to(outside)
    (tmp_path / "hardlink").hardlink_to(shared)
    for name in ("symlink", "hardlink"):
        replace_file(tmp_path / name, b"new", tmp_path / f".{name}.tmp")
        assert not (tmp_path / name).is_symlink() and (tmp_path / name).read_bytes() == b"new"
    assert outside.read_bytes() == b"theirs" and shared.read_bytes() == b"shared"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "hardlink",
        "outside",
        "shared",
        "symlink",
    ]


def test_nothing_at_a_new_files_name_is_opened(tmp_path: Path) -> None:
    existing, target = tmp_path / "existing", tmp_path / "target"
    existing.write_bytes(b"keep")
    (tmp_path / "dangling").symlink_to(target)  # O_CREAT alone would create ``target``
    for name in ("existing", "dangling"):
        with pytest.raises(FileExistsError):
            create_file(tmp_path / name, b"new")
    assert existing.read_bytes() == b"keep" and not target.exists()


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    """A real failure: the file size limit, set in a child process (in this one it would
    also fail pytest's own output when that is a file, as in CI)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-c", _FAILING_WRITES],
        cwd=tmp_path,
        env=environment,
        preexec_fn=_small_files,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines() == ["File too large"] * 3
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_leaves_the_target_and_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "inside").write_bytes(b"keep")
    with pytest.raises(OSError):
        replace_file(tmp_path / "target", b"new", tmp_path / ".target.tmp")
    assert [p.name for p in tmp_path.iterdir()] == ["target"]
    assert (tmp_path / "target" / "inside").read_bytes() == b"keep"


def test_new_files_have_the_permissions_asked_less_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        create_file(tmp_path / "private", b"")
        create_file(tmp_path / "shared", b"", 0o666)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o640


def test_temporary_names_are_hidden_beside_the_target_and_differ(tmp_path: Path) -> None:
    names = {temporary_beside(tmp_path / "document.json") for _ in range(100)}
    assert len(names) == 100
    assert all(n.parent == tmp_path and n.name.startswith(".document.json.") for n in names)


def test_a_cache_temporary_left_by_a_killed_run_does_not_block_the_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache names its temporaries after the process and thread: a run killed mid-write
    leaves one that a later run with the same ids finds. It is removed, not followed."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("POSTC_CACHE_DIR", str(cache))
    entry = cache / "render" / "entry"
    store(entry, b"first")  # creates the directories
    outside = tmp_path / "outside"
    outside.write_bytes(b"theirs")
    leftover = entry.with_name(f".entry.{os.getpid()}-{threading.get_ident()}")
    leftover.symlink_to(outside)
    store(entry, b"second")
    assert load(entry) == b"second" and outside.read_bytes() == b"theirs"
    assert not leftover.exists() and not leftover.is_symlink()


def test_generated_files_get_the_permissions_of_the_users_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staging of ``generate``'s commit asks for 0666 less the umask, as any new file
    of the user's: a generated project is not private as the cache is."""
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "c.json"
    item = request_item("Get thing", url="https://x.test/things/1")
    source.write_text(json.dumps(collection_doc(item)), encoding="utf-8")
    previous = os.umask(0o027)
    try:
        generate(source, tmp_path / "out")
    finally:
        os.umask(previous)
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert files and {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o640}
