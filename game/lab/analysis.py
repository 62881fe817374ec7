"""The balance lab: what many simulated decades say about the model (pure numpy, no files).

Used by `koorddanser balance`, the research-claim tests and docs/model.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.engine import simulate
from game.engine.batch import BatchResult
from game.engine.model import INITIATIVES, PERSONS, Model, Policy
from game.engine.turn import time_of

PERCENTILES = (5, 50, 95)
BEST_SHARE_LIMIT = 0.85  # no policy may reach the good endings more often: advice, no guarantee
RARE_EVENT = 0.01  # an event met in fewer random games than this is worth a look
ALWAYS_ENDING = 0.60  # one ending for most random games: the choices hardly matter
PINNED_LIMIT = 0.10  # a meter at a limit in more turns than this no longer tells a story
EVENT_DRIVEN = {"private_burden"}  # a load that comes with events: at 0 most of the time


def share(
    result: BatchResult,
    model: Model,
    *,
    person: set[str] | None = None,
    initiative: set[str] | None = None,
    good: bool | None = None,
) -> float:
    """Fraction of runs whose ending matches all the given criteria."""
    hit = np.zeros(len(model.endings), dtype=bool)
    for i, e in enumerate(model.endings):
        hit[i] = (
            (person is None or e.person in person)
            and (initiative is None or e.initiative in initiative)
            and (good is None or e.good == good)
        )
    return float(hit[result.ending].mean())


@dataclass
class PolicyReport:
    scenario: str
    policy: str
    runs: int
    endings: dict[str, int]
    person: dict[str, int]
    initiative: dict[str, int]
    best_share: float
    exit_turn: float
    percentiles: dict[str, list[float]]
    events_drawn: dict[str, int]
    events_seen: dict[str, int]  # games in which the event came up at least once
    pinned: dict[str, float]  # meter -> share of playing turns at <= 2 or >= 98
    choices: dict[str, dict[str, float]]  # "event.choice" -> {"taken": n, "best_shift": +/- share}

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def policy_report(
    model: Model,
    scenario_id: str,
    policy: Policy,
    runs: int,
    seed: int,
    world: Mapping[str, float] | None = None,
) -> PolicyReport:
    """Simulate one scenario under one policy and summarise it."""
    result = simulate(
        model, scenario_id, runs, seed, policy, world, record_choices=True, trace=True
    )
    return summarise(model, scenario_id, policy, runs, result)


def summarise(
    model: Model, scenario_id: str, policy: Policy, runs: int, result: BatchResult
) -> PolicyReport:
    """The report of games already simulated (with record_choices and trace)."""
    endings = np.bincount(result.ending.astype(np.int64), minlength=len(model.endings))
    good = np.array([e.good for e in model.endings])[result.ending]
    person = dict.fromkeys(PERSONS, 0)
    initiative = dict.fromkeys(INITIATIVES, 0)
    for e, c in zip(model.endings, endings, strict=True):
        person[e.person] += int(c)
        initiative[e.initiative] += int(c)
    pct = {
        m.id: [round(float(v), 1) for v in np.percentile(result.final[i], PERCENTILES)]
        for i, m in enumerate(model.meters)
    }
    drawn = {
        model.events[i].id: int(result.events_drawn[i]) for i in model.scenarios[scenario_id].events
    }
    choices: dict[str, dict[str, float]] = {}
    took = result.choice_runs
    assert took is not None
    for ei in model.scenarios[scenario_id].events:
        ev = model.events[ei]
        saw = took[ei].any(axis=0)
        for ci, ch in enumerate(ev.choices):
            mask = took[ei, ci]
            n_took = int(np.count_nonzero(mask))
            others = saw & ~mask
            n_others = int(np.count_nonzero(others))
            # Shares as counts (no boolean gathers): a bool mean is count / n, rounded once.
            shift = (
                int(np.count_nonzero(good & mask)) / n_took
                - int(np.count_nonzero(good & others)) / n_others
                if n_took and n_others
                else 0.0
            )
            choices[f"{ev.id}.{ch.id}"] = {"taken": n_took, "best_shift": round(shift, 4)}
    return PolicyReport(
        scenario=scenario_id,
        policy=policy.name,
        runs=runs,
        endings={e.id: int(c) for e, c in zip(model.endings, endings, strict=True)},
        person=person,
        initiative=initiative,
        best_share=round(float(good.mean()), 4),
        exit_turn=round(float(result.exit_turn.mean()) + 1, 2),
        percentiles=pct,
        events_drawn=drawn,
        events_seen={
            model.events[i].id: int(
                (result.state.values[model.layout[f"seen.{model.events[i].id}"]] > 0).sum()
            )
            for i in model.scenarios[scenario_id].events
        },
        choices=choices,
        pinned=pinned_shares(model, result),
    )


def pinned_shares(model: Model, result: BatchResult) -> dict[str, float]:
    """Per meter: the share of (run, turn) pairs in play where it sat at <= 2 or >= 98."""
    tr = result.trajectory
    if tr is None:
        return {}
    weight = tr.playing.astype(np.float64)
    shares = ((tr.low + tr.high) * weight[:, None]).sum(axis=0) / max(1.0, weight.sum())
    return {m.id: round(float(v), 4) for m, v in zip(model.meters, shares, strict=True)}


def warnings(model: Model, reports: list[PolicyReport]) -> list[str]:
    """What a designer should look at: content never met, endings never reached, dominant policies."""
    out: list[str] = []
    by_scenario: dict[str, list[PolicyReport]] = {}
    for r in reports:
        by_scenario.setdefault(r.scenario, []).append(r)
    for sid, reps in by_scenario.items():
        # Fillers are a safety net: never needing one is fine.
        fillers = {e.id for e in model.events if e.filler}
        never = {
            ev_id
            for ev_id in reps[0].events_drawn
            if ev_id not in fillers and all(r.events_drawn[ev_id] == 0 for r in reps)
        }
        for ev_id in sorted(never):
            out.append(f"{sid}: event {ev_id} is never drawn at this scenario's world settings")
        rnd = next((r for r in reps if r.policy == "random"), None)
        if rnd is not None:
            for ev_id, games in sorted(rnd.events_seen.items()):
                if ev_id not in never and ev_id not in fillers and games < RARE_EVENT * rnd.runs:
                    out.append(
                        f"{sid}: event {ev_id} comes up in {100 * games / rnd.runs:.1f}% of random "
                        f"games (under {100 * RARE_EVENT:.0f}%): its condition, weight or years "
                        "may be too narrow"
                    )
        for key in reps[0].choices:
            ev_id = key.split(".")[0]
            if (
                ev_id not in never
                and ev_id not in fillers
                and all(r.choices[key]["taken"] == 0 for r in reps)
            ):
                out.append(f"{sid}: choice {key} is never taken")
    for r in reports:
        if r.policy != "random":
            continue
        for meter, v in r.pinned.items():
            if v > PINNED_LIMIT and meter not in EVENT_DRIVEN:
                out.append(
                    f"{r.scenario}: {meter} sits at its limit (<= 2 or >= 98) in "
                    f"{100 * v:.0f}% of the turns of random play (over {100 * PINNED_LIMIT:.0f}%)"
                )
    for r in reports:
        if r.policy != "random":
            continue
        for ending_id, n in r.endings.items():
            if n > ALWAYS_ENDING * r.runs:
                out.append(
                    f"{r.scenario}: ending {ending_id} takes {100 * n / r.runs:.0f}% of random play "
                    f"(over {100 * ALWAYS_ENDING:.0f}%): its 'when' may be too wide, or the others too narrow"
                )
    for e in model.endings:
        if all(r.endings.get(e.id, 0) == 0 for r in reports):
            out.append(f"ending {e.id} is never reached")
    for r in reports:
        if r.best_share > BEST_SHARE_LIMIT:
            out.append(
                f"{r.scenario}/{r.policy}: reaches the best endings in {100 * r.best_share:.0f}% of runs (limit {100 * BEST_SHARE_LIMIT:.0f}%)"
            )
    return out


def coverage(model: Model) -> dict[str, dict[str, Any]]:
    """Per scenario: which Schema 1 parts, arrows, years and tags its events reach (rules cover all arrows)."""
    out: dict[str, dict[str, Any]] = {}
    for sid, sc in model.scenarios.items():
        parts: set[str] = set()
        arrows: set[int] = set()
        years: set[int] = set()
        tags: set[str] = set()
        first, last = time_of(sc, 0)[0], time_of(sc, sc.turns - 1)[0]
        for ei in sc.events:
            ev = model.events[ei]
            parts.add(ev.part)
            arrows.update(ev.arrows)
            if ev.at is not None:
                years.add(ev.at[0])
            else:
                years.update(range(max(first, ev.years[0]), min(last, ev.years[1]) + 1))
            for ch in ev.choices:
                tags.update(ch.tags)
        out[sid] = {
            "parts": sorted(parts),
            "arrows": sorted(arrows),
            "years": sorted(years),
            "tags": sorted(tags),
            "events": len(sc.events),
        }
    return out
