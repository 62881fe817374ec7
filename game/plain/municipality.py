"""Plain mode of the municipality role: lines of text, one choice number per line.

Each turn says the half-year's event and its choices, then one short line per person (the
share of futures burnt out, gone to other work and still going, and the biggest cost this
half-year) — in an order a screen reader can follow. The decade ends on the debrief.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from game.classroom import muni_report
from game.content.save_texts import said
from game.engine.model import Model
from game.engine.municipality import SHOWN_METERS, City, PersonReport
from game.files.textsafe import path_text
from game.plain.best_person import TextSession


class MuniPlain(TextSession[City]):
    """Drives one municipality game through text streams."""

    saved_key = "muni.saved"

    def __init__(
        self,
        model: Model,
        game: City,
        lang: str,
        out: TextIO,
        save: Callable[[City], Path | None] | None = None,
        export_dir: Path | None = None,
        class_code: str | None = None,
        student: str | None = None,
    ) -> None:
        super().__init__(model, game, lang, out, save, export_dir, class_code, student)

    def help(self) -> None:
        self.say(self.t("muni.help"))

    def intro(self) -> None:
        city = self.game.city
        self.say(f"Koorddanser — {city.title[self.lang]}")
        self.say(" ".join(city.intro[self.lang].split()))
        self.say(self.t("muni.futures", runs=self.game.runs, seed=self.game.seed))
        self.say(self.t("muni.persons") + ":")
        for p in city.persons:
            self.say(f"  - {p.name}: {p.intro[self.lang]}")
        self.help()

    def status(self) -> None:
        m = {k: f"{v:.0f}" for k, v in self.game.meters.items()}
        self.say(self.t("muni.self", **m))
        policy = muni_report.world_text(self.model, self.game.world, self.t)
        self.say(self.t("muni.policy") + ": " + "; ".join(f"{k} {v}" for k, v in policy))

    def show_event(self) -> None:
        ev = self.game.event
        if ev is None:
            return
        when = f"{self.t(f'season.{ev.season}')} {ev.year}"
        self.say()
        self.say(
            self.t(
                "muni.turn",
                when=when,
                turn=self.game.turn + 1,
                turns=self.game.city.turns,
                title=ev.title[self.lang],
            )
        )
        self.say(ev.text[self.lang])
        opens = self.game.choices_open()
        for i, ch in enumerate(ev.choices):
            closed = "" if opens[i] else f" ({self.t('muni.closed')})"
            self.say(f"  {i + 1}. {ch.label[self.lang]}{closed}")

    def person_line(self, k: int, rep: PersonReport) -> str:
        """'Fatima: 12% burnt out, 3% other work, 85% still going; in 31% of futures: ...'."""
        name = self.game.city.persons[k].name
        s = rep.shares
        line = self.t(
            "muni.person_line",
            name=name,
            burnout=muni_report.pct(s["burnout"]),
            left=muni_report.pct(s["other_work"]),
            going=muni_report.pct(s["going"]),
        )
        if rep.causes:
            c = rep.causes[0]
            cause = muni_report.cause_text(self.model, self.game.city, c.rule, self.lang)
            return f"{line}; " + self.t("muni.cause", share=muni_report.pct(c.share), cause=cause)
        return f"{line}; {self.t('muni.no_cause')}"

    def show_result(self) -> None:
        rep = self.game.reports[-1]
        ev = self.game.city.events[rep.turn]
        ch = next(c for c in ev.choices if c.id == rep.choice)
        self.say(f"{self.t('muni.you_chose')}: {ch.label[self.lang]}")
        self.say(ch.outcome[self.lang])
        for k, p in enumerate(rep.persons):
            self.say("  " + self.person_line(k, p))

    def details(self) -> None:
        """Per person the spread of the main meters over the futures still going."""
        if not self.game.reports:
            return
        labels = {m.id: m.label[self.lang] for m in self.model.meters}
        for k, p in enumerate(self.game.reports[-1].persons):
            parts = []
            for m in SHOWN_METERS:
                lo, mid, hi = p.spread[m]
                if lo != lo:  # no future still going
                    continue
                parts.append(
                    self.t("muni.spread", meter=labels[m], p25=f"{lo:.0f}", p50=f"{mid:.0f}", p75=f"{hi:.0f}")
                )
            self.say(f"{self.game.city.persons[k].name}: " + "; ".join(parts))

    def run(self, lines: TextIO) -> int:
        """Play until the decade ends, input ends or q. Returns an exit code."""
        self.intro()
        while not self.game.finished:
            self.show_event()
            if not self.play_turn(lines):
                return 0
            self.show_result()
            self._saved(quiet=True)
        self.say()
        self.say(self.t("muni.computing"))
        d = muni_report.build(
            self.model, self.game, self.lang, class_code=self.class_code, student=self.student
        )
        for line in muni_report.plain_lines(d, self.t):
            self.say(line)
        self._saved()
        self.offer_export(lines, d)
        return 0

    def answer(self, answer: str) -> bool:
        """A choice number decides the half-year; `d` shows the spread per person."""
        if answer == "d":
            self.details()
            return False
        opens = self.game.choices_open()
        if not answer.isdigit() or not 1 <= int(answer) <= len(opens):
            self.say(self.t("muni.type_number", n=len(opens)))
            return False
        if not opens[int(answer) - 1]:
            self.say(self.t("muni.closed"))
            return False
        self.game.decide(int(answer) - 1)
        return True

    def stop(self) -> None:
        super().stop()
        self.say(self.t("muni.quit_hint"))

    def offer_export(self, lines: TextIO, d: muni_report.MuniDebrief) -> None:
        if self.export_dir is None:
            return
        self.say(self.t("muni.export_prompt"))
        if self.prompt(lines) != "e":
            return
        from game.saves import best_person as saves

        stem = f"koorddanser-{self.game.city.id}-{self.game.seed}"
        target = self.export_dir / f"{stem}.html"
        n = 2
        while target.exists():  # never over another file
            target = self.export_dir / f"{stem}-{n}.html"
            n += 1
        try:
            saves.write_atomic(target, muni_report.html_page(d, self.t).encode("utf-8"))
        except saves.SaveError as exc:
            self.say(self.t("muni.save_failed", error=" ".join(said(exc, self.lang).split())))
            return
        self.say(self.t("muni.report_written", path=path_text(target)))

