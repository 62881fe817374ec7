"""The model as plain data: meters, rules, events, choices, endings, scenarios, policies.

These structures are built by ``game.content`` from YAML; the engine only reads them.
Every variable an expression can name is one row of the state matrix, and
:class:`Layout` says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .expr import Compiled

Text = Mapping[str, str]  # {lang: text} for each of game.i18n.LANGS

TAGS = (
    "conflict_top",
    "conflict_below",
    "alliance",
    "management",
    "successor",
    "reflect",
    "training",
    "new_project",
    "fundraise",
    "connect",
    "observe",
    "step_back",
    "comply",
    "push_on",
    "exit",
)
# Tags that are a change the best person sets in motion (Schema 1, part E; arrows 7-8).
CHANGE_TAGS = ("management", "successor", "reflect", "training", "new_project", "step_back")

PERSONS = ("tightrope", "burnout", "other_work", "management", "mentor", "stepped_back")
INITIATIVES = ("still_theirs", "carried_on", "collapsed", "coopted")

# How a game can end, each a 0/1 row that endings can test.
EXIT_ROWS = ("exhausted", "disheartened", "walked_away", "completed")
TIME_ROWS = ("turn", "year", "season")


@dataclass(frozen=True)
class Meter:
    id: str
    label: Text
    description: Text
    part: str
    start: float


@dataclass(frozen=True)
class Derived:
    """A value computed from the meters each turn (challenge, capacity, strain)."""

    id: str
    label: Text
    expr: Compiled
    source: str


@dataclass(frozen=True)
class Clock:
    """Hidden state that advances each turn: an official's tenure, a grant's age."""

    id: str
    start: float
    each_turn: Compiled
    source: str


@dataclass(frozen=True)
class WorldSetting:
    id: str
    label: Text
    description: Text
    default: float
    low: float
    high: float


@dataclass(frozen=True)
class Effect:
    """Add ``expr`` to the variable in ``row`` (a meter) or set it (a flag)."""

    name: str
    row: int
    expr: Compiled


@dataclass(frozen=True)
class Rule:
    id: str
    source: str
    arrow: int | None
    part: str
    explain: Text
    when: Compiled | None
    effects: tuple[Effect, ...]


@dataclass(frozen=True)
class FollowUp:
    event: int  # index into Model.events
    after: int  # turns later


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text
    outcome: Text
    tags: tuple[str, ...]
    effects: tuple[Effect, ...]
    sets: tuple[Effect, ...]
    when: Compiled | None
    follow_up: FollowUp | None
    ends_game: bool


@dataclass(frozen=True)
class Event:
    id: str
    source: str
    part: str
    arrows: tuple[int, ...]
    title: Text
    text: Text
    choices: tuple[Choice, ...]
    when: Compiled | None
    weight: Compiled
    years: tuple[int, int]
    at: tuple[int, int] | None  # pinned (year, season 0 spring / 1 autumn) for historical events
    once: bool
    follow_up_only: bool
    filler: bool
    scenarios: tuple[str, ...] | None
    exclude_scenarios: tuple[str, ...] = ()

    def fits(self, scenario_id: str) -> bool:
        """Whether this event may come up in the scenario: included, and not excluded."""
        if scenario_id in self.exclude_scenarios:
            return False
        return self.scenarios is None or scenario_id in self.scenarios


@dataclass(frozen=True)
class Ending:
    id: str
    person: str
    initiative: str
    source: str
    when: Compiled | None
    title: Text
    story: Text
    findings: tuple[str, ...]
    questions: tuple[Text, ...]
    good: bool
    # What the story needs of the final state; the lab fails an ending whose `when`
    # lets games in that contradict it (e.g. "worn out" reached with full energy).
    requires: Compiled | None = None


@dataclass(frozen=True)
class Scenario:
    id: str
    title: Text
    who: Text
    city: str
    role: str
    source: str
    start: Mapping[str, float]
    world: Mapping[str, float]
    turns: int
    start_year: int
    events: tuple[int, ...]  # indices of the events this scenario can draw
    code: str = ""  # the word of its class codes, e.g. CULT in CULT-1420


@dataclass(frozen=True)
class PolicyRule:
    """While ``when`` holds for a run, these tags weigh this much (replacing the base weight)."""

    when: Compiled
    weights: Mapping[str, float]
    text: str = ""  # the condition as written, for docs and reports


@dataclass(frozen=True)
class Policy:
    """A simulated player: a choice's chance is the product of its tags' weights.

    ``rules`` make a policy state-aware: each run reads its own state when it chooses
    (rest when energy runs low, fight when blocked). Later rules override earlier ones.
    """

    name: str
    weights: Mapping[str, float]
    rules: tuple[PolicyRule, ...] = ()
    description: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Layout:
    """Which row of the state matrix holds which named variable."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str) -> int:
        if name not in self.rows:
            self.rows[name] = len(self.rows)
        return self.rows[name]

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, name: str) -> int:
        return self.rows[name]


def build_layout(
    meters: list[str],
    derived: list[str],
    clocks: list[str],
    world: list[str],
    flags: list[str],
    events: list[str],
) -> Layout:
    """Lay out every nameable variable as a row; meters come first (rows 0..M-1)."""
    layout = Layout()
    for name in meters + derived + clocks:
        layout.add(name)
    for name in world:
        layout.add(f"world.{name}")
    for name in flags:
        layout.add(f"flag.{name}")
    for tag in TAGS:
        layout.add(f"tag.{tag}")
    for tag in TAGS:
        layout.add(f"last.{tag}")
    layout.add("last.change")
    for name in events:
        layout.add(f"seen.{name}")
    for name in TIME_ROWS + EXIT_ROWS:
        layout.add(name)
    return layout


@dataclass
class Model:
    """Everything the engine needs: the model, the content and the row layout."""

    meters: tuple[Meter, ...]
    derived: tuple[Derived, ...]
    clocks: tuple[Clock, ...]
    world: tuple[WorldSetting, ...]
    rules: tuple[Rule, ...]
    events: tuple[Event, ...]
    endings: tuple[Ending, ...]
    scenarios: Mapping[str, Scenario]
    policies: Mapping[str, Policy]
    layout: Layout
    ui: Mapping[str, Text] = field(default_factory=dict)
    findings: Mapping[str, Text] = field(default_factory=dict)  # "conclusion a" -> text
    tag_labels: Mapping[str, Text] = field(default_factory=dict)
    content_hash: str = ""

    @property
    def meter_ids(self) -> list[str]:
        return [m.id for m in self.meters]

    def event_index(self, event_id: str) -> int:
        for i, e in enumerate(self.events):
            if e.id == event_id:
                return i
        raise KeyError(event_id)

    def ending_index(self, ending_id: str) -> int:
        for i, e in enumerate(self.endings):
            if e.id == ending_id:
                return i
        raise KeyError(ending_id)

    @property
    def max_choices(self) -> int:
        return max((len(e.choices) for e in self.events), default=1)
