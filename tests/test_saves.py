"""Saves: exact replay, the format-1 fixture, migrations, broken and tampered files, slots."""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game
from game.engine.model import Model
from game.saves import best_person as saves
from game.saves.best_person import Loaded, SaveError, SaveInfo

FIXTURES = Path(__file__).parent / "fixtures" / "saves"
BROKEN = FIXTURES / "broken"


@pytest.fixture(autouse=True)
def _no_real_save_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Whatever a test forgets to pass, nothing lands in the repository's saves/."""
    monkeypatch.setenv("KOORDDANSER_SAVE_DIR", str(tmp_path / "default-saves"))


def play(model: Model, scenario: str, seed: int, pick: int = 0, stop: int | None = None) -> Game:
    """A game with random open choices (stream ``pick``), up to turn ``stop`` or its end."""
    game = Game(model, model.scenarios[scenario], seed)
    rnd = random.Random(pick)
    while not game.finished and (stop is None or game.turn < stop):
        open_ = [i for i, ok in enumerate(game.open_choices()) if ok] or [0]
        game.choose(rnd.choice(open_))
    return game


def same_game(a: Game, b: Game) -> None:
    assert a.choices == b.choices
    assert a.turn == b.turn and a.finished == b.finished
    assert (a.ending.id if a.ending else None) == (b.ending.id if b.ending else None)
    assert np.array_equal(a.state.values, b.state.values)
    assert np.array_equal(a.state.due, b.state.due)
    assert np.array_equal(a.history(), b.history())
    assert a.records == b.records


# --- exact replay -----------------------------------------------------------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**63 - 1),
    pick=st.integers(0, 2**32),
    stop=st.one_of(st.none(), st.integers(0, 20)),
    lang=st.sampled_from(["nl", "en"]),
)
def test_save_load_replay_identical(
    model: Model, scenario_id: str, seed: int, pick: int, stop: int | None, lang: str
) -> None:
    game = play(model, scenario_id, seed, pick, stop)
    with tempfile.TemporaryDirectory() as d:
        path = saves.save(game, Path(d) / "g.json", saves.Owner(lang, "3B"))
        loaded = saves.load(model, path)
        assert saves.check(model, path) == []
    assert loaded.note is None and not loaded.content_changed
    assert loaded.lang == lang and loaded.class_code == "3B"
    same_game(loaded.game, game)
    replayed = Game.replay(model, game.scenario, seed, list(game.choices))
    same_game(replayed, game)
    # The loaded game plays on exactly like the original.
    if not game.finished:
        i = game.open_choices().index(True)
        assert loaded.game.choose(i) == game.choose(i)
        assert np.array_equal(loaded.game.state.values, game.state.values)


def test_world_overrides_survive(model: Model, scenario_id: str, tmp_path: Path) -> None:
    ws = model.world[0]
    world = {ws.id: (ws.low + ws.high) / 2}
    game = Game(model, model.scenarios[scenario_id], 5, run_index=3, world=world)
    for _ in range(4):
        if not game.finished:
            game.choose(game.open_choices().index(True) if game.event else 0)
    loaded = saves.load(model, saves.save(game, tmp_path / "w.json"))
    assert loaded.game.world == world and loaded.game.run_index == 3
    same_game(loaded.game, game)


def test_to_dict_holds_what_reports_need(model: Model, scenario_id: str) -> None:
    game = play(model, scenario_id, 11)
    d = saves.to_dict(game, saves.Owner("en"))
    assert d["format_version"] == saves.FORMAT_VERSION and d["kind"] == "koorddanser-save"
    assert d["content_hash"] == model.content_hash and d["ending"] == game.ending.id
    assert d["snapshot"]["turn"] == game.turn == len(d["choices"]) == len(d["history"])
    assert d["snapshot"]["meters"] == game.meters()
    last = d["history"][-1]
    assert set(last) >= {"year", "season", "event", "choice", "choice_id", "tags", "before"}
    assert {"after", "why"} <= set(last) and (d["snapshot"]["year"], d["snapshot"]["season"]) == (
        last["year"],
        last["season"],
    )
    # Format 2 is lean: ids and numbers, never the content's words (they come from the content).
    causes = [c[0] for c in d["causes"]]
    assert len(causes) == len(set(causes)) and all(0 <= w[0] < len(causes) for w in last["why"])
    full = saves._full(d)
    record = game.records[-1]
    assert [w["id"] for w in full[-1]["why"]] == [c.id for c in record.why]
    assert full[-1]["after"] == pytest.approx(dict(record.after), abs=1e-3)
    text = json.dumps(d, allow_nan=False, ensure_ascii=False)  # plain JSON, nothing exotic
    assert "explain" not in text and "essay" not in text
    assert len(text.encode("utf-8")) <= 16_000, "a finished game's save stays small"
    with pytest.raises(ValueError):
        saves.to_dict(game, saves.Owner("fr"))


# --- the format-1 fixtures and migrations -------------------------------------------------------


@pytest.mark.parametrize("name", ["format1.json", "format1_playing.json"])
def test_format1_fixture_migrates_to_the_same_history_without_words(name: str) -> None:
    """The step 1 -> 2 keeps every turn's ids and numbers; only the repeated texts go."""
    v1 = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    v2 = saves.MIGRATIONS[1](dict(v1))
    assert v2["format_version"] == 2
    for old, new in zip(v1["history"], saves._full(v2), strict=True):
        assert new["before"] == pytest.approx(old["before"], abs=1e-3)
        assert new["after"] == pytest.approx(old["after"], abs=1e-3)
        assert [(w["kind"], w["id"]) for w in new["why"]] == [
            (w["kind"], w["id"]) for w in old["why"]
        ]
        for w_new, w_old in zip(new["why"], old["why"], strict=True):
            assert w_new["deltas"] == pytest.approx(w_old["deltas"], abs=1e-3)


@pytest.mark.parametrize("name", ["format1.json", "format1_playing.json"])
def test_format1_fixture_still_loads(model: Model, name: str) -> None:
    path = FIXTURES / name
    before = path.read_bytes()
    data = json.loads(before)
    loaded = saves.load(model, path)
    assert isinstance(loaded, Loaded) and loaded.lang == data["lang"]
    assert loaded.class_code == data["class_code"]
    if data["content_hash"] == model.content_hash:
        assert loaded.note is None and saves.check(model, path) == []
        assert loaded.game.choices == data["choices"]
    else:  # the content has moved on since the fixture was made: replayed, and said so
        assert loaded.content_changed and loaded.note
    assert path.read_bytes() == before


def _as_version1(data: dict[str, Any]) -> dict[str, Any]:
    """Today's save written as format 1 was: the history in full, no meter and cause lists."""
    old = {k: v for k, v in data.items() if k not in ("meters", "causes")}
    return {**old, "format_version": 1, "history": saves._full(data)}


def _as_version0(data: dict[str, Any]) -> dict[str, Any]:
    """A made-up format 0: no kind marker, 'moves' counted from 1, the snapshot flat."""
    data = _as_version1(data)
    old = {k: v for k, v in data.items() if k not in ("kind", "choices", "snapshot")}
    old["format_version"] = 0
    old["moves"] = [c + 1 if c >= 0 else 0 for c in data["choices"]]
    old["meters"] = data["snapshot"]["meters"]
    old["turn"] = data["snapshot"]["turn"]
    old["when"] = [data["snapshot"]["year"], data["snapshot"]["season"]]
    old["event"] = data["snapshot"]["event"]
    return old


def _from_version0(d: dict[str, Any]) -> dict[str, Any]:
    year, season = d.pop("when")
    d["snapshot"] = {
        "turn": d.pop("turn"),
        "year": year,
        "season": season,
        "event": d.pop("event"),
        "meters": d.pop("meters"),
    }
    d["choices"] = [m - 1 for m in d.pop("moves")]
    d["kind"] = saves.KIND
    d["format_version"] = 1
    return d


def test_migration_from_version0_through_the_registry(
    model: Model, scenario_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    game = play(model, scenario_id, 21, stop=7)
    path = tmp_path / "old.json"
    old = _as_version0(saves.to_dict(game, saves.Owner("nl")))
    path.write_text(json.dumps(old), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(SaveError, match="format 0 is too old"):
        saves.load(model, path)
    monkeypatch.setitem(saves.MIGRATIONS, 0, _from_version0)
    loaded = saves.load(model, path)
    same_game(loaded.game, game)
    assert saves.check(model, path) == [] and path.read_bytes() == before  # upgraded in memory


def test_bumping_the_format_keeps_format1_loading(
    model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the next format bump must keep true: format 1 still loads, step by step."""
    seen: list[int] = []
    to_2 = saves.MIGRATIONS[1]

    def counted_to_2(d: dict[str, Any]) -> dict[str, Any]:
        seen.append(d["format_version"])
        return to_2(d)

    def to_3(d: dict[str, Any]) -> dict[str, Any]:
        seen.append(d["format_version"])
        return {**d, "format_version": 3, "settings": {"undo": True}}

    monkeypatch.setattr(saves, "FORMAT_VERSION", 3)
    with pytest.raises(SaveError, match="format 2 is too old"):
        saves.load(model, FIXTURES / "format1.json")
    seen.clear()
    monkeypatch.setitem(saves.MIGRATIONS, 1, counted_to_2)
    monkeypatch.setitem(saves.MIGRATIONS, 2, to_3)
    assert saves.load(model, FIXTURES / "format1.json").game.turn >= 0
    assert seen == [1, 2]
    assert "format 4" in str(saves.check(model, _with(tmp_path, format_version=4)))


def test_a_failing_migration_is_a_clear_error(
    model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(d: dict[str, Any]) -> dict[str, Any]:
        return d["no such key"]

    monkeypatch.setitem(saves.MIGRATIONS, 0, broken)
    path = _with(tmp_path, format_version=0)
    with pytest.raises(SaveError, match="cannot upgrade from format 0"):
        saves.load(model, path)
    monkeypatch.setitem(saves.MIGRATIONS, 0, lambda d: d)  # forgets to raise the version
    with pytest.raises(SaveError, match="did not reach 1"):
        saves.load(model, path)


def _with(folder: Path, **changes: Any) -> Path:
    data = json.loads((FIXTURES / "format1.json").read_text(encoding="utf-8"))
    data.update(changes)
    path = folder / "changed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- broken and tampered files ----------------------------------------------------------------

BROKEN_CASES = {
    "empty.json": "empty file",
    "truncated.json": "truncated",
    "corrupt.json": "damaged: not valid JSON (line",
    "binary.json": "binary data",
    "foreign.json": "not a Koorddanser save",
    "foreign_list.json": "not a Koorddanser save",
    "future.json": "saved by a newer Koorddanser (format 99",
    "too_old.json": "format 0 is too old",
    "wrong_seed_type.json": "field 'seed' must be a whole number",
    "wrong_choices_type.json": "field 'choices' must be a list",
    "wrong_meters_type.json": "snapshot 'meters' must map names to numbers",
    "choices_missing.json": "choices are recorded",
    "unknown_scenario.json": "scenario 'atlantis' is not in this game's content",
    "unknown_lang.json": "field 'lang' must be one of",
    "nan.json": "NaN is not a number",
    "deep.json": "nested far too deeply",
}


def test_corpus_is_complete() -> None:
    assert {p.name for p in BROKEN.iterdir()} == set(BROKEN_CASES)


@pytest.mark.parametrize(("name", "message"), sorted(BROKEN_CASES.items()))
def test_broken_save_gives_its_error_and_stays_untouched(
    model: Model, name: str, message: str
) -> None:
    path = BROKEN / name
    before = path.read_bytes()
    with pytest.raises(SaveError) as err:
        saves.load(model, path)
    assert message in err.value.message and str(err.value) == f"{path}: {err.value.message}"
    assert "\n" not in str(err.value)
    assert saves.check(model, path) == [str(err.value)]
    assert path.read_bytes() == before


def test_broken_saves_never_spoil_the_listing(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    for p in BROKEN.iterdir():
        shutil.copy(p, tmp_path / p.name)
    os.mkdir(tmp_path / "a-folder.json")
    good = saves.save(play(model, scenario_id, 3, stop=4), tmp_path / "good.json")
    items = saves.list_saves(tmp_path)
    infos = [i for i in items if isinstance(i, SaveInfo)]
    errors = [i for i in items if isinstance(i, SaveError)]
    # A listing reads without the content, so only a load can tell the scenario is gone.
    assert sorted(i.path.name for i in infos) == ["good.json", "unknown_scenario.json"]
    assert {Path(e.path).name for e in errors} == (
        set(BROKEN_CASES) - {"unknown_scenario.json"} | {"a-folder.json"}
    )
    assert saves.last_game(tmp_path) == good
    assert saves.load(model, good).game.turn == 4


def _tamper_ending(d: dict[str, Any], model: Model) -> None:
    d["ending"] = next(e.id for e in model.endings if e.id != d["ending"])


def _tamper_meters(d: dict[str, Any], model: Model) -> None:
    m = d["snapshot"]["meters"]
    m["energy"] = min(100.0, m["energy"] + 25)
    m["motivation"] = 100.0 if m["motivation"] < 90 else 10.0


def _tamper_history(d: dict[str, Any], model: Model) -> None:
    d["history"][2]["after"][d["meters"].index("recognition")] += 30


def _tamper_choice_out_of_range(d: dict[str, Any], model: Model) -> None:
    d["choices"][1] = 17


def _tamper_extra_choice(d: dict[str, Any], model: Model) -> None:
    d["choices"].append(0)
    d["history"].append(d["history"][-1])
    d["snapshot"]["turn"] += 1


def _tamper_world(d: dict[str, Any], model: Model) -> None:
    d["world"] = {model.world[0].id: model.world[0].high + 100}


TAMPERS: dict[str, tuple[Callable[[dict[str, Any], Model], None], str]] = {
    "ending": (_tamper_ending, "in the file, but the choices lead to"),
    "meters": (_tamper_meters, "snapshot: motivation is"),
    "history": (_tamper_history, "turn 3, after: recognition is"),
    "choice out of range": (_tamper_choice_out_of_range, "turn 2: choice 18 does not exist"),
    "choice after the end": (_tamper_extra_choice, "after the game was over"),
    "world": (_tamper_world, "lies outside its range"),
}


@pytest.fixture(scope="module")
def finished(model: Model, scenario_id: str) -> Game:
    for seed in range(100, 200):  # a game long enough to edit its third turn
        game = play(model, scenario_id, seed, pick=seed)
        if game.turn >= 4:
            return game
    raise AssertionError("no game lasted four turns")


@pytest.mark.parametrize("kind", sorted(TAMPERS))
def test_tampered_save_is_caught(model: Model, finished: Game, tmp_path: Path, kind: str) -> None:
    tamper, message = TAMPERS[kind]
    path = saves.save(finished, tmp_path / "handin.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    tamper(data, model)
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    problems = saves.check(model, path)
    assert problems and all(p.startswith(f"{path}: ") for p in problems)
    assert any(message in p for p in problems), problems
    with pytest.raises(SaveError):
        saves.load(model, path)
    assert path.read_bytes() == before


def test_a_changed_choice_is_caught(model: Model, finished: Game, tmp_path: Path) -> None:
    """Swapping one answer (keeping the rosy snapshot) no longer replays."""
    path = saves.save(finished, tmp_path / "handin.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    game = Game(model, finished.scenario, finished.seed)
    for t, c in enumerate(finished.choices):
        other = [i for i, ok in enumerate(game.open_choices()) if ok and i != c]
        if other:
            data["choices"][t] = other[0]
            break
        game.choose(c if game.event else 0)
    else:
        pytest.skip("no turn with a second open choice")
    path.write_text(json.dumps(data), encoding="utf-8")
    assert saves.check(model, path)
    with pytest.raises(SaveError, match="does not replay to its snapshot"):
        saves.load(model, path)


def test_a_faked_content_hash_does_not_hide_tampering(
    model: Model, finished: Game, tmp_path: Path
) -> None:
    path = saves.save(finished, tmp_path / "handin.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    _tamper_meters(data, model)
    data["content_hash"] = "0" * 16
    path.write_text(json.dumps(data), encoding="utf-8")
    problems = saves.check(model, path)
    assert "played with other content" in problems[0] and len(problems) >= 2
    loaded = saves.load(model, path)  # the player gets the true replay, not the edited meters
    assert loaded.content_changed and loaded.note
    same_game(loaded.game, finished)


# --- changed content ----------------------------------------------------------------------------


def test_changed_content_that_still_replays(model: Model, scenario_id: str, tmp_path: Path) -> None:
    game = play(model, scenario_id, 8, stop=6)
    path = saves.save(game, tmp_path / "g.json", saves.Owner("en"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["content_hash"] = "older-content"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = saves.load(model, path)
    assert loaded.content_changed and loaded.note and "still holds" in loaded.note
    same_game(loaded.game, game)
    assert saves.check(model, path) == []


def test_changed_content_where_a_choice_no_longer_fits(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    game = play(model, scenario_id, 9, stop=8)
    path = saves.save(game, tmp_path / "g.json", saves.Owner("nl"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["content_hash"] = "older-content"
    t = next(i for i, c in enumerate(data["choices"]) if i >= 2 and c >= 0)
    data["choices"][t] = 9  # as if the event lost choices
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = saves.load(model, path)
    assert loaded.game.turn == t and loaded.game.choices == game.choices[:t]
    assert loaded.note and f"eerste {t} van 8" in loaded.note


# --- names, slots, listing, continue ------------------------------------------------------------

BAD_NAMES = [
    "",
    "   ",
    "../escape",
    "..",
    "a/b",
    "/etc/passwd",
    "C:\\Windows\\x",
    "c:stream",
    "nul\x00byte",
    "line\nbreak",
    "bell\x07",
    "bidi\u202eexe",
    "CON",
    "nul.txt",
    "com1",
    "Lpt9",
    "aux.json",
    "x" * 65,
    ".hidden",
    "ends.",
    "what?",
    "autosave",
    "AutoSave.json",
]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_unsafe_names_are_refused(
    model: Model, scenario_id: str, tmp_path: Path, name: str
) -> None:
    with pytest.raises(SaveError) as err:
        saves.safe_name(name)
    assert "\n" not in str(err.value) and "\x00" not in str(err.value)
    game = play(model, scenario_id, 1, stop=1)
    inner = tmp_path / "inner"
    with pytest.raises(SaveError):
        saves.save_as(game, inner, name)
    assert not inner.exists()  # refused before anything was created
    assert not (tmp_path / "escape.json").exists()


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("Mijn spel", "Mijn spel"),
        ("  ronde één  ", "ronde één"),
        ("klas-3B_2024", "klas-3B_2024"),
        ("game.json", "game"),
        ("x" * 64, "x" * 64),
        ("console", "console"),
        ("v1.2", "v1.2"),
    ],
)
def test_good_names_land_in_the_folder(
    model: Model, scenario_id: str, tmp_path: Path, name: str, stored: str
) -> None:
    assert saves.safe_name(name) == stored
    path = saves.save_as(play(model, scenario_id, 1, stop=2), tmp_path, name, saves.Owner("en"))
    assert path == tmp_path / f"{stored}.json" and path.is_file()
    assert saves.load(model, path).lang == "en"


def test_listing_is_newest_first(model: Model, scenario_id: str, tmp_path: Path) -> None:
    now = 1_700_000_000
    for age, name in [(300, "old"), (100, "new"), (200, "middle")]:
        p = saves.save_as(play(model, scenario_id, age, stop=3), tmp_path, name)
        os.utime(p, (now - age, now - age))
    (tmp_path / ".g.json.abc.tmp").write_bytes(b"{half a sa")  # a killed save's temp file
    (tmp_path / "notes.txt").write_text("not a save", encoding="utf-8")
    items = saves.list_saves(tmp_path)
    assert [i.name for i in items if isinstance(i, SaveInfo)] == ["new", "middle", "old"]
    assert all(isinstance(i, SaveInfo) for i in items)
    info = items[0]
    assert info.scenario == scenario_id and info.turn == 3 and info.ending is None
    assert info.modified == now - 100 and info.year >= 2010 and info.season in (0, 1)
    assert saves.list_saves(tmp_path / "missing") == []


def visible(folder: Path) -> list[str]:
    """The files a player sees (hidden lock files of running games left out)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_autosave_and_continue(model: Model, scenario_id: str, tmp_path: Path) -> None:
    assert saves.last_game(tmp_path) is None
    game = Game(model, model.scenarios[scenario_id], 31)
    rnd = random.Random(31)
    while not game.finished:
        game.choose(rnd.choice([i for i, ok in enumerate(game.open_choices()) if ok] or [0]))
        path = saves.autosave(game, tmp_path, saves.Owner("nl", "3B"))
        assert path == tmp_path / "3B.json"  # a class game is saved under its class code
        if not game.finished:
            assert saves.last_game(tmp_path) == path
            assert saves.load(model, path).game.turn == game.turn
    assert saves.last_game(tmp_path) is None  # a finished game is not "continued"
    assert visible(tmp_path) == ["3B.json"]  # one file, no leftovers

    # A new game never takes another game's file, finished or not: it gets its own.
    other = play(model, scenario_id, 32, stop=2)
    assert saves.autosave(other, tmp_path, saves.Owner("nl", "3B")) == tmp_path / "3B-2.json"
    assert saves.load(model, tmp_path / "3B.json").game.ending == game.ending
    assert saves.last_game(tmp_path) == tmp_path / "3B-2.json"
    # A file holding a game without a single choice is reused: nothing is lost.
    fresh = tmp_path / "autosave.json"
    saves.save(Game(model, model.scenarios[scenario_id], 33), fresh)
    assert saves.autosave(play(model, scenario_id, 34, stop=1), tmp_path) == fresh
    assert visible(tmp_path) == ["3B-2.json", "3B.json", "autosave.json"]


def test_autosave_keeps_a_broken_file_and_saves_beside_it(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    (tmp_path / "autosave.json").write_bytes(b"\x00\x01junk")
    path = saves.autosave(play(model, scenario_id, 2, stop=2), tmp_path)
    assert path == tmp_path / "autosave-2.json"  # the damaged file may be someone's only copy
    assert (tmp_path / "autosave.json").read_bytes() == b"\x00\x01junk"
    assert saves.load(model, path).game.turn == 2


def test_last_game_falls_back_to_the_newest_unfinished(
    model: Model, scenario_id: str, finished: Game, tmp_path: Path
) -> None:
    saves.autosave(finished, tmp_path)
    a = saves.save_as(play(model, scenario_id, 40, stop=3), tmp_path, "a")
    b = saves.save_as(play(model, scenario_id, 41, stop=3), tmp_path, "b")
    os.utime(a, (1_700_000_100, 1_700_000_100))
    os.utime(b, (1_700_000_000, 1_700_000_000))
    assert saves.last_game(tmp_path) == a


def test_delete(model: Model, scenario_id: str, tmp_path: Path) -> None:
    path = saves.save_as(play(model, scenario_id, 1, stop=1), tmp_path, "weg")
    saves.delete(path)
    assert not path.exists()
    with pytest.raises(SaveError, match="no such save"):
        saves.delete(path)
    other = tmp_path / "notes.txt"
    other.write_text("keep me", encoding="utf-8")
    with pytest.raises(SaveError, match="only save files"):
        saves.delete(other)
    assert other.exists()


def test_export_a_finished_game(
    model: Model, scenario_id: str, finished: Game, tmp_path: Path
) -> None:
    with pytest.raises(SaveError, match="only a finished game"):
        saves.export(play(model, scenario_id, 1, stop=2), tmp_path / "x.json", saves.Owner("nl"))
    assert not (tmp_path / "x.json").exists()
    path = saves.export(finished, tmp_path / "usb" / "fatima.json", saves.Owner("nl", "3B"))
    assert saves.check(model, path) == []
    into = saves.export(finished, tmp_path, saves.Owner("en", "KD 3/B"))
    assert into.parent == tmp_path and into.name.startswith("koorddanser-KD3B-")
    assert saves.load(model, into).class_code == "KD 3/B"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o644  # the teacher must be able to read it


def test_undo(model: Model, scenario_id: str, finished: Game) -> None:
    back = saves.undo(model, finished)
    last_real = max(i for i, c in enumerate(finished.choices) if c >= 0)
    assert back.choices == finished.choices[:last_real]
    assert not back.finished and back.event is not None
    same_game(back, Game.replay(model, finished.scenario, finished.seed, back.choices))
    loaded = Loaded(back, "nl", None, None)
    assert saves.undo(model, loaded).turn < back.turn
    with pytest.raises(ValueError, match="nothing|no choice"):
        saves.undo(model, Game(model, model.scenarios[scenario_id], 1))


def test_default_save_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOORDDANSER_SAVE_DIR", str(tmp_path / "x"))
    assert saves.default_save_dir() == tmp_path / "x"
    monkeypatch.delenv("KOORDDANSER_SAVE_DIR")
    import game.content.paths as paths

    monkeypatch.setattr(paths, "is_source_checkout", lambda: True)
    assert saves.default_save_dir() == Path(saves.__file__).resolve().parents[2] / "saves"
    monkeypatch.setattr(paths, "is_source_checkout", lambda: False)
    found = saves.default_save_dir()
    assert "koorddanser" in str(found).lower() and found.name == "saves"


# --- fuzzing: whatever a file holds, the answer is a game or a SaveError ----------------------

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.sampled_from([10**400, -(10**400), 2**64, -1])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
_DELETE = object()


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*prefix, i))
    return out


@pytest.fixture(scope="module")
def small_save(model: Model, scenario_id: str) -> dict[str, Any]:
    return saves.to_dict(play(model, scenario_id, 4, stop=3), saves.Owner("nl"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_saves_give_a_game_or_a_save_error(
    model: Model, small_save: dict[str, Any], data: st.DataObject
) -> None:
    doc = json.loads(json.dumps(small_save))
    paths = _paths(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(paths))
        value = data.draw(st.one_of(_JSON, st.just(_DELETE)))
        parent = doc
        try:
            for step in where[:-1]:
                parent = parent[step]
            if value is _DELETE:
                del parent[where[-1]]
            else:
                parent[where[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "fuzz.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        try:
            saves.load(model, path)
        except SaveError as exc:
            assert "\n" not in str(exc)
        problems = saves.check(model, path)
        assert all(p.startswith(f"{path}: ") and "\n" not in p for p in problems)
        assert isinstance(saves.list_saves(d)[0], SaveInfo | SaveError)


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=300), cut=st.integers(0, 10**6))
def test_random_bytes_give_a_save_error(
    model: Model, small_save: dict[str, Any], raw: bytes, cut: int
) -> None:
    good = saves._dumps(small_save)
    cut %= len(good)
    with tempfile.TemporaryDirectory() as d:
        for blob in (raw, good[:cut] + raw, good[:cut] + raw + good[cut + len(raw) :]):
            path = Path(d) / "junk.json"
            path.write_bytes(blob)
            try:
                saves.load(model, path)
            except SaveError:
                pass
            assert all(p.startswith(f"{path}: ") for p in saves.check(model, path))
            assert path.read_bytes() == blob
