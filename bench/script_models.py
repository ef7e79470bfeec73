"""Types from scripts on the corpus: which endpoints the collections' own test scripts type.

    .venv/bin/python bench/script_models.py [--only SUBSTRING]

For every v2.0/v2.1 collection of ``../shared/corpus`` that postc loads, builds the models
twice, with the collection's scripts and without (``build_models(..., scripts={})``), and
prints:

- the endpoints without a saved success example that got a model from a script (with the
  model's fields and the scripts they come from);
- the with-example bodies whose type changed because of script evidence, each with its
  type without and with the scripts, expanded (class names aside, so a renamed class is
  no change);
- the totals, and the CPU time of ``build_models`` with and without scripts (best of 3).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.annotations import annotation  # noqa: E402
from generator.api_models import build_models  # noqa: E402
from generator.errors import InputError  # noqa: E402
from generator.ir import (  # noqa: E402
    ApiModels,
    BodyBinding,
    ClassRef,
    Collection,
    JsonValue,
    ListType,
    MapType,
    ScalarType,
    TaggedUnion,
    TupleType,
    TypeExpr,
    TypeVariant,
)
from generator.loader import load_file  # noqa: E402
from generator.scripts.analyze import endpoint_scripts  # noqa: E402
from generator.scripts.facts import EndpointScripts  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only collections whose file name has this")
    only = parser.parse_args().only
    gained = changed = 0
    with_time = without_time = 0.0
    for path in sorted(CORPUS.glob("*.json")):
        if only not in path.name:
            continue
        try:
            loaded = load_file(path)
        except InputError:
            continue
        if not isinstance(loaded, Collection):
            continue
        scripts = endpoint_scripts(loaded)
        with_scripts = build_models(loaded, scripts=scripts)
        without = build_models(loaded, scripts={})
        with_time += _best(loaded, None)
        without_time += _best(loaded, {})
        new = _scripted(with_scripts)
        moved = _changed(without, with_scripts)
        if new or moved:
            print(f"== {path.name}")
        for binding in new:
            print(f"  model from scripts: {binding.endpoint} ({binding.status or 'default'})")
            print(f"    -> {annotation(binding.type)}: {_fields(with_scripts, binding.type)}")
        for key, before, after in moved:
            print(f"  changed: {key}\n    without scripts: {before}\n    with scripts:    {after}")
        gained += len(new)
        changed += len(moved)
    print(f"endpoints without examples that got a model from a script: {gained}")
    print(f"with-example bodies whose type changed because of scripts: {changed}")
    print(
        f"build_models CPU, best of 3 summed: {with_time:.2f} s with scripts, "
        f"{without_time:.2f} s without"
    )


def _best(collection: Collection, scripts: dict[str, EndpointScripts] | None) -> float:
    """The least CPU time of three ``build_models`` runs (the scripts' analysis is cached
    after the first: this times what types from scripts add, not the parsing)."""
    times = []
    for _ in range(3):
        started = time.process_time()
        build_models(collection, scripts=scripts)
        times.append(time.process_time() - started)
    return min(times)


def _scripted(api: ApiModels) -> list[BodyBinding]:
    """The response bindings no example stands behind: models from scripts alone."""
    return [b for b in api.bindings if b.role == "response" and not b.examples]


def _changed(before: ApiModels, after: ApiModels) -> list[tuple[str, str, str]]:
    """Bindings with examples whose expanded type differs with scripts."""
    old = {(b.endpoint, b.role, b.status, b.examples): b for b in before.bindings}
    found = []
    for binding in after.bindings:
        key = (binding.endpoint, binding.role, binding.status, binding.examples)
        if key not in old or not binding.examples:
            continue
        was = _expanded(old[key].type, before)
        now = _expanded(binding.type, after)
        if was != now:
            found.append((f"{key[0]} {key[1]} {key[2]}", str(was), str(now)))
    return found


def _fields(api: ApiModels, expr: TypeExpr) -> str:
    """The fields of the model a type names, with the scripts each comes from."""
    names = [v.name for v in expr.variants if isinstance(v, ClassRef)]
    if not names:
        return annotation(expr)
    model = api.model(names[0])
    return ", ".join(
        f"{f.key}: {annotation(f.type)}{'' if f.required else '?'}"
        f" [{', '.join(f.evidence.scripts) if f.evidence else ''}]"
        for f in model.fields
    )


def _expanded(expr: TypeExpr, api: ApiModels, depth: int = 0) -> JsonValue:
    """The type with every class replaced by its fields, for comparing without names."""
    if depth > 64:
        return "..."
    variants = [_variant(v, api, depth) for v in expr.variants]
    return {"variants": variants, "nullable": expr.nullable}


def _variant(variant: TypeVariant, api: ApiModels, depth: int) -> JsonValue:
    if isinstance(variant, ScalarType):
        return [variant.kind, variant.format, list(variant.enum)]
    if isinstance(variant, ListType):
        return ["list", _expanded(variant.items, api, depth + 1)]
    if isinstance(variant, TupleType):
        return ["tuple", [_expanded(item, api, depth + 1) for item in variant.items]]
    if isinstance(variant, MapType):
        return ["map", _expanded(variant.values, api, depth + 1)]
    if isinstance(variant, TaggedUnion):
        return [
            "union",
            variant.tag,
            [[tag, _variant(each, api, depth + 1)] for tag, each in variant.variants],
        ]
    if isinstance(variant, ClassRef):
        model = api.model(variant.name)
        return [
            "class",
            [[f.key, f.required, _expanded(f.type, api, depth + 1)] for f in model.fields],
        ]
    return ["object"]


if __name__ == "__main__":
    main()
