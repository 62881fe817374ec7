"""The decade as one line: 2010 ━━━━◆┄┄┄┄ 2020, with the current half-year named."""

from __future__ import annotations

from textual.content import Content

from .state_widget import StateWidget


class Timeline(StateWidget):
    """Where in the decade the game is: played half-years, now, and what is still to come.

    While a turn's outcome is shown, ``focus_turn`` keeps the timeline on that turn.
    """

    focus_turn: int | None = None

    def state_key(self) -> object:
        return (self.game_key(), self.focus_turn, self.size.width)

    def render(self) -> Content:
        self.drawn()
        words, game = self.wording, self.game
        from game.engine import time_of

        sc = game.scenario
        turns = sc.turns
        done = game.finished and self.focus_turn is None
        now = min(game.turn if self.focus_turn is None else self.focus_turn, turns - 1)
        year, season = time_of(sc, now)
        first_year, _ = time_of(sc, 0)
        last_year, _ = time_of(sc, turns - 1)
        label = words.t("game.turn", when=words.season_year(year, season), n=now + 1, total=turns)
        if done:
            label = words.t("game.decade_over")
            past, cur, future = "━" * turns, "", ""
        else:
            past, cur, future = "━" * now, "◆", "┄" * (turns - now - 1)
        return Content.assemble(
            (label, "bold"),
            "  ",
            (str(first_year), "$text-muted"),
            " ",
            (past, "$primary"),
            (cur, "bold $accent"),
            (future, "$text-muted"),
            " ",
            (str(last_year), "$text-muted"),
        )
