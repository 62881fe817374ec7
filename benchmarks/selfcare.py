"""Measure: how often can the player look after themselves? (issue 9, item 7)

    python benchmarks/selfcare.py [--runs 2000] [--seed 1] [--policy random] [--gaps]

A choice counts as self-care when it is no exit and it lets the player reflect, rest, say
no or share the load: it carries the tag `reflect` or `step_back`, or its effects lower
the workload, or it restores energy (+3 or more) without adding work. For every game the
script looks at each window of three consecutive turns the player played and asks whether
at least one of those turns offered such a choice (open, on the drawn event). It prints,
per scenario, the share of games in which every window did, and the share of turns that
offered one. `--gaps` lists the events drawn most often that offer none.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np

from game.content.loader import load_model
from game.engine.model import Choice, Model, Policy
from game.engine.policy import Chooser, pick
from game.engine.state import new_state
from game.engine.turn import begin_turn, choices_open, end_turn

SELF_CARE_TAGS = frozenset({"reflect", "step_back"})
WINDOW = 3


def _constant(choice: Choice, meter: str) -> float:
    """The choice's fixed effect on a meter (0 when none or when it depends on the state)."""
    for eff in choice.effects:
        if eff.name == meter:
            return eff.expr.constant or 0.0
    return 0.0


def is_self_care(choice: Choice) -> bool:
    """Reflect, rest, say no or share the load — and stay in the game."""
    if choice.ends_game:
        return False
    if SELF_CARE_TAGS & set(choice.tags):
        return True
    workload, energy = _constant(choice, "workload"), _constant(choice, "energy")
    return workload < 0 or (energy >= 3 and workload <= 0)


def self_care_mask(model: Model) -> np.ndarray:
    """(E, C) booleans: which choice of which event is a self-care choice."""
    out = np.zeros((len(model.events), max(model.max_choices, 1)), dtype=bool)
    for ei, ev in enumerate(model.events):
        for ci, ch in enumerate(ev.choices):
            out[ei, ci] = is_self_care(ch)
    return out


@dataclass
class SelfCareFigures:
    """What a batch of games showed about the chance to look after yourself."""

    games_ok: float  # share of games where every 3-turn window offered self-care
    turns_offered: float  # share of played turns that offered self-care
    gaps: dict[str, int]  # event id -> times drawn without a self-care choice open


def measure(
    model: Model, scenario_id: str, runs: int, seed: int, policy: Policy
) -> SelfCareFigures:
    """Play ``runs`` games like the batch simulator does and record the offers per turn."""
    scenario = model.scenarios[scenario_id]
    state = new_state(model, scenario, seed, np.arange(runs, dtype=np.uint64))
    chooser = Chooser(model, policy)
    mask = self_care_mask(model)
    played = np.zeros((scenario.turns, runs), dtype=bool)
    offered = np.zeros((scenario.turns, runs), dtype=bool)
    gaps: dict[str, int] = {}
    for t in range(scenario.turns):
        if not state.alive.any():
            break
        event = begin_turn(model, state)
        open_ = choices_open(model, state)
        live = state.alive & (event >= 0)
        ev = np.where(live, event, 0)
        offer = live & (open_ & mask[ev]).any(axis=1)
        played[t], offered[t] = state.alive, offer
        for ei in np.unique(event[live & ~offer]):
            n = int(np.count_nonzero(event[live & ~offer] == ei))
            gaps[model.events[ei].id] = gaps.get(model.events[ei].id, 0) + n
        end_turn(model, state, pick(state, chooser.weights(state), open_))
    failed = np.zeros(runs, dtype=bool)
    for t in range(scenario.turns - WINDOW + 1):
        inside = played[t : t + WINDOW].all(axis=0)
        failed |= inside & ~offered[t : t + WINDOW].any(axis=0)
    return SelfCareFigures(
        games_ok=float(1 - failed.mean()),
        turns_offered=float(offered.sum() / max(played.sum(), 1)),
        gaps=dict(sorted(gaps.items(), key=lambda kv: -kv[1])),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--policy", default="random")
    ap.add_argument("--gaps", action="store_true")
    args = ap.parse_args()
    model = load_model()
    policy = model.policies[args.policy]
    print(f"policy {args.policy}, {args.runs} games per scenario, windows of {WINDOW} turns")
    for sid in sorted(model.scenarios):
        f = measure(model, sid, args.runs, args.seed, policy)
        print(
            f"{sid:26} every window offers self-care: {100 * f.games_ok:5.1f}% of games; "
            f"turns offering it: {100 * f.turns_offered:5.1f}%"
        )
        if args.gaps:
            for eid, n in list(f.gaps.items())[:12]:
                print(f"    {n / args.runs:5.2f} per game  {eid}")


if __name__ == "__main__":
    main()
