"""Parsed interface strings kept between starts, so the title does not wait for the YAML reader.

Reading content/ui.yaml with the safe YAML reader costs a start some 25 ms (importing
PyYAML, checking and building every node); the same table from a small JSON file costs
well under one. The cache is only a shortcut, never a source:

- its key is a SHA-256 of the YAML file's bytes (read on every start, a few kB), this
  module's format number and the size and time of the code that turns the YAML into the
  table, so an edited content file or a changed reader never serves old strings;
- the cache file is untrusted too (it lies in the user's folder): it is read with the
  bounded reader, parsed as JSON (no code runs), and its table must pass the caller's
  check, else it is ignored;
- anything wrong (no cache folder, unreadable, corrupt, a full disk) falls back to parsing
  the YAML, with the same errors as without a cache. Writes are atomic.

KOORDDANSER_CACHE_DIR names another folder (tests, portable installs); empty or "off"
switches the cache off.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from game.files.safeio import NotReadable, read_limited

ENV = "KOORDDANSER_CACHE_DIR"
FORMAT = 1  # raise when the stored table's shape changes
MAX_SOURCE = 4_000_000  # beyond this the YAML reader refuses the file anyway: no shortcut
MAX_CACHE = 8_000_000

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The folder for parsed content (it need not exist yet); None when switched off."""
    env = os.environ.get(ENV)
    if env is not None:
        env = env.strip()
        return None if env in ("", "off") else Path(env).expanduser()
    if os.name == "posix" and sys.platform != "darwin":
        # platformdirs says the same here, but importing it costs more than the cache saves
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
        return base / "koorddanser"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("koorddanser", appauthor=False))


def cached(
    path: Path,
    kind: str,
    parse: Callable[[bytes | None], T],
    check: Callable[[Any], T | None],
    code: tuple[Path, ...] = (),
) -> T:
    """``parse(bytes of path)``, or the table stored for exactly these bytes.

    ``parse`` gets None when the file could not be read here: it reads it itself and raises
    its usual error. ``check`` turns JSON data into the table or returns None when it is
    not one (a cache file someone edited). ``code``: the source files whose change must
    invalidate the stored table. Errors are never stored.
    """
    try:
        raw = read_limited(path, MAX_SOURCE, "a content file")
    except NotReadable:
        return parse(None)
    folder = cache_dir()
    if folder is None:
        return parse(raw)
    key = _key(raw, kind, (Path(__file__), *code))
    file = folder / f"{kind}.json"
    found = _read(file, key, check)
    if found is not None:
        return found
    table = parse(raw)
    _write(folder, file, key, table)
    return table


def _key(raw: bytes, kind: str, code: tuple[Path, ...]) -> str:
    import hashlib

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{kind}\0".encode())
    for source in code:
        try:
            st = os.stat(source)
            digest.update(f"{source.name}:{st.st_size}:{st.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(f"{source.name}:?\0".encode())
    digest.update(raw)
    return digest.hexdigest()


def _read(file: Path, key: str, check: Callable[[Any], T | None]) -> T | None:
    try:
        doc = json.loads(read_limited(file, MAX_CACHE, "a cache file").decode("utf-8"))
    except (NotReadable, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("key") != key:
        return None
    return check(doc.get("table"))


def _write(folder: Path, file: Path, key: str, table: object) -> None:
    """Store atomically; a cache that cannot be written is simply not there next time.

    The temporary file gets a fresh name (mkstemp: never an existing file or a link someone
    planted, should the folder be shared), then replaces the old one in one rename.
    """
    import tempfile  # only when writing: a start with a filled cache does not need it

    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = json.dumps({"format": FORMAT, "key": key, "table": table}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(data)
        os.replace(tmp, file)
    except (OSError, TypeError, ValueError):
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
