"""``.postc-manifest.json``: what postc wrote into OUTDIR, written and read back.

The manifest records postc's and black's versions, the hashes of the inputs and of every
generated file, and the API changes of the last generation that changed the API. It is
how postc tells its own files from the user's: files it does not list are never touched,
listed files whose hash no longer matches were edited by hand.

Whoever made OUTDIR may have written it, so it is read as untrusted input: through
``generator.output.OutputDir`` (no link, a regular file, at most ``MAX_MANIFEST_BYTES``),
then taken only when it is exactly what postc writes; anything else is ``InputError``
(exit 2) naming the manifest and the JSON path, never its raw content. The file names it
may list follow the rule postc's own files are checked against before anything is
written (:func:`path_problem`), so postc never writes a manifest it would then refuse.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import __version__
from generator.api_changes import Recorded, recorded_problem
from generator.errors import InputError
from generator.formatting import black_version
from generator.output import OutputDir, Unread
from generator.reading import MIB

MANIFEST = ".postc-manifest.json"

MAX_MANIFEST_BYTES = 8 * MIB
"""Far above any manifest postc writes (10,000 requests: about a megabyte). JSON parses into
up to 25 times its size in objects, so this bounds memory too."""

MAX_OUTPUT_FILE_BYTES = 256 * MIB
"""A file of OUTDIR larger than this is taken as changed by hand, never read: postc writes
none (generating a 30 MB example body already takes 560 MiB)."""


@dataclass(frozen=True)
class Manifest:
    """The manifest found in OUTDIR: whoever made OUTDIR may have written it, so it is taken
    only when it is what postc writes (:func:`read_manifest`)."""

    text: str
    files: dict[str, str]  # relative path -> sha256
    fields: dict[str, str]  # those of _FIELDS it has
    inputs: dict[str, str | None]  # input name -> sha256
    changes: Recorded = ()  # the API changes of the last generation that changed the API


_FIELDS = ("postc", "black", "package")


def manifest_text(
    package: str, inputs: dict[str, str | None], files: dict[str, str], changes: Recorded
) -> str:
    """The manifest of a generation, as written to OUTDIR."""
    manifest = {
        "postc": __version__,
        "black": black_version(),
        "package": package,
        "inputs": inputs,
        "files": {
            relative: sha256(text.encode("utf-8")) for relative, text in sorted(files.items())
        },
        "changes": list(changes),
    }
    return json.dumps(manifest, indent=2) + "\n"


def manifest_changes(previous: Manifest | None, after: str) -> str:
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


def read_manifest(outdir: OutputDir) -> Manifest | None:
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


def check_written_path(output: Path, relative: str) -> None:
    """Refuse a name postc would not write (a bug: postc names files after identifiers),
    above all one that would land outside ``output``."""
    problem = path_problem(relative)
    if problem is not None:
        raise ValueError(f"postc refuses to write {relative!r} into {output}: {problem}")


def path_problem(relative: str) -> str | None:
    """Why ``relative`` is not a path postc writes, or ``None``: ``/``-separated names of
    ASCII letters, digits, ``_``, ``.`` and ``-``, none ``.`` or ``..``."""
    parts = relative.split("/")
    if relative.startswith("/") or ".." in parts:
        return "a path outside the output directory"
    if not all(_NAME.fullmatch(part) and part != "." for part in parts):
        return "not a file name postc writes"
    return None


_NAME = re.compile(r"[A-Za-z0-9_.-]{1,255}")  # 255: no file system takes a longer name


def sha256(data: bytes) -> str:
    """The digest the manifest records of a file (and stamps of a manifest)."""
    return hashlib.sha256(data).hexdigest()


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
    files = _entries(doc, "files", outdir, path_problem, _digest_problem)
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
