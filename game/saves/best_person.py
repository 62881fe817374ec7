"""Saved games: JSON, versioned, event-sourced, written atomically and read as untrusted input.

A save holds what is needed to rebuild the game exactly (scenario, seed, run index, world
settings and the chosen index per turn) plus a snapshot of the meters and the per-turn
history, so reports need no replay and tampering can be caught::

    {"kind": "koorddanser-save", "format_version": 2, "scenario": ..., "content_hash": ...,
     "seed": ..., "run_index": 0, "world": null, "lang": "nl", "class_code": null,
     "student": null | name, "game_version": ...,
     "choices": [2, 0, -1, ...],          # 0-based per turn; -1 for a turn without event
     "ending": null | ending id,
     "snapshot": {"turn", "year", "season", "event", "meters": {...}},
     "meters": [meter ids],               # the order of every row below
     "causes": [[id, kind], ...],         # each choice or rule that moved a meter, once
     "history": [{"turn", "year", "season", "event", "choice", "choice_id", "tags",
                  "before": [row], "after": [row],
                  "why": [[cause, [meter, change, meter, change, ...]], ...]}, ...],
     "saved_at": ISO time}

Ids and numbers only: the words come from the content (format 1 repeated every
explanation and source in every turn, about 150 kB a finished game; format 2 is about
15 kB). Format-1 saves are read through ``MIGRATIONS[1]``.

Loading replays seed + choices and compares the result with the snapshot and history.

When the content changed since the save (``content_hash`` differs) the snapshot cannot be
continued: the engine's state also holds clocks, flags and follow-ups that a snapshot does
not carry, and the rules it would continue under are new. So the game is replayed on the
new content instead. If the replay still reaches the snapshot, the player is told that the
content changed but the game holds; if it does not (or a choice no longer fits, in which case
the turns that still fit are kept), the player gets the replayed game and a note that it may
differ from what they saw. A finished game's saved history is untouched, so a report of
what the student actually played stays possible. With unchanged content a save that does
not replay to its snapshot has been edited or damaged and is refused.
"""

from __future__ import annotations

import json
import math
import os
import time
import unicodedata
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game import version

try:
    import fcntl
except ImportError:  # Windows: slots are still separate files, just not locked
    fcntl = None  # type: ignore[assignment]

from game.content.save_texts import LOG_LANG, Phrase
from game.engine import Game, Model
from game.engine import replay as replay_batch
from game.engine.game import TurnRecord
from game.engine.model import Scenario
from game.engine.replay import Replayed
from game.files.safeio import NotReadable, read_limited
from game.files.textsafe import json_strings_clean, name_is_text, path_text, printable, text_issue
from game.i18n import LANGS
from game.saves.atomicio import SaveError as SaveError
from game.saves.atomicio import _why, atomic_write
from game.saves.atomicio import output_problem as output_problem
from game.saves.folder import default_save_dir as default_save_dir  # re-exported: its old home

FORMAT_VERSION = 2
DIGITS = 3  # decimals kept of a meter or a change: well below TOLERANCE, above float noise
KIND = "koorddanser-save"
AUTOSAVE = "autosave"
MAX_SAVE_BYTES = 4_000_000  # a real save is ~100 kB; anything far larger is not ours
MAX_NAME = 64
MAX_STUDENT = 80  # a student's name as typed: "Anna de Vries", with room to spare
MAX_TURNS = 1000  # no scenario comes near this; bounds the work a hostile file can cause
TOLERANCE = 0.01  # meters may differ by float rounding between machines, not by more
MAX_PROBLEMS = 12  # lines `check` reports per file before summarising the rest
REPLAY_CHUNK = 200  # saves read and replayed together (memory stays bounded for a big class)

_WINDOWS_RESERVED = (
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"com{c}" for c in "123456789¹²³"}
    | {f"lpt{c}" for c in "123456789¹²³"}
)
_WINDOWS_FORBIDDEN = '<>:"/\\|?*'


@dataclass(frozen=True)
class Owner:
    """Whose game a save holds, written into the file with it: the language it is played
    in, the class code and, in a class game, the student's name (checked on writing)."""

    lang: str = "nl"
    class_code: str | None = None
    student: str | None = None


PRACTICE = Owner()
"""A practice game in Dutch: no class code, no name."""


@dataclass(frozen=True)
class SaveInfo:
    """What a listing shows of a save, read without replaying it."""

    path: Path
    name: str
    scenario: str
    year: int
    season: int
    turn: int
    ending: str | None
    modified: float
    student: str | None = None
    class_code: str | None = None


@dataclass
class Loaded:
    """A loaded game with the settings it was saved with.

    ``note`` is a sentence for the player (in the save's language) when the game was
    replayed on changed content; ``content_changed`` says so for the front end.
    """

    game: Game
    lang: str
    class_code: str | None
    note: str | None
    path: Path | None = None
    content_changed: bool = False
    student: str | None = None


# --- where saves live ----------------------------------------------------------------------


def safe_name(name: str) -> str:
    """A slot name that stays inside the save folder on every system; SaveError otherwise.

    Surrounding spaces and a trailing ``.json`` are dropped; the rest must be a plain name.
    """
    shown = repr(name)[:80]
    if not isinstance(name, str):
        raise SaveError(shown, "saveerr.name.not_text")
    n = unicodedata.normalize("NFC", name).strip()
    if n.lower().endswith(".json"):
        n = n[:-5].rstrip()
    if not n:
        raise SaveError(shown, "saveerr.name.empty")
    if len(n) > MAX_NAME:
        raise SaveError(shown, "saveerr.name.too_long", limit=MAX_NAME)
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for c in n):
        raise SaveError(shown, "saveerr.name.control")
    if "/" in n or "\\" in n:
        raise SaveError(shown, "saveerr.name.slash")
    bad = [c for c in _WINDOWS_FORBIDDEN if c in n]
    if bad:
        raise SaveError(shown, "saveerr.name.forbidden", char=repr(bad[0]))
    if n.startswith("."):
        raise SaveError(shown, "saveerr.name.leading_dot")
    if n.endswith("."):  # Windows silently drops it, so two names would meet in one file
        raise SaveError(shown, "saveerr.name.trailing_dot")
    if n.split(".")[0].strip().lower() in _WINDOWS_RESERVED:
        raise SaveError(shown, "saveerr.name.reserved")
    if n.lower() == AUTOSAVE:
        raise SaveError(shown, "saveerr.name.autosave")
    return n


# --- writing -------------------------------------------------------------------------------


def _history(records: list[TurnRecord]) -> list[dict[str, Any]]:
    """The per-turn history in its full, in-memory form (what a replay is compared with)."""
    return [
        {
            "turn": r.turn,
            "year": r.year,
            "season": r.season,
            "event": r.event,
            "choice": r.choice,
            "choice_id": r.choice_id,
            "tags": list(r.tags),
            "before": dict(r.before),
            "after": dict(r.after),
            "why": [
                {
                    "kind": c.kind,
                    "id": c.id,
                    "source": c.source,
                    "arrow": c.arrow,
                    "explain": dict(c.explain),
                    "deltas": dict(c.deltas),
                }
                for c in r.why
            ],
        }
        for r in records
    ]


def _n(x: float) -> float | int:
    v = round(float(x), DIGITS)
    return int(v) if v.is_integer() else v


def _lean(full: list[dict[str, Any]]) -> tuple[list[str], list[list[str]], list[dict[str, Any]]]:
    """The history as it is written (format 2): ids and numbers, never text.

    Like ink's saves, a save holds what a replay needs — which cause moved which meter by
    how much — and the words come from the content (format 1 repeated every explanation
    and source in every turn: some 150 kB a finished game). ``causes`` lists each cause
    once as [id, kind]; a turn's ``why`` is [[cause, [meter, change, meter, change...]]],
    both by position in ``causes`` and ``meters``.
    """
    meters: list[str] = list(full[0]["before"]) if full else []
    where = {m: i for i, m in enumerate(meters)}
    causes: list[list[str]] = []
    index: dict[str, int] = {}
    turns = []
    for h in full:
        why = []
        for c in h["why"]:
            if c["id"] not in index:
                index[c["id"]] = len(causes)
                causes.append([c["id"], c["kind"]])
            flat: list[float | int] = []
            for k, v in c["deltas"].items():
                flat += [where[k], _n(v)]
            why.append([index[c["id"]], flat])
        turns.append(
            {
                **{
                    k: h[k]
                    for k in ("turn", "year", "season", "event", "choice", "choice_id", "tags")
                },
                "before": [_n(h["before"][m]) for m in meters],
                "after": [_n(h["after"][m]) for m in meters],
                "why": why,
            }
        )
    return meters, causes, turns


def _full(d: dict[str, Any]) -> list[dict[str, Any]]:
    """A checked format-2 history back in its full form (meters by name, causes by kind)."""
    meters, causes = d["meters"], d["causes"]
    return [
        {
            **h,
            "before": dict(zip(meters, h["before"], strict=True)),
            "after": dict(zip(meters, h["after"], strict=True)),
            "why": [
                {
                    "kind": causes[c][1],
                    "id": causes[c][0],
                    "deltas": {meters[flat[k]]: flat[k + 1] for k in range(0, len(flat), 2)},
                }
                for c, flat in h["why"]
            ],
        }
        for h in d["history"]
    ]


def _to_format2(d: dict[str, Any]) -> dict[str, Any]:
    """Migration 1 -> 2: the same game, its history written lean (see :func:`_lean`)."""
    history = d.get("history")
    if not isinstance(history, list) or not all(isinstance(h, dict) for h in history):
        raise ValueError("field 'history' must be a list of turns")
    meters, causes, turns = _lean(history)
    return {**d, "format_version": 2, "meters": meters, "causes": causes, "history": turns}


def to_dict(game: Game, owner: Owner = PRACTICE) -> dict[str, Any]:
    """The save of ``game`` as plain JSON-ready data (format FORMAT_VERSION).

    ``owner.student`` is the player's name in a class game (the top-level field ``student``;
    null when none was asked, as in old saves and practice games).
    """
    lang, class_code = owner.lang, owner.class_code
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    student = clean_student(owner.student) if owner.student is not None else None
    # The turn being played; for a finished game the turn it ended in (what a listing shows).
    last = game.records[-1] if game.records else None
    year, season = (last.year, last.season) if game.finished and last else game.year_season
    event = game.event
    ending = game.ending
    return {
        "kind": KIND,
        "format_version": FORMAT_VERSION,
        "scenario": game.scenario.id,
        "content_hash": game.model.content_hash,
        "seed": int(game.seed),
        "run_index": int(game.run_index),
        "world": None if game.world is None else {k: float(v) for k, v in game.world.items()},
        "lang": lang,
        "class_code": class_code,
        "game_version": version(),  # optional on reading: older saves lack it
        "student": student,
        "choices": [int(c) for c in game.choices],
        "ending": ending.id if ending else None,
        "snapshot": {
            "turn": game.turn,
            "year": year,
            "season": season,
            "event": event.id if event else None,
            "meters": game.meters(),
        },
        **_lean_fields(game.records),
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _lean_fields(records: list[TurnRecord]) -> dict[str, Any]:
    meters, causes, turns = _lean(_history(records))
    return {"meters": meters, "causes": causes, "history": turns}


def _dumps(data: dict[str, Any]) -> bytes:
    # Compact on purpose: with indent, json falls back to its pure-Python encoder, and
    # an autosave late in the game then held the GIL for 10-25 ms while a turn rendered.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte to ``fd`` (a separate function so tests can slow it or make it fail)."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _atomic_write(path: Path, data: bytes) -> Path:
    """Temp file in the same folder, fsync, rename (game.saves.atomicio); ``_write_all`` is looked
    up here at each call, so tests can slow it or make it fail."""
    return atomic_write(path, data, lambda fd, chunk: _write_all(fd, chunk))


def save(game: Game, path: str | Path, owner: Owner = PRACTICE) -> Path:
    """Write ``game`` to ``path`` atomically; on failure the old file is untouched (SaveError)."""
    return _atomic_write(Path(path), _dumps(to_dict(game, owner)))


# --- slots: every game its own file, one writer per file ----------------------------------
#
# Two students (or two windows) on one save folder must never write over each other's
# game, and a new game must never take the file of one in progress. So every game gets
# its own slot, a file nobody else writes: chosen under the folder's lock (the
# read-decide-write), then held for as long as the game is played by a lock on a hidden
# companion file. Locks are advisory (flock) and vanish with the process, so a killed
# game leaves no lock behind. Where flock does not exist (Windows) slots are still chosen
# but not locked.

LOCK_FILE = ".koorddanser.lock"
STALE_TEMP_SECONDS = 30  # no save takes this long to write; an older temp file is a leftover


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the save folder's lock (waiting for it) while deciding which file to write."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(folder, "saveerr.folder.no_create", why=_why(exc)) from exc
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise SaveError(folder, "saveerr.folder.unusable", why=_why(exc)) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _try_lock(path: Path) -> int | None:
    """A descriptor holding ``path``'s slot lock, or None when another game holds it."""
    if fcntl is None:
        return -1
    try:
        fd = os.open(_lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise SaveError(path, "saveerr.lock.failed", why=_why(exc)) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def in_use(path: str | Path) -> bool:
    """Whether a running game (this process or another) is writing the save at ``path``."""
    if fcntl is None:
        return False
    try:
        fd = os.open(_lock_path(Path(path)), os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove temp files of saves that were interrupted (kill -9, power cut) and lock
    files nobody holds; call with the folder lock held. Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(".")]
    except OSError:
        return removed
    now = time.time()
    for p in entries:
        name = p.name
        if name.endswith(".tmp"):
            target = folder / name[1:].rsplit(".", 2)[0]  # .NAME.json.RANDOM.tmp
            with suppress(OSError):
                if now - p.lstat().st_mtime > STALE_TEMP_SECONDS and not in_use(target):
                    p.unlink()
                    removed.append(p)
        elif name.endswith(".json.lock") and name != LOCK_FILE:
            target = folder / name[1:].removesuffix(".lock")
            with suppress(OSError):
                if not in_use(target):
                    p.unlink()
                    removed.append(p)
    return removed


def slug(text: str, limit: int = 40) -> str:
    """A name as a safe file name part: lowercase ASCII letters, digits and dashes.

    ``"Anna de Vries"`` -> ``"anna-de-vries"``; ``"Zoë"`` -> ``"zoe"``; nothing left -> "".
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out, dash = [], False
    for c in plain.lower():
        if c.isalnum():
            out.append(c)
            dash = False
        elif out and not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:limit].strip("-")


def clean_student(name: str) -> str:
    """A student's name as typed, with spaces tidied; SaveError when it cannot be one."""
    if not isinstance(name, str):
        raise SaveError(repr(name)[:40], "saveerr.student.not_text")
    n = " ".join(unicodedata.normalize("NFC", name).split())
    why = _text_why(n)
    if why:
        raise SaveError(repr(name)[:40], "saveerr.student.unusable", why=why)
    if not n:
        raise SaveError(repr(""), "saveerr.student.empty")
    if len(n) > MAX_STUDENT:
        raise SaveError(repr(name)[:40], "saveerr.student.too_long", limit=MAX_STUDENT)
    return n


def slot_base(class_code: str | None = None, student: str | None = None) -> str:
    """The file name (without .json) a new game starts in: ``CODE-name`` for a class game,
    ``autosave`` otherwise."""
    if not class_code:
        return AUTOSAVE
    code = "".join(c for c in class_code.upper() if c.isascii() and (c.isalnum() or c == "-"))
    code = code.strip("-")[:24] or "class"
    name = slug(student) if student else ""
    return f"{code}-{name}" if name else code


def _unplayed(path: Path) -> bool:
    """A file that holds a game in which no choice was made yet: nothing is lost by reusing it."""
    try:
        return not _read(path)["choices"]
    except SaveError:
        return False  # damaged or not ours: keep it, it may be someone's only copy


class Slot:
    """The save file of one game, held (locked) by this game while it is played.

    ``busy`` names the file that was asked for but is being played elsewhere (another
    window or another student on the same folder); this game then saves to its own file.
    """

    def __init__(self, path: Path, fd: int | None, busy: Path | None = None) -> None:
        self.path = path
        self._fd = fd
        self.busy = busy

    def write(self, game: Game, owner: Owner = PRACTICE) -> Path:
        """Write the game as it is now into this slot, atomically."""
        if self._fd is None:
            raise SaveError(self.path, "saveerr.slot.closed")
        return save(game, self.path, owner)

    def rename(self, name: str) -> Path:
        """Give the slot a name ("save as"): later turns are written there, nothing is copied.

        Refused (SaveError) when a save of that name exists already: it is someone's game.
        """
        folder = self.path.parent
        target = folder / f"{safe_name(name)}.json"
        if target.resolve().parent != folder.resolve():
            raise SaveError(repr(name), "saveerr.name.outside")
        if target == self.path:
            return target
        with folder_lock(folder):
            if target.exists() or in_use(target):
                raise SaveError(target, "saveerr.slot.exists")
            fd = _try_lock(target)
            if fd is None:
                raise SaveError(target, "saveerr.slot.busy")
            try:
                if self.path.exists():
                    os.replace(self.path, target)
            except OSError as exc:
                _release(target, fd)
                raise SaveError(target, "saveerr.slot.rename_failed", why=_why(exc)) from exc
            old, self.path, self._fd = (self.path, self._fd), target, fd
            _release(*old)
        return target

    def close(self) -> None:
        """Let the slot go (the file stays): another game may now continue it."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with suppress(SaveError), folder_lock(self.path.parent):
                _release(self.path, fd)

    def __enter__(self) -> Slot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _release(path: Path, fd: int | None) -> None:
    if fd is None or fd < 0:
        return
    with suppress(OSError):
        _lock_path(path).unlink()  # under the folder lock: nobody is opening it right now
    os.close(fd)


def open_slot(
    save_dir: str | Path,
    class_code: str | None = None,
    student: str | None = None,
    continuing: str | Path | None = None,
) -> Slot:
    """The slot a game is saved to, chosen under the folder lock.

    A new game gets a file of its own (``CODE-name.json``, ``autosave.json``, with ``-2``,
    ``-3`` ... when taken): never the file of another game, finished or not. A continued
    game keeps its file unless another running game holds it; then it gets its own
    (``slot.busy`` says which file was busy). Leftovers of interrupted saves are cleaned.
    """
    folder = Path(save_dir)
    with folder_lock(folder):
        clean_leftovers(folder)
        busy = None
        if continuing is not None:
            path = Path(continuing)
            fd = _try_lock(path)
            if fd is not None:
                return Slot(path, fd)
            busy, base = path, path.stem
            folder = path.parent
        else:
            base = slot_base(class_code, student)
        n = 1
        while True:
            path = folder / (f"{base}.json" if n == 1 else f"{base}-{n}.json")
            n += 1
            if path.exists() and not _unplayed(path):
                continue
            fd = _try_lock(path)
            if fd is not None:
                return Slot(path, fd, busy)


# The slot each game object autosaves to (games compare by value, so by id, with a weak
# reference that lets the slot go when the game is gone).
_SLOTS: dict[int, tuple[weakref.ref[Game], Slot]] = {}


def _forgetter(key: Any, slot: Slot) -> Callable[[Any], None]:
    """What a game's weak reference calls when the game is gone: let its slot go."""
    return lambda _ref: _forget(key, slot)


def _forget(key: int, slot: Slot) -> None:
    _SLOTS.pop(key, None)
    # No folder lock here: this runs from the garbage collector, maybe while this very
    # thread holds it. The companion lock file is left for clean_leftovers.
    fd, slot._fd = slot._fd, None
    if fd is not None and fd >= 0:
        with suppress(OSError):
            os.close(fd)


def autosave(game: Game, save_dir: str | Path, owner: Owner = PRACTICE) -> Path:
    """Save ``game`` in its own slot: the first call picks a free one (see :func:`open_slot`),
    later calls for the same game object write the same file."""
    key = id(game)
    entry = _SLOTS.get(key)
    if entry is not None and entry[0]() is game and entry[1].path.parent == Path(save_dir):
        slot = entry[1]
    else:
        slot = open_slot(save_dir, owner.class_code, owner.student)
        _SLOTS[key] = (weakref.ref(game, _forgetter(key, slot)), slot)
    return slot.write(game, owner)


def save_as(game: Game, save_dir: str | Path, name: str, owner: Owner = PRACTICE) -> Path:
    """Save into the named slot ``save_dir/<name>.json`` (name checked by :func:`safe_name`)."""
    folder = Path(save_dir)
    path = folder / f"{safe_name(name)}.json"
    # Belt and braces: whatever safe_name let through must still land in the folder.
    if path.resolve().parent != folder.resolve():
        raise SaveError(repr(name), "saveerr.name.outside")
    return save(game, path, owner)


def export(game: Game, path: str | Path, owner: Owner = PRACTICE) -> Path:
    """Write a finished game to a chosen file (or into a chosen folder) to hand in."""
    target = Path(path)
    class_code, student = owner.class_code, owner.student
    if not game.finished:
        raise SaveError(target, "saveerr.export.unfinished")
    if target.is_dir():
        if class_code and student:
            name = slot_base(class_code, student)
        else:
            code = "".join(c for c in (class_code or "") if c.isalnum() or c in "-_")[:32]
            stamp = time.strftime("%Y%m%d-%H%M")
            parts = ["koorddanser", code, game.scenario.id, stamp]
            name = "-".join(p for p in parts if p)
        target = target / f"{name}.json"
        n = 2
        while target.exists():  # a folder of hand-ins: never over another file
            target = target.with_name(f"{name}-{n}.json")
            n += 1
    elif not target.suffix:  # `saves check FOLDER` looks for .json files
        target = target.with_suffix(".json")
    return save(game, target, owner)


def delete(path: str | Path) -> None:
    """Remove a save file (the front end asks for confirmation first)."""
    p = Path(path)
    if p.suffix.lower() != ".json":
        raise SaveError(p, "saveerr.delete.not_json")
    try:
        p.unlink()
    except FileNotFoundError:
        raise SaveError(p, "saveerr.delete.missing") from None
    except OSError as exc:
        raise SaveError(p, "saveerr.delete.failed", why=_why(exc)) from exc


# --- reading: untrusted bytes to a checked dict ---------------------------------------------

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _to_format2}
"""Format upgrades: ``MIGRATIONS[n]`` turns a format-n save into format n + 1.

When the format changes: bump FORMAT_VERSION, add the step from the old version here, and
keep tests/fixtures/saves/format1.json loading (tests/test_saves.py checks it).
"""


def read_regular(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; SaveError for anything else
    (a FIFO, a device such as /dev/zero, a folder: refused before a byte is read)."""
    try:
        return read_limited(path, limit, what)
    except NotReadable as exc:
        if exc.kind:
            raise SaveError(path, f"saveerr.file.{exc.kind}", **exc.values) from None
        raise SaveError(path, "saveerr.read.unreadable", why=str(exc)) from None


class NotANumber(ValueError):
    """NaN or Infinity in a save's JSON: no meter or setting can hold one."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not a number a save can hold")
        self.name = name


def _no_constant(name: str) -> Any:
    raise NotANumber(name)


def _read(path: Path) -> dict[str, Any]:
    """Read, parse, migrate and type-check a save without changing a byte of it."""
    raw = read_regular(path, MAX_SAVE_BYTES, "a save")
    if not raw.strip():
        raise SaveError(path, "saveerr.read.empty")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3 and exc.reason == "unexpected end of data":
            raise SaveError(path, "saveerr.read.truncated") from None
        raise SaveError(path, "saveerr.read.binary") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        body = text.rstrip()
        # A save always ends with "}"; an error on the last line of a file that does not is
        # where the writing stopped (say a copy cut short), not damage in the middle.
        if not body.endswith("}") and "\n" not in body[exc.pos :]:
            raise SaveError(path, "saveerr.read.truncated") from None
        if exc.msg == "Extra data":  # a whole save and then more: appended to, not cut short
            raise SaveError(path, "saveerr.read.extra_data", line=exc.lineno) from None
        raise SaveError(path, "saveerr.read.bad_json_at", line=exc.lineno, why=exc.msg) from None
    except RecursionError:
        raise SaveError(path, "saveerr.read.too_deep") from None
    except NotANumber as exc:
        raise SaveError(path, "saveerr.read.not_a_number", name=exc.name) from None
    except ValueError as exc:  # an integer thousands of digits long
        raise SaveError(path, "saveerr.read.bad_json", why=str(exc)[:80]) from None
    if not isinstance(data, dict) or (
        data.get("kind", KIND) != KIND or ("kind" not in data and "format_version" not in data)
    ):
        raise SaveError(path, "saveerr.read.other_json")
    migrated = _migrate(path, data)
    # Most saves hold no escape and no odd character at all: one scan of the text then
    # stands for checking each of their ~5,000 strings (migrations may add strings).
    _check_fields(path, migrated, texts_clean=migrated is data and json_strings_clean(text))
    return migrated


def _migrate(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SaveError(path, "saveerr.format.not_whole")
    if version > FORMAT_VERSION:
        raise SaveError(path, "saveerr.format.newer", version=version, newest=FORMAT_VERSION)
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveError(path, "saveerr.format.too_old", version=version)
        try:
            data = step(dict(data))
        except Exception as exc:  # a migration meets untrusted data; any failure is a bad file
            why = (str(exc).splitlines() or [type(exc).__name__])[0][:100]
            raise SaveError(
                path, "saveerr.format.upgrade_failed", version=version, why=why
            ) from None
        if not isinstance(data, dict) or data.get("format_version") != version + 1:
            raise SaveError(path, "saveerr.format.upgrade_short", version=version, next=version + 1)
        version += 1
    return data


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return False
    # JSON integers may have thousands of digits; no meter or setting comes near 1e300.
    return abs(v) < 1e300 if isinstance(v, int) else math.isfinite(v)


def _check_fields(path: Path, d: dict[str, Any], texts_clean: bool = False) -> None:
    """Types and shapes only; whether the game is true is for the replay to say.

    ``texts_clean``: the file's text was scanned whole (textsafe.json_strings_clean).
    """

    def bad(key: str, **values: object) -> SaveError:
        return SaveError(path, key, **values)

    def text(
        key: str, where: Mapping[str, Any] = d, optional: bool = False, limit: int = 200
    ) -> None:
        v = where.get(key)
        if v is None and optional:
            return
        if not isinstance(v, str) or not v or len(v) > limit:
            raise bad(
                "saveerr.field.text_or_null" if optional else "saveerr.field.text", field=repr(key)
            )

    def whole(key: str, lo: int, hi: int, where: Mapping[str, Any] = d) -> None:
        v = where.get(key)
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            raise bad("saveerr.field.whole", field=repr(key), lo=lo, hi=hi)

    def numbers(v: Any, what: Phrase) -> None:
        if not isinstance(v, dict) or len(v) > 200:
            raise bad("saveerr.field.numbers", field=what)
        for k, x in v.items():
            if not _is_num(x):
                raise bad("saveerr.field.number", field=what, name=repr(str(k)[:40]))

    if not texts_clean:
        _check_texts(path, d)
    for key in ("scenario", "content_hash"):
        text(key)
    text("student", optional=True, limit=MAX_STUDENT)
    whole("seed", 0, 2**63 - 1)
    whole("run_index", 0, 2**63 - 1)
    if d.get("world") is not None:
        numbers(d["world"], Phrase("saveerr.where.world"))
    if d.get("lang") not in LANGS:
        raise bad("saveerr.field.lang", langs=", ".join(LANGS))
    text("class_code", optional=True, limit=64)
    text("ending", optional=True)
    choices = d.get("choices")
    if not isinstance(choices, list) or len(choices) > MAX_TURNS:
        raise bad("saveerr.field.choices")
    if not all(_is_int(c) and -1 <= c < 100 for c in choices):
        raise bad("saveerr.field.choice_value")
    snap = d.get("snapshot")
    if not isinstance(snap, dict):
        raise bad("saveerr.field.snapshot")
    whole("turn", 0, MAX_TURNS, snap)
    whole("year", 0, 9999, snap)
    whole("season", 0, 1, snap)
    text("event", snap, optional=True)
    numbers(snap.get("meters"), Phrase("saveerr.where.snapshot_meters"))
    if snap["turn"] != len(choices):
        raise bad("saveerr.field.snapshot_turn", turn=snap["turn"], n=len(choices))
    _check_history(path, d, len(choices))


def _check_history(path: Path, d: dict[str, Any], turns: int) -> None:
    """The lean history: one entry a turn, rows as long as the meter list, causes by index."""

    def bad(key: str, **values: object) -> SaveError:
        return SaveError(path, key, **values)

    history = d.get("history")
    if not isinstance(history, list) or len(history) != turns:
        raise bad("saveerr.field.history")
    meters = d.get("meters")
    if (
        not isinstance(meters, list)
        or len(meters) > 200
        or not all(isinstance(m, str) for m in meters)
    ):
        raise bad("saveerr.field.meters")
    causes = d.get("causes")
    if not isinstance(causes, list) or not all(
        isinstance(c, list) and len(c) == 2 and all(isinstance(x, str) for x in c) for c in causes
    ):
        raise bad("saveerr.field.causes")
    for i, h in enumerate(history):
        if not isinstance(h, dict):
            raise bad("saveerr.field.entry", n=i + 1)
        for key in ("before", "after"):
            row = h.get(key)
            if not isinstance(row, list) or len(row) != len(meters) or not all(map(_is_num, row)):
                raise bad("saveerr.field.entry_row", n=i + 1, field=repr(key))
        if not _why_ok(h.get("why"), len(causes), len(meters)):
            raise bad("saveerr.field.entry_why", n=i + 1)


# Free text a save may carry (explanations) may hold newlines; every other string is one line.
_MULTILINE_KEYS = {"explain"}


def _why_ok(why: Any, causes: int, meters: int) -> bool:
    """A format-2 ``why``: [[cause index, [meter index, change, ...]], ...] within bounds."""
    if not isinstance(why, list):
        return False
    for w in why:
        if not (isinstance(w, list) and len(w) == 2 and _is_int(w[0]) and 0 <= w[0] < causes):
            return False
        flat = w[1]
        if not isinstance(flat, list) or len(flat) % 2:
            return False
        for k in range(0, len(flat), 2):
            if not (_is_int(flat[k]) and 0 <= flat[k] < meters and _is_num(flat[k + 1])):
                return False
    return True


def _text_why(value: str, multiline: bool = False) -> Phrase | None:
    """Why ``value`` cannot be a text of a save (textsafe.text_issue), to be worded."""
    issue = text_issue(value, multiline)
    return None if issue is None else Phrase(f"saveerr.text.{issue[0]}", {"code": issue[1]})


def _check_texts(path: Path, data: Any) -> None:
    """The one check of every string in a save, keys included: no surrogates, no control
    characters. Every reader (listing, check, load, class, reports) goes through it."""
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]
    while stack:
        value, where, multiline = stack.pop()
        if isinstance(value, str):
            why = _text_why(value, multiline)
            if why:
                raise SaveError(
                    path, "saveerr.field.bad_text", field=repr(where or "value"), why=why
                )
        elif isinstance(value, dict):
            for k, v in value.items():
                key = str(k)
                why = _text_why(key)
                if why:
                    raise SaveError(
                        path, "saveerr.field.bad_name", field=repr(where or "save"), why=why
                    )
                stack.append((v, key, multiline or key in _MULTILINE_KEYS))
        elif isinstance(value, list):
            stack.extend((v, where, multiline) for v in value)


# --- replay and comparison ------------------------------------------------------------------


@dataclass
class _Replay:
    game: Game
    problems: list[Phrase]  # worded when shown, in the reader's language
    fitted: int  # how many recorded turns could be replayed


def _close(a: Any, b: Any) -> bool:
    return _is_num(a) and _is_num(b) and abs(float(a) - float(b)) <= TOLERANCE


def _compare_meters(what: Phrase, saved: Any, actual: Mapping[str, float]) -> list[Phrase]:
    out = []
    saved = saved if isinstance(saved, dict) else {}
    for k, v in actual.items():
        if k not in saved:
            out.append(Phrase("saveerr.diff.meter_missing", {"where": what, "meter": k}))
        elif not _close(saved[k], v):
            values = {"where": what, "meter": k, "saved": _fmt(saved[k]), "replayed": _fmt(v)}
            out.append(Phrase("saveerr.diff.meter_differs", values))
    out.extend(
        Phrase("saveerr.diff.meter_unknown", {"where": what, "meter": repr(str(k)[:40])})
        for k in saved
        if k not in actual
    )
    return out


def _fmt(v: Any) -> str:
    return f"{v:.2f}" if _is_num(v) else repr(v)[:40]


def _compare_turn(saved: Mapping[str, Any], actual: Mapping[str, Any]) -> list[Phrase]:
    """One history entry against the replayed one (texts are skipped: they may be reworded)."""
    t = actual["turn"] + 1
    out = []
    for key in ("turn", "year", "season", "event", "choice", "choice_id", "tags"):
        if saved.get(key) != actual[key]:
            values = {"turn": t, "field": key, "saved": _fmt(saved.get(key))}
            out.append(Phrase("saveerr.diff.turn_field", {**values, "replayed": _fmt(actual[key])}))
    before = Phrase("saveerr.diff.where_before", {"turn": t})
    after = Phrase("saveerr.diff.where_after", {"turn": t})
    out += _compare_meters(before, saved.get("before"), actual["before"])
    out += _compare_meters(after, saved.get("after"), actual["after"])
    why_saved = saved.get("why")
    why_saved = why_saved if isinstance(why_saved, list) else []
    ids_saved = [(w.get("kind"), w.get("id")) if isinstance(w, dict) else w for w in why_saved]
    ids_actual = [(w["kind"], w["id"]) for w in actual["why"]]
    if ids_saved != ids_actual:
        out.append(Phrase("saveerr.diff.causes", {"turn": t}))
    else:
        for ws, wa in zip(why_saved, actual["why"], strict=True):
            deltas = ws.get("deltas")
            if (
                not isinstance(deltas, dict)
                or set(deltas) != set(wa["deltas"])
                or not all(_close(deltas[k], v) for k, v in wa["deltas"].items())
            ):
                out.append(Phrase("saveerr.diff.explanation", {"turn": t, "cause": wa["id"]}))
    return out


def _setting(model: Model, d: dict[str, Any], path: Path) -> tuple[Scenario, dict[str, Any] | None]:
    """The save's scenario and world, refused when this game's content has no such thing."""
    scenario = model.scenarios.get(d["scenario"])
    if scenario is None:
        raise SaveError(path, "saveerr.content.no_scenario", scenario=repr(d["scenario"]))
    world = d.get("world")
    if world is not None:
        known = {w.id: w for w in model.world}
        for k, v in world.items():
            if k not in known:
                raise SaveError(path, "saveerr.content.no_setting", name=repr(str(k)[:40]))
            if not known[k].low <= v <= known[k].high:
                raise SaveError(path, "saveerr.content.setting_range", name=k, value=f"{v:g}")
    return scenario, world


def _replay(model: Model, d: dict[str, Any], path: Path) -> _Replay:
    """Replay a checked save turn by turn; collect every way it differs from the file."""
    scenario, world = _setting(model, d, path)
    try:
        game = Game(model, scenario, d["seed"], d["run_index"], world)
    except Exception as exc:  # untrusted numbers must not crash a listing or a class check
        raise SaveError(path, "saveerr.replay.no_start", why=str(exc)) from None
    problems: list[Phrase] = []
    choices: list[int] = d["choices"]
    fitted = 0
    for t, c in enumerate(choices):
        ev = game.event
        if game.finished:
            problems.append(Phrase("saveerr.diff.after_end", {"turn": t + 1}))
            break
        if ev is None and c != -1:
            problems.append(_no_event(t + 1, c))
            break
        if ev is not None:
            if not 0 <= c < len(ev.choices):
                problems.append(_no_choice(t + 1, c, ev))
                break
            if not game.open_choices()[c]:
                problems.append(_closed(t + 1, c, ev))
                break
        try:
            game.choose(c if ev is not None else 0)
        except Exception as exc:  # the engine refusing a recorded choice is a bad save
            problems.append(Phrase("saveerr.diff.refused", {"turn": t + 1, "why": str(exc)}))
            break
        fitted += 1
    return _judged(d, game, problems, fitted)


def _no_event(turn: int, c: int) -> Phrase:
    return Phrase("saveerr.diff.no_event", {"turn": turn, "choice": c + 1})


def _no_choice(turn: int, c: int, ev: Any) -> Phrase:
    values = {"turn": turn, "choice": c + 1, "event": ev.id, "n": len(ev.choices)}
    return Phrase("saveerr.diff.no_choice", values)


def _closed(turn: int, c: int, ev: Any) -> Phrase:
    return Phrase("saveerr.diff.closed", {"turn": turn, "choice": c + 1, "event": ev.id})


def _judged(d: dict[str, Any], game: Game, problems: list[Phrase], fitted: int) -> _Replay:
    """The replayed game against the file: ending, snapshot and every turn of the history."""
    if fitted < len(d["choices"]):
        return _Replay(game, problems, fitted)
    ending = game.ending.id if game.ending else None
    if d.get("ending") != ending:
        saved = d.get("ending") or Phrase("saveerr.diff.no_ending")
        replayed = ending or Phrase("saveerr.diff.no_ending_yet")
        problems.append(Phrase("saveerr.diff.ending", {"saved": saved, "replayed": replayed}))
    snap = d["snapshot"]
    problems += _compare_meters(
        Phrase("saveerr.diff.where_snapshot"), snap.get("meters"), game.meters()
    )
    event = game.event.id if game.event else None
    if snap.get("event") != event:
        values = {"saved": str(snap.get("event")), "replayed": str(event)}
        problems.append(Phrase("saveerr.diff.event", values))
    for saved, actual in zip(_full(d), _history(game.records), strict=True):
        problems += _compare_turn(saved, actual)
    return _Replay(game, problems, fitted)


def _stopped(r: Replayed) -> list[Phrase]:
    """The batch replay's reason for stopping early, worded as the single replay words it."""
    stop = r.stop
    if stop is None:
        return []
    t, c, ev = stop.turn + 1, stop.choice, r.game.event
    if stop.kind == replay_batch.OVER:
        return [Phrase("saveerr.diff.after_end", {"turn": t})]
    if stop.kind == replay_batch.NO_EVENT_TURN or ev is None:
        return [_no_event(t, c)]
    if stop.kind == replay_batch.NO_SUCH_CHOICE:
        return [_no_choice(t, c, ev)]
    return [_closed(t, c, ev)]


def _replay_many(
    model: Model, paths: list[Path]
) -> Iterator[tuple[dict[str, Any] | None, _Replay | SaveError]]:
    """Read and replay many saves, those of one scenario and world as one batch of the engine.

    Per file, in order: its data (None when unreadable) and its replay or why it has none.
    Each file is read once and replayed once; the result equals ``_replay`` file by file.
    Files are taken REPLAY_CHUNK at a time: a parsed save is ~0.5 MB of Python objects.
    """
    for start in range(0, len(paths), REPLAY_CHUNK):
        yield from _replay_chunk(model, paths[start : start + REPLAY_CHUNK])


def _replay_chunk(
    model: Model, paths: list[Path]
) -> list[tuple[dict[str, Any] | None, _Replay | SaveError]]:
    datas: list[dict[str, Any] | None] = []
    done: list[_Replay | SaveError | None] = []
    groups: dict[tuple[Any, ...], list[int]] = {}
    for k, p in enumerate(paths):
        try:
            d = _read(p)
            scenario, world = _setting(model, d, p)
        except SaveError as exc:
            datas.append(None)
            done.append(exc)
            continue
        datas.append(d)
        done.append(None)
        key = (scenario.id, None if world is None else tuple(sorted(world.items())))
        groups.setdefault(key, []).append(k)
    for (sid, world_items), members in groups.items():
        world = None if world_items is None else dict(world_items)
        group = [d for d in (datas[k] for k in members) if d is not None]
        try:
            batch: list[Replayed] | None = replay_batch.replay(
                model,
                model.scenarios[sid],
                [d["seed"] for d in group],
                [d["run_index"] for d in group],
                world,
                [d["choices"] for d in group],
            )
        except Exception:  # content that breaks on some save: let each file say what, alone
            batch = None
        for j, (k, d) in enumerate(zip(members, group, strict=True)):
            if batch is None:
                try:
                    done[k] = _replay(model, d, paths[k])
                except SaveError as exc:
                    done[k] = exc
                continue
            r = batch[j]
            fitted = len(d["choices"]) if r.stop is None else r.stop.turn
            r.game.world = d.get("world")  # as the file holds it, as the single replay keeps it
            done[k] = _judged(d, r.game, _stopped(r), fitted)
    return [
        (d, r if r is not None else SaveError(p, "saveerr.replay.not_replayed"))
        for d, r, p in zip(datas, done, paths, strict=True)
    ]


def _loaded(model: Model, p: Path, d: dict[str, Any], r: _Replay) -> Loaded:
    lang = d["lang"]
    if d["content_hash"] == model.content_hash:
        if r.problems:
            raise SaveError(p, "saveerr.replay.differs", problem=r.problems[0])
        return Loaded(r.game, lang, d.get("class_code"), None, p, student=d.get("student"))
    m = len(d["choices"])
    if r.fitted < m:
        note = model.ui["save.note_partial"][lang].format(n=r.fitted, m=m, k=r.fitted + 1)
    else:
        note = model.ui["save.note_differs" if r.problems else "save.note_holds"][lang]
    return Loaded(
        r.game, lang, d.get("class_code"), note, p, content_changed=True, student=d.get("student")
    )


def load(model: Model, path: str | Path) -> Loaded:
    """Rebuild a saved game by replay and check it against its snapshot (see module doc).

    Raises SaveError for anything wrong; the file is only ever read.
    """
    p = Path(path)
    d = _read(p)
    return _loaded(model, p, d, _replay(model, d, p))


def _check_lines(
    model: Model, p: Path, d: dict[str, Any], problems: list[Phrase], lang: str = LOG_LANG
) -> list[str]:
    if problems and d["content_hash"] != model.content_hash:
        other = Phrase(
            "saveerr.check.other_content",
            {"saved": d["content_hash"][:16], "here": model.content_hash},
        )
        problems.insert(0, other)
    shown = path_text(p)
    lines = [f"{shown}: {printable(msg.text(lang))}" for msg in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        more = Phrase("saveerr.check.more", {"n": len(problems) - MAX_PROBLEMS})
        lines.append(f"{shown}: {more.text(lang)}")
    return lines


def check(model: Model, path: str | Path, lang: str = LOG_LANG) -> list[str]:
    """[] when the file replays to its snapshot; else one ``"file: what is wrong"`` per problem
    (worded in ``lang``: the teacher's language)."""
    p = Path(path)
    try:
        d = _read(p)
        problems = _replay(model, d, p).problems
    except SaveError as exc:
        return [exc.shown(lang)]
    return _check_lines(model, p, d, problems, lang)


def check_and_load_many(
    model: Model, paths: list[str | Path], lang: str = LOG_LANG
) -> list[tuple[list[str], Loaded | None]]:
    """``check`` and then, for a file that passes, ``load`` — for many files at once.

    Each file is read and replayed once; saves of one scenario and world are replayed
    together as one batch of the engine. Per file, in order: its problem lines (as
    ``check`` gives them) and the loaded game (None when a problem keeps it out).
    """
    return list(_checked(model, paths, keep=True, lang=lang))


def _checked(
    model: Model, paths: Sequence[str | Path], keep: bool, lang: str = LOG_LANG
) -> Iterator[tuple[list[str], Loaded | None]]:
    ps = [Path(p) for p in paths]
    for p, (d, r) in zip(ps, _replay_many(model, ps), strict=True):
        if isinstance(r, SaveError) or d is None:
            yield [r.shown(lang) if isinstance(r, SaveError) else str(r)], None
            continue
        lines = _check_lines(model, p, d, list(r.problems), lang)
        if lines or not keep:
            yield lines, None
            continue
        try:
            yield [], _loaded(model, p, d, r)
        except SaveError as exc:
            yield [exc.shown(lang)], None


def check_many(model: Model, paths: Sequence[str | Path], lang: str = LOG_LANG) -> list[list[str]]:
    """``check`` for many files (one batch replay per scenario and world); lines per file."""
    return [lines for lines, _ in _checked(model, paths, keep=False, lang=lang)]


def load_many(model: Model, paths: list[str | Path]) -> list[Loaded | SaveError]:
    """``load`` for many files (one batch replay per scenario and world); per file, in order."""
    ps = [Path(p) for p in paths]
    out: list[Loaded | SaveError] = []
    for p, (d, r) in zip(ps, _replay_many(model, ps), strict=True):
        if isinstance(r, SaveError) or d is None:
            out.append(
                r if isinstance(r, SaveError) else SaveError(p, "saveerr.replay.not_replayed")
            )
            continue
        try:
            out.append(_loaded(model, p, d, r))
        except SaveError as exc:
            out.append(exc)
    return out


def undo(model: Model, loaded_or_game: Loaded | Game) -> Game:
    """The same game minus its last choice, rebuilt by replay (ValueError if none was made).

    Turns without an event carry no decision, so they are undone along with the choice before.
    """
    game = loaded_or_game.game if isinstance(loaded_or_game, Loaded) else loaded_or_game
    last = len(game.choices)
    while last and game.choices[last - 1] == -1:
        last -= 1
    if not last:
        raise ValueError("there is no choice to undo")
    return game.replay_until(last - 1)


# --- listing ---------------------------------------------------------------------------------


def _info(path: Path, mtime: float) -> SaveInfo:
    d = _read(path)
    snap = d["snapshot"]
    return SaveInfo(
        path=path,
        name=path.stem,
        scenario=d["scenario"],
        year=snap["year"],
        season=snap["season"],
        turn=snap["turn"],
        ending=d.get("ending"),
        modified=mtime,
        student=d.get("student"),
        class_code=d.get("class_code"),
    )


def list_saves(save_dir: str | Path) -> list[SaveInfo | SaveError]:
    """All saves in a folder, newest first; a broken file is listed as its SaveError."""
    folder = Path(save_dir)
    try:
        entries = [p for p in folder.iterdir() if p.suffix.lower() == ".json"]
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [SaveError(folder, "saveerr.folder.unreadable", why=exc.strerror or str(exc))]
    found: list[tuple[float, str, SaveInfo | SaveError]] = []
    for p in entries:
        if p.name.startswith("."):  # temp files of a save in progress (or one that was killed)
            continue
        try:
            mtime = p.stat().st_mtime
        except OSError:
            continue  # deleted while listing
        try:
            if not name_is_text(p):
                raise SaveError(p, "saveerr.folder.bad_file_name")
            item: SaveInfo | SaveError = _info(p, mtime)
        except SaveError as exc:
            item = exc
        found.append((mtime, p.name, item))
    found.sort(key=lambda x: (-x[0], x[1]))
    return [item for _, _, item in found]


def last_game(save_dir: str | Path) -> Path | None:
    """The save "continue" resumes: the newest unfinished game that no running game holds
    (else the newest unfinished one: continuing it then plays in a copy of its own)."""
    infos = [i for i in list_saves(save_dir) if isinstance(i, SaveInfo) and i.ending is None]
    free = [i for i in infos if not in_use(i.path)]
    chosen = free or infos
    return chosen[0].path if chosen else None


def find_saves(paths: list[str | Path], lang: str = LOG_LANG) -> tuple[list[Path], list[str]]:
    """Which files are saves, the same for `saves check` and `class`: ``(files, skipped)``.

    A file given by name is taken as it is; a folder stands for every ``*.json`` in it and
    its subfolders, hidden files (temp files, locks) left out. A name that is not valid
    text (bytes from another system) is skipped with one line naming it escaped.
    """
    files: list[Path] = []
    skipped: list[str] = []
    for given in map(Path, paths):
        if not given.is_dir():
            files.append(given)
            continue
        found = []
        for root, dirs, names in os.walk(given, onerror=None):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                p = Path(root) / name
                if name.startswith(".") or not name.lower().endswith(".json"):
                    continue
                if not name_is_text(p):
                    skipped.append(SaveError(p, "saveerr.folder.bad_file_name").shown(lang))
                    continue
                found.append(p)
        files.extend(sorted(found))
    return files, skipped


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write any file (a report, an overview) the way saves are written: all or nothing.

    Only where :func:`output_problem` allows (SaveError otherwise).
    """
    problem = output_problem(path)
    if problem:
        raise SaveError(path, problem.key, **problem.values)
    return _atomic_write(Path(path), data)


def find_copies(games: list[tuple[Path, Loaded]]) -> list[list[Path]]:
    """Groups of files that hold the same game (scenario, seed, world and every choice):
    a copied hand-in. Each group in file order; groups ordered by their first file.

    A whole class shares scenario and seed, but ten years of choices rarely coincide:
    two files with the same ones are one game handed in twice.
    """
    by_game: dict[tuple[Any, ...], list[Path]] = {}
    for path, loaded in games:
        g = loaded.game
        world = tuple(sorted((g.world or {}).items()))
        key = (g.scenario.id, int(g.seed), int(g.run_index), world, tuple(g.choices))
        by_game.setdefault(key, []).append(path)
    groups = [sorted(paths) for paths in by_game.values() if len(paths) > 1]
    return sorted(groups)
