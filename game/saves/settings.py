"""The player's preferences, remembered between starts: language, theme, hints, undo, meters.

One small JSON file in the user's config folder (platformdirs), or in the folder named by
KOORDDANSER_CONFIG_DIR (tests, portable installs). The file is untrusted: a value that is
not valid falls back to its default, and a file that cannot be read gives all defaults and
one warning line, never a crash. Writes are atomic, like saves.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from game.i18n import default_lang, known

FILE_NAME = "settings.json"
ENV = "KOORDDANSER_CONFIG_DIR"
MAX_BYTES = 64_000


@dataclass(frozen=True)
class Settings:
    """What is remembered. ``theme`` None: the game's default theme."""

    lang: str = field(default_factory=default_lang)
    theme: str | None = None
    hints: bool = False
    undo: bool = True
    plain_meters: bool = False  # plain mode: read all meters every turn (else on `m`)


def settings_path() -> Path:
    """Where the settings file lives (it need not exist yet)."""
    folder = os.environ.get(ENV)
    if folder:
        return Path(folder).expanduser() / FILE_NAME
    from platformdirs import user_config_dir

    return Path(user_config_dir("koorddanser", appauthor=False)) / FILE_NAME


def _valid(name: str, value: Any) -> bool:
    if name == "lang":
        return known(value)
    if name == "theme":
        return value is None or (isinstance(value, str) and 0 < len(value) <= 64)
    return isinstance(value, bool)


def load(path: Path | None = None) -> tuple[Settings, str | None]:
    """(settings, warning): defaults for anything missing or wrong; one warning line at most."""
    p = path or settings_path()
    try:
        if p.stat().st_size > MAX_BYTES:
            return Settings(), f"{p}: too large to be a settings file; using the defaults"
        data = json.loads(p.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError, RecursionError) as exc:
        why = getattr(exc, "strerror", None) or "not readable as settings"
        return Settings(), f"{p}: {why}; using the defaults"
    if not isinstance(data, dict):
        return Settings(), f"{p}: not readable as settings; using the defaults"
    good: dict[str, Any] = {}
    bad: list[str] = []
    for f in fields(Settings):
        if f.name not in data:
            continue
        if _valid(f.name, data[f.name]):
            good[f.name] = data[f.name]
        else:
            bad.append(f.name)
    warning = f"{p}: ignored {', '.join(bad)} (not a valid value)" if bad else None
    return Settings(**good), warning


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically; raises OSError-based SaveError like any file write."""
    from game.saves.atomicio import (
        write_atomic,  # not game.saves.best_person: that loads the engine
    )

    p = path or settings_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(p, (json.dumps(asdict(settings), indent=2) + "\n").encode("utf-8"))


def update(path: Path | None = None, **changes: Any) -> Settings:
    """Load, change some fields, write back; a file that cannot be written is let be."""
    from game.saves.atomicio import SaveError

    current, _warning = load(path)
    new = replace(current, **{k: v for k, v in changes.items() if _valid(k, v)})
    if new != current:
        try:
            save(new, path)
        except (SaveError, OSError):
            pass  # preferences are a convenience: never stop a game over them
    return new
