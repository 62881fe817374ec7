"""Whether a change in a meter is good or bad news, told without colour.

Colour alone fails with NO_COLOR, on TERM=linux and for colour-blind players, so every
change also carries a sign that differs in shape (▲ good, ▼ bad) or, in plain mode where a
speech synthesiser reads the text, a word. Pure: the app and plain mode share it.
"""

from __future__ import annotations

from collections.abc import Callable

# Meters where a rise is bad news; for the rest a rise is good.
BURDENS = frozenset({"workload", "private_burden"})

GOOD_MARK = "▲"
BAD_MARK = "▼"
# The direction of a change, apart from whether it is good (both are in the Linux console font).
UP, DOWN = "↑", "↓"


def good(meter: str, delta: float) -> bool:
    """Whether a change of ``delta`` in ``meter`` is good for the player."""
    return (delta < 0) if meter in BURDENS else (delta > 0)


def mark(meter: str, delta: float) -> str:
    """▲ for good news, ▼ for bad news (whatever the direction of the number)."""
    return GOOD_MARK if good(meter, delta) else BAD_MARK


def word(meter: str, delta: float, t: Callable[[str], str]) -> str:
    """ "good" or "bad" in the player's language, from the strings verdict.good / verdict.bad."""
    return t("verdict.good" if good(meter, delta) else "verdict.bad")
