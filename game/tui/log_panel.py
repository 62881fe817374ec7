"""The last few turns, newest first: when, what happened, what you chose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from .state_widget import StateWidget
from .wording import Wording

if TYPE_CHECKING:
    from game.engine import Game, TurnRecord


def log_line(
    words: Wording,
    game: Game,
    record: TurnRecord,
    width: int | None = None,
    choice_too: bool = True,
) -> Content:
    """One turn of ``game``'s log: ``nj 2012 Title: choice``, cut to ``width``."""
    when = words.t("log.when", season=words.t(f"season.short.{record.season}"), year=record.year)
    title = choice = ""
    if record.event is not None:
        ev = game.model.events[game.model.event_index(record.event)]
        title = words.text(ev.title)
        if record.choice is not None and choice_too:
            choice = words.text(ev.choices[record.choice].label)
    body = f"{title}: {choice}" if choice else title
    if width is not None and len(when) + 1 + len(body) > width:
        body = body[: max(0, width - len(when) - 2)] + "…"
    return Content.assemble((when, "$text-muted"), " ", body)


class LogPanel(StateWidget):
    """A short log under the meters; the full log is one key away (l)."""

    def state_key(self) -> object:
        return (self.game_key(), self.size)

    def render(self) -> Content:
        self.drawn()
        words, game = self.wording, self.game
        lines = [Content.styled(words.t("game.log"), "bold $accent")]
        rows = max(0, self.size.height - 1)
        if not game.records:
            lines.append(Content.styled(words.t("game.log_empty"), "$text-muted"))
        for record in list(reversed(game.records))[:rows]:
            lines.append(log_line(words, game, record, self.size.width, choice_too=False))
        return Content("\n").join(lines)
