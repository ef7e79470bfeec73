"""What ``postc inspect`` says of a collection's scripts: per script, the tests postc
translated, the variables it sets, and every finding, with what the generated client does
instead (docs/scripts.md, "Front end"). Texts from the collection are shown ``masked``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from generator.ir import Collection, Endpoint, Event, Folder
from generator.naming.inflect import count
from generator.scripts.analyze import event_facts
from generator.scripts.computed import COMPUTED_NOTE
from generator.scripts.facts import Finding, ScriptFacts
from generator.secrets import masked

_LISTEN = {"test": "test", "prerequest": "pre-request"}


def scripts_json(collection: Collection) -> dict[str, Any]:
    """The scripts summary of ``postc inspect --json``: totals, then one entry per script
    that has anything to say, in collection order."""
    listens: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    scripts = []
    for where, event in _events(collection):
        facts = event_facts(event)
        if facts is None:
            continue
        listens[event.listen] += 1
        entry = _script_json(where, facts)
        for key in ("tests", "translated_tests", "tests_without_checks", "checks", "statements"):
            totals[key] += entry[key]
        totals["variable_sets"] += len(entry["sets"])
        findings.update(finding["kind"] for finding in entry["findings"])
        scripts.append(entry)
    return {
        "count": sum(listens.values()),
        "by_listen": dict(sorted(listens.items())),
        "never_run": True,
        "tests": totals["tests"],
        "translated_tests": totals["translated_tests"],
        "tests_without_checks": totals["tests_without_checks"],
        "checks": totals["checks"],
        "variable_sets": totals["variable_sets"],
        "findings": dict(sorted(findings.items())),
        "scripts": scripts,
    }


def scripts_text(summary: dict[str, Any]) -> list[str]:
    """The short human form: one line of totals, then one line per script with findings
    (each computed pre-request value on its own line: the caller has to supply it)."""
    if not summary["count"]:
        return []
    listens = ", ".join(
        f"{number} {_LISTEN.get(listen, listen)}" for listen, number in summary["by_listen"].items()
    )
    partly = summary["tests"] - summary["translated_tests"]
    empty = summary["tests_without_checks"]
    lines = [
        f"Scripts: {summary['count']} ({listens}; never run): "
        f"{count(summary['translated_tests'], 'test')} translated"
        + (f" ({empty} assert nothing)" if empty else "")
        + (f", {partly} with untranslated statements" if partly else "")
        + f", {count(summary['variable_sets'], 'variable set')}"
    ]
    for script in summary["scripts"]:
        kinds = Counter(f["kind"] for f in script["findings"] if f["kind"] != "computed")
        if kinds:
            said = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(kinds.items()))
            lines.append(f"  {script['where']} ({_LISTEN.get(script['listen'])}): {said}")
        lines.extend(
            f"  {script['where']} (pre-request): {f['detail'].partition('; ')[0]}"
            for f in script["findings"]
            if f["kind"] == "computed"
        )
    if summary["findings"].get("computed"):
        lines.append(f"  (each computed value: {COMPUTED_NOTE})")
    return lines


def _script_json(where: str, facts: ScriptFacts) -> dict[str, Any]:
    tests_findings = [f for test in facts.tests for f in test.untranslated]
    return {
        "path": facts.json_path,
        "where": where,
        "listen": facts.listen,
        "statements": facts.statements,
        "tests": len(facts.tests),
        "translated_tests": sum(1 for t in facts.tests if not t.untranslated),
        "tests_without_checks": sum(1 for t in facts.tests if not t.checks and not t.untranslated),
        "checks": len(facts.checks) + sum(len(t.checks) for t in facts.tests),
        "sets": [
            {"name": masked(s.name), "scope": s.scope, "unset": s.unset, "from": s.value.kind}
            for s in facts.sets
        ],
        "findings": [
            _finding_json(f) for f in sorted((*facts.findings, *tests_findings), key=_by_line)
        ],
    }


def _by_line(finding: Finding) -> int:
    return finding.line


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "line": finding.line,
        "js": masked(finding.js),
        "detail": masked(finding.detail),
    }


def _events(collection: Collection) -> Iterator[tuple[str, Event]]:
    """Every event with where it sits (``(collection)``, ``Folder / Request``), in
    collection order: the collection's, then each folder's and request's, depth first."""
    for event in collection.events:
        yield "(collection)", event
    yield from _tree_events(collection.items, ())


def _tree_events(
    items: tuple[Folder | Endpoint, ...], folders: tuple[str, ...]
) -> Iterator[tuple[str, Event]]:
    for item in items:
        where = masked(" / ".join((*folders, item.name)))
        for event in item.events:
            yield where, event
        if isinstance(item, Folder):
            yield from _tree_events(item.items, (*folders, item.name))
