"""The event of this half-year: its title, what happens, and the numbered choices.

One widget of text (no widget per choice): a turn then costs one layout pass. A click on
a choice picks it, as pressing its number does; the choice under the mouse is lit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content, ContentType
from textual.events import Click, Leave, MouseMove
from textual.message import Message
from textual.reactive import reactive

from .format import good, hint_signs, mark
from .wording import NO_WORDING, Wording
from .wrapped_text import Block, Para, WrappedText

if TYPE_CHECKING:
    from game.engine import Game


class EventCard(WrappedText):
    """Shows the game's event and its choices, with hints when they are on.

    The screen hands it the game, the wording and whether hints are shown; a click on a
    choice goes back up as :class:`Picked`.
    """

    class Picked(Message):
        """The player clicked choice ``index`` (0-based)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    # Set by the screen; a change shows the card again.
    wording: reactive[Wording] = reactive(NO_WORDING, repaint=False)
    hints: reactive[bool] = reactive(False, repaint=False)

    def __init__(self, game: Game, wording: Wording, hints: bool, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.game = game
        self.set_reactive(EventCard.wording, wording)
        self.set_reactive(EventCard.hints, hints)
        self._choice_of_block: dict[int, int] = {}
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.show()

    def watch_wording(self) -> None:
        self.show()

    def watch_hints(self) -> None:
        self.show()

    def show(self) -> None:
        """Show the game's event as it is now."""
        words, game = self.wording, self.game
        ev = game.event
        blocks: list[Block] = []
        self._choice_of_block = {}
        if ev is None:
            blocks.append(Para(Content.styled(words.t("game.no_event.title"), "bold $accent")))
            blocks.append(Para(Content("")))
            blocks.append(Para(Content(words.t("game.no_event.text"))))
            self.set_blocks(blocks)
            return
        blocks.append(Para(Content.styled(words.text(ev.title), "bold $accent")))
        blocks.append(Para(Content("")))
        blocks.append(Para(Content(words.text(ev.text))))
        blocks.append(Para(Content("")))
        opens = game.open_choices()
        ids = game.model.meter_ids
        labels = {m.id: words.text(m.label) for m in game.model.meters}
        for i, ch in enumerate(ev.choices):
            is_open = bool(opens[i]) if i < len(opens) else True
            lit = i == self._hover and is_open
            number = Content.styled(f"{i + 1} ", "bold $accent" if is_open else "$text-muted")
            if is_open:
                body = Content.styled(words.text(ch.label), "bold reverse" if lit else "")
            else:
                body = Content.assemble(
                    (words.text(ch.label), "$text-muted"),
                    (f" ({words.t('game.choice_closed')})", "italic $text-muted"),
                )
            self._choice_of_block[len(blocks)] = i
            blocks.append(Para(body, number))
            if self.hints:
                hint = _hint(hint_signs(ch, game, ids), labels) or Content.styled(
                    words.t("hint.none"), "$text-muted"
                )
                self._choice_of_block[len(blocks)] = i
                blocks.append(Para(hint, Content("  ")))
        if self.hints:
            blocks.append(Para(Content("")))
            blocks.append(Para(Content.styled(words.t("hint.legend"), "italic $text-muted")))
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
    parts: list[ContentType | tuple[str, str]] = []
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
