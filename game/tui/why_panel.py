"""After a choice: what happened, and why each meter moved — the choice and the arrows of Schema 1."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive

from game.classroom import debrief
from game.classroom.explain import Words

from .format import essay_lines, good, mark, number
from .wording import NO_WORDING, Wording
from .wrapped_text import Block, Pack, Para, WrappedText

if TYPE_CHECKING:
    from game.engine import Game, TurnRecord
    from game.engine.model import Model, Rule

BULLET = Content.styled("• ", "$accent")
INDENT = Content("  ")


def delta_pieces(words: Wording, model: Model, deltas: Mapping[str, float]) -> list[Content]:
    """``Energie −4``, ``Steun thuis −2``…: good news and bad news told apart, never split."""
    labels = {m.id: words.text(m.label) for m in model.meters}
    return [
        Content.assemble(
            labels.get(meter, meter) + " ",
            (
                number(d, words.lang, signed=True) + " " + mark(meter, d),  # not by colour alone
                "bold $success" if good(meter, d) else "bold $error",
            ),
        )
        for meter, d in deltas.items()
    ]


def why_blocks(
    words: Wording,
    game: Game,
    record: TurnRecord,
    expanded: bool = False,
    marks: dict[str, int] | None = None,
) -> list[Block]:
    """The outcome and the why-trace of one turn of ``game``, as blocks for a WrappedText.

    Folded (the default): the choice and the causes that moved a meter by 2 or more, at most
    four, and one line for the rest. ``expanded`` lists every cause. ``marks`` gets the
    index of the line for the rest (``"rest"``), when there is one.
    """
    model = game.model
    t = words.t
    blocks: list[Block] = []
    if record.event is not None:
        ev = model.events[model.event_index(record.event)]
        ch = ev.choices[record.choice] if record.choice is not None else None
        blocks.append(
            Para(
                Content.assemble(
                    (words.text(ev.title), "bold $accent"),
                    ("  " + words.season_year(record.year, record.season), "$text-muted"),
                )
            )
        )
        if ch is not None:
            blocks.append(
                Para(
                    Content.assemble(
                        (t("why.you_chose") + " ", "$text-muted"), (words.text(ch.label), "bold")
                    )
                )
            )
            blocks.append(Para(Content.styled(words.text(ch.outcome), "italic")))
    blocks.append(Para(Content("")))
    blocks.append(Para(Content.styled(t("why.heading"), "bold $accent")))
    rules = {r.id: r for r in model.rules}
    # The causes that matter first; the small drifts folded into one line unless expanded.
    folded = debrief.fold(record, model.meter_ids)
    for change in folded.shown + (folded.rest if expanded else ()):
        deltas = dict(change.moved)
        blocks.append(Para(Content(cause(words, change, rules)), BULLET))
        pieces = (
            delta_pieces(words, model, deltas)
            if deltas
            else [Content.styled(t("why.nothing_moved"), "$text-muted")]
        )
        ref = essay_lines(change.source)
        if ref:
            pieces.append(Content.styled(t("why.essay", lines=ref), "$text-muted"))
        blocks.append(Pack(pieces, INDENT))
    rest = Words(model, words.lang).folded_line(folded)
    if rest is not None and not expanded:
        if marks is not None:
            marks["rest"] = len(blocks)
        blocks.append(Para(Content.styled(f"{rest} {t('explain.key_hint')}", "$text-muted"), INDENT))
    blocks.append(Para(Content("")))
    blocks.append(
        Para(Content.styled(t("why.next_debrief" if game.finished else "why.next"), "bold $accent"))
    )
    return blocks


def cause(words: Wording, change: debrief.Cause, rules: Mapping[str, Rule]) -> str:
    """A cause in words: the choice, an arrow of Schema 1, or the part of the schema a drift belongs to."""
    t = words.t
    if change.kind == "choice":
        return t("why.your_choice")
    explain = words.text(change.explain)
    if change.arrow is not None:
        word = t("why.arrow", n=change.arrow)
        return explain if explain.lower().startswith(word.lower()) else f"{word}: {explain}"
    rule = rules.get(change.id)
    part = rule.part if rule is not None else ""
    if part and words.has(f"part.{part}"):
        return f"{t(f'part.{part}')}: {explain}"
    return explain


class WhyPanel(WrappedText):
    """The outcome of the last choice and the why-trace, largest cause first.

    The screen hands it the game and the wording, and says which turn to show
    (:meth:`show`) and whether every cause is listed (:attr:`expanded`).
    """

    class ExpandRequested(Message):
        """The player clicked the line of the causes folded away (as pressing ``a``)."""

    # Set by the screen; a change shows the why again.
    wording: reactive[Wording] = reactive(NO_WORDING, repaint=False)
    expanded: reactive[bool] = reactive(False, repaint=False)

    def __init__(self, game: Game, wording: Wording, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.game = game
        self.record: TurnRecord | None = None
        self._rest_block: int | None = None  # the block of the folded causes' line
        self.set_reactive(WhyPanel.wording, wording)

    def watch_wording(self) -> None:
        self.show()

    def watch_expanded(self) -> None:
        self.show()

    def show(self, record: TurnRecord | None = None) -> None:
        """Show ``record`` (a new turn starts folded), or the turn shown before."""
        if record is not None:
            if record is not self.record:
                self.set_reactive(WhyPanel.expanded, False)
            self.record = record
        marks: dict[str, int] = {}
        if self.record is None:
            self.set_blocks([])
        else:
            self.set_blocks(why_blocks(self.wording, self.game, self.record, self.expanded, marks))
        self._rest_block = marks.get("rest")

    def on_click(self, event: Click) -> None:
        block = self.block_at(event.y)
        if block is not None and block == self._rest_block:
            event.stop()
            self.post_message(self.ExpandRequested())

    def can_expand(self) -> bool:
        """Whether some causes are folded away now."""
        if self.record is None or self.expanded:
            return False
        return bool(debrief.fold(self.record, self.game.model.meter_ids).rest)
