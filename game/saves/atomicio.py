"""Writing a file all or nothing, and the error a save or any written file reports.

Light on purpose (no engine, no numpy): the settings file is written this way when the
player changes the language on the title, and game.saves.best_person (which re-exports all of this)
would load the engine for it. A reader sees the old file or the new one, never half.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from game.content.save_texts import LOG_LANG, Phrase, words
from game.files.textsafe import path_text, printable


class SaveError(Exception):
    """A save that cannot be written, read or trusted.

    Carries a key of content/ui-saves.yaml and its values (the path already kept apart),
    so each place that shows it words it in its reader's language with :meth:`shown`;
    ``str()`` is ``"path: message"`` in English, for logs.
    """

    def __init__(self, path: str | Path, key: str, /, **values: object) -> None:
        super().__init__(path, key)
        self.path = path
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        """The message (without the path) in ``lang``."""
        return words(self.key, lang, self.values)

    @property
    def message(self) -> str:
        """The message in English (for logs)."""
        return self.text(LOG_LANG)

    def shown(self, lang: str) -> str:
        """``"path: message"`` in ``lang``, safe for a terminal or a page."""
        # The path is shown as its bytes (escaped where they are not text), the message
        # made printable: both may come from a hostile file or file name.
        return f"{path_text(self.path)}: {printable(self.text(lang))}"

    def __str__(self) -> str:
        return self.shown(LOG_LANG)


def _why(exc: OSError) -> Phrase | str:
    """An OSError as words a student or teacher can act on."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return Phrase("saveerr.os.disk_full")
    if code in (errno.EACCES, errno.EPERM):
        return Phrase("saveerr.os.no_permission")
    if code == errno.EROFS:
        return Phrase("saveerr.os.read_only")
    # The system's own words (already in the system's language).
    return exc.strerror or str(exc) or type(exc).__name__


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte to ``fd``."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) everywhere."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(
    path: Path, data: bytes, write_all: Callable[[int, bytes], None] = _write_all
) -> Path:
    """Temp file in the same folder, fsync, rename: a reader sees the old or the new file."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(
            path, "saveerr.write.no_folder", folder=path_text(folder), why=_why(exc)
        ) from exc
    if path.is_dir():
        raise SaveError(path, "saveerr.write.is_folder")
    kept = Phrase("saveerr.write.kept" if path.exists() else "saveerr.write.nothing_written")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SaveError(path, "saveerr.write.failed", why=_why(exc), kept=kept) from exc
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
            if hasattr(os, "fchmod"):  # mkstemp makes 0600; a hand-in must be readable
                with suppress(OSError):
                    os.fchmod(fd, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise SaveError(path, "saveerr.write.failed", why=_why(exc), kept=kept) from exc
        raise
    _fsync_dir(folder)
    return path


def output_problem(path: str | Path) -> Phrase | None:
    """Why a report or overview may not be written to ``path``, or None when it may.

    Outputs replace a file by renaming a new one over it, so only a regular, writable
    file (or a free name) may be the target: never a device (/dev/stdout, /dev/full), a
    pipe, a folder, a link or a file made read-only.
    """
    p = Path(path)
    try:
        st = p.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Phrase("saveerr.output.unusable", {"why": exc.strerror or str(exc)})
    if stat.S_ISLNK(st.st_mode):
        return Phrase("saveerr.output.link")
    if stat.S_ISDIR(st.st_mode):
        return Phrase("saveerr.output.folder")
    if not stat.S_ISREG(st.st_mode):
        return Phrase("saveerr.output.device")
    if not st.st_mode & 0o222 or not os.access(p, os.W_OK):
        return Phrase("saveerr.output.read_only")
    return None


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write any file (a report, an overview) the way saves are written: all or nothing.

    Only where :func:`output_problem` allows (SaveError otherwise).
    """
    problem = output_problem(path)
    if problem:
        raise SaveError(path, problem.key, **problem.values)
    return atomic_write(Path(path), data)
