"""Where games are saved by default, without loading the saves module (and numpy) for it.

The title asks this to see whether there is a game to continue; only when the folder
holds a save is ``game.saves.best_person`` loaded. ``game.saves.best_person.default_save_dir`` is this function.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_save_dir() -> Path:
    """KOORDDANSER_SAVE_DIR, else saves/ in a source checkout, else the user data folder."""
    env = os.environ.get("KOORDDANSER_SAVE_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    from game.content.paths import is_source_checkout

    if is_source_checkout():
        return Path(__file__).resolve().parents[2] / "saves"
    import platformdirs

    return platformdirs.user_data_path("koorddanser", appauthor=False) / "saves"
