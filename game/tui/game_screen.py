"""The game: meters and their course, the timeline, the event card, and after a choice the why.

Data flows down, messages up (Textual's guide, "Data flow"): the screen owns the game it
was given and hands it, with the wording and the hints setting, to its widgets; a choice
clicked on the card comes back up as ``EventCard.Picked``, a click on the why's folded
causes as ``WhyPanel.ExpandRequested``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive

from .card_scroll import CardScroll
from .event_card import EventCard
from .key_bar import KeyBar
from .log_panel import LogPanel
from .meter_panel import MeterPanel
from .screen_base import TurnScreen, turn_keys
from .timeline import Timeline
from .why_panel import WhyPanel
from .wording import Wording

if TYPE_CHECKING:
    from game.engine import Game, TurnRecord


class GameScreen(TurnScreen):
    """One half-year at a time: choose (1-4), read why, continue (Enter)."""

    AUTO_FOCUS = SCROLL = "#card-scroll"
    BINDINGS = turn_keys(
        Binding("l", "app.log", "log", id="log"),
        Binding("h", "app.toggle_hints", "hints", id="hints"),
        # After a choice: every cause of the why, or only those that matter (the same key).
        Binding("a", "why_all", "all", id="why-all"),
        Binding("a", "why_fewer", "fewer", id="why-fewer"),
        Binding("u", "undo", "undo", id="undo"),
        # The same key when undo is off or there is nothing to undo: hidden, it says why.
        Binding("u", "undo_refused", "undo", show=False, id="undo-refused"),
    )

    # Not a repaint of the whole screen: _show_phase repaints the widgets that changed.
    phase: reactive[str] = reactive("choose", repaint=False)

    def __init__(self, game: Game, wording: Wording, hints: bool) -> None:
        super().__init__()
        self.game = game
        self._wording = wording
        self._hints = hints
        self.record: TurnRecord | None = None  # the turn whose outcome is shown
        self._busy = False
        self._more_below = False

    def compose(self) -> ComposeResult:
        game, words = self.game, self._wording
        yield Timeline(game, words, id="timeline")
        with Horizontal(id="game-main"):
            with Vertical(id="game-left"):
                yield MeterPanel(game, words, id="meters")
                yield LogPanel(game, words, id="log-panel")
            with CardScroll(id="card-scroll"):
                yield EventCard(game, words, self._hints, id="event-card")
                yield WhyPanel(game, words, id="why")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "hints", self._hints_changed, init=False)
        self.watch(self.app, "undo_allowed", lambda _: self.refresh_bindings(), init=False)
        scroll = self.query_one("#card-scroll", CardScroll)
        self.watch(scroll, "scroll_y", lambda _: self._update_more(), init=False)
        self.watch(scroll, "virtual_size", lambda _: self._update_more(), init=False)
        self._show_phase()

    def on_resize(self) -> None:
        self._later_more()

    def _later_more(self) -> None:
        self.call_after_refresh(self._update_more)

    def _update_more(self) -> None:
        """Offer PgDn in the key bar when the card or the why goes on below the fold."""
        scroll = self.query_one("#card-scroll", CardScroll)
        below = scroll.max_scroll_y - scroll.scroll_y > 0.5
        if below != self._more_below:
            self._more_below = below
            self.refresh_bindings()

    def _hints_changed(self, hints: bool) -> None:
        self.query_one(EventCard).hints = hints
        self._later_more()

    def _lang_changed(self, _lang: str) -> None:
        # The new wording goes down to the widgets first: relabel then finds them changed.
        words = self.kapp.wording
        self.query_one(EventCard).wording = words
        self.query_one(WhyPanel).wording = words
        for widget in (self.query_one(Timeline), self.query_one(MeterPanel), self.query_one(LogPanel)):
            widget.wording = words
        super()._lang_changed(_lang)

    def relabel(self) -> None:
        timeline = self.query_one(Timeline)
        timeline.focus_turn = (
            self.record.turn if self.phase == "outcome" and self.record is not None else None
        )
        for widget in (timeline, self.query_one(MeterPanel), self.query_one(LogPanel)):
            widget.refresh_state()
        self._later_more()

    # -- keys ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        game = self.game
        if action == "choose":
            if self.phase != "choose" or game.event is None:
                return False
            index = int(parameters[0])  # type: ignore[call-overload]
            opens = game.open_choices()
            if index >= len(opens):
                return False
            return True if opens[index] else None
        if action == "next":
            return self.phase == "outcome" or (game.event is None and not game.finished)
        if action == "more":
            return self._more_below
        if action in ("why_all", "why_fewer"):
            why = self.query_one(WhyPanel)
            if self.phase != "outcome":
                return False
            return why.can_expand() if action == "why_all" else why.expanded
        if action == "undo":
            return self.kapp.can_undo()
        if action == "undo_refused":
            return not self.kapp.can_undo()
        return True

    async def action_choose(self, index: int) -> None:
        game = self.game
        if (
            self._busy
            or self.phase != "choose"
            or game.finished
            or game.event is None
        ):
            return
        if self.can_take(game.open_choices(), index, "game.choice_closed_note"):
            await self._play(index)

    async def _play(self, index: int) -> None:
        self._busy = True
        try:
            await self.kapp.saved()
            self.record = self.game.choose(index)
            self.phase = "outcome"
            # Save once the outcome is on screen: the save's work must not delay the frame.
            self.call_after_refresh(self.kapp.autosave)
        finally:
            self._busy = False

    async def action_next(self) -> None:
        game = self.game
        if self._busy:
            return
        if self.phase == "choose" and game.event is None and not game.finished:
            await self._play(0)
            return
        if self.phase != "outcome":
            return
        if game.finished:
            from .debrief_screen import DebriefScreen

            self.app.switch_screen(DebriefScreen(game))
            return
        self.phase = "choose"

    def action_why_all(self) -> None:
        with self.app.batch_update():
            why = self.query_one(WhyPanel)
            why.expanded = not why.expanded  # it shows the why again
            self._expect_height(why)
            self.refresh_bindings()
        self._later_more()

    def action_why_fewer(self) -> None:
        self.action_why_all()

    async def action_undo(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            await self.kapp.action_undo()
        finally:
            self._busy = False

    async def action_undo_refused(self) -> None:
        await self.kapp.action_undo()  # it tells why not

    def on_event_card_picked(self, message: EventCard.Picked) -> None:
        self.run_worker(self.action_choose(message.index), group="pick", exclusive=True)

    def on_why_panel_expand_requested(self, _message: WhyPanel.ExpandRequested) -> None:
        if self.check_action("why_all", ()):
            self.action_why_all()

    # -- showing ---------------------------------------------------------------------------
    def watch_phase(self, _old: str, _new: str) -> None:
        if self.is_mounted:
            self._show_phase()

    def _show_phase(self) -> None:
        with self.app.batch_update():
            self._show_phase_now()

    def _expect_height(self, shown: EventCard | WhyPanel) -> CardScroll:
        """Tell the column the height of what it shows now, before the layout.

        The one layout of the batch then places the scrollbar, and the key bar offers PgDn
        in the same frame (see CardScroll).
        """
        scroll = self.query_one("#card-scroll", CardScroll)
        scroll.expect_content_height(len(shown.lines(scroll.content_width())))
        return scroll

    def _show_phase_now(self) -> None:
        card = self.query_one(EventCard)
        why = self.query_one(WhyPanel)
        outcome = self.phase == "outcome"
        card.display = not outcome
        why.display = outcome
        if outcome:
            why.show(self.record)
        else:
            card.show()
        scroll = self._expect_height(why if outcome else card)
        if self.focused is None:
            scroll.focus()
        scroll.scroll_home(animate=False)
        self.relabel()
        self.refresh_bindings()
        self._later_more()
