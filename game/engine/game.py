"""One person's decade: the batch engine with N = 1, plus what a front end needs to show it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .model import Choice, Ending, Event, Model, Scenario
from .state import NO_EVENT, State, new_state
from .turn import TraceItem, begin_turn, choices_open, end_turn, time_of


@dataclass(frozen=True)
class Change:
    """One line of the why-trace for a single game."""

    kind: str  # "choice" or "rule"
    id: str
    source: str
    explain: Mapping[str, str]
    arrow: int | None
    deltas: Mapping[str, float]


@dataclass(frozen=True)
class TurnRecord:
    """What happened in one turn: the event, the choice, and why the meters moved."""

    turn: int
    year: int
    season: int
    event: str | None
    choice: int | None
    choice_id: str | None
    tags: tuple[str, ...]
    before: Mapping[str, float]
    after: Mapping[str, float]
    why: tuple[Change, ...]


def _single(items: list[TraceItem]) -> tuple[Change, ...]:
    return tuple(
        Change(
            it.kind,
            it.id,
            it.source,
            it.explain,
            it.arrow,
            {k: float(v[0]) for k, v in it.deltas.items()},
        )
        for it in items
    )


@dataclass
class Game:
    """A single game driven by choices; replays exactly from (scenario, seed, run, world, choices)."""

    model: Model
    scenario: Scenario
    seed: int
    run_index: int = 0
    world: Mapping[str, float] | None = None
    state: State = field(init=False)
    choices: list[int] = field(default_factory=list)
    records: list[TurnRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.state = new_state(
            self.model,
            self.scenario,
            self.seed,
            np.array([self.run_index], dtype=np.uint64),
            self.world,
            keep_history=True,
        )
        self._draw()

    # -- reading ---------------------------------------------------------------------------
    def meters(self) -> dict[str, float]:
        """The meters now, by id."""
        return {m.id: float(self.state.values[i, 0]) for i, m in enumerate(self.model.meters)}

    def value(self, name: str) -> float:
        """Any named variable (meter, derived value, clock, world.*, flag.*, tag.*…)."""
        return float(self.state.values[self.model.layout[name], 0])

    def history(self) -> npt.NDArray[np.float32]:
        """(turns played + 1, M) meters at the start and after each turn."""
        return np.stack([h[:, 0] for h in self.state.history or []])

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def year_season(self) -> tuple[int, int]:
        return time_of(self.scenario, min(self.state.turn, self.scenario.turns - 1))

    @property
    def finished(self) -> bool:
        return bool(self.state.ending[0] >= 0)

    @property
    def ending(self) -> Ending | None:
        i = int(self.state.ending[0])
        return self.model.endings[i] if i >= 0 else None

    @property
    def event(self) -> Event | None:
        i = int(self.state.event[0])
        return None if self.finished or i == NO_EVENT else self.model.events[i]

    def open_choices(self) -> list[bool]:
        """For each choice of the current event, whether it may be taken now."""
        ev = self.event
        if ev is None:
            return []
        return [bool(x) for x in self._open[0, : len(ev.choices)]]

    def choice(self, index: int) -> Choice:
        ev = self.event
        if ev is None:
            raise ValueError("there is no event to answer")
        return ev.choices[index]

    # -- playing ---------------------------------------------------------------------------
    def _draw(self) -> None:
        if self.finished or self.state.turn >= self.scenario.turns:
            self._open = np.zeros((1, 0), dtype=bool)
            return
        begin_turn(self.model, self.state)
        self._open = choices_open(self.model, self.state)

    def choose(self, index: int) -> TurnRecord:
        """Answer the current event with choice ``index`` (0-based) and play out the turn."""
        if self.finished:
            raise ValueError("the game is over")
        ev = self.event
        if ev is not None:
            if not 0 <= index < len(ev.choices):
                raise ValueError(f"choice {index + 1} does not exist (1-{len(ev.choices)})")
            if not self._open[0, index]:
                raise ValueError(f"choice {index + 1} is not open now")
        before = self.meters()
        t = self.state.turn
        year, season = time_of(self.scenario, t)
        items = end_turn(self.model, self.state, np.array([index if ev else 0]), trace=True)
        ch = ev.choices[index] if ev else None
        record = TurnRecord(
            turn=t,
            year=year,
            season=season,
            event=ev.id if ev else None,
            choice=index if ev else None,
            choice_id=ch.id if ch else None,
            tags=ch.tags if ch else (),
            before=before,
            after=self.meters(),
            why=_single(items),
        )
        self.choices.append(index if ev else -1)
        self.records.append(record)
        self._draw()
        return record

    @classmethod
    def restore(
        cls,
        model: Model,
        scenario: Scenario,
        seed: int,
        run_index: int,
        world: Mapping[str, float] | None,
        state: State,
        choices: list[int],
        records: list[TurnRecord],
        open_: npt.NDArray[np.bool_],
    ) -> Game:
        """A game from a state played elsewhere (a column of a batch replay, engine.replay)."""
        game = cls.__new__(cls)
        game.model, game.scenario, game.seed = model, scenario, seed
        game.run_index, game.world, game.state = run_index, world, state
        game.choices, game.records, game._open = choices, records, open_
        return game

    @classmethod
    def replay(
        cls,
        model: Model,
        scenario: Scenario,
        seed: int,
        choices: list[int],
        run_index: int = 0,
        world: Mapping[str, float] | None = None,
    ) -> Game:
        """Rebuild a game from its seed and choices (ValueError if a choice does not fit)."""
        game = cls(model, scenario, seed, run_index, world)
        for turn, c in enumerate(choices):
            if game.finished:
                raise ValueError(f"turn {turn + 1}: the game was already over")
            game.choose(0 if game.event is None else c)
        return game

    def replay_until(self, turn: int) -> Game:
        """This game as it stood at the start of ``turn`` (0-based), rebuilt by replay.

        The one way what-if, undo and the app's comparison go back in a decade.
        """
        if not 0 <= turn <= len(self.choices):
            raise ValueError(f"turn {turn + 1} was not reached (1-{len(self.choices) + 1})")
        return Game.replay(
            self.model,
            self.model.scenarios[self.scenario.id],
            self.seed,
            list(self.choices[:turn]),
            self.run_index,
            self.world,
        )
