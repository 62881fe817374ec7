"""Behaviours that once could be broken without any test going red (issue 14's review).

Each test here was written against a deliberately broken version of the code first, so
it is known to fail when the behaviour goes: the save's explanation check, orphan
follow-up events, clipping of a choice's effects, the order of key moments, escaping of a
scenario's own text in the HTML report, and rules that all read the same state.
"""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import numpy as np

from game.classroom import debrief, report
from game.cli import main
from game.engine import Game
from game.engine.expr import compile_expr
from game.engine.model import Effect, Model, Rule
from game.engine.state import NO_EVENT, new_state
from game.engine.turn import end_turn
from game.saves import best_person as saves

SID = "cultuurhuis_zwolle"


def _played(model: Model, seed: int = 3, turns: int = 99) -> Game:
    game = Game(model, model.scenarios[SID], seed)
    rnd = random.Random(seed)
    for _ in range(turns):
        if game.finished:
            break
        game.choose(rnd.choice([i for i, ok in enumerate(game.open_choices()) if ok]))
    return game


def test_a_save_whose_explanation_was_edited_is_refused(model: Model, tmp_path: Path) -> None:
    """The why-trace in a save must match the replay, not just the meters."""
    path = saves.save(_played(model, turns=6), tmp_path / "g.json", saves.Owner("nl"))
    assert saves.check(model, path) == []
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = next(h for h in data["history"] if h["why"] and h["why"][0][1])
    entry["why"][0][1][1] += 7  # one change of one cause; meters and choices stay as they were
    path.write_text(json.dumps(data), encoding="utf-8")
    problems = saves.check(model, path)
    assert any("explanation" in p for p in problems), problems


def test_a_follow_up_event_nothing_schedules_is_named(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    events = tmp_path / "own" / "events"
    events.mkdir(parents=True)
    (events / "orphan.yaml").write_text(
        """events:
  - id: lonely_follow_up
    source: "C: a follow-up that no choice asks for; essay 466-487"
    part: C
    follow_up_only: true
    title: {nl: "Niemand vraagt erom", en: "Nobody asks for it"}
    text: {nl: "Dit komt nooit.", en: "This never comes."}
    choices:
      - id: a
        tags: [observe]
        label: {nl: "Kijk rond", en: "Look around"}
        outcome: {nl: "Niets.", en: "Nothing."}
      - id: b
        tags: [connect]
        label: {nl: "Bel iemand", en: "Call someone"}
        outcome: {nl: "Niets.", en: "Nothing."}
""",
        encoding="utf-8",
    )
    main(["validate", "--json", "--content", str(tmp_path / "own")])
    out = json.loads(capsys.readouterr().out)
    said = [w for w in out.get("warnings", []) + out.get("problems", []) if "lonely_follow_up" in w]
    assert said and "no choice leads to it" in said[0], out


def test_a_choice_cannot_push_a_meter_past_100(model: Model) -> None:
    """Effects are clipped to 0-100 when the choice is made, and the trace says what really moved."""
    ei = model.event_index("quiet_half_year")
    ci = next(i for i, c in enumerate(model.events[ei].choices) if c.id == "slow_down")
    state = new_state(model, model.scenarios[SID], 1, 1)
    state.values[model.layout["energy"]] = 99.0
    state.event = np.array([ei], dtype=np.int32)
    items = end_turn(model, state, np.array([ci]), trace=True)
    choice = next(i for i in items if i.kind == "choice")
    assert float(choice.deltas["energy"][0]) == 1.0  # +8 asked, 1 left below the ceiling
    assert state.values[model.layout["energy"], 0] <= 100
    assert state.event[0] != NO_EVENT


def test_key_moments_are_the_largest_swings_in_the_order_they_happened(model: Model) -> None:
    game = _played(model, seed=11)
    moments = debrief.key_moments(list(game.records), count=4)
    turns = [m.turn for m in moments]
    assert turns == sorted(turns) and len(turns) == 4
    # No turn left out swung more than the smallest chosen one.
    everything = debrief.key_moments(list(game.records), count=len(game.records))
    smallest = min(m.swing for m in moments)
    assert all(m.swing <= smallest + 1e-9 for m in everything if m.turn not in turns)


def test_the_scenarios_own_text_is_escaped_in_the_html_report(model: Model) -> None:
    sc = model.scenarios[SID]
    evil = {"nl": "<script>alert('wie')</script>", "en": "<img src=x onerror=alert(1)>"}
    changed = dataclasses.replace(sc, who=evil, title={"nl": "<b>T</b>", "en": "<b>T</b>"})
    m2 = dataclasses.replace(model, scenarios={**model.scenarios, SID: changed})
    game = _played(m2, turns=3)
    for lang in ("nl", "en"):
        page = report.html_page(report.build(m2, game, lang))
        assert "<script>" not in page and "<img src=x" not in page and "<b>T</b>" not in page
        assert "&lt;script&gt;" in page or "&lt;img" in page


def test_rules_all_read_the_state_after_the_choice_not_each_others_result(model: Model) -> None:
    """Schema 1's arrows act at once: a rule never sees what another rule did this turn."""
    names = model.layout.rows
    row = names["energy"]
    first = Rule(
        "lift", "test; essay 1-2", None, "D", {"nl": "x", "en": "x"}, None,
        (Effect("energy", row, compile_expr("30", names)),),
    )  # fmt: skip
    second = Rule(
        "reacts", "test; essay 1-2", None, "A", {"nl": "x", "en": "x"},
        compile_expr("energy > 60", names),
        (Effect("motivation", names["motivation"], compile_expr("5", names)),),
    )  # fmt: skip
    tiny = dataclasses.replace(model, rules=(first, second))
    state = new_state(tiny, tiny.scenarios[SID], 1, 1)
    state.values[row] = 40.0
    state.values[names["motivation"]] = 50.0
    end_turn(tiny, state, np.array([0]))
    assert state.values[row, 0] == 70.0  # the first rule applied...
    assert state.values[names["motivation"], 0] == 50.0  # ...but the second saw energy 40
