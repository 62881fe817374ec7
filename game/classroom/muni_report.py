"""The municipality's debrief: your decade beside two reference municipalities on the same seed.

Built once as data (:func:`build`), then said in plain text, Markdown or one self-contained
HTML page. Every text comes from the content (nl/en); everything from a save is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from game import version
from game.classroom import debrief, htmlpage
from game.classroom.report import Strings
from game.engine.model import Model
from game.engine.municipality import (
    OUTCOMES,
    RECOMMENDATIONS,
    City,
    CityDef,
    play_reference,
)
from game.files.textsafe import markdown_text, printable


@dataclass
class PersonRow:
    name: str
    scenario: str
    shares: dict[str, dict[str, float]]  # "you" / reference id -> outcome -> share
    ally: dict[str, float]  # "you" / reference id -> share of futures with the ally chain
    causes: list[tuple[float, str]]  # (share per half-year, text), under your decade


@dataclass
class Rec:
    letter: str
    text: str
    source: str
    follows: int
    misses: int


@dataclass
class MuniDebrief:
    title: str
    intro: str
    seed: int
    runs: int
    finished: bool
    columns: list[tuple[str, str]]  # (key, heading): "you" first, then the references
    persons: list[PersonRow]
    city_lost: dict[str, float]  # key -> mean share burnt out or left over the persons
    followed: list[Rec]
    missed: list[Rec]
    untouched: list[Rec]
    decisions: list[tuple[str, str, str]]  # (when, event title, choice label)
    world_end: list[tuple[str, str]]
    questions: list[str]
    class_code: str | None = None
    student: str | None = None
    ref_texts: list[tuple[str, str]] = field(default_factory=list)  # (title, what it does)


def references(model: Model, city: CityDef, seed: int, runs: int) -> dict[str, City]:
    """The two reference municipalities played through the decade on the same seed."""
    return {ref.id: play_reference(model, city, seed, ref, runs) for ref in city.references}


def lost(shares: Mapping[str, float]) -> float:
    """Burnt out or left for other work: what the measured claims compare."""
    return shares["burnout"] + shares["other_work"]


def cause_text(model: Model, city: CityDef, rule_id: str, lang: str) -> str:
    """A rule as city hall reads it (city.yaml ``causes``), else the rule's own explanation."""
    if rule_id in city.causes:
        return city.causes[rule_id][lang]
    rule = next(r for r in model.rules if r.id == rule_id)
    return rule.explain[lang]


def world_text(model: Model, world: Mapping[str, float], t: Strings) -> list[tuple[str, str]]:
    """The city's settings as (label, value) in words."""
    out = []
    for w in model.world:
        if w.id not in world:
            continue
        v = world[w.id]
        if w.id == "contact_rotation_years":
            shown = t("muni.rotation_never") if v == 0 else t("muni.years", n=f"{v:g}")
        elif w.id == "grant_years":
            shown = t("muni.years", n=f"{v:g}")
        else:
            shown = f"{v:.2f}"
        out.append((w.label[t.lang], shown))
    return out


def build(
    model: Model,
    game: City,
    lang: str,
    refs: Mapping[str, City] | None = None,
    class_code: str | None = None,
    student: str | None = None,
) -> MuniDebrief:
    """The debrief of ``game``; the references are played here unless given."""
    city = game.city
    t = Strings(model, lang)
    refs = refs if refs is not None else references(model, city, game.seed, game.runs)
    columns = [("you", t("muni.you"))] + [(r.id, r.title[lang]) for r in city.references]
    games: dict[str, City] = {"you": game, **refs}
    rows = []
    for k, spec in enumerate(city.persons):
        shares = {key: _final_shares(g, k) for key, g in games.items()}
        ally = {key: g.ally_share(k) for key, g in games.items()}
        causes = [
            (c.share, cause_text(model, city, c.rule, lang)) for c in game.decade_causes(k)
        ]
        rows.append(PersonRow(spec.name, spec.scenario, shares, ally, causes))
    city_lost = {
        key: sum(lost(r.shares[key]) for r in rows) / max(len(rows), 1) for key, _ in columns
    }
    counts = game.followed()
    followed, missed, untouched = [], [], []
    for letter in RECOMMENDATIONS:
        source, text = city.recommendations[letter]
        f, m = counts[letter]
        rec = Rec(letter, text[lang], source, f, m)
        if f > m:
            followed.append(rec)
        elif m > 0:
            missed.append(rec)
        else:
            untouched.append(rec)
    decisions = []
    for turn, c in enumerate(game.decisions):
        ev = city.events[turn]
        when = f"{debrief.season_name(ev.season, lang, model.ui)} {ev.year}"
        decisions.append((when, ev.title[lang], ev.choices[c].label[lang]))
    return MuniDebrief(
        title=city.title[lang],
        intro=city.intro[lang],
        seed=game.seed,
        runs=game.runs,
        finished=game.finished,
        columns=columns,
        persons=rows,
        city_lost=city_lost,
        followed=followed,
        missed=missed,
        untouched=untouched,
        decisions=decisions,
        world_end=world_text(model, game.world, t),
        questions=[q[lang] for q in city.questions],
        class_code=class_code,
        student=student,
        ref_texts=[(r.title[lang], r.text[lang]) for r in city.references],
    )


def _final_shares(game: City, k: int) -> dict[str, float]:
    if game.reports:
        return dict(game.reports[-1].persons[k].shares)
    return {o: (1.0 if o == "going" else 0.0) for o in OUTCOMES}


def essay_ref(source: str) -> str:
    """The essay lines of a source ('essay 1129-1138'), the whole source if none is found."""
    m = re.search(r"essay \d+(\s*[-–]\s*\d+)?", source)
    return m.group(0) if m else source


def pct(x: float) -> str:
    return f"{100 * x:.0f}"


def summary_line(d: MuniDebrief, t: Strings) -> str:
    """One sentence: the city's loss under you and under each reference."""
    refs = "; ".join(
        t("muni.ref_lost", name=head, share=pct(d.city_lost[key])) for key, head in d.columns[1:]
    )
    return t("muni.city_lost", you=pct(d.city_lost["you"]), refs=refs)


def plain_lines(d: MuniDebrief, t: Strings) -> list[str]:
    """The debrief as lines for plain mode (a screen reader reads them in order)."""
    out = [t("muni.debrief").upper(), summary_line(d, t)]
    if not d.finished:
        out.append(t("muni.unfinished"))
    for title, text in d.ref_texts:
        out.append(f"{title}: {text}")
    for row in d.persons:
        parts = [f"{head} {pct(lost(row.shares[key]))}%" for key, head in d.columns]
        out.append(f"{row.name}, {t('muni.lost')}: " + ", ".join(parts))
        for share, text in row.causes:
            out.append("  - " + t("muni.cause", share=pct(share), cause=text))
        ally = ", ".join(f"{head} {pct(row.ally[key])}%" for key, head in d.columns)
        out.append(f"  {t('muni.ally')}: {ally}")
    for key, recs in (("muni.followed", d.followed), ("muni.missed", d.missed)):
        out.append(t(key) + ":")
        for r in recs:
            out.append(
                f"  - {t('muni.recommendation', letter=r.letter)}: {r.text} "
                f"({t('muni.times', follows=r.follows, misses=r.misses)}; {essay_ref(r.source)})"
            )
    out.append(t("muni.questions") + ":")
    out += [f"  - {q}" for q in d.questions]
    return out


def markdown(d: MuniDebrief, t: Strings) -> str:
    """The debrief as Markdown; names from a save are escaped."""
    out = [f"# {t('muni.debrief')}: {d.title}", ""]
    meta = [f"{t('report.seed')}: {d.seed}"]
    if d.class_code:
        meta.insert(0, f"{t('report.class_code')}: {markdown_text(d.class_code)}")
    if d.student:
        meta.insert(0, f"{t('report.student')}: {markdown_text(d.student)}")
    out += [" · ".join(meta), "", d.intro, ""]
    if not d.finished:
        out += [f"*{t('muni.unfinished')}*", ""]
    out += [f"## {t('muni.compare')}", "", summary_line(d, t), ""]
    out += [f"- **{title}**: {text}" for title, text in d.ref_texts] + [""]
    heads = " | ".join(head for _, head in d.columns)
    out += [f"| {t('muni.person')} | {heads} |", "|---" + "|---:" * len(d.columns) + "|"]
    for row in d.persons:
        cells = " | ".join(f"{pct(lost(row.shares[key]))}%" for key, _ in d.columns)
        out.append(f"| {row.name} ({t('muni.lost')}) | {cells} |")
    out.append("")
    for row in d.persons:
        out += [f"### {row.name}", ""]
        out += [
            f"| {t('muni.person')} | "
            + " | ".join(t(f"muni.outcome.{o}") for o in OUTCOMES)
            + f" | {t('muni.ally')} |",
            "|---" + "|---:" * (len(OUTCOMES) + 1) + "|",
        ]
        for key, head in d.columns:
            cells = " | ".join(f"{pct(row.shares[key][o])}%" for o in OUTCOMES)
            out.append(f"| {head} | {cells} | {pct(row.ally[key])}% |")
        out += ["", f"*{t('muni.causes')}:*"]
        out += [f"- {t('muni.cause', share=pct(s), cause=c)}" for s, c in row.causes] + [""]
    for key, recs in (
        ("muni.followed", d.followed),
        ("muni.missed", d.missed),
        ("muni.untouched", d.untouched),
    ):
        out += [f"## {t(key)}", ""]
        for r in recs:
            out.append(
                f"- **{t('muni.recommendation', letter=r.letter)}**: {r.text} "
                f"({t('muni.times', follows=r.follows, misses=r.misses)}) — *{r.source}*"
            )
        out.append("")
    out += [f"## {t('muni.decisions')}", ""]
    out += [f"- {when} — {title}: {label}" for when, title, label in d.decisions] + [""]
    out += [f"## {t('muni.world_end')}", ""] + [f"- {k}: {v}" for k, v in d.world_end] + [""]
    out += [f"## {t('muni.questions')}", ""] + [f"- {q}" for q in d.questions] + [""]
    out += ["---", f"{t('muni.citation')} Koorddanser {version()}."]
    return "\n".join(out).rstrip() + "\n"


def html_page(d: MuniDebrief, t: Strings) -> str:
    """The debrief as one HTML file (game/templates/muni.html.j2): no external assets; every
    text escaped by the template."""
    meta: list[tuple[str, object]] = [(t("report.seed"), d.seed)]
    if d.class_code:
        meta.insert(0, (t("report.class_code"), printable(d.class_code)))
    if d.student:
        meta.insert(0, (t("report.student"), printable(d.student)))
    persons = [
        {
            "name": row.name,
            "lost": [pct(lost(row.shares[key])) for key, _ in d.columns],
            "columns": [
                (head, [pct(row.shares[key][o]) for o in OUTCOMES], pct(row.ally[key]))
                for key, head in d.columns
            ],
            "causes": [t("muni.cause", share=pct(s), cause=c) for s, c in row.causes],
        }
        for row in d.persons
    ]
    return htmlpage.render(
        "muni.html.j2",
        lang=t.lang,
        frame="",
        main_class="doc",
        title=f"{t('muni.debrief')}: {d.title}",
        t=t,
        d=d,
        meta=meta,
        summary=summary_line(d, t),
        persons=persons,
        outcomes=OUTCOMES,
        recommendations=[
            ("muni.followed", d.followed),
            ("muni.missed", d.missed),
            ("muni.untouched", d.untouched),
        ],
        version=version(),
    )
