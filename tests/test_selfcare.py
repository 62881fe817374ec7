"""Issue 9 item 7: the player can look after themselves often enough (measured, not assumed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from game.engine.model import Model

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "selfcare.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("selfcare", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["selfcare"] = mod
    spec.loader.exec_module(mod)
    return mod


selfcare = _load_script()


@pytest.mark.parametrize(
    "scenario_id",
    [
        "cultuurhuis_zwolle",
        "jongerenwerker_amsterdam",
        "wijkwerker_denhaag",
        "brugbouwer_leeuwarden",
    ],
)
def test_every_three_turns_offer_a_way_to_look_after_yourself(
    model: Model, scenario_id: str
) -> None:
    figures = selfcare.measure(model, scenario_id, 600, 11, model.policies["random"])
    assert figures.games_ok >= 0.90, (figures.games_ok, list(figures.gaps.items())[:5])


def test_self_care_means_relief_not_an_exit(model: Model) -> None:
    by_id = {(e.id, c.id): c for e in model.events for c in e.choices}
    assert selfcare.is_self_care(by_id[("quiet_half_year", "slow_down")])  # step_back
    assert selfcare.is_self_care(by_id[("intern_arrives", "no_time_now")])  # workload -6
    assert not selfcare.is_self_care(by_id[("consider_stopping", "hand_over_and_step_back")])
    assert not selfcare.is_self_care(by_id[("quiet_half_year", "extra_evening")])
