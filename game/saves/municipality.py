"""Saves of the municipality role: event-sourced (seed + decision ids) and replay-checked.

A save holds what is needed to replay the decade exactly (seed, number of futures, the id
of each choice), the content hash and version, and a snapshot of what the game showed;
loading replays the decisions and compares. The file is written like every save (atomic,
its own slot, one writer), in the ``municipality`` folder of the save folder, so the best
person's saves and listings are untouched. ``kind`` says which role a file belongs to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game import version
from game.content.save_texts import Phrase
from game.engine.model import Model
from game.engine.municipality import SELF_METERS, City, CityDef
from game.i18n import LANGS
from game.saves import best_person as saves

KIND = "koorddanser-municipality"
ROLE = "municipality"
FORMAT_VERSION = 1
FOLDER = "municipality"
MAX_BYTES = 200_000  # a real save is about 3 kB
MIN_RUNS, MAX_RUNS = 10, 20_000
TOLERANCE = 0.005  # shares may differ by float rounding between machines, not more
SaveError = saves.SaveError


@dataclass
class Loaded:
    game: City
    lang: str
    class_code: str | None
    student: str | None
    path: Path
    note: str | None = None  # said when the content changed since the save


def folder(save_dir: str | Path) -> Path:
    """Where municipality games are saved, inside the save folder."""
    return Path(save_dir) / FOLDER


def to_dict(
    game: City, lang: str, class_code: str | None = None, student: str | None = None
) -> dict[str, Any]:
    """The save of ``game`` as JSON-ready data."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    student = saves.clean_student(student) if student is not None else None
    return {
        "kind": KIND,
        "role": ROLE,
        "format_version": FORMAT_VERSION,
        "city": game.city.id,
        "content_hash": game.city.content_hash,
        "game_version": version(),
        "seed": game.seed,
        "runs": game.runs,
        "lang": lang,
        "class_code": class_code,
        "student": student,
        "decisions": [game.city.events[t].choices[c].id for t, c in enumerate(game.decisions)],
        "snapshot": _snapshot(game),
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _snapshot(game: City) -> dict[str, Any]:
    last = game.reports[-1].persons if game.reports else []
    return {
        "turn": game.turn,
        "self": {k: round(v, 4) for k, v in game.meters.items()},
        "shares": {p.scenario: {k: round(v, 4) for k, v in p.shares.items()} for p in last},
    }


def dumps(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def save(
    game: City,
    path: str | Path,
    lang: str = "nl",
    class_code: str | None = None,
    student: str | None = None,
) -> Path:
    """Write ``game`` to ``path`` atomically; on failure the old file is untouched."""
    return saves._atomic_write(Path(path), dumps(to_dict(game, lang, class_code, student)))


class Saver:
    """Saves one game to its own slot (chosen at the first save) in the municipality folder."""

    def __init__(
        self,
        save_dir: str | Path,
        class_code: str | None = None,
        student: str | None = None,
        continuing: Path | None = None,
    ) -> None:
        self.folder = folder(save_dir)
        self.class_code = class_code
        self.student = student
        self.continuing = continuing
        self.slot: saves.Slot | None = None

    def __call__(self, game: City, lang: str) -> Path:
        if self.slot is None:
            self.slot = saves.open_slot(
                self.folder, self.class_code, self.student, self.continuing
            )
        return save(game, self.slot.path, lang, self.class_code, self.student)

    def close(self) -> None:
        if self.slot is not None:
            self.slot.close()


# --- reading ------------------------------------------------------------------------------


def is_municipality_save(path: str | Path) -> bool:
    """Whether a file claims to be a municipality save (read within the size limit)."""
    try:
        raw = saves.read_regular(Path(path), MAX_BYTES, "a save")
        if KIND.encode() not in raw:  # most files of a class: no need to parse them twice
            return False
        data = json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
    except (SaveError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("kind") == KIND


def _read(path: Path) -> dict[str, Any]:
    raw = saves.read_regular(path, MAX_BYTES, "a save")
    try:
        data = json.loads(raw.decode("utf-8").removeprefix("\ufeff"), parse_constant=saves._no_constant)
    except UnicodeDecodeError:
        raise SaveError(path, "saveerr.read.binary") from None
    except RecursionError:
        raise SaveError(path, "saveerr.read.too_deep") from None
    except saves.NotANumber as exc:
        raise SaveError(path, "saveerr.read.not_a_number", name=exc.name) from None
    except ValueError as exc:
        raise SaveError(path, "saveerr.read.bad_json", why=str(exc)[:80]) from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise SaveError(path, "saveerr.muni.other_json")
    saves._check_texts(path, data)
    _check_fields(path, data)
    return data


def _check_fields(path: Path, d: dict[str, Any]) -> None:
    def bad(key: str, **values: object) -> SaveError:
        return SaveError(path, key, **values)

    version_ = d.get("format_version")
    if not isinstance(version_, int) or isinstance(version_, bool):
        raise bad("saveerr.format.not_whole")
    if version_ > FORMAT_VERSION:
        raise SaveError(path, "saveerr.muni.newer", version=version_)
    if d.get("role") != ROLE:
        raise bad("saveerr.muni.role", role=repr(ROLE))
    for key in ("city", "content_hash"):
        if not isinstance(d.get(key), str) or len(d[key]) > 64:
            raise bad("saveerr.muni.short_text", field=repr(key))
    for key, lo, hi in (("seed", 0, 2**63 - 1), ("runs", MIN_RUNS, MAX_RUNS)):
        v = d.get(key)
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            raise bad("saveerr.field.whole", field=repr(key), lo=lo, hi=hi)
    if d.get("lang") not in LANGS:
        raise bad("saveerr.field.lang", langs=", ".join(LANGS))
    for key in ("class_code", "student"):
        v = d.get(key)
        if v is not None and (not isinstance(v, str) or len(v) > saves.MAX_STUDENT):
            raise bad("saveerr.muni.short_text_or_null", field=repr(key))
    dec = d.get("decisions")
    if not isinstance(dec, list) or len(dec) > 100 or not all(isinstance(x, str) for x in dec):
        raise bad("saveerr.muni.decisions")
    snap = d.get("snapshot")
    if not isinstance(snap, dict) or not isinstance(snap.get("self"), dict):
        raise bad("saveerr.muni.snapshot")


def load(model: Model, city: CityDef, path: str | Path) -> Loaded:
    """Replay a saved decade and check it against its snapshot; SaveError when it differs."""
    p = Path(path)
    d = _read(p)
    if d["city"] != city.id:
        raise SaveError(p, "saveerr.muni.other_city", city=repr(d["city"]), here=repr(city.id))
    game = City(model, city, d["seed"], d["runs"])
    changed = d["content_hash"] != city.content_hash
    for i, cid in enumerate(d["decisions"]):
        if game.finished:
            raise SaveError(p, "saveerr.muni.too_many")
        try:
            game.decide_id(cid)
        except ValueError as exc:
            if changed:  # the player is told in their language, as for a best person's save
                m = len(d["decisions"])
                note = model.ui["save.note_partial"][d["lang"]].format(n=i, m=m, k=i + 1)
                return Loaded(game, d["lang"], d.get("class_code"), d.get("student"), p, note)
            raise SaveError(p, "saveerr.muni.no_replay", turn=i + 1, why=str(exc)) from None
    problem = _compare(d["snapshot"], _snapshot(game))
    if problem and not changed:
        raise SaveError(p, "saveerr.replay.differs", problem=problem)
    said: str | None = None
    if changed:
        said = model.ui["save.note_differs" if problem else "save.note_holds"][d["lang"]]
    return Loaded(game, d["lang"], d.get("class_code"), d.get("student"), p, said)


def _compare(saved: dict[str, Any], actual: dict[str, Any]) -> Phrase | None:
    if saved.get("turn") != actual["turn"]:
        values = {"saved": repr(saved.get("turn")), "replayed": actual["turn"]}
        return Phrase("saveerr.muni.turn", values)
    for key in SELF_METERS:
        v = saved["self"].get(key)
        if not isinstance(v, int | float) or abs(float(v) - actual["self"][key]) > TOLERANCE * 100:
            values = {"meter": key, "saved": repr(v), "replayed": f"{actual['self'][key]:g}"}
            return Phrase("saveerr.muni.meter", values)
    shares = saved.get("shares")
    if not isinstance(shares, dict):
        return Phrase("saveerr.muni.no_shares")
    for person, got in actual["shares"].items():
        s = shares.get(person)
        if not isinstance(s, dict):
            return Phrase("saveerr.muni.person_shares", {"person": person})
        for k, v in got.items():
            sv = s.get(k)
            if not isinstance(sv, int | float) or abs(float(sv) - v) > TOLERANCE:
                values = {"meter": f"{person} {k}", "saved": repr(sv), "replayed": f"{v:.4f}"}
                return Phrase("saveerr.muni.meter", values)
    return None


def last_game(save_dir: str | Path, turns: int) -> Path | None:
    """The newest unfinished municipality game in the save folder, if any."""
    best: tuple[float, Path] | None = None
    base = folder(save_dir)
    if not base.is_dir():
        return None
    for p in base.glob("*.json"):
        try:
            d = _read(p)
        except SaveError:
            continue
        if len(d["decisions"]) >= turns:
            continue
        m = p.stat().st_mtime
        if best is None or m > best[0]:
            best = (m, p)
    return best[1] if best else None
