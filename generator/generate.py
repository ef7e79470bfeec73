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
- OUTDIR is read back as untrusted input (``generator.output``): nothing below it is read
  or written through a symbolic link, files are read only as far as postc could have
  written them, and a manifest that is not exactly what postc writes is refused (exit 2).
- A no-op regeneration (same inputs, same postc, files on disk as the manifest says) is
  recognised without rendering, from a stamp in postc's cache directory.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import hashlib
import json
import re
import shutil
import stat
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal, get_args

from generator import __version__
from generator.api_changes import (
    OPENAPI_FILE,
    Recorded,
    changes_since,
    openapi_text,
    recorded_problem,
)
from generator.atomic import create_file
from generator.cache import (
    cache_dir,
    code_fingerprint,
    load,
    output_lock,
    store,
    writing_behind,
)
from generator.config import Target
from generator.errors import InputError
from generator.formatting import black_version
from generator.ir import Diagnostic
from generator.output import OutputDir, Unread
from generator.reading import COLLECTION, ENVIRONMENT, MIB, OVERRIDES, TEMPLATE, input_digest
from generator.terminal import printable

if TYPE_CHECKING:
    from generator.diff import Change
    from generator.emit.plan import Plan
    from generator.ir import ApiModels, Collection, Environment

MANIFEST = ".postc-manifest.json"
STAGING_PREFIX = ".postc-staging-"

MAX_MANIFEST_BYTES = 8 * MIB
"""Far above any manifest postc writes (10,000 requests: about a megabyte). JSON parses into
up to 25 times its size in objects, so this bounds memory too."""

MAX_OUTPUT_FILE_BYTES = 256 * MIB
"""A file of OUTDIR larger than this is taken as changed by hand, never read: postc writes
none (generating a 30 MB example body already takes 560 MiB)."""

MAX_DIFF_BYTES = 4 * MIB
MAX_DIFF_LINES = 20_000
"""``--diff`` does not show a file larger than these (on disk or generated): difflib takes
time quadratic in the lines of two files that share many lines (20,000: 3 s at worst)."""


@dataclass(frozen=True)
class Generated:
    """What a generation wrote, and what the user should hear about."""

    package: str
    files: dict[str, str]
    written: tuple[str, ...]
    removed: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    unchanged: bool = False  # recognised as a no-op without rendering
    changes: tuple[Change, ...] = ()  # what this generation changed for callers


@dataclass(frozen=True)
class Rendered:
    """A target rendered in memory: its files and the manifest that describes them."""

    target: Target
    package: str
    files: dict[str, str]
    manifest: str
    warnings: tuple[Diagnostic, ...]
    changes: tuple[Change, ...] = ()  # the API changes from the document in OUTDIR
    previous: Manifest | None = field(default=None, repr=False)  # OUTDIR's, read once


@dataclass(frozen=True)
class Drift:
    """How the files on disk differ from a rendering."""

    differ: tuple[str, ...] = ()  # generated before, content changed (will be rewritten)
    missing: tuple[str, ...] = ()  # not on disk
    stale: tuple[str, ...] = ()  # postc wrote it, no longer generates it (will be removed)
    edited: tuple[str, ...] = ()  # postc wrote it, edited by hand since, would be replaced
    foreign: tuple[str, ...] = ()  # postc did not write it, but would write that path
    manifest: bool = False  # the manifest itself is missing or out of date
    previous: Manifest | None = field(default=None, repr=False)  # the manifest on disk

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
    return Generated(
        rendered.package,
        rendered.files,
        written,
        removed,
        rendered.warnings,
        changes=rendered.changes,
    )


def check_target(target: Target) -> tuple[Rendered, Drift]:
    """Render ``target`` in memory and compare it with the disk; writes nothing (waits for a
    generation running on the same directory to finish)."""
    with output_lock(target.output), writing_behind():
        rendered = render(target)
        return rendered, compare(rendered)


def render(target: Target, inputs: dict[str, str | None] | None = None) -> Rendered:
    """Every file of the target, formatted, and the manifest describing them (with the API
    changes from the document OUTDIR holds: ``generator.api_changes``)."""
    inputs = inputs if inputs is not None else input_hashes(target)
    with _cycle_collector_off():
        name, files, warnings = _files(target)
    for relative in files:
        _inside(target.output, relative)
    outdir = OutputDir.of(target.output)
    previous = _read_manifest(outdir)
    listed, kept = (previous.files, previous.changes) if previous is not None else ({}, ())
    changes, recorded = changes_since(outdir, listed, kept, files[OPENAPI_FILE])
    manifest = _manifest_text(name, inputs, files, recorded)
    return Rendered(target, name, files, manifest, warnings, changes, previous)


def _files(target: Target) -> tuple[str, dict[str, str], tuple[Diagnostic, ...]]:
    """The package name, the formatted files and the warnings: the stages, one after the
    other (the collection, models and plan are freed when this returns)."""
    from generator.api_models import build_models
    from generator.emit.environment import user_templates
    from generator.emit.plan import make_plan
    from generator.emit.project import project_files, runtime_path
    from generator.emit.verify import check_compiles
    from generator.formatting import format_files
    from generator.loader import NO_REQUESTS, load_collection, load_environment
    from generator.memo import InferenceMemo
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
        rendered = project_files(plan, api, collection)
        document = partial(_openapi_file, collection, environment, api, plan)
        formatted = format_files(chain(rendered, _later(document)), {runtime_path(plan.package)})
        files = dict(sorted(formatted.items()))
    if target.templates is None:  # never a package that fails on import
        check_compiles(files, collection.source)
    else:
        check_compiles(files, collection.source, f"check the templates in {target.templates}")
    memo.save()
    return name, files, (*collection.warnings, *api.warnings, *plan.warnings)


def _openapi_file(
    collection: Collection, environment: Environment | None, api: ApiModels, plan: Plan
) -> tuple[str, str]:
    from generator.openapi import openapi_document

    return OPENAPI_FILE, openapi_text(openapi_document(collection, environment, api, plan))


def _later(file: Callable[[], tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The file made only when it is asked for: after the project's, while black formats them."""
    yield file()


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
        "collection": input_digest(target.collection, COLLECTION),
        "environment": input_digest(target.env, ENVIRONMENT) if target.env is not None else None,
        "overrides": (
            input_digest(target.overrides, OVERRIDES) if target.overrides is not None else None
        ),
        "templates": _tree_digest(templates) if templates is not None else None,
    }


def compare(rendered: Rendered) -> Drift:
    """What writing ``rendered`` would change on disk. OUTDIR is read as the untrusted input
    it is: never through a link (``InputError``), each file only as far as postc could have
    written it, and nothing is kept of it (``--diff`` reads again what it shows)."""
    outdir = OutputDir.of(rendered.target.output)
    previous = rendered.previous  # read by ``render``, under the same lock
    listed = previous.files if previous is not None else {}
    found: dict[_Kind, list[str]] = {kind: [] for kind in get_args(_Kind)}
    for relative, text in rendered.files.items():
        drift = _generated_drift(outdir, relative, text.encode("utf-8"), listed.get(relative))
        if drift is not None:
            found[drift].append(relative)
    for relative, digest in sorted(listed.items()):
        if relative not in rendered.files and relative != MANIFEST:
            drift = _listed_drift(outdir, relative, digest)
            if drift is not None:
                found[drift].append(relative)
    return Drift(
        tuple(found["differ"]), tuple(found["missing"]), tuple(found["stale"]),
        tuple(sorted(found["edited"])), tuple(found["foreign"]),
        previous is None or previous.text != rendered.manifest, previous,
    )  # fmt: skip


_Kind = Literal["differ", "missing", "stale", "edited", "foreign"]  # the fields of Drift


def _generated_drift(
    outdir: OutputDir, relative: str, expected: bytes, listed: str | None
) -> _Kind | None:
    """How the file at a generated path differs from ``expected`` (``None``: it does not).
    A file longer than ``expected`` is not read to know that it differs."""
    current = outdir.read(relative, len(expected))
    if current == expected:
        return None
    if current is Unread.ABSENT:
        return "missing"
    if current is Unread.NOT_A_FILE or listed is None:
        return "foreign"
    return "differ" if outdir.digest(relative, MAX_OUTPUT_FILE_BYTES) == listed else "edited"


def _listed_drift(outdir: OutputDir, relative: str, listed: str) -> _Kind | None:
    """Whether a file postc wrote and no longer generates is as postc left it (``stale``,
    to remove) or ``edited``; ``None`` when nothing of postc's is left at that path."""
    current = outdir.digest(relative, MAX_OUTPUT_FILE_BYTES)
    if current is Unread.ABSENT or current is Unread.NOT_A_FILE:
        return None
    return "stale" if current == listed else "edited"


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
        _commit(OutputDir.of(rendered.target.output), changes, removals, rendered.manifest)
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
        reasons = _manifest_changes(drift.previous, rendered.manifest)
        lines.append(f"  {'manifest':<8} {MANIFEST}" + (f" ({reasons})" if reasons else ""))
    return lines


def unified_diff(rendered: Rendered, drift: Drift) -> Iterator[str]:
    """A unified diff from the files on disk to what postc generates, for a terminal: the
    files are read again as :func:`compare` reads them, and control characters come out
    escaped, so no file can drive the terminal it is shown on."""
    outdir = OutputDir.of(rendered.target.output)
    for path in sorted({*drift.differ, *drift.edited, *drift.foreign, *drift.missing}):
        if path in rendered.files:
            yield from _diff(outdir, path, rendered.files[path])
    for path in sorted({*drift.stale, *(p for p in drift.edited if p not in rendered.files)}):
        yield from _diff(outdir, path, None)
    if drift.manifest:
        before = drift.previous.text if drift.previous is not None else None
        yield from _text_diff(outdir.shown, MANIFEST, before, rendered.manifest)


def _diff(outdir: OutputDir, path: str, after: str | None) -> Iterator[str]:
    current = outdir.read(path, MAX_DIFF_BYTES)
    if current is Unread.NOT_A_FILE:
        yield f"{outdir.shown / path}: not a regular file, not shown\n"
    elif current is Unread.TOO_LARGE or len((after or "").encode("utf-8")) > MAX_DIFF_BYTES:
        yield f"{outdir.shown / path}: over {MAX_DIFF_BYTES // MIB} MiB, not shown\n"
    else:
        before = None if current is Unread.ABSENT else current.decode("utf-8", "replace")
        yield from _text_diff(outdir.shown, path, before, after)


def _text_diff(output: Path, path: str, before: str | None, after: str | None) -> Iterator[str]:
    old = _lines(before) if before else []
    new = _lines(after) if after else []
    if max(len(old), len(new)) > MAX_DIFF_LINES:
        yield f"{output}/{path}: over {MAX_DIFF_LINES:,} lines, not shown\n"
        return
    source = f"{output}/{path}" if before is not None else "/dev/null"
    destination = f"{output}/{path}" if after is not None else "/dev/null"
    for line in difflib.unified_diff(old, new, source, destination):
        line = printable(line, keep_newlines=True)
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    """``text`` split after each ``\n``, the only line end diff and patch know (``str.
    splitlines`` also splits at ``\r``, form feeds and U+2028, which are escaped instead)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


# -- writing, all or nothing ------------------------------------------------------------------


_UMASKED = 0o666  # generated files get the permissions the user's umask gives new files


def _commit(outdir: OutputDir, changes: dict[str, str], removals: list[str], manifest: str) -> None:
    """Write ``changes`` and the manifest, remove ``removals``; on any failure (Ctrl-C
    included) put every file back as it was and re-raise. Every file is renamed into
    place: an entry it replaces (a hard link too) is moved aside, never written through.
    Files are staged as new files (``generator.atomic.create_file``) in a private directory
    inside OUTDIR, so the renames stay on one file system."""
    output = outdir.root
    created = output
    while not created.parent.exists():
        created = created.parent
    created_output = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    for leftover in output.glob(f"{STAGING_PREFIX}*"):  # from a generation killed mid-write
        shutil.rmtree(leftover, ignore_errors=True)  # a link is refused, not followed
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=output))
    moves: list[_Move] = []
    created_dirs: list[Path] = []
    succeeded = False
    try:
        order = [*changes.items(), (MANIFEST, manifest)]
        staged = []
        for index, (relative, text) in enumerate(order):
            source = staging / f"new-{index}"
            create_file(source, text.encode("utf-8"), _UMASKED)
            staged.append((relative, source))
        for index, (relative, source) in enumerate(staged):
            created_dirs += _make_parents(outdir, relative)
            move = _Move(output / relative, _set_aside(outdir, relative, staging / f"old-{index}"))
            moves.append(move)
            _place(source, move.target)
            move.placed = True
        for index, relative in enumerate(removals):
            backup = _set_aside(outdir, relative, staging / f"removed-{index}")
            moves.append(_Move(output / relative, backup))
        succeeded = True
    finally:
        if not succeeded:
            _roll_back(moves, created_dirs)
        shutil.rmtree(staging, ignore_errors=True)
        if not succeeded and created_output:
            shutil.rmtree(created, ignore_errors=True)
    for relative in removals:
        _remove_empty_parents(output, relative)


@dataclass
class _Move:
    target: Path
    backup: Path | None
    placed: bool = False


def _set_aside(outdir: OutputDir, relative: str, backup: Path) -> Path | None:
    """Move the entry at ``relative`` (not a link: refused) to ``backup``; ``None`` when
    there is none."""
    status = outdir.lstat(relative)
    if status is None:
        return None
    if stat.S_ISDIR(status.st_mode):
        raise outdir.refused(relative, "a directory where postc writes a file (move it)")
    (outdir.root / relative).replace(backup)
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


def _make_parents(outdir: OutputDir, relative: str) -> list[Path]:
    """Create the missing directories on the way to ``relative``, top down; returns them.
    A link or a file on the way is refused."""
    made = []
    for parent in reversed(PurePosixPath(relative).parents[:-1]):
        status = outdir.lstat(str(parent))
        if status is None:
            (outdir.root / parent).mkdir()
            made.append(outdir.root / parent)
        elif not stat.S_ISDIR(status.st_mode):
            raise outdir.refused(str(parent), "not a directory, where postc needs one (move it)")
    return made


def _remove_empty_parents(output: Path, relative: str) -> None:
    """Remove the directories ``relative`` was in, bottom up, while they are empty (a link
    or anything else stops it)."""
    for parent in PurePosixPath(relative).parents[:-1]:
        directory = output / parent
        try:
            if not stat.S_ISDIR(directory.lstat().st_mode) or any(directory.iterdir()):
                return
            directory.rmdir()
        except OSError:
            return


def _inside(output: Path, relative: str) -> None:
    """Refuse a name postc would not write (a bug: postc names files after identifiers),
    above all one that would land outside ``output``. The same rule checks the names a
    manifest lists, so postc never writes a manifest it would then refuse."""
    problem = _path_problem(relative)
    if problem is not None:
        raise ValueError(f"postc refuses to write {relative!r} into {output}: {problem}")


def _path_problem(relative: str) -> str | None:
    """Why ``relative`` is not a path postc writes, or ``None``: ``/``-separated names of
    ASCII letters, digits, ``_``, ``.`` and ``-``, none ``.`` or ``..``."""
    parts = relative.split("/")
    if relative.startswith("/") or ".." in parts:
        return "a path outside the output directory"
    if not all(_NAME.fullmatch(part) and part != "." for part in parts):
        return "not a file name postc writes"
    return None


_NAME = re.compile(r"[A-Za-z0-9_.-]{1,255}")  # 255: no file system takes a longer name


# -- the manifest -----------------------------------------------------------------------------


def _manifest_text(
    package: str, inputs: dict[str, str | None], files: dict[str, str], changes: Recorded
) -> str:
    manifest = {
        "postc": __version__,
        "black": black_version(),
        "package": package,
        "inputs": inputs,
        "files": {
            relative: _digest(text.encode("utf-8")) for relative, text in sorted(files.items())
        },
        "changes": list(changes),
    }
    return json.dumps(manifest, indent=2) + "\n"


@dataclass(frozen=True)
class Manifest:
    """The manifest found in OUTDIR: whoever made OUTDIR may have written it, so it is taken
    only when it is what postc writes (:func:`_parse_manifest`)."""

    text: str
    files: dict[str, str]  # relative path -> sha256
    fields: dict[str, str]  # those of _FIELDS it has
    inputs: dict[str, str | None]  # input name -> sha256
    changes: Recorded = ()  # the API changes of the last generation that changed the API


_FIELDS = ("postc", "black", "package")


def _manifest_changes(previous: Manifest | None, after: str) -> str:
    """Why the manifest changes, besides its file list: ``black 24.1.0 -> 26.10.1``."""
    if previous is None:
        return "missing"
    new = json.loads(after)
    reasons = [
        f"{key} {previous.fields.get(key)} -> {new[key]}"
        for key in _FIELDS
        if previous.fields.get(key) != new[key]
    ]
    reasons += [
        f"{name} changed"
        for name, digest in new["inputs"].items()
        if previous.inputs.get(name) != digest
    ]
    return "; ".join(reasons)


def _previous_files(output: Path) -> dict[str, str]:
    """The files the previous manifest lists: relative path -> sha256. The directories they
    are in are checked to be no links (``InputError``): the no-op check reads the files with
    :func:`_read`, which looks at their last component only."""
    outdir = OutputDir.of(output)
    manifest = _read_manifest(outdir)
    if manifest is None:
        return {}
    for directory in sorted({relative.rpartition("/")[0] for relative in manifest.files} - {""}):
        outdir.lstat(directory)
    return dict(manifest.files)


def _read_manifest(outdir: OutputDir) -> Manifest | None:
    """The manifest in OUTDIR, ``None`` when there is none; anything but a manifest postc
    could have written raises ``InputError`` naming it."""
    data = outdir.read(MANIFEST, MAX_MANIFEST_BYTES)
    if data is Unread.ABSENT:
        return None
    if data is Unread.NOT_A_FILE:
        raise _bad_manifest(outdir, "", "not a regular file")
    if data is Unread.TOO_LARGE:
        raise _bad_manifest(outdir, "", f"over {MAX_MANIFEST_BYTES // MIB} MiB")
    return _parse_manifest(data, outdir)


def _parse_manifest(data: bytes, outdir: OutputDir) -> Manifest:
    try:
        text = data.decode("utf-8")
        doc = json.loads(text, object_pairs_hook=_without_duplicates)
    except UnicodeDecodeError as error:
        raise _bad_manifest(outdir, "", f"not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise _bad_manifest(outdir, where, f"not JSON ({error.msg})") from None
    except _DuplicateKeyError as error:
        raise _bad_manifest(outdir, "", f"key {error} given twice") from None
    except RecursionError:
        raise _bad_manifest(outdir, "", "nested deeper than the parser goes") from None
    except ValueError:  # an integer too long to convert
        raise _bad_manifest(outdir, "", "not JSON as postc writes it") from None
    if not isinstance(doc, dict):
        raise _bad_manifest(outdir, "", "not a JSON object")
    files = _entries(doc, "files", outdir, _path_problem, _digest_problem)
    if files is None:
        raise _bad_manifest(outdir, "files", "missing")
    fields = {key: _token(doc, key, outdir) for key in _FIELDS if key in doc}
    inputs = _entries(doc, "inputs", outdir, _input_name_problem, _input_problem) or {}
    changes = doc.get("changes", [])
    problem = recorded_problem(changes)
    if problem is not None:
        raise _bad_manifest(outdir, "changes", problem)
    return Manifest(text, files, fields, inputs, tuple(changes))


class _DuplicateKeyError(ValueError):
    """A JSON object with a key twice (``json`` would keep the last, silently)."""


def _without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found = dict(pairs)
    if len(found) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        raise _DuplicateKeyError(json.dumps(next(k for k, n in counts.items() if n > 1)))
    return found


def _entries(
    doc: dict[str, object],
    key: str,
    outdir: OutputDir,
    name_problem: Callable[[str], str | None],
    value_problem: Callable[[object], str | None],
) -> dict[str, Any] | None:
    """The object ``doc[key]`` (``None`` when absent), every key and value checked."""
    if key not in doc:
        return None
    entries = doc[key]
    if not isinstance(entries, dict):
        raise _bad_manifest(outdir, key, "not a JSON object")
    for name, value in entries.items():
        problem = name_problem(name) or value_problem(value)
        if problem is not None:
            raise _bad_manifest(outdir, f"{key}[{json.dumps(name)}]", problem)
    return entries


def _token(doc: dict[str, object], key: str, outdir: OutputDir) -> str:
    """A version or the package name: printable ASCII without spaces (``check`` prints
    them)."""
    value = doc[key]
    if isinstance(value, str) and _TOKEN.fullmatch(value):
        return value
    raise _bad_manifest(outdir, key, "not a version or package name")


def _input_name_problem(name: str) -> str | None:
    return None if _TOKEN.fullmatch(name) else "not an input name"


def _digest_problem(value: object) -> str | None:
    return None if isinstance(value, str) and _SHA256.fullmatch(value) else "not a sha256 digest"


def _input_problem(value: object) -> str | None:
    return None if value is None else _digest_problem(value)


def _bad_manifest(outdir: OutputDir, where: str, problem: str) -> InputError:
    message = f"{problem}: not a manifest postc wrote (remove it)"
    return InputError.at(str(outdir.shown / MANIFEST), where, message)


_TOKEN = re.compile(r"[!-~]+")  # printable ASCII, no space
_SHA256 = re.compile(r"[0-9a-f]{64}")


# -- the no-op fast path ----------------------------------------------------------------------


def _stamp_path(target: Target, inputs: dict[str, str | None]) -> Path | None:
    """Where the stamp of a generation with these inputs, by this postc, into this
    directory, would be; ``None`` when there is no manifest to trust: none, or one that
    does not itself record these inputs, this postc and this black (no stamp can vouch for
    a manifest that says it was made from something else)."""
    manifest = _read(target.output / MANIFEST)
    recorded = _recorded(manifest)
    if manifest is None or recorded is None:
        return None
    made_by = (recorded.get("inputs"), recorded.get("postc"), recorded.get("black"))
    if made_by != (inputs, __version__, black_version()):
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
    """The result of a generation that would change nothing, or ``None`` when it might.

    The stamp (a cache entry bound to its key, see :func:`generator.cache.load`) says that
    rendering these inputs gave the manifest in OUTDIR, with these warnings; what can be
    checked without rendering is: the package it names is the manifest's (a plain
    identifier, as the hatch hook makes a path of it), and every file the manifest lists
    is on disk as listed.
    """
    content = load(stamp)
    if content is None:
        return None
    try:
        claimed = json.loads(content)
        package = claimed["package"]
        warnings = tuple(Diagnostic(str(p), str(m)) for p, m in claimed["warnings"])
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    recorded = _recorded(_read(target.output / MANIFEST))
    if recorded is None or recorded.get("package") != package or not _plain_name(package):
        return None
    files = {}
    for relative, digest in _previous_files(target.output).items():
        current = _read(target.output / relative)
        if current is None or _digest(current) != digest:
            return None
        files[relative] = current.decode("utf-8", "replace")
    return Generated(package, files, (), (), warnings, unchanged=True)


def _write_stamp(target: Target, rendered: Rendered, inputs: dict[str, str | None]) -> None:
    """Record that the output now matches ``inputs``, the inputs that were rendered (not
    read again: an input edited during the run would then pass for generated)."""
    stamp = _stamp_path(target, inputs)
    if stamp is None:
        return
    warnings = [[w.path, w.message] for w in rendered.warnings]
    store(stamp, json.dumps({"package": rendered.package, "warnings": warnings}))


def _recorded(manifest: bytes | None) -> dict[str, object] | None:
    """The manifest's fields, or ``None`` when it is missing or not a JSON object."""
    try:
        recorded = json.loads(manifest) if manifest is not None else None
    except (ValueError, RecursionError):
        return None
    return recorded if isinstance(recorded, dict) else None


def _plain_name(package: object) -> bool:
    """Whether ``package`` is what :func:`generator.naming.identifiers.package_name` gives:
    an ASCII identifier (never a path)."""
    return isinstance(package, str) and package.isascii() and package.isidentifier()


# -- helpers ----------------------------------------------------------------------------------


def _read(path: Path) -> bytes | None:
    """The bytes of the regular file ``path`` in OUTDIR, never through a link at its last
    component (``InputError``); ``None`` when there is none, or it is larger than postc
    writes such a file."""
    limit = MAX_MANIFEST_BYTES if path.name == MANIFEST else MAX_OUTPUT_FILE_BYTES
    found = OutputDir(path.parent, path.parent).read(path.name, limit)
    return None if isinstance(found, Unread) else found


def _tree_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    files = {p.relative_to(directory).as_posix(): p for p in directory.rglob("*") if p.is_file()}
    for relative, path in sorted(files.items()):
        name = relative.encode("utf-8", "surrogateescape")
        digest.update(name + b"\0" + input_digest(path, TEMPLATE).encode())
    return digest.hexdigest()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
