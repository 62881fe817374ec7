"""The essay's conclusions must emerge from the model — never be written into it.

Each claim (game/lab/claims.py) compares two simulations with the same seed, 20,000 runs
each, that differ in one world setting, starting meter or policy. That every claim holds,
with the margins of content/calibration.yaml, in every scenario, is asserted by
tests/test_calibration.py (as `balance --check` does); here: that the comparisons are sound.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.lab.claims import Lab

RUNS = 20_000
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lab(shared_lab) -> Lab:  # type: ignore[no-untyped-def]
    """The session's lab (tests/conftest.SharedLab): the calibration's seed 2021 and 20,000 runs,
    shared with tests/test_calibration.py's claims."""
    assert (shared_lab.lab.runs, shared_lab.lab.seed) == (RUNS, 2021)
    return shared_lab.lab


def test_management_comparison_has_both_groups(lab: Lab) -> None:
    """The manager claims compare runs that took the role with runs that did not: both must be many."""
    for sid in sorted(lab.model.scenarios):
        result = lab.run(sid, {"management": 20})
        took = result.state.values[lab.model.layout["flag.management_role"]] > 0
        assert took.sum() > 500 and (~took).sum() > 500, sid


def test_results_are_not_trivially_all_one_ending(lab: Lab) -> None:
    for sid in sorted(lab.model.scenarios):
        result = lab.run(sid)
        counts = (
            np.bincount(result.ending.astype(np.int64), minlength=len(lab.model.endings)) / RUNS
        )
        assert counts.max() <= 0.45, f"{sid}: one ending takes {counts.max():.0%} of random play"
