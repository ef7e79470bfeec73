"""Why the front end gives up on a statement: the exceptions its modules raise, which the
walker (``analyze``) turns into findings."""


class UntranslatableError(Exception):
    """An expression or statement postc cannot express; the message says why."""


class ResponseTimeError(Exception):
    """A check on the response time: dropped with a note."""
