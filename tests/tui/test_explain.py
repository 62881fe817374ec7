"""The app's debrief says why: the deciding conditions, the nearest miss, split key moments."""

from __future__ import annotations

import pytest
from tui_helpers import play_to_debrief

from game.classroom import debrief
from game.classroom.explain import Words
from game.tui.debrief_screen import DebriefScreen
from game.tui.log_screen import LogScreen
from game.tui.wrapped_text import WrappedText


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_debrief_shows_why_this_ending_and_split_moments(make_app, lang: str) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_to_debrief(pilot)
        assert isinstance(app.screen, DebriefScreen)
        game = app.game
        words = Words(game.model, lang)
        data = debrief.build(game.model, game)
        deciding = " ".join(app.screen.query_one("#debrief-deciding", WrappedText).plain.split())
        assert words.t("explain.deciding") in deciding
        for check in data.deciding:
            assert " ".join(words.check(check).split()) in deciding
        if data.nearest_miss is not None:
            assert " ".join(words.miss(data.nearest_miss).split()) in deciding
        moments = " ".join(app.screen.query_one("#debrief-moments", WrappedText).plain.split())
        assert moments.count(words.t("explain.your_choice") + ":") == len(data.moments)
        rules = [r for m in data.moments for r in m.rules if r.arrow is not None]
        assert all(words.arrow(r.arrow) in moments for r in rules)
        await pilot.press("l")
        assert isinstance(app.screen, LogScreen)
        log = " ".join(app.screen.query_one("#log-text", WrappedText).plain.split())
        # The log keeps the full why-trace, small drifts included.
        record = game.records[0]
        for c in debrief.fold(record, game.model.meter_ids).rest:
            assert words.cause(c) in log
