"""Do the tests translated from the collections' scripts fail when what they assert changes?

    .venv/bin/python bench/script_mutations.py [--only SUBSTRING] [--keep DIR] [COLLECTION ...]

For every v2.0/v2.1 collection of ``../shared/corpus`` (or the collections named): generates
the client project, then runs its script tests (``docs/scripts.md``, "Generated tests")
that have a saved example: each once as generated, then once per translated assertion with
the served example mutated where that assertion looks (the value at its JSON path, the
header, the text, the reason, or the status), so that the JavaScript assertion would fail
in Postman. Counts, per collection and in total:

- ``assertions``: translated assertions of tests served a saved example;
- ``passing``: those whose test passes on the example (a test ending in ``pytest.skip`` for
  its untranslated statements counts: its assertions ran and passed before; a test the
  example fails, generated as an expected failure, does not);
- ``killed``: of the passing, those whose test fails on their mutant;
- ``cannot fail``: passing assertions without a mutant (a literal subject, a regular
  expression no tried value escapes) or whose mutant the test survives: they do not count.

The mutants are chosen from chai's semantics only, never by running the translation, so a
translation that cannot fail survives its mutant. The run is a pytest plugin (this module,
``-p script_mutations``) inside the generated project: ``pytest_runtest_protocol`` runs each
listed test once per variant, with ``Mock.respond`` serving the variant's answer.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.emit.script_tests import Condition, Pattern

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SPEC_VARIABLE = "POSTC_SCRIPT_MUTATIONS"  # the plugin's input: {node id: [variant, ...]}
RESULTS_VARIABLE = "POSTC_SCRIPT_MUTATION_RESULTS"  # its output: {node id: [outcome, ...]}
# Statuses a status mutant may take, tried in order: the first the check rejects
STATUSES = (200, 201, 204, 302, 400, 404, 418, 500, 503)
# Values a ``match`` mutant tries, in order: the first the regular expression does not match
MATCH_TRIES = ("", "0", " ", "mutated value", "MUTATED-VALUE-9", "\u00e9\u00e9")
UNTRANSLATED = "not translated: "


# --- the plan: which assertions, which mutants -------------------------------------------


@dataclass
class Mutated:
    """One translated assertion of a served script test, and the answer that breaks it."""

    js: str
    mutant: dict[str, Any] | None  # the served answer's fields it replaces; None: none found


@dataclass
class Planned:
    """A script test served a saved example, as the plugin runs it."""

    node: str  # pytest node id, relative to the project
    answer: dict[str, Any]  # status, body, content_type, headers, reason as served
    assertions: list[Mutated] = field(default_factory=list)


def planned_tests(collection_path: Path) -> list[Planned]:
    """The script tests of the collection's generated project that are served an example,
    with a mutant per translated assertion."""
    from generator.api_models import build_models
    from generator.emit.plan import make_plan
    from generator.emit.tests import planned_modules
    from generator.loader import load_collection
    from generator.memo import InferenceMemo
    from generator.naming.identifiers import package_name

    collection = load_collection(collection_path)
    api = build_models(collection, None, (), InferenceMemo.of(collection_path))
    plan = make_plan(collection, None, api, package_name(collection.name))
    found: list[Planned] = []
    for module in planned_modules(plan, collection):
        for scripted in module.scripted:
            case, test = scripted.case, scripted.test
            if case.example is None or not case.assertions:
                continue
            answer = {
                "status": test.status,
                "body": test.body,
                "content_type": test.content_type,
                "headers": [list(pair) for pair in case.headers],
                "reason": case.reason or None,
            }
            planned = Planned(f"tests/test_{module.name}.py::test_{case.name}", answer)
            for assertion in case.assertions:
                guards_hold = all(_holds_roughly(g, answer) for g in assertion.guards)
                runs = guards_hold and not case.failing  # an expected failure is not run again
                mutant = mutate(assertion.condition, answer) if runs else None
                planned.assertions.append(Mutated(assertion.js, mutant))
            found.append(planned)
    return found


def _holds_roughly(guard: Condition, answer: dict[str, Any]) -> bool:
    """Whether a status guard admits the answer (other guards are taken to hold: a mutant
    whose assertion a guard skips survives, and counts against the translation)."""
    if guard.subject.kind != "status" or guard.matcher not in ("is", "in", "status_class"):
        return True
    values: list[Any] = [literal.value for literal in guard.values]
    status = answer["status"]
    held = values[0] <= status <= values[1] if guard.matcher == "status_class" else status in values
    return bool(held) is not guard.negated


# --- mutants ------------------------------------------------------------------------------


class NoMutantError(Exception):
    """No answer breaking the assertion is known (chai semantics give none postc can build)."""


def mutate(condition: Condition, answer: dict[str, Any]) -> dict[str, Any] | None:
    """The answer's fields to replace so that the condition fails in JavaScript, or None."""
    try:
        subject = condition.subject
        if subject.kind == "status":
            return {"status": _status(condition, answer["status"])}
        if subject.kind == "json":
            return {"body": _json_mutant(condition, answer["body"])}
        if subject.kind == "text":
            return {"body": _text(_broken(condition, answer["body"]))}
        if subject.kind == "reason":
            return {"reason": _text(_broken(condition, answer["reason"] or ""))}
        if subject.kind == "header":
            return _header_mutant(condition, answer)
    except NoMutantError:
        return None
    return None  # a literal subject reads nothing of the answer


def _text(value: Any) -> str:
    """A mutant of text must be text (a body, a reason phrase)."""
    if not isinstance(value, str):
        raise NoMutantError
    return value


def _status(condition: Condition, status: int) -> int:
    values: list[Any] = [literal.value for literal in condition.values]
    for candidate in STATUSES:
        if candidate == status:
            continue
        if condition.matcher in ("is", "equal", "eql"):
            accepted = candidate == values[0]
        elif condition.matcher in ("in", "one_of"):
            accepted = candidate in values
        elif condition.matcher == "status_class":
            accepted = values[0] <= candidate <= values[1]
        else:
            raise NoMutantError
        if accepted == condition.negated:
            return candidate
    raise NoMutantError


def _json_mutant(condition: Condition, body: str) -> str:
    """The body with the value at the condition's path replaced (or removed)."""
    try:
        document = json.loads(body)
    except ValueError:
        raise NoMutantError from None
    path = list(condition.subject.path)
    if not path:
        return _dumped(_broken(condition, document))
    parent = document
    for step in path[:-1]:
        parent = _child(parent, step)
    last = path[-1]
    current = _child(parent, last, missing_ok=True)
    replaced = _broken(condition, current)
    if isinstance(parent, dict):
        if replaced is _DELETE:
            parent.pop(str(last), None)
        else:
            parent[str(last)] = replaced
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        if replaced is _DELETE:
            del parent[last]
        else:
            parent[last] = replaced
    else:
        raise NoMutantError
    return _dumped(document)


def _dumped(value: Any) -> str:
    if value is _DELETE:
        raise NoMutantError
    return json.dumps(value, ensure_ascii=False)


def _child(parent: Any, step: Any, missing_ok: bool = False) -> Any:
    if isinstance(parent, dict) and str(step) in parent:
        return parent[str(step)]
    if isinstance(parent, list) and isinstance(step, int) and 0 <= step < len(parent):
        return parent[step]
    if missing_ok:
        return _MISSING
    raise NoMutantError


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_MISSING = _Marker("undefined")  # an absent key of the example
_DELETE = _Marker("delete")  # the mutant removes the key


def _header_mutant(condition: Condition, answer: dict[str, Any]) -> dict[str, Any]:
    name = condition.subject.name.lower()
    headers = [pair for pair in answer["headers"] if pair[0].lower() != name]
    current = [pair[1] for pair in answer["headers"] if pair[0].lower() == name]
    if name == "content-type":
        replaced = _broken(condition, answer["content_type"])
        if not isinstance(replaced, str):
            raise NoMutantError
        return {"content_type": replaced}
    replaced = _broken(condition, ", ".join(current) if current else _MISSING)
    if replaced is _DELETE or replaced is None:
        return {"headers": headers}
    if not isinstance(replaced, str):
        replaced = json.dumps(replaced)
    return {"headers": [*headers, [condition.subject.name, replaced]]}


def _broken(condition: Condition, value: Any) -> Any:
    """A value on which the condition fails in JavaScript (``_DELETE``: the key removed)."""
    if condition.subject.length:
        return _of_length(value, _broken_length(condition))
    matcher, negated = condition.matcher, condition.negated
    values: list[Any] = [literal.value for literal in condition.values]
    if matcher in ("is", "equal", "eql"):
        return copy.deepcopy(values[0]) if negated else _other(values[0])
    if matcher in ("in", "one_of"):
        return copy.deepcopy(values[0]) if negated and values else _outside(values)
    if matcher == "a":
        return _of_type(values[0]) if negated else _not_of_type(values[0])
    if matcher in ("property", "nested_property"):
        return _without_property(condition, value, values)
    if matcher == "length":
        size = int(values[0])
        return _of_length(value, size if negated else size + 1)
    if matcher in ("above", "below", "least", "most", "within"):
        return _out_of_range(matcher, values, negated)
    if matcher in ("exist", "has_header"):
        if matcher == "has_header" and values:
            return values[0] if negated else f"{values[0]}-mutated"
        return "mutated" if negated else _DELETE
    if matcher == "empty":
        return _empty_like(value) if negated else _filled_like(value)
    if matcher in ("true", "false"):
        return (matcher == "true") if negated else (matcher != "true")
    if matcher == "null":
        return None if negated else "mutated"
    if matcher == "undefined":
        return _DELETE if negated else "mutated"
    if matcher == "ok":
        return "mutated" if negated else 0
    if matcher in ("include", "deep_include"):
        return _without_member(value, values[0], negated)
    if matcher == "match" and not negated:
        return _unmatched(condition.pattern)
    if matcher == "json_schema" and not negated:
        return "mutated" if not isinstance(value, str) else 12345
    raise NoMutantError


def _broken_length(condition: Condition) -> int:
    """A length on which a comparison (or equality) of the length fails."""
    values: list[Any] = [literal.value for literal in condition.values]
    if condition.matcher in ("is", "equal", "eql", "length"):
        size = int(values[0])
        return size if condition.negated else size + 1
    broken = _out_of_range(condition.matcher, values, condition.negated)
    if not isinstance(broken, (int, float)) or broken < 0:
        raise NoMutantError
    return int(broken)


def _other(value: Any) -> Any:
    """A JSON value of the same type that no equality check takes for ``value``."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "-mutated"
    if isinstance(value, list):
        return [*value, "mutated"]
    if isinstance(value, dict):
        return {**value, "mutated": True}
    return "mutated"


def _outside(values: Sequence[Any]) -> Any:
    for candidate in ("mutated", -1, "MUTATED-2"):
        if all(not _same(candidate, v) for v in values):
            return candidate
    raise NoMutantError


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _of_type(name: str) -> Any:
    samples: dict[str, Any] = {
        "string": "mutated",
        "number": 7,
        "boolean": True,
        "array": [],
        "object": {},
        "null": None,
    }
    if name not in samples:
        raise NoMutantError
    return samples[name]


def _not_of_type(name: str) -> Any:
    return 12345 if name == "string" else "mutated"


def _without_property(condition: Condition, value: Any, values: Sequence[Any]) -> Any:
    """The subject without the property (or with another value for it), or with it."""
    path = list(condition.path)
    if not isinstance(value, dict):
        raise NoMutantError
    document = copy.deepcopy(value)
    parent = document
    for step in path[:-1]:
        parent = _child(parent, step)
    if not isinstance(parent, dict):
        raise NoMutantError
    key = str(path[-1])
    if condition.negated:
        parent[key] = copy.deepcopy(values[0]) if values else "mutated"
    elif values and key in parent:
        parent[key] = _other(values[0])
    else:
        parent.pop(key, None)
    return document


def _of_length(value: Any, size: int) -> Any:
    if isinstance(value, str):
        return (value + "x" * size)[:size]
    if isinstance(value, list):
        filler = value[-1] if value else None
        return (copy.deepcopy(value) + [filler] * size)[:size]
    raise NoMutantError


def _out_of_range(matcher: str, values: Sequence[Any], negated: bool) -> Any:
    """A number the comparison rejects (accepts, when negated)."""
    low = values[0]
    outside = {
        "above": low,
        "below": low,
        "least": low - 1,
        "most": low + 1,
        "within": values[-1] + 1,
    }
    inside = {
        "above": low + 1,
        "below": low - 1,
        "least": low,
        "most": low,
        "within": low,
    }
    return (inside if negated else outside)[matcher]


def _empty_like(value: Any) -> Any:
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        return {}
    raise NoMutantError


def _filled_like(value: Any) -> Any:
    if isinstance(value, str):
        return "mutated"
    if isinstance(value, list):
        return ["mutated"]
    return {"mutated": True}


def _without_member(value: Any, member: Any, negated: bool) -> Any:
    """The subject without ``member`` (a substring, an item, a subset's keys), or with it."""
    if isinstance(value, str):
        text = _js_string(member)
        if negated:
            return value + text
        if not text:
            raise NoMutantError
        return value.replace(text, "")
    if isinstance(value, list):
        if negated:
            return [*value, member]
        return [item for item in value if not _same(item, member)]
    if isinstance(value, dict) and isinstance(member, dict):
        if negated:
            return {**value, **member}
        return {k: v for k, v in value.items() if k not in member}
    raise NoMutantError


def _js_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def _unmatched(pattern: Pattern | None) -> str:
    """A string the regular expression does not match (tried with Python's ``re`` on the
    translated pattern: the weakest mutant here, named in docs/scripts.md)."""
    if pattern is None:
        raise NoMutantError
    flags = 0
    for name in pattern.flags:
        flags |= int(getattr(re, name))
    for candidate in MATCH_TRIES:
        if re.search(pattern.pattern, candidate, flags) is None:
            return candidate
    raise NoMutantError


# --- the run ------------------------------------------------------------------------------


@dataclass
class Counts:
    assertions: int = 0
    passing: int = 0
    killed: int = 0
    cannot_fail: list[str] = field(default_factory=list)
    not_passing: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.assertions += other.assertions
        self.passing += other.passing
        self.killed += other.killed
        self.cannot_fail += other.cannot_fail
        self.not_passing += other.not_passing


def measure(collection: Path, keep: Path | None = None) -> Counts:
    """Generate the collection's project and run its served script tests with mutants."""
    from generator.generate import generate

    with tempfile.TemporaryDirectory(prefix="postc-mutations-") as scratch:
        out = (keep / collection.stem) if keep is not None else Path(scratch) / "project"
        generate(collection, out)
        planned = planned_tests(collection)
        spec: dict[str, list[dict[str, Any] | None]] = {
            p.node: [p.answer, *(_variant(p.answer, a.mutant) for a in p.assertions)]
            for p in planned
        }
        spec_file, results_file = Path(scratch) / "spec.json", Path(scratch) / "results.json"
        spec_file.write_text(json.dumps(spec), encoding="utf-8")
        outcomes = _run(out, spec_file, results_file) if spec else {}
    return _counted(planned, outcomes)


def _variant(answer: dict[str, Any], mutant: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if mutant is None else {**answer, **mutant}


def _run(project: Path, spec: Path, results: Path) -> dict[str, list[str]]:
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(project), str(Path(__file__).parent)]),
        "PYTHONDONTWRITEBYTECODE": "1",
        SPEC_VARIABLE: str(spec),
        RESULTS_VARIABLE: str(results),
    }
    environment.pop("POSTC_BASE_URL", None)
    nodes = sorted({node.split("::")[0] for node in json.loads(spec.read_text("utf-8"))})
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "script_mutations", *nodes]
    subprocess.run(command, cwd=project, env=environment, capture_output=True, check=False)
    if not results.exists():
        raise RuntimeError(f"{project}: the mutation run wrote no results")
    found: dict[str, list[str]] = json.loads(results.read_text("utf-8"))
    return found


def _counted(planned: list[Planned], outcomes: dict[str, list[str]]) -> Counts:
    counts = Counts()
    for test in planned:
        results = outcomes.get(test.node, [])
        original = results[0] if results else "missing"
        for index, assertion in enumerate(test.assertions, start=1):
            counts.assertions += 1
            if original != "passed":
                counts.not_passing.append(f"{test.node}: {original}: {assertion.js}")
                continue
            counts.passing += 1
            mutated = results[index] if index < len(results) else "none"
            if mutated == "failed":
                counts.killed += 1
            else:
                counts.cannot_fail.append(f"{test.node}: {mutated}: {assertion.js}")
    return counts


# --- the plugin (inside the generated project's pytest) -----------------------------------

_CURRENT: dict[str, Any] = {}
_RESULTS: dict[str, list[str]] = {}


def _specification() -> dict[str, list[dict[str, Any] | None]]:
    path = os.environ.get(SPEC_VARIABLE)
    spec: dict[str, list[dict[str, Any] | None]] = (
        json.loads(Path(path).read_text("utf-8")) if path else {}
    )
    return spec


def pytest_runtest_protocol(item: Any, nextitem: Any) -> bool | None:
    """Run a listed test once per variant of its answer; record each outcome."""
    from _pytest.runner import runtestprotocol

    variants = _specification().get(item.nodeid)
    if variants is None:
        return None
    _patch(item.module.Mock)
    outcomes = []
    for variant in variants:
        if variant is None:
            outcomes.append("none")
            continue
        _CURRENT.clear()
        _CURRENT.update(variant)
        reports = runtestprotocol(item, nextitem=nextitem, log=False)
        item._initrequest()
        outcomes.append(_outcome(reports))
    _CURRENT.clear()
    _RESULTS[item.nodeid] = outcomes
    return True


def _outcome(reports: Sequence[Any]) -> str:
    """``failed`` where any phase failed; ``passed`` where the test passed, or skipped for
    its untranslated statements once its assertions had passed; else ``skipped``."""
    if any(report.failed for report in reports):
        return "failed"
    call = next((report for report in reports if report.when == "call"), None)
    if call is not None and call.skipped:
        reason = str(call.longrepr[2]) if isinstance(call.longrepr, tuple) else ""
        return "passed" if UNTRANSLATED in reason else "skipped"
    return "passed" if call is not None and call.passed else "skipped"


def _patch(mock: Any) -> None:
    """``Mock.respond`` serving the current variant instead of what the test passes."""
    if getattr(mock, "_mutated", False):
        return
    original = mock.respond

    def respond(
        self: Any, status: int, body: str, content_type: str, *args: Any, **kwargs: Any
    ) -> None:
        if _CURRENT:
            status, body = _CURRENT["status"], _CURRENT["body"]
            content_type = _CURRENT["content_type"]
            kwargs["headers"] = [tuple(pair) for pair in _CURRENT["headers"]]
            kwargs["reason"] = _CURRENT["reason"]
        original(self, status, body, content_type, *args, **kwargs)

    mock.respond = respond
    mock._mutated = True


def pytest_sessionfinish(session: Any) -> None:
    path = os.environ.get(RESULTS_VARIABLE)
    if path:
        Path(path).write_text(json.dumps(_RESULTS), encoding="utf-8")


# --- command line -------------------------------------------------------------------------


def corpus_collections() -> list[Path]:
    """The v2.0 and v2.1 collections of the corpus, in MANIFEST order."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [CORPUS / row["file"] for row in rows if row["schema_version"] in ("v2.0", "v2.1")]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collections", nargs="*", type=Path)
    parser.add_argument("--only", default="")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list what cannot fail")
    options = parser.parse_args(argv)
    paths = options.collections or corpus_collections()
    total = Counts()
    print("| collection | assertions | passing | killed | cannot fail |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for path in _selected(paths, options.only):
        counts = measure(path, options.keep)
        total.add(counts)
        if counts.assertions:
            print(_row(path.stem[:60], counts))
        if options.verbose:
            for line in counts.not_passing + counts.cannot_fail:
                print(f"    {line}")
    print(_row("**total**", total))
    return 0


def _selected(paths: Sequence[Path], only: str) -> Iterator[Path]:
    return (path for path in paths if only in path.name)


def _row(name: str, counts: Counts) -> str:
    return (
        f"| {name} | {counts.assertions} | {counts.passing} | {counts.killed} "
        f"| {len(counts.cannot_fail)} |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
