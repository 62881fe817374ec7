"""Pick the language: ``(•) Nederlands  ( ) English`` — readable without colour."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from .strings import LANGS


class LangToggle(Widget, can_focus=True):
    """Left/right or space switch the language; a click on a name picks it."""

    DEFAULT_CSS = """
    LangToggle {
        height: 1;
        width: auto;
    }
    """

    BINDINGS = [
        Binding("left,right,space", "switch", "switch", show=False, id="switch-language"),
    ]

    value: reactive[str] = reactive("nl")

    class Changed(Message):
        def __init__(self, toggle: LangToggle, value: str) -> None:
            super().__init__()
            self.toggle = toggle
            self.value = value

        @property
        def control(self) -> LangToggle:
            return self.toggle

    def render(self) -> Content:
        app = self.app
        parts: list[Content | str | tuple[str, str]] = []
        for i, lang in enumerate(LANGS):
            if i:
                parts.append("   ")
            on = lang == self.value
            parts.append(("(•) " if on else "( ) ", "bold $accent" if on else ""))
            parts.append((app.t(f"lang.{lang}"), "bold" if on else ""))  # type: ignore[attr-defined]
        return Content.assemble(*parts)

    def action_switch(self) -> None:
        self.value = LANGS[(LANGS.index(self.value) + 1) % len(LANGS)]

    def on_click(self, event) -> None:  # type: ignore[no-untyped-def]
        # "( ) Nederlands   ( ) English": each name's part ends one cell into the gap after it.
        end = 0
        for lang in LANGS:
            end += len("( ) ") + len(self.app.t(f"lang.{lang}")) + 1  # type: ignore[attr-defined]
            if event.x < end or lang == LANGS[-1]:
                self.value = lang
                return
            end += len("   ") - 1

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))
