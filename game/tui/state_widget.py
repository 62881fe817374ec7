"""StateWidget: a widget that draws part of the game's state and repaints only when it changed.

Each repaint of a widget makes the compositor render its region again. After Enter the
meters and the log show what they showed before; asking them to repaint anyway costs a
frame's worth of work for an identical picture.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget


class StateWidget(Widget):
    """Subclasses say what their picture depends on (:meth:`state_key`)."""

    _drawn: Any = None

    def state_key(self) -> Any:
        """Everything the picture depends on; equal keys mean an equal picture (override)."""
        return None

    def refresh_state(self) -> None:
        """Repaint if the state shown changed since the last render."""
        if self.state_key() != self._drawn:
            self.refresh()

    def drawn(self) -> None:
        """Called by render: remember the state this picture shows."""
        self._drawn = self.state_key()


def game_key(app: Any) -> tuple[Any, ...]:
    """The parts of the game every state widget depends on: which game, how far, the language."""
    game = getattr(app, "game", None)
    if game is None:
        return (None, app.lang)
    return (id(game), len(game.records), game.turn, game.finished, app.lang)
