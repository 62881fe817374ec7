"""Who may play in a class folder: a name, its folder, and a pass phrase kept only as a hash.

A student's games live in ``DIR/<slug>/`` (the slug is the one `saves` uses for slot names),
so `saves check DIR` and `class DIR` read them unchanged. ``DIR/<slug>/.student.json`` holds the
name as typed and a salted scrypt hash of the pass phrase: hidden files are skipped by both.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

STUDENT_FILE = ".student.json"
MIN_PHRASE = 4
MAX_PHRASE = 64
# scrypt at 16 MiB and ~50 ms: slow enough against guessing, fast enough for a class joining
_N, _R, _P = 2**14, 8, 1


class JoinError(Exception):
    """A join refused; ``key`` is the string (content/ui-serve.yaml) that says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Student:
    """A student of this class: the name as typed and the folder that holds their games."""

    name: str
    slug: str
    folder: Path
    phrase_hash: str


def folder_name(name: str) -> str:
    """The folder of a name: saves' slot slug, checked like a save name; JoinError otherwise.

    "Anna de Vries" and "anna-de-vries" meet in one folder: the pass phrase then decides.
    """
    from game.saves.best_person import SaveError, clean_student, safe_name, slug

    try:
        clean_student(name)
    except SaveError:
        raise JoinError("serve.error.name_bad") from None
    s = slug(name)
    if not s:
        raise JoinError("serve.error.name_letters")
    try:
        safe_name(s)  # reserved names (con, nul, autosave ...) stay out too
    except SaveError:
        raise JoinError("serve.error.name_bad") from None
    return s


def _hash(phrase: str, salt: bytes) -> str:
    return hashlib.scrypt(
        phrase.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 1024 * 1024, dklen=32
    ).hex()


def _read(path: Path) -> dict | None:
    try:
        if path.stat().st_size > 4096:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def load(class_dir: Path, slug: str) -> Student | None:
    """The student whose folder is ``slug``, or None when nobody joined under it."""
    folder = class_dir / slug
    data = _read(folder / STUDENT_FILE)
    if data is None or not isinstance(data.get("hash"), str):
        return None
    return Student(str(data.get("name") or slug), slug, folder, data["hash"])


def join(class_dir: Path, name: str, phrase: str) -> Student:
    """Join (first time: the phrase is set) or come back (the phrase must match).

    JoinError names the reason; the caller serialises joins (one server process).
    """
    from game.saves.best_person import clean_student, write_atomic

    s = folder_name(name)
    if not MIN_PHRASE <= len(phrase) <= MAX_PHRASE:
        raise JoinError("serve.error.phrase_length")
    folder = class_dir / s
    path = folder / STUDENT_FILE
    data = _read(path)
    if data is not None:
        salt_hex, stored = data.get("salt"), data.get("hash")
        if not isinstance(salt_hex, str) or not isinstance(stored, str):
            raise JoinError("serve.error.student_file")
        try:
            salt = bytes.fromhex(salt_hex)
        except ValueError:
            raise JoinError("serve.error.student_file") from None
        if not hmac.compare_digest(_hash(phrase, salt), stored):
            raise JoinError("serve.error.phrase_wrong")
        return Student(str(data.get("name") or s), s, folder, stored)
    if path.exists() or folder.is_symlink():
        raise JoinError("serve.error.student_file")  # unreadable: never replaced
    salt = secrets.token_bytes(16)
    stored = _hash(phrase, salt)
    record = {"name": clean_student(name), "salt": salt.hex(), "hash": stored, "kdf": "scrypt"}
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(record).encode("utf-8"))
    with suppress(OSError):
        os.chmod(path, 0o600)  # the hash is for the server only
    return Student(record["name"], s, folder, stored)


def session_value(secret: bytes, student: Student) -> str:
    """The cookie of a joined student: their folder and a MAC over it and their phrase hash.

    Signed, not stored: a restarted server still knows every student (kill -9 mid-class).
    """
    mac = hmac.new(secret, f"{student.slug}\0{student.phrase_hash}".encode(), "sha256")
    return f"{student.slug}.{mac.hexdigest()}"


def from_session(secret: bytes, class_dir: Path, value: str | None) -> Student | None:
    """The student a cookie stands for, or None when it is missing, forged or outdated."""
    if not value or "." not in value or len(value) > 200:
        return None
    slug, _, _mac = value.rpartition(".")
    try:
        if slug != folder_name(slug):
            return None
    except JoinError:
        return None
    student = load(class_dir, slug)
    if student is None:
        return None
    return student if hmac.compare_digest(session_value(secret, student), value) else None
