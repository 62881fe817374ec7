""" "What if", from the debrief: one past turn played differently, the two decades compared.

Three steps in one dialog: type the turn (the turns are listed below the field), pick
another answer (1-4), read the comparison. ``game.classroom.whatif.diverge`` does the playing; the
rest of the decade keeps the player's own choices where they still apply.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from .key_bar import KeyBar
from .screen_base import KModal, choice_keys
from .wording import Wording
from .wrapped_text import Block, Para, WrappedText

if TYPE_CHECKING:
    from game.classroom.whatif import Divergence
    from game.engine import Game, TurnRecord
    from game.engine.model import Model

TURN, CHOOSING, WORKING, COMPARE = "turn", "choose", "working", "compare"


def _game_before(model: Model, game: Game, turn: int) -> Game:
    """The game as it stood at the start of ``turn`` (0-based), replayed."""
    return game.replay_until(turn)


class WhatIfScreen(KModal[None]):
    """Turn, other choice, comparison; Backspace goes back a step, Escape closes."""

    AUTO_FOCUS = "#whatif-turn"
    BINDINGS = [
        *choice_keys("pick"),
        Binding("backspace", "back", "other turn", id="whatif-back"),
        Binding("escape", "close", "close", id="close"),
        Binding("pagedown", "more", "more", key_display="PgDn", priority=True, id="more"),
        Binding("pageup", "less", "less", key_display="PgUp", show=False, priority=True, id="less"),
    ]

    def __init__(self, model: Model, game: Game) -> None:
        super().__init__()
        self.model = model
        self.game = game  # the finished game, played again from one turn
        self.step = TURN
        self.turn = 0  # 0-based, once chosen
        self.opens: list[bool] = []
        self.result: Divergence | None = None
        self.message = ""
        self._changed_block = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="whatif-dialog"):
            yield Static(id="whatif-title", classes="dialog-title")
            yield Static(id="whatif-label")
            yield Input(id="whatif-turn", type="integer", max_length=3)
            yield Static(id="whatif-message")
            with VerticalScroll(id="whatif-body"):
                yield WrappedText(id="whatif-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self.kapp.cursor_blink
        self.relabel()

    # -- keys ----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return self.step == CHOOSING and int(parameters[0]) < len(self.opens)  # type: ignore[call-overload]
        if action == "back":
            return self.step in (CHOOSING, COMPARE)
        return True

    @on(Input.Submitted, "#whatif-turn")
    def _turn_typed(self, event: Input.Submitted) -> None:
        game = self.game
        if self.step != TURN:
            return
        n = len(game.records)
        try:
            turn = int(event.value.strip())
        except ValueError:
            turn = 0
        if not 1 <= turn <= n:
            self._say(self.kapp.t("whatif.bad_turn", n=n))
            return
        if game.records[turn - 1].event is None:
            self._say(self.kapp.t("whatif.quiet_turn", turn=turn))
            return
        self.run_worker(self._open_turn(turn - 1), group="whatif", exclusive=True)

    async def _open_turn(self, turn: int) -> None:
        game, model = self.game, self.model
        before = await asyncio.to_thread(_game_before, model, game, turn)
        opens = before.open_choices()
        taken = game.choices[turn]
        if not any(ok for i, ok in enumerate(opens) if i != taken):
            self._say(self.kapp.t("whatif.no_other", turn=turn + 1))
            return
        self.turn, self.opens, self.message = turn, opens, ""
        self._go(CHOOSING)

    def action_pick(self, index: int) -> None:
        if self.step != CHOOSING or not 0 <= index < len(self.opens):
            return
        if index == self.game.choices[self.turn]:
            self._say(self.kapp.t("whatif.already"))
            return
        if not self.opens[index]:
            self._say(self.kapp.t("whatif.closed"))
            return
        self.message = ""
        self._go(WORKING)
        self.run_worker(self._diverge(index), group="whatif", exclusive=True)

    async def _diverge(self, index: int) -> None:
        from game.classroom import whatif

        try:
            self.result = await asyncio.to_thread(
                whatif.diverge, self.model, self.game, self.turn, index
            )
        except ValueError as exc:
            self.message = self.kapp.t("whatif.failed", error=exc)
            self._go(CHOOSING)
            return
        self._go(COMPARE)

    def action_back(self) -> None:
        if self.step in (CHOOSING, COMPARE):
            self.message = ""
            self.result = None
            self._go(TURN)

    def action_more(self) -> None:
        self.query_one("#whatif-body", VerticalScroll).scroll_page_down(animate=False)

    def action_less(self) -> None:
        self.query_one("#whatif-body", VerticalScroll).scroll_page_up(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    # -- showing -------------------------------------------------------------------------------
    def _say(self, message: str) -> None:
        self.message = message
        self.relabel()

    def _go(self, step: str) -> None:
        self.step = step
        self.relabel()
        field = self.query_one(Input)
        body = self.query_one("#whatif-body", VerticalScroll)
        if step == TURN:
            field.focus()
        else:
            body.focus()
        body.scroll_home(animate=False)
        if step == COMPARE:
            self.call_after_refresh(self._scroll_to_change)
        self.refresh_bindings()

    def _scroll_to_change(self) -> None:
        # The turn before the change first: the two decades part from there.
        text = self.query_one("#whatif-text", WrappedText)
        line = text.line_of(max(0, self._changed_block - 1))
        if line:
            self.query_one("#whatif-body", VerticalScroll).scroll_to(y=line, animate=False)

    def relabel(self) -> None:
        words = self.kapp.wording
        t = words.t
        game = self.game
        title = t("whatif.title")
        if self.step in (WORKING, COMPARE):
            title = f"{title}: {t('whatif.changed_turn', turn=self.turn + 1)}"
        self.query_one("#whatif-title", Static).update(title)
        label = self.query_one("#whatif-label", Static)
        field = self.query_one(Input)
        field.display = self.step == TURN
        if self.step == TURN:
            n = len(game.records)
            label.update(Content.styled(t("whatif.turn_label", n=n), "bold"))
            field.placeholder = t("whatif.turn_placeholder", example=min(n, 9))
        elif self.step == COMPARE:
            label.update(
                Content.styled(
                    t("whatif.legend", a=t("whatif.original"), b=t("whatif.alternative")),
                    "$text-muted",
                )
            )
        label.display = self.step in (TURN, COMPARE)
        message = self.query_one("#whatif-message", Static)
        message.update(Content.styled(self.message, "bold $error"))
        message.display = bool(self.message)
        blocks = getattr(self, f"_{self.step}_blocks")(words, game)
        self.query_one("#whatif-text", WrappedText).set_blocks(blocks)

    def _when(self, words: Wording, record: TurnRecord) -> str:
        return f"{words.t(f'season.short.{record.season}')} {record.year}"

    def _line(self, words: Wording, record: TurnRecord | None) -> str:
        """``Event title: the choice`` of a turn (the quiet half-year's title when none)."""
        if record is None:
            return "–"
        if record.event is None:
            return words.t("report.quiet_turn")
        return f"{self._title(words, record)}: {self._choice(words, record)}"

    def _title(self, words: Wording, record: TurnRecord) -> str:
        """The title of a turn's event (a turn with an event)."""
        assert record.event is not None
        return words.text(self.model.events[self.model.event_index(record.event)].title)

    def _choice(self, words: Wording, record: TurnRecord) -> str:
        """The label of the choice made in a turn with an event (it always has one)."""
        assert record.event is not None and record.choice is not None
        ev = self.model.events[self.model.event_index(record.event)]
        return words.text(ev.choices[record.choice].label)

    def _turn_blocks(self, words: Wording, game: Game) -> list[Block]:
        blocks: list[Block] = []
        for i, record in enumerate(game.records):
            prefix = Content.assemble(
                (f"{i + 1:>2} ", "bold $accent"), (f"{self._when(words, record)}  ", "$text-muted")
            )
            if record.event is None:
                body = Content.styled(words.t("report.quiet_turn"), "$text-muted")
            else:
                body = Content.assemble(
                    (self._title(words, record), "bold"),
                    (" · " + self._choice(words, record), "$text-muted"),
                )
            blocks.append(Para(body, prefix))
        return blocks

    def _choose_blocks(self, words: Wording, game: Game) -> list[Block]:
        t = words.t
        record = game.records[self.turn]
        assert record.event is not None  # a quiet turn cannot be chosen (_turn_typed)
        ev = self.model.events[self.model.event_index(record.event)]
        taken = game.choices[self.turn]
        head = t(
            "whatif.turn_head", turn=self.turn + 1, when=words.season_year(record.year, record.season)
        )
        blocks: list[Block] = [
            Para(Content.styled(head, "$text-muted")),
            Para(Content.styled(words.text(ev.title), "bold $accent")),
            Para(Content(words.text(ev.text))),
            Para(Content("")),
        ]
        others: list[str] = []
        for i, ch in enumerate(ev.choices):
            is_open = i < len(self.opens) and self.opens[i]
            number = Content.styled(f"{i + 1} ", "bold $accent" if is_open else "$text-muted")
            if i == taken:
                body = Content.assemble(
                    (words.text(ch.label), "bold"), (f"  {t('whatif.your_choice')}", "italic")
                )
            elif is_open:
                body = Content(words.text(ch.label))
                others.append(str(i + 1))
            else:
                body = Content.assemble(
                    (words.text(ch.label), "$text-muted"),
                    (f" ({t('game.choice_closed')})", "italic $text-muted"),
                )
            blocks.append(Para(body, number))
        blocks.append(Para(Content("")))
        blocks.append(Para(Content.styled(t("whatif.pick", keys=", ".join(others)), "$text-muted")))
        return blocks

    def _working_blocks(self, words: Wording, game: Game) -> list[Block]:
        return [Para(Content.styled(words.t("whatif.working"), "$text-muted"))]

    def _compare_blocks(self, words: Wording, game: Game) -> list[Block]:
        t = words.t
        alt = self.result.game if self.result is not None else None
        if alt is None:
            return []
        a_records, b_records = game.records, alt.records
        blocks: list[Block] = []
        self._changed_block = 0
        width = max(len(self._when(words, r)) for r in (*a_records, *b_records))
        for i in range(max(len(a_records), len(b_records))):
            a = a_records[i] if i < len(a_records) else None
            b = b_records[i] if i < len(b_records) else None
            rec = a if a is not None else b
            assert rec is not None  # i is below the longer of the two
            mark = ">" if i == self.turn else " "
            when = f"{mark}{self._when(words, rec):<{width}} "
            line_a, line_b = self._line(words, a), self._line(words, b)
            if i == self.turn:
                self._changed_block = len(blocks)
            if line_a == line_b:
                blocks.append(
                    Para(
                        Content.styled(line_a, "$text-muted"),
                        Content.assemble(when, ("A=B ", "$text-muted")),
                    )
                )
            else:
                blocks.append(Para(Content(line_a), Content.assemble(when, ("A   ", "bold"))))
                blocks.append(
                    Para(
                        Content.styled(line_b, "bold"),
                        Content.assemble(" " * len(when), ("B   ", "bold")),
                    )
                )
        blocks.append(Para(Content("")))
        for name, g in (("A", game), ("B", alt)):
            ending = words.text(g.ending.title) if g.ending else "–"
            blocks.append(
                Para(
                    Content.assemble((f"{t('report.ending')}: ", "$text-muted"), (ending, "bold")),
                    Content(f"{name}  "),
                )
            )
        blocks.append(Para(Content("")))
        meters = self.model.meters
        labels = [words.text(m.label) for m in meters]
        width = min(max(len(s) for s in labels), 20)
        ma, mb = game.meters(), alt.meters()
        blocks.append(Para(Content.styled(t("whatif.meters"), "bold $accent")))
        header = f"{'':<{width}}  {'A':>4} {'B':>4}  {t('whatif.difference'):>4}"
        blocks.append(Para(Content.styled(header, "bold")))
        for m, label in zip(meters, labels, strict=True):
            va, vb = round(ma[m.id]), round(mb[m.id])  # the difference of the numbers shown
            diff = f"{vb - va:+4d}".replace("-", "−") if vb != va else f"{'0':>4}"
            blocks.append(
                Para(
                    Content.assemble(
                        f"{label[:width]:<{width}}  {va:4d} {vb:4d}  ",
                        (diff, "bold" if vb != va else "$text-muted"),
                    )
                )
            )
        return blocks
