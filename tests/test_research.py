"""The essay's conclusions must emerge from the model — never be written into it.

Each claim (game/claims.py) compares two simulations with the same seed, 20,000 runs
each, that differ in one world setting, starting meter or policy, and asserts the
direction the research reports with a margin — in every scenario.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.claims import CLAIMS, Claim, Lab
from game.engine.model import Model

RUNS = 20_000


@pytest.fixture(scope="module")
def lab(model: Model) -> Lab:
    return Lab(model, runs=RUNS, seed=2021)


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_holds_in_every_scenario(lab: Lab, claim: Claim) -> None:
    failing = []
    for sid in sorted(lab.model.scenarios):
        hi, lo = claim.measure(lab, sid)
        if not claim.holds(hi, lo, claim.margin):
            failing.append(
                f"{sid}: {hi:.3f} ({claim.sides['en'][0]}) vs {lo:.3f} ({claim.sides['en'][1]})"
            )
    assert not failing, f"{claim.text['en']} does not hold in: " + "; ".join(failing)


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
