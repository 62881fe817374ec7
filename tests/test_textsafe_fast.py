"""text_problem's fast path refuses exactly what the character-by-character rule refuses."""

from __future__ import annotations

import json
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from game.files import textsafe


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


def _strings(doc: object) -> list[str]:
    if isinstance(doc, str):
        return [doc]
    if isinstance(doc, dict):
        return [s for k, v in doc.items() for s in [k, *_strings(v)]]
    if isinstance(doc, list):
        return [s for v in doc for s in _strings(v)]
    return []


_ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=6)
_DOCS = st.recursive(
    _ANY_TEXT | st.integers() | st.none(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_ANY_TEXT, inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(doc=_DOCS, ascii_only=st.booleans(), indent=st.sampled_from([None, 1, "\t"]))
def test_a_clean_json_text_holds_only_clean_strings(
    doc: object, ascii_only: bool, indent: int | str | None
) -> None:
    text = json.dumps(doc, ensure_ascii=ascii_only, indent=indent)
    bad = [s for s in _strings(doc) if textsafe.text_problem(s)]
    if bad:
        assert not textsafe.json_strings_clean(text), bad


def test_json_scan_examples() -> None:
    assert textsafe.json_strings_clean('{"a": "Zoë \\" \\\\ \\/",\n\t"b": [1, 2]}')
    for text in ('{"a": "\\u001b"}', '{"a": "x\\ny"}', '{"a\\t": 1}', '{"a": "\u202e"}'):
        assert not textsafe.json_strings_clean(text), text
