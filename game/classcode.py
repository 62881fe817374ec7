"""Class codes: a short code like ``WIJK-4821`` that fixes scenario and seed for a whole class.

The word names the scenario (the first four letters of its id), the number is the seed.
The same code with the same choices gives the same game.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

_CODE = re.compile(r"^\s*([A-Za-z]{4})\s*[-\s]?\s*(\d{4})\s*$")


class ClassCodeError(ValueError):
    """A code that cannot be read or names no scenario."""


def prefix(scenario_id: str) -> str:
    """The code word of a scenario: the first four letters of its id, upper case."""
    letters = re.sub(r"[^a-z]", "", scenario_id.lower())
    return (letters + "XXXX")[:4].upper()


def make(scenario_id: str, seed: int | None = None) -> str:
    """A class code for a scenario; a random number unless ``seed`` (0-9999) is given."""
    number = secrets.randbelow(10_000) if seed is None else seed
    if not 0 <= number < 10_000:
        raise ClassCodeError("a class code number has four digits")
    return f"{prefix(scenario_id)}-{number:04d}"


def parse(code: str, scenario_ids: Iterable[str]) -> tuple[str, int]:
    """(scenario id, seed) of a code, case and spacing forgiven; ClassCodeError otherwise."""
    m = _CODE.match(code or "")
    if not m:
        raise ClassCodeError(
            f"{code!r} is not a class code (four letters and four digits, e.g. WIJK-4821)"
        )
    word, number = m.group(1).upper(), int(m.group(2))
    matches = [s for s in sorted(scenario_ids) if prefix(s) == word]
    if not matches:
        raise ClassCodeError(f"class code {code.strip()!r}: no scenario goes with {word}")
    return matches[0], number


def normalise(code: str, scenario_ids: Iterable[str]) -> str:
    """The canonical spelling of a valid code (``wijk 4821`` -> ``WIJK-4821``)."""
    sid, seed = parse(code, scenario_ids)
    return make(sid, seed)
