"""What if the municipality had decided one half-year differently? Replay and compare.

The decade is replayed on the save's seed up to the changed turn, the other choice is
taken, and every later decision is taken again where it still can be (same choice id,
affordable with the budget and standing of this other decade); where it cannot, the
first choice that is open is taken and the turn is marked as substituted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine.model import Model
from game.engine.municipality import OUTCOMES, RECOMMENDATIONS, City


@dataclass
class MuniWhatIf:
    original: City
    alt: City
    turn: int  # 0-based
    substituted: list[int] = field(default_factory=list)  # 0-based turns taken otherwise


def diverge(model: Model, original: City, turn: int, choice: int) -> MuniWhatIf:
    """The other decade: ``choice`` (0-based) at ``turn`` (0-based); ValueError when closed."""
    alt = City(model, original.city, original.seed, original.runs)
    for t in range(turn):
        alt.decide(original.decisions[t])
    alt.decide(choice)  # ValueError: not open then
    result = MuniWhatIf(original, alt, turn)
    for t in range(turn + 1, len(original.decisions)):
        ev = alt.event
        assert ev is not None
        opens = alt.choices_open()
        c = original.decisions[t]
        if not opens[c]:
            c = opens.index(True)
            result.substituted.append(t)
        alt.decide(c)
    return result


def final_shares(game: City, k: int) -> dict[str, float]:
    """Person k's outcome shares after the last half-year played."""
    if game.reports:
        return dict(game.reports[-1].persons[k].shares)
    return {o: (1.0 if o == "going" else 0.0) for o in OUTCOMES}


def followed_letters(game: City) -> list[str]:
    """The recommendations a decade followed more often than it missed."""
    return [r for r, (yes, no) in game.followed().items() if yes > no and r in RECOMMENDATIONS]


def as_dict(w: MuniWhatIf) -> dict[str, Any]:
    """Both decades as JSON-ready data: decisions, outcomes per person, recommendations."""

    def side(g: City) -> dict[str, Any]:
        return {
            "decisions": [g.city.events[t].choices[c].id for t, c in enumerate(g.decisions)],
            "self": {k: round(v, 2) for k, v in g.meters.items()},
            "persons": {
                p.scenario: {k: round(v, 4) for k, v in final_shares(g, i).items()}
                for i, p in enumerate(g.city.persons)
            },
            "followed": followed_letters(g),
        }

    return {
        "turn": w.turn + 1,
        "substituted": [t + 1 for t in w.substituted],
        "original": side(w.original),
        "whatif": side(w.alt),
    }
