"""The balance tells the research's story: every target of content/calibration.yaml holds.

The targets are data; this test reads them, measures them with the simulator in every
loaded scenario (20,000 runs each, the file's seed) and asserts each. The same code
backs `koorddanser balance --check`, so the command and the test agree by construction.
"""

from __future__ import annotations

from functools import cache

import pytest

from game.calibration import Result, check_scenario, load_calibration
from game.content import load_model

MODEL = load_model()
CAL = load_calibration(model=MODEL)
TARGETS = [t.id for t in CAL.targets]


@cache
def results() -> dict[str, list[Result]]:
    """Every target in every scenario, measured once for the whole module."""
    return {sid: check_scenario(MODEL, CAL, sid) for sid in sorted(MODEL.scenarios)}


def _failing(prefix: str) -> list[str]:
    return [
        f"{r.scenario}: {r.target.id} = {r.value:.3f}, needs {r.target.bounds()} {r.detail}"
        for rows in results().values()
        for r in rows
        if r.target.id.startswith(prefix) and not r.ok
    ]


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS)
def test_calibration_target_holds_in_every_scenario(target: str) -> None:
    assert not _failing(target), _failing(target)


@pytest.mark.slow
def test_endings_match_their_stories() -> None:
    assert not _failing("ending_stories_hold"), _failing("ending_stories_hold")


@pytest.mark.slow
def test_the_essays_claims_hold_with_the_files_margins() -> None:
    """Each claim of game/claims.py, with the margins calibration.yaml demands (>= 5 points)."""
    assert not _failing("claim:"), _failing("claim:")


def test_every_target_is_measured_in_every_scenario() -> None:
    """The file's targets, the stories check and every claim: nothing silently left out."""
    from game.claims import CLAIMS

    model, cal = MODEL, CAL
    rows = check_scenario(model, cal, sorted(model.scenarios)[0], runs=300)
    ids = [r.target.id for r in rows]
    assert ids == [*TARGETS, "ending_stories_hold", *(f"claim:{c.id}" for c in CLAIMS)]
