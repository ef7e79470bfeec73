"""``python -m generator`` runs the postc command line."""

from generator.cli import main

main()
