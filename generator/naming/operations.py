"""What to call a request when its name is a paragraph.

Most request names are short (``Get user``, ``Job Details``) and name the method and its
body classes as they are. Some collections name requests with the whole description
(Meraki: ``List the clients of a device, up to a maximum of a month ago. The usage of
each client is returned in kilobytes. ...``), which would make 250-character methods.
Such a name is cut to its first clause, without articles (``List clients of device``);
if that is still long, or does not start with a verb, it becomes its verb (else the HTTP
method's) and the last word of the path (``GET .../pii/smDevicesForKey`` named ``Given a
piece of ... return the Systems Manager device ID(s) ...`` is ``get smDevicesForKey``).
The full name stays the method's summary.
"""

from __future__ import annotations

import re

from generator.naming.inflect import singular

MAX_WORDS = 10  # a longer name is a sentence, not a name
# A name of more words that starts with a verb is a description (``Gets rooms available to
# the calling user``): the method is the verb and at most this many words of what it acts on.
SHORT_WORDS = 5
# verbs that read: ``list`` before a plural, ``get`` before anything else
_READS = frozenset({"fetch", "find", "get", "query", "read", "retrieve", "return", "show"})
# prepositions, which may complete a single word (``Terms of Service``, ``User by Email``)
_PREPOSITIONS = frozenset(
    {
        "about", "across", "after", "against", "at", "before", "between", "by", "for", "from",
        "in", "into", "of", "on", "over", "to", "under", "via", "with", "within", "without",
    }
)  # fmt: skip
# words after which a description qualifies what it named: prepositions, relatives
_QUALIFIERS = frozenset(
    {
        "about", "across", "after", "against", "as", "assigned", "associated", "at", "available",
        "based", "before", "between", "by", "for", "from", "in", "into", "matching", "of", "on",
        "over", "that", "to", "under", "using", "via", "where", "which", "who", "whose", "with",
        "within", "without",
    }
)  # fmt: skip
# plural words that name one thing: ``Return the SNMP settings`` gets one object
_ONE_THING = frozenset({"details", "preferences", "settings", "statistics", "stats", "status"})
_FILLERS = frozenset({"all", "any", "each", "every", "new", "one", "some", "specific", "your"})
_CLAUSE_END = re.compile(r"[.;:!?,(\[]\s|[.;:!?,]$|\s[(\[]|\s[-\u2013\u2014]\s|\n")
_ARTICLES = frozenset({"a", "an", "the"})
# first words that are the action itself; ``Returns``, ``Lists``... count as their stem
VERBS = frozenset(
    [
        "activate", "add", "approve", "archive", "assign", "attach", "authorize", "blink", "bind",
        "cancel", "capture", "change", "check", "claim", "clone", "close", "combine", "confirm",
        "copy", "count", "create", "cycle", "deactivate", "delete", "detach", "disable",
        "download", "duplicate", "edit", "enable", "execute", "export", "fetch", "find",
        "generate", "get", "import", "invite", "link", "list", "lock", "merge", "modify", "move",
        "patch", "post", "provision", "publish", "put", "query", "read", "reboot", "refresh",
        "refund", "register", "reject", "release", "remove", "rename", "renew", "reopen",
        "replace", "reset", "resend", "restore", "resume", "retrieve", "return", "revoke", "run",
        "schedule", "search", "send", "set", "show", "split", "start", "stop", "submit", "suspend",
        "swap", "sync", "test", "trigger", "unarchive", "unassign", "unbind", "unlink", "unlock",
        "unpublish", "update", "upload", "validate", "verify", "void",
    ]
)  # fmt: skip
_METHOD_VERBS = {
    "GET": "get",
    "POST": "create",
    "PUT": "update",
    "PATCH": "update",
    "DELETE": "delete",
}


def operation_name(name: str, method: str, path: str) -> str:
    """The request's name, or a short one in its place when the name is a sentence.

    ``path`` is the path template (``/devices/{serial}/clients``).
    """
    count = len(name.split())
    if count <= SHORT_WORDS:
        return name
    if count <= MAX_WORDS:
        return _verb_phrase(name) or name
    clause = _CLAUSE_END.split(name.strip(), maxsplit=1)[0]
    words = [word for word in clause.split() if word.lower() not in _ARTICLES]
    verb = _verb(words)
    if verb is not None and len(words) <= MAX_WORDS:
        return " ".join(words)
    noun = _last_static_segment(path)
    if noun is None:
        return " ".join(words[:MAX_WORDS])
    verb = verb or _METHOD_VERBS.get(method.upper(), "call")
    return noun if noun.lower().startswith(verb) else f"{verb} {noun}"


def dropped_words(name: str, short: str) -> list[str]:
    """The words of a request's name that its short name left out, articles, fillers and
    qualifying words aside (``Set Plugin SWA to Shared Creds`` shortened to ``set Plugin
    SWA``: ``Shared``, ``Creds``): what tells apart two requests that shorten alike."""
    said = {word.lower() for word in short.split()}
    skipped = _ARTICLES | _FILLERS | _QUALIFIERS | said
    words = re.findall(r"\w+", name)
    if words and _verb(words) is not None:
        words = words[1:]  # the verb was said, if only as ``list`` or ``get``
    return [word for word in words if word.lower() not in skipped]


def _verb_phrase(name: str) -> str | None:
    """``list rooms`` for ``Gets rooms available to the calling user``: the verb (a reading
    verb is ``list`` before a plural head noun, else ``get``) and what it acts on, up to the
    first word that starts a qualification (``to``, ``for``, ``available``, ...), articles
    and fillers left out, at most ``SHORT_WORDS`` words after the verb. A preposition after
    a single word belongs to the noun, which one word rarely says (``Get Terms of Service``
    → ``list Terms of Service``; ``Get A User By Login Email`` → ``get User By Login
    Email``; ``Modify the action for a reputation profile`` → ``modify action for
    reputation profile``). None when the name starts with no verb or names nothing after
    it."""
    clause = [
        word.removesuffix("'s") for word in _CLAUSE_END.split(name.strip(), maxsplit=1)[0].split()
    ]
    verb = _verb(clause)
    if verb is None:
        return None
    noun: list[str] = []
    head = ""
    for word in clause[1:]:
        lower = word.lower()
        if len(noun) == SHORT_WORDS:
            if head and lower not in _QUALIFIERS:  # cut mid-way: the preposition's noun too
                noun = noun[:1]
            break
        if lower in _PREPOSITIONS and len(noun) == 1 and not head:
            head = noun[0]
        elif lower in _QUALIFIERS:
            break
        if lower not in _ARTICLES and lower not in _FILLERS:
            noun.append(word)
    while noun and noun[-1].lower() in _QUALIFIERS | {"and", "or"}:
        noun.pop()
    if [word.lower() for word in noun[:2]] == ["list", "of"]:  # "Get a list of users"
        verb, head, noun = "list", "", noun[2:]
    if not noun:
        return None
    if verb in _READS:
        verb = "list" if _plural(head or noun[-1]) else "get"
    return " ".join([verb, *noun])


def _plural(word: str) -> bool:
    """``rooms``, ``Policies``; not ``metadata`` (whose singular, ``metadata_item``, is made)
    nor a word that names one thing in the plural (``settings``)."""
    one = singular(word)
    return one != word and not one.startswith(word) and word.lower() not in _ONE_THING


def _verb(words: list[str]) -> str | None:
    """The first word as a verb's stem (``Returns`` → ``return``), if it is one."""
    first = words[0].lower() if words else ""
    for stem in (first, first[:-1] if first.endswith("s") else "", first[:-2]):
        if stem in VERBS:
            return stem
    return None


def _last_static_segment(path: str) -> str | None:
    for segment in reversed(path.split("/")):
        if segment and "{" not in segment and any(char.isalnum() for char in segment):
            return segment
    return None
