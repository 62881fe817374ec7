"""`koorddanser play` (and plain `koorddanser`): the Textual app, or line-based text with --plain."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from game.cli import UsageError

    raise UsageError("the game front end is not built yet; try `koorddanser simulate` or `koorddanser validate`")
