"""`python -m game` is the same as the `koorddanser` command."""

from game.cli import main

raise SystemExit(main())
