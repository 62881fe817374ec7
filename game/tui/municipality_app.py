"""The municipality role in a full-screen app that fits 80x24: event card, choices, persons.

A first, self-contained version: it does not yet share the main app's new-game screen
(``koorddanser play --role gemeente`` opens it directly). Keys: 1-4 choose, d details,
q quit (the game is saved after every turn). The decade ends on the debrief.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from game import debrief, muni_report
from game.engine.model import Model
from game.engine.municipality import City
from game.report import Strings

CSS = """
#card { height: auto; max-height: 12; padding: 0 1; border: round $accent; }
#persons { height: auto; padding: 0 1; border: round $secondary; }
#keys { dock: bottom; height: 1; background: $panel; padding: 0 1; }
#debrief { padding: 0 1; }
"""


class MunicipalityApp(App[int]):
    """One municipality game: the decade, then its debrief."""

    CSS = CSS
    BINDINGS = [
        Binding("1", "choose(0)", show=False),
        Binding("2", "choose(1)", show=False),
        Binding("3", "choose(2)", show=False),
        Binding("4", "choose(3)", show=False),
        Binding("d", "details", show=False),
        Binding("q", "quit_game", show=False),
        Binding("down", "scroll(3)", show=False),
        Binding("up", "scroll(-3)", show=False),
        Binding("pagedown,space", "scroll(15)", show=False),
        Binding("pageup", "scroll(-15)", show=False),
    ]

    def __init__(
        self,
        model: Model,
        game: City,
        lang: str,
        save: Callable[[City], Path | None] | None = None,
        class_code: str | None = None,
        student: str | None = None,
    ) -> None:
        super().__init__()
        self.model = model
        self.game = game
        self.lang = lang
        self.save = save
        self.class_code = class_code
        self.student = student
        self.t = Strings(model, lang)
        self.show_details = False
        self.last_outcome = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="main"):
            yield Static(id="card")
            yield Static(id="persons")
            yield Static(id="debrief")
        yield Static(id="keys")

    def on_mount(self) -> None:
        self.title = self.game.city.title[self.lang]
        self.refresh_view()

    # -- showing
    def refresh_view(self) -> None:
        card = self.query_one("#card", Static)
        persons = self.query_one("#persons", Static)
        keys = self.query_one("#keys", Static)
        if self.game.finished:
            card.update(_esc(self.last_outcome))
            persons.display = False
            self.query_one("#debrief", Static).update(self._debrief_text())
            keys.update("q " + self.t("key.quit") if self._has("key.quit") else "q")
            return
        ev = self.game.event
        assert ev is not None
        when = f"{debrief.season_name(ev.season, self.lang)} {ev.year}"
        head = self.t(
            "muni.turn", when=when, turn=self.game.turn + 1, turns=self.game.city.turns,
            title=ev.title[self.lang],
        )
        opens = self.game.choices_open()
        lines = [f"[b]{_esc(head)}[/b]", _esc(ev.text[self.lang]), ""]
        for i, ch in enumerate(ev.choices):
            mark = "" if opens[i] else f" [dim]({_esc(self.t('muni.closed'))})[/dim]"
            lines.append(f"{i + 1}. {_esc(ch.label[self.lang])}{mark}")
        card.update("\n".join(lines))
        persons.update(self._persons_text())
        m = {k: f"{v:.0f}" for k, v in self.game.meters.items()}
        keys.update(_esc(self.t("muni.keys") + " · " + self.t("muni.self", **m)))

    def _persons_text(self) -> str:
        from game.muni_plain import MuniPlain

        out = []
        if self.last_outcome:
            out.append(f"[i]{_esc(self.last_outcome)}[/i]")
        if not self.game.reports:
            out += [f"{p.name}: {_esc(p.intro[self.lang])}" for p in self.game.city.persons]
            return "\n".join(out)
        view = MuniPlain(self.model, self.game, self.lang, _Null())
        for k, rep in enumerate(self.game.reports[-1].persons):
            out.append(_esc(view.person_line(k, rep)))
            if self.show_details:
                labels = {m.id: m.label[self.lang] for m in self.model.meters}
                spread = [
                    self.t("muni.spread", meter=labels[m], p25=f"{lo:.0f}", p50=f"{mid:.0f}", p75=f"{hi:.0f}")
                    for m, (lo, mid, hi) in rep.spread.items()
                    if lo == lo
                ]
                out.append("  " + _esc("; ".join(spread[:3])))
        return "\n".join(out)

    def _debrief_text(self) -> str:
        d = muni_report.build(
            self.model, self.game, self.lang, class_code=self.class_code, student=self.student
        )
        return "\n".join(_esc(line) for line in muni_report.plain_lines(d, self.t))

    def _has(self, key: str) -> bool:
        return key in self.model.ui

    # -- acting
    def action_choose(self, index: int) -> None:
        if self.game.finished:
            return
        opens = self.game.choices_open()
        if not 0 <= index < len(opens) or not opens[index]:
            self.bell()
            return
        ev = self.game.event
        assert ev is not None
        self.game.decide(index)
        ch = ev.choices[index]
        self.last_outcome = f"{self.t('muni.you_chose')}: {ch.label[self.lang]}. {ch.outcome[self.lang]}"
        if self.save is not None:
            self.save(self.game)
        self.refresh_view()

    def action_scroll(self, lines: int) -> None:
        main = self.query_one("#main", VerticalScroll)
        main.scroll_to(y=main.scroll_y + lines, animate=False)

    def action_details(self) -> None:
        self.show_details = not self.show_details
        self.refresh_view()

    def action_quit_game(self) -> None:
        if self.save is not None:
            self.save(self.game)
        self.exit(0)


def _esc(text: str) -> str:
    """Content markup off for every text from content or a save."""
    return text.replace("[", r"\[")


class _Null:
    def write(self, _s: str) -> int:
        return 0

    def flush(self) -> None:
        return None


def run(model: Model, game: City, lang: str, **kw: Any) -> int:
    app = MunicipalityApp(model, game, lang, **kw)
    app.run()
    return int(app.return_code or 0)
