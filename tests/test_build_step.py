"""postc as a build step: incremental and atomic regeneration, the manifest, ``postc check``,
``[tool.postc]`` targets, custom templates and the formatting cache (issue 5)."""

from __future__ import annotations

import gc
import json
import os
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import black
import pytest

import generator.cache as cache_module
import generator.commit as commit_module
import generator.emit.environment as environment_module
import generator.formatting as formatting
import generator.memo as memo_module
from generator.cache import load, output_lock, prune, store, writing_behind
from generator.errors import InputError
from generator.generate import MANIFEST, ConflictError, generate
from generator.infer import infer_unit
from generator.installation import templates_dir
from generator.manifest import check_written_path, sha256
from generator.memo import InferenceMemo
from generator.output import OutputDir
from tests.conftest import RunPostc, collection_doc, request_item

REPO = Path(__file__).resolve().parents[1]
OLD = 1_000_000_000  # an mtime no write can produce


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own empty cache directory."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("POSTC_CACHE_DIR", str(directory))
    return directory


def example(name: str, body: Any) -> dict[str, Any]:
    return {
        "name": name,
        "code": 200,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps(body),
    }


def two_folders(thing: dict[str, Any] | None = None, *, users: bool = True) -> dict[str, Any]:
    """Things (one request) and, optionally, Users (one request), each with one example."""
    get_thing = request_item("Get thing", url="{{baseUrl}}/things/1")
    get_thing["response"] = [example("ok", thing or {"id": 1, "name": "a"})]
    folders = [{"name": "Things", "item": [get_thing]}]
    if users:
        list_users = request_item("List users", url="{{baseUrl}}/users")
        list_users["response"] = [example("ok", [{"id": 7, "email": "a@example.com"}])]
        folders.append({"name": "Users", "item": [list_users]})
    return collection_doc(*folders, variable=[{"key": "baseUrl", "value": "https://x.test"}])


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def age(root: Path) -> None:
    """Set every file's mtime to ``OLD``, so that any later write shows."""
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def touched(root: Path) -> set[str]:
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.stat().st_mtime != OLD
    }


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A collection and its generated output."""
    source = write(tmp_path / "c.json", two_folders())
    output = tmp_path / "out"
    generate(source, output)
    return source, output


# -- incremental -----------------------------------------------------------------------------


@pytest.mark.parametrize("fast_path", [True, False])
def test_noop_regeneration_rewrites_nothing(
    project: tuple[Path, Path], cache: Path, fast_path: bool
) -> None:
    source, output = project
    if not fast_path:  # without the stamp, postc renders everything and compares
        for stamp in (cache / "runs").iterdir():
            stamp.unlink()
    before = tree(output)
    age(output)
    result = generate(source, output)
    assert result.written == () and result.removed == ()
    assert result.unchanged is fast_path
    assert touched(output) == set()
    assert tree(output) == before


def test_one_changed_example_rewrites_only_the_files_depending_on_it(
    project: tuple[Path, Path],
) -> None:
    source, output = project
    before = tree(output)
    age(output)
    write(source, two_folders({"id": 1, "name": "a", "colour": "red"}))
    result = generate(source, output)
    after = tree(output)
    changed = {path for path in after if before.get(path) != after[path]}
    assert set(result.written) == changed - {MANIFEST}
    assert touched(output) == changed
    assert any("things" in path for path in changed)
    assert not any("users" in path for path in changed), changed
    assert "test_users.py" not in " ".join(changed)


# -- atomic ----------------------------------------------------------------------------------


def test_interrupted_generation_leaves_the_previous_output_intact(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, output = project
    (output / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = tree(output)
    write(source, two_folders({"id": "x", "title": "t", "tags": ["a"]}, users=False))
    place = commit_module._place
    calls = []

    def interrupted(staged: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise KeyboardInterrupt
        place(staged, target)

    monkeypatch.setattr(commit_module, "_place", interrupted)
    with pytest.raises(KeyboardInterrupt):
        generate(source, output)
    assert len(calls) == 3
    assert tree(output) == before  # no staging directory left behind either
    monkeypatch.setattr(commit_module, "_place", place)
    result = generate(source, output)  # and the next run completes the job
    assert result.written and result.removed
    assert (output / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_an_interrupted_first_generation_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "c.json", two_folders())

    def interrupted(staged: Path, target: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(commit_module, "_place", interrupted)
    with pytest.raises(KeyboardInterrupt):
        generate(source, tmp_path / "gen" / "out")
    assert not (tmp_path / "gen").exists()


def test_a_template_error_leaves_the_previous_output_intact(
    project: tuple[Path, Path], tmp_path: Path, run_postc: RunPostc
) -> None:
    source, output = project
    before = tree(output)
    templates = tmp_path / "templates" / "project"
    templates.mkdir(parents=True)
    (templates / "README.md.j2").write_text("{{ no_such_name }}\n", encoding="utf-8")
    status, _, _ = run_postc(
        "generate", source, "-o", output, "--templates", tmp_path / "templates"
    )
    assert status != 0
    assert tree(output) == before


def test_never_writes_outside_the_output_directory(tmp_path: Path) -> None:
    for relative in ("../escape.py", "/etc/passwd", "a/../../b"):
        with pytest.raises(ValueError, match="refuses"):
            check_written_path(tmp_path / "out", relative)
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InputError, match="symbolic link"):
        OutputDir.of(tmp_path / "out").lstat("link/x.py")


# -- the manifest ----------------------------------------------------------------------------


def test_stray_user_files_survive_and_stale_generated_files_go(
    project: tuple[Path, Path],
) -> None:
    source, output = project
    package = next(p for p in output.iterdir() if (p / "__init__.py").is_file())
    strays = [output / "notes.txt", package / "custom.py", output / "tests" / "test_mine.py"]
    for stray in strays:
        stray.write_text("# mine\n", encoding="utf-8")
    users = {path for path in tree(output) if "users" in path}
    assert users
    write(source, two_folders(users=False))
    result = generate(source, output)
    assert set(result.removed) == users
    assert not any("users" in path for path in tree(output))
    for stray in strays:
        assert stray.read_text(encoding="utf-8") == "# mine\n"
    assert "notes.txt" not in json.loads((output / MANIFEST).read_text("utf-8"))["files"]


def test_manifest_records_versions_and_input_hashes(project: tuple[Path, Path]) -> None:
    _, output = project
    manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["postc"] and manifest["black"] == str(formatting.black_version())
    assert set(manifest["inputs"]) == {"collection", "environment", "overrides", "templates"}
    assert re.fullmatch("[0-9a-f]{64}", manifest["inputs"]["collection"])
    assert manifest["inputs"]["environment"] is None
    assert set(manifest["files"]) == set(tree(output)) - {MANIFEST}


def test_a_hand_edited_file_is_reported_and_overwritten_only_with_force(
    project: tuple[Path, Path], run_postc: RunPostc
) -> None:
    source, output = project
    readme = output / "README.md"
    readme.write_text("my own readme\n", encoding="utf-8")
    before = tree(output)
    with pytest.raises(ConflictError) as conflict:
        generate(source, output)
    assert conflict.value.drift.edited == ("README.md",)
    write(source, two_folders({"id": 2}))  # other changes are held back too: all or nothing
    status, _, err = run_postc("generate", source, "-o", output)
    assert status == 1
    assert "README.md" in err and "--force" in err
    assert tree(output) == before
    status, _, err = run_postc("generate", source, "-o", output, "--force")
    assert status == 0, err
    assert readme.read_text(encoding="utf-8") != "my own readme\n"


def test_an_unowned_file_in_the_way_is_not_overwritten(tmp_path: Path) -> None:
    source = write(tmp_path / "c.json", two_folders())
    output = tmp_path / "out"
    output.mkdir()
    (output / "README.md").write_text("someone else's\n", encoding="utf-8")
    with pytest.raises(ConflictError) as conflict:
        generate(source, output)
    assert conflict.value.drift.foreign == ("README.md",)
    assert tree(output) == {"README.md": b"someone else's\n"}


# -- postc check -----------------------------------------------------------------------------


def test_check_exits_1_after_the_collection_changes_and_0_after_regenerating(
    project: tuple[Path, Path], run_postc: RunPostc
) -> None:
    source, output = project
    status, out, _ = run_postc("check", source, "-o", output)
    assert (status, out.strip()) == (0, f"{output}: up to date")
    write(source, two_folders({"id": 1, "name": "a", "colour": "red"}, users=False))
    before = tree(output)
    status, out, _ = run_postc("check", source, "-o", output)
    assert status == 1
    assert "out of date" in out and "differs" in out and "stale" in out
    assert "users" in out and f"{MANIFEST} (collection changed)" in out
    assert tree(output) == before  # check writes nothing
    status, out, _ = run_postc("generate", "--check", "--diff", source, "-o", output)
    assert status == 1
    assert "\n+++ " in out and "colour" in out
    status, _, err = run_postc("generate", source, "-o", output)
    assert status == 0, err
    status, out, _ = run_postc("check", source, "-o", output)
    assert status == 0, out


def test_check_reports_missing_files_and_bad_input(
    tmp_path: Path, project: tuple[Path, Path], run_postc: RunPostc
) -> None:
    source, output = project
    (output / "README.md").unlink()
    status, out, _ = run_postc("check", source, "-o", output)
    assert status == 1 and "missing  README.md" in out
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    status, _, err = run_postc("check", tmp_path / "bad.json", "-o", output)
    assert status == 2 and "bad.json" in err


# -- [tool.postc] ----------------------------------------------------------------------------


def configured(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "api").mkdir(parents=True)
    write(root / "api" / "one.json", two_folders())
    write(root / "api" / "two.json", two_folders(users=False))
    (root / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n"
        "[[tool.postc.targets]]\ncollection = 'api/one.json'\noutput = 'gen/one'\n\n"
        "[[tool.postc.targets]]\ncollection = 'api/two.json'\noutput = 'gen/two'\n"
        "package = 'second'\n",
        encoding="utf-8",
    )
    (root / "src").mkdir()
    return root


def test_generate_without_arguments_regenerates_every_configured_target(
    tmp_path: Path, run_postc: RunPostc, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = configured(tmp_path)
    monkeypatch.chdir(root / "src")  # the pyproject is found by walking up
    status, out, err = run_postc("generate")
    assert status == 0, err
    assert out.count("package ") == 2 and "package second" in out
    assert (root / "gen" / "one" / "README.md").is_file()
    assert (root / "gen" / "two" / "second" / "__init__.py").is_file()
    assert run_postc("check")[0] == 0
    write(root / "api" / "two.json", two_folders({"id": 3}, users=False))
    status, out, _ = run_postc("check")
    assert status == 1 and "one: up to date" in out and "two: out of date" in out
    status, out, _ = run_postc("generate", root / "api" / "two.json")  # one target, by path
    assert status == 0 and out.count("package ") == 1
    assert run_postc("check")[0] == 0


def test_configuration_errors_exit_2(
    tmp_path: Path, run_postc: RunPostc, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    status, _, err = run_postc("generate")
    assert status == 2 and "tool.postc" in err
    (tmp_path / "pyproject.toml").write_text(
        "[[tool.postc.targets]]\ncollection = 'c.json'\nouput = 'x'\n", encoding="utf-8"
    )
    status, _, err = run_postc("check")
    assert status == 2 and "ouput" in err


def test_this_repository_configures_its_bundled_collections() -> None:
    from generator.config import load_targets

    targets = {t.collection.name: t for t in load_targets(REPO / "pyproject.toml")}
    assert set(targets) == {p.name for p in (REPO / "collections").glob("*.json")}
    zoho = targets["zoho-crm-bulk-write.postman_collection.json"]
    assert zoho.output == REPO / "generated" / "zoho_crm_bulk_write"
    assert targets["httpbin.postman_collection.json"].package == "httpbin_client"


# -- custom templates ------------------------------------------------------------------------


def documented_override() -> tuple[str, str]:
    """The example override of docs/templates.md: (template name, template text)."""
    text = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- example: (\S+) -->\n````jinja\n(.*?)````\n", text, re.DOTALL)
    assert found, "docs/templates.md lost its example override"
    return found.group(1), found.group(2)


def test_the_documented_template_override_renders(
    tmp_path: Path, run_postc: RunPostc, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, text = documented_override()
    templates = tmp_path / "repo" / "postc-templates"
    (templates / name).parent.mkdir(parents=True)
    (templates / name).write_text(text, encoding="utf-8")
    root = configured(tmp_path)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as stream:
        stream.write("templates = 'postc-templates'\n")  # on the second target
    monkeypatch.chdir(root)
    status, _, err = run_postc("generate")
    assert status == 0, err
    readme = (root / "gen" / "two" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# second\n")
    assert "client.things.get_thing()" in readme
    default = (root / "gen" / "one" / "README.md").read_text(encoding="utf-8")
    assert default != readme and "## Endpoints" in default
    manifest = json.loads((root / "gen" / "two" / MANIFEST).read_text("utf-8"))
    assert manifest["inputs"]["templates"] is not None
    # editing the template makes the output out of date
    (templates / name).write_text(text + "Edited.\n", encoding="utf-8")
    status, out, _ = run_postc("check")
    assert status == 1 and "README.md" in out


# -- the formatting cache --------------------------------------------------------------------


def test_black_runs_only_on_text_it_has_not_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    format_str: Callable[..., str] = black.format_str

    def counting(text: str, **kwargs: Any) -> str:
        calls.append(text)
        return format_str(text, **kwargs)

    monkeypatch.setattr(black, "format_str", counting)
    source = write(tmp_path / "c.json", two_folders())
    first = generate(source, tmp_path / "a")
    # every Python file but the runtime, which is copied as black wrote it
    python = [path for path in first.files if path.endswith(".py")]
    assert len(calls) == len(python) - 1
    assert not any("class ClientCore" in text for text in calls)
    calls.clear()
    second = generate(source, tmp_path / "b")  # a new directory: rendered, but all cached
    assert calls == [] and second.files == first.files
    write(source, two_folders({"id": 1, "name": "a", "colour": "red"}))
    generate(source, tmp_path / "a")
    assert 0 < len(calls) < len(python)


def test_cache_clear(cache: Path, project: tuple[Path, Path], run_postc: RunPostc) -> None:
    assert cache.is_dir()
    assert run_postc("cache", "dir")[1].strip() == str(cache)
    status, out, _ = run_postc("cache", "clear")
    assert status == 0 and str(cache) in out
    assert not cache.exists()


def test_a_noop_run_still_prints_the_warnings(tmp_path: Path, run_postc: RunPostc) -> None:
    doc = two_folders()
    doc["auth"] = {"type": "bearer", "bearer": [{"key": "token", "value": "literal-token"}]}
    source = write(tmp_path / "c.json", doc)
    first = run_postc("generate", source, "-o", tmp_path / "out")
    second = run_postc("generate", source, "-o", tmp_path / "out")
    assert first[0] == second[0] == 0
    assert "warning" in first[2] and second[2] == first[2]
    assert "(0 written, 0 removed)" in second[1]


def test_the_pre_commit_hook() -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    lines = {line.strip() for line in text.splitlines() if not line.lstrip().startswith("#")}
    for expected in (
        "- id: postc-check",
        "entry: postc check",
        "language: python",
        "pass_filenames: false",
    ):
        assert expected in lines


def test_a_new_black_is_reported_and_only_the_manifest_rewritten(
    project: tuple[Path, Path], run_postc: RunPostc
) -> None:
    source, output = project
    manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    manifest["black"] = "24.1.0"
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    status, out, _ = run_postc("check", source, "-o", output)
    assert status == 1
    assert f"black 24.1.0 -> {formatting.black_version()}" in out
    age(output)
    assert run_postc("generate", source, "-o", output)[0] == 0
    assert touched(output) == {MANIFEST}
    assert run_postc("generate", "--diff", source, "-o", output)[0] == 2


def test_a_directory_in_the_way_is_never_replaced(project: tuple[Path, Path]) -> None:
    source, output = project
    (output / "README.md").unlink()
    (output / "README.md").mkdir()
    (output / "README.md" / "mine.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(ConflictError):
        generate(source, output)
    with pytest.raises(InputError, match="a directory where postc writes a file"):
        generate(source, output, force=True)
    assert (output / "README.md" / "mine.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_forged_manifest_is_bad_input(tmp_path: Path, run_postc: RunPostc) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    source = write(tmp_path / "c.json", two_folders())
    output = tmp_path / "out"
    output.mkdir()
    digest = sha256(b"keep me")
    for forged in ("../victim.txt", str(victim)):
        manifest = {"postc": "0", "files": {forged: digest}}
        (output / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        for command in ("generate", "check"):
            status, _, err = run_postc(command, source, "-o", output)
            assert status == 2 and "outside the output directory" in err
        assert victim.exists() and set(tree(output)) == {MANIFEST}


def _entries(cache: Path) -> list[Path]:
    return sorted(path for path in (cache / "black").rglob("*") if path.is_file())


def test_a_cache_hit_marks_the_entry_as_used(project: tuple[Path, Path], cache: Path) -> None:
    source, output = project
    for entry in _entries(cache):
        os.utime(entry, (OLD, OLD))
    generate(source, output.parent / "again")  # renders (a new directory), every file cached
    assert all(entry.stat().st_mtime > OLD for entry in _entries(cache))


def test_prune_removes_the_least_recently_used_entries_first(cache: Path) -> None:
    entries = []
    for index in range(6):
        entry = cache / "black" / "ab" / f"entry{index}"
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_bytes(b"x" * 100)
        os.utime(entry, (OLD + index, OLD + index))
        entries.append(entry)
    other = cache / "elsewhere"  # not an entry postc prunes
    other.write_bytes(b"y" * 1000)
    assert prune(limit=350) == 3
    assert [entry.exists() for entry in entries] == [False] * 3 + [True] * 3
    assert other.exists()
    assert prune(limit=350) == 0


def test_entries_stored_behind_are_all_written_when_the_block_ends(cache: Path) -> None:
    blocked = cache / "file-not-directory"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("x")
    with writing_behind():
        for index in range(200):
            store(cache / "render" / f"{index % 7:02}" / f"entry{index}", f"text {index}")
        store(blocked / "entry", "never written")  # best effort: no error
    written = sorted((cache / "render").rglob("entry*"))
    assert len(written) == 200
    assert all(load(path) == f"text {path.name[5:]}".encode() for path in written)
    assert not [path for path in cache.rglob(".*") if path.is_file()]  # no temporary left


def test_a_run_that_adds_to_the_cache_keeps_it_under_its_limit(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSTC_CACHE_MAX_MB", "0.02")  # about 20 KB: fewer than one run's files
    source = write(tmp_path / "c.json", two_folders())
    generate(source, tmp_path / "out")
    size = sum(entry.stat().st_size for entry in _entries(cache))
    assert 0 < size <= 0.02 * 1024 * 1024


# -- rendering and inference caches ---------------------------------------------------------


def test_a_warm_cache_gives_the_files_a_cold_one_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached renderings and inferred types are exactly what rendering and inferring give."""
    source = write(tmp_path / "c.json", two_folders())
    generate(source, tmp_path / "warm")
    changed = two_folders({"id": 1, "name": "a", "colour": "red", "tags": ["x"]})
    write(source, changed)
    warm = generate(source, tmp_path / "warm").files
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "cold-cache"))
    cold = generate(source, tmp_path / "cold").files
    assert warm == cold


def test_only_modules_whose_context_changed_are_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    render = environment_module.render

    def counting(name: str, **context: object) -> str:
        rendered.append(name)
        return render(name, **context)

    monkeypatch.setattr(environment_module, "render", counting)
    source = write(tmp_path / "c.json", two_folders())
    generate(source, tmp_path / "a")
    modules = [name for name in rendered if "module.py" in name]
    assert len(modules) >= 6  # two resources, two tests, two models at least
    rendered.clear()
    generate(source, tmp_path / "b")  # a new directory: everything rendered, from the cache
    assert not [name for name in rendered if "module.py" in name]
    write(source, two_folders({"id": 1, "name": "a", "colour": "red"}))
    rendered.clear()
    generate(source, tmp_path / "a")
    again = [name for name in rendered if "module.py" in name]
    assert 0 < len(again) < len(modules)


def test_another_postc_never_reuses_this_ones_renderings_or_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """postc's own code is part of every key: a changed filter, template or inference rule
    cannot serve a stale result, even under the same version number."""
    rendered: list[str] = []
    render = environment_module.render

    def counting(name: str, **context: object) -> str:
        rendered.append(name)
        return render(name, **context)

    inferred: list[str] = []
    infer = infer_unit

    def counting_inference(*args: Any, **kwargs: Any) -> Any:
        inferred.append(kwargs["hint"])
        return infer(*args, **kwargs)

    monkeypatch.setattr(environment_module, "render", counting)
    monkeypatch.setattr("generator.memo.infer_unit", counting_inference)
    source = write(tmp_path / "c.json", two_folders())
    generate(source, tmp_path / "a")
    rendered.clear()
    inferred.clear()
    generate(source, tmp_path / "b")
    assert not [name for name in rendered if "module.py" in name] and not inferred
    for module in (environment_module, memo_module):
        monkeypatch.setattr(module, "code_fingerprint", lambda: "another postc")
    generate(source, tmp_path / "c")
    assert [name for name in rendered if "module.py" in name] and inferred


def test_user_templates_are_never_served_from_the_rendering_cache(tmp_path: Path) -> None:
    source = write(tmp_path / "c.json", two_folders())
    default = generate(source, tmp_path / "default").files  # fills the cache
    name = "package/resources/module.py.j2"
    templates = tmp_path / "templates"
    (templates / name).parent.mkdir(parents=True)
    built_in = (templates_dir() / name).read_text(encoding="utf-8")
    (templates / name).write_text(built_in + "# overridden\n", encoding="utf-8")
    custom = generate(source, tmp_path / "custom", templates=templates).files
    things = next(path for path in default if path.endswith("resources/things.py"))
    assert custom[things].endswith("\n# overridden\n")
    assert "# overridden" not in default[things]


def test_a_tampered_inference_memo_runs_no_code(tmp_path: Path, cache: Path) -> None:
    """The memo is JSON data read by a checking decoder: a pickle, or types that are not
    the IR's, planted in it (bound to its key), are misses, and nothing runs."""
    source = write(tmp_path / "c.json", two_folders())
    expected = generate(source, tmp_path / "first").files
    memo = InferenceMemo.of(source).path
    assert memo is not None and memo.is_file()
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (marker,))

    form, units = json.loads(load(memo) or b"")  # unit key -> its type as JSON data
    assert form == memo_module.MEMO_FORM and units
    planted = {key: [[["x", "os.system"]], False, False] for key in units}  # an unknown tag
    store(memo, json.dumps([form, planted]))
    assert generate(source, tmp_path / "second").files == expected
    store(memo, json.dumps([form, dict.fromkeys(units, "not a type")]))
    assert generate(source, tmp_path / "third").files == expected
    store(memo, pickle.dumps({key: Exploit() for key in units}))  # the memo's former form
    assert generate(source, tmp_path / "fourth").files == expected
    assert not marker.exists()
    store(memo, b"not JSON")
    assert generate(source, tmp_path / "fifth").files == expected


def test_the_cycle_collector_is_left_as_it_was(tmp_path: Path) -> None:
    source = write(tmp_path / "c.json", two_folders())
    assert gc.isenabled()
    generate(source, tmp_path / "a")
    assert gc.isenabled()
    gc.disable()
    try:
        write(source, two_folders({"id": 2, "name": "b"}))
        generate(source, tmp_path / "a")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_cache_is_scanned_at_most_every_few_minutes(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scans: list[int] = []

    def counting(limit: int | None = None) -> int:
        scans.append(1)
        return prune(limit)

    monkeypatch.setattr(cache_module, "prune", counting)
    source = write(tmp_path / "c.json", two_folders())
    generate(source, tmp_path / "out")  # black ran: a first scan
    assert len(scans) == 1
    write(source, two_folders({"id": 2, "name": "b"}))
    generate(source, tmp_path / "out")  # black ran again, minutes have not passed
    assert len(scans) == 1
    stamp = cache / "pruned"
    os.utime(stamp, (OLD, OLD))
    write(source, two_folders({"id": 3, "name": "c"}))
    generate(source, tmp_path / "out")
    assert len(scans) == 2


# -- concurrent runs -------------------------------------------------------------------------


class _WatchedLocks:
    """``fcntl`` for ``generator.cache``, noting when a lock it takes is held by someone
    else (``contended``) before waiting for it as ``fcntl.flock`` does: the event that
    says a run waits, where a window of seconds only guessed it."""

    def __init__(self, contended: threading.Event) -> None:
        import fcntl

        self._fcntl, self.contended = fcntl, contended
        self.LOCK_EX, self.LOCK_UN, self.LOCK_NB = fcntl.LOCK_EX, fcntl.LOCK_UN, fcntl.LOCK_NB

    def flock(self, fd: int, operation: int) -> None:
        if operation == self.LOCK_EX:
            try:
                self._fcntl.flock(fd, self.LOCK_EX | self.LOCK_NB)
                return
            except BlockingIOError:
                self.contended.set()
        self._fcntl.flock(fd, operation)


def test_runs_on_one_output_directory_take_turns(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run started while another holds the directory waits for its lock (seen as the
    lock contended), writes nothing meanwhile, and runs once the lock is released."""
    source = write(tmp_path / "c.json", two_folders())
    output = tmp_path / "out"
    contended = threading.Event()
    monkeypatch.setattr(cache_module, "fcntl", _WatchedLocks(contended))
    with output_lock(output):  # another run holds the directory
        waiting = threading.Thread(target=generate, args=(source, output), daemon=True)
        waiting.start()
        for _ in range(1200):  # a safety net of a minute, not a bound under test
            if contended.wait(0.05) or not waiting.is_alive():
                break
        assert contended.is_set(), "the run did not wait for the directory's lock"
        assert waiting.is_alive() and not output.exists()
    waiting.join(timeout=60)
    assert not waiting.is_alive()
    assert (output / MANIFEST).is_file()


def test_parallel_formatting_gives_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "c.json", two_folders())
    monkeypatch.setenv("POSTC_JOBS", "1")
    alone = generate(source, tmp_path / "alone").files
    monkeypatch.setenv("POSTC_CACHE_DIR", str(tmp_path / "another-cache"))
    monkeypatch.setenv("POSTC_JOBS", "2")
    monkeypatch.setattr(formatting, "PARALLEL_CHARACTERS", 0)
    handed: dict[int, int] = {}  # worker -> texts it was given
    submit = formatting._Worker.submit

    def counting(worker: formatting._Worker, text: str) -> None:
        handed[id(worker)] = handed.get(id(worker), 0) + 1
        submit(worker, text)

    monkeypatch.setattr(formatting._Worker, "submit", counting)
    assert generate(source, tmp_path / "parallel").files == alone
    assert len(handed) == 2 and all(handed.values())


def _modules(count: int) -> list[tuple[str, str]]:
    """Python files black has work on (it joins the call's arguments on one line)."""
    return [(f"m{index}.py", f"x = f(\n    {index}\n)\n") for index in range(count)]


def _formatted(count: int) -> dict[str, str]:
    """What black makes of ``_modules(count)``."""
    return {f"m{index}.py": f"x = f({index})\n" for index in range(count)}


@pytest.fixture
def two_workers(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """format_files starts two workers, however little there is to format."""
    monkeypatch.setenv("POSTC_JOBS", "2")
    monkeypatch.setattr(formatting, "PARALLEL_CHARACTERS", 0)


@pytest.mark.usefixtures("two_workers")
def test_files_a_failed_worker_did_not_format_are_formatted_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dying = "import sys; sys.stdin.buffer.read(20); sys.exit(3)"  # reads a little, then dies
    monkeypatch.setattr(formatting, "worker_command", lambda: [sys.executable, "-c", dying])
    assert formatting.format_files(_modules(40)) == _formatted(40)


@pytest.mark.usefixtures("two_workers")
def test_black_runs_here_when_no_worker_can_be_started(monkeypatch: pytest.MonkeyPatch) -> None:
    missing = str(Path(sys.executable).with_name("no-such-python"))
    monkeypatch.setattr(formatting, "worker_command", lambda: [missing])
    assert formatting.format_files(_modules(3)) == _formatted(3)


@pytest.mark.usefixtures("two_workers")
def test_a_rendering_that_fails_stops_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[formatting._Pool] = []
    start = formatting._Pool.__init__

    def recording(pool: formatting._Pool, jobs: int) -> None:
        start(pool, jobs)
        pools.append(pool)

    monkeypatch.setattr(formatting._Pool, "__init__", recording)

    def failing() -> Iterator[tuple[str, str]]:
        yield from _modules(5)
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError, match="a template failed"):
        formatting.format_files(failing())
    assert len(pools) == 1
    assert all(worker.process.poll() is not None for worker in pools[0].workers)


@pytest.mark.usefixtures("two_workers")
def test_a_text_black_cannot_parse_is_left_as_it_is_by_a_worker_too() -> None:
    """What black cannot parse is kept unformatted (the compile check then names the file,
    ``generator.emit.verify``); the worker that met it stops, and the texts it did not
    answer are formatted here."""
    modules = _modules(3)
    formatted = formatting.format_files([*modules, ("broken.py", "def (:\n")])
    assert formatted["broken.py"] == "def (:\n"
    assert {path: formatted[path] for path, _ in modules} == _formatted(3)


def test_a_script_without_a_main_guard_can_generate_in_parallel(tmp_path: Path) -> None:
    """Workers are plain subprocesses: the caller's unguarded script is not run again. The
    script counts the texts the workers formatted: a pool that never started (workers that
    cannot be run) would leave black to this process and the test still green."""
    source = write(tmp_path / "c.json", two_folders())
    script = tmp_path / "script.py"
    script.write_text(
        "from pathlib import Path\n"
        "import generator.formatting as formatting\n"
        "from generator.generate import generate\n"
        "formatting.PARALLEL_CHARACTERS = 0\n"
        "by_workers = []\n"
        "results = formatting._Pool.results\n"
        "def counted(pool):\n"
        "    found = results(pool)\n"
        "    by_workers.append(len(found))\n"
        "    return found\n"
        "formatting._Pool.results = counted\n"
        f"files = generate(Path({str(source)!r}), Path({str(tmp_path / 'out')!r})).files\n"
        "print(len(files), sum(by_workers))\n",
        encoding="utf-8",
    )
    environment = {
        **os.environ,
        "POSTC_JOBS": "2",
        "PYTHONPATH": str(REPO),
        "POSTC_CACHE_DIR": str(tmp_path / "cache"),  # empty: every text is formatted
    }
    done = subprocess.run(
        [sys.executable, str(script)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    files, formatted_by_workers = map(int, done.stdout.split())
    assert files > 0 and formatted_by_workers > 0, done.stdout
