"""Small pure helpers the screens share: numbers, sparklines, the why-trace ranked, key moments.

Nothing here imports Textual, so the helpers are easy to test on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

# Good or bad news: colour plus a mark that differs in shape (shared with plain mode).
from game.classroom.verdict import BURDENS, good, mark  # noqa: F401 - re-exported for the screens

if TYPE_CHECKING:
    from game.engine import Change, Game, TurnRecord
    from game.engine.expr import Compiled
    from game.engine.model import Choice

SPARK = "▁▂▃▄▅▆▇█"
MINUS = "−"  # a real minus sign: easier to read than a hyphen

SMALL = 0.05  # changes smaller than this are not shown


def number(x: float, lang: str, signed: bool = False) -> str:
    """A change or value as a person reads it: whole numbers, one decimal below 1."""
    ax = abs(x)
    if ax >= 0.95 or ax == 0:
        body = f"{ax:.0f}"
    else:
        body = f"{ax:.1f}"
        if lang == "nl":
            body = body.replace(".", ",")
    if not signed:
        return ("-" if x < 0 else "") + body
    return ("+" if x > 0 else MINUS if x < 0 else "±") + body


def sample(values: Sequence[float], width: int) -> list[float]:
    """At most ``width`` values, spread evenly over the series (first and last kept)."""
    n = len(values)
    if width <= 0 or n == 0:
        return []
    if n <= width:
        return list(values)
    if width == 1:
        return [values[-1]]
    return [values[round(i * (n - 1) / (width - 1))] for i in range(width)]


def spark(values: Sequence[float], width: int, low: float = 0.0, high: float = 100.0) -> str:
    """A sparkline on a fixed 0-100 scale, so a flat line really is flat."""
    out = []
    span = max(high - low, 1e-9)
    for v in sample(values, width):
        k = int((min(max(v, low), high) - low) / span * (len(SPARK) - 1) + 0.5)
        out.append(SPARK[k])
    return "".join(out)


_ESSAY = re.compile(r"essay\s+([0-9][0-9,\-– ]*[0-9])")


def essay_lines(source: str) -> str | None:
    """The essay line range a source cites (``"essay 671-682"`` -> ``"671-682"``)."""
    m = _ESSAY.search(source or "")
    return m.group(1).replace("-", "–") if m else None


def meter_deltas(change: Change, meter_ids: Iterable[str]) -> dict[str, float]:
    """The meters a change moved noticeably, largest first."""
    ids = set(meter_ids)
    moved = {k: v for k, v in change.deltas.items() if k in ids and abs(v) >= SMALL}
    return dict(sorted(moved.items(), key=lambda kv: -abs(kv[1])))


def weight(deltas: Mapping[str, float]) -> float:
    return sum(abs(v) for v in deltas.values())


def ranked_why(
    record: TurnRecord, meter_ids: Sequence[str]
) -> list[tuple[Change, dict[str, float]]]:
    """The why-trace of a turn: each cause with the meters it moved, largest first.

    The player's own choice always comes first; then the rules by the size of their effect.
    """
    items = [(c, meter_deltas(c, meter_ids)) for c in record.why]
    items = [(c, d) for c, d in items if d or c.kind == "choice"]
    choice = [it for it in items if it[0].kind == "choice"]
    rules = sorted((it for it in items if it[0].kind != "choice"), key=lambda it: -weight(it[1]))
    return choice + rules


def net_change(record: TurnRecord) -> dict[str, float]:
    """Each meter's change over the turn, largest first (changes below SMALL left out)."""
    d = {k: record.after[k] - record.before.get(k, record.after[k]) for k in record.after}
    d = {k: v for k, v in d.items() if abs(v) >= SMALL}
    return dict(sorted(d.items(), key=lambda kv: -abs(kv[1])))


def hint_signs(
    choice: Choice, game: Game | None, meter_ids: Sequence[str]
) -> list[tuple[str, str]]:
    """The expected direction of a choice's direct effects: ``[(meter, "+"|"-"|"~")]``.

    A constant effect says its sign. A formula is evaluated on the current state when it
    draws no chance; otherwise it shows "~" (it depends).
    """
    ids = set(meter_ids)
    out: list[tuple[str, str]] = []
    for eff in choice.effects:
        if eff.name not in ids:
            continue
        value: float | None = eff.expr.constant
        if value is None and game is not None and "chance" not in eff.expr.text:
            value = _evaluate(eff.expr, game)
        if value is None:
            out.append((eff.name, "~"))
        elif value > 0:
            out.append((eff.name, "+"))
        elif value < 0:
            out.append((eff.name, "-"))
    return out


def _evaluate(expr: Compiled, game: Game) -> float | None:
    try:
        import numpy as np

        from game.engine.state import FullEnv

        arr = np.asarray(expr(FullEnv(game.state)), dtype=float).reshape(-1)
        return float(arr[0]) if arr.size else None
    except Exception:  # noqa: BLE001 - a hint must never break the game
        return None
