"""Benchmark: postc's model inference beside quicktype and datamodel-code-generator.

    .venv/bin/python bench/inference/run.py [--quick] [--keep DIR] [--json FILE]

Same run, same inputs: every v2.0/v2.1 collection of ../shared/corpus, and every file of
../shared/inference-samples wrapped as the single saved example (200, JSON) of a
one-request collection. postc (``postc schema``) and quicktype (``--src-lang postman``, as
in inference.md §1.11) read the collections; datamodel-code-generator reads one document at
a time (``--input-file-type json``, through its Python API in one process), so it is given
every JSON example body on its own; its acceptance and precision use genson's schema, the
one it builds its models from (it has no JSON Schema output of its own for JSON input).

Measures (one row each; ``format`` is an annotation for every tool alike, no format checker):

- self-acceptance: each JSON example body validates against the schema its tool gives that
  example (postc: every unit listing its path in ``examples``; quicktype: the top-level type
  of its request's name; dmcg: genson's schema of the body); no schema at all is a failure.
  Failures are counted by kind below the table, and those only at Postman placeholders
  (``"<integer>"``, typed as declared by inference.md §7.11) are counted apart;
- precision: of the type-flip mutants of accepted bodies (``mutate.py``), the share rejected
  (by at least one of the body's schemas); accepted mutants are listed below the table;
- maps: precision and recall of ``map`` at the LABELS.tsv positions (``maps.py``);
- class economy: generated classes ÷ distinct structural shapes of those classes, summed
  per output module (a collection; for dmcg, the union of its per-body modules), and names
  with collision numbers or quicktype's adjectives (``shapes.py``);
- speed: wall time over the corpus collections (postc and quicktype: one process per
  collection; dmcg: in-process time per body, its interpreter start not counted).

``--quick``: the samples and the four smallest corpus collections with JSON examples, and
at most 10 mutants per body (50 otherwise). ``--keep DIR`` keeps every tool's output,
``--json FILE`` writes the numbers and every failure. Exit status 1 when postc's column could
not be filled ("postc schema not available": the command is missing or broken), 2 when
quicktype or datamodel-code-generator is not installed (bench/README.md says how).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jsonschema import Draft6Validator, Draft7Validator, Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator

from inference import maps, mutate, shapes, tools
from inference.corpus import (
    WRAPPED_EXAMPLE,
    Body,
    corpus_collections,
    example_bodies,
    sample_files,
    wrap_sample,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
TOOLS = ("postc", "quicktype", "dmcg")
KINDS = ("corpus", "samples")
_PLACEHOLDER = re.compile(r"^<[A-Za-z][A-Za-z0-9 _-]*>$")  # "<integer>", "<int32>", …


@dataclass
class Input:
    """One collection given to postc and quicktype, and its JSON example bodies."""

    label: str
    kind: str  # "corpus" or "samples"
    path: Path
    bodies: list[Body]
    postc: tools.PostcResult | None = None
    quicktype: tools.QuicktypeResult | None = None


@dataclass
class Verdict:
    """One body against one tool's schema."""

    accepted: bool
    reason: str = ""
    category: str = ""
    placeholders_only: bool = False  # every error is at a Postman placeholder ("<integer>")
    mutants: int = 0
    rejected: int = 0
    leaks: list[str] = field(default_factory=list)


@dataclass
class Tally:
    bodies: int = 0
    accepted: int = 0
    mutants: int = 0
    rejected: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # body, category, why
    placeholders_only: int = 0  # of the failures, those rejected only at placeholders
    leaks: list[tuple[str, str]] = field(default_factory=list)  # body, accepted mutant


# inputs ------------------------------------------------------------------------------


def build_inputs(corpus: Path, samples: Path, workdir: Path, quick: bool) -> list[Input]:
    inputs = []
    collections = corpus_collections(corpus)
    with_bodies = []
    for path in collections:
        document = json.loads(path.read_text(encoding="utf-8"))
        bodies = example_bodies(document, f"corpus:{path.name}")
        with_bodies.append((path, bodies))
    if quick:
        chosen = sorted((p for p, b in with_bodies if b), key=lambda p: p.stat().st_size)[:4]
        with_bodies = [(p, b) for p, b in with_bodies if p in chosen]
    for path, bodies in with_bodies:
        inputs.append(Input(f"corpus:{path.name}", "corpus", path, bodies))
    wrapped = workdir / "samples"
    wrapped.mkdir(parents=True, exist_ok=True)
    for sample in sample_files(samples):
        text = sample.read_text(encoding="utf-8")
        collection = wrap_sample(sample.stem, text)
        path = wrapped / f"{sample.stem}.postman_collection.json"
        path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
        label = f"samples:{sample.name}"
        inputs.append(Input(label, "samples", path, example_bodies(collection, label)))
    return inputs


# schemas per body ---------------------------------------------------------------------


class Schemas:
    """For each tool, the validators a body must pass (none found: not covered)."""

    def __init__(self, inputs: list[Input], dcg: dict[str, tools.DcgResult]) -> None:
        self.dcg = dcg
        self._cache: dict[tuple[str, str, str], Validator] = {}
        self._postc_units: dict[str, dict[str, list[int]]] = {}
        for entry in inputs:
            document = entry.postc.document if entry.postc else None
            index: dict[str, list[int]] = defaultdict(list)
            if document is not None:
                for number, unit in enumerate(document.get("x-postc-units", [])):
                    for example in unit.get("examples", []):
                        index[example].append(number)
            self._postc_units[entry.label] = index

    def postc(self, entry: Input, body: Body) -> tuple[list[Validator], str]:
        if entry.postc is None or entry.postc.document is None:
            error = entry.postc.run.error if entry.postc else tools.POSTC_MISSING
            return [], error
        document = entry.postc.document
        numbers = self._postc_units[entry.label].get(body.example_path, [])
        validators = []
        for number in numbers:
            key = ("postc", entry.label, str(number))
            if key not in self._cache:
                unit = document["x-postc-units"][number]
                schema = {"$defs": document.get("$defs", {}), **unit["schema"]}
                self._cache[key] = Draft202012Validator(schema)
            validators.append(self._cache[key])
        return validators, "" if validators else "no unit lists this example"

    def quicktype(self, entry: Input, body: Body) -> tuple[list[Validator], str]:
        result = entry.quicktype
        if result is None or result.document is None:
            return [], result.schema_run.error if result else "not run"
        top_levels = result.document.get("x-top-levels", {})
        if body.item_name not in top_levels:
            return [], f"no top-level type for request {body.item_name!r}"
        key = ("quicktype", entry.label, body.item_name)
        if key not in self._cache:
            schema = {**top_levels[body.item_name]}
            schema["definitions"] = result.document.get("definitions", {})
            self._cache[key] = Draft6Validator(schema)
        return [self._cache[key]], ""

    def dmcg(self, entry: Input, body: Body) -> tuple[list[Validator], str]:
        result = self.dcg.get(body.key)
        if result is None or not result.ok or result.schema is None:
            return [], result.error if result else "not run"
        return [Draft7Validator(result.schema)], ""

    def for_tool(self, tool: str) -> Callable[[Input, Body], tuple[list[Validator], str]]:
        return {"postc": self.postc, "quicktype": self.quicktype, "dmcg": self.dmcg}[tool]


def judge(validators: list[Validator], body: Body, mutants: list[mutate.Mutant]) -> Verdict:
    """Does every validator accept the body, and how many mutants does some validator reject."""
    rejecting = [v for v in validators if not v.is_valid(body.document)]
    if rejecting:
        errors = [error for v in rejecting for error in v.iter_errors(body.document)]
        error = best_match(errors)
        if error is None:
            return Verdict(False, "rejected", "rejected")
        where = mutate.render(error.absolute_path)
        placeholders = all(_is_placeholder(each.instance) for each in errors)
        reason = f"rejected at {where}: {error.message[:160]}"
        return Verdict(False, reason, category(error), placeholders_only=placeholders)
    leaks = [
        f"{mutate.render(mutant.path)}: {mutant.original!r} -> {mutant.value!r}"
        for mutant in mutants
        if all(validator.is_valid(mutant.document) for validator in validators)
    ]
    return Verdict(True, mutants=len(mutants), rejected=len(mutants) - len(leaks), leaks=leaks)


def _is_placeholder(value: object) -> bool:
    return isinstance(value, str) and _PLACEHOLDER.match(value) is not None


def category(error: ValidationError) -> str:
    """A short kind of rejection, to count failures by (values left out)."""
    instance = error.instance
    if _is_placeholder(instance):
        return f"{error.validator}: placeholder string {instance!r}"
    if error.validator == "required":
        return "required: key missing"
    shown = json.dumps(error.validator_value)[:60] if error.validator != "anyOf" else "…"
    return f"{error.validator}: {mutate.json_type(instance)} vs {shown}"


# measures ------------------------------------------------------------------------------


def acceptance_and_precision(
    inputs: list[Input], schemas: Schemas, limit: int
) -> dict[tuple[str, str], Tally]:
    tallies = {(tool, kind): Tally() for tool in TOOLS for kind in KINDS}
    for entry in inputs:
        peers: dict[str, list[Body]] = defaultdict(list)
        for body in entry.bodies:
            peers[body.item_path].append(body)
        types = {
            item: mutate.observed_types(b.document for b in bodies)
            for item, bodies in peers.items()
        }
        for body in entry.bodies:
            body_mutants = mutate.mutants(body.document, types[body.item_path], limit, body.key)
            for tool in TOOLS:
                tally = tallies[(tool, entry.kind)]
                tally.bodies += 1
                validators, why = schemas.for_tool(tool)(entry, body)
                if not validators:
                    tally.failures.append((body.key, "not covered", why))
                    continue
                verdict = judge(validators, body, body_mutants)
                if verdict.accepted:
                    tally.accepted += 1
                    tally.mutants += verdict.mutants
                    tally.rejected += verdict.rejected
                    tally.leaks.extend((body.key, leak) for leak in verdict.leaks)
                else:
                    tally.failures.append((body.key, verdict.category, verdict.reason))
                    tally.placeholders_only += verdict.placeholders_only
    return tallies


def map_positions(
    inputs: list[Input], dcg: dict[str, tools.DcgResult], labels: list[maps.Label]
) -> dict[str, list[tuple[maps.Label, str]]]:
    by_file = {
        entry.label.removeprefix("samples:"): entry for entry in inputs if entry.kind == "samples"
    }
    found: dict[str, list[tuple[maps.Label, str]]] = {tool: [] for tool in TOOLS}
    for label in labels:
        entry = by_file.get(label.file)
        if entry is None or entry.kind != "samples" or not entry.bodies:
            for tool in TOOLS:
                found[tool].append((label, "missing"))
            continue
        body = entry.bodies[0]
        # postc
        postc_doc = entry.postc.document if entry.postc else None
        verdict = "unavailable"
        if postc_doc is not None:
            units = [
                unit
                for unit in postc_doc.get("x-postc-units", [])
                if WRAPPED_EXAMPLE in unit.get("examples", [])
            ]
            verdict = (
                maps.classify(units[0]["schema"], postc_doc, label.path) if units else "missing"
            )
        found["postc"].append((label, verdict))
        # quicktype
        qt_doc = entry.quicktype.document if entry.quicktype else None
        verdict = "unavailable"
        if qt_doc is not None:
            top = qt_doc.get("x-top-levels", {}).get(body.item_name)
            verdict = "missing" if top is None else maps.classify(top, qt_doc, label.path)
        found["quicktype"].append((label, verdict))
        # dmcg (genson's schema)
        result = dcg.get(body.key)
        verdict = "unavailable"
        if result is not None and result.schema is not None:
            verdict = maps.classify(result.schema, result.schema, label.path)
        found["dmcg"].append((label, verdict))
    return found


@dataclass
class Economy:
    classes: int = 0
    shapes: int = 0
    modules: int = 0
    numbered: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def class_economy(
    inputs: list[Input], dcg: dict[str, tools.DcgResult]
) -> dict[tuple[str, str], Economy]:
    economy = {(tool, kind): Economy() for tool in TOOLS for kind in KINDS}
    for entry in inputs:
        # postc: $defs classes of the collection's document
        if entry.postc and entry.postc.document is not None:
            found = shapes.definition_classes(entry.postc.document, "$defs")
            _add(economy[("postc", entry.kind)], entry.label, list(found), found.values())
        # quicktype: classes of its Python module; shapes from the same run's schema
        qt = entry.quicktype
        if qt and qt.python_run.ok and qt.document is not None:
            found = shapes.definition_classes(qt.document, "definitions")
            target = economy[("quicktype", entry.kind)]
            _add(target, entry.label, qt.classes, found.values())
            if len(found) != len(qt.classes):
                target.notes.append(
                    f"{entry.label}: {len(qt.classes)} Python classes, {len(found)} schema classes"
                )
        # dmcg: its per-body modules, pooled per collection
        names: list[str] = []
        shape_list: list[str] = []
        for body in entry.bodies:
            result = dcg.get(body.key)
            if result is None or not result.ok:
                continue
            target = economy[("dmcg", entry.kind)]
            target.numbered += [f"{body.key}: {n}" for n in shapes.numbered_names(result.classes)]
            names += result.classes
            shape_list += shapes.inline_classes(result.schema)
        if names:
            target = economy[("dmcg", entry.kind)]
            target.classes += len(names)
            target.shapes += len(set(shape_list))
            target.modules += 1
            target.adjectives += [f"{entry.label}: {n}" for n in shapes.adjective_names(names)]
    return economy


def _add(target: Economy, label: str, names: list[str], shape_values: Any) -> None:
    target.classes += len(names)
    target.shapes += len(set(shape_values))
    target.modules += 1
    target.numbered += [f"{label}: {name}" for name in shapes.numbered_names(names)]
    target.adjectives += [f"{label}: {name}" for name in shapes.adjective_names(names)]


# report ---------------------------------------------------------------------------------


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "-"


def ratio(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a subset, 10 mutants per body")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--samples", type=Path, default=SHARED / "inference-samples")
    parser.add_argument("--mutants", type=int, default=None, help="per body (default 50)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per tool process")
    parser.add_argument("--keep", type=Path, help="keep every tool output in this folder")
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON here")
    args = parser.parse_args()
    limit = args.mutants if args.mutants is not None else (10 if args.quick else 50)

    missing = tools.check_installed()
    if missing:
        print("install first (see bench/README.md):", *missing, sep="\n  ", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="postc-bench-inference-"))
    try:
        return measure(args, limit, workdir)
    finally:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copytree(workdir, args.keep, dirs_exist_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)


def measure(args: argparse.Namespace, limit: int, workdir: Path) -> int:
    inputs = build_inputs(args.corpus, args.samples, workdir, args.quick)
    labels = maps.parse_labels((args.samples / "LABELS.tsv").read_text(encoding="utf-8"))
    postc_problem = tools.postc_available()
    outputs = workdir / "outputs"
    outputs.mkdir()
    log = sys.stderr
    print(f"{len(inputs)} collections, {sum(len(e.bodies) for e in inputs)} bodies", file=log)
    for number, entry in enumerate(inputs):
        stem = entry.label.replace(":", "__")
        if postc_problem:
            entry.postc = tools.PostcResult(tools.Run(False, 0.0, error=postc_problem))
        else:
            out = outputs / f"{stem}.postc.json"
            entry.postc = tools.postc_schema(entry.path, out, args.timeout)
        entry.quicktype = tools.quicktype(entry.path, args.timeout)
        if args.keep:
            (outputs / f"{stem}.quicktype.schema.json").write_text(
                entry.quicktype.schema_run.output, encoding="utf-8"
            )
            (outputs / f"{stem}.quicktype.py").write_text(
                entry.quicktype.python_run.output, encoding="utf-8"
            )
        print(f"  [{number + 1}/{len(inputs)}] {entry.label}", file=log)
    texts = {body.key: body.text for entry in inputs for body in entry.bodies}
    print(f"datamodel-code-generator over {len(texts)} documents", file=log)
    dcg = tools.dcg(texts, workdir, timeout_each=120, timeout=max(args.timeout, 3600))
    print("validating", file=log)
    tallies = acceptance_and_precision(inputs, Schemas(inputs, dcg), limit)
    positions = map_positions(inputs, dcg, labels)
    economy = class_economy(inputs, dcg)
    report = render(args, limit, inputs, dcg, tallies, positions, economy, postc_problem)
    print(report["text"])
    if args.json:
        args.json.write_text(json.dumps(report["numbers"], indent=2) + "\n", encoding="utf-8")
    return 1 if postc_problem else 0


def render(
    args: argparse.Namespace,
    limit: int,
    inputs: list[Input],
    dcg: dict[str, tools.DcgResult],
    tallies: dict[tuple[str, str], Tally],
    positions: dict[str, list[tuple[maps.Label, str]]],
    economy: dict[tuple[str, str], Economy],
    postc_problem: str,
) -> dict[str, Any]:
    rows: list[tuple[str, str, dict[str, str]]] = []
    numbers: dict[str, Any] = {"mutants_per_body": limit, "quick": args.quick}

    def cell(tool: str, text: str) -> str:
        return "unavailable" if tool == "postc" and postc_problem else text

    for kind in KINDS:
        rows.append(
            (
                f"self-acceptance, {kind}",
                "100%",
                {
                    t: cell(t, pct(tallies[(t, kind)].accepted, tallies[(t, kind)].bodies))
                    for t in TOOLS
                },
            )
        )
    for kind in KINDS:
        rows.append(
            (
                f"precision (mutants rejected), {kind}",
                ">=95%",
                {
                    t: cell(t, pct(tallies[(t, kind)].rejected, tallies[(t, kind)].mutants))
                    for t in TOOLS
                },
            )
        )
    scores = {
        t: maps.score([(label.expected, found) for label, found in positions[t]]) for t in TOOLS
    }
    rows.append(
        (
            "map precision (LABELS)",
            ">=90%, > qt",
            {t: cell(t, _map_cell(scores[t], "p")) for t in TOOLS},
        )
    )
    rows.append(
        (
            "map recall (LABELS)",
            ">=90%, > qt",
            {t: cell(t, _map_cell(scores[t], "r")) for t in TOOLS},
        )
    )
    for kind in KINDS:
        rows.append(
            (
                f"classes / distinct shapes, {kind}",
                "<=1.1",
                {t: cell(t, _economy_cell(economy[(t, kind)])) for t in TOOLS},
            )
        )
    rows.append(
        (
            "numbered class names",
            "0",
            {t: cell(t, str(sum(len(economy[(t, k)].numbered) for k in KINDS))) for t in TOOLS},
        )
    )
    rows.append(
        (
            "adjective class names",
            "0",
            {t: cell(t, str(sum(len(economy[(t, k)].adjectives) for k in KINDS))) for t in TOOLS},
        )
    )
    corpus = [entry for entry in inputs if entry.kind == "corpus"]
    speed = {
        "postc": sum(e.postc.run.seconds for e in corpus if e.postc),
        "quicktype": sum(e.quicktype.schema_run.seconds for e in corpus if e.quicktype),
        "dmcg": sum(dcg[b.key].seconds for e in corpus for b in e.bodies if b.key in dcg),
    }
    speed_python = sum(e.quicktype.python_run.seconds for e in corpus if e.quicktype)
    rows.append(
        (
            f"speed: corpus, {len(corpus)} collections",
            "< quicktype",
            {t: cell(t, f"{speed[t]:.1f} s") for t in TOOLS},
        )
    )

    widths = [max(len(r[0]) for r in rows), 12] + [
        max(len(t), *(len(r[2][t]) for r in rows)) for t in TOOLS
    ]
    lines = []
    header = ["metric", "target", *TOOLS]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    lines.append("  ".join("-" * w for w in widths))
    for name, target, cells in rows:
        values = [name, target, *(cells[t] for t in TOOLS)]
        lines.append("  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)))
    found_versions = tools.versions()
    lines.append("")
    lines.append("versions: " + "; ".join(f"{k} {v}" for k, v in found_versions.items()))
    lines.append(
        f"inputs: {len(corpus)} corpus collections ({sum(len(e.bodies) for e in corpus)} JSON "
        f"example bodies), {len(inputs) - len(corpus)} samples; <= {limit} mutants per body"
        + (" (--quick)" if args.quick else "")
    )
    lines.append(
        "notes: dmcg acceptance/precision/maps use genson's schema (its engine); dmcg time is "
        f"in-process (interpreter start not counted); quicktype --lang python took "
        f"{speed_python:.1f} s over the corpus; formats are not asserted"
    )
    for tool in TOOLS:
        for kind in KINDS:
            tally = tallies[(tool, kind)]
            if tally.placeholders_only:
                lines.append(
                    f"{tool}, {kind}: {tally.placeholders_only} of the bodies not accepted are "
                    "rejected only at Postman placeholders ('<integer>' typed as declared, "
                    "inference.md §7.11); counting those as accepted: "
                    + pct(tally.accepted + tally.placeholders_only, tally.bodies)
                )
    if postc_problem:
        lines.append(f"postc: {postc_problem}")
    lines.append("")
    lines.extend(_details(tallies, positions, economy))
    numbers["versions"] = found_versions
    numbers["rows"] = [{"metric": n, "target": t, **c} for n, t, c in rows]
    numbers["maps"] = {
        tool: [
            {"file": lb.file, "path": lb.path, "expected": lb.expected, "found": f}
            for lb, f in found
        ]
        for tool, found in positions.items()
    }
    numbers["postc_problem"] = postc_problem
    numbers["not_accepted"] = {
        f"{tool}/{kind}": [
            {"body": key, "kind": kind_of, "why": why}
            for key, kind_of, why in tallies[(tool, kind)].failures
        ]
        for tool in TOOLS
        for kind in KINDS
    }
    numbers["mutants_accepted"] = {
        f"{tool}/{kind}": [
            {"body": key, "mutant": leak} for key, leak in tallies[(tool, kind)].leaks
        ]
        for tool in TOOLS
        for kind in KINDS
    }
    return {"text": "\n".join(lines), "numbers": numbers}


def _map_cell(score: maps.MapScore, which: str) -> str:
    if which == "p":
        called = score.true_maps + score.false_maps
        return f"{score.true_maps}/{called} ({ratio(score.precision)})" if called else "- (no maps)"
    actual = score.true_maps + score.missed_maps
    return f"{score.true_maps}/{actual} ({ratio(score.recall)})"


def _economy_cell(entry: Economy) -> str:
    if not entry.shapes:
        return "-"
    return f"{entry.classes}/{entry.shapes} = {entry.classes / entry.shapes:.2f}"


def _details(
    tallies: dict[tuple[str, str], Tally],
    positions: dict[str, list[tuple[maps.Label, str]]],
    economy: dict[tuple[str, str], Economy],
) -> list[str]:
    lines = ["map positions (LABELS.tsv): expected -> postc / quicktype / dmcg"]
    for index, (label, _) in enumerate(positions["postc"]):
        found = [positions[t][index][1] for t in TOOLS]
        marks = ["" if maps.correct(label.expected, f) else "*" for f in found]
        shown = " / ".join(f"{f}{m}" for f, m in zip(found, marks, strict=True))
        lines.append(f"  {label.file} {label.path} [{label.expected}] -> {shown}")
    for tool in TOOLS:
        for kind in KINDS:
            tally = tallies[(tool, kind)]
            if tally.failures:
                lines.append(f"{tool}, {kind}: {len(tally.failures)} bodies not accepted, by kind:")
                kinds: dict[str, list[tuple[str, str]]] = defaultdict(list)
                for key, kind_of, why in tally.failures:
                    kinds[kind_of].append((key, why))
                for kind_of, cases in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0])):
                    key, why = cases[0]
                    lines.append(f"  {len(cases):>5}  {kind_of}; e.g. {key}: {why}")
            if tally.leaks:
                lines.append(f"{tool}, {kind}: {len(tally.leaks)} mutants accepted, e.g.")
                lines.extend(f"  {key}: {leak}" for key, leak in tally.leaks[:8])
    for tool in TOOLS:
        named = [
            n for k in KINDS for n in economy[(tool, k)].numbered + economy[(tool, k)].adjectives
        ]
        if named:
            lines.append(
                f"{tool}: {len(named)} numbered/adjective names, e.g. " + ", ".join(named[:6])
            )
        notes = [n for k in KINDS for n in economy[(tool, k)].notes]
        if notes:
            lines.append(f"{tool}: class counts differ between outputs: " + "; ".join(notes[:5]))
    return lines


if __name__ == "__main__":
    sys.exit(main())
