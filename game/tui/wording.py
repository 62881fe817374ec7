"""Wording: the interface strings in one language, handed down from a screen to its widgets.

Widgets speak through the Wording they are given (Textual's "attributes down"), not by
asking the app; a language switch hands them a new one. Equal wordings (the same strings
in the same language) draw equal pictures, which the state widgets rely on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .strings import Strings


@dataclass(frozen=True)
class Wording:
    """``strings`` looked up in ``lang``; a missing string shows its key (see Strings)."""

    strings: Strings
    lang: str

    def t(self, key: str, **values: object) -> str:
        """The interface string ``key``."""
        return self.strings.get(key, self.lang, **values)

    def text(self, value: Mapping[str, str] | None) -> str:
        """A content text ``{nl: ..., en: ...}``; Dutch, then any language, when one is missing."""
        if not value:
            return ""
        return value.get(self.lang) or value.get("nl") or next(iter(value.values()), "")

    def season_year(self, year: int, season: int) -> str:
        """``voorjaar 2012``: a half-year in words."""
        return self.t("time.season_year", season=self.t(f"season.{season}"), year=year)

    def has(self, key: str) -> bool:
        """Whether ``key`` is an interface string."""
        return self.strings.has(key)


# What a widget holds before its screen hands it the real wording (never drawn with).
NO_WORDING = Wording(Strings({}), "nl")
