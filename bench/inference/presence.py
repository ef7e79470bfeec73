"""Held-out presence: how well ``required`` predicts the keys of bodies inference never saw.

    .venv/bin/python bench/inference/presence.py [--corpus DIR] [--samples DIR]

Two kinds of trial, over every unit of the v2 collections of ../shared/corpus (and each
inference sample as a unit of one document):

- **examples**: a unit with several documents; the type is inferred from one of them and
  checked against each of the others (every document in turn);
- **items**: a document holding arrays of objects; the type is inferred from the document
  with every array cut to its first item and checked against the items cut off.

At every class position of the inferred type, each field is followed over the held-out
objects found there: a *broken promise* is a field the type says is required that some
held-out object lacks (the type checker promised a key the API did not send); a *needless
optional* is a field the type leaves optional that every held-out object has. Rows group
the fields by the role of the bodies (request, response, error), the evidence the rule
sees (objects seen at the position, whether the position's key set varied) and what the
type says, so a presence rule can be read off the table (docs/inference.md §3).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from generator.errors import InputError  # noqa: E402
from generator.infer import infer_unit  # noqa: E402
from generator.ir import (  # noqa: E402
    Collection,
    JsonValue,
    ListType,
    MapType,
    ObjectType,
    TaggedUnion,
    TupleType,
    TypeExpr,
)
from generator.loader import load_file  # noqa: E402
from generator.units import collect_units  # noqa: E402

SHARED = REPO.parent / "shared"


@dataclass
class Seen:
    """One field of one trial's class position, over the held-out objects found there."""

    required: bool
    parents: int  # objects seen at the position when inferring
    varied: bool  # some field of the position was missing from some object seen there
    objects: int = 0  # held-out objects at the position
    absent: int = 0  # ... lacking the key


Trial = dict[tuple[str, str], Seen]  # (class path, key) -> what held-out objects showed


def follow(expr: TypeExpr, value: JsonValue, trial: Trial, cut: int | None) -> None:
    """Record what the held-out parts of ``value`` show of the fields of ``expr``'s classes;
    ``cut`` None: all of ``value`` is held out; else array items from index ``cut`` are."""
    stack: list[tuple[TypeExpr, JsonValue, bool]] = [(expr, value, cut is None)]
    while stack:
        current, data, held_out = stack.pop()
        if isinstance(data, dict):
            for variant in current.variants:
                found = _object_of(variant, data)
                if isinstance(found, ObjectType):
                    if held_out:
                        _record(found, data, trial)
                    for item in found.fields:
                        if item.key in data:
                            stack.append((item.type, data[item.key], held_out))
                elif isinstance(found, MapType):
                    stack.extend((found.values, v, held_out) for v in data.values())
        elif isinstance(data, list):
            for variant in current.variants:
                if isinstance(variant, ListType):
                    stack.extend(
                        (variant.items, item, held_out or (cut is not None and index >= cut))
                        for index, item in enumerate(data)
                    )
                elif isinstance(variant, TupleType) and len(variant.items) == len(data):
                    stack.extend(
                        (item_type, item, held_out)
                        for item_type, item in zip(variant.items, data, strict=True)
                    )


def _object_of(variant: object, data: dict[str, JsonValue]) -> ObjectType | MapType | None:
    if isinstance(variant, (ObjectType, MapType)):
        return variant
    if isinstance(variant, TaggedUnion):
        case = dict(variant.variants).get(str(data.get(variant.tag)))
        return case if isinstance(case, ObjectType) else None
    return None


def _record(found: ObjectType, data: dict[str, JsonValue], trial: Trial) -> None:
    varied = any(
        item.evidence is not None and item.evidence.present < item.evidence.parents
        for item in found.fields
    )
    path = found.paths[0] if found.paths else "$"
    for item in found.fields:
        parents = item.evidence.parents if item.evidence is not None else 0
        seen = trial.setdefault((path, item.key), Seen(item.required, parents, varied))
        seen.objects += 1
        seen.absent += item.key not in data


def cut_arrays(value: JsonValue, keep: int) -> tuple[JsonValue, bool]:
    """``value`` with every array of objects cut to its first ``keep`` items, and whether any was
    cut."""
    if isinstance(value, dict):
        cut_any = False
        result: dict[str, JsonValue] = {}
        for key, item in value.items():
            result[key], cut = cut_arrays(item, keep)
            cut_any |= cut
        return result, cut_any
    if isinstance(value, list):
        objects = len(value) > keep and all(isinstance(item, dict) for item in value)
        kept = value[:keep] if objects else value
        pieces = [cut_arrays(item, keep) for item in kept]
        return [piece for piece, _ in pieces], objects or any(cut for _, cut in pieces)
    return value, False


UnitInput = tuple[str, str, list[JsonValue], dict[str, str]]  # label, role, documents, variables


def corpus_units(corpus: Path) -> Iterator[UnitInput]:
    """(label, role, documents, variables) of every unit of the loadable v2 collections."""
    for path in sorted(corpus.glob("*.json")):
        try:
            loaded = load_file(path)
        except InputError:
            continue
        if not isinstance(loaded, Collection):
            continue
        variables = {v.key: v.value for v in loaded.variables if not v.disabled and v.value}
        for unit in collect_units(loaded):
            (role,) = {occurrence.role for occurrence in unit.occurrences.values()}
            yield f"{path.name[:40]}:{unit.key}", role, unit.documents, variables


def sample_units(samples: Path) -> Iterator[UnitInput]:
    for path in sorted(samples.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        yield f"sample:{path.name}", "response", [document], {}


def trials(unit: UnitInput) -> Iterator[tuple[str, Trial]]:
    """The trials of one unit: ``examples`` (one document against each other one) and
    ``items`` (each document cut to first items against the items cut off)."""
    label, role, documents, variables = unit
    requests = role == "request"
    distinct = {json.dumps(d, sort_keys=True): d for d in documents}
    if len(distinct) >= 2:
        for text, train in distinct.items():
            expr = infer_unit([train], hint=label, variables=variables, requests=requests)
            trial: Trial = {}
            for other, held in distinct.items():
                if other != text:
                    follow(expr, held, trial, None)
            yield "examples", trial
    for document in distinct.values():
        cut, any_cut = cut_arrays(document, 1)
        if any_cut:
            expr = infer_unit([cut], hint=label, variables=variables, requests=requests)
            trial = {}
            follow(expr, document, trial, 1)
            yield "items", trial


Row = tuple[str, str, str, bool]  # trial kind, role, bucket, required


def bucket(seen: Seen) -> str:
    parents = seen.parents
    size = "1" if parents == 1 else "2" if parents == 2 else "3-9" if parents < 10 else "10+"
    return f"{size:>4} {'varied' if seen.varied else 'uniform'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--samples", type=Path, default=SHARED / "inference-samples")
    args = parser.parse_args()
    fields: Counter[Row] = Counter()
    broken: Counter[Row] = Counter()
    objects: Counter[Row] = Counter()
    absent: Counter[Row] = Counter()
    for source in (corpus_units(args.corpus), sample_units(args.samples)):
        for unit in source:
            for kind, trial in trials(unit):
                for seen in trial.values():
                    row = (kind, unit[1], bucket(seen), seen.required)
                    fields[row] += 1
                    broken[row] += seen.absent > 0
                    objects[row] += seen.objects
                    absent[row] += seen.absent
    print(
        "| trial | bodies | objects seen | position | type says | fields | absent somewhere | "
        "held-out objects | lacking the key |"
    )
    print("| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: |")
    for row in sorted(fields):
        kind, role, where, required = row
        size, varied = where.split()
        share = broken[row] / fields[row]
        rate = absent[row] / objects[row] if objects[row] else 0.0
        print(
            f"| {kind} | {role} | {size} | {varied} | {'required' if required else 'optional'} | "
            f"{fields[row]} | {broken[row]} ({share:.1%}) | {objects[row]} | "
            f"{absent[row]} ({rate:.1%}) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
