"""One test per arrow of Schema 1: the rules push in the direction the essay describes.

Each test plays one turn for two runs that differ in one thing only, and compares what the
rules of that arrow did to them (read from the trace, so a renamed rule still counts).
"""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.model import Model
from game.engine.state import NO_EVENT, new_state
from game.engine.turn import end_turn


def arrow_effect(
    model: Model,
    scenario_id: str,
    arrow: int,
    meter: str,
    setup: dict[str, tuple[float, float]],
    event: str | None = None,
    choices: tuple[int, int] = (0, 0),
) -> tuple[float, float]:
    """The change the rules of ``arrow`` make to ``meter`` in run 0 and run 1."""
    sc = model.scenarios[scenario_id]
    state = new_state(model, sc, 1, 2)
    state.turn = 3
    state.values[model.layout["official_tenure"]] = 1
    state.values[model.layout["grant_age"]] = 0.5
    for name, (a, b) in setup.items():
        state.values[model.layout[name]] = (a, b)
    state.values[model.layout["turn"]] = 3
    if event is None:
        state.event[:] = NO_EVENT
    else:
        state.event[:] = model.event_index(event)
    items = end_turn(model, state, np.array(choices), trace=True)
    totals = np.zeros(2)
    for item in items:
        if item.kind == "rule" and item.arrow == arrow and meter in item.deltas:
            totals += item.deltas[meter]
    return float(totals[0]), float(totals[1])


def test_arrow1_motivation_takes_on_the_challenge(model: Model, scenario_id: str) -> None:
    high, low = arrow_effect(model, scenario_id, 1, "workload", {"motivation": (95, 40)})
    assert high > low
    high, low = arrow_effect(model, scenario_id, 1, "development", {"motivation": (95, 40)})
    assert high > low


def test_arrow2_meaning_motivates(model: Model, scenario_id: str) -> None:
    seen, unseen = arrow_effect(model, scenario_id, 2, "motivation", {"recognition": (80, 5)})
    assert seen > 0 > unseen


def test_arrow3_context_raises_the_challenge_and_allies_help(
    model: Model, scenario_id: str
) -> None:
    alone, backed = arrow_effect(model, scenario_id, 3, "workload", {"allies": (0, 100)})
    assert alone > backed
    ended, running = arrow_effect(model, scenario_id, 3, "funding", {"grant_age": (0, 0.5)})
    assert ended < running


def test_arrow4_context_hits_motivation(model: Model, scenario_id: str) -> None:
    boxed, free = arrow_effect(
        model, scenario_id, 4, "motivation", {"world.domain_rigidity": (1, 0)}
    )
    assert boxed < free
    new, known = arrow_effect(
        model, scenario_id, 4, "allies", {"official_tenure": (0, 1), "allies": (60, 60)}
    )
    assert new < known


def test_arrow5_overload_spills_into_private_life(model: Model, scenario_id: str) -> None:
    setup = {"workload": (100, 20), "energy": (40, 40)}
    over, fine = arrow_effect(model, scenario_id, 5, "energy", setup)
    assert over < fine
    over, fine = arrow_effect(model, scenario_id, 5, "home_support", setup)
    assert over < fine


def test_arrow6_private_burden_makes_the_challenge_too_big(model: Model, scenario_id: str) -> None:
    burdened, free = arrow_effect(model, scenario_id, 6, "energy", {"private_burden": (70, 0)})
    assert burdened < free


GROWTH = {"new_project", "training", "reflect", "successor", "management"}
CHANGE = GROWTH | {"step_back"}


def _pair(model: Model, changed: set[str]) -> tuple[str, int, int]:
    """An event with one choice carrying a tag in ``changed`` and one with no change at all."""
    for ev in model.events:
        with_change = [
            i for i, c in enumerate(ev.choices) if set(c.tags) & changed and c.when is None
        ]
        without = [
            i for i, c in enumerate(ev.choices) if not set(c.tags) & CHANGE and c.when is None
        ]
        if with_change and without and ev.when is None:
            return ev.id, with_change[0], without[0]
    raise AssertionError("no event offers both a change and no change")


@pytest.mark.parametrize(
    ("arrow", "meter", "changed"), [(7, "motivation", CHANGE), (8, "development", GROWTH)]
)
def test_arrows7_8_change_you_set_in_motion(
    model: Model, scenario_id: str, arrow: int, meter: str, changed: set[str]
) -> None:
    event, change, same = _pair(model, changed)
    moved, stayed = arrow_effect(
        model, scenario_id, arrow, meter, {}, event=event, choices=(change, same)
    )
    assert moved > stayed
