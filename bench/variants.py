"""Tolerant parsing against the real corpus (issue 16, part 1): each success body, varied.

    .venv/bin/python bench/variants.py [--corpus GLOB] [--keep DIR]

For every v2.0/v2.1 collection of ``../shared/corpus`` (``MANIFEST.tsv``) with examples:
``postc inspect --json`` and ``postc generate``; then, in a fresh process that imports the
generated package, for each example answering a success (a status of 2xx, or none saved)
whose JSON body maps to a type (the method's return type, ``postc inspect``'s ``python``):

- the body as the generated tests send it (OpenAPI placeholders such as ``"<uuid>"``
  replaced by typed samples, as ``bench/runtime.py`` does) must parse strictly; it is the
  base of three variants, each chosen deterministically in a depth-first walk of the
  objects the model declares (the JSON objects parsed into a Model), keys in the order
  received:
  - **removed**: the first declared key of the first such object, removed;
  - **null**: the first declared key whose value is a string, number or boolean, set to null;
  - **added**: an unknown key (``"postcAddedKey": {"x": [1]}``) added to the first object;
- each variant, parsed as the client does by default (``load(tp, data)``), must not raise,
  must give back exactly the variant (``dump``: values and key order), and, where the
  strict parse refuses it, must report the difference (a ``ResponseShapeWarning``; the
  once-per-key memory is cleared per variant);
- parsed with ``strict=True`` it should raise ``ValidationError``; a variant that does not
  is counted with the reason: the removed key's field is optional, the null one's type
  admits null (or is ``Any``), the varied object is taken by another member of its union
  (a tagged union's ``dict`` once its tag is null); an added key never raises, by design
  (unknown keys are kept in both modes);
- the body as saved, placeholders and all, must parse by default and round trip too;
- time: the default parse of the variants against the strict parse of their bases (the
  best of 5 each, summed).

Prints a Markdown table of the totals, one row per collection, and every failure. Exit 1
when a variant raised by default or did not round trip.
"""

from __future__ import annotations

import argparse
import copy
import csv
import importlib
import json
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import MISSING, fields
from functools import partial
from pathlib import Path
from typing import Any, cast, get_type_hints

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from runtime import CORPUS, PYTHON, Names, package_of, postc  # noqa: E402

KINDS = ("removed", "null", "added")
ADDED_KEY, ADDED_VALUE = "postcAddedKey", {"x": [1]}
Where = tuple[str | int, ...]


# --- the collections and their examples (this process) ------------------------------------


def collections(pattern: str) -> list[Path]:
    """The v2.0/v2.1 collections of the corpus with saved examples, by name."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        rows = list(csv.DictReader(manifest, delimiter="\t"))
    return sorted(
        CORPUS / row["file"]
        for row in rows
        if row["schema_version"] in ("v2.0", "v2.1")
        and int(row["examples"] or 0) > 0
        and (CORPUS / row["file"]).match(pattern)
    )


def success_entries(path: Path, inspected: dict[str, Any], package: str) -> list[dict[str, Any]]:
    """Each success example whose JSON body maps to a type: its label, type and bodies (as
    saved, and as the generated tests send it)."""
    from generator.emit.tests import _sampled  # the generated tests' substitution
    from generator.loader import load_collection

    bodies = {
        (endpoint.json_path, index): example.body
        for endpoint in load_collection(path).endpoints()
        for index, example in enumerate(endpoint.examples)
    }
    entries = []
    for endpoint in inspected["endpoints"]:
        for index, example in enumerate(endpoint["examples"]):
            python, status = example.get("python"), example.get("status")
            if not python or python.startswith(f"{package}.errors.") or not example["json"]:
                continue
            if status is not None and not 200 <= status < 300:
                continue
            try:
                saved = json.loads(bodies[(endpoint["json_path"], index)] or "")
            except ValueError:
                continue
            label = f"{endpoint['method']} {endpoint['path']} [{index}] {example['name']!r}"
            entries.append(
                {"label": label, "expr": python, "saved": saved, "base": _sampled(saved)}
            )
    return entries


# --- the variants (the worker process, which imports the generated package) ---------------


def model_objects(value: Any, data: Any, model: type, at: Where = ()) -> Iterator[Any]:
    """(path, model object, its JSON object) of every object parsed into a model, depth
    first, walking the parsed value and its JSON together."""
    if isinstance(value, model) and isinstance(data, dict):
        yield at, value, data
        keys = {f.metadata.get("json", f.name): f.name for f in fields(cast(Any, value))}
        for key, item in data.items():
            if key in keys and hasattr(value, keys[key]):
                yield from model_objects(getattr(value, keys[key]), item, model, (*at, key))
    elif isinstance(value, list | tuple) and isinstance(data, list):
        for index, (item, element) in enumerate(zip(value, data, strict=False)):
            yield from model_objects(item, element, model, (*at, index))
    elif isinstance(value, dict) and isinstance(data, dict):
        for key, element in data.items():
            if key in value:
                yield from model_objects(value[key], element, model, (*at, key))


def declared(obj: Any, data: dict[str, Any]) -> list[tuple[str, Any]]:
    """(JSON key, dataclass field) of the keys of ``data`` that ``obj``'s class declares."""
    by_key = {f.metadata.get("json", f.name): f for f in fields(obj) if f.name != "_extra"}
    return [(key, by_key[key]) for key in data if key in by_key]


def at_path(data: Any, where: Where) -> Any:
    for step in where:
        data = data[step]
    return data


def variant(
    base: Any, parsed: Any, model: type, load: Callable[..., Any], kind: str
) -> tuple[Any, str, Where] | None:
    """The variant of ``kind`` of ``base``, why its strict parse may pass ("" if it should
    raise) and where the varied object is; None when the body has no place for it."""
    for where, obj, data in model_objects(parsed, base, model):
        hints = get_type_hints(type(obj), include_extras=True)
        for key, found in declared(obj, data):
            if kind == "removed":
                optional = found.default is not MISSING or found.default_factory is not MISSING
                why = "the field is optional" if optional else ""
                return _changed(base, where, key, None), why, where
            value = data[key]
            if kind == "null" and type(value) in (str, int, float, bool):
                try:
                    load(hints[found.name], None, strict=True)
                    why = "the field's type admits null"
                except ValueError:
                    why = ""
                return _changed(base, where, key, None, keep=True), why, where
        if kind == "added":
            added = _changed(base, where, ADDED_KEY, ADDED_VALUE, keep=True)
            return added, "unknown keys are kept in both modes", where
    return None


def _changed(base: Any, where: Where, key: str, value: Any, *, keep: bool = False) -> Any:
    """A copy of ``base`` whose object at ``where`` has ``key`` set to ``value`` (``keep``),
    or removed."""
    data = copy.deepcopy(base)
    target = at_path(data, where)
    if keep:
        target[key] = value
    else:
        del target[key]
    return data


def best(function: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def check_entry(entry: dict[str, Any], names: Names, runtime: Any) -> dict[str, Any]:
    """What happens to one body's variants, by kind."""
    tp = eval(entry["expr"], {"__builtins__": __builtins__}, names)
    load, dump, model = runtime.load, runtime.dump, runtime.Model
    exact = partial(json.dumps, ensure_ascii=False)
    base = entry["base"]
    try:
        parsed = load(tp, base, strict=True)
    except runtime.ValidationError as exc:
        return {"base_rejected": str(exc)[:200]}
    out: dict[str, Any] = {"kinds": {}, "saved_ok": None, "times": [0.0, 0.0]}
    if entry["saved"] != base:  # placeholders: the body as saved, by default
        runtime._REPORTED.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                out["saved_ok"] = exact(dump(load(tp, entry["saved"]))) == exact(entry["saved"])
            except Exception as exc:  # any exception is the finding
                out["saved_ok"] = f"{type(exc).__name__}: {exc}"[:200]
    for kind in KINDS:
        made = variant(base, parsed, model, load, kind)
        if made is None:
            continue
        data, why, where = made
        result: dict[str, Any] = {"why": why}
        runtime._REPORTED.clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                tolerant = load(tp, data)
            except Exception as exc:  # any exception is the finding
                result["raised"] = f"{type(exc).__name__}: {exc}"[:200]
                out["kinds"][kind] = result
                continue
        result["warned"] = any(w.category is runtime.ResponseShapeWarning for w in caught)
        result["round_trip"] = exact(dump(tolerant)) == exact(data)
        try:
            strict = load(tp, data, strict=True)
            result["strict_raised"] = False
            if not why and where not in (at for at, _, _ in model_objects(strict, data, model)):
                result["why"] = "the varied object is no longer its class: a union's dict takes it"
        except runtime.ValidationError:
            result["strict_raised"] = True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out["times"][0] += best(lambda: load(tp, data))  # noqa: B023 - called at once
            out["times"][1] += best(lambda: load(tp, base, strict=True))
        out["kinds"][kind] = result
    return out


def work(spec: dict[str, Any]) -> list[dict[str, Any]]:
    sys.path.insert(0, spec["out"])
    package = importlib.import_module(spec["package"])
    runtime = importlib.import_module(f"{spec['package']}._runtime")
    names = Names(package, runtime)
    results = []
    for entry in spec["entries"]:
        try:
            results.append(check_entry(entry, names, runtime))
        except Exception as exc:  # this script's reading of the type
            results.append({"unevaluated": f"{type(exc).__name__}: {exc}"[:200]})
    return results


def worker(spec: dict[str, Any], scratch: Path) -> list[dict[str, Any]]:
    path = scratch / "variants-spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    result = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--worker", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"worker failed:\n{result.stderr[-3000:]}")
    return list(json.loads(result.stdout))


# --- the report ------------------------------------------------------------------------------


def measure(
    pattern: str, work_dir: Path, scratch: Path
) -> tuple[list[list[str]], Counter[str], list[str]]:
    cache = work_dir / "postc-cache"
    totals: Counter[str] = Counter()
    rows, problems = [], []
    for path in collections(pattern):
        inspected = postc("inspect", "--json", str(path), cache=cache)
        if inspected.returncode != 0:
            problems.append(f"{path.name}: inspect failed: {inspected.stderr.strip()[:150]}")
            continue
        out = work_dir / path.stem / "out"
        generated = postc("generate", str(path), "-o", str(out), cache=cache)
        if generated.returncode != 0:
            problems.append(f"{path.name}: generate failed: {generated.stderr.strip()[:150]}")
            continue
        package = package_of(out)
        entries = success_entries(path, json.loads(inspected.stdout), package)
        print(f"  {path.name[:70]}: {len(entries)} success bodies", file=sys.stderr, flush=True)
        if not entries:
            continue
        spec = {"out": str(out), "package": package, "entries": entries}
        counts: Counter[str] = Counter()
        for entry, result in zip(entries, worker(spec, scratch), strict=True):
            where = f"{path.name}: {entry['label']} as {entry['expr']}"
            tally(result, where, counts, problems)
        totals.update(counts)
        rows.append([path.name[:60], *row_of(counts)])
    return rows, totals, problems


def tally(result: dict[str, Any], where: str, counts: Counter[str], problems: list[str]) -> None:
    if "unevaluated" in result:
        counts["unevaluated"] += 1
        problems.append(f"{where}: not evaluated: {result['unevaluated']}")
        return
    if "base_rejected" in result:
        counts["base rejected"] += 1
        problems.append(f"{where}: the base body is rejected strictly: {result['base_rejected']}")
        return
    counts["bodies"] += 1
    counts["tolerant us"] += round(result["times"][0] * 1e6)
    counts["strict us"] += round(result["times"][1] * 1e6)
    if result["saved_ok"] is not None:
        counts["saved with placeholders"] += 1
        if result["saved_ok"] is not True:
            counts["saved failed"] += 1
            problems.append(f"{where}: the body as saved: {result['saved_ok']}")
    if not result["kinds"]:
        counts["no model object"] += 1
    for kind, outcome in result["kinds"].items():
        counts[f"{kind}"] += 1
        if "raised" in outcome:
            counts["default raised"] += 1
            problems.append(f"{where}: {kind}: raised by default: {outcome['raised']}")
            continue
        if not outcome["round_trip"]:
            counts["round trip differs"] += 1
            problems.append(f"{where}: {kind}: dump differs from the variant")
        if not outcome["warned"] and outcome["strict_raised"]:
            counts["not warned"] += 1
            problems.append(f"{where}: {kind}: a difference without a ResponseShapeWarning")
        if outcome["strict_raised"]:
            counts[f"{kind} strict raised"] += 1
        else:
            counts[f"{kind} strict passed: {outcome['why'] or 'UNEXPLAINED'}"] += 1
            if not outcome["why"]:
                problems.append(f"{where}: {kind}: strict parse did not raise")


def row_of(counts: Counter[str]) -> list[str]:
    return [
        str(counts["bodies"]),
        "/".join(str(counts[kind]) for kind in KINDS),
        str(counts["default raised"]),
        str(counts["round trip differs"]),
        "/".join(str(counts[f"{kind} strict raised"]) for kind in KINDS),
    ]


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join([*lines, *("| " + " | ".join(row) + " |" for row in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", default="*.json", help="glob of corpus file names")
    parser.add_argument("--keep", type=Path, default=None, help="keep generated code here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(work(json.loads(Path(args.worker).read_text(encoding="utf-8")))))
        return
    with tempfile.TemporaryDirectory(prefix="postc-bench-variants-") as temporary:
        scratch = Path(temporary)
        work_dir = args.keep.resolve() if args.keep else scratch
        rows, totals, problems = measure(args.corpus, work_dir, scratch)
    header = ["collection", "bodies", "variants removed/null/added", "raised by default"]
    header += ["round trip differs", "strict raised removed/null/added"]
    print(table(header, [*rows, ["**total**", *row_of(totals)]]))
    print()
    explained = sorted(k for k in totals if " strict passed: " in k)
    for line in explained:
        print(f"- {line}: {totals[line]}")
    print(
        f"- bodies saved with placeholders: {totals['saved with placeholders']}, of which"
        f" failing by default: {totals['saved failed']}"
    )
    print(f"- variants strict refuses but no ResponseShapeWarning reports: {totals['not warned']}")
    print(f"- bodies whose base is rejected strictly (no variants): {totals['base rejected']}")
    print(
        f"- bodies without an object parsed into a model (a list of strings, say; no variants):"
        f" {totals['no model object']}"
    )
    if totals["strict us"]:
        ratio = totals["tolerant us"] / totals["strict us"]
        print(
            f"- default parse of the variants ÷ strict parse of their bases: {ratio:.2f}"
            f" ({totals['tolerant us']} µs / {totals['strict us']} µs)"
        )
    if problems:
        print("\nProblems:")
        print("\n".join(f"- {line}" for line in problems))
    failed = totals["default raised"] or totals["round trip differs"] or totals["saved failed"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
