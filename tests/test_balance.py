"""Issue 5's balance goals, over 20,000 runs per scenario and policy.

- every ending is reached by some policy in at least 1% of runs;
- under random play no ending takes more than 45% of the runs;
- no built-in policy reaches the best endings more than 80% of the time;
- a mix of strategies (the built-in, state-aware `tightrope`) beats every single-tag extreme.

Over every loaded scenario, not a fixed list: a teacher's own scenario is held to the same.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from game.content import load_model
from game.engine.model import TAGS, Model
from game.lab.analysis import BEST_SHARE_LIMIT

RUNS = 20_000

pytestmark = pytest.mark.slow


@cache
def _model() -> Model:
    return load_model()


def ending_shares(lab, sid: str, policy: str | tuple[tuple[str, float], ...]) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Ending shares under a built-in policy (by name) or a plain tag mix.

    The games are the session's (tests/conftest.SharedLab, the calibration's seed and 20,000
    runs): a built-in policy's are the calibration bench's, a tag mix's the claims' lab's.
    """
    model = lab.model
    if isinstance(policy, str):
        result = lab.bench(sid).result(policy)
    else:
        result = lab.lab.run(sid, dict(policy))
    assert result.ending.size == RUNS
    return np.bincount(result.ending.astype(np.int64), minlength=len(model.endings)) / RUNS


def builtin(model: Model, name: str) -> str:
    return name


def good_share(model: Model, shares: np.ndarray) -> float:
    return float(shares[[e.good for e in model.endings]].sum())


def test_every_ending_is_reached_by_some_policy(model: Model, shared_lab) -> None:  # type: ignore[no-untyped-def]
    reached = np.zeros(len(model.endings))
    for sid in model.scenarios:
        for name in model.policies:
            reached = np.maximum(reached, ending_shares(shared_lab, sid, builtin(model, name)))
    rare = {
        e.id: round(float(v), 4) for e, v in zip(model.endings, reached, strict=True) if v < 0.01
    }
    assert not rare, f"endings no policy reaches in 1% of runs: {rare}"


@pytest.mark.parametrize("sid", sorted(_model().scenarios))
def test_random_play_spreads_over_endings(model: Model, shared_lab, sid: str) -> None:  # type: ignore[no-untyped-def]
    shares = ending_shares(shared_lab, sid, builtin(model, "random"))
    top = int(shares.argmax())
    assert shares[top] <= 0.45, f"{model.endings[top].id} takes {shares[top]:.0%}"
    assert (shares > 0.01).sum() >= 6, "random play should meet many endings"


def test_no_policy_wins_too_easily(model: Model, shared_lab) -> None:  # type: ignore[no-untyped-def]
    too_easy = []
    for sid in sorted(model.scenarios):
        for name in model.policies:
            g = good_share(model, ending_shares(shared_lab, sid, builtin(model, name)))
            if g > BEST_SHARE_LIMIT:
                too_easy.append(f"{sid}/{name}: {g:.0%}")
    assert not too_easy, too_easy


def test_a_mix_beats_every_single_tag_extreme(model: Model, shared_lab) -> None:  # type: ignore[no-untyped-def]
    sids = sorted(model.scenarios)
    mix = np.mean(
        [good_share(model, ending_shares(shared_lab, s, builtin(model, "tightrope"))) for s in sids]
    )
    losers = {}
    for tag in TAGS:
        if tag == "exit":
            continue
        extreme = np.mean(
            [good_share(model, ending_shares(shared_lab, s, ((tag, 20.0),))) for s in sids]
        )
        if not mix > extreme + 0.02:
            losers[tag] = round(float(extreme), 3)
    assert not losers, f"the mix ({mix:.3f}) does not beat: {losers}"


def test_scenarios_are_different_lives(model: Model, shared_lab) -> None:  # type: ignore[no-untyped-def]
    """Four best persons, four decades: their random-play ending mixes must differ."""
    sids = sorted(model.scenarios)
    assert len(sids) >= 4
    rows = [ending_shares(shared_lab, s, builtin(model, "random")) for s in sids]
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            assert np.abs(rows[i] - rows[j]).sum() > 0.10, f"{sids[i]} and {sids[j]} play alike"
