"""The essay's conclusions as checks on the simulator: two simulations, one difference.

Each claim compares two settings that differ in one world setting, starting meter or
policy, with the same seed, and says which side should come out higher. Nothing here
tells the engine the answer: the claims are only measured. Used by the tests
(tests/test_research.py) and by docs/model.md, so both quote the same figures.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.engine import simulate
from game.engine.batch import BatchResult
from game.engine.model import Model, Policy
from game.i18n import LANGS, Table, lookup
from game.lab.analysis import share

EXITS = {"burnout", "other_work"}
# Defaults; content/calibration.yaml sets the margins that `balance --check` demands.
SHARE_MARGIN = 0.05  # five points of runs: far beyond sampling noise at 20,000 runs
METER_MARGIN = 5.0  # five points on a 0-100 meter


class Lab:
    """Runs simulations once per distinct setting; claims share their baselines."""

    def __init__(self, model: Model, runs: int = 20_000, seed: int = 2021) -> None:
        self.model = model
        self.runs = runs
        self.seed = seed
        self._cache: dict[tuple, BatchResult] = {}

    def run(
        self,
        sid: str,
        weights: dict[str, float] | None = None,
        world: dict[str, float] | None = None,
        start: dict[str, float] | None = None,
    ) -> BatchResult:
        key = (
            sid,
            tuple(sorted((weights or {}).items())),
            tuple(sorted((world or {}).items())),
            tuple(sorted((start or {}).items())),
        )
        if key not in self._cache:
            m = self.model
            if start:
                sc = m.scenarios[sid]
                m = dataclasses.replace(
                    m,
                    scenarios={
                        **m.scenarios,
                        sid: dataclasses.replace(sc, start={**sc.start, **start}),
                    },
                )
            self._cache[key] = simulate(
                m, sid, self.runs, self.seed, Policy("lab", weights or {}), world
            )
        return self._cache[key]

    def share(self, result: BatchResult, **criteria) -> float:
        return share(result, self.model, **criteria)

    def collapse_when_gone(self, result: BatchResult) -> float:
        """The share of collapsed initiatives among games whose best person left."""
        # An initiative is carried on or collapses only when its carrier has left.
        left = self.share(result, initiative={"collapsed", "carried_on"})
        return self.share(result, initiative={"collapsed"}) / left if left else 0.0

    def meter(self, result: BatchResult, name: str, mask: np.ndarray | None = None) -> float:
        row = result.final[self.model.meter_ids.index(name)]
        return float(row.mean() if mask is None else row[mask].mean())


@dataclass(frozen=True)
class Claim:
    """``measure(lab, sid)`` gives (expected higher, expected lower); ``holds`` judges them."""

    id: str
    measure: Callable[[Lab, str], tuple[float, float]]
    margin: float = SHARE_MARGIN

    def text(self, ui: Table, lang: str) -> str:
        """The claim in words (UI string ``claim.ID``)."""
        return lookup((ui,), f"claim.{self.id}", lang, {})

    def texts(self, ui: Table) -> dict[str, str]:
        """The claim in every language, ``{lang: text}``."""
        return {lang: self.text(ui, lang) for lang in LANGS}

    def measure_text(self, ui: Table, lang: str) -> str:
        """What is measured (``claim.ID.measure``)."""
        return lookup((ui,), f"claim.{self.id}.measure", lang, {})

    def sides(self, ui: Table, lang: str) -> tuple[str, str]:
        """The two settings compared: the one expected higher, then the other."""
        return (
            lookup((ui,), f"claim.{self.id}.higher", lang, {}),
            lookup((ui,), f"claim.{self.id}.lower", lang, {}),
        )

    @property
    def meter_claim(self) -> bool:
        """True when the claim compares meters (0-100), not shares of runs (0-1)."""
        return self.margin >= 1

    @staticmethod
    def gap(hi: float, lo: float) -> float:
        """How far the expected-higher side lies above the other."""
        return hi - lo

    def holds(self, hi: float, lo: float, margin: float | None = None) -> bool:
        """The claim holds when the higher side leads by at least the margin."""
        return hi - lo >= (self.margin if margin is None else margin)


def _rotation(lab: Lab, sid: str) -> tuple[float, float]:
    churn = lab.run(sid, world={"contact_rotation_years": 1, "grant_years": 1})
    stable = lab.run(sid, world={"contact_rotation_years": 0, "grant_years": 4})
    return lab.share(churn, person=EXITS), lab.share(stable, person=EXITS)


def _burden(lab: Lab, sid: str) -> tuple[float, float]:
    heavy = lab.run(sid, world={"private_risk": 1.0}, start={"private_burden": 40})
    light = lab.run(sid, world={"private_risk": 0.0}, start={"private_burden": 0})
    return lab.share(heavy, person={"burnout"}), lab.share(light, person={"burnout"})


def _support(lab: Lab, sid: str) -> tuple[float, float]:
    alone = lab.run(
        sid, world={"private_risk": 1.0}, start={"private_burden": 40, "home_support": 15}
    )
    backed = lab.run(
        sid, world={"private_risk": 1.0}, start={"private_burden": 40, "home_support": 90}
    )
    return lab.share(alone, person={"burnout"}), lab.share(backed, person={"burnout"})


def _successor(lab: Lab, sid: str) -> tuple[float, float]:
    """Among those who leave: how often what they carried collapses."""
    return lab.collapse_when_gone(lab.run(sid, {"successor": 0})), lab.collapse_when_gone(
        lab.run(sid, {"successor": 8})
    )


def _docile(lab: Lab, sid: str) -> tuple[float, float]:
    return lab.share(lab.run(sid), good=True), lab.share(
        lab.run(sid, {"conflict_top": 0, "conflict_below": 0}), good=True
    )


def _only_conflict(lab: Lab, sid: str) -> tuple[float, float]:
    return lab.share(lab.run(sid), good=True), lab.share(
        lab.run(sid, {"conflict_top": 40, "conflict_below": 40}), good=True
    )


def _manager(meter: str, higher_if_took: bool) -> Callable[[Lab, str], tuple[float, float]]:
    def measure(lab: Lab, sid: str) -> tuple[float, float]:
        result = lab.run(sid, {"management": 20})
        took = result.state.values[lab.model.layout["flag.management_role"]] > 0
        a, b = lab.meter(result, meter, took), lab.meter(result, meter, ~took)
        return (a, b) if higher_if_took else (b, a)

    return measure


def _reflect(lab: Lab, sid: str) -> tuple[float, float]:
    return lab.share(lab.run(sid, {"reflect": 0, "step_back": 0}), person={"burnout"}), lab.share(
        lab.run(sid, {"reflect": 5, "step_back": 5}), person={"burnout"}
    )


def _alliance_meter(meter: str, allied_higher: bool) -> Callable[[Lab, str], tuple[float, float]]:
    def measure(lab: Lab, sid: str) -> tuple[float, float]:
        allied, alone = (
            lab.meter(lab.run(sid, {"alliance": 10}), meter),
            lab.meter(lab.run(sid, {"alliance": 0}), meter),
        )
        return (allied, alone) if allied_higher else (alone, allied)

    return measure


# Allying the same amount, once while turning away from the street, once while tending it.
NEGLECT = {"alliance": 10, "connect": 0.1, "observe": 0.1, "conflict_below": 0.1, "comply": 3}
TEND = {"alliance": 10, "connect": 4, "observe": 4, "conflict_below": 2, "comply": 0.3}


def _coopted(lab: Lab, sid: str) -> tuple[float, float]:
    return lab.share(lab.run(sid, NEGLECT), initiative={"coopted"}), lab.share(
        lab.run(sid, TEND), initiative={"coopted"}
    )


def _meaning(meter: str) -> Callable[[Lab, str], tuple[float, float]]:
    def measure(lab: Lab, sid: str) -> tuple[float, float]:
        return lab.share(lab.run(sid, start={meter: 5}), person={"other_work"}), lab.share(
            lab.run(sid, start={meter: 85}), person={"other_work"}
        )

    return measure


# Their words (statement, what is measured, the two sides) are content: content/ui-claims.yaml.
CLAIMS: tuple[Claim, ...] = (
    Claim("stable_contacts_and_grants", _rotation),
    Claim("private_burden_burns_out", _burden),
    Claim("home_support_softens", _support),
    Claim("successor_prevents_collapse", _successor),
    Claim("some_conflict_beats_none", _docile),
    Claim("some_conflict_beats_only_conflict", _only_conflict),
    Claim("management_raises_stability", _manager("stability", True), METER_MARGIN),
    Claim("management_lowers_trust", _manager("trust", False), METER_MARGIN),
    Claim("reflection_prevents_burnout", _reflect),
    Claim("alliance_brings_money", _alliance_meter("funding", True), METER_MARGIN),
    Claim("alliance_costs_autonomy", _alliance_meter("autonomy", False), METER_MARGIN),
    Claim("alliance_risks_cooptation", _coopted),
    Claim("recognition_feeds_motivation", _meaning("recognition")),
    Claim("results_feed_motivation", _meaning("trust")),
)


def measure_all(lab: Lab) -> list[tuple[Claim, list[tuple[str, float, float, bool]]]]:
    """Every claim in every scenario: (scenario, higher side, lower side, holds)."""
    out = []
    for claim in CLAIMS:
        rows = []
        for sid in sorted(lab.model.scenarios):
            hi, lo = claim.measure(lab, sid)
            rows.append((sid, hi, lo, claim.holds(hi, lo)))
        out.append((claim, rows))
    return out
