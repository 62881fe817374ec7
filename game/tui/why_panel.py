"""After a choice: what happened, and why each meter moved — the choice and the arrows of Schema 1."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from .format import essay_lines, good, mark, number, ranked_why, weight
from .wrapped_text import Block, Pack, Para, WrappedText

MINOR = 0.5  # causes that moved the meters less than this in total are summed up in one line
BULLET = Content.styled("• ", "$accent")
INDENT = Content("  ")


def delta_pieces(app: Any, deltas: dict[str, float]) -> list[Content]:
    """``Energie −4``, ``Steun thuis −2``…: good news and bad news told apart, never split."""
    labels = {m.id: app.text(m.label) for m in app.game.model.meters}
    return [
        Content.assemble(
            labels.get(meter, meter) + " ",
            (
                number(d, app.lang, signed=True) + " " + mark(meter, d),  # not by colour alone
                "bold $success" if good(meter, d) else "bold $error",
            ),
        )
        for meter, d in deltas.items()
    ]


def why_blocks(app: Any, record: Any, finished: bool) -> list[Block]:
    """The outcome and the why-trace of one turn, as blocks for a WrappedText."""
    game = app.game
    model = game.model
    t = app.t
    blocks: list[Block] = []
    if record.event is not None:
        ev = model.events[model.event_index(record.event)]
        ch = ev.choices[record.choice] if record.choice is not None else None
        blocks.append(
            Para(
                Content.assemble(
                    (app.text(ev.title), "bold $accent"),
                    ("  " + app.season_year(record.year, record.season), "$text-muted"),
                )
            )
        )
        if ch is not None:
            blocks.append(
                Para(
                    Content.assemble(
                        (t("why.you_chose") + " ", "$text-muted"), (app.text(ch.label), "bold")
                    )
                )
            )
            blocks.append(Para(Content.styled(app.text(ch.outcome), "italic")))
    blocks.append(Para(Content("")))
    blocks.append(Para(Content.styled(t("why.heading"), "bold $accent")))
    rules = {r.id: r for r in model.rules}
    minor: list[float] = []
    for change, deltas in ranked_why(record, model.meter_ids):
        if change.kind != "choice" and weight(deltas) < MINOR:
            minor.append(weight(deltas))
            continue
        blocks.append(Para(Content(cause(app, change, rules)), BULLET))
        pieces = (
            delta_pieces(app, deltas)
            if deltas
            else [Content.styled(t("why.nothing_moved"), "$text-muted")]
        )
        ref = essay_lines(change.source)
        if ref:
            pieces.append(Content.styled(t("why.essay", lines=ref), "$text-muted"))
        blocks.append(Pack(pieces, INDENT))
    if minor:
        total = number(sum(minor), app.lang)
        text = (
            t("why.minor_one", total=total)
            if len(minor) == 1
            else t("why.minor", n=len(minor), total=total)
        )
        blocks.append(Para(Content.styled(text, "$text-muted"), INDENT))
    blocks.append(Para(Content("")))
    blocks.append(
        Para(Content.styled(t("why.next_debrief" if finished else "why.next"), "bold $accent"))
    )
    return blocks


def cause(app: Any, change: Any, rules: dict[str, Any]) -> str:
    """A cause in words: the choice, an arrow of Schema 1, or the part of the schema a drift belongs to."""
    t = app.t
    if change.kind == "choice":
        return t("why.your_choice")
    explain = app.text(change.explain)
    if change.arrow is not None:
        word = t("why.arrow", n=change.arrow)
        return explain if explain.lower().startswith(word.lower()) else f"{word}: {explain}"
    part = getattr(rules.get(change.id), "part", "")
    if part and app.strings.has(f"part.{part}"):
        return f"{t(f'part.{part}')}: {explain}"
    return explain


class WhyPanel(WrappedText):
    """The outcome of the last choice and the why-trace, largest cause first."""

    def on_mount(self) -> None:
        self.watch(self.app, "lang", lambda _: self.show(), init=False)

    def show(self, record: Any = None) -> None:
        if record is not None:
            self.record = record
        record = getattr(self, "record", None)
        app: Any = self.app
        if record is None or getattr(app, "game", None) is None:
            self.set_blocks([])
            return
        self.set_blocks(why_blocks(app, record, app.game.finished))
