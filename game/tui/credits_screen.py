"""Credits: the research the game is built on, and the game itself."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from .key_bar import KeyBar
from .screen_base import KModal


class CreditsScreen(KModal):
    """A dialog; Escape closes it."""

    AUTO_FOCUS = "#credits-body"
    BINDINGS = [
        Binding("escape,q,enter,i", "close", "close", id="close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="credits-dialog"):
            yield Static(id="credits-title", classes="dialog-title")
            with VerticalScroll(id="credits-body"):
                yield Static(id="credits-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        app = self.kapp
        self.query_one("#credits-title", Static).update(app.t("credits.title"))
        self.query_one("#credits-text", Static).update(app.t("credits.text"))

    def action_close(self) -> None:
        self.dismiss()
