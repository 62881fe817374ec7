"""After a choice: what happened, and why each meter moved — the choice and the arrows of Schema 1."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from game import debrief
from game.explain import Words

from .format import essay_lines, good, mark, number
from .wrapped_text import Block, Pack, Para, WrappedText

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


def why_blocks(app: Any, record: Any, finished: bool, expanded: bool = False) -> list[Block]:
    """The outcome and the why-trace of one turn, as blocks for a WrappedText.

    Folded (the default): the choice and the causes that moved a meter by 2 or more, at most
    four, and one line for the rest. ``expanded`` lists every cause.
    """
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
    # The causes that matter first; the small drifts folded into one line unless expanded.
    folded = debrief.fold(record, model.meter_ids)
    for change in folded.shown + (folded.rest if expanded else ()):
        deltas = dict(change.moved)
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
    rest = Words(model, app.lang).folded_line(folded)
    if rest is not None and not expanded:
        blocks.append(Para(Content.styled(f"{rest} {t('explain.key_hint')}", "$text-muted"), INDENT))
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

    expanded = False

    def show(self, record: Any = None) -> None:
        if record is not None:
            if record is not getattr(self, "record", None):
                self.expanded = False  # a new turn starts folded
            self.record = record
        record = getattr(self, "record", None)
        app: Any = self.app
        if record is None or getattr(app, "game", None) is None:
            self.set_blocks([])
            return
        self.set_blocks(why_blocks(app, record, app.game.finished, self.expanded))

    def can_expand(self) -> bool:
        """Whether some causes are folded away now."""
        record = getattr(self, "record", None)
        if record is None or self.expanded:
            return False
        return bool(debrief.fold(record, self.app.game.model.meter_ids).rest)  # type: ignore[attr-defined]

    def toggle(self) -> None:
        """Show every cause, or fold the small ones again."""
        self.expanded = not self.expanded
        self.show()
