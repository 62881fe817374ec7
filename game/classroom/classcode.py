"""Class codes: a short code like ``WIJK-4821`` that fixes scenario and seed for a whole class.

The word is the scenario's declared ``code`` (2-6 capital letters, unique over the loaded
content); the number is the seed. The same code with the same choices gives the same game.
A code is resolved by the declared word only, never by a prefix of a scenario's id: a new
scenario whose id starts like an old one cannot take over the old one's codes.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

_CODE = re.compile(r"^\s*([A-Za-z]{2,6})\s*[-\s]?\s*(\d{4})\s*$")


class ClassCodeError(ValueError):
    """A code that cannot be read or names no scenario.

    Carries a key of content/ui-saves.yaml and its values: :meth:`shown` words it in the
    reader's language; ``str()`` words it in English, for logs.
    """

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def shown(self, lang: str) -> str:
        """The message in ``lang``, safe for a terminal or a page."""
        from game.content.save_texts import words
        from game.files.textsafe import printable

        return printable(words(self.key, lang, self.values))

    def __str__(self) -> str:
        from game.content.save_texts import LOG_LANG

        return self.shown(LOG_LANG)


def word(scenario: Any) -> str:
    """The code word of a scenario (its declared ``code``)."""
    code = getattr(scenario, "code", "")
    if not code:
        raise ClassCodeError("classcode.no_code", scenario=repr(getattr(scenario, "id", scenario)))
    return str(code)


def make(scenario: Any, seed: int | None = None) -> str:
    """A class code for a scenario; a random number unless ``seed`` (0-9999) is given."""
    number = secrets.randbelow(10_000) if seed is None else seed
    if not 0 <= number < 10_000:
        raise ClassCodeError("classcode.four_digits")
    return f"{word(scenario)}-{number:04d}"


def split(code: str) -> tuple[str, int] | None:
    """(WORD, number) of a code, case and spacing forgiven; None when it is not one."""
    m = _CODE.match(code or "")
    return (m.group(1).upper(), int(m.group(2))) if m else None


def parse(code: str, scenarios: Mapping[str, Any]) -> tuple[str, int]:
    """(scenario id, seed) of a code, case and spacing forgiven; ClassCodeError otherwise.

    ``scenarios`` maps ids to scenarios (``model.scenarios``).
    """
    m = _CODE.match(code or "")
    if not m:
        raise ClassCodeError("classcode.unreadable", code=repr(code))
    wanted, number = m.group(1).upper(), int(m.group(2))
    matches = [sid for sid in sorted(scenarios) if getattr(scenarios[sid], "code", "") == wanted]
    if not matches:
        raise ClassCodeError("classcode.unknown", code=repr(code.strip()), word=wanted)
    return matches[0], number


def normalise(code: str, scenarios: Mapping[str, Any]) -> str:
    """The canonical spelling of a valid code (``wijk 4821`` -> ``WIJK-4821``)."""
    sid, seed = parse(code, scenarios)
    return make(scenarios[sid], seed)
