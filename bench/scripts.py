"""Benchmark: how much of the corpus's scripts the JavaScript front end translates, and
what reading them costs.

    .venv/bin/python bench/scripts.py [--corpus DIR] [--runs 3]

Over the v2.0/v2.1 collections of ``../shared/corpus`` (its MANIFEST.tsv):

- **test statements**: every statement of every non-empty test script, nested ones
  included (inside ``pm.test`` bodies, ``if``, ``try``, loops), each script counted once
  per event that holds it, as the research counted them. A statement is *translated*
  when the front end kept no finding for it; the findings are the untranslated rest.
- **simple shapes** (docs/scripts.md, the dozen shapes of research/scripts.md §2.2),
  told apart on the syntax tree: a ``pm.expect(...)`` or ``pm.response.to`` chain, a
  legacy ``tests[...] = ...``, ``var x = pm.response.json()`` (or ``JSON.parse(
  responseBody)``, ``xml2Json(responseBody)``), and a variable set
  (``pm.<scope>.set``, ``postman.set*Variable``). Goal: 90% of them translated.
- **findings** by kind over all scripts (test and pre-request).
- **time** per collection: loading it, beside parsing and analysing every script of it
  with an empty cache (goal: less than the load), best of ``--runs``.

Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from tree_sitter import Node

from generator.ir import Collection
from generator.loader import load_collection
from generator.scripts.analyze import clear_caches, event_facts
from generator.scripts.facts import ScriptFacts
from generator.scripts.parse import arguments, callee, dotted, line, parse, statements, text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_PARSED_BODY = frozenset({"pm.response.json", "JSON.parse", "xml2Json"})
_SET_CALLS = ("postman.setEnvironmentVariable", "postman.setGlobalVariable")
_SCOPES = ("pm.environment", "pm.collectionVariables", "pm.globals", "pm.variables")
_NESTED = ("consequence", "alternative", "body", "handler", "finalizer")


def collections(corpus: Path) -> list[Path]:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [corpus / row["file"] for row in rows if row["schema_version"] in ("v2.0", "v2.1")]


def all_statements(node: Node, spots: set[tuple[int, str]]) -> Iterator[Node]:
    """Every statement below ``node``, as the front end visits them: into blocks,
    branches, try/catch, loops and the function of a ``pm.test`` or a callback; not into
    a statement kept whole as a finding (``spots``: its line and source)."""
    for statement in statements(node):
        if statement.type == "statement_block":
            yield from all_statements(statement, spots)
            continue
        yield statement
        if (line(statement), text(statement)) not in spots:
            yield from _inner(statement, spots)


def _inner(statement: Node, spots: set[tuple[int, str]]) -> Iterator[Node]:
    if statement.type == "function_declaration":
        return
    for name in _NESTED:
        for found in statement.children_by_field_name(name):
            child = found
            if child.type in ("else_clause", "catch_clause"):
                child = child.child_by_field_name("body") or child.named_children[-1]
            if child.type == "statement_block":
                yield from all_statements(child, spots)
            elif child.is_named and child.type.endswith("statement"):
                yield child
                yield from _inner(child, spots)
    if statement.type == "expression_statement":
        expression = statement.named_children[0]
        if expression.type == "call_expression":
            for argument in arguments(expression):
                body = argument.child_by_field_name("body")
                functional = argument.type in ("function_expression", "arrow_function")
                if functional and body is not None and body.type == "statement_block":
                    yield from all_statements(body, spots)


def simple_shape(statement: Node) -> str | None:
    """The simple shape a statement has, None for any other."""
    if statement.type in ("variable_declaration", "lexical_declaration"):
        for declarator in statement.named_children:
            value = declarator.child_by_field_name("value")
            call = value is not None and value.type == "call_expression"
            if call and value is not None and dotted(callee(value)) in _PARSED_BODY:
                return "parsed body alias"
        return None
    if statement.type != "expression_statement":
        return None
    expression = statement.named_children[0]
    if expression.type == "assignment_expression":
        left = expression.child_by_field_name("left")
        if left is not None and left.type == "subscript_expression":
            target = left.child_by_field_name("object")
            if target is not None and dotted(target) == "tests":
                return "legacy tests[...]"
        return None
    name = dotted(callee(expression)) if expression.type == "call_expression" else None
    scope, _, method = (name or "").rpartition(".")
    if name in _SET_CALLS or (scope in _SCOPES and method == "set"):
        return "variable set"
    return _chain_base(expression)


def _chain_base(expression: Node) -> str | None:
    node = expression
    while node.type in ("call_expression", "member_expression"):
        if node.type == "call_expression" and dotted(callee(node)) == "pm.expect":
            return "pm.expect chain"
        if dotted(node) == "pm.response":
            return "pm.response.to"
        inner = node.child_by_field_name("function" if node.type == "call_expression" else "object")
        if inner is None:
            return None
        node = inner
    return None


def untranslated_spots(facts: ScriptFacts) -> set[tuple[int, str]]:
    findings = [*facts.findings, *(f for test in facts.tests for f in test.untranslated)]
    return {(finding.line, finding.js) for finding in findings}


def measure(paths: list[Path], runs: int) -> None:
    total = translated = 0
    shapes: Counter[str] = Counter()
    shapes_done: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    rows = []
    for path in paths:
        load_time, collection = _timed_load(path, runs)
        analyse_time = _timed_analysis(collection, runs)
        scripts = 0
        for event in collection.all_events():
            facts = event_facts(event)
            if facts is None:
                continue
            scripts += 1
            findings = [*facts.findings, *(f for t in facts.tests for f in t.untranslated)]
            kinds.update(finding.kind for finding in findings)
            if event.listen != "test":
                continue
            spots = untranslated_spots(facts)
            for statement in all_statements(parse(event.source).root_node, spots):
                done = (line(statement), text(statement)) not in spots
                total += 1
                translated += done
                shape = simple_shape(statement)
                if shape is not None:
                    shapes[shape] += 1
                    shapes_done[shape] += done
        rows.append((path.name, scripts, load_time, analyse_time))
    _print_tables(total, translated, shapes, shapes_done, kinds, rows)


def _timed_load(path: Path, runs: int) -> tuple[float, Collection]:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        collection = load_collection(path)
        best = min(best, time.perf_counter() - start)
    return best, collection


def _timed_analysis(collection: Collection, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        clear_caches()
        start = time.perf_counter()
        for event in collection.all_events():
            event_facts(event)
        best = min(best, time.perf_counter() - start)
    return best


def _share(done: int, of: int) -> str:
    return f"{done}/{of} ({100 * done / of:.1f}%)" if of else "0/0"


def _print_tables(
    total: int,
    translated: int,
    shapes: Counter[str],
    shapes_done: Counter[str],
    kinds: Counter[str],
    rows: list[tuple[str, int, float, float]],
) -> None:
    print("| test statements | translated |")
    print("| --- | --- |")
    print(f"| all | {_share(translated, total)} |")
    simple, simple_done = sum(shapes.values()), sum(shapes_done.values())
    print(f"| simple shapes | {_share(simple_done, simple)} |")
    for shape, number in shapes.most_common():
        print(f"| - {shape} | {_share(shapes_done[shape], number)} |")
    print("\n| finding kind | count |")
    print("| --- | --- |")
    for kind, number in sorted(kinds.items()):
        print(f"| {kind} | {number} |")
    print("\n| collection | scripts | load | parse + analyse | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name, scripts, load, analyse in rows:
        if scripts:
            ratio = analyse / load if load else 0.0
            print(
                f"| {name[:60]} | {scripts} | {load * 1000:.1f} ms | {analyse * 1000:.1f} ms "
                f"| {ratio:.2f} |"
            )
    loads = sum(row[2] for row in rows)
    analyses = sum(row[3] for row in rows)
    print(
        f"| **all** | {sum(r[1] for r in rows)} | {loads * 1000:.0f} ms | "
        f"{analyses * 1000:.0f} ms | {analyses / loads:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    measure(collections(args.corpus), args.runs)


if __name__ == "__main__":
    main()
