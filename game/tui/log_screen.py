"""The full log of the game so far: every half-year, what you chose, and how the meters moved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.classroom import debrief
from game.classroom.explain import Words

from .format import net_change
from .key_bar import KeyBar
from .log_panel import log_line
from .screen_base import KModal
from .why_panel import BULLET, INDENT, delta_pieces
from .wrapped_text import Block, Pack, Para, WrappedText

if TYPE_CHECKING:
    from game.engine import Game


class LogScreen(KModal):
    """A dialog listing past turns, oldest first; Escape closes it."""

    AUTO_FOCUS = "#log-body"
    BINDINGS = [
        Binding("escape,l,q,enter", "close", "close", id="close"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="log-dialog"):
            yield Static(id="log-title", classes="dialog-title")
            with VerticalScroll(id="log-body"):
                yield WrappedText(id="log-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#log-body", VerticalScroll).scroll_end(animate=False)

    def relabel(self) -> None:
        wording, game = self.kapp.wording, self.game
        self.query_one("#log-title", Static).update(wording.t("log.title"))
        blocks: list[Block] = []
        if not game.records:
            blocks.append(Para(Content.styled(wording.t("game.log_empty"), "$text-muted")))
        else:
            words = Words(game.model, wording.lang)
            for record in game.records:
                blocks.append(Para(log_line(wording, game, record), BULLET))
                change = net_change(record)
                if change:
                    blocks.append(Pack(delta_pieces(wording, game.model, change), INDENT))
                # The full why-trace stays here (the why panel folds the small causes).
                folded = debrief.fold(record, game.model.meter_ids)
                for c in folded.shown + folded.rest:
                    moved = words.moved(c.moved) or words.t("explain.nothing")
                    line = words.t("explain.cause", cause=words.cause(c), moved=moved)
                    blocks.append(Para(Content.styled(line, "$text-muted"), INDENT + INDENT))
        self.query_one("#log-text", WrappedText).set_blocks(blocks)

    def action_close(self) -> None:
        self.dismiss()
