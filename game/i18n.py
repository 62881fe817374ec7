"""The one place that knows the languages and how a text is looked up in them.

Every string a player or teacher sees lives in content (``content/ui*.yaml``, each key
``{nl: ..., en: ...}``). This module is the only translation mechanism: the app, plain
mode, the reports, the command line, the server and the municipality role all look texts
up through :class:`Catalog` (any language) or :class:`Texts` (one language).

**Adding a language** is a column in the content (an ``xx:`` beside every ``en:``) plus
one entry in :data:`LANGS`; nothing else names the languages.

**One rule for a missing text** (a key not in the tables, or no or an empty text in that
language):

- in tests (``KOORDDANSER_STRICT_TEXTS=1``, set by tests/conftest.py) it is a bug:
  :class:`MissingText` is raised, as is a text whose ``{placeholders}`` do not fit;
- in play the game never stops for it but shows it visibly: the text in the first other
  language that has one (so a half-translated key still reads), else the key in brackets
  (``[title.name]``); a text whose placeholders do not fit is shown unfilled.

Low in the house, below the content loader: it imports nothing of the game. The UI files
are read by :mod:`game.content.ui_table` (the safe YAML reader, kept parsed between starts).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TypeGuard

LANGS: tuple[str, ...] = ("nl", "en")
"""Every language the game speaks; the first is the default (Dutch)."""

STRICT_ENV = "KOORDDANSER_STRICT_TEXTS"

Table = Mapping[str, Mapping[str, str]]
"""``{key: {lang: text}}`` as read from a ``strings:`` mapping."""


class MissingText(KeyError):
    """A text looked up in strict mode that the content does not have (a bug)."""


class TableError(Exception):
    """A UI file is missing or not usable (the message names the file)."""


def default_lang() -> str:
    """The language used when nothing else says which."""
    return LANGS[0]


def known(lang: object) -> TypeGuard[str]:
    """Whether ``lang`` is one of :data:`LANGS` (untrusted input: settings, saves, forms)."""
    return isinstance(lang, str) and lang in LANGS


def from_locale(locale: str) -> str:
    """The language a locale or Accept-Language value starts with (``en_GB``: en), else the default."""
    low = locale.strip().lower()
    return next((lang for lang in LANGS if low.startswith(lang)), LANGS[0])


def teacher_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language of command output: the one the system's LANG names, else the default."""
    return from_locale((os.environ if environ is None else environ).get("LANG", ""))


def strict() -> bool:
    """True while the tests run: a missing text raises instead of falling back."""
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


def lookup(tables: tuple[Table, ...], key: str, lang: str, values: Mapping[str, object]) -> str:
    """The text of ``key`` in ``lang`` from the first table that has the key, filled in.

    Follows the module's one rule for a missing text or placeholder.
    """
    entry = next((t[key] for t in tables if key in t), None)
    text = entry.get(lang) if entry is not None else None
    if not isinstance(text, str) or not text:
        if strict():
            raise MissingText(f"no {lang!r} text for {key!r} in the content's UI strings")
        text = _fallback(entry, key)
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        if strict():
            raise MissingText(f"text {key!r} ({lang}) does not fit its values: {exc}") from None
        return text


def _fallback(entry: Mapping[str, str] | None, key: str) -> str:
    """Another language's text (in the order of LANGS), else the key in brackets."""
    for other in LANGS:
        text = entry.get(other) if entry is not None else None
        if isinstance(text, str) and text:
            return text
    return f"[{key}]"


class Catalog:
    """Texts in every language; ``table`` first, then ``shared`` (the model's ui-*.yaml)."""

    def __init__(self, table: Table, shared: Table | None = None) -> None:
        self.table = table
        # The model's merged strings (ui-*.yaml: labels shared with reports), once loaded.
        self.shared: Table = shared or {}

    def get(self, key: str, lang: str, /, **values: object) -> str:
        """The text of ``key`` in ``lang`` (see the module's rule for a missing one)."""
        return lookup((self.table, self.shared), key, lang, values)

    def has(self, key: str) -> bool:
        """Whether some table defines ``key`` (families of keys that may be absent)."""
        return key in self.table or key in self.shared

    def __getitem__(self, lang: str) -> Texts:
        return Texts(self, lang)


class Texts:
    """Texts of one language: ``t("report.title", name=...)``."""

    def __init__(self, catalog: Catalog | Table, lang: str) -> None:
        self.catalog = catalog if isinstance(catalog, Catalog) else Catalog(catalog)
        self.lang = lang

    def __call__(self, key: str, /, **values: object) -> str:
        return self.catalog.get(key, self.lang, **values)

    def has(self, key: str) -> bool:
        """Whether ``key`` is defined (in any language)."""
        return self.catalog.has(key)

    @property
    def table(self) -> Table:
        """The first table (kept for callers that list keys)."""
        return self.catalog.table
