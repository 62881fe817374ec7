"""The event of this half-year: its title, what happens, and the numbered choices.

One widget of text (no widget per choice): a turn then costs one layout pass. A click on
a choice picks it, as pressing its number does; the choice under the mouse is lit.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.events import Click, Leave, MouseMove
from textual.message import Message

from .format import good, hint_signs, mark
from .wrapped_text import Block, Para, WrappedText


class EventCard(WrappedText):
    """Shows ``app.game.event`` and its choices, with hints when they are on."""

    class Picked(Message):
        """The player clicked choice ``index`` (0-based)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._choice_of_block: dict[int, int] = {}
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.watch(self.app, "lang", lambda _: self.show(), init=False)
        self.watch(self.app, "hints", lambda _: self.show(), init=False)
        self.show()

    def show(self) -> None:
        app: Any = self.app
        game = getattr(app, "game", None)
        if game is None:
            self.set_blocks([])
            return
        ev = game.event
        blocks: list[Block] = []
        self._choice_of_block = {}
        if ev is None:
            blocks.append(Para(Content.styled(app.t("game.no_event.title"), "bold $accent")))
            blocks.append(Para(Content("")))
            blocks.append(Para(Content(app.t("game.no_event.text"))))
            self.set_blocks(blocks)
            return
        blocks.append(Para(Content.styled(app.text(ev.title), "bold $accent")))
        blocks.append(Para(Content("")))
        blocks.append(Para(Content(app.text(ev.text))))
        blocks.append(Para(Content("")))
        opens = game.open_choices()
        ids = game.model.meter_ids
        labels = {m.id: app.text(m.label) for m in game.model.meters}
        for i, ch in enumerate(ev.choices):
            is_open = bool(opens[i]) if i < len(opens) else True
            lit = i == self._hover and is_open
            number = Content.styled(f"{i + 1} ", "bold $accent" if is_open else "$text-muted")
            if is_open:
                body = Content.styled(app.text(ch.label), "bold reverse" if lit else "")
            else:
                body = Content.assemble(
                    (app.text(ch.label), "$text-muted"),
                    (f" ({app.t('game.choice_closed')})", "italic $text-muted"),
                )
            self._choice_of_block[len(blocks)] = i
            blocks.append(Para(body, number))
            if app.hints:
                hint = _hint(hint_signs(ch, game, ids), labels) or Content.styled(
                    app.t("hint.none"), "$text-muted"
                )
                self._choice_of_block[len(blocks)] = i
                blocks.append(Para(hint, Content("  ")))
        if app.hints:
            blocks.append(Para(Content("")))
            blocks.append(Para(Content.styled(app.t("hint.legend"), "italic $text-muted")))
        self.set_blocks(blocks)

    def _choice_at(self, y: int) -> int | None:
        block = self.block_at(y)
        return None if block is None else self._choice_of_block.get(block)

    def on_click(self, event: Click) -> None:
        index = self._choice_at(event.y)
        if index is not None:
            event.stop()
            self.post_message(self.Picked(index))

    def on_mouse_move(self, event: MouseMove) -> None:
        index = self._choice_at(event.y)
        if index != self._hover:
            self._hover = index
            self.show()

    def on_leave(self, _event: Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.show()


def _hint(signs: list[tuple[str, str]], labels: dict[str, str]) -> Content | None:
    if not signs:
        return None
    parts: list[Any] = []
    for k, (meter, sign) in enumerate(signs):
        if k:
            parts.append("  ")
        arrow = {"+": "↑", "-": "↓"}.get(sign, "~")
        style = (
            "$text-muted"
            if sign == "~"
            else ("$success" if good(meter, 1 if sign == "+" else -1) else "$error")
        )
        parts.append((f"{labels.get(meter, meter)} ", "$text-muted"))
        if sign != "~":  # good or bad also by shape, not by colour alone
            arrow += mark(meter, 1 if sign == "+" else -1)
        parts.append((arrow, f"bold {style}"))
    return Content.assemble(*parts)
