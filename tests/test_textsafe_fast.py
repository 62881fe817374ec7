"""text_problem's fast path refuses exactly what the character-by-character rule refuses."""

from __future__ import annotations

import sys
import unicodedata

from game import textsafe


def _slow(value: str, multiline: bool) -> str | None:
    """The rule as first written: ask unicodedata about every character."""
    for c in value:
        if multiline and c in "\n\t":
            continue
        if unicodedata.category(c) == "Cs":
            return "holds a lone surrogate (not valid text)"
        if textsafe._is_control(c):
            return f"holds a control character (U+{ord(c):04X})"
    return None


def test_every_code_point_is_judged_as_before() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    for multiline, pattern in ((False, textsafe._SUSPECT), (True, textsafe._SUSPECT_MULTILINE)):
        fast = set(pattern.findall(every))
        slow = {c for c in every if _slow(c, multiline)}
        assert fast == slow, sorted(f"U+{ord(c):04X}" for c in fast ^ slow)[:10]


def test_the_first_offending_character_is_named() -> None:
    value = "name\u202eeman\x1b[2J"
    assert (
        textsafe.text_problem(value)
        == _slow(value, False)
        == ("holds a control character (U+202E)")
    )
    assert textsafe.text_problem("a\tb\nc", multiline=True) is None
    assert textsafe.text_problem("a\tb") == "holds a control character (U+0009)"
