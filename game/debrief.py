"""What a finished game means: the data behind the debrief screen and the exported reports.

Pure: takes a played :class:`~game.engine.Game`, returns plain data. The front ends only
lay it out, so the app, the Markdown/HTML report and the class overview agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from game.engine import Game, TurnRecord
from game.engine.model import Model

SEASONS = {"nl": ("voorjaar", "najaar"), "en": ("spring", "autumn")}


@dataclass(frozen=True)
class Moment:
    """A turn with a large swing: when, what happened, what you chose, what moved most."""

    turn: int
    year: int
    season: int
    event: str | None
    choice_id: str | None
    swing: float
    moved: tuple[tuple[str, float], ...]  # (meter, change) largest first


@dataclass(frozen=True)
class Debrief:
    scenario: str
    ending: str | None
    person: str | None
    initiative: str | None
    turns_played: int
    history: np.ndarray  # (turns + 1, M)
    meters: tuple[str, ...]
    moments: tuple[Moment, ...]
    tags: dict[str, int]
    findings: tuple[str, ...]


def season_name(season: int, lang: str) -> str:
    return SEASONS.get(lang, SEASONS["en"])[season]


def key_moments(records: list[TurnRecord], count: int = 5) -> tuple[Moment, ...]:
    """The turns where the meters swung most, in the order they happened."""
    scored = []
    for r in records:
        changes = {k: r.after[k] - r.before[k] for k in r.after}
        swing = sum(abs(v) for v in changes.values())
        moved = tuple(
            sorted(
                ((k, v) for k, v in changes.items() if abs(v) >= 0.5), key=lambda kv: -abs(kv[1])
            )[:3]
        )
        scored.append(
            Moment(r.turn, r.year, r.season, r.event, r.choice_id, round(swing, 1), moved)
        )
    top = sorted(scored, key=lambda m: -m.swing)[:count]
    return tuple(sorted(top, key=lambda m: m.turn))


def tag_counts(records: list[TurnRecord]) -> dict[str, int]:
    """How often the player chose each kind of action, most frequent first."""
    counts = Counter(tag for r in records for tag in r.tags)
    return dict(counts.most_common())


def build(model: Model, game: Game) -> Debrief:
    """The debrief of a game (finished or not)."""
    ending = game.ending
    return Debrief(
        scenario=game.scenario.id,
        ending=ending.id if ending else None,
        person=ending.person if ending else None,
        initiative=ending.initiative if ending else None,
        turns_played=len(game.records),
        history=game.history(),
        meters=tuple(model.meter_ids),
        moments=key_moments(game.records),
        tags=tag_counts(game.records),
        findings=ending.findings if ending else (),
    )


def causes(
    record: TurnRecord, limit: int | None = None
) -> list[tuple[dict[str, str], list[tuple[str, float]]]]:
    """The why of a turn: your choice first, then the rules by the size of what they moved.

    Each cause is (explanation {nl, en}, [(meter, change), ...] largest first); causes that
    moved nothing visible (under half a point) are left out.
    """
    ordered = sorted(
        record.why, key=lambda c: (c.kind != "choice", -sum(abs(v) for v in c.deltas.values()))
    )
    out = []
    for c in ordered:
        moved = [
            (k, v) for k, v in sorted(c.deltas.items(), key=lambda kv: -abs(kv[1])) if abs(v) >= 0.5
        ]
        if moved:
            out.append((dict(c.explain), moved))
    return out[:limit] if limit else out
