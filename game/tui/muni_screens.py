"""The municipality role's screens in the main app: a half-year's turn and the debrief.

The turn has two phases like the best person's game: choose (the event card, your meters,
the people in your city) and outcome (what you chose and, per person, the share of futures
burnt out, gone to other work or still going, with the biggest cost). The debrief is the
same text as plain mode and the report (``game.classroom.muni_report``), computed in a thread
because the two reference municipalities are played on the same seed first.
Every text from content or a save goes in as ``Content`` (never markup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from .key_bar import KeyBar
from .screen_base import KScreen, TurnScreen, turn_keys
from .wording import Wording
from .wrapped_text import Block, Para, WrappedText

if TYPE_CHECKING:
    from game.classroom.muni_report import MuniDebrief
    from game.engine.municipality import City


def person_lines(words: Wording, game: City, causes: bool) -> list[str]:
    """One line per person after the last half-year (their intro before the first)."""
    from game.classroom import muni_report

    t = words.t
    city = game.city
    if not game.reports:
        return [f"{p.name}: {words.text(p.intro)}" for p in city.persons]
    out = []
    for k, rep in enumerate(game.reports[-1].persons):
        s = rep.shares
        line = t(
            "muni.person_line",
            name=city.persons[k].name,
            burnout=muni_report.pct(s["burnout"]),
            left=muni_report.pct(s["other_work"]),
            going=muni_report.pct(s["going"]),
        )
        if causes:
            if rep.causes:
                c = rep.causes[0]
                cause = muni_report.cause_text(game.model, city, c.rule, words.lang)
                line += "; " + t("muni.cause", share=muni_report.pct(c.share), cause=cause)
            else:
                line += "; " + t("muni.no_cause")
        out.append(line)
    return out


def spread_line(words: Wording, game: City, k: int) -> str:
    """The spread (25th-75th percentile) of a person's main meters over the futures going on."""
    from game.engine.municipality import SHOWN_METERS

    rep = game.reports[-1].persons[k]
    labels = {m.id: words.text(m.label) for m in game.model.meters}
    parts = []
    for m in SHOWN_METERS:
        lo, mid, hi = rep.spread[m]
        if lo != lo:  # NaN: no future is still going
            continue
        parts.append(
            words.t("muni.spread", meter=labels[m], p25=f"{lo:.0f}", p50=f"{mid:.0f}", p75=f"{hi:.0f}")
        )
    return "; ".join(parts)


class MuniGameScreen(TurnScreen):
    """One half-year as the municipality: choose (1-4), read what it did, continue (Enter)."""

    AUTO_FOCUS = SCROLL = "#muni-scroll"
    BINDINGS = turn_keys(Binding("d", "details", "details", id="muni-details"))

    phase: reactive[str] = reactive("choose")

    def __init__(self, game: City) -> None:
        super().__init__()
        self.game = game
        self.details = False

    def compose(self) -> ComposeResult:
        yield Static(id="muni-head")
        with VerticalScroll(id="muni-scroll"):
            yield Static(id="muni-card")
            yield Static(id="muni-persons")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.relabel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        game = self.game
        if action == "choose":
            if self.phase != "choose" or game.finished:
                return False
            index = int(parameters[0])  # type: ignore[call-overload]
            # A closed choice still answers its key: it says why it cannot be taken now.
            return index < len(game.choices_open())
        if action == "next":
            return self.phase == "outcome"
        if action == "details":
            return self.phase == "outcome"
        if action == "more":
            scroll = self.query_one("#muni-scroll", VerticalScroll)
            return scroll.max_scroll_y - scroll.scroll_y > 0.5
        return True

    def watch_phase(self) -> None:
        if self.is_mounted:
            self.relabel()

    def relabel(self) -> None:
        words, game = self.kapp.wording, self.game
        m = {k: f"{v:.0f}" for k, v in game.meters.items()}
        self.query_one("#muni-head", Static).update(
            Content.assemble(
                (words.text(game.city.title), "bold"), "\n", (words.t("muni.self", **m), "$text-muted")
            )
        )
        if self.phase == "outcome":
            self._show_outcome(words)
        else:
            self._show_event(words)
        self.query_one("#muni-scroll", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()
        self.call_after_refresh(self.refresh_bindings)  # PgDn once the height is known

    def _show_event(self, words: Wording) -> None:

        game = self.game
        ev = game.event
        if ev is None:
            return
        when = f"{words.t(f'season.{ev.season}')} {ev.year}"
        head = words.t(
            "muni.turn", when=when, turn=game.turn + 1, turns=game.city.turns, title=words.text(ev.title)
        )
        parts: list[str | tuple[str, str]] = [(head, "bold $accent"), "\n", " ".join(words.text(ev.text).split()), "\n"]
        opens = game.choices_open()
        for i, ch in enumerate(ev.choices):
            parts += ["\n", (f"{i + 1} ", "bold"), words.text(ch.label)]
            if not opens[i]:
                parts.append((f" ({words.t('muni.closed')})", "$text-muted"))
        self.query_one("#muni-card", Static).update(Content.assemble(*parts))
        people: list[str | tuple[str, str]] = [(words.t("muni.persons"), "bold")]
        for line in person_lines(words, game, causes=False):
            people += ["\n", line]
        self.query_one("#muni-persons", Static).update(Content.assemble(*people))

    def _show_outcome(self, words: Wording) -> None:
        game = self.game
        rep = game.reports[-1]
        ev = game.city.events[rep.turn]
        ch = next(c for c in ev.choices if c.id == rep.choice)
        self.query_one("#muni-card", Static).update(
            Content.assemble(
                (f"{words.t('muni.you_chose')}: {words.text(ch.label)}", "bold $accent"),
                "\n",
                " ".join(words.text(ch.outcome).split()),
            )
        )
        people: list[str | tuple[str, str]] = [(words.t("muni.persons"), "bold")]
        for k, line in enumerate(person_lines(words, game, causes=True)):
            people += ["\n", line]
            if self.details:
                people += ["\n", ("  " + spread_line(words, game, k), "$text-muted")]
        self.query_one("#muni-persons", Static).update(Content.assemble(*people))

    # -- keys ------------------------------------------------------------------------------
    def action_choose(self, index: int) -> None:
        game = self.game
        if game.finished or self.phase != "choose":
            return
        if not self.can_take(game.choices_open(), index, "muni.closed"):
            return
        game.decide(index)
        self.kapp.muni_autosave()
        self.phase = "outcome"

    def action_next(self) -> None:
        game = self.game
        if self.phase != "outcome":
            return
        if game.finished:
            self.app.switch_screen(MuniDebriefScreen(game))
            return
        self.phase = "choose"

    def action_details(self) -> None:
        self.details = not self.details
        self.relabel()


class MuniDebriefScreen(KScreen):
    """Your decade beside the two reference municipalities, recommendations, questions."""

    AUTO_FOCUS = "#muni-debrief"
    BINDINGS = [
        Binding("enter", "app.to_title", "title", id="debrief-title"),
        Binding("n", "app.new_game_dialog", "new", id="debrief-new"),
        Binding("e", "export", "export", id="debrief-export"),
        Binding("t", "app.toggle_language", "language", show=False, id="language"),
        Binding("question_mark", "app.help", "help", show=False, id="help"),
        Binding("escape", "app.to_title", "title", show=False, id="to-title"),
        Binding("q", "app.quit", "quit", id="quit"),
    ]

    def __init__(self, game: City) -> None:
        super().__init__()
        self.game = game
        self._refs: dict[str, City] | None = None  # the two reference municipalities

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="muni-debrief"):
            yield WrappedText(id="muni-debrief-text")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#muni-debrief-text", WrappedText).set_blocks(
            [Para(Content.styled(self.kapp.t("muni.computing"), "$text-muted"))]
        )
        self.run_worker(self._compute, thread=True, group="muni-debrief", exclusive=True)

    def _compute(self) -> None:
        from game.classroom import muni_report

        app, game = self.kapp, self.game
        refs = muni_report.references(game.model, game.city, game.seed, game.runs)
        app.call_from_thread(self._got, refs)

    def _got(self, refs: dict[str, City]) -> None:
        self._refs = refs
        self.relabel()
        self.refresh_bindings()  # export is possible now

    def data(self) -> MuniDebrief:
        from game.classroom import muni_report

        app = self.kapp
        return muni_report.build(
            self.game.model, self.game, app.lang, refs=self._refs,
            class_code=app.class_code, student=app.student,
        )

    def relabel(self) -> None:
        from game.classroom import muni_report
        from game.classroom.report import Strings

        app = self.kapp
        if self._refs is None:
            return
        lines = muni_report.plain_lines(self.data(), Strings(self.game.model, app.lang))
        blocks: list[Block] = []
        for i, line in enumerate(lines):
            body = line.lstrip(" ")
            if i == 0 or (line.endswith(":") and body == line):  # a heading
                blocks.append(Para(Content.styled(line, "bold $accent")))
                continue
            # list items ("  - ...") and their follow-up lines hang under their first word
            pre = line[: len(line) - len(body)] + ("- " if body.startswith("- ") else "")
            blocks.append(Para(Content(body.removeprefix("- ")), Content(pre)))
        self.query_one("#muni-debrief-text", WrappedText).set_blocks(blocks)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self._refs is not None
        return True

    def action_export(self) -> None:
        """The debrief (HTML) next to the game's save, under a name no file has yet."""
        self.kapp.muni_export(self.data())
