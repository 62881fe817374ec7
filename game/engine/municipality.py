"""The municipality's decade: one city, several best persons, each a batch of futures.

The player is the municipality's contact for neighbourhood initiatives. Each half-year a
policy event offers choices; a choice moves the city's world settings (rows ``world.*`` of
every person's state matrix, written before the turn), the municipality's own meters
(plain numbers) and sometimes one person's meters directly. Then every person plays one
half-year by themselves, all their futures at once, with a state-aware policy.

Everything is a function of (seed, decisions): person k's future i is the single game of
run index ``k * runs + i`` with the game's seed, so a save is the seed plus choice ids.
Pure: no files, no front end.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .model import Model, Policy, Text
from .policy import Chooser, pick
from .state import State, new_state
from .turn import begin_turn, choices_open, end_turn

SELF_METERS = ("budget", "council_support", "workload")
SPREAD = (25, 50, 75)
# The meters a person's summary shows, and those whose fall counts as a cost in "why".
SHOWN_METERS = ("energy", "motivation", "funding", "allies", "stability")
COST_METERS = ("energy", "motivation", "funding", "allies", "stability", "autonomy", "home_support")
# How a future ended, by the ending's person kind.
OUTCOMES = ("burnout", "other_work", "stepped_away", "going")
ALLY_EVENTS = ("official_becomes_ally", "ally_inside_runs_harder")
RECOMMENDATIONS = tuple("abcdefghij")


# --- content, as plain data (built by game.content.municipality) -------------------------


@dataclass(frozen=True)
class WorldChange:
    """Set a world setting to ``value``, or add ``value`` to it when ``relative``."""

    key: str
    value: float
    relative: bool = False


@dataclass(frozen=True)
class PersonEffect:
    """Meter changes for all futures of one person (a visit, a bridging grant, a prize)."""

    person: str
    deltas: Mapping[str, float]


@dataclass(frozen=True)
class MuniChoice:
    id: str
    label: Text
    outcome: Text
    world: tuple[WorldChange, ...] = ()
    self_: Mapping[str, float] = field(default_factory=dict)
    person: tuple[PersonEffect, ...] = ()
    follows: tuple[str, ...] = ()
    misses: tuple[str, ...] = ()


@dataclass(frozen=True)
class MuniEvent:
    id: str
    source: str
    year: int
    season: int
    title: Text
    text: Text
    choices: tuple[MuniChoice, ...]


@dataclass(frozen=True)
class CityPerson:
    scenario: str
    name: str
    intro: Text


@dataclass(frozen=True)
class Reference:
    """A reference municipality: fixed world settings all decade, and a leaning in choices."""

    id: str
    title: Text
    text: Text
    world: Mapping[str, float]
    prefer: str  # "follows" or "misses": picks the choice that follows / misses most a-d


@dataclass(frozen=True)
class CityDef:
    id: str
    code: str
    name: str
    source: str
    title: Text
    intro: Text
    persons: tuple[CityPerson, ...]
    world: Mapping[str, float]
    self_start: Mapping[str, float]
    self_each_turn: Mapping[str, float]
    events: tuple[MuniEvent, ...]  # one per turn, in order
    references: tuple[Reference, ...]
    recommendations: Mapping[str, tuple[str, Text]]  # letter -> (source, short text)
    causes: Mapping[str, Text]  # rule id -> how it reads from the municipality's side
    questions: tuple[Text, ...]
    turns: int
    start_year: int
    content_hash: str = ""


# --- what a turn showed --------------------------------------------------------------------


@dataclass
class Cause:
    rule: str
    arrow: int | None
    share: float  # share of this person's playing futures it cost something this half-year


@dataclass
class PersonReport:
    """One person after a half-year: outcome shares, meter spread and the biggest causes."""

    scenario: str
    shares: dict[str, float]  # OUTCOMES -> share of all futures
    spread: dict[str, tuple[float, float, float]]  # meter -> p25, p50, p75 of the going ones
    causes: list[Cause]


@dataclass
class TurnReport:
    turn: int
    event: str
    choice: str
    persons: list[PersonReport]
    self_meters: dict[str, float]


# --- the game --------------------------------------------------------------------------------


@dataclass
class _Person:
    spec: CityPerson
    state: State
    chooser: Chooser
    costs: npt.NDArray[np.int64]  # (R,) runs each rule cost something, summed over the decade
    points: npt.NDArray[np.float64]  # (R,) meter points each rule took, summed over the decade


class City:
    """The municipality's game: deterministic from (seed, decisions)."""

    def __init__(
        self,
        model: Model,
        city: CityDef,
        seed: int,
        runs: int = 1000,
        policy: str = "tightrope",
        fixed_world: Mapping[str, float] | None = None,
    ) -> None:
        self.model = model
        self.city = city
        self.seed = int(seed)
        self.runs = int(runs)
        self.fixed_world = dict(fixed_world) if fixed_world else None
        # The city's settings; a person's other settings (private risk) stay their own.
        self.world: dict[str, float] = {k: float(v) for k, v in city.world.items()}
        if self.fixed_world:
            self.world.update(self.fixed_world)
        self.meters: dict[str, float] = {k: float(city.self_start.get(k, 50)) for k in SELF_METERS}
        self.decisions: list[int] = []
        self.reports: list[TurnReport] = []
        pol: Policy = model.policies[policy]
        self._cost_rows = [model.layout[m] for m in COST_METERS]
        self.persons: list[_Person] = []
        for k, spec in enumerate(city.persons):
            scenario = model.scenarios[spec.scenario]
            run_idx = np.arange(k * self.runs, (k + 1) * self.runs, dtype=np.uint64)
            state = new_state(model, scenario, self.seed, run_idx, self.world)
            costs = np.zeros(len(model.rules), np.int64)
            points = np.zeros(len(model.rules), np.float64)
            self.persons.append(_Person(spec, state, Chooser(model, pol), costs, points))

    # -- where we are
    @property
    def turn(self) -> int:
        return len(self.decisions)

    @property
    def finished(self) -> bool:
        return self.turn >= self.city.turns

    @property
    def event(self) -> MuniEvent | None:
        return None if self.finished else self.city.events[self.turn]

    @property
    def year_season(self) -> tuple[int, int]:
        return time_label(self.city, self.turn)

    def choices_open(self) -> list[bool]:
        """Which choices of this turn's event the municipality can afford (own meters in 0-100)."""
        ev = self.event
        if ev is None:
            return []
        out = [self._affordable(ch) for ch in ev.choices]
        return out if any(out) else [True] * len(out)  # never stuck: all open if none fits

    def _affordable(self, ch: MuniChoice) -> bool:
        for key, delta in ch.self_.items():
            after = self.meters[key] + delta
            if after < 0 or after > 100:
                return False
        return True

    # -- playing
    def decide(self, choice: int) -> TurnReport:
        """Take choice ``choice`` (0-based) of this turn's event; everyone plays a half-year."""
        ev = self.event
        if ev is None:
            raise ValueError("the decade is over")
        if not 0 <= choice < len(ev.choices) or not self.choices_open()[choice]:
            raise ValueError(f"choice {choice + 1} of {ev.id} is not open now")
        ch = ev.choices[choice]
        self._apply(ch)
        reports = [self._half_year(p) for p in self.persons]
        self.decisions.append(choice)
        rep = TurnReport(self.turn - 1, ev.id, ch.id, reports, dict(self.meters))
        self.reports.append(rep)
        return rep

    def decide_id(self, choice_id: str) -> TurnReport:
        """Take the choice with this id (what a save records)."""
        ev = self.event
        if ev is None:
            raise ValueError("the decade is over")
        ids = [c.id for c in ev.choices]
        if choice_id not in ids:
            raise ValueError(f"event {ev.id} has no choice {choice_id!r}")
        return self.decide(ids.index(choice_id))

    def _apply(self, ch: MuniChoice) -> None:
        lows = {w.id: (w.low, w.high) for w in self.model.world}
        for wc in ch.world:
            if self.fixed_world and wc.key in self.fixed_world:
                continue  # a reference municipality holds to its settings whatever comes
            new = self.world.get(wc.key, 0.0) + wc.value if wc.relative else wc.value
            lo, hi = lows[wc.key]
            self.world[wc.key] = min(max(new, lo), hi)
        for key in SELF_METERS:
            drift = self.city.self_each_turn.get(key, 0.0)
            after = self.meters[key] + ch.self_.get(key, 0.0) + drift
            self.meters[key] = min(max(after, 0.0), 100.0)
        layout = self.model.layout
        for p in self.persons:
            # The municipality's settings are the same for every future of every person.
            for key, value in self.world.items():
                p.state.values[layout[f"world.{key}"]] = value
        for eff in ch.person:
            for p in self.persons:
                if p.spec.scenario != eff.person:
                    continue
                alive = p.state.alive
                for meter, delta in eff.deltas.items():
                    row = layout[meter]
                    vals = p.state.values[row]
                    vals[alive] = np.clip(vals[alive] + np.float32(delta), 0, 100)

    def _half_year(self, p: _Person) -> PersonReport:
        state = p.state
        rules, meters = len(self.model.rules), len(self.model.meters)
        counts = np.zeros((rules, meters, 2), dtype=np.int64)
        taken = np.zeros((rules, meters), dtype=np.float64)
        playing = int(state.alive.sum())
        if playing:
            begin_turn(self.model, state)
            open_ = choices_open(self.model, state)
            choice = pick(state, p.chooser.weights(state), open_)
            end_turn(self.model, state, choice, rule_counts=counts, rule_points=taken)
        else:
            state.turn += 1
        cost_rows = self._cost_rows
        # Per rule: futures in which it lowered a cost meter (the most-hit meter counts),
        # and the points it took off them in all, which ranks the causes.
        lowered = counts[:, cost_rows, 1].max(axis=1)
        points = taken[:, cost_rows].sum(axis=1)
        p.costs += lowered
        p.points += points
        return self._report(p, lowered, points, playing)

    def _report(
        self,
        p: _Person,
        lowered: npt.NDArray[np.int64],
        points: npt.NDArray[np.float64],
        playing: int,
    ) -> PersonReport:
        model = self.model
        state = p.state
        shares = outcome_shares(model, state)
        spread: dict[str, tuple[float, float, float]] = {}
        alive = state.alive
        for m in SHOWN_METERS:
            row = state.values[model.layout[m], alive]
            if row.size:
                q = np.percentile(row, SPREAD)
                spread[m] = (float(q[0]), float(q[1]), float(q[2]))
            else:
                spread[m] = (math.nan, math.nan, math.nan)
        causes = top_causes(model, self.city, lowered, points, max(playing, 1))
        return PersonReport(p.spec.scenario, shares, spread, causes)

    # -- results
    def endings(self, k: int) -> npt.NDArray[np.int16]:
        """(N,) ending index of each future of person k (-1 while still going)."""
        return self.persons[k].state.ending.copy()

    def decade_causes(self, k: int, top: int = 3) -> list[Cause]:
        """The rules that cost person k most over the decade (share: per half-year, averaged)."""
        turns = max(self.turn, 1)
        p = self.persons[k]
        return top_causes(self.model, self.city, p.costs, p.points, self.runs * turns, top)

    def ally_share(self, k: int) -> float:
        """Share of person k's futures in which the ally-inside chain came up at all."""
        layout = self.model.layout
        vals = self.persons[k].state.values
        hit = np.zeros(self.runs, dtype=bool)
        for ev in ALLY_EVENTS:
            key = f"seen.{ev}"
            if key in layout.rows:
                hit |= vals[layout[key]] > 0
        return float(hit.mean())

    def followed(self) -> dict[str, tuple[int, int]]:
        """Per recommendation: (times a choice followed it, times a choice missed it)."""
        out = {r: [0, 0] for r in RECOMMENDATIONS}
        for t, c in enumerate(self.decisions):
            ch = self.city.events[t].choices[c]
            for r in ch.follows:
                out[r][0] += 1
            for r in ch.misses:
                out[r][1] += 1
        return {r: (a, b) for r, (a, b) in out.items()}


def outcome_shares(model: Model, state: State) -> dict[str, float]:
    """Share of futures burnt out, left for other work, stepped away otherwise, still going.

    At the end of the decade a completed future counts as going.
    """
    n = max(state.n, 1)
    ended = state.ending >= 0
    kinds = np.array([e.person for e in model.endings] + ["going"])
    kind = np.where(ended, kinds[np.where(ended, state.ending, -1)], "going")
    completed = state.values[model.layout["completed"]] != 0
    burnout = kind == "burnout"
    other = kind == "other_work"
    going = state.alive | (completed & ~burnout & ~other)
    away = ~burnout & ~other & ~going
    return {
        "burnout": float(burnout.sum()) / n,
        "other_work": float(other.sum()) / n,
        "stepped_away": float(away.sum()) / n,
        "going": float(going.sum()) / n,
    }


def top_causes(
    model: Model,
    city: CityDef,
    lowered: npt.NDArray[np.int64],
    points: npt.NDArray[np.float64],
    total: int,
    top: int = 2,
) -> list[Cause]:
    """The rules that took the most points, among the arrows and the causes the city names;
    each with the share of futures in which it lowered a meter."""
    out = []
    for ri in np.argsort(-points, kind="stable"):
        rule = model.rules[int(ri)]
        if lowered[ri] <= 0:
            continue
        if rule.arrow is None and rule.id not in city.causes:
            continue  # the slow drift of a half-year is no one's doing
        out.append(Cause(rule.id, rule.arrow, float(lowered[ri]) / total))
        if len(out) >= top:
            break
    return out


def time_label(city: CityDef, turn: int) -> tuple[int, int]:
    """(year, season) of a turn of the city (season 0 spring, 1 autumn)."""
    ev = city.events[min(turn, len(city.events) - 1)]
    return ev.year, ev.season


def reference_decisions(city: CityDef, ref: Reference) -> list[int]:
    """The choices a reference municipality makes: the one that follows (or misses) most of a-d,
    among those it can afford, the first on a tie."""
    return [_lean(ev, ref.prefer) for ev in city.events]


def _lean(ev: MuniEvent, prefer: str) -> int:
    core = set("abcd")

    def score(ch: MuniChoice) -> tuple[int, int]:
        good = len(core & set(ch.follows)) - len(core & set(ch.misses))
        allr = len(ch.follows) - len(ch.misses)
        return (good, allr) if prefer == "follows" else (-good, -allr)

    best = max(range(len(ev.choices)), key=lambda i: (score(ev.choices[i]), -i))
    return best


def play(
    model: Model,
    city: CityDef,
    seed: int,
    decisions: Sequence[int],
    runs: int = 1000,
    fixed_world: Mapping[str, float] | None = None,
) -> City:
    """A city played through the given decisions (a reference skips what it cannot afford)."""
    game = City(model, city, seed, runs, fixed_world=fixed_world)
    for c in decisions:
        if game.finished:
            break
        opened = game.choices_open()
        game.decide(c if opened[c] else opened.index(True))
    return game


def play_reference(
    model: Model, city: CityDef, seed: int, ref: Reference, runs: int = 1000
) -> City:
    """A reference municipality played through the whole decade on the same seed."""
    return play(model, city, seed, reference_decisions(city, ref), runs, fixed_world=ref.world)

