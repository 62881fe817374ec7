"""The last few turns, newest first: when, what happened, what you chose."""

from __future__ import annotations

from textual.content import Content

from .state_widget import StateWidget, game_key


def log_line(app, record, width: int | None = None, choice_too: bool = True) -> Content:  # type: ignore[no-untyped-def]
    """One turn of the log: ``nj 2012 Title: choice``, cut to ``width``."""
    game = app.game
    when = app.t("log.when", season=app.t(f"season.short.{record.season}"), year=record.year)
    title = choice = ""
    if record.event is not None:
        ev = game.model.events[game.model.event_index(record.event)]
        title = app.text(ev.title)
        if record.choice is not None and choice_too:
            choice = app.text(ev.choices[record.choice].label)
    body = f"{title}: {choice}" if choice else title
    if width is not None and len(when) + 1 + len(body) > width:
        body = body[: max(0, width - len(when) - 2)] + "…"
    return Content.assemble((when, "$text-muted"), " ", body)


class LogPanel(StateWidget):
    """A short log under the meters; the full log is one key away (l)."""

    def on_mount(self) -> None:
        self.watch(self.app, "lang", lambda _: self.refresh(), init=False)

    def state_key(self) -> object:
        return (game_key(self.app), self.size)

    def render(self) -> Content:
        self.drawn()
        app = self.app
        game = getattr(app, "game", None)
        if game is None:
            return Content("")
        lines = [Content.styled(app.t("game.log"), "bold $accent")]
        rows = max(0, self.size.height - 1)
        if not game.records:
            lines.append(Content.styled(app.t("game.log_empty"), "$text-muted"))
        for record in list(reversed(game.records))[:rows]:
            lines.append(log_line(app, record, self.size.width, choice_too=False))
        return Content("\n").join(lines)
