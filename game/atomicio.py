"""Writing a file all or nothing, and the error a save or any written file reports.

Light on purpose (no engine, no numpy): the settings file is written this way when the
player changes the language on the title, and game.saves (which re-exports all of this)
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

from game.textsafe import path_text, printable


class SaveError(Exception):
    """A save that cannot be written, read or trusted; ``str()`` is ``"path: message"``."""

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(f"{path_text(path)}: {message}")
        self.path = path
        self.message = message

    def __str__(self) -> str:
        # The path is shown as its bytes (escaped where they are not text), the message
        # made printable: both may come from a hostile file or file name.
        return f"{path_text(self.path)}: {printable(self.message)}"


def _why(exc: OSError) -> str:
    """An OSError as words a student or teacher can act on."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full"
    if code in (errno.EACCES, errno.EPERM):
        return "no permission to write here"
    if code == errno.EROFS:
        return "the disk is read-only"
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
        raise SaveError(path, f"cannot create the folder {folder}: {_why(exc)}") from exc
    if path.is_dir():
        raise SaveError(path, "is a folder, not a save file")
    kept = "the previous save is kept" if path.exists() else "nothing was written"
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SaveError(path, f"could not save: {_why(exc)} ({kept})") from exc
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
            raise SaveError(path, f"could not save: {_why(exc)} ({kept})") from exc
        raise
    _fsync_dir(folder)
    return path


def output_problem(path: str | Path) -> str | None:
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
        return f"cannot use it: {exc.strerror or exc}"
    if stat.S_ISLNK(st.st_mode):
        return "is a link; give the file it points to, or another name"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder; give a file name"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file (a device or pipe); use -o - for standard output"
    if not st.st_mode & 0o222 or not os.access(p, os.W_OK):
        return "is read-only; it is left as it is"
    return None


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write any file (a report, an overview) the way saves are written: all or nothing.

    Only where :func:`output_problem` allows (SaveError otherwise).
    """
    problem = output_problem(path)
    if problem:
        raise SaveError(path, problem)
    return atomic_write(Path(path), data)
