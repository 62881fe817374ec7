"""Snapshot tests (pytest-textual-snapshot): the title, a turn, the why panel and the debrief.

Fixed seed, cursor blink off, 80x24. Update with ``pytest tests/tui --snapshot-update`` after
a deliberate change, and look at the SVGs before committing them.
"""

from __future__ import annotations

from tui_helpers import play_to_debrief


def test_title(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_game_turn(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), press=["enter"], terminal_size=(80, 24))


def test_why_panel(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), press=["enter", "1"], terminal_size=(80, 24))


def test_game_turn_with_hints_in_english(make_app, snap_compare) -> None:
    async def hints_on(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.hints = True
        await pilot.pause()

    assert snap_compare(
        make_app(lang="en"), press=["enter"], run_before=hints_on, terminal_size=(80, 24)
    )


def test_debrief(make_app, snap_compare) -> None:
    async def play(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("enter")
        await play_to_debrief(pilot)

    assert snap_compare(make_app(), run_before=play, terminal_size=(80, 24))
