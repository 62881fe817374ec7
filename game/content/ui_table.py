"""Reading a UI strings file (``content/ui*.yaml``) into the table game.i18n looks texts up in."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from game.i18n import LANGS, TableError

from .parsed_cache import cache_dir, cached


def read_table(
    path: Path, kind: str, code: tuple[Path, ...] = (), trim: bool = True
) -> dict[str, dict[str, str]]:
    """``{key: {lang: text}}`` from a UI file's ``strings:`` mapping, by the safe YAML reader.

    Raises :class:`TableError` naming the file when it cannot be read or has no such
    mapping. Kept parsed between starts (parsed_cache, keyed by the file's
    bytes), so a start with unchanged content needs no YAML reader. ``kind`` names the
    cache entry; ``code`` lists further source files whose change must renew it. ``trim``:
    strip block scalars' trailing space and leading newlines (the command line keeps
    texts as written: its ``"usage: "`` ends in a space).
    """
    parse: Callable[[bytes | None], dict[str, dict[str, str]]] = lambda raw: _parse(path, raw, trim)  # noqa: E731
    return cached(path, kind, parse, _checked, (Path(__file__), *code))


def content_table(name: str, trim: bool = True) -> dict[str, dict[str, str]]:
    """``content/NAME.yaml``'s texts, read once per process and kept parsed between starts.

    An unreadable file gives an empty table: each text then shows as its key in brackets
    (game.i18n's rule for a missing text), so a broken UI file never stops a command.
    The table is shared: callers only read it.
    """
    from .paths import content_dir

    # Remembered per content folder and per place of the parsed cache: a test (or a user)
    # pointing either elsewhere gets that folder's texts, read and stored there.
    return _content_table(content_dir(), name, trim, cache_dir())


@lru_cache(maxsize=32)
def _content_table(
    folder: Path, name: str, trim: bool, _cache: Path | None
) -> dict[str, dict[str, str]]:
    try:
        return read_table(folder / f"{name}.yaml", name, trim=trim)
    except (TableError, OSError):
        return {}


def _parse(path: Path, raw: bytes | None, trim: bool) -> dict[str, dict[str, str]]:
    # The YAML reader only on a cache miss: a start with unchanged content does without it.
    from .yamlsafe import ContentError, load_file

    try:
        doc = load_file(path, raw)
    except ContentError as exc:
        raise TableError(str(exc)) from None
    strings = doc.get("strings") if isinstance(doc, dict) else None
    if not isinstance(strings, dict):
        raise TableError(f"{path}: expected a mapping 'strings:'")
    out: dict[str, dict[str, str]] = {}
    for key, value in strings.items():
        if isinstance(value, dict):
            # A language without a text reads as "", which the lookup's rule treats as missing.
            texts = {lang: str(value.get(lang, "")) for lang in LANGS}
            out[str(key)] = (
                {k: v.rstrip().lstrip("\n") for k, v in texts.items()} if trim else texts
            )
    return out


def _checked(data: object) -> dict[str, dict[str, str]] | None:
    """A stored table as :func:`_parse` makes it, or None (the cache file was changed)."""
    if not isinstance(data, dict):
        return None
    for key, value in data.items():
        if not (isinstance(key, str) and isinstance(value, dict)):
            return None
        if len(value) != len(LANGS) or not all(isinstance(value.get(k), str) for k in LANGS):
            return None
    return data
