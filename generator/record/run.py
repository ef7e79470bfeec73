"""``postc record``: send a collection's requests and save what comes back as examples
(docs/record.md).

The stages: the collection is read once (its bytes for the writer, its IR for the rest);
``order`` selects and orders the requests; for each, ``wire.prepare`` resolves it (or says
why it cannot be sent), ``wire.Sender`` sends it, ``produce`` copies what its test script
stores into the variables, and ``examples.recorded_example`` makes the example. The file is
written once, at the end, atomically, through ``splice.CollectionText``: an interrupted or
failed run leaves no partial file and an earlier one untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.emit.redaction import collection_secrets, ordered, variable_values
from generator.errors import warning_lines
from generator.ir import Collection, Endpoint, JsonValue
from generator.loader import collection_from_json, load_environment
from generator.loader.source import json_from_bytes
from generator.naming.inflect import count
from generator.output import write_atomically
from generator.reading import COLLECTION, read_input
from generator.record.examples import recorded_example
from generator.record.exchange import Outgoing, Received, Skipped
from generator.record.order import (
    bound_producers,
    is_safe,
    label,
    method,
    producers_of,
    run_order,
    selected,
)
from generator.record.produce import produced_text
from generator.record.progress import (
    Outcome,
    outcome_line,
    safe,
    sent_line,
    start_line,
    summary_lines,
)
from generator.record.splice import CollectionText
from generator.record.variables import Variables
from generator.record.wire import Sender, SendError, prepare
from generator.scripts.facts import Flows, Producer
from generator.scripts.flows import collection_flows
from generator.scripts.login import credential_users
from generator.secrets import is_secret, is_secret_name

Say = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """The command line of ``postc record``."""

    collection: Path
    environment: Path | None = None
    only: tuple[str, ...] = ()
    unsafe: bool = False
    delay: float = 0.0
    output: Path | None = None


def default_output(collection: Path) -> Path:
    """``x.postman_collection.json`` -> ``x.postman_collection.recorded.json``; a name
    without ``.json`` gets ``.recorded.json`` appended (the output is always JSON)."""
    name = collection.name
    stem, extension = name[:-5], name[-5:]  # the extension as written: .json, .JSON
    if extension.lower() == ".json":
        return collection.with_name(f"{stem}.recorded{extension}")
    return collection.with_name(f"{name}.recorded.json")


def record(options: Options, process_env: Mapping[str, str], say: Say) -> int:
    """Record, report on ``say`` line by line, write the file; the exit status: 0 when
    something was recorded and nothing failed, 1 otherwise. Bad input raises
    ``InputError`` before anything is sent."""
    source = str(options.collection)
    data = read_input(options.collection, COLLECTION, source)
    collection = collection_from_json(json_from_bytes(data, source, COLLECTION), source)
    text = CollectionText.parse(data, source)
    environment = load_environment(options.environment) if options.environment else None
    for loaded in (environment, collection):  # as `postc generate` prints them
        if loaded is not None:
            for line in warning_lines(loaded.source, loaded.warnings):
                say(line)
    output = options.output or default_output(options.collection)
    chosen = selected(collection, options.only)
    flows = collection_flows(collection)
    recording = _Recording(
        collection,
        text,
        flows,
        Variables.of(collection, environment, process_env),
        chosen,
        collection_secrets(collection, variable_values(collection, environment)),
    )
    ordered_requests = run_order(chosen, flows)
    say(start_line(ordered_requests, options.unsafe))
    with Sender() as sender:
        recording.run(ordered_requests, sender, options, say)
    outcomes = list(recording.outcomes.values())
    for line in summary_lines(outcomes, len(list(collection.endpoints())) - len(chosen)):
        say(line)
    recorded = len(recording.examples)
    if recorded:
        write_atomically(output, text.with_examples(recording.examples))
        say(f"wrote {output} ({count(recorded, 'recorded example')})")
    else:
        say(f"nothing recorded; {output} not written")
    failed = any(outcome.state == "failed" for outcome in outcomes)
    return 0 if recorded and not failed else 1


class _Recording:
    """The state of one run: the variables, what became of each request, the examples."""

    def __init__(
        self,
        collection: Collection,
        text: CollectionText,
        flows: Flows,
        variables: Variables,
        chosen: Sequence[Endpoint],
        secrets: Sequence[str],
    ) -> None:
        self.collection = collection
        self.text = text
        self.variables = variables
        self.chosen = {endpoint.json_path for endpoint in chosen}
        # whose value each use would get: the selected producer the order follows, else
        # the one Postman's run order gives (a skip names it), else none
        in_postman = {
            (u.endpoint, u.variable): u.producer.endpoint for u in flows.uses if u.producer
        }
        self.bound = {**in_postman, **bound_producers(chosen, flows)}
        self.endpoints = {endpoint.json_path: endpoint for endpoint in collection.endpoints()}
        self.producers = producers_of(flows, self.endpoints.values())
        self.own_producers: dict[str, list[Producer]] = {}
        for producer in flows.producers:
            self.own_producers.setdefault(producer.endpoint, []).append(producer)
        self.credential_variables = set(credential_users(collection))
        self.secrets = list(secrets)
        self.outcomes: dict[str, Outcome] = {}
        self.unproduced: dict[tuple[str, str], int] = {}  # (request, variable): its status
        self.examples: dict[str, list[JsonValue]] = {}

    def run(
        self, endpoints: Sequence[Endpoint], sender: Sender, options: Options, say: Say
    ) -> None:
        sent = 0
        for index, endpoint in enumerate(endpoints, 1):
            position = f"[{index}/{len(endpoints)}]"
            if not options.unsafe and not is_safe(endpoint):
                reason = f"{method(endpoint)} needs --unsafe"
                self._report(Outcome(endpoint, "skipped", reason, reason), position, say)
                continue
            prepared = prepare(self.collection, endpoint, self.variables)
            if isinstance(prepared, Skipped):
                self._report(self._skipped(endpoint, prepared), position, say)
                continue
            if sent and options.delay:
                time.sleep(options.delay)
            sent += 1
            try:
                received = sender.send(prepared)
            except SendError as error:
                message = safe(str(error), (*prepared.credentials, *self.secrets))
                self._report(Outcome(endpoint, "failed", message), position, say)
                continue
            self._recorded(endpoint, prepared, received)
            say(sent_line(position, endpoint, prepared, received, self.secrets))

    def _report(self, outcome: Outcome, position: str, say: Say, sent: Sequence[str] = ()) -> None:
        self.outcomes[outcome.endpoint.json_path] = outcome
        say(outcome_line(position, outcome, (*sent, *self.secrets)))

    def _recorded(self, endpoint: Endpoint, outgoing: Outgoing, received: Received) -> None:
        """Store what the request's test scripts copy from the response, then make its
        example; a produced credential (a login's token) is a secret of the run from then
        on, kept out of this example and every later one, and out of the progress lines."""
        for producer in self.own_producers.get(endpoint.json_path, ()):
            value = produced_text(producer.set.value, received)
            if value is None:
                self.unproduced[(endpoint.json_path, producer.variable)] = received.status
                continue
            self.variables.set(producer.variable, value, producer.set.scope)
            if self._is_credential(producer.variable, value):
                self.secrets = list(ordered((*self.secrets, value)))
        sent = replace(outgoing, credentials=ordered((*outgoing.credentials, *self.secrets)))
        request = self.text.request(endpoint.json_path)
        self.examples[endpoint.json_path] = [recorded_example(request, sent, received)]
        status = str(received.status)
        self.outcomes[endpoint.json_path] = Outcome(
            endpoint, "recorded", status, status=received.status
        )

    def _is_credential(self, variable: str, value: str) -> bool:
        named = variable in self.credential_variables or is_secret_name(variable)
        return named and is_secret(value)

    def _skipped(self, endpoint: Endpoint, skipped: Skipped) -> Outcome:
        """The wire's reason; when a request of the collection would have set a variable
        it lacks, each variable with that request and what became of it."""
        if not skipped.variables:
            return Outcome(endpoint, "skipped", skipped.reason, skipped.reason)
        key = "needs " + ", ".join(_braced(variable) for variable in skipped.variables)
        notes = [self._set_by(variable, endpoint) for variable in skipped.variables]
        if not any(notes):  # the wire's reason names the settings that would give them
            return Outcome(endpoint, "skipped", skipped.reason, key)
        named = [_braced(v) + note for v, note in zip(skipped.variables, notes, strict=True)]
        return Outcome(endpoint, "skipped", "needs " + ", ".join(named), key)

    def _set_by(self, variable: str, consumer: Endpoint) -> str:
        """`` (set by "Users/Create user", not sent: POST needs --unsafe)``: the request
        whose value the use would get (``self.bound``), else the first of the collection
        that sets the variable from its response; nothing when none does."""
        source = self.bound.get((consumer.json_path, variable))
        if source is None:
            others = [
                p for p in self.producers.get(variable, ()) if p.endpoint != consumer.json_path
            ]
            if not others:
                return ""
            source = others[0].endpoint
        return f' (set by "{label(self.endpoints[source])}", {self._became(source, variable)})'

    def _became(self, source: str, variable: str) -> str:
        outcome = self.outcomes.get(source)
        if source not in self.chosen:
            return "not selected by --only"
        if outcome is None:
            return "sent after it: the two need each other's values"
        if outcome.state == "skipped":
            return f"not sent: {outcome.key or outcome.detail}"
        if outcome.state == "failed":
            return f"failed: {outcome.detail}"
        status = self.unproduced.get((source, variable), outcome.status)
        return f"its {status} response did not hold it"


def _braced(variable: str) -> str:
    return "{{" + variable + "}}"
