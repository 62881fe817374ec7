"""The balance tells the research's story: every target of content/calibration.yaml holds.

The targets are data; this test reads them, measures them with the simulator in every
loaded scenario (20,000 runs each, the file's seed) and asserts each. The same code
backs `koorddanser balance --check`, so the command and the test agree by construction.
"""

from __future__ import annotations

import pytest

from game.content import load_model
from game.lab.calibration import check_scenario, load_calibration

MODEL = load_model()
CAL = load_calibration(model=MODEL)
TARGETS = [t.id for t in CAL.targets]


def _failing(shared_lab, prefix: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every target in every scenario, measured once per session (tests/conftest.SharedLab)."""
    return [
        f"{r.scenario}: {r.target.id} = {r.value:.3f}, needs {r.target.bounds()} {r.detail}"
        for sid in sorted(shared_lab.model.scenarios)
        for r in shared_lab.check(sid)
        if r.target.id.startswith(prefix) and not r.ok
    ]


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS)
def test_calibration_target_holds_in_every_scenario(shared_lab, target: str) -> None:  # type: ignore[no-untyped-def]
    assert not _failing(shared_lab, target), _failing(shared_lab, target)


@pytest.mark.slow
def test_endings_match_their_stories(shared_lab) -> None:  # type: ignore[no-untyped-def]
    assert not _failing(shared_lab, "ending_stories_hold"), _failing(
        shared_lab, "ending_stories_hold"
    )


@pytest.mark.slow
def test_the_essays_claims_hold_with_the_files_margins(shared_lab) -> None:  # type: ignore[no-untyped-def]
    """Each claim of game/lab/claims.py, with the margins calibration.yaml demands (>= 5 points)."""
    assert not _failing(shared_lab, "claim:"), _failing(shared_lab, "claim:")


def test_every_target_is_measured_in_every_scenario() -> None:
    """The file's targets, the stories check and every claim: nothing silently left out."""
    from game.lab.claims import CLAIMS

    model, cal = MODEL, CAL
    rows = check_scenario(model, cal, sorted(model.scenarios)[0], runs=300)
    ids = [r.target.id for r in rows]
    assert ids == [*TARGETS, "ending_stories_hold", *(f"claim:{c.id}" for c in CLAIMS)]
