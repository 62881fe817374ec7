""" "What if": take one past turn, choose differently, and let the rest of the decade play.

Later turns keep the player's own choices where they still apply: the same event in the
same turn gets the same answer; an event the player met in another turn gets the answer
given then; an event the player never met gets the open choice whose tags are most like
the player's own habits. Pure: a played game in, a second game out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from game.engine import Game
from game.engine.model import Model

SAME, MATCHED, STYLE, CHANGED = "same", "matched", "style", "changed"


@dataclass(frozen=True)
class Divergence:
    game: Game
    how: tuple[str, ...]  # per turn of the new game: SAME / MATCHED / STYLE / CHANGED


def diverge(model: Model, original: Game, turn: int, choice: int) -> Divergence:
    """Replay ``original`` up to ``turn`` (0-based), take ``choice`` (0-based) there, play on.

    ValueError when the turn was not played or the choice does not exist or is not open.
    """
    records = original.records
    if not 0 <= turn < len(records):
        raise ValueError(f"turn {turn + 1} was not played (1-{len(records)})")
    if records[turn].event is None:
        raise ValueError(f"turn {turn + 1} had no event to answer")
    game = original.replay_until(turn)
    opens = game.open_choices()
    if not 0 <= choice < len(opens):
        raise ValueError(f"choice {choice + 1} does not exist (1-{len(opens)})")
    if not opens[choice]:
        raise ValueError(f"choice {choice + 1} was not open in turn {turn + 1}")
    if choice == original.choices[turn]:
        raise ValueError(f"choice {choice + 1} is what was chosen in turn {turn + 1}")
    how = [SAME] * turn + [CHANGED]
    game.choose(choice)
    by_event = {r.event: r.choice for r in records if r.event is not None}
    habits = Counter(tag for r in records for tag in r.tags)
    while not game.finished:
        t = game.turn
        ev = game.event
        opens = game.open_choices()
        if ev is None:
            game.choose(0)
            how.append(SAME)
            continue
        played = records[t].choice if t < len(records) else None
        matched = by_event.get(ev.id)
        if played is not None and records[t].event == ev.id and opens[played]:
            pick, kind = played, SAME
        elif matched is not None and opens[matched]:
            pick, kind = matched, MATCHED
        else:
            scores = [
                (sum(habits[tag] for tag in ch.tags) if ok else -1, -i)
                for i, (ch, ok) in enumerate(zip(ev.choices, opens, strict=True))
            ]
            pick, kind = -max(scores)[1], STYLE
        game.choose(pick)
        how.append(kind)
    return Divergence(game, tuple(how))
