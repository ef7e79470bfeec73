"""What ``postc record`` says on stderr: a line before anything is sent, a line per
request, a summary (docs/record.md, "Progress and exit status").

Every line may hold collection text (names, URLs, variable names) and values the run
produced: each is masked (the credentials sent, and whatever looks like a secret by its
shape, ``generator.secrets.masked``) and escaped for the terminal by the caller
(``generator.terminal.printable``, as every command's output is).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.emit.redaction import redact
from generator.ir import Endpoint
from generator.naming.inflect import count
from generator.record.exchange import Outgoing, Received
from generator.record.order import is_safe, label, method
from generator.secrets import masked


@dataclass(frozen=True)
class Outcome:
    """What became of one request: ``recorded`` (its status), ``skipped`` or ``failed``
    (``detail`` says why; ``key`` is the reason without the producer notes, counted in
    the summary)."""

    endpoint: Endpoint
    state: str  # "recorded", "skipped" or "failed"
    detail: str
    key: str = ""
    status: int = 0


# Where a missing value comes from, said once under the summary
MISSING_HINT = (
    "give a missing value in an environment file (--env FILE), or in the environment "
    "variable shown beside it"
)


def start_line(endpoints: Sequence[Endpoint], unsafe: bool) -> str:
    """``sending 12 requests, 4 of them unsafe: POST 3, DELETE 1`` (with ``--unsafe``);
    without it, how many unsafe requests stay unsent and the option that sends them."""
    methods = Counter(method(endpoint) for endpoint in endpoints if not is_safe(endpoint))
    unsent = ", ".join(f"{name} {number}" for name, number in _by_count(methods))
    total = sum(methods.values())
    if unsafe and total:
        return f"sending {count(len(endpoints), 'request')}, {total} of them unsafe: {unsent}"
    if total:
        return (
            f"sending {count(len(endpoints) - total, 'request')} "
            f"({count(total, 'unsafe request')} not sent without --unsafe: {unsent})"
        )
    return f"sending {count(len(endpoints), 'request')}"


def sent_line(
    position: str,
    endpoint: Endpoint,
    outgoing: Outgoing,
    received: Received,
    secrets: Iterable[str],
) -> str:
    """``[2/5] GET /users/7 (Users/Get user): 200 in 12 ms``."""
    url = urlsplit(outgoing.url)
    path = (url.path or "/") + (f"?{url.query}" if url.query else "")
    milliseconds = round(received.elapsed * 1000)
    return safe(
        f"{position} {outgoing.method} {path} ({label(endpoint)}): "
        f"{received.status} in {milliseconds} ms",
        (*outgoing.credentials, *secrets),
    )


def outcome_line(position: str, outcome: Outcome, secrets: Iterable[str]) -> str:
    """``[3/5] POST Users/Create user: skipped: POST needs --unsafe``."""
    endpoint = outcome.endpoint
    return safe(
        f"{position} {method(endpoint)} {label(endpoint)}: {outcome.state}: {outcome.detail}",
        secrets,
    )


def summary_lines(outcomes: Sequence[Outcome], unselected: int) -> list[str]:
    """``recorded 3, skipped 2 (POST needs --unsafe: 1; needs {{id}}: 1), failed 0``: the
    reasons apart by ``;``, as one may name several variables (``needs {{a}}, {{b}}``)."""
    recorded = sum(outcome.state == "recorded" for outcome in outcomes)
    parts = [f"recorded {recorded}"]
    for state in ("skipped", "failed"):
        chosen = [outcome for outcome in outcomes if outcome.state == state]
        reasons = Counter(outcome.key or outcome.detail for outcome in chosen)
        counted = "; ".join(f"{reason}: {number}" for reason, number in _by_count(reasons))
        parts.append(f"{state} {len(chosen)}" + (f" ({counted})" if counted else ""))
    line = ", ".join(parts)
    if unselected:
        line += f"; {count(unselected, 'request')} not selected by --only"
    if any(outcome.state == "skipped" and outcome.key.startswith("needs ") for outcome in outcomes):
        return [line, MISSING_HINT]
    return [line]


def _by_count(counted: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first, then by name: the same order on every run."""
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def safe(text: str, secrets: Iterable[str]) -> str:
    """``text`` with the run's ``secrets`` and whatever looks like a secret masked."""
    return masked(redact(text, secrets))
