"""Helpers for playing the app by keys in pilot tests."""

from __future__ import annotations

from typing import Any

from game.tui import KoorddanserApp


def first_open(app: KoorddanserApp) -> int:
    """The number key (1-based) of the first choice that is open now."""
    opens = app.game.open_choices() if app.game and app.game.event else []
    for i, ok in enumerate(opens):
        if ok:
            return i + 1
    return 1


async def play_turn(pilot: Any, key: int | None = None) -> None:
    """Answer the current event (first open choice unless ``key``) and continue."""
    app = pilot.app
    await pilot.press(str(key or first_open(app)))
    await pilot.press("enter")


async def play_to_debrief(pilot: Any, limit: int = 40) -> int:
    """Play by keys until the debrief shows; returns the turns played."""
    from game.tui.debrief_screen import DebriefScreen

    app = pilot.app
    turns = 0
    while not isinstance(app.screen, DebriefScreen):
        assert turns < limit, "the game did not end"
        await play_turn(pilot)
        turns += 1
    await pilot.pause()
    return turns
