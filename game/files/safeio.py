"""Reading a file that may not be a file: the one reader saves and content files share.

A FIFO would block forever, /dev/zero never ends, and a name checked with stat() can be
swapped before open(). So the file is opened without blocking, checked on the open
descriptor, and read to at most ``limit + 1`` bytes whatever its size claimed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotReadable(Exception):
    """The path cannot be read as a file of bounded size; ``str()`` says why in words.

    ``kind`` (missing, folder, os, device, too_large) and ``values`` let a caller word the
    reason in its reader's language (game.saves.best_person does, from content/ui-saves.yaml).
    """

    def __init__(self, message: str, kind: str = "", **values: object) -> None:
        super().__init__(message)
        self.kind = kind
        self.values = values


def read_limited(path: str | Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``), else NotReadable."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotReadable("no such file", "missing") from None
    except IsADirectoryError:
        raise NotReadable(f"is a folder, not {what}", "folder") from None
    except OSError as exc:
        raise NotReadable(
            f"cannot read: {exc.strerror or exc}", "os", why=exc.strerror or str(exc)
        ) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise NotReadable(f"is a folder, not {what}", "folder")
        if not stat.S_ISREG(st.st_mode):  # a pipe or device could block or never end
            raise NotReadable(f"not a regular file (a pipe or device), not {what}", "device")
        if st.st_size > limit:
            raise NotReadable(
                f"too large for {what} ({st.st_size // 1000} kB)",
                "too_large",
                kb=st.st_size // 1000,
            )
        chunks, total = [], 0
        while total <= limit:  # the file can grow after the check: read at most limit + 1
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise NotReadable(
            f"cannot read: {exc.strerror or exc}", "os", why=exc.strerror or str(exc)
        ) from None
    finally:
        os.close(fd)
    if total > limit:
        raise NotReadable(f"too large for {what}", "too_large", kb=total // 1000)
    return b"".join(chunks)
