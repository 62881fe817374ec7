"""Save the game under a name (autosave happens anyway after every turn)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from .key_bar import KeyBar
from .screen_base import KModal


class SaveScreen(KModal[None]):
    """Asks for a name; Enter saves, Escape goes back."""

    AUTO_FOCUS = "#save-name"
    BINDINGS = [
        Binding("escape", "close", "close", id="close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="save-dialog"):
            yield Static(id="save-title", classes="dialog-title")
            yield Static(id="save-label", classes="field-label")
            yield Input(id="save-name", max_length=60)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self.kapp.cursor_blink
        self.relabel()

    def relabel(self) -> None:
        app = self.kapp
        self.query_one("#save-title", Static).update(app.t("save.title"))
        self.query_one("#save-label", Static).update(app.t("save.label"))
        self.query_one(Input).placeholder = app.t("save.placeholder")

    @on(Input.Submitted, "#save-name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if not name:
            return
        self.dismiss(None)
        self.app.run_worker(self.kapp.save_as(name), group="save-as")

    def action_close(self) -> None:
        self.dismiss(None)
