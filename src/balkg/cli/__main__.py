"""`python -m balkg.cli`: the `balkg` command, for environments without the console script on PATH."""

from . import main

main()
