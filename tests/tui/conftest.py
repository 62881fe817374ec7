"""Fixtures for the Textual app: an app on a temporary save folder, and playing helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.engine.model import Model
from game.tui import KoorddanserApp


@pytest.fixture
def make_app(model: Model, tmp_path: Path):  # type: ignore[no-untyped-def]
    """``make_app(lang="nl", seed=7, ...)``: an app with the session's model and a temp save folder."""

    def make(**kwargs: Any) -> KoorddanserApp:
        kwargs.setdefault("save_dir", tmp_path / "saves")
        kwargs.setdefault("seed", 7)
        kwargs.setdefault("model", model)
        app = KoorddanserApp(**kwargs)
        app.cursor_blink = False
        return app

    return make
