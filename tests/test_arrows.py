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


@pytest.mark.parametrize(("arrow", "meter"), [(7, "motivation"), (8, "development")])
def test_arrows7_8_change_you_set_in_motion(
    model: Model, scenario_id: str, arrow: int, meter: str
) -> None:
    ev = model.events[model.event_index("quiet_half_year")]
    change = next(i for i, c in enumerate(ev.choices) if "step_back" in c.tags)
    same = next(
        i
        for i, c in enumerate(ev.choices)
        if not set(c.tags)
        & {"step_back", "reflect", "new_project", "management", "successor", "training"}
    )
    changed, stayed = arrow_effect(
        model, scenario_id, arrow, meter, {}, event="quiet_half_year", choices=(change, same)
    )
    assert changed > stayed
