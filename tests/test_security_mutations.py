"""Mutation fuzzing over ../shared/corpus: broken collections give exit 0 or 2, never a crash.

Seeds are the small v1/v2.0/v2.1 collections and environments of the corpus (top-level
items trimmed to keep each generation fast). Each mutant drops a key, changes a value's
type, truncates the text, duplicates a node or a key, or nests a node (once, or deeply);
the seed is fixed, so the same mutants run every time. ``postc validate`` and ``postc
generate`` (into a temporary directory) run in-process through the real entry point and
must exit 0 or 2 with no traceback and no "internal error".
"""

from __future__ import annotations

import copy
import json
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS
from tests.fixtures.helpers import postc

SEED = 20261129
MUTANTS = 300
MAX_SEED_BYTES = 60_000
KEEP_ITEMS = 4
VALUES: list[Any] = [None, 0, -1, 1.5, True, "", "x", "{{v}}", [], {}, [None], {"": None}, "\x00"]


def seeds() -> list[tuple[str, Any]]:
    if not CORPUS.is_dir():
        return []
    found = []
    for path in sorted(CORPUS.glob("*.json")):
        if path.stat().st_size > MAX_SEED_BYTES:
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if not isinstance(doc, dict):
            continue
        schema = str(doc.get("info", {}).get("schema", "")) if "info" in doc else ""
        if isinstance(doc.get("item"), list) and "v2." in schema:
            doc["item"] = doc["item"][:KEEP_ITEMS]
            found += [(path.name, doc)] * 3  # collections postc generates: most mutants
        else:
            found.append((path.name, doc))  # environments, v1 and others: rejected ones too
    return found


def nodes(value: Any, depth: int = 0) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every node below ``value``."""
    if depth > 60 or not isinstance(value, dict | list):
        return
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in list(items):
        yield value, key
        yield from nodes(child, depth + 1)


def mutate(doc: Any, rng: random.Random) -> tuple[str, str]:
    """A mutant of ``doc`` as text, and what was done."""
    doc = copy.deepcopy(doc)
    operation = rng.choice(["drop", "type", "truncate", "duplicate", "nest", "deep", "dupkey"])
    places = list(nodes(doc))
    if operation == "truncate" or not places:
        text = json.dumps(doc)
        cut = rng.randrange(len(text))
        return text[:cut], f"truncate at {cut}"
    container, key = rng.choice(places)
    if operation == "drop":
        del container[key]
    elif operation == "type":
        container[key] = copy.deepcopy(rng.choice(VALUES))
    elif operation == "duplicate":
        if isinstance(container, list):
            container.insert(key, copy.deepcopy(container[key]))
        else:
            container[key] = [container[key], copy.deepcopy(container[key])]
    elif operation == "nest":
        container[key] = rng.choice([[container[key]], {"item": [container[key]]}])
    elif operation == "deep":  # built as text: json.dumps itself would recurse too deep
        inner = json.dumps(container[key])
        container[key] = "__DEEP__"
        depth = rng.choice([50, 200, 1500, 5000])
        opening, closing = rng.choice([("[", "]"), ('{"item": [', "]}"), ('{"k": ', "}")])
        nested = opening * depth + inner + closing * depth
        return json.dumps(doc).replace('"__DEEP__"', nested, 1), f"deep {depth} {key!r}"
    else:  # a key repeated in one object: the text has it twice, JSON parsers keep the last
        text = json.dumps(doc)
        at = text.find('{"', rng.randrange(len(text)))
        if at >= 0:
            text = text[: at + 1] + '"name": 1, "item": null, ' + text[at + 1 :]
        return text, "duplicate keys"
    return json.dumps(doc), f"{operation} {key!r}"


SEEDS = seeds()


@pytest.mark.skipif(not SEEDS, reason=f"no corpus at {CORPUS}: mutation fuzzing skipped")
def test_mutants_of_the_corpus_exit_0_or_2() -> None:
    rng = random.Random(SEED)
    failures = []
    with tempfile.TemporaryDirectory() as work:
        for number in range(MUTANTS):
            name, doc = SEEDS[number % len(SEEDS)]
            text, what = mutate(doc, rng)
            path = Path(work) / f"mutant{number}.json"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            runs: list[list[str | Path]] = [
                ["validate", path],
                ["generate", path, "-o", Path(work) / f"out{number}"],
            ]
            for args in runs:
                status, _, stderr = postc(*args)
                if status not in (0, 2) or "Traceback" in stderr or "internal error" in stderr:
                    failures.append(f"{name} [{what}] postc {args[0]}: {status} {stderr[-500:]}")
            path.unlink()
    assert failures == [], "\n".join(failures[:10])
