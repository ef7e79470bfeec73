"""The collection's scripts, read (never run): a JavaScript front end on tree-sitter that
turns each script into ``facts`` (checks, variable sets, findings), and what postc
derives from them (docs/scripts.md)."""
