"""What every part of the OpenAPI document is built from: the collection, its models and
the client's plan, looked up by the keys the document needs, and the one way collection
data is made safe to write (the generated files' redaction)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.emit.plan import Method, Plan
from generator.emit.redaction import redact_json
from generator.emit.tests import without_credentials
from generator.ir import ApiModels, BodyBinding, Collection, Endpoint, JsonValue
from generator.scripts.analyze import endpoint_scripts
from generator.scripts.facts import EndpointScripts

# Where the document's schemas live: model references point here
REFS = "#/components/schemas/"


@dataclass(frozen=True)
class Context:
    collection: Collection
    api: ApiModels
    plan: Plan
    endpoints: dict[str, Endpoint]  # by JSON path (``Method.source``)
    bindings: dict[tuple[str, str, int | None], BodyBinding]  # by endpoint, role, status
    # by the JSON path of each example inferred from: one endpoint's examples of one status
    # can have several types (error bodies are grouped by their keys, across endpoints)
    example_bindings: dict[str, BodyBinding]
    scripts: dict[str, EndpointScripts]  # the scripts that run for each request, by its path
    # by endpoint: the response units no saved example shows (typed from the scripts alone)
    scripted_responses: dict[str, tuple[BodyBinding, ...]]

    @classmethod
    def of(cls, collection: Collection, api: ApiModels, plan: Plan) -> Context:
        return cls(
            collection,
            api,
            plan,
            {endpoint.json_path: endpoint for endpoint in collection.endpoints()},
            {(b.endpoint, b.role, b.status): b for b in api.bindings},
            {example: b for b in api.bindings for example in b.examples},
            endpoint_scripts(collection),
            _scripted_responses(api),
        )

    def endpoint(self, method: Method) -> Endpoint:
        """The request item a method was made from."""
        return self.endpoints[method.source]

    def text(self, text: str) -> str:
        """Collection text as generated files write it: without a credential value."""
        return self.plan.redacted(text)

    def data(self, value: JsonValue) -> JsonValue:
        """Saved JSON data as the generated tests hold it: credential fields as samples,
        every credential value of the collection redacted in the strings (keys kept)."""
        return redact_json(without_credentials(value), self.plan.secrets)


def _scripted_responses(api: ApiModels) -> dict[str, tuple[BodyBinding, ...]]:
    found: dict[str, tuple[BodyBinding, ...]] = {}
    for binding in api.bindings:
        if binding.role == "response" and not binding.examples:
            found[binding.endpoint] = (*found.get(binding.endpoint, ()), binding)
    return found
