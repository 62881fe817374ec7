"""The meters: label, value, the last change (↑↓, how much, ▲ good ▼ bad) and their course."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from game.classroom.verdict import DOWN, UP

from .format import good, mark, number, spark
from .state_widget import StateWidget

if TYPE_CHECKING:
    from game.engine import Game

# The meters that end the game at zero (exhaustion, losing heart): marked when low.
ALARM = frozenset({"energy", "motivation"})


class MeterPanel(StateWidget):
    """Every meter on one line, then the balance of challenge and capacity."""

    def watch_wording(self) -> None:
        self.refresh(layout=True)  # the labels' width may change

    def state_key(self) -> object:
        return (self.game_key(), self.size.width)

    def render(self) -> Content:
        self.drawn()
        words, game = self.wording, self.game
        lang = words.lang
        meters = game.model.meters
        values = game.meters()
        last = game.records[-1] if game.records else None
        history = game.history()
        width = max(self.size.width, 20)
        labels = [words.text(m.label) for m in meters]
        label_w = min(max(len(s) for s in labels), 16)
        fixed = label_w + 1 + 3 + 1 + 5 + 1
        spark_w = max(0, width - fixed)
        lines: list[Content] = [Content.styled(words.t("game.meters"), "bold $accent")]
        for i, m in enumerate(meters):
            v = values[m.id]
            low = m.id in ALARM and v <= 20
            delta = (last.after[m.id] - last.before[m.id]) if last is not None else 0.0
            if abs(delta) < 0.05:
                arrow = Content("     ")
            else:  # ↑↓ say the direction, ▲▼ whether it is good: readable without colour
                sign = UP if delta > 0 else DOWN
                style = "$success" if good(m.id, delta) else "$error"
                amount = f"{sign}{number(abs(delta), lang)}"[:4]
                arrow = Content.styled(f"{amount:<4}{mark(m.id, delta)}", style)
            label = labels[i][:label_w].ljust(label_w)
            lines.append(
                Content.assemble(
                    (label, "bold" if low else ""),
                    " ",
                    (f"{v:3.0f}", "bold $error" if low else "bold"),
                    ("!" if low else " ", "bold $error"),
                    arrow,
                    " ",
                    (spark(list(history[:, i]), spark_w), "$secondary"),
                )
            )
        lines.append(Content(""))
        lines.extend(self._balance(game, label_w))
        return Content("\n").join(lines)

    def _balance(self, game: Game, label_w: int) -> list[Content]:
        t = self.wording.t
        try:
            challenge, capacity = game.value("challenge"), game.value("capacity")
        except KeyError:
            return []
        strain = max(0.0, challenge - capacity)
        first = Content.assemble(
            (t("game.challenge"), ""),
            " ",
            (f"{challenge:.0f}", "bold"),
            "  ",
            (t("game.capacity"), ""),
            " ",
            (f"{capacity:.0f}", "bold"),
        )
        if strain > 0:
            second = Content.styled(t("game.overloaded", n=f"{strain:.0f}"), "bold $error")
        else:
            second = Content.styled(t("game.in_balance"), "$success")
        return [first, second]
