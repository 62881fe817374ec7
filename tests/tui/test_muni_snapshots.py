"""Snapshots of the municipality's role in the main app at 80x24: a turn, an outcome, the debrief.

Fixed seed (7), cursor blink off. Update with
``pytest tests/tui/test_muni_snapshots.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from game.tui.muni_screens import MuniDebriefScreen


async def _started(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_muni_turn(make_app, snap_compare) -> None:
    assert snap_compare(
        make_app(role="municipality"), run_before=_started, terminal_size=(80, 24)
    )


def test_muni_outcome_in_english(make_app, snap_compare) -> None:
    async def choose(pilot) -> None:  # type: ignore[no-untyped-def]
        await _started(pilot)
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(
        make_app(role="municipality", lang="en"), run_before=choose, terminal_size=(80, 24)
    )


def test_muni_debrief(make_app, snap_compare) -> None:
    async def play(pilot) -> None:  # type: ignore[no-untyped-def]
        await _started(pilot)
        app = pilot.app
        while not isinstance(app.screen, MuniDebriefScreen):
            await pilot.press(str(app.muni.choices_open().index(True) + 1), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(role="municipality"), run_before=play, terminal_size=(80, 24))
