"""The player-facing interface strings (content/ui.yaml), read cheaply for a fast title screen.

The lookup and its rule for a missing text are game.i18n's; this module only names the
app's own file. Only the safe YAML reader (and the parsed cache) is used, not the full
loader; ``koorddanser validate`` and ``load_model`` check the same file with the rest.
"""

from __future__ import annotations

from pathlib import Path

from game.i18n import LANGS, Catalog, TableError

__all__ = ["LANGS", "Strings", "StringsError", "read_strings"]

Strings = Catalog
StringsError = TableError


def read_strings(path: Path | None = None) -> dict[str, dict[str, str]]:
    """``{key: {lang: text}}`` from ui.yaml's ``strings:`` mapping (or another UI file)."""
    from game.content.paths import content_dir
    from game.content.ui_table import read_table

    return read_table(path or content_dir() / "ui.yaml", "ui-strings", (Path(__file__),))
