""" "What if": take one past turn, choose differently, and let the rest of the decade play.

Later turns keep the player's own choices where they still apply: the same event in the
same turn gets the same answer; an event the player met in another turn gets the answer
given then; an event the player never met gets the open choice whose tags are most like
the player's own habits. Pure: a played game in, a second game out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


def as_dict(original: Game, result: Divergence, turn: int, choice: int) -> dict[str, Any]:
    """Both decades as data (``whatif --json``); ``turn`` and ``choice`` 1-based as typed."""

    def side(game: Game) -> dict[str, Any]:
        return {
            "ending": game.ending.id if game.ending else None,
            "choices": game.choices,
            "final": game.meters(),
        }

    return {
        "turn": turn,
        "choice": choice,
        "original": side(original),
        "whatif": {**side(result.game), "how": list(result.how)},
    }


def comparison_lines(
    model: Model, t: Callable[..., str], lang: str, original: Game, alt: Game, turn: int
) -> list[str]:
    """Both decades side by side, turn by turn, then both endings and final meters.

    ``t`` looks up the report's texts in ``lang``; ``turn`` is the changed turn, 1-based.
    """

    def title(event_id: str | None) -> str:
        if not event_id:
            return t("report.quiet_turn")
        return model.events[model.event_index(event_id)].title[lang]

    def choice(event_id: str | None, index: int | None) -> str:
        if event_id is None or index is None:
            return ""
        return model.events[model.event_index(event_id)].choices[index].label[lang]

    lines = [
        f"{t('whatif.title')}: {t('whatif.changed_turn', turn=turn)}",
        f"  A = {t('whatif.original')}; B = {t('whatif.alternative')}",
    ]
    for i in range(max(len(original.records), len(alt.records))):
        a = original.records[i] if i < len(original.records) else None
        b = alt.records[i] if i < len(alt.records) else None
        rec = a or b
        assert rec is not None  # i runs over the turns of the longer of the two games
        when = f"{t(f'season.{rec.season}')} {rec.year}"
        line_a = f"{title(a.event)}: {choice(a.event, a.choice)}" if a else "-"
        line_b = f"{title(b.event)}: {choice(b.event, b.choice)}" if b else "-"
        mark = ">" if i == turn - 1 else " "
        if line_a == line_b:
            lines.append(f"{mark} {when:<15} A=B  {line_a}")
        else:
            lines.append(f"{mark} {when:<15} A    {line_a}")
            lines.append(f"  {'':<15} B    {line_b}")
    return lines + _endings_and_meters(model, t, lang, original, alt)


def _endings_and_meters(
    model: Model, t: Callable[..., str], lang: str, original: Game, alt: Game
) -> list[str]:
    ea, eb = original.ending, alt.ending
    lines = [
        "",
        f"A  {t('report.ending')}: {ea.title[lang] if ea else '-'}",
        f"B  {t('report.ending')}: {eb.title[lang] if eb else '-'}",
        f"   {'':<20}{'A':>6}{'B':>6}",
    ]
    ma, mb = original.meters(), alt.meters()
    for m in model.meters:
        lines.append(
            f"   {m.label[lang]:<20}{ma[m.id]:>6.0f}{mb[m.id]:>6.0f}  ({mb[m.id] - ma[m.id]:+.0f})"
        )
    return lines
