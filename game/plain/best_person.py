"""Plain mode: the whole game as lines of text, one choice number per line from standard input.

For screen readers, scripts and terminals where a full-screen app is no help. The same
engine and saves as the app: the game autosaves after every turn, and at the end of
input it saves and exits cleanly, to be continued with ``--continue``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TextIO, TypeVar

from game.classroom import debrief, verdict
from game.classroom.explain import Words
from game.classroom.report import Strings, finding_name
from game.content.save_texts import said
from game.engine import Game, TurnRecord
from game.engine.model import Model
from game.files.textsafe import path_text, printable


def sentence(text: str) -> str:
    """Text that ends like a sentence, so a speech synthesiser pauses before the next line."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?:;…" else text + "."


QUIT = ("q", "quit", "stop")
HELP = ("?", "h", "help", "hulp")

G = TypeVar("G")


class TextSession(Generic[G]):
    """What both plain modes (the player's game and the municipality's decade) share: the
    streams, the strings, the autosave and the input loop of a turn.

    A subclass says what `m` (``status``) and `?` (``help``) show and what a typed answer
    does (``answer``); ``saved_key`` names its "saved to" line.
    """

    saved_key = "plain.saved"

    def __init__(
        self,
        model: Model,
        game: G,
        lang: str,
        out: TextIO,
        save: Callable[[G], Path | None] | None,
        export_dir: Path | None,
        class_code: str | None,
        student: str | None,
    ) -> None:
        self.model = model
        self.game = game
        self.lang = lang
        self.out = out
        self.save = save
        self.export_dir = export_dir
        self.class_code = class_code
        self.student = student
        self.t = Strings(model, lang)

    def say(self, text: str = "") -> None:
        self.out.write(sentence(text) + "\n")
        self.out.flush()

    def prompt(self, lines: TextIO) -> str | None:
        """Ask with `> ` and read one answer, trimmed and in lower case; None at end of input."""
        self.out.write("> ")
        self.out.flush()
        line = lines.readline()
        return None if line == "" else line.strip().lower()

    def status(self) -> None:
        """What `m` says."""
        raise NotImplementedError

    def help(self) -> None:
        """What `?` says."""
        raise NotImplementedError

    def answer(self, answer: str) -> bool:
        """Act on an answer that is not q, ? or m; True when it played the turn."""
        raise NotImplementedError

    def stop(self) -> None:
        """The player typed q: keep the game."""
        self._saved()

    def play_turn(self, lines: TextIO) -> bool:
        """Read answers until one plays the turn (True). False when the player stopped (q or
        the end of input); the game is saved then, to be continued."""
        while True:
            answer = self.prompt(lines)
            if answer is None:  # end of input: keep the game, stop cleanly
                self.say()
                self._saved()
                return False
            if answer in QUIT:
                self.stop()
                return False
            if answer in HELP:
                self.help()
            elif answer == "m":
                self.status()
            elif self.answer(answer):
                return True

    def _saved(self, quiet: bool = False) -> None:
        """Save now; unless ``quiet``, say where."""
        if self.save is None:
            return
        path = self.save(self.game)
        if path is not None and not quiet:
            self.say(self.t(self.saved_key, path=path_text(path)))


class PlainGame(TextSession[Game]):
    """Drives one game through text streams."""

    def __init__(
        self,
        model: Model,
        game: Game,
        lang: str,
        out: TextIO,
        save: Callable[[Game], Path | None],
        class_code: str | None = None,
        meters_every_turn: bool = False,
        export_dir: Path | None = None,
        student: str | None = None,
    ) -> None:
        super().__init__(model, game, lang, out, save, export_dir, class_code, student)
        self.meters_every_turn = meters_every_turn
        self.words = Words(model, lang)
        self.last: TurnRecord | None = None
        self.played: TurnRecord | None = None  # what the answer that played the turn gave

    def label(self, meter: str) -> str:
        return next(m.label[self.lang] for m in self.model.meters if m.id == meter)

    def status(self) -> None:
        meters = self.game.meters()
        self.say(
            self.t("plain.meters")
            + ": "
            + ", ".join(f"{self.label(k)} {v:.0f}" for k, v in meters.items())
        )

    def help(self) -> None:
        """What `?` says: the keys of plain mode, one sentence each."""
        for line in self.t("plain.help").splitlines():
            self.say(line)

    def intro(self) -> None:
        sc = self.game.scenario
        self.say(self.t("plain.heading", scenario=sc.title[self.lang], city=sc.city))
        if self.class_code:
            self.say(f"{self.t('report.class_code')}: {self.class_code}")
        if self.student:
            self.say(f"{self.t('report.student')}: {printable(self.student)}")
        self.say(sc.who[self.lang])
        self.say(self.t("plain.how_to"))

    def show_event(self) -> None:
        g = self.game
        year, season = g.year_season
        self.say()
        self.say(
            self.t(
                "plain.turn",
                turn=g.turn + 1,
                turns=g.scenario.turns,
                when=f"{self.t(f'season.{season}')} {year}",
            )
        )
        if self.meters_every_turn:
            self.status()
        ev = g.event
        if ev is None:
            self.say(self.t("report.quiet_turn"))
            return
        self.say(ev.title[self.lang].upper())
        self.say(ev.text[self.lang])
        for i, (ch, ok) in enumerate(zip(ev.choices, g.open_choices(), strict=True)):
            closed = "" if ok else f" ({self.t('plain.closed')})"
            self.say(f"  {i + 1}. {ch.label[self.lang]}{closed}")

    def show_result(self, record: TurnRecord) -> None:
        ev = self.model.events[self.model.event_index(record.event)] if record.event else None
        choice_label = None
        if ev is not None and record.choice is not None:
            self.say(ev.choices[record.choice].outcome[self.lang])
            choice_label = ev.choices[record.choice].label[self.lang]
        self.last = record
        folded = debrief.fold(record, self.model.meter_ids)
        lines = [
            f"  - {sentence(self.words.why_line(c, choice_label, verdict=True))}"
            for c in folded.shown
        ]
        rest = self.words.folded_line(folded, verdict=True)
        if rest is not None:
            lines.append(f"  {sentence(rest)} {self.t('explain.plain_more')}")
        if lines:
            self.say(self.t("report.why") + ":")
            for line in lines:
                self.say(f"  - {line}")

    def show_all_causes(self) -> None:
        """The full why of the last turn, every cause, largest first (typed ``a``)."""
        record = self.last
        if record is None:
            return
        ev = self.model.events[self.model.event_index(record.event)] if record.event else None
        label = ev.choices[record.choice].label[self.lang] if ev and record.choice is not None else None
        folded = debrief.fold(record, self.model.meter_ids)
        self.say(self.t("explain.all_why"))
        for c in folded.shown + folded.rest:
            self.say(f"  - {self.words.why_line(c, label)}")

    def change(self, meter: str, delta: float) -> str:
        """'Energie -4, slecht': the number and, in a word, whether it is good news."""
        return f"{self.label(meter)} {delta:+.0f}, {verdict.word(meter, delta, self.t)}"

    def show_ending(self) -> None:
        ending = self.game.ending
        if ending is None:
            return
        d = debrief.build(self.model, self.game)
        self.say()
        self.say(f"{self.t('report.ending').upper()}: {ending.title[self.lang]}")
        self.say(
            f"{self.t('report.person')}: {self.t(f'label.person.{ending.person}')}; {self.t('report.initiative')}: {self.t(f'label.initiative.{ending.initiative}')}"
        )
        self.say(" ".join(ending.story[self.lang].split()))
        self.status()
        self.say(self.t("explain.deciding") + ":")
        for line in self.words.deciding(d):
            self.say(f"  - {line}")
        self.say(self.t("report.moments") + ":")
        for m in d.moments:
            ev = self.model.events[self.model.event_index(m.event)] if m.event else None
            ch = next((c for c in ev.choices if c.id == m.choice_id), None) if ev else None
            when = f"{self.t(f'season.{m.season}')} {m.year}"
            self.say(
                f"  - {when}: {ev.title[self.lang] if ev else ''} — {ch.label[self.lang] if ch else ''}"
            )
            self.say(f"    {self.words.moment(m)}")
        self.say(
            self.t("report.tags")
            + ": "
            + ", ".join(
                f"{self.model.tag_labels.get(k, {}).get(self.lang, k)} {n}"
                for k, n in d.tags.items()
            )
        )
        self.say(self.t("report.findings") + ":")
        for f in d.findings:
            self.say(
                f"  - {finding_name(self.t, f)}: {self.model.findings.get(f, {}).get(self.lang, '')}"
            )
            evidence = self.words.evidence(d, f)
            if evidence:
                self.say(f"    ({evidence})")
        self.say(self.t("report.questions") + ":")
        for q in ending.questions:
            self.say(f"  - {q[self.lang]}")

    def ask_name(self, lines: TextIO) -> bool:
        """A class game needs the student's name (it names the file handed in); False when
        input ended before one was given."""
        from game.saves.best_person import SaveError, clean_student

        while self.student is None:
            self.out.write(self.t("plain.ask_name") + " ")
            self.out.flush()
            line = lines.readline()
            if line == "":
                self.say()
                self.say(self.t("plain.no_name"))
                return False
            if not line.strip():
                continue
            try:
                self.student = clean_student(line)
            except SaveError as exc:
                self.say(self.t("plain.bad_name", error=exc.text(self.lang)))
        return True

    def run(self, lines: TextIO) -> int:
        """Play until the game ends, input ends or the player types q. Returns an exit code."""
        if self.class_code and not self.game.choices and not self.ask_name(lines):
            return 1
        self.intro()
        while not self.game.finished:
            self.show_event()
            if not self.play_turn(lines):
                return 0
            assert self.played is not None  # play_turn returns True only once a turn is played
            self.show_result(self.played)
            self._saved(quiet=True)
        self.show_ending()
        self._saved()
        self.offer_export(lines)
        return 0

    def answer(self, answer: str) -> bool:
        """A choice number (or Enter on a quiet turn) plays the turn; `a` shows all causes."""
        if answer in ("a", "all", "alle", "alles"):
            self.show_all_causes()  # and then, as it is no number, the hint to type one
        if self.game.event is None and answer == "":
            self.played = self.game.choose(0)
            return True
        if not answer.isdigit():
            self.say(self.t("plain.type_number", n=len(self.game.open_choices()) or 1))
            return False
        index = int(answer) - 1
        opens = self.game.open_choices()
        if self.game.event is None:
            self.played = self.game.choose(0)
            return True
        if not 0 <= index < len(opens):
            self.say(self.t("plain.type_number", n=len(opens)))
        elif not opens[index]:
            self.say(self.t("plain.not_open"))
        else:
            self.played = self.game.choose(index)
            return True
        return False

    def offer_export(self, lines: TextIO) -> None:
        """After the ending: `e` writes the save and the debrief (.html) to hand in."""
        if self.export_dir is None:
            return
        self.say(self.t("plain.export_prompt"))
        while True:
            answer = self.prompt(lines)
            if answer is not None and answer.isdigit():  # a choice number too many: not for here
                continue
            if answer in HELP:
                self.help()
            elif answer == "m":
                self.status()
            elif answer == "e":
                self.export()
                return
            else:  # Enter, q or the end of input: done
                return

    def export(self) -> None:
        from game.classroom import report
        from game.saves import best_person as saves

        if self.export_dir is None:  # offer_export asks only when there is a folder
            return
        try:
            owner = saves.Owner(self.lang, self.class_code)
            written = Path(saves.export(self.game, self.export_dir, owner))
            page = written.with_suffix(".html")
            html = report.html_page(report.build(self.model, self.game, self.lang, self.class_code))
            saves.write_atomic(page, html.encode("utf-8"))
        except (saves.SaveError, OSError) as exc:
            self.say(self.t("plain.export_failed", error=" ".join(said(exc, self.lang).split())))
            return
        self.say(self.t("plain.exported", json=written, html=page))



class _Saver:
    """Saves the game to its own slot (chosen at the first save, when the name is known);
    remembers whether the last save failed, so the exit code can tell."""

    def __init__(
        self,
        game: PlainGame,
        save_dir: Path,
        continuing: Path | None,
    ) -> None:
        self.plain = game
        self.save_dir = save_dir
        self.continuing = continuing
        self.slot: Any = None
        self.failed: str | None = None
        if continuing is not None:
            # A continued game claims its file before the first turn: a second window that
            # continues the same game meanwhile then plays on in a copy, and nothing it
            # writes is overwritten by this one (or the other way round).
            self.claim()

    def claim(self) -> None:
        """Take this game's slot now (saying so when its file is busy elsewhere)."""
        from game.saves import best_person as saves

        p = self.plain
        try:
            self._open()
        except saves.SaveError as exc:
            self.failed = str(exc)
            p.say(p.t("plain.save_failed", error=said(exc, p.lang)))

    def _open(self) -> None:
        from game.saves import best_person as saves

        p = self.plain
        self.slot = saves.open_slot(self.save_dir, p.class_code, p.student, self.continuing)
        if self.slot.busy is not None:
            p.say(p.t("plain.busy", path=path_text(self.slot.busy)))
        p.say(p.t("plain.saving_to", path=path_text(self.slot.path)))

    def __call__(self, g: Game) -> Path | None:
        from game.saves import best_person as saves

        p = self.plain
        try:
            if self.slot is None:
                self._open()
            path = self.slot.write(g, saves.Owner(p.lang, p.class_code, p.student))
        except saves.SaveError as exc:
            self.failed = str(exc)
            p.say(p.t("plain.save_failed", error=said(exc, p.lang)))
            return None
        self.failed = None
        return path

    def close(self) -> None:
        if self.slot is not None:
            self.slot.close()


def play(
    model: Model,
    game: Game,
    lang: str,
    save_dir: Path | None,
    class_code: str | None = None,
    lines: TextIO | None = None,
    out: TextIO | None = None,
    meters_every_turn: bool = False,
    export_dir: Path | None = None,
    student: str | None = None,
    continuing: Path | None = None,
) -> int:
    """Run plain mode on standard input and output (or the given streams).

    ``export_dir``: where `e` after the ending writes the game and its debrief (None: no
    export offered, as in scripted runs that only play). Exit code 1 when the game could
    not be saved (the last attempt failed) or a class game got no name; 0 otherwise.
    """
    stream_out = out or sys.stdout
    plain = PlainGame(
        model,
        game,
        lang,
        stream_out,
        lambda g: None,
        class_code,
        meters_every_turn,
        export_dir,
        student,
    )
    saver = None
    if save_dir is not None:
        saver = _Saver(plain, save_dir, continuing)
        plain.save = saver
    try:
        code = plain.run(lines or sys.stdin)
    finally:
        if saver is not None:
            saver.close()
    if saver is not None and saver.failed is not None and code == 0:
        plain.say(plain.t("plain.not_saved"))
        return 1
    return code
