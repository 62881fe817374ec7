"""Issue 14.5: every text that reaches an HTML page is text, never markup.

Markup (a script, an attribute break-out with an image, a Jinja expression and a bare &) is put
into every text field that reaches each page: the scenario's title and who, the endings' titles
and stories, the events' titles, the choices' labels and outcomes, the meters' names, the student's name, the class
code and the file name; for the municipality's debrief and the sweep, every field of what they
show. Each page must still carry every payload (unescaped, it reads back whole), show no tag of
it, and leave the Jinja expression unevaluated.
"""

from __future__ import annotations

import dataclasses
import html
import json
from pathlib import Path

import numpy as np
import pytest

from game.classroom import muni_report, report
from game.classroom import overview as classroom
from game.engine import Game
from game.engine.model import Model
from game.engine.municipality import play
from game.lab.sweep import Axis, Cell, page
from game.saves import best_person as saves
from game.serve import pages


def evil(tag: str) -> str:
    """Markup that would run or break out of an attribute, a template expression and an &."""
    return f'<script>{tag}</script>"><img src=x onerror={tag}>{{{{ 7*7 }}}} &'


def evil_file(tag: str) -> str:
    """The same in a file name (no slash): a tag that would bold, then the image."""
    return f'<b>{tag}"><img src=x onerror={tag}>{{{{ 7*7 }}}} &.json'


def assert_inert(page_text: str, payloads: list[str]) -> None:
    """No tag of any payload survives, and every payload reads back whole from the page."""
    low = page_text.lower()
    assert "<script" not in low and "<img" not in low and "<b>" not in low
    shown = html.unescape(page_text)
    missing = [p for p in payloads if p not in shown]
    assert not missing, f"{len(missing)} payloads not on the page, e.g. {missing[:2]}"
    # The expression is on the page as written: nothing rendered the data as a template.
    assert page_text.count("{{ 7*7 }}") >= len(set(payloads))


def poisoned(model: Model) -> Model:
    """The model with markup in every text of scenarios, endings, events and choices."""

    def text(tag: str) -> dict[str, str]:
        return {"nl": evil(tag), "en": evil(tag)}

    scenarios = {
        sid: dataclasses.replace(sc, title=text(f"st-{sid}"), who=text(f"sw-{sid}"))
        for sid, sc in model.scenarios.items()
    }
    endings = tuple(
        dataclasses.replace(en, title=text(f"et-{en.id}"), story=text(f"es-{en.id}"))
        for en in model.endings
    )
    events = tuple(
        dataclasses.replace(
            ev,
            title=text(f"ev-{ev.id}"),
            choices=tuple(
                dataclasses.replace(
                    c, label=text(f"cl-{ev.id}-{i}"), outcome=text(f"co-{ev.id}-{i}")
                )
                for i, c in enumerate(ev.choices)
            ),
        )
        for ev in model.events
    )
    meters = tuple(dataclasses.replace(m, label=text(f"m-{m.id}")) for m in model.meters)
    return dataclasses.replace(
        model, scenarios=scenarios, endings=endings, events=events, meters=meters
    )


def _played(model: Model, sid: str, seed: int, pick: int, stop: int = 99) -> Game:
    game = Game(model, model.scenarios[sid], seed)
    rng = np.random.default_rng(pick)
    while not game.finished and game.turn < stop:
        options = [i for i, ok in enumerate(game.open_choices()) if ok] or [0]
        game.choose(int(rng.choice(options)))
    return game


def _shown_in_report(model: Model, game: Game, sid: str) -> list[str]:
    """The payloads a debrief must carry: its scenario, its ending, each turn's event and choice."""
    out = [evil(f"st-{sid}"), evil(f"sw-{sid}")]
    out += [evil(f"et-{game.ending.id}"), evil(f"es-{game.ending.id}")]
    out += [evil(f"m-{m}") for m in report.CHART_METERS]  # the chart's legend, the end table
    for r in game.records:
        if r.event and r.choice is not None:
            out += [evil(f"ev-{r.event}"), evil(f"cl-{r.event}-{r.choice}")]
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_debrief_shows_markup_in_every_field_as_text(
    model: Model, scenario_id: str, lang: str
) -> None:
    bad = poisoned(model)
    game = _played(bad, scenario_id, 7, 1)
    page_text = report.html_page(report.build(bad, game, lang, evil("code"), evil("student")))
    expected = _shown_in_report(bad, game, scenario_id) + [evil("code"), evil("student")]
    assert_inert(page_text, expected)


def test_the_class_overview_and_the_teacher_page_show_markup_as_text(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    bad = poisoned(model)
    folder = tmp_path / "class"
    folder.mkdir()
    expected = [evil(f"st-{scenario_id}")]
    for i in range(3):  # the last one unfinished: the page lists it by name and file name
        game = _played(bad, scenario_id, 21, i, stop=4 if i == 2 else 99)
        owner = saves.Owner("nl", "CODE-0021", evil(f"name{i}"))
        path = saves.save(game, folder / evil_file(f"file{i}"), owner)
        expected += [evil(f"name{i}"), evil_file(f"file{i}")]
        expected += [evil(f"et-{game.ending.id}")] if game.ending else []
        expected += [evil(f"ev-{r.event}") for r in game.records if r.event]
        expected += [evil(f"cl-{r.event}-{r.choice}") for r in game.records if r.event]
    # A class code from a hand-edited save: it is shown in the heading as it was saved.
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["class_code"] = evil("code")
    path.write_text(json.dumps(raw), encoding="utf-8")
    (folder / evil_file("broken")).write_text("{not json", encoding="utf-8")
    expected += [evil_file("broken")]
    data = classroom.overview(bad, folder, 50, "en")
    page_text = classroom.html_page(bad, data, "en")
    assert_inert(page_text, [*expected, evil("code")])
    teacher = pages.teacher(
        lambda key, **kw: key, "en", code="CODE-0021", folder="f", token="t", refresh=5,
        rows=[], online=0, limit=30, overview_parts=classroom.html_parts(bad, data, "en"),
        overview_css=classroom.HTML_CSS,
    )  # fmt: skip
    assert_inert(teacher, expected)


def test_the_municipality_debrief_shows_markup_in_every_field_as_text(model: Model) -> None:
    from game.content.municipality import load_city

    city = load_city(model)
    t = report.Strings(model, "en")
    d = muni_report.build(model, play(model, city, 2, [0] * 20, 100), "en")
    rec = dataclasses.replace(d.followed[0] if d.followed else d.untouched[0],
                              text=evil("rec"), source=evil("src"))  # fmt: skip
    person = dataclasses.replace(d.persons[0], name=evil("person"),
                                 causes=[(0.5, evil("cause"))])  # fmt: skip
    d = dataclasses.replace(
        d,
        title=evil("city"), intro=evil("intro"), student=evil("student"), class_code=evil("code"),
        persons=[person], followed=[rec], missed=[], untouched=[],
        decisions=[(evil("when"), evil("event"), evil("choice"))],
        world_end=[(evil("wk"), evil("wv"))], questions=[evil("question")],
        ref_texts=[(evil("ref"), evil("reftext"))],
    )  # fmt: skip
    page_text = muni_report.html_page(d, t)
    expected = ["city", "intro", "student", "code", "person", "cause", "rec", "src", "when",
                "event", "choice", "wk", "wv", "question", "ref", "reftext"]  # fmt: skip
    assert_inert(page_text, [evil(x) for x in expected])


def test_the_sweep_page_shows_markup_in_every_field_as_text(model: Model) -> None:
    axes = [Axis(evil("a1"), (1.0, 2.0)), Axis(evil("a2"), (0.0,))]
    counts = np.zeros(len(model.endings), dtype=np.int64)
    counts[0] = 10
    cells = [Cell(evil("scen"), evil("pol"), ((evil("a1"), g), (evil("a2"), 0.0)), 10, counts)
             for g in (1.0, 2.0)]  # fmt: skip
    page_text = page(model, cells, axes, 10, 1, lambda key, **kw: evil(key) + str(kw), "en")
    expected = [evil("a1"), evil("a2"), evil("cli.sweep.title"), evil("cli.sweep.col.burnout")]
    assert_inert(page_text, expected)
    assert evil("scen") in html.unescape(page_text) and evil("pol") in html.unescape(page_text)
