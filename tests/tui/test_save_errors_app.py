"""The app words a broken save in the game's language, not in the English of the logs."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.tui.load_screen import LoadScreen


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


@pytest.mark.parametrize(
    ("lang", "said"), [("nl", "afgebroken: het bestand"), ("en", "truncated: the file ends")]
)
async def test_the_load_list_names_a_broken_save_in_the_players_language(
    make_app, tmp_path: Path, lang: str, said: str
) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "kapot.json").write_text('{"kind": "koorddanser-save", "form', encoding="utf-8")
    app = make_app(lang=lang, save_dir=folder)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause(0.2)
        assert isinstance(app.screen, LoadScreen)
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "kapot.json" in text and said in text
