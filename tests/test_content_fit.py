"""Events appear only in scenarios they fit: the include and exclude filters hold in play."""

from __future__ import annotations

import numpy as np

from game.engine.batch import simulate
from game.engine.model import Model

# Events whose text assumes what only some players have, and where they must not appear.
MISFITS = {
    "room_rental_drift": [
        "wijkwerker_denhaag",
        "jongerenwerker_amsterdam",
        "brugbouwer_leeuwarden",
    ],
    "culture_subsidy_cut": [
        "wijkwerker_denhaag",
        "jongerenwerker_amsterdam",
        "brugbouwer_leeuwarden",
    ],
    "housing_corporation_partner": ["cultuurhuis_zwolle"],
    "volunteer_burnout": ["jongerenwerker_amsterdam", "brugbouwer_leeuwarden"],
}


def test_excluded_events_are_never_drawn(model: Model) -> None:
    ids = [e.id for e in model.events]
    for eid, scenarios in MISFITS.items():
        ei = ids.index(eid)
        for sid in scenarios:
            assert ei not in model.scenarios[sid].events, (eid, sid)
            res = simulate(model, sid, 300, 7, model.policies["random"])
            assert res.events_drawn[ei] == 0, (eid, sid)


def test_fits_reads_include_and_exclude(model: Model) -> None:
    ev = next(e for e in model.events if e.exclude_scenarios)
    for sid in model.scenarios:
        assert ev.fits(sid) == (sid not in ev.exclude_scenarios)


def test_the_two_just_start_events_never_meet(model: Model) -> None:
    ids = [e.id for e in model.events]
    a, b = ids.index("pilot_without_money"), ids.index("spot_trend_early")
    for sid in model.scenarios:
        res = simulate(model, sid, 400, 3, model.policies["random"], record_choices=True)
        runs = res.choice_runs
        assert runs is not None
        both = runs[a].any(axis=0) & runs[b].any(axis=0)
        assert not np.any(both), sid
