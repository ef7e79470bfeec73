"""The render stage: the IR and the named models become the files of a client project."""
