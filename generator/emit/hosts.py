"""Which host a request goes to: the scheme, host and port its URL writes, the collection's
main one (the most common), and the words a setting of another host is named after.
The rules and their corpus counts: ``docs/hosts-and-credentials.md``."""

from __future__ import annotations

import re
from collections import Counter

from generator.ir import Collection, Url
from generator.loader.variables import VARIABLE


def url_prefix(url: Url) -> str | None:
    """The scheme, host and port of a request's URL (None without a host). A literal host
    without a scheme is taken to be HTTPS; a variable one keeps what its value says (the
    runtime gives a value without a scheme Postman's ``http://``)."""
    host = url.host_text
    if not host:
        return None
    scheme = f"{url.protocol}://" if url.protocol else ("" if host.startswith("{{") else "https://")
    return scheme + host + (f":{url.port}" if url.port else "")


def main_prefix(collection: Collection) -> str:
    """The most common scheme, host and port of the collection's requests."""
    prefixes: Counter[str] = Counter()
    for endpoint in collection.endpoints():
        prefix = url_prefix(endpoint.request.url)
        if prefix is not None:
            prefixes[prefix] += 1
    if not prefixes:
        return "http://localhost"
    return min(prefixes, key=lambda prefix: (-prefixes[prefix], prefix))


def host_words(host: str, main: str) -> str:
    """What tells a host from the main one (``upload.box.com`` beside ``api.box.com``:
    ``upload``): its labels without ``www``, its top-level domain and the domain it shares
    with the main host; a variable counts (as its name) only in a host of variables alone."""

    def labels(text: str) -> list[str]:
        text = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", text)
        text = re.split(r"[:/]", VARIABLE.sub(lambda m: m.group(1) + "_", text))[0]
        found = [label.strip("_") for label in text.lower().split(".")]
        found = [label for label in found if label and label != "www"]
        literal_tld = len(found) > 1 and not text.rstrip().endswith("_")
        return found[:-1] if literal_tld else found

    own, other = labels(host), labels(main)
    while len(own) > 1 and other and own[-1] == other[-1]:
        own, other = own[:-1], other[:-1]
    variables = {f"{name.lower()}" for name in VARIABLE.findall(host)}
    literal = [label for label in own if label not in variables]
    return "_".join(literal or own) or "host"
