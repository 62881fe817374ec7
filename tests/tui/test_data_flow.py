"""Data down, messages up: the game screen's widgets show the game and the words they are
given, and a click on the why's folded causes goes up to the screen as a message."""

from __future__ import annotations

from tui_helpers import first_open

from game.engine import Game
from game.engine.model import Model
from game.tui.event_card import EventCard
from game.tui.game_screen import GameScreen
from game.tui.meter_panel import MeterPanel
from game.tui.timeline import Timeline
from game.tui.why_panel import WhyPanel
from game.tui.wording import Wording


async def test_the_screen_shows_the_game_it_was_given_not_the_apps(make_app, model: Model) -> None:
    """The widgets draw the screen's game: the app has none, and its language is another."""
    app = make_app(lang="nl")
    sid = sorted(model.scenarios)[0]
    game = Game(model, model.scenarios[sid], 123)
    game.choose(game.open_choices().index(True))  # one turn in: the log and meters moved
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.game is None
        await app.push_screen(GameScreen(game, Wording(app.strings, "en"), hints=True))
        await pilot.pause()
        card = app.screen.query_one(EventCard)
        assert game.event is not None
        assert game.event.title["en"] in card.plain  # the screen's language, not the app's
        assert game.event.title["nl"] not in card.plain
        assert "↑" in card.plain or "↓" in card.plain or "~" in card.plain  # hints as handed
        meters = app.screen.query_one(MeterPanel).render().plain
        assert "Energy" in meters and "Energie" not in meters
        timeline = app.screen.query_one(Timeline).render().plain
        assert f"turn 2 of {game.scenario.turns}" in timeline


async def test_a_language_switch_hands_the_widgets_a_new_wording(make_app) -> None:
    app = make_app(lang="nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        await pilot.press("t")
        for widget in (
            screen.query_one(EventCard),
            screen.query_one(WhyPanel),
            screen.query_one(MeterPanel),
            screen.query_one(Timeline),
        ):
            assert widget.wording.lang == "en", widget


async def test_a_click_on_the_folded_causes_lists_them_all(make_app) -> None:
    """As pressing ``a``: the why posts ExpandRequested, the screen expands it."""
    app = make_app(lang="en")
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.press("enter")
        for _turn in range(12):  # find a turn with causes folded away
            await pilot.press(str(first_open(app)))
            why = app.screen.query_one(WhyPanel)
            if why.can_expand():
                break
            await pilot.press("enter")
        assert why.can_expand(), "no turn with folded causes in 12 turns"
        assert why._rest_block is not None
        line = why.line_of(why._rest_block)
        assert line is not None
        assert not why.expanded
        await pilot.click(WhyPanel, offset=(4, line))
        await pilot.pause()
        assert why.expanded
        # A click on another line (the heading) does nothing.
        await pilot.press("a")
        assert not why.expanded
        await pilot.click(WhyPanel, offset=(4, 0))
        await pilot.pause()
        assert not why.expanded
