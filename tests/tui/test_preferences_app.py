"""Preferences survive a restart; good and bad news read without colour; high contrast."""

from __future__ import annotations

import argparse
from typing import Any

import pytest
from rich.segment import Segment
from tui_helpers import first_open, play_turn

from game.classroom import verdict
from game.engine.model import Model
from game.saves import settings
from game.tui import KoorddanserApp
from game.tui.marked_option_list import MarkedOptionList
from game.tui.new_game_screen import NewGameScreen


def _app_as_play_makes_it(model: Model, tmp_path: Any) -> KoorddanserApp:
    """The app the way `koorddanser play` builds it: from the remembered preferences."""
    from game.commands.play import preferences

    prefs = preferences(argparse.Namespace(lang=None, theme=None))
    app = KoorddanserApp(
        save_dir=tmp_path / "saves",
        seed=7,
        model=model,
        lang=prefs.lang,
        hints=prefs.hints,
        undo=prefs.undo,
        theme=prefs.theme,
        settings_file=settings.settings_path(),
    )
    app.cursor_blink = False
    return app


async def test_preferences_survive_a_restart(model: Model, tmp_path: Any) -> None:
    app = _app_as_play_makes_it(model, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.lang == "nl" and not app.hints and app.undo_allowed
        await pilot.press("t")  # language on the title screen
        app.theme = "koorddanser-contrast"
        await pilot.press("enter")  # a game: the first key may wait for the model to load
        for _ in range(200):
            if type(app.screen).__name__ == "GameScreen":
                break
            await pilot.pause(0.05)
        await pilot.press("h")
        app.action_toggle_undo()
        await pilot.pause()
    again = _app_as_play_makes_it(model, tmp_path)
    async with again.run_test(size=(80, 24)):
        assert again.lang == "en" and again.hints and not again.undo_allowed
        assert again.theme == "koorddanser-contrast"


def test_good_or_bad_differs_in_shape_and_depends_on_the_meter() -> None:
    assert verdict.mark("energy", -3) == verdict.BAD_MARK != verdict.GOOD_MARK
    assert verdict.mark("workload", -3) == verdict.GOOD_MARK
    assert verdict.mark("private_burden", 2) == verdict.BAD_MARK
    assert verdict.mark("trust", 2) == verdict.GOOD_MARK

    def t(key: str) -> str:
        return key

    assert verdict.word("workload", -1, t) == "verdict.good"
    assert verdict.word("energy", -1, t) == "verdict.bad"


@pytest.mark.parametrize("term", ["linux", "xterm-256color"])
async def test_changes_say_good_or_bad_without_colour(
    make_app, monkeypatch: pytest.MonkeyPatch, term: str
) -> None:
    from test_app import screen_text

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", term)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_turn(pilot)
        await pilot.press(str(first_open(app)))
        last = app.game.records[-1]
        moved = {
            k: last.after[k] - last.before[k]
            for k in last.after
            if abs(last.after[k] - last.before[k]) >= 0.5
        }
        text = screen_text(app)
        assert any(verdict.good(k, d) for k, d in moved.items())
        assert any(not verdict.good(k, d) for k, d in moved.items())
        assert verdict.GOOD_MARK in text and verdict.BAD_MARK in text


def _row_segments(widget: Any, y: int) -> list[Segment]:
    return list(widget.render_line(y))


def _contrast(style: Any) -> float:
    """WCAG contrast ratio of a segment's text and background colours."""

    def lum(colour: Any) -> float:
        parts = [c / 255 for c in colour.get_truecolor()]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((lum(style.color), lum(style.bgcolor)), reverse=True)
    return (a + 0.05) / (b + 0.05)


async def test_high_contrast_marks_are_not_yellow_on_yellow(make_app) -> None:
    app = make_app(theme="koorddanser-contrast")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one(MarkedOptionList)
        row = next(
            y
            for y in range(menu.size.height)
            if "▸" in "".join(s.text for s in _row_segments(menu, y))
        )
        for seg in _row_segments(menu, row):
            if seg.text.strip() and seg.style is not None and seg.style.bgcolor is not None:
                assert _contrast(seg.style) >= 4.5, repr(seg)
        app.push_screen(NewGameScreen())
        await pilot.pause()
        from textual.widgets import Input

        field = app.screen.query_one("#new-seed", Input)
        app.screen.query_one("#new-scenarios").focus()
        await pilot.pause()
        base, background = field.background_colors
        assert background != base, "the class-code field must show before it has focus"


async def test_the_last_game_found_after_the_menu_is_gone_changes_nothing(
    model: Model, tmp_path: Any
) -> None:
    """The title's search for a last game runs on a thread; when it answers while the app
    is closing (the menu already removed), that is no crash (seen under load)."""
    from game.tui.title_screen import TitleScreen

    app = _app_as_play_makes_it(model, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, TitleScreen)
        await screen.query_one(MarkedOptionList).remove()
        await pilot.pause()
        screen._highlight("continue")  # the thread's answer, too late
        assert not screen.query(MarkedOptionList)
