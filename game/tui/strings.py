"""The player-facing interface strings (content/ui.yaml), read cheaply for a fast title screen.

Only ``game.content.yamlsafe`` is used here, not the full loader (numpy, expressions,
validation); ``koorddanser validate`` and ``load_model`` check the same file with the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

LANGS = ("nl", "en")


class StringsError(Exception):
    """ui.yaml is missing or not usable."""


def read_strings(path: Path | None = None) -> dict[str, dict[str, str]]:
    """``{key: {nl: ..., en: ...}}`` from ui.yaml's ``strings:`` mapping, read by the safe loader.

    The table is kept parsed between starts (game.content.parsed_cache, keyed by the
    file's bytes), so the title needs no YAML reader when ui.yaml has not changed.
    """
    from game.content.parsed_cache import cached
    from game.content.paths import content_dir

    p = path or content_dir() / "ui.yaml"
    return cached(p, "ui-strings", lambda raw: _parse(p, raw), _table, (Path(__file__),))


def _parse(p: Path, raw: bytes | None) -> dict[str, dict[str, str]]:
    from game.content.yamlsafe import ContentError, load_file

    try:
        doc = load_file(p, raw)
    except ContentError as exc:
        raise StringsError(str(exc)) from None
    strings = doc.get("strings") if isinstance(doc, dict) else None
    if not isinstance(strings, dict):
        raise StringsError(f"{p}: expected a mapping 'strings:'")
    out: dict[str, dict[str, str]] = {}
    for key, value in strings.items():
        if isinstance(value, dict):
            out[str(key)] = {lang: str(value.get(lang, "")).rstrip().lstrip("\n") for lang in LANGS}
    return out


def _table(data: object) -> dict[str, dict[str, str]] | None:
    """A stored table as :func:`_parse` makes it, or None (the cache file was changed)."""
    if not isinstance(data, dict):
        return None
    for key, value in data.items():
        if not (isinstance(key, str) and isinstance(value, dict) and len(value) == len(LANGS)):
            return None
        if not all(isinstance(value.get(lang), str) for lang in LANGS):
            return None
    return data


class Strings:
    """Look up a string in a language; a missing one shows its key, never crashes."""

    def __init__(self, table: Mapping[str, Mapping[str, str]]) -> None:
        self.table = table
        # The model's merged strings (ui-*.yaml: labels shared with reports), once loaded.
        self.shared: Mapping[str, Mapping[str, str]] = {}

    def get(self, key: str, lang: str, **values: object) -> str:
        entry = self.table.get(key) or self.shared.get(key)
        text = (entry.get(lang) or entry.get("nl") or key) if entry else key
        if values:
            try:
                text = text.format(**values)
            except (KeyError, IndexError, ValueError):
                pass
        return text

    def has(self, key: str) -> bool:
        return key in self.table or key in self.shared
