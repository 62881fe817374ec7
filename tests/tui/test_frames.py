"""What a key press costs: one layout pass and one or two frames for a turn's change of screen.

Counted with frames.FrameCounter (Textual's layout and compositor render, wrapped).
A choice and Enter each change the card, the why, the meters, the timeline, the key bar
and the scrollbar; done right, that is one batched update.
"""

from __future__ import annotations

from frames import FrameCounter, cost_of
from tui_helpers import first_open

from game.tui.debrief_screen import DebriefScreen
from game.tui.game_screen import GameScreen


async def test_a_choice_and_enter_cost_one_layout_and_at_most_two_frames(make_app) -> None:
    app = make_app()
    costs: list[tuple[str, int, int]] = []
    with FrameCounter() as counter:
        async with app.run_test(size=(80, 24)) as pilot:
            await cost_of(pilot, "enter", counter)  # title -> game: a new screen, not a turn
            assert isinstance(app.screen, GameScreen)
            for _turn in range(6):
                key = str(first_open(app))
                costs.append((key, *await cost_of(pilot, key, counter)))
                costs.append(("enter", *await cost_of(pilot, "enter", counter)))
    assert len(costs) == 12
    for _key, layouts, frames in costs:
        assert layouts <= 1, costs
        assert 1 <= frames <= 2, costs  # at least one: the key did change the screen
    # After the first turn (the scrollbar's first appearance) one frame is the rule.
    assert all(frames == 1 for _key, _layouts, frames in costs[2:]), costs


async def test_enter_that_changes_nothing_draws_nothing(make_app) -> None:
    app = make_app()
    with FrameCounter() as counter:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            # Enter before a choice: no action, the screen stays as it is.
            assert await cost_of(pilot, "enter", counter) == (0, 0)


async def test_hints_and_the_full_why_keep_to_one_layout(make_app) -> None:
    app = make_app(lang="en", hints=True)
    with FrameCounter() as counter:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await cost_of(pilot, str(first_open(app)), counter)
            await cost_of(pilot, "enter", counter)
            choice = await cost_of(pilot, str(first_open(app)), counter)
            assert choice[0] <= 1 and choice[1] <= 2, choice
            if app.screen.check_action("why_all", ()):
                layouts, frames = await cost_of(pilot, "a", counter)
                assert layouts <= 1 and frames <= 2


async def test_the_last_enter_still_reaches_the_debrief(make_app) -> None:
    from tui_helpers import play_to_debrief

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_to_debrief(pilot)
        assert isinstance(app.screen, DebriefScreen)


async def test_the_meters_are_drawn_again_only_when_they_change(make_app, monkeypatch) -> None:
    from game.tui.meter_panel import MeterPanel

    drawn: list[int] = []
    render = MeterPanel.render

    def counted(self: MeterPanel):  # type: ignore[no-untyped-def]
        drawn.append(len(self.app.game.records))
        return render(self)

    monkeypatch.setattr(MeterPanel, "render", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        drawn.clear()
        await pilot.press(str(first_open(app)))  # the meters move: drawn once
        await pilot.pause()
        assert drawn == [1]
        await pilot.press("enter")  # the next event: the same meters, not drawn again
        await pilot.pause()
        assert drawn == [1]
