"""`python -m vitalcore`: the same as the `vitalcore` command."""

from vitalcore.cli import main

main()
