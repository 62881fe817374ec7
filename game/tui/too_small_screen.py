"""Shown instead of the game while the terminal is smaller than the cards need (80x24)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.widgets import Static

from .app import MIN_HEIGHT, MIN_WIDTH
from .screen_base import KModal

MIN_SIZE = (MIN_WIDTH, MIN_HEIGHT)


class TooSmallScreen(KModal[None]):
    """One sentence, centred: a clipped event card with its choices off screen helps nobody.

    The app pushes it when the window shrinks below MIN_SIZE and pops it when it grows.
    """

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen #too-small { width: 100%; content-align: center middle; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.relabel()

    def on_resize(self, event: Resize) -> None:
        self.relabel(event.size)

    def relabel(self, size: Size | None = None) -> None:
        size = size or self.app.size
        text = self.kapp.t("small.message", width=size.width, height=size.height)
        self.query_one("#too-small", Static).update(Content(text))
