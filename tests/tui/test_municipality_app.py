"""The municipality's role in the main app: new-game dialog, class code, turns, saves, debrief."""

from __future__ import annotations

from pathlib import Path

from game.saves import municipality as muni_saves
from game.tui.muni_screens import MuniDebriefScreen, MuniGameScreen


async def _play_decade(pilot) -> int:  # type: ignore[no-untyped-def]
    """Choose the first open choice each half-year until the debrief shows."""
    app = pilot.app
    turns = 0
    while not isinstance(app.screen, MuniDebriefScreen):
        assert turns < 25, "the decade did not end"
        opens = app.muni.choices_open()
        await pilot.press(str(opens.index(True) + 1))
        await pilot.press("enter")
        turns += 1
    return turns


async def test_class_code_in_dialog_starts_the_role_and_saves_with_name(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        seed = app.screen.query_one("#new-seed")
        seed.value = "gem 1420"  # case and spacing forgiven, like every class code
        seed.focus()
        await pilot.press("enter")  # a class code: the name comes next
        for ch in "Anna":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MuniGameScreen)
        assert app.muni.seed == 1420 and app.class_code == "GEM-1420"
        await pilot.press("1")
        await pilot.pause()
        saved = list((tmp_path / "saves" / "municipality").glob("*.json"))
        assert [p.name for p in saved] == ["GEM-1420-anna.json"]
        loaded = muni_saves.load(app.model, app.muni.city, saved[0])
        assert loaded.student == "Anna" and len(loaded.game.decisions) == 1


async def test_dialog_offers_the_role_and_a_decade_ends_on_the_debrief(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        ids = app.screen._ids
        assert ids[-1] == "@municipality"
        app.screen.query_one("#new-scenarios").highlighted = len(ids) - 1
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MuniGameScreen)
        assert await _play_decade(pilot) == app.muni.city.turns
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = app.screen.query_one("#muni-debrief-text").lines(76)
        text = "\n".join(line.plain for line in lines)
        assert "Aanbevelingen die je volgde" in text
        # continue from the title finds nothing unfinished; the finished save is there
        saved = list((tmp_path / "saves" / "municipality").glob("*.json"))
        assert len(saved) == 1
        assert len(muni_saves.load(app.model, app.muni.city, saved[0]).game.decisions) == 20


async def test_continue_picks_up_the_municipality_game(make_app, tmp_path: Path) -> None:
    app = make_app(role="municipality")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("1", "enter", "2")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(again.screen, MuniGameScreen)
        assert len(again.muni.decisions) == 2
