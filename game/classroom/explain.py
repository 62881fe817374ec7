"""The debrief's explanations in words, one language at a time: for plain mode, the reports
and the app (which adds only colour). The data comes from :mod:`game.classroom.debrief`; every word
comes from the content's UI strings (``content/ui-explain.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from game.classroom import debrief, verdict
from game.engine.model import Model
from game.i18n import lookup

MINUS = "−"  # a real minus sign, as in the app
OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
REST_METERS = 3  # meters named in the folded line; more are shown as "…"


class Words:
    """The explanation's words in one language."""

    def __init__(self, model: Model, lang: str) -> None:
        self.model = model
        self.lang = lang
        self.labels = {m.id: m.label[lang] for m in model.meters}

    def t(self, key: str, **fmt: object) -> str:
        return lookup((self.model.ui,), key, self.lang, fmt)

    def has(self, key: str) -> bool:
        return key in self.model.ui

    # -- pieces ------------------------------------------------------------------------------
    def number(self, v: float, signed: bool = True) -> str:
        """A change as a whole number with a real minus sign (``+6``, ``−14``)."""
        r = round(v)
        if not signed:
            return f"{MINUS if r < 0 else ''}{abs(r)}"
        return f"+{r}" if r > 0 else f"{MINUS}{abs(r)}" if r < 0 else "±0"

    def name(self, name: str) -> str:
        """A variable as a player reads it: a meter's label, a count of choices, a way of ending."""
        if name in self.labels:
            return self.labels[name]
        if name.startswith("tag."):
            tag = name[4:]
            kind = self.model.tag_labels.get(tag, {}).get(self.lang, tag)
            return self.t("explain.times_chosen", kind=kind)
        if self.has(f"explain.name.{name}"):
            return self.t(f"explain.name.{name}")
        if self.has(f"explain.word.{name}"):  # and, or, not
            return self.t(f"explain.word.{name}")
        return name

    def moved(
        self, pairs: Iterable[tuple[str, float]], limit: int | None = None, verdict: bool = False
    ) -> str:
        """``Energie −4, Steun thuis −2``: changes that read as 0 are left out.

        With ``verdict`` each change says in a word whether it is good news (plain mode,
        read aloud, has no colour): ``Energie −4 (slecht)``.
        """
        items = [(k, v) for k, v in pairs if round(v) != 0]
        more = limit is not None and len(items) > limit
        text = ", ".join(f"{self.name(k)} {self.number(v)}{self._verdict(k, v, verdict)}" for k, v in items[:limit])
        return text + (", …" if more else "")

    def _verdict(self, meter: str, delta: float, wanted: bool) -> str:
        return f" ({verdict.word(meter, delta, self.t)})" if wanted else ""

    def cause(self, cause: debrief.Cause) -> str:
        """A cause's short name: your choice, ``arrow 5 (overload)``, or a drift's sentence."""
        if cause.kind == "choice":
            return self.t("explain.your_choice")
        if cause.arrow is not None:
            return self.arrow(cause.arrow)
        return cause.explain.get(self.lang, cause.id).rstrip(". ")

    def arrow(self, n: int) -> str:
        key = f"explain.arrow.{n}"
        if self.has(key):
            return self.t("explain.arrow_named", n=n, name=self.t(key))
        return self.t("explain.arrow_plain", n=n)

    # -- lines -------------------------------------------------------------------------------
    def moment(self, m: debrief.Moment) -> str:
        """``je keuze: Vertrouwen +6; pijl 5 (overbelasting): Energie −14``."""
        choice = self.moved(m.choice) or self.t("explain.nothing")
        parts = [self.t("explain.cause", cause=self.t("explain.your_choice"), moved=choice)]
        parts += [
            self.t("explain.cause", cause=self.cause(r), moved=self.moved(r.moved, 3))
            for r in m.rules
        ]
        return "; ".join(parts)

    def why_line(
        self, cause: debrief.Cause, choice_label: str | None = None, verdict: bool = False
    ) -> str:
        """One cause of a turn: its explanation and what it moved."""
        if cause.kind == "choice":
            head = choice_label or self.t("explain.your_choice")
        else:
            head = cause.explain.get(self.lang, cause.id)
            plain = self.t("explain.arrow_plain", n=cause.arrow)
            if cause.arrow is not None and not head.lower().startswith(plain.lower()):
                head = f"{self.arrow(cause.arrow)}: {head}"
        moved = self.moved(cause.moved, verdict=verdict) or self.t("explain.nothing")
        return f"{head} ({moved})"

    def folded_line(self, folded: debrief.Folded, verdict: bool = False) -> str | None:
        """``+ 9 kleinere oorzaken, samen: Werkdruk −3, …``, or None when nothing was folded."""
        n = len(folded.rest)
        if n == 0:
            return None
        moved = self.moved(folded.rest_total, REST_METERS, verdict)
        if not moved:
            return self.t("explain.folded_nothing", n=n)
        if n == 1:
            return self.t("explain.folded_one", moved=moved)
        return self.t("explain.folded", n=n, moved=moved)

    def check(self, c: debrief.Check) -> str:
        """``Ontwikkeling 62 ≥ 50 ✓``; a part that is no comparison as its words and a mark."""
        mark = self.t("explain.held" if c.held else "explain.failed")
        if c.name is None or c.value is None or c.number is None or c.op is None:
            return self.t("explain.check_plain", what=self.clause(c.text), mark=mark)
        return self.t(
            "explain.check",
            what=self.name(c.name),
            value=self.number(c.value, signed=False),
            op=OPS.get(c.op, c.op),
            limit=self.number(c.number, signed=False),
            mark=mark,
        )

    def clause(self, text: str) -> str:
        """A part of a condition that is no simple comparison, with its names in words.

        ``disheartened or flag.left_for_job > 0`` reads ``disheartened (motivation gone) or
        left for another job > 0``; the operators stay as written.
        """
        return _NAME.sub(lambda m: self.name(m.group(0)), text)

    def need(self, c: debrief.Check) -> str:
        if c.name is None or c.value is None or c.number is None or c.op is None:
            return self.t("explain.need_plain", what=self.clause(c.text))
        return self.t(
            "explain.need",
            what=self.name(c.name),
            op=OPS.get(c.op, c.op),
            limit=self.number(c.number, signed=False),
            value=self.number(c.value, signed=False),
        )

    def miss(self, miss: debrief.Miss) -> str:
        """``Het dichtst bij: „Koorddanser” vroeg Ontwikkeling ≥ 50 (jij had 47).``"""
        ending = self.model.endings[self.model.ending_index(miss.ending)]
        needs = self.t("explain.and").join(self.need(c) for c in miss.failed)
        return self.t("explain.miss", ending=ending.title[self.lang], needs=needs)

    def deciding(self, d: debrief.Debrief) -> list[str]:
        """The lines of "why this ending": its conditions, then the nearest miss."""
        lines = [self.check(c) for c in d.deciding] or [self.t("explain.fallback")]
        if d.nearest_miss is not None:
            lines.append(self.miss(d.nearest_miss))
        return lines

    def evidence(self, d: debrief.Debrief, finding: str) -> str | None:
        """``in jouw spel: pijl 5 (overbelasting) kostte Energie −38, …`` for a cited finding."""
        damage = (d.evidence or {}).get(finding)
        if damage is None:
            return None
        return self.t(
            "explain.evidence", cause=self.arrow(damage.arrow), moved=self.moved(damage.meters, 3)
        )
