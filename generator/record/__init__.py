"""``postc record``: fill a collection's missing examples from a live API (docs/record.md)."""
