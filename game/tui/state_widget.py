"""StateWidget: a widget that draws part of the game's state and repaints only when it changed.

Each repaint of a widget makes the compositor render its region again. After Enter the
meters and the log show what they showed before; asking them to repaint anyway costs a
frame's worth of work for an identical picture.

Its screen hands it the game (at construction) and the wording (a reactive attribute, set
again on a language switch): the widget never asks the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.reactive import reactive
from textual.widget import Widget

from .wording import NO_WORDING, Wording

if TYPE_CHECKING:
    from game.engine import Game


class StateWidget(Widget):
    """Subclasses say what their picture depends on (:meth:`state_key`)."""

    # Set by the screen; a new wording (another language) draws the widget again.
    wording: reactive[Wording] = reactive(NO_WORDING, repaint=False)

    def __init__(self, game: Game, wording: Wording, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.game = game
        self._drawn: object = None
        self.set_reactive(StateWidget.wording, wording)

    def watch_wording(self) -> None:
        self.refresh()

    def state_key(self) -> object:
        """Everything the picture depends on; equal keys mean an equal picture (override)."""
        return None

    def game_key(self) -> tuple[object, ...]:
        """What every state widget depends on: which game, how far, the wording."""
        game = self.game
        return (id(game), len(game.records), game.turn, game.finished, self.wording)

    def refresh_state(self) -> None:
        """Repaint if the state shown changed since the last render."""
        if self.state_key() != self._drawn:
            self.refresh()

    def drawn(self) -> None:
        """Called by render: remember the state this picture shows."""
        self._drawn = self.state_key()
