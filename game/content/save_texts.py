"""The words of save and class-code errors, from content/ui-saves.yaml (nl + en).

An error about a save carries a key and its values, not a sentence: each place that shows
it to a person words it in that person's language (:func:`words`), and ``str()`` of the
error words it in English for logs. A value may itself be a :class:`Phrase` (the reason a
disk refused a write, say), worded in the same language as the sentence around it.

Light on purpose (no engine, no model): the table is read with the safe YAML reader only
when an error is worded, through game.i18n's lookup and its one rule for a missing text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from game.i18n import Table, lookup

LOG_LANG = "en"
"""The language of ``str(error)``: logs and tests read English."""


class Phrase(NamedTuple):
    """A text still to be worded: a key of content/ui-saves.yaml and its values."""

    key: str
    values: Mapping[str, object] = {}

    def text(self, lang: str) -> str:
        """This phrase in ``lang``."""
        return words(self.key, lang, self.values)


def table() -> Table:
    """content/ui-saves.yaml as ``{key: {lang: text}}`` (empty when it cannot be read)."""
    from .ui_table import content_table  # only when an error is worded

    return content_table("ui-saves")


def words(key: str, lang: str, values: Mapping[str, object]) -> str:
    """The text of ``key`` in ``lang`` with its values filled in (phrases worded in ``lang``)."""
    filled = {k: v.text(lang) if isinstance(v, Phrase) else v for k, v in values.items()}
    tab = table()
    if not tab and key:
        # The content is unreadable: a log line must still say something true.
        shown = ", ".join(f"{k}={v}" for k, v in filled.items())
        return f"{key}({shown})" if shown else key
    return lookup((tab,), key, lang, filled)


def said(exc: BaseException, lang: str) -> str:
    """An error as a person reads it: a save or class-code error worded in ``lang``
    (its ``shown``), any other error (an OSError, say) as it words itself."""
    shown = getattr(exc, "shown", None)
    return str(shown(lang)) if callable(shown) else str(exc)
