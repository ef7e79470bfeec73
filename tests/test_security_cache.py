"""The cache is not a way in (issue 15, part 1; docs/security.md, "The cache").

Whoever can write postc's cache directory (a shared or relative ``POSTC_CACHE_DIR``, a
restored CI cache, a symlink planted in it) must not choose what postc runs or generates:
nothing read from the cache is executed, every entry is bound to its key, the cache is
refused when others may write it, and nothing in it is reached through a symlink.

Each test plants what an attacker would, with the names postc really uses, and checks the
generated files are exactly what a cold run gives. Names that only exist since the fix are
imported inside the tests that need them, so that every other test can be run against the
code before it.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.cache import output_lock, prune, store
from generator.config import Target
from generator.emit.environment import environment
from generator.formatting import black_version
from generator.generate import MANIFEST, generate
from generator.memo import MEMO_FORM, InferenceMemo
from generator.pipeline import input_hashes
from tests.conftest import RunPostc, collection_doc, request_item

REPO = Path(__file__).resolve().parents[1]
PAYLOAD = "__import__('os').system('touch planted')  # PLANTED\n"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own cache directory (not created yet: postc makes it)."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("POSTC_CACHE_DIR", str(directory))
    return directory


def example(body: Any) -> dict[str, Any]:
    header = [{"key": "Content-Type", "value": "application/json"}]
    return {"name": "ok", "code": 200, "header": header, "body": json.dumps(body)}


def api(thing: dict[str, Any] | None = None) -> dict[str, Any]:
    """Two folders of one request each, with different bodies (so different models)."""
    get_thing = request_item("Get thing", url="https://x.test/things/1")
    get_thing["response"] = [example(thing or {"id": 1, "name": "a"})]
    list_users = request_item("List users", url="https://x.test/users")
    list_users["response"] = [example([{"id": 7, "email": "a@example.com", "active": True}])]
    return collection_doc(
        {"name": "Things", "item": [get_thing]}, {"name": "Users", "item": [list_users]}
    )


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write(tmp_path / "c.json", api())


@pytest.fixture
def expected(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What postc generates from ``source`` with a cache of its own (then put back)."""
    cache = os.environ["POSTC_CACHE_DIR"]
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "reference-cache"))
    files = generate(source, tmp_path / "reference").files
    monkeypatch.setenv("POSTC_CACHE_DIR", cache)
    return files


def entries(cache: Path, kind: str) -> list[Path]:
    """The entries postc wrote under ``kind/`` (not its temporaries)."""
    return sorted(p for p in (cache / kind).rglob("*") if p.is_file() and p.name[0] != ".")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# -- entries are bound to their keys ----------------------------------------------------------


@pytest.mark.parametrize("kind", ["render", "black"])
def test_a_planted_entry_does_not_reach_the_package(
    kind: str, source: Path, tmp_path: Path, cache: Path, expected: dict[str, str]
) -> None:
    generate(source, tmp_path / "first")
    planted = entries(cache, kind)
    assert planted
    for entry in planted:  # the real names, attacker's content
        entry.write_text(PAYLOAD, encoding="utf-8")
    assert generate(source, tmp_path / "second").files == expected
    assert all(b"PLANTED" not in entry.read_bytes() for entry in planted)  # rewritten


@pytest.mark.parametrize(
    "edit",
    [
        lambda data: data + b"# edited\n",
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b"class ", b"klass ", 1) if b"class " in data else data + b"x",
        lambda data: b"",
    ],
    ids=["appended", "truncated", "changed", "emptied"],
)
def test_an_edited_entry_is_a_miss(
    edit: Any, source: Path, tmp_path: Path, cache: Path, expected: dict[str, str]
) -> None:
    generate(source, tmp_path / "first")
    edited = entries(cache, "render") + entries(cache, "black")
    for entry in edited:
        entry.write_bytes(edit(entry.read_bytes()))
    assert generate(source, tmp_path / "second").files == expected


def test_an_entry_moved_to_another_key_is_a_miss(
    source: Path, tmp_path: Path, cache: Path, expected: dict[str, str]
) -> None:
    """Entry A's bytes, header and all, under key B (and across kinds). The renderings are
    one entry per collection: another collection's are moved under this one's key."""
    generate(source, tmp_path / "first")
    generate(write(tmp_path / "other.json", api({"other": True})), tmp_path / "other")
    for kind in ("render", "black"):
        found = entries(cache, kind)
        assert len({entry.read_bytes() for entry in found}) > 1
        contents = [entry.read_bytes() for entry in found]
        for entry, content in zip(found, contents[1:] + contents[:1], strict=True):
            entry.write_bytes(content)  # every entry now holds another one's bytes
    assert generate(source, tmp_path / "second").files == expected
    rendering = entries(cache, "render")[0].read_bytes()
    for entry in entries(cache, "black"):  # a rendering offered as a formatted file
        entry.write_bytes(rendering)
    assert generate(source, tmp_path / "third").files == expected


def test_the_inference_memo_is_bound_to_its_key(
    source: Path, tmp_path: Path, expected: dict[str, str]
) -> None:
    """A memo of IR types only (its decoder reads nothing else) still chooses the models
    when its entries are believed: types swapped between units are a miss."""
    generate(source, tmp_path / "first")
    memo = InferenceMemo.of(source)
    assert memo.path is not None and len(memo.known) >= 2
    keys, types = list(memo.known), list(memo.known.values())
    swapped = dict(zip(keys, types[1:] + types[:1], strict=True))
    memo.path.write_text(json.dumps([MEMO_FORM, swapped]))  # not sealed to its key
    assert generate(source, tmp_path / "second").files == expected


# -- nothing read from the cache is executed --------------------------------------------------


def test_a_planted_jinja_bytecode_entry_is_never_read(
    source: Path, tmp_path: Path, cache: Path
) -> None:
    """postc once kept Jinja's compiled templates in ``jinja/``, read with ``pickle`` and
    ``marshal``: a file planted there under each template's name runs nothing now."""
    canary = tmp_path / "canary"

    class Exploit:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (canary,))

    env = environment()
    assert env.loader is not None
    bytecode = jinja2.FileSystemBytecodeCache(str(cache / "jinja"))
    (cache / "jinja").mkdir(parents=True)
    for name in env.list_templates(extensions=["j2", "py"]):  # not a stray cache file
        _, filename, _ = env.loader.get_source(env, name)
        key = bytecode.get_cache_key(name, filename)
        planted = jinja2.bccache.bc_magic + pickle.dumps(Exploit())
        (cache / "jinja" / (bytecode.pattern % key)).write_bytes(planted)
    done = subprocess.run(  # a fresh process: nothing compiled yet
        [sys.executable, "-m", "generator", "generate", str(source), "-o", str(tmp_path / "o")],
        cwd=REPO,
        env={**os.environ, "POSTC_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not canary.exists()


def test_workers_never_import_from_the_current_directory(
    tmp_path: Path, cache: Path, expected: dict[str, str], source: Path
) -> None:
    """``python -m`` puts the current directory first on ``sys.path``: postc's black workers
    run in postc's own directory, so a project holding ``black.py``, ``jinja2.py`` or a
    ``generator`` package (postc is run in the repository it builds) runs none of them."""
    project = tmp_path / "project"
    (project / "generator").mkdir(parents=True)
    planted = {
        "black": project / "black.py",
        "jinja2": project / "jinja2.py",
        "generator": project / "generator" / "__init__.py",
    }
    for name, module in planted.items():
        canary = tmp_path / f"imported-{name}"
        module.write_text(f"import pathlib\npathlib.Path({str(canary)!r}).touch()\n", "utf-8")
    script = tmp_path / "build.py"  # run as a build script would be: from its own directory
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "import generator.formatting as formatting\n"
        "from generator.generate import generate\n"
        "formatting.PARALLEL_CHARACTERS = 0  # black in workers, however little there is\n"
        "generate(Path(sys.argv[1]), Path(sys.argv[2]))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script), str(source), str(tmp_path / "out")],
        cwd=project,
        env={**os.environ, "POSTC_JOBS": "2", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.glob("imported-*")) == []
    written = tree(tmp_path / "out")
    assert {k: v.decode() for k, v in written.items() if k != MANIFEST} == expected


# -- the no-op stamp --------------------------------------------------------------------------


def stamp_key(output: Path, inputs: dict[str, str | None]) -> str:
    """Where postc looks for the stamp of these inputs and this manifest (its formula is no
    secret: an attacker computes it as postc does)."""
    from generator.cache import code_fingerprint

    manifest = (output / MANIFEST).read_bytes()
    key = json.dumps(
        [
            str(output.resolve()),
            None,
            inputs,
            code_fingerprint(),
            black_version(),
            hashlib.sha256(manifest).hexdigest(),
        ]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def test_a_planted_stamp_does_not_pass_stale_output_for_current(
    source: Path, tmp_path: Path, cache: Path, run_postc: RunPostc, expected: dict[str, str]
) -> None:
    output = tmp_path / "out"
    write(source, api({"id": 1}))
    generate(source, output)  # output of an older collection
    write(source, api())
    inputs = input_hashes(Target(source, output))
    stamp = cache / "runs" / stamp_key(output, inputs)
    planted = json.dumps({"package": "test_api", "warnings": []})
    for plant in (  # a bare file, and one written as postc writes entries
        lambda: stamp.write_text(planted, encoding="utf-8"),
        lambda: store(stamp, planted),
    ):
        plant()
        status, out, _ = run_postc("check", source, "-o", output)
        assert status == 1 and "out of date" in out
        result = generate(source, output)
        assert not result.unchanged and result.written
        assert result.files == expected
        write(source, api({"id": 1}))
        generate(source, output)
        write(source, api())


def test_a_stamp_cannot_name_another_package(
    source: Path, tmp_path: Path, cache: Path, expected: dict[str, str]
) -> None:
    """The hatch hook ships ``OUTDIR/<package>`` in the wheel: a stamp's package is the
    manifest's, never a path of the stamp's choosing."""
    output = tmp_path / "out"
    generate(source, output)
    inputs = input_hashes(Target(source, output))
    stamp = cache / "runs" / stamp_key(output, inputs)
    assert stamp.is_file()
    package = json.loads((output / MANIFEST).read_text(encoding="utf-8"))["package"]
    for forged_package in ("../../home", "elsewhere"):
        forged = json.dumps({"package": forged_package, "warnings": [["x", "forged"]]})
        store(stamp, forged)
        result = generate(source, output)
        assert result.package == package and result.files == expected
        assert [w.message for w in result.warnings] != ["forged"]


# -- who may write the cache ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "why"), [(0o777, "every user may write"), (0o770, "its group may write")]
)
def test_a_cache_others_may_write_is_not_used(
    mode: int,
    why: str,
    source: Path,
    tmp_path: Path,
    cache: Path,
    run_postc: RunPostc,
    expected: dict[str, str],
) -> None:
    cache.mkdir()
    cache.chmod(mode)
    status, _, err = run_postc("generate", source, "-o", tmp_path / "out")
    assert status == 0, err
    warnings = [line for line in err.splitlines() if "cache" in line]
    assert warnings == [f"postc: warning: not using the cache in {cache}: {why} in it"]
    assert sorted(p.name for p in cache.iterdir()) == []  # nothing read or written there
    assert {k: v.decode() for k, v in tree(tmp_path / "out").items() if k != MANIFEST} == expected


def test_a_cache_owned_by_another_user_is_refused(cache: Path) -> None:
    from generator.cache import refusal

    cache.mkdir(mode=0o700)
    mine = os.lstat(cache)
    assert refusal(mine, mine.st_uid) is None
    assert refusal(mine, mine.st_uid + 1) == f"it is owned by another user (uid {mine.st_uid})"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="making a directory another user's takes root; the decision itself is tested above",
)
def test_a_cache_owned_by_another_user_is_not_used(
    source: Path, tmp_path: Path, cache: Path, run_postc: RunPostc, expected: dict[str, str]
) -> None:
    cache.mkdir(mode=0o700)
    os.chown(cache, 4242, 4242)
    status, _, err = run_postc("generate", source, "-o", tmp_path / "out")
    assert status == 0, err
    assert f"not using the cache in {cache}: it is owned by another user (uid 4242)" in err
    assert list(cache.iterdir()) == []


def test_a_relative_cache_dir_is_taken_from_the_current_directory_and_checked(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_postc: RunPostc
) -> None:
    from generator.cache import cache_dir

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POSTC_CACHE_DIR", "relative-cache")
    assert cache_dir() == tmp_path / "relative-cache"
    generate(source, tmp_path / "out")
    assert entries(tmp_path / "relative-cache", "render")
    monkeypatch.setenv("POSTC_CACHE_DIR", "shared")
    (tmp_path / "shared").mkdir(mode=0o777)
    (tmp_path / "shared").chmod(0o777)
    status, _, err = run_postc("generate", source, "-o", tmp_path / "out2")
    assert status == 0 and f"{tmp_path / 'shared'}: every user may write in it" in err


def test_a_symlinked_cache_root_is_the_users_choice(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_postc: RunPostc
) -> None:
    """``~/.cache`` on another disk: the root is resolved first, then checked."""
    real = tmp_path / "disk" / "cache"
    real.mkdir(parents=True, mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "link"))
    status, _, err = run_postc("generate", source, "-o", tmp_path / "out")
    assert status == 0 and "warning" not in err
    assert entries(real, "render") and entries(real, "black")


def test_the_cache_is_created_private(source: Path, tmp_path: Path, cache: Path) -> None:
    generate(source, tmp_path / "out")
    write(source, api({"id": 2}))
    generate(source, tmp_path / "out")  # a stamp, a lock, entries of two runs
    directories = [cache, *(p for p in cache.rglob("*") if p.is_dir())]
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert {"black", "infer", "locks", "render", "runs"} <= {p.name for p in directories}
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in directories} == {"0o700"}
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {"0o600"}


# -- no symlink is followed -------------------------------------------------------------------


def test_a_symlinked_entry_is_neither_read_nor_written_through(
    source: Path, tmp_path: Path, cache: Path, expected: dict[str, str]
) -> None:
    """The symlink's target holds a well-formed entry for that very key: it is not read (it
    would be taken), and the entry written in its place replaces the link, not the target."""
    generate(source, tmp_path / "first")
    outside = tmp_path / "outside"
    outside.mkdir()
    targets = {}
    for index, entry in enumerate(entries(cache, "render") + entries(cache, "black")):
        data = entry.read_bytes()
        target = outside / f"{index}"
        target.write_bytes(data.replace(b"class ", PAYLOAD.encode() + b"class ", 1) + b"#x\n")
        targets[target] = target.read_bytes()
        entry.unlink()
        entry.symlink_to(target)
    assert generate(source, tmp_path / "second").files == expected
    assert {target: target.read_bytes() for target in targets} == targets


def test_a_symlinked_cache_directory_is_not_followed(
    source: Path, tmp_path: Path, cache: Path, expected: dict[str, str]
) -> None:
    generate(source, tmp_path / "first")
    outside = tmp_path / "outside"
    shutil.move(cache / "render", outside)  # the entries, edited, somewhere else
    for entry in outside.rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes() + PAYLOAD.encode())
    before = tree(outside)
    (cache / "render").symlink_to(outside)
    assert generate(source, tmp_path / "second").files == expected
    assert tree(outside) == before  # nothing read from there is used, nothing written


def test_pruning_removes_nothing_through_a_symlink(
    source: Path, tmp_path: Path, cache: Path
) -> None:
    generate(source, tmp_path / "first")
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "ab").mkdir()
    (precious / "ab" / "notes.txt").write_text("mine\n" * 1000, encoding="utf-8")
    shutil.rmtree(cache / "black")
    (cache / "black").symlink_to(precious)  # a directory postc prunes, elsewhere
    (cache / "runs" / "elsewhere").symlink_to(precious / "ab" / "notes.txt")
    prune(limit=0)
    assert (precious / "ab" / "notes.txt").read_text(encoding="utf-8") == "mine\n" * 1000
    assert not (cache / "runs" / "elsewhere").is_symlink()  # the link itself may go


def test_a_symlinked_lock_file_is_not_followed(tmp_path: Path, cache: Path) -> None:
    output = tmp_path / "out"
    key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()
    (cache / "locks").mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.write_text("keep\n", encoding="utf-8")
    missing = tmp_path / "would-be-created"
    for target in (victim, missing):
        lock = cache / "locks" / key
        lock.unlink(missing_ok=True)
        lock.symlink_to(target)
        with output_lock(output):
            pass
        assert lock.is_symlink()
    assert victim.read_text(encoding="utf-8") == "keep\n"
    assert not missing.exists()


def test_a_fifo_planted_as_an_entry_does_not_hang_postc(
    source: Path, tmp_path: Path, cache: Path
) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    generate(source, tmp_path / "first")
    for entry in entries(cache, "render")[:3] + entries(cache, "runs"):
        entry.unlink()
        os.mkfifo(entry)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(source), "-o", str(tmp_path / "o")],
        cwd=REPO,
        env={**os.environ, "POSTC_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
