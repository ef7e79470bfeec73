"""The value a request's test script copies from its response into a variable, read from
a recorded response (docs/record.md, "Order and flows").

Only what the flow analysis names (``generator.scripts.flows``: a JSON path, a header,
the body text) is read, with the path rules the generated chain tests use
(``generator.scripts.paths.value_at``); scripts are never run. An XML path, an index
only known at run time and a JSON ``null`` give no value: the variable stays unset and
the requests that need it are skipped, naming this request.
"""

from __future__ import annotations

import json

from generator.ir import JsonValue
from generator.record.exchange import Received
from generator.scripts.facts import Value
from generator.scripts.paths import value_at


def produced_text(value: Value, received: Received) -> str | None:
    """The text ``{{variable}}`` takes after the script stores ``value`` from
    ``received``, or None when the response does not hold it."""
    found: JsonValue
    if value.kind == "header":
        wanted = value.name.casefold()
        headers = [text for name, text in received.headers if name.casefold() == wanted]
        if not headers:
            return None
        found = headers[0]
    elif value.kind == "text":
        found = received.body.decode("utf-8", "replace")
    elif value.kind == "json" and None not in value.path:
        try:
            document: JsonValue = json.loads(received.body)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, nested too deep
            return None
        found = value_at(document, value.path)
    else:
        return None
    if value.length:
        found = len(found) if isinstance(found, str | list | dict) else None
    return variable_text(found)


def variable_text(found: JsonValue) -> str | None:
    """A stored value as ``{{variable}}`` sends it, as JavaScript's ``String()`` writes
    it (``true``, ``42``, ``1.5``); an object or array as compact JSON (what a script
    that stores one with ``JSON.stringify`` sends); None for JSON ``null``."""
    if found is None:
        return None
    if isinstance(found, bool):
        return "true" if found else "false"
    if isinstance(found, float) and found.is_integer():
        return str(int(found))
    if isinstance(found, str):
        return found
    if isinstance(found, int | float):
        return repr(found)
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))
