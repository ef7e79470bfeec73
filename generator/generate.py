"""``postc generate`` and ``postc check``: the whole pipeline, from a collection file to a
client project on disk.

load -> infer and name -> plan -> render (Jinja2) -> format (black, cached) -> compare -> write.

- Every file is rendered and formatted in memory before anything is written, so bad input
  or a template error leaves the output directory as it was.
- Only files whose bytes change are written (the others keep their mtimes). Changed files
  are first staged inside OUTDIR (``.postc-staging-*``), then moved into place one by one;
  the previous version of each is moved aside and put back if anything fails, Ctrl-C
  included, so the previous output stays intact.
- ``.postc-manifest.json`` records postc's and black's versions, the hashes of the inputs
  and of every generated file. Files not listed there are never touched; listed files
  postc no longer generates are removed; a listed file whose hash no longer matches was
  edited by hand, and is overwritten (or removed) only with ``force``.
- A no-op regeneration (same inputs, same postc, files on disk as the manifest says) is
  recognised without rendering, from a stamp in postc's cache directory.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version as distribution_version
from pathlib import Path

from generator import __version__
from generator.cache import (
    cache_dir,
    code_fingerprint,
    output_lock,
    store,
    touch,
    writing_behind,
)
from generator.config import Target
from generator.errors import InputError
from generator.ir import Diagnostic

MANIFEST = ".postc-manifest.json"
STAGING_PREFIX = ".postc-staging-"


@dataclass(frozen=True)
class Generated:
    """What a generation wrote, and what the user should hear about."""

    package: str
    files: dict[str, str]
    written: tuple[str, ...]
    removed: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    unchanged: bool = False  # recognised as a no-op without rendering


@dataclass(frozen=True)
class Rendered:
    """A target rendered in memory: its files and the manifest that describes them."""

    target: Target
    package: str
    files: dict[str, str]
    manifest: str
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Drift:
    """How the files on disk differ from a rendering."""

    differ: tuple[str, ...] = ()  # generated before, content changed (will be rewritten)
    missing: tuple[str, ...] = ()  # not on disk
    stale: tuple[str, ...] = ()  # postc wrote it, no longer generates it (will be removed)
    edited: tuple[str, ...] = ()  # postc wrote it, edited by hand since, would be replaced
    foreign: tuple[str, ...] = ()  # postc did not write it, but would write that path
    manifest: bool = False  # the manifest itself is missing or out of date
    disk: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def current(self) -> bool:
        return (
            not (self.differ or self.missing or self.stale or self.edited or self.foreign)
            and not self.manifest
        )

    @property
    def conflicts(self) -> tuple[str, ...]:
        return tuple(sorted((*self.edited, *self.foreign)))


class ConflictError(Exception):
    """Generation would overwrite files edited by hand or not written by postc."""

    def __init__(self, output: Path, drift: Drift) -> None:
        self.output = output
        self.drift = drift
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        lines = [
            f"{self.output}: not written: these files were changed by hand "
            "(rerun with --force to overwrite them):"
        ]
        lines += [f"  edited   {path}" for path in self.drift.edited]
        lines += [f"  foreign  {path} (not written by postc)" for path in self.drift.foreign]
        return lines


def generate(
    collection_path: Path,
    output: Path,
    *,
    package: str | None = None,
    env_path: Path | None = None,
    overrides_path: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
) -> Generated:
    """Generate the client project of a collection into ``output``."""
    target = Target(collection_path, output, package, env_path, overrides_path, templates)
    return generate_target(target, force=force)


def generate_target(target: Target, *, force: bool = False) -> Generated:
    """Generate one target; raises :class:`ConflictError` (writing nothing) on hand-edited files.

    Runs on one output directory take turns (:func:`generator.cache.output_lock`).
    """
    with output_lock(target.output), writing_behind():
        inputs = input_hashes(target)
        stamp = _stamp_path(target, inputs)
        if stamp is not None and not force:
            unchanged = _unchanged(target, stamp)
            if unchanged is not None:
                return unchanged
        rendered = render(target, inputs)
        drift = compare(rendered)
        if drift.conflicts and not force:
            raise ConflictError(target.output, drift)
        written, removed = write_project(rendered, drift)
        _write_stamp(target, rendered, inputs)
    return Generated(rendered.package, rendered.files, written, removed, rendered.warnings)


def check_target(target: Target) -> tuple[Rendered, Drift]:
    """Render ``target`` in memory and compare it with the disk; writes nothing (waits for a
    generation running on the same directory to finish)."""
    with output_lock(target.output), writing_behind():
        rendered = render(target)
        return rendered, compare(rendered)


def render(target: Target, inputs: dict[str, str | None] | None = None) -> Rendered:
    """Every file of the target, formatted, and the manifest describing them."""
    inputs = inputs if inputs is not None else input_hashes(target)
    with _cycle_collector_off():
        name, files, warnings = _files(target)
    resolved: dict[Path, Path] = {}
    for relative in files:
        _inside(target.output, relative, resolved)
    manifest = _manifest_text(name, inputs, files)
    return Rendered(target, name, files, manifest, warnings)


def _files(target: Target) -> tuple[str, dict[str, str], tuple[Diagnostic, ...]]:
    """The package name, the formatted files and the warnings: the stages, one after the
    other (the collection, models and plan are freed when this returns)."""
    from generator.emit.environment import user_templates
    from generator.emit.plan import make_plan
    from generator.emit.project import project_files
    from generator.emit.verify import check_compiles
    from generator.formatting import format_files
    from generator.loader import NO_REQUESTS, load_collection, load_environment
    from generator.memo import InferenceMemo
    from generator.models import build_models
    from generator.naming.identifiers import package_name
    from generator.overrides import load_overrides

    collection = load_collection(target.collection)
    if next(collection.endpoints(), None) is None:  # a client of nothing: say why instead
        empty = [w for w in collection.warnings if w.message.startswith(NO_REQUESTS)]
        raise InputError(collection.source, empty or [Diagnostic("item", NO_REQUESTS)])
    environment = load_environment(target.env) if target.env is not None else None
    overrides = load_overrides(target.overrides) if target.overrides is not None else ()
    memo = InferenceMemo.of(target.collection)
    api = build_models(collection, environment, overrides, memo)
    name = package_name(target.package or collection.name)
    plan = make_plan(collection, environment, api, name)
    with user_templates(target.templates):  # black formats files while others are rendered
        files = dict(sorted(format_files(project_files(plan, api, collection)).items()))
    if target.templates is None:  # never a package that fails on import
        check_compiles(files, collection.source)
    else:
        check_compiles(files, collection.source, f"check the templates in {target.templates}")
    memo.save()
    return name, files, (*collection.warnings, *api.warnings, *plan.warnings)


@contextlib.contextmanager
def _cycle_collector_off() -> Iterator[None]:
    """Python's cycle collector paused while the stages run: they allocate a large, growing
    heap of objects that live until the end and are then freed by reference counting;
    the collector's repeated passes over it were a third of a one-request regeneration.
    Resumed once that heap is gone, so its first pass has little left to visit."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def input_hashes(target: Target) -> dict[str, str | None]:
    """sha256 of each input file (and of the templates directory's content)."""
    templates = target.templates
    if templates is not None and not templates.is_dir():
        raise InputError.at(str(templates), "$", "templates directory not found")
    return {
        "collection": _file_digest(target.collection),
        "environment": _file_digest(target.env) if target.env is not None else None,
        "overrides": _file_digest(target.overrides) if target.overrides is not None else None,
        "templates": _tree_digest(templates) if templates is not None else None,
    }


def compare(rendered: Rendered) -> Drift:
    """What writing ``rendered`` would change on disk."""
    output = rendered.target.output
    previous = _previous_files(output)
    differ: list[str] = []
    missing: list[str] = []
    stale: list[str] = []
    edited: list[str] = []
    foreign: list[str] = []
    disk: dict[str, bytes] = {}
    for relative, text in rendered.files.items():
        current = _read(output / relative)
        if current is None:
            in_the_way = (output / relative).exists() or (output / relative).is_symlink()
            (foreign if in_the_way else missing).append(relative)
            continue
        disk[relative] = current
        if current == text.encode("utf-8"):
            continue
        if relative not in previous:
            foreign.append(relative)
        elif _digest(current) != previous[relative]:
            edited.append(relative)
        else:
            differ.append(relative)
    for relative, digest in sorted(previous.items()):
        if relative in rendered.files or relative == MANIFEST:
            continue
        current = _read(output / relative)
        if current is None:
            continue
        disk[relative] = current
        (stale if _digest(current) == digest else edited).append(relative)
    on_disk = _read(output / MANIFEST)
    if on_disk is not None:
        disk[MANIFEST] = on_disk
    manifest = on_disk != rendered.manifest.encode("utf-8")
    return Drift(
        tuple(differ), tuple(missing), tuple(stale), tuple(sorted(edited)), tuple(foreign),
        manifest, disk,
    )  # fmt: skip


def write_project(rendered: Rendered, drift: Drift) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Apply ``drift``: write changed and missing files, remove stale ones (and, when the
    caller allowed it, hand-edited ones), all or nothing. Returns (written, removed)."""
    files = rendered.files
    stale_edited = [path for path in drift.edited if path not in files]
    changes = {
        path: files[path]
        for path in sorted({*drift.differ, *drift.missing, *drift.foreign, *drift.edited})
        if path in files
    }
    removals = sorted({*drift.stale, *stale_edited})
    if drift.manifest or changes or removals:
        _commit(rendered.target.output, changes, removals, rendered.manifest)
    return tuple(changes), tuple(removals)


def summary(rendered: Rendered, drift: Drift) -> list[str]:
    """A short report of a check: one line per file that is not current."""
    output = rendered.target.output
    if drift.current:
        return [f"{output}: up to date"]
    lines = [f"{output}: out of date (run `postc generate`):"]
    rows = [
        *(("differs", p) for p in drift.differ),
        *(("edited", p) for p in drift.edited),
        *(("foreign", p) for p in drift.foreign),
        *(("missing", p) for p in drift.missing),
        *(("stale", p) for p in drift.stale),
    ]
    lines += [f"  {kind:<8} {path}" for kind, path in sorted(rows, key=lambda row: row[1])]
    if drift.manifest:
        reasons = _manifest_changes(drift.disk.get(MANIFEST), rendered.manifest)
        lines.append(f"  {'manifest':<8} {MANIFEST}" + (f" ({reasons})" if reasons else ""))
    return lines


def unified_diff(rendered: Rendered, drift: Drift) -> Iterator[str]:
    """A unified diff from the files on disk to what postc generates."""
    output = rendered.target.output
    for path in sorted({*drift.differ, *drift.edited, *drift.foreign, *drift.missing}):
        if path not in rendered.files:
            continue
        yield from _diff(output, path, drift.disk.get(path), rendered.files[path])
    for path in sorted({*drift.stale, *(p for p in drift.edited if p not in rendered.files)}):
        yield from _diff(output, path, drift.disk.get(path), None)
    if drift.manifest:
        yield from _diff(output, MANIFEST, drift.disk.get(MANIFEST), rendered.manifest)


def _diff(output: Path, path: str, before: bytes | None, after: str | None) -> Iterator[str]:
    old = before.decode("utf-8", "replace").splitlines(keepends=True) if before else []
    new = after.splitlines(keepends=True) if after else []
    source = f"{output}/{path}" if before is not None else "/dev/null"
    destination = f"{output}/{path}" if after is not None else "/dev/null"
    for line in difflib.unified_diff(old, new, source, destination):
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


# -- writing, all or nothing ------------------------------------------------------------------


def _commit(output: Path, changes: dict[str, str], removals: list[str], manifest: str) -> None:
    """Write ``changes`` and the manifest, remove ``removals``; on any failure (Ctrl-C
    included) put every file back as it was and re-raise."""
    created = output
    while not created.parent.exists():
        created = created.parent
    created_output = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    for leftover in output.glob(f"{STAGING_PREFIX}*"):  # from a generation killed mid-write
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=output))
    moves: list[_Move] = []
    created_dirs: list[Path] = []
    succeeded = False
    try:
        order = [*changes.items(), (MANIFEST, manifest)]
        staged = []
        for index, (relative, text) in enumerate(order):
            source = staging / f"new-{index}"
            with source.open("w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            staged.append((relative, source))
        for index, (relative, source) in enumerate(staged):
            target = _inside(output, relative)
            created_dirs += _make_parents(output, target.parent)
            move = _Move(target, _set_aside(target, staging / f"old-{index}"))
            moves.append(move)
            _place(source, target)
            move.placed = True
        for index, relative in enumerate(removals):
            target = _inside(output, relative)
            moves.append(_Move(target, _set_aside(target, staging / f"removed-{index}")))
        succeeded = True
    finally:
        if not succeeded:
            _roll_back(moves, created_dirs)
        shutil.rmtree(staging, ignore_errors=True)
        if not succeeded and created_output:
            shutil.rmtree(created, ignore_errors=True)
    for relative in removals:
        _remove_empty_parents(output, (output / relative).parent)


@dataclass
class _Move:
    target: Path
    backup: Path | None
    placed: bool = False


def _set_aside(target: Path, backup: Path) -> Path | None:
    if not (target.exists() or target.is_symlink()):
        return None
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(f"{target} is a directory: postc will not replace it")
    target.replace(backup)
    return backup


def _place(source: Path, target: Path) -> None:
    """Move a staged file into place (a seam for tests that simulate a failure)."""
    source.replace(target)


def _roll_back(moves: list[_Move], created_dirs: list[Path]) -> None:
    for move in reversed(moves):
        if move.placed:
            move.target.unlink(missing_ok=True)
        if move.backup is not None:
            move.backup.replace(move.target)
    for directory in reversed(created_dirs):
        with contextlib.suppress(OSError):
            directory.rmdir()


def _make_parents(output: Path, directory: Path) -> list[Path]:
    missing = []
    while directory != output and not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _remove_empty_parents(output: Path, directory: Path) -> None:
    while directory != output and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def _inside(output: Path, relative: str, resolved: dict[Path, Path] | None = None) -> Path:
    """``output / relative``, refusing any path that would land outside ``output``.

    ``resolved`` (directory -> its real path), when given, is filled and reused: checking
    many files of a few directories then resolves each directory once.
    """
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or ".." in parts:
        raise ValueError(f"postc refuses to write {relative!r} outside {output}")
    target = output / relative
    resolved = {} if resolved is None else resolved
    if output not in resolved:
        resolved[output] = output.resolve()
    parent = resolved.get(target.parent)
    if parent is None:
        parent = resolved[target.parent] = target.parent.resolve()
    if not parent.is_relative_to(resolved[output]):
        raise ValueError(f"postc refuses to write {relative!r}: it resolves outside {output}")
    return target


# -- the manifest -----------------------------------------------------------------------------


def _manifest_text(package: str, inputs: dict[str, str | None], files: dict[str, str]) -> str:
    manifest = {
        "postc": __version__,
        "black": black_version(),
        "package": package,
        "inputs": inputs,
        "files": {
            relative: _digest(text.encode("utf-8")) for relative, text in sorted(files.items())
        },
    }
    return json.dumps(manifest, indent=2) + "\n"


def _manifest_changes(before: bytes | None, after: str) -> str:
    """Why the manifest changes, besides its file list: ``black 24.1.0 -> 26.10.1``."""
    if before is None:
        return "missing"
    try:
        old = json.loads(before)
    except ValueError:
        return "unreadable"
    new = json.loads(after)
    if not isinstance(old, dict):
        return "unreadable"
    reasons = [
        f"{key} {old.get(key)} -> {new[key]}"
        for key in ("postc", "black", "package")
        if old.get(key) != new[key]
    ]
    old_inputs = old.get("inputs")
    if not isinstance(old_inputs, dict):
        old_inputs = {}
    reasons += [
        f"{name} changed"
        for name, digest in new["inputs"].items()
        if old_inputs.get(name) != digest
    ]
    return "; ".join(reasons)


def _previous_files(output: Path) -> dict[str, str]:
    """The files the previous manifest lists: relative path -> sha256."""
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    found = {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}
    resolved: dict[Path, Path] = {}
    for relative in found:  # OUTDIR may come from elsewhere: its manifest is input too
        try:
            _inside(output, relative, resolved)
        except ValueError:
            raise InputError.at(
                str(output / MANIFEST),
                f"files[{json.dumps(relative)}]",
                "a path outside the output directory: postc will not touch it "
                "(remove the entry, or the manifest)",
            ) from None
    return found


@cache
def black_version() -> str:
    return distribution_version("black")


# -- the no-op fast path ----------------------------------------------------------------------


def _stamp_path(target: Target, inputs: dict[str, str | None]) -> Path | None:
    """Where the stamp of a generation with these inputs, by this postc, into this
    directory, would be; ``None`` when there is no manifest to trust."""
    manifest = _read(target.output / MANIFEST)
    if manifest is None:
        return None
    key = json.dumps(
        [
            str(target.output.resolve()),
            target.package,
            inputs,
            code_fingerprint(),
            black_version(),
            _digest(manifest),
        ]
    )
    return cache_dir() / "runs" / _digest(key.encode("utf-8"))


def _unchanged(target: Target, stamp: Path) -> Generated | None:
    """The result of a generation that would change nothing, or ``None`` when it might."""
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        package = recorded["package"]
        warnings = tuple(Diagnostic(str(p), str(m)) for p, m in recorded["warnings"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    files = {}
    for relative, digest in _previous_files(target.output).items():
        current = _read(target.output / relative)
        if current is None or _digest(current) != digest:
            return None
        files[relative] = current.decode("utf-8", "replace")
    touch(stamp)
    return Generated(str(package), files, (), (), warnings, unchanged=True)


def _write_stamp(target: Target, rendered: Rendered, inputs: dict[str, str | None]) -> None:
    """Record that the output now matches ``inputs``, the inputs that were rendered (not
    read again: an input edited during the run would then pass for generated)."""
    stamp = _stamp_path(target, inputs)
    if stamp is None:
        return
    warnings = [[w.path, w.message] for w in rendered.warnings]
    store(stamp, json.dumps({"package": rendered.package, "warnings": warnings}))


# -- helpers ----------------------------------------------------------------------------------


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _file_digest(path: Path) -> str:
    try:
        return _digest(path.read_bytes())
    except OSError as error:
        raise InputError.at(str(path), "$", f"cannot read: {error.strerror or error}") from None


def _tree_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    files = {p.relative_to(directory).as_posix(): p for p in directory.rglob("*") if p.is_file()}
    for relative, path in sorted(files.items()):
        digest.update(relative.encode("utf-8") + b"\0" + _digest(path.read_bytes()).encode())
    return digest.hexdigest()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
