"""One collection request on the wire, with the generated client's semantics
(docs/record.md, "On the wire"): ``prepare`` resolves it into an :class:`Outgoing`
request (or a :class:`Skipped` one, with the reason), ``Sender`` sends it through the
client's own runtime: its auth schemes, its retry policy, its redirect rules.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any

import httpx

from generator.emit.credentials import is_credential_header
from generator.ir import Collection, Endpoint
from generator.record.auth import request_auth, unsupported
from generator.record.bodies import encode_body
from generator.record.exchange import Outgoing, Received, SentAuth, Skipped
from generator.record.hosts import request_url
from generator.record.runtime import runtime
from generator.record.variables import Variables

# Headers httpx computes from what it sends; a collection's value would contradict it
_COMPUTED = frozenset({"content-length", "host"})


def prepare(collection: Collection, endpoint: Endpoint, variables: Variables) -> Outgoing | Skipped:
    """The request as the client would send it now, or why it is not sent."""
    where = endpoint.json_path
    reason = unsupported(endpoint)
    if reason is not None:
        return Skipped(where, reason)
    target = request_url(collection, endpoint, variables)
    folder = Path(collection.source).parent if collection.source else Path.cwd()
    body = encode_body(endpoint.request.body, endpoint.request.headers, variables, folder)
    scheme = variables.client.scheme(endpoint.json_path)
    auth = request_auth(scheme, variables)
    headers, header_missing, generated = _headers(endpoint, variables)
    missing = tuple(dict.fromkeys((*target.missing, *body.missing, *header_missing, *auth.missing)))
    if missing:
        return Skipped(where, "needs " + ", ".join(map(variables.client.needed, missing)), missing)
    refusal = target.refusal or body.refusal
    if refusal is not None:
        return Skipped(where, refusal)
    return Outgoing(
        endpoint=where,
        method=endpoint.request.method.upper(),
        url=target.url,
        headers=headers,
        content=body.content,
        content_type=body.content_type,
        credentials=auth.credentials,
        auth=auth.auth,
        generated=(*target.generated, *body.generated, *generated),
    )


def _headers(
    endpoint: Endpoint, variables: Variables
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The enabled headers, resolved, but for the credential headers (the client's scheme
    sends those, or none: docs/hosts-and-credentials.md) and those httpx computes."""
    sent: list[tuple[str, str]] = []
    missing: list[str] = []
    generated: list[tuple[str, str]] = []
    for header in endpoint.request.headers:
        if header.disabled or is_credential_header(header) or header.key.lower() in _COMPUTED:
            continue
        key, value = variables.resolve(header.key), variables.resolve(header.value or "")
        missing += (*key.missing, *value.missing)
        generated += (*key.generated, *value.generated)
        sent.append((key.text, value.text))
    return tuple(sent), tuple(missing), tuple(generated)


class SendError(Exception):
    """A request that got no answer to record: a connection error, a timeout, a redirect
    to another origin. Its message is one line."""


class Sender:
    """Sends :class:`Outgoing` requests over one ``httpx.Client`` as the generated client
    does: its auth classes, its ``RetryPolicy`` (idempotent methods only, ``Retry-After``
    honoured), redirects followed at the request's origin only. No cookie is kept between
    requests: each is sent with the headers its collection request writes."""

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        max_retries: int = 2,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self._runtime = runtime()
        self._retry = self._runtime.RetryPolicy(max_retries=max_retries)
        self._http = httpx.Client(transport=transport, timeout=timeout, follow_redirects=False)
        self._sleep = sleep or time.sleep
        # one runtime scheme per auth, kept between requests as the client keeps its
        # own: a client-credentials token is fetched once
        self._auths: dict[SentAuth, Any] = {}

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def send(self, outgoing: Outgoing) -> Received:
        """Send, retrying as the client retries; the final answer, its body decoded."""
        auth = self._auth(outgoing.auth)
        call = self._runtime.Call(outgoing.method, outgoing.url, returns=bytes)
        started = perf_counter()
        attempt = 0
        while True:
            try:
                response = self._hops(self._request(outgoing), auth)
            except self._runtime.ApiError as error:  # a token endpoint's failure
                raise SendError(f"{outgoing.method} {outgoing.url}: {_one_line(error)}") from error
            except httpx.RequestError as error:
                delay = self._retry.delay(call, attempt, error)
                if delay is None:
                    raise SendError(
                        f"{outgoing.method} {outgoing.url}: {_one_line(error)}"
                    ) from error
            else:
                delay = self._retry.delay(call, attempt, response)
                if delay is None:
                    break
                response.close()
            attempt += 1
            self._sleep(delay)
        return Received(
            status=response.status_code,
            reason=response.reason_phrase,
            headers=tuple(
                (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
            ),
            body=response.content,
            url=str(response.url),
            elapsed=perf_counter() - started,
            credentials=_fetched(auth),
        )

    def _request(self, outgoing: Outgoing) -> httpx.Request:
        """The request of one attempt, without a cookie an earlier answer set (the hops
        of its own redirects keep theirs, as Postman's do)."""
        self._http.cookies.clear()
        headers = httpx.Headers(list(outgoing.headers))
        if outgoing.content_type is not None and "content-type" not in headers:
            headers["Content-Type"] = outgoing.content_type
        return self._http.build_request(
            outgoing.method, outgoing.url, headers=headers, content=outgoing.content
        )

    def _hops(self, request: httpx.Request, auth: Any) -> httpx.Response:
        """Send, following redirects at the request's origin with the runtime's
        ``_Redirects`` (the credentials the auth added are taken off each hop before its
        own auth runs); a redirect elsewhere is a ``SendError``."""
        first = request.url
        hops = self._runtime._Redirects(request, auth, _Following(self._http))
        while True:
            response = self._http.send(hops.request, auth=hops.auth, follow_redirects=False)
            if not hops.redirected(response):
                return response
            hop = response.next_request
            response.close()
            assert hop is not None  # redirected() saw it
            if not self._runtime._at_origin(first, hop.url):
                raise SendError(
                    f"{request.method} {first} redirects to another origin "
                    f"({hop.url.scheme}://{hop.url.netloc.decode()}): not followed"
                )
            hops.follow(response)

    def _auth(self, sent: SentAuth | None) -> Any:
        """The runtime's scheme, as httpx takes it (None: no auth)."""
        if sent is None:
            return None
        known = self._auths.get(sent)
        if known is None:
            scheme = getattr(self._runtime, sent.scheme)
            arguments = dict(sent.arguments)
            made = scheme(arguments) if sent.scheme == "HeaderAuth" else scheme(**arguments)
            known = self._auths[sent] = self._runtime._as_httpx(made)
        return known


class _Following:
    """What ``_Redirects`` reads of an httpx client: that it follows redirects, and how
    many (the sender's own client follows none by itself)."""

    follow_redirects = True

    def __init__(self, http: httpx.Client) -> None:
        self.max_redirects = http.max_redirects


def _fetched(auth: Any) -> tuple[str, ...]:
    """The token a client-credentials grant fetched while sending, alone and after its
    header prefix."""
    scheme = getattr(auth, "_scheme", None)
    token = getattr(scheme, "_token", None)
    if not isinstance(token, str) or not token:
        return ()
    prefix = getattr(scheme, "prefix", "Bearer")
    return tuple(dict.fromkeys((token, f"{prefix} {token}".lstrip())))


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__
