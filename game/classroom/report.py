"""The debrief to hand in: Markdown, or one self-contained HTML file with an SVG chart.

Questions follow the DATA order of debriefing: Description, Analysis, Transition,
Application. Every heading and label comes from the content's UI strings (nl and en).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game import version
from game.classroom import debrief, htmlpage
from game.classroom.explain import Words
from game.engine import Game
from game.engine.model import Model
from game.files.textsafe import markdown_text, printable
from game.i18n import Texts

# The meters drawn in the chart: the ones a debrief talks about most.
CHART_METERS = ("energy", "motivation", "home_support", "funding", "trust", "successor_readiness")
# Colours readable on white and in greyscale print (distinct dash patterns too).
CHART_STYLE = {
    "energy": ("#c0392b", ""),
    "motivation": ("#1f6fb2", "6 3"),
    "home_support": ("#7b3fa0", "2 3"),
    "funding": ("#2e7d32", "8 3 2 3"),
    "trust": ("#b8860b", "1 2"),
    "successor_readiness": ("#444444", "10 4"),
}


class Strings(Texts):
    """The model's UI strings in one language (game.i18n's lookup and missing-text rule)."""

    def __init__(self, model: Model, lang: str) -> None:
        super().__init__(model.ui, lang)


def finding_name(t: Strings, finding: str) -> str:
    """'conclusion c' -> 'Conclusie c' / 'Conclusion c'."""
    kind, _, letter = finding.partition(" ")
    return f"{t(f'label.{kind}')} {letter}"


def _when(year: int, season: int, t: Strings) -> str:
    return f"{t(f'season.{season}')} {year}"


def _label(model: Model, meter: str, lang: str) -> str:
    return next(m.label[lang] for m in model.meters if m.id == meter)


def _why_lines(model: Model, record, lang: str, words: Words | None = None) -> list[str]:
    """Every cause of a turn, in words: the choice first, then the rules largest first.

    A report keeps the full trace; only the app and plain mode fold the small causes.
    """
    words = words or Words(model, lang)
    ev = model.events[model.event_index(record.event)] if record.event else None
    label = ev.choices[record.choice].label[lang] if ev and record.choice is not None else None
    folded = debrief.fold(record, model.meter_ids)
    return [words.why_line(c, label) for c in folded.shown + folded.rest]


def chart_svg(
    model: Model,
    history: np.ndarray,
    start_year: int,
    turns: int,
    lang: str,
    width: int = 640,
    height: int = 260,
) -> str:
    """An SVG line chart of the main meters over the decade, with a legend and year ticks
    (game/templates/chart.svg.j2; its title and the meters' names escaped by the template).

    Point 0 is the start (autumn of the first year); point k is the state after turn k.
    """
    left, right, top, bottom = 36, 150, 12, 28
    pw, ph = width - left - right, height - top - bottom
    ids = model.meter_ids

    def x(i: float) -> float:
        return left + pw * i / max(turns, 1)

    def y(v: float) -> float:
        return top + ph * (1 - v / 100)

    series = []
    for n, meter in enumerate(CHART_METERS):
        if meter not in ids:
            continue
        row = history[:, ids.index(meter)]
        colour, dash = CHART_STYLE[meter]
        series.append(
            {
                "colour": colour,
                "dash": dash,
                "points": " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, v in enumerate(row)),
                "legend_y": top + 14 + 18 * n,
                "label": _label(model, meter, lang),
            }
        )
    return htmlpage.render(
        "chart.svg.j2",
        width=width,
        height=height,
        title=Strings(model, lang)("report.chart_title"),
        left=left,
        right_edge=left + pw,
        grid=[(v, f"{y(v):.1f}", f"{y(v) + 4:.1f}") for v in (0, 25, 50, 75, 100)],
        years=[(f"{x(k):.1f}", start_year + (k + 1) // 2) for k in range(0, turns + 1, 2)],
        series=series,
    )


Sections = dict[str, Any]
"""What :func:`build` gives: every piece of a debrief as plain text, for either format."""


def build(
    model: Model,
    game: Game,
    lang: str = "nl",
    class_code: str | None = None,
    student: str | None = None,
) -> Sections:
    """Everything a report shows, as plain text pieces: render it with :func:`markdown` or
    :func:`html_page`. ``class_code`` and ``student`` come from a save: untrusted."""
    t = Strings(model, lang)
    words = Words(model, lang)
    d = debrief.build(model, game)
    sc = game.scenario
    ending = game.ending
    timeline = []
    for r in game.records:
        ev = model.events[model.event_index(r.event)] if r.event else None
        ch = ev.choices[r.choice] if ev is not None and r.choice is not None else None
        timeline.append(
            {
                "when": _when(r.year, r.season, t),
                "event": ev.title[lang] if ev else t("report.quiet_turn"),
                "choice": ch.label[lang] if ch else "",
                "outcome": ch.outcome[lang] if ch else "",
                "why": _why_lines(model, r, lang, words),
            }
        )
    moments = []
    for m in d.moments:
        ev = model.events[model.event_index(m.event)] if m.event else None
        ch = next((c for c in ev.choices if c.id == m.choice_id), None) if ev else None
        moments.append(
            (
                f"{_when(m.year, m.season, t)} — {ev.title[lang] if ev else ''}: {ch.label[lang] if ch else ''}",
                words.moment(m),
            )
        )
    data = {
        "description": [t("report.q_description_1"), t("report.q_description_2")],
        "analysis": [q[lang] for q in ending.questions] if ending else [t("report.q_unfinished")],
        "transition": [t("report.q_transition_1"), t("report.q_transition_2")],
        "application": [t("report.q_application_1"), t("report.q_application_2")],
    }
    return {
        "t": t,
        "title": t("report.title"),
        "scenario": sc.title[lang],
        "who": sc.who[lang],
        "class_code": class_code,
        "student": student,
        "seed": game.seed,
        "ending_title": ending.title[lang] if ending else t("report.unfinished"),
        "ending_story": ending.story[lang] if ending else t("report.unfinished_story"),
        "person": t(f"label.person.{ending.person}") if ending else "",
        "initiative": t(f"label.initiative.{ending.initiative}") if ending else "",
        "findings": [
            f"{finding_name(t, f)}: {model.findings[f][lang]}"
            + (f" ({why})" if (why := words.evidence(d, f)) else "")
            for f in d.findings
            if f in model.findings
        ],
        "deciding": words.deciding(d) if ending else [],
        "tags": [(model.tag_labels.get(tag, {}).get(lang, tag), n) for tag, n in d.tags.items()],
        "moments": moments,
        "timeline": timeline,
        "data": data,
        "history": d.history,
        "start_year": sc.start_year,
        "chart": chart_svg(model, d.history, sc.start_year, sc.turns, lang),
        "lang": lang,
        "final": [
            (_label(model, m, lang), float(v))
            for m, v in zip(model.meter_ids, d.history[-1], strict=True)
        ],
    }


def markdown(s: Sections) -> str:
    """The debrief (see :func:`build`) as Markdown. Fields from the save file (class code,
    name) are escaped: no HTML, no line break that could fake a heading."""
    t = s["t"]
    out = [f"# {s['title']}: {s['scenario']}", ""]
    meta = [f"{t('report.seed')}: {s['seed']}"]
    if s["class_code"]:
        meta.insert(0, f"{t('report.class_code')}: {markdown_text(s['class_code'])}")
    if s["student"]:
        meta.insert(0, f"{t('report.student')}: {markdown_text(s['student'])}")
    out += [" · ".join(meta), "", s["who"], "", f"## {t('report.ending')}: {s['ending_title']}", ""]
    if s["person"]:
        out += [
            f"*{t('report.person')}: {s['person']} · {t('report.initiative')}: {s['initiative']}*",
            "",
        ]
    out += [s["ending_story"], ""]
    if s["deciding"]:
        out += [f"### {t('explain.deciding')}", ""] + [f"- {x}" for x in s["deciding"]] + [""]
    out += [f"## {t('report.meters_end')}", ""]
    out += [f"| {t('report.meter')} | {t('report.value')} |", "|---|---:|"] + [
        f"| {name} | {v:.0f} |" for name, v in s["final"]
    ]
    out += ["", f"## {t('report.moments')}", ""]
    for head, split in s["moments"]:
        out += [f"- {head}", f"  - {split}"]
    out += ["", f"## {t('report.tags')}", ""] + [f"- {name}: {n}" for name, n in s["tags"]]
    out += ["", f"## {t('report.findings')}", ""] + [f"- {f}" for f in s["findings"]]
    out += ["", f"## {t('report.timeline')}", ""]
    for row in s["timeline"]:
        out.append(f"### {row['when']} — {row['event']}")
        if row["choice"]:
            out += ["", f"**{t('report.you_chose')}:** {row['choice']}", "", row["outcome"]]
        if row["why"]:
            out += ["", f"*{t('report.why')}:*"] + [f"- {w}" for w in row["why"]]
        out.append("")
    out += [f"## {t('report.questions')}", ""]
    for key in ("description", "analysis", "transition", "application"):
        out += [f"### {t(f'report.data_{key}')}", ""] + [f"- {q}" for q in s["data"][key]] + [""]
    out += ["---", f"{t('report.citation')} Koorddanser {version()}."]
    return "\n".join(out).rstrip() + "\n"


def html_page(s: Sections) -> str:
    """The debrief (see :func:`build`) as one HTML file (game/templates/report.html.j2): no
    external assets, prints well; every text is escaped by the template."""
    t = s["t"]
    meta: list[tuple[str, object]] = [(t("report.seed"), s["seed"])]
    if s["class_code"]:
        meta.insert(0, (t("report.class_code"), printable(s["class_code"])))
    if s["student"]:
        meta.insert(0, (t("report.student"), printable(s["student"])))
    return htmlpage.render(
        "report.html.j2",
        lang=s["lang"],
        frame="",
        main_class="doc",
        title=f"{s['title']}: {s['scenario']}",
        s=s,
        t=t,
        meta=meta,
        story=s["ending_story"].split("\n\n"),
        chart=htmlpage.markup(s["chart"]),  # chart_svg escaped its own texts
        version=version(),
    )
