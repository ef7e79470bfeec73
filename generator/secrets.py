"""The one judge of secrets: names that say they hold a credential, and values whose shape
says they are one whatever holds them. The loader, the plan, the generated tests,
``inspect`` and every warning ask it; the rules, with examples both ways, are in
docs/security.md ("Secrets: names and shapes").

**Names** are split into words (``X-Auth-Key``, ``appKey``, ``client_secret`` and
``accesstoken`` alike) and the last word decides, as in English compounds: ``access_token``
is a token, ``token_url`` a URL, ``token_type`` a type. Words that only say how a
credential is written (digits, ``value``, ``base64``, ``confirm``) are skipped first. The
last word is a credential when it is a credential word (``token``, ``password``,
``secret``, ``session``, ...; or ends one lower-case word: ``authtoken``), ``auth`` or
``pass``, ``key`` after a word that makes it a credential (``api``, ``app``, ``auth``,
``functions``, ...: not ``sort_key``, ``issue_key``, ``public_key``), or ``session id``.
``key`` alone names a credential among a request's settings (``?key=``), not in JSON data,
where ``authorization``, ``auth`` and ``signature`` name statuses and modes as often.

**Values** are secrets by shape: keys by their prefixes (Stripe, GitHub, GitLab, Slack,
AWS, Google), JWTs, PEM private keys, Telegram bot tokens, the token after ``Bearer``,
``Token`` or ``Basic``, a URL's ``user:password@``, the quoted value of a credential-named
key (``"password": "..."``, ``login(token: "...")``) and, in a request's settings and
prose, the value of a credential-named query key and long random tokens (base64 of 32 to
4096 characters, all three of upper case, lower case and digits, no word, high Shannon
entropy; not in URL paths, which hold ids). Demo words (``string``, ``example``) and
``<placeholders>`` are never secrets: redacting them would only corrupt the text.

Everything here is linear in its input: each pattern starts only where a token starts and
has bounded or unambiguous quantifiers; the scans before and around a match are bounded.
"""

from __future__ import annotations

import base64
import bisect
import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

from generator.infer.keys import key_words

# Shorter values are not treated as credentials: redacting "1" or "abc" would mangle text.
MIN_SECRET_LENGTH = 6
MASK = "***"  # what warnings and ``inspect`` show in place of a secret

# --- names ------------------------------------------------------------------------------

_CREDENTIAL_WORDS = frozenset(
    {
        "apikey",
        "authorization",
        "bearer",
        "cookie",
        "credential",
        "credentials",
        "jwt",
        "passcode",
        "passphrase",
        "passwd",
        "password",
        "pat",
        "pwd",
        "secret",
        "session",
        "signature",
        "token",
    }
)
# the end of one lower-case word that is a credential: accesstoken, clientsecret, xapikey
_CREDENTIAL_ENDINGS = ("token", "secret", "password", "passwd", "passphrase", "passcode", "apikey")
_LAST_ONLY = frozenset({"auth", "pass"})  # credentials as the last word: x-auth, db_pass
# words that make the ``key`` after them a credential (x-functions-key, appKey)
_KEY_QUALIFIERS = frozenset(
    {
        "access",
        "account",
        "api",
        "app",
        "application",
        "auth",
        "authentication",
        "client",
        "consumer",
        "decryption",
        "developer",
        "encryption",
        "function",
        "functions",
        "hmac",
        "license",
        "licence",
        "master",
        "merchant",
        "partner",
        "private",
        "secret",
        "server",
        "service",
        "session",
        "shared",
        "signing",
        "subscription",
        "token",
        "user",
        "webhook",
        "write",
    }
)
_QUALIFIED_KEYS = tuple(sorted(qualifier + "key" for qualifier in _KEY_QUALIFIERS))
# trailing words that say how a credential is written, not what the name holds
_NOT_IN_DATA = frozenset({"auth", "authorization", "signature"})
_SPELLING_WORDS = frozenset(
    {"value", "string", "str", "text", "raw", "plain", "b", "base", "hex", "encoded"}
    | {"new", "old", "current", "confirm", "confirmation", "again", "repeat", "retype", "verify"}
)


@lru_cache(maxsize=4096)  # a collection names the same settings in thousands of places
def is_secret_name(name: str) -> bool:
    """Whether a request's setting called ``name`` (a variable, header, query key, form
    field) holds a credential: ``api_key``, ``X-Auth-Key``, ``key``, ``db_pass``; not
    ``keyword``, ``monkey``, ``passenger``, ``author``, ``keys_count``, ``sort_key``."""
    words = key_words(name)
    return words == ["key"] or _credential_words(words)


def is_secret_field(name: str) -> bool:
    """Whether a field of JSON data (or an auth attribute, a GraphQL argument) called
    ``name`` holds a credential: as ``is_secret_name``, but ``key`` alone is a key, and in
    data ``authorization``, ``auth`` and ``signature`` name a status, a mode or a person's
    name as often (``"authorization": "approved"``, ``"wifiAuth": "wpa-psk"``)."""
    words = key_words(name)
    return _credential_words(words) and _deciding(words)[0] not in _NOT_IN_DATA


def _credential_words(words: list[str]) -> bool:
    """Whether the last word that is not spelling (``value``, digits) names a credential."""
    last, before = _deciding(words)
    if last == "key":
        return before in _KEY_QUALIFIERS or _credential_word(before)
    if last == "id":
        return before == "session"
    return last in _LAST_ONLY or _credential_word(last)


def _deciding(words: list[str]) -> tuple[str, str]:
    """The last word that is not spelling (``value``, digits) and the word before it."""
    end = len(words)
    while end and (words[end - 1].isdigit() or words[end - 1] in _SPELLING_WORDS):
        end -= 1
    return (words[end - 1] if end else ""), (words[end - 2] if end > 1 else "")


def _credential_word(word: str) -> bool:
    return (
        word in _CREDENTIAL_WORDS
        or word.endswith(_CREDENTIAL_ENDINGS)
        or word.endswith(_QUALIFIED_KEYS)
        or word.endswith("sessionid")
    )


# --- values ----------------------------------------------------------------------------


def is_secret(value: str, name: str = "") -> bool:
    """Whether ``value``, held by a credential called ``name``, is a secret to keep out:
    not empty, not short, no template (placeholder or ``{{var}}``), no demo word
    (``string``, ``example``), not its own name."""
    if len(value) < MIN_SECRET_LENGTH or _REFERENCE.search(value) or _PLACEHOLDER.search(value):
        return False
    if value.lower() in _DEMO_VALUES:
        return False
    return not name or _NOT_ALPHANUMERIC.sub("", value.lower()) != _NOT_ALPHANUMERIC.sub(
        "", name.lower()
    )


def secret_values(text: str, *, data: bool = False) -> list[str]:
    """The secrets in ``text`` by their shape (see the module docstring), as they stand in
    it. Random tokens are judged in a setting's value or prose, outside the paths of the
    URLs it quotes (``docs.google.com/document/d/<id>`` is an id); ``data`` (a body, a URL,
    a path segment) has ids and base64 content, not random tokens, and its query strings
    are links (``?token=<order id>``), not credentials."""
    return [text[start:end] for start, end in _spans(text, data=data)]


@lru_cache(maxsize=4096)  # a collection saves the same few values in thousands of places
def is_secret_value(value: str) -> bool:
    """Whether ``value`` is a credential as a whole: secrets after their scheme word
    (``Bearer eyJ...``), or making three quarters of it (``<code>.esY03X==``)."""
    rest = "".join(_outside(value, _spans(value, data=False), "")).strip()
    covered = len(value.strip()) - len(rest)
    return covered > 0 and (rest.lower() in _SCHEMES or covered >= 0.75 * len(value.strip()))


def masked(text: str) -> str:
    """``text`` as a warning or ``inspect`` may show it: every secret found by its shape
    or its query key shown as ``***`` (``/bot***/sendMessage``, ``?api_key=***``)."""
    spans = _spans(text, data=False, paths=True)
    return "".join(_outside(text, spans, MASK)) if spans else text


Span = tuple[int, int]

_REFERENCE = re.compile(r"\{\{[^{}]*\}\}")
# An openapi-to-postman placeholder (``<string>``, ``<dateTime>``) or a person's
# (``<your API key>``): a letter first, as ``generator.infer.artefacts.placeholder`` reads them
_PLACEHOLDER = re.compile(r"<[A-Za-z][^<>]{0,79}>")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
# what exports and examples write where a credential goes: redacting them would only
# corrupt the text around (``string`` is the type openapi-to-postman fills in)
_DEMO_VALUES = frozenset({"string", "example", "sample", "secret", "password", "undefined"})
_BASE64_RUN = re.compile(r"(?<![\w+/-])[\w/-]*\+[\w+/-]*={0,2}")  # with a "+": base64
_LONG_RUN = re.compile(r"(?<![\w-])[\w-]{32,}")  # a token long enough to be a random one
_JWT = re.compile(r"(?<![\w-])(eyJ[\w-]*)\.[\w-]+\.[\w-]+")
_BOT_TOKEN = re.compile(r"(?<![\w-])([\w-]*):([\w-]{30,})")
_SCHEME_TOKEN = re.compile(r"\b(?i:(bearer|token|basic)) {1,4}([\w.~+/-]+=*)")
_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')  # a double-quoted string, escapes kept
# a key and its value in a query or form text; the value in URL characters (not
# ``[password]`` or ``<token>``, which say what goes there)
_QUERY_PAIR = re.compile(r"(?:^|[?&;\n])([^=&#?;\s]{1,64})=([\w.~%+/=:@!$*,-]*)")
_AUTHORITY_END = frozenset("/?#\\ \t\r\n\"'<>`")
_URL_END = frozenset(" \t\r\n\"'<>`()[]|\\")  # where a URL quoted in text ends
_HOST_END = frozenset("/?#") | _URL_END
_SCHEMES = frozenset({"", "bearer", "basic", "token"})  # words that may lead a credential
# prefix -> (the least characters after it, the characters besides letters and digits there)
_PREFIXES = {
    **dict.fromkeys(("sk_live_", "sk_test_", "rk_live_", "rk_test_"), (10, "")),
    **dict.fromkeys(("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), (30, "")),
    "github_pat_": (22, "_"),
    "glpat-": (20, "-_"),
    **dict.fromkeys(("xoxb-", "xoxp-", "xoxa-", "xoxs-", "xoxr-"), (10, "-")),
    "AKIA": (16, ""),
    "ASIA": (16, ""),
    "AIza": (30, "-_"),
}
_PREFIX = re.compile("(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, _PREFIXES)) + ")")
_TAIL_LOOKED_AT = 64  # characters of a prefixed key checked for letters and digits
_RANDOM_LENGTHS = range(32, 4097)
_WORD_RUN = 8  # letters of one case in a row: a word, not randomness
_CACHED_LENGTH = 4096  # texts longer than this are not kept in the cache of spans


def _spans(text: str, *, data: bool, paths: bool = False) -> tuple[Span, ...]:
    """Where the secrets of ``text`` are, by shape, in order (they may overlap): in
    ``data``, no random tokens nor query values; ``paths``, random tokens in URL paths too.
    A collection repeats its values and descriptions: short texts are judged once."""
    if len(text) > _CACHED_LENGTH:
        return _found_spans(text, data=data, paths=paths)
    return _cached_spans(text, data=data, paths=paths)


def _found_spans(text: str, *, data: bool, paths: bool) -> tuple[Span, ...]:
    found = [*_private_keys(text), *_userinfo(text), *_scheme_tokens(text), *_quoted_values(text)]
    if data:
        return tuple(sorted([*found, *_run_secrets(text, ())]))
    ids = () if paths else _url_paths(text)
    found += _query_values(text)
    found += _run_secrets(text, ids, random=True)
    found += [
        match.span()
        for match in _BASE64_RUN.finditer(text)
        if not _within(match.span(), ids) and _random(match.group())
    ]
    return tuple(sorted(found))


_cached_spans = lru_cache(maxsize=4096)(_found_spans)


def _url_paths(text: str) -> list[Span]:
    """The paths (with their query and fragment) of the URLs in ``text``, in order."""
    found = []
    start = text.find("://")
    while start >= 0:
        index = start + 3
        while index < len(text) and text[index] not in _HOST_END:
            index += 1
        end = index
        while end < len(text) and text[end] not in _URL_END:
            end += 1
        if end > index:
            found.append((index, end))
        start = text.find("://", end)
    return found


def _within(span: Span, spans: Sequence[Span]) -> bool:
    """Whether ``span`` lies in one of the sorted, disjoint ``spans``."""
    at = bisect.bisect_right(spans, span[0], key=lambda known: known[0]) - 1
    return at >= 0 and spans[at][0] <= span[0] and span[1] <= spans[at][1]


def _outside(text: str, spans: Sequence[Span], mask: str) -> Iterator[str]:
    """``text`` cut around the (merged) spans, each span given as ``mask``."""
    position = 0
    for start, end in spans:
        if end <= position:
            continue
        if start >= position:
            yield text[position:start]
            yield mask
        position = end
    yield text[position:]


def _private_keys(text: str) -> Iterator[Span]:
    """``-----BEGIN ... PRIVATE KEY-----`` to its ``-----END ...-----`` (or the text's end)."""
    start = text.find("-----BEGIN ")
    while start >= 0:
        label_end = text.find("-----", start + 11, start + 11 + 64)
        if label_end < 0 or not text[start + 11 : label_end].endswith("PRIVATE KEY"):
            start = text.find("-----BEGIN ", start + 11)
            continue
        finish = text.find("-----END ", label_end + 5)
        close = text.find("-----", finish + 9, finish + 9 + 64) if finish >= 0 else -1
        end = close + 5 if close >= 0 else len(text)
        yield start, end
        start = text.find("-----BEGIN ", end)


def _userinfo(text: str) -> Iterator[Span]:
    """The ``user:password`` of every ``scheme://user:password@host``, and the password."""
    start = text.find("://")
    while start >= 0:
        begin = start + 3
        following = text.find("://", begin)
        limit = min(begin + 512, following if following >= 0 else len(text))
        end = begin
        while end < limit and text[end] not in _AUTHORITY_END:
            end += 1
        at = text.rfind("@", begin, end)
        if at > begin and "{{" not in text[begin:at]:
            yield begin, at
            colon = text.find(":", begin, at)
            if 0 <= colon < at - 1:
                yield colon + 1, at
        start = following


def _query_values(text: str) -> Iterator[Span]:
    """The values of credential-named keys of a query (``?client_secret=...``) or form text,
    unless they are a ``{{variable}}`` or a ``<placeholder>``."""
    for match in _QUERY_PAIR.finditer(text):
        value = match.group(2)
        if is_secret_name(match.group(1)) and is_secret(value, match.group(1)):
            yield match.span(2)


def _quoted_values(text: str) -> Iterator[Span]:
    """The quoted values of credential-named keys: ``"password": "..."`` in JSON text that
    did not parse, ``login(token: "...")`` in a GraphQL document."""
    key, end = "", -1  # the previous string (a JSON key?) and where it ends
    for match in _STRING.finditer(text):
        if end >= 0 and text[end : match.start()].strip() in (":", "="):
            name = key
        else:
            name = _name_before(text, match.start())
        if name and match.group(1) and is_secret_field(name):
            yield match.span(1)
        key, end = match.group(1), match.end()


def _name_before(text: str, position: int) -> str:
    """The identifier before ``name:`` or ``name =`` that ends at ``position``, or ""."""
    index = _skip_spaces(text, position)
    if index == 0 or text[index - 1] not in ":=":
        return ""
    end = index = _skip_spaces(text, index - 1)
    while index > max(0, end - 64) and (text[index - 1].isalnum() or text[index - 1] in "_-"):
        index -= 1
    return text[index:end]


def _skip_spaces(text: str, position: int) -> int:
    """Where the (at most 16) spaces before ``position`` begin."""
    index = position
    while index > max(0, position - 16) and text[index - 1].isspace():
        index -= 1
    return index


def _scheme_tokens(text: str) -> Iterator[Span]:
    """The token after ``Bearer``/``Token`` (8 characters or more, letters and digits) or
    ``Basic`` (base64 of ``user:password``), however its header is called."""
    for match in _SCHEME_TOKEN.finditer(text):
        scheme, token = match.group(1).lower(), match.group(2)
        if (scheme == "basic" and _basic_credentials(token)) or (
            scheme != "basic" and len(token) >= 8 and _letters_and_digits(token)
        ):
            yield match.span(2)


def _basic_credentials(token: str) -> bool:
    try:
        decoded = base64.b64decode(token, validate=True).decode("utf-8")
    except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
        return False
    return ":" in decoded and decoded.isprintable()


def _run_secrets(text: str, ids: Sequence[Span], *, random: bool = False) -> Iterator[Span]:
    """Tokens (runs of word characters and ``-``) that are prefixed keys or random ones,
    and tokens joined into one: JWTs (``header.payload.signature``), Telegram bot tokens
    (``123456789:AA...``). Each pattern starts only where a token starts."""
    yield from _prefixed_keys(text)
    for match in _JWT.finditer(text):
        if _jwt_header(match.group(1)):
            yield match.span()
    for match in _BOT_TOKEN.finditer(text):
        if _bot_token(match.group(1), match.group(2)):
            yield match.span()
    if random:
        for match in _LONG_RUN.finditer(text):
            if _random(match.group()) and not _within(match.span(), ids):
                yield match.span()


def _prefixed_keys(text: str) -> Iterator[Span]:
    """The tokens holding a Stripe, GitHub, GitLab, Slack, AWS or Google key: its prefix (at
    the start of the token or after punctuation), then enough letters and digits, both
    present. A token is reported once, however many prefixes it holds."""
    covered = 0
    for match in _PREFIX.finditer(text):
        if match.start() < covered:
            continue
        least, extra = _PREFIXES[match.group()]
        tail = text[match.end() : match.end() + _TAIL_LOOKED_AT]
        length = next(
            (i for i, char in enumerate(tail) if not (char.isalnum() or char in extra)), len(tail)
        )
        if length >= least and _letters_and_digits(tail[:length]):
            start, covered = match.start(), match.end()
            while start > 0 and _in_token(text[start - 1]):
                start -= 1
            while covered < len(text) and _in_token(text[covered]):
                covered += 1
            yield start, covered


def _in_token(char: str) -> bool:
    return char.isalnum() or char in "_-"


def _jwt_header(part: str) -> bool:
    """Whether ``part`` is the base64url of a JSON object with ``alg``: a JWT's header."""
    if len(part) > 4096 or not part.isascii():
        return False
    try:
        header = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, RecursionError):  # binascii.Error, JSON and UTF-8 errors alike
        return False
    return isinstance(header, dict) and "alg" in header


def _bot_token(run: str, following: str) -> bool:
    """A Telegram bot token: 6 to 10 digits (``bot`` may lead), ``:``, 30 or more base64url."""
    digits = len(run) - len(run.rstrip("0123456789"))
    return (
        6 <= digits <= 10
        and len(following) >= 30
        and following.isascii()
        and _letters_and_digits(following)
    )


def _random(token: str) -> bool:
    """A long random token: base64(url) characters, all of upper case, lower case and
    digits, no word in it, and close to the entropy random characters have."""
    if len(token) not in _RANDOM_LENGTHS or not token.isascii():
        return False
    if not (any(c.isupper() for c in token) and any(c.islower() for c in token)):
        return False
    if not any(c.isdigit() for c in token) or _has_word(token):
        return False
    counts = Counter(token).values()
    entropy = -sum(count / len(token) * math.log2(count / len(token)) for count in counts)
    return entropy >= 0.8 * math.log2(min(len(token), 64))


def _has_word(token: str) -> bool:
    """Whether ``_WORD_RUN`` letters of one case follow each other in ``token``."""
    run, case = 0, 0
    for char in token:
        now = 1 if "a" <= char <= "z" else 2 if "A" <= char <= "Z" else 0
        run = run + 1 if now and now == case else int(bool(now))
        case = now
        if run >= _WORD_RUN:
            return True
    return False


def _letters_and_digits(text: str) -> bool:
    return any(char.isdigit() for char in text) and any(char.isalpha() for char in text)
