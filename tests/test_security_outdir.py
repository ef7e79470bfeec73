"""OUTDIR and the input files are untrusted (issue 15, part 2; docs/security.md, "The output
directory and the input files").

- Nothing below OUTDIR is read or written through a symbolic link, to a file or to a
  directory, by ``generate``, ``generate --force``, ``check`` or ``check --diff``: a real
  link to a canary file outside is refused (exit 2, one line naming it), the canary is
  unchanged and its content never printed.
- No input (collection, environment, overrides, templates, pyproject.toml) and no file of
  OUTDIR is read past a limit, or blocks postc: ``/dev/zero``, sparse 10 GiB files and FIFOs
  run in a subprocess, under an address-space cap (a safety net: without the limits they
  would eat the machine) and a timeout, with their peak memory measured.
- A manifest that is not what postc writes is exit 2 with one line naming it.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.generate import MANIFEST
from tests.conftest import collection_doc, request_item
from tests.fixtures.helpers import package_of, postc

CANARY = "POSTC-CANARY-5f3a9c"
GIB = 1 << 30
MIB = 1 << 20
SPARSE = 10 * GIB  # truncate makes it: no disk, ten seconds of reading, 10 GiB of memory
ADDRESS_SPACE = 3 * GIB  # the subprocess's cap: a run that reads any of them whole dies
PEAK_MIB = 300  # a run that read none of them whole stays far below (postc itself: ~100)
SECONDS = 30  # each run takes about a second
COMMANDS = [("generate",), ("generate", "--force"), ("check",), ("check", "--diff")]


def _collection() -> dict[str, Any]:
    get = request_item("Get thing", url="https://api.example.com/things/1")
    get["response"] = [
        {
            "name": "ok",
            "code": 200,
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": json.dumps({"id": 1, "name": "thing"}),
        }
    ]
    return collection_doc({"name": "Things", "item": [get]})


@dataclass(frozen=True)
class Project:
    """A generated project (a copy of one generated once), and a canary file beside it."""

    collection: Path
    out: Path
    canary: Path

    def postc(self, *command: str) -> tuple[int, str, str]:
        return postc(*command, self.collection, "-o", self.out)

    @property
    def package(self) -> Path:
        return self.out / package_of(self.out)

    def snapshot(self) -> dict[str, bytes | str]:
        """Every entry of OUTDIR: file bytes, or where a link points."""
        return {
            path.relative_to(self.out).as_posix(): (
                str(path.readlink()) if path.is_symlink() else path.read_bytes()
            )
            for path in sorted(self.out.rglob("*"))
            if path.is_symlink() or path.is_file()
        }


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("pristine")
    collection = root / "collection.json"
    collection.write_text(json.dumps(_collection()), encoding="utf-8")
    status, _, err = postc("generate", collection, "-o", root / "out")
    assert status == 0, err
    return collection, root / "out"


@pytest.fixture
def project(pristine: tuple[Path, Path], tmp_path: Path) -> Project:
    collection, out = pristine
    shutil.copytree(out, tmp_path / "out", symlinks=True)
    canary = tmp_path / "outside" / "canary.txt"
    canary.parent.mkdir()
    canary.write_text(CANARY, encoding="utf-8")
    return Project(collection, tmp_path / "out", canary)


def assert_refused(status: int, err: str, path: Path, why: str) -> None:
    """Exit 2 and one line naming ``path``."""
    assert status == 2, err
    assert err.count("\n") == 1 and err.startswith(f"{path}: "), err
    assert why in err and "internal error" not in err


# -- symbolic links below OUTDIR ---------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_link_in_place_of_a_generated_file_is_refused_never_followed(
    project: Project, command: tuple[str, ...]
) -> None:
    link = project.out / "README.md"
    link.unlink()
    link.symlink_to(project.canary)
    status, out, err = project.postc(*command)
    assert_refused(status, err, link, "symbolic link")
    assert CANARY not in out + err
    assert project.canary.read_text(encoding="utf-8") == CANARY
    assert link.is_symlink() and link.readlink() == project.canary


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_linked_directory_is_never_entered(project: Project, command: tuple[str, ...]) -> None:
    """A directory of the package replaced by a link to a directory outside holding files of
    the same names: nothing is read from it, written to it or removed from it."""
    models = project.package / "models"
    elsewhere = project.canary.parent / "models"
    shutil.copytree(models, elsewhere)
    for module in elsewhere.iterdir():
        module.write_text(CANARY, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    shutil.rmtree(models)
    models.symlink_to(elsewhere, target_is_directory=True)
    status, out, err = project.postc(*command)
    assert_refused(status, err, models, "symbolic link")
    assert CANARY not in out + err
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


@pytest.mark.parametrize("target", ["canary", "a valid manifest"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_linked_manifest_is_refused(
    project: Project, command: tuple[str, ...], target: str
) -> None:
    manifest = project.out / MANIFEST
    if target == "a valid manifest":  # even a manifest postc wrote is not read through one
        shutil.copy(manifest, project.canary)
    before = project.canary.read_bytes()
    manifest.unlink()
    manifest.symlink_to(project.canary)
    status, out, err = project.postc(*command)
    assert_refused(status, err, manifest, "symbolic link")
    assert CANARY not in out + err
    assert project.canary.read_bytes() == before and manifest.is_symlink()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_stale_file_that_is_a_link_is_refused(project: Project, command: tuple[str, ...]) -> None:
    """A path the manifest lists and postc no longer generates (it would be removed)."""
    manifest = project.out / MANIFEST
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    doc["files"]["old_module.py"] = hashlib.sha256(CANARY.encode()).hexdigest()
    manifest.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    link = project.out / "old_module.py"
    link.symlink_to(project.canary)
    status, out, err = project.postc(*command)
    assert_refused(status, err, link, "symbolic link")
    assert CANARY not in out + err
    assert project.canary.read_text(encoding="utf-8") == CANARY and link.is_symlink()


@pytest.mark.parametrize("replaced", ["README.md", "models"])
def test_the_no_op_check_reads_nothing_through_a_link(project: Project, replaced: str) -> None:
    """The no-op fast path (a stamp of this very output in the cache) compares the files on
    disk with the manifest: a file or directory replaced by a link to an identical copy
    outside is refused there too, not taken as unchanged."""
    assert project.postc("generate")[0] == 0  # stamps this output
    original = project.out / replaced if replaced == "README.md" else project.package / "models"
    copy = project.canary.parent / replaced
    original.rename(copy)
    original.symlink_to(copy)
    status, out, err = project.postc("generate")
    assert_refused(status, err, original, "symbolic link")
    assert out == ""


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc (Linux)")
def test_check_diff_never_prints_the_environment(project: Project, tmp_path: Path) -> None:
    """The review's case: an OUTDIR entry linking to /proc/self/environ put CI tokens into
    the log. A subprocess, so that the canary is in its environment from the start."""
    link = project.out / "README.md"
    link.unlink()
    link.symlink_to("/proc/self/environ")
    run = measured(
        "check", "--diff", project.collection, "-o", project.out,
        tmp=tmp_path, env={"CI_TOKEN": CANARY},
    )  # fmt: skip
    assert_refused(run.status, run.err, link, "symbolic link")
    assert CANARY not in run.out + run.err


def test_outdir_itself_may_be_a_link_the_user_chose(project: Project, tmp_path: Path) -> None:
    chosen = tmp_path / "chosen"
    chosen.symlink_to(project.out, target_is_directory=True)
    (project.package / "models" / "__init__.py").write_text("# mine\n", encoding="utf-8")
    status, out, err = postc("generate", project.collection, "-o", chosen, "--force")
    assert status == 0, err
    assert "(1 written, 0 removed)" in out
    assert postc("check", project.collection, "-o", chosen)[0] == 0


def test_a_hard_link_is_replaced_never_written_through(project: Project) -> None:
    """A generated file that is a hard link to a file outside: the writer renames the new
    file into place, so the other name keeps its content."""
    readme = project.out / "README.md"
    readme.unlink()
    os.link(project.canary, readme)
    assert project.postc("generate")[0] == 1  # edited: a conflict
    status, _, err = project.postc("generate", "--force")
    assert status == 0, err
    assert project.canary.read_text(encoding="utf-8") == CANARY
    assert project.canary.stat().st_nlink == 1 and CANARY not in readme.read_text("utf-8")


def test_a_file_where_postc_needs_a_directory_is_bad_input(project: Project) -> None:
    models = project.package / "models"
    shutil.rmtree(models)
    models.write_text(CANARY, encoding="utf-8")
    assert project.postc("check")[0] == 1  # its modules are missing
    status, _, err = project.postc("generate", "--force")
    assert_refused(status, err, models, "not a directory")
    assert models.read_text(encoding="utf-8") == CANARY


# -- what postc prints of OUTDIR ---------------------------------------------------------------


def test_check_diff_escapes_what_would_drive_the_terminal(project: Project) -> None:
    readme = project.out / "README.md"
    hostile = "\x1b]0;owned\x07\x1b[2J\x1b[31mred\rback\u202eevil\u2028next\x9b31m\n"
    readme.write_text(readme.read_text(encoding="utf-8") + hostile, encoding="utf-8")
    status, out, _ = project.postc("check", "--diff")
    assert status == 1
    assert not set(out) & {"\x1b", "\x07", "\r", "\u202e", "\u2028", "\x9b"}, out
    shown = (
        "-\\u001b]0;owned\\u0007\\u001b[2J\\u001b[31mred\\rback\\u202eevil\\u2028next"
        "\\u009b31m\n"
    )
    assert shown in out  # generator.terminal.printable's escapes


def test_check_diff_shows_no_file_too_long_to_diff_in_linear_time(project: Project) -> None:
    """difflib is quadratic in the lines two files share: a file of OUTDIR made of 100,000
    short lines is not diffed (it would take minutes against a like generated file)."""
    readme = project.out / "README.md"
    readme.write_text("".join(f"{i % 150}\n" for i in range(100_000)), encoding="utf-8")
    started = time.process_time()
    status, out, _ = project.postc("check", "--diff")
    assert status == 1 and time.process_time() - started < SECONDS
    assert f"{readme}: over 20,000 lines, not shown\n" in out and "\n-149\n" not in out


# -- the manifest ------------------------------------------------------------------------------

DIGEST = b"0" * 64


def listing(path: bytes) -> bytes:
    """A manifest listing ``path`` (JSON text, escapes and all)."""
    return b'{"files": {"%s": "%s"}}' % (path, DIGEST)


BAD_MANIFESTS: dict[str, bytes] = {
    "100,000 [": b"[" * 100_000,
    "100,000 nested objects": b'{"a":' * 100_000,
    "files nested 100,000 deep": b'{"files": ' + b"[" * 100_000,
    "empty": b"",
    "not JSON": b"files: {}",
    "a list": b"[]",
    "a string": b'"files"',
    "null": b"null",
    "no files": b'{"postc": "0.1.0"}',
    "files a list": b'{"files": []}',
    "files null": b'{"files": null}',
    "a digest a number": b'{"files": {"README.md": 5}}',
    "a digest null": b'{"files": {"README.md": null}}',
    "a digest an object": b'{"files": {"README.md": {"sha256": "0"}}}',
    "a digest not hex": b'{"files": {"README.md": "' + b"z" * 64 + b'"}}',
    "a digest upper case": b'{"files": {"README.md": "' + b"A" * 64 + b'"}}',
    "postc a number": b'{"files": {}, "postc": 1}',
    "black a list": b'{"files": {}, "black": ["26"]}',
    "package with an escape": b'{"files": {}, "package": "\\u001b[2Jpkg"}',
    "package NaN": b'{"files": {}, "package": NaN}',
    "inputs a list": b'{"files": {}, "inputs": []}',
    "an input a number": b'{"files": {}, "inputs": {"collection": 1}}',
    "an input name with a newline": b'{"files": {}, "inputs": {"a\\nb": null}}',
    "duplicate top-level key": b'{"files": {}, "files": {}}',
    "duplicate file": b'{"files": {"README.md": "%s", "README.md": "%s"}}' % (DIGEST, DIGEST),
    "not UTF-8": b'{"files": {"\xff": "0"}}',
    "UTF-16 with a BOM": '{"files": {}}'.encode("utf-16"),
    "lone surrogate in a path": listing(b"\\ud800.py"),
    "lone surrogate in a version": b'{"files": {}, "black": "\\udfff"}',
    "path ..": listing(b"../victim"),
    "absolute path": listing(b"/etc/passwd"),
    "NUL in a path": listing(b"a\\u0000b"),
    "backslash path": listing(b"..\\\\victim"),
    "drive letter": listing(b"C:evil"),
    "empty path": listing(b""),
    "empty component": listing(b"a//b.py"),
    "dot component": listing(b"./b.py"),
    "escape in a path": listing(b"x\\u001b[31m.py"),
    "newline in a path": listing(b"x\\ny.py"),
    "a 300-character name": listing(b"a" * 300),
    "over the size limit": b'{"files": {}, "pad": "' + b" " * (9 * MIB) + b'"}',
}


@pytest.mark.parametrize("content", BAD_MANIFESTS.values(), ids=BAD_MANIFESTS.keys())
@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_bad_manifest_is_one_line_and_exit_2(
    project: Project, command: str, content: bytes
) -> None:
    manifest = project.out / MANIFEST
    manifest.write_bytes(content)
    before = project.snapshot()
    status, _, err = project.postc(command)
    assert_refused(status, err, manifest, "not a manifest postc wrote (remove it)")
    assert err[:-1].isprintable(), err  # nothing of it reaches the terminal raw
    assert project.snapshot() == before


def test_the_manifests_postc_writes_pass_the_rule(project: Project) -> None:
    """The rule is no stricter than postc: the bundled clients' manifests are read."""
    repository = Path(__file__).resolve().parents[1]
    manifests = sorted((repository / "generated").glob(f"*/{MANIFEST}"))
    assert len(manifests) == 2
    for manifest in manifests:
        shutil.copy(manifest, project.out / MANIFEST)
        assert project.postc("check")[::2] == (1, "")  # another project's: out of date


# -- sizes, devices and FIFOs, in a subprocess -------------------------------------------------


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str
    peak_mib: float
    seconds: float


_MEASURE = """
import os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from generator.cli import main
try:
    main()
finally:
    # VmHWM: this program's own peak (ru_maxrss starts at the forking pytest's size on Linux)
    try:
        with open("/proc/self/status") as status:
            peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(os.environ["POSTC_TEST_PEAK"], "w") as stream:
        stream.write(str(peak))
"""


def measured(
    *args: str | Path, tmp: Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Run:
    """``postc ARGS`` in a subprocess under the address-space cap: its exit status, output,
    peak resident memory and CPU time."""
    peak = tmp / "peak"
    environment = {**os.environ, **(env or {}), "POSTC_TEST_PEAK": str(peak)}
    environment.pop("POSTC_DEBUG", None)
    started = _children_cpu()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE.format(cap=ADDRESS_SPACE), *map(str, args)],
        capture_output=True, text=True, env=environment, cwd=cwd, timeout=60, check=False,
    )  # fmt: skip
    seconds = _children_cpu() - started
    kib = int(peak.read_text()) if peak.exists() else 0
    return Run(done.returncode, done.stdout, done.stderr, kib / 1024, seconds)


def _children_cpu() -> float:
    """CPU seconds of the ended child processes: what a run cost, whatever else the machine
    was doing meanwhile (a wall-clock bound fails on a loaded runner)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sparse(path: Path, size: int = SPARSE) -> Path:
    with path.open("wb") as stream:
        stream.truncate(size)
    return path


def assert_bounded(run: Run) -> None:
    assert run.peak_mib < PEAK_MIB and run.seconds < SECONDS, run


INPUTS = {"collection": (), "--env": ("--env",), "--overrides": ("--overrides",)}


@pytest.mark.parametrize("source", ["/dev/zero", "sparse"])
@pytest.mark.parametrize("option", INPUTS.values(), ids=INPUTS.keys())
def test_a_huge_or_endless_input_is_refused_in_bounded_memory(
    project: Project, tmp_path: Path, option: tuple[str, ...], source: str
) -> None:
    huge = Path("/dev/zero") if source == "/dev/zero" else sparse(tmp_path / "huge.json")
    collection = project.collection if option else huge
    arguments = (collection, "-o", project.out, *option, *((huge,) if option else ()))
    for command in ("generate", "check"):
        run = measured(command, *arguments, tmp=tmp_path)
        assert_refused(run.status, run.err, huge, "file too large")
        assert_bounded(run)


def test_a_huge_user_template_is_refused_in_bounded_memory(
    project: Project, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    (templates / "project").mkdir(parents=True)
    template = sparse(templates / "project" / "README.md.j2")
    run = measured(
        "generate", project.collection, "-o", project.out, "--templates", templates, tmp=tmp_path
    )
    assert_refused(run.status, run.err, template, "file too large")
    assert_bounded(run)


def test_a_user_template_that_is_not_utf8_is_bad_input(project: Project, tmp_path: Path) -> None:
    template = tmp_path / "templates" / "project" / "README.md.j2"
    template.parent.mkdir(parents=True)
    template.write_bytes(b"# \xff\xfe\n")
    status, _, err = project.postc("generate", "--templates", str(tmp_path / "templates"))
    assert_refused(status, err, template, "not utf-8 text")


def test_a_huge_pyproject_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    pyproject = sparse(tmp_path / "pyproject.toml")
    run = measured("check", tmp=tmp_path, cwd=tmp_path)
    assert_refused(run.status, run.err, Path(os.path.relpath(pyproject, tmp_path)), "too large")
    assert_bounded(run)


def test_a_huge_manifest_is_refused_unread(project: Project, tmp_path: Path) -> None:
    manifest = sparse(project.out / MANIFEST)
    for command in ("generate", "check"):
        run = measured(command, project.collection, "-o", project.out, tmp=tmp_path)
        assert_refused(run.status, run.err, manifest, "over 8 MiB")
        assert_bounded(run)


def test_a_huge_generated_file_is_changed_and_never_read_whole(
    project: Project, tmp_path: Path
) -> None:
    readme = sparse(project.out / "README.md")
    arguments = (project.collection, "-o", project.out)
    run = measured("check", *arguments, tmp=tmp_path)
    assert (run.status, run.err) == (1, "") and "edited   README.md" in run.out
    assert_bounded(run)
    run = measured("check", "--diff", *arguments, tmp=tmp_path)
    assert run.status == 1 and f"{readme}: over 4 MiB, not shown\n" in run.out
    assert_bounded(run)
    run = measured("generate", "--force", *arguments, tmp=tmp_path)
    assert run.status == 0, run.err
    assert_bounded(run)
    assert readme.stat().st_size < MIB


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_link_to_dev_zero_is_refused_unread(
    project: Project, tmp_path: Path, command: tuple[str, ...]
) -> None:
    readme = project.out / "README.md"
    readme.unlink()
    readme.symlink_to("/dev/zero")
    run = measured(*command, project.collection, "-o", project.out, tmp=tmp_path)
    assert_refused(run.status, run.err, readme, "symbolic link")
    assert_bounded(run)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_fifo_in_place_of_a_generated_file_never_blocks(
    project: Project, tmp_path: Path, command: tuple[str, ...]
) -> None:
    readme = project.out / "README.md"
    readme.unlink()
    os.mkfifo(readme)
    run = measured(*command, project.collection, "-o", project.out, tmp=tmp_path)
    assert_bounded(run)
    if command == ("generate", "--force"):  # moved aside, unopened, like any foreign file
        assert run.status == 0 and readme.is_file(), run.err
    else:
        assert run.status == 1 and "internal error" not in run.err, run.err
        assert "foreign  README.md" in run.out + run.err
    if command == ("check", "--diff"):
        assert f"{readme}: not a regular file, not shown\n" in run.out


def test_a_fifo_as_manifest_or_input_never_blocks(project: Project, tmp_path: Path) -> None:
    manifest = project.out / MANIFEST
    manifest.unlink()
    os.mkfifo(manifest)
    run = measured("check", project.collection, "-o", project.out, tmp=tmp_path)
    assert_refused(run.status, run.err, manifest, "not a regular file")
    environment = tmp_path / "env.json"
    os.mkfifo(environment)  # nobody writes to it: it reads as empty
    run = measured(
        "generate", project.collection, "-o", tmp_path / "new", "--env", environment, tmp=tmp_path
    )
    assert_refused(run.status, run.err, environment, "empty file")
    assert_bounded(run)
    assert not (tmp_path / "new").exists()
