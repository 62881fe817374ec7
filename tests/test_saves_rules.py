"""Saves behaviours that the mutation run (benchmarks/mutation.py) found untested."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_saves import play as _play

from game.engine import Game
from game.engine.model import Model
from game.saves import best_person as saves
from game.saves.best_person import Loaded, SaveError


@pytest.fixture(autouse=True)
def _no_real_save_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOORDDANSER_SAVE_DIR", str(tmp_path / "default-saves"))


@pytest.fixture(scope="module")
def done(model: Model, scenario_id: str) -> Game:
    return _play(model, scenario_id, 5)


# -- names -----------------------------------------------------------------------------------


def test_a_student_name_is_tidied_as_typed() -> None:
    assert saves.clean_student("  Anna   de\tVries ") == "Anna de Vries"
    assert saves.clean_student("Zoe\u0308") == "Zo\u00eb", "composed (NFC) as it looks"
    assert saves.clean_student("x" * saves.MAX_STUDENT) == "x" * saves.MAX_STUDENT


@pytest.mark.parametrize(
    ("name", "says"),
    [
        (42, "must be text"),
        ("   ", "cannot be empty"),
        ("", "cannot be empty"),
        ("x" * (saves.MAX_STUDENT + 1), f"at most {saves.MAX_STUDENT} characters"),
        ("Anna\x1b[2J", "cannot be used: it holds a control character"),
    ],
)
def test_a_student_name_that_cannot_be_one_says_why(name: object, says: str) -> None:
    with pytest.raises(SaveError) as info:
        saves.clean_student(name)  # type: ignore[arg-type]
    assert says in info.value.message
    assert repr(name)[:40] in str(info.value.path) or info.value.path == "''"


@pytest.mark.parametrize(
    ("text", "slugged"),
    [
        ("Anna de Vries", "anna-de-vries"),
        ("Zoë", "zoe"),
        ("  --Jan!!  Piet--  ", "jan-piet"),
        ("***", ""),
        ("a" * 50, "a" * 40),
        ("a" * 39 + " b", "a" * 39),
    ],
)
def test_slug_keeps_letters_digits_and_single_dashes(text: str, slugged: str) -> None:
    assert saves.slug(text) == slugged
    assert saves.slug("abc def", limit=5) == "abc-d"


def test_slot_base_names_a_class_game_by_code_and_student() -> None:
    assert saves.slot_base() == "autosave"
    assert saves.slot_base("", "Anna") == "autosave"
    assert saves.slot_base("kd 3/b", "Anna de Vries") == "KD3B-anna-de-vries"
    assert saves.slot_base("--3B--") == "3B"
    assert saves.slot_base("3B", "***") == "3B"
    assert saves.slot_base("///") == "class"
    assert saves.slot_base("X" * 30) == "X" * 24


# -- files -----------------------------------------------------------------------------------


def test_delete_refuses_what_is_not_a_save_file(tmp_path: Path) -> None:
    upper = tmp_path / "GAME.JSON"
    upper.write_text("{}", encoding="utf-8")
    saves.delete(upper)
    assert not upper.exists(), "the suffix is read case-blind"
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(SaveError) as info:
        saves.delete(folder)
    assert info.value.message.startswith("could not delete: ")
    assert folder.is_dir()


def test_export_into_a_folder_never_overwrites(done: Game, tmp_path: Path, model: Model) -> None:
    first = saves.export(done, tmp_path, saves.Owner("nl", "3B", "Anna"))
    second = saves.export(done, tmp_path, saves.Owner("nl", "3B", "Anna"))
    third = saves.export(done, tmp_path, saves.Owner("nl", "3B", "Anna"))
    assert [first.name, second.name, third.name] == [
        "3B-anna.json",
        "3B-anna-2.json",
        "3B-anna-3.json",
    ]
    loaded = saves.load(model, third)
    assert (loaded.class_code, loaded.student, loaded.lang) == ("3B", "Anna", "nl")
    plain = saves.export(done, tmp_path / "sub")
    assert plain == tmp_path / "sub.json", "a name without suffix gets .json"
    no_code = saves.export(done, tmp_path)
    assert no_code.name.startswith(f"koorddanser-{done.scenario.id}-")
    assert "--" not in no_code.name


def test_undo_skips_turns_without_a_decision(model: Model, scenario_id: str) -> None:
    """No built-in scenario has a turn without an event (-1), so a stand-in game has them."""

    class Played:
        def __init__(self, choices: list[int]) -> None:
            self.choices = choices

        def replay_until(self, turn: int) -> list[int]:
            return self.choices[:turn]

    assert saves.undo(model, Played([2, 0, -1, -1])) == [2]  # type: ignore[arg-type, comparison-overlap]
    assert saves.undo(model, Played([2, -1, 1])) == [2, -1]  # type: ignore[arg-type, comparison-overlap]
    assert saves.undo(model, Played([1])) == []  # type: ignore[arg-type, comparison-overlap]
    for nothing in ([], [-1, -1]):
        with pytest.raises(ValueError, match="no choice to undo"):
            saves.undo(model, Played(nothing))  # type: ignore[arg-type]
    base = _play(model, scenario_id, 3, stop=4)
    back = saves.undo(model, Loaded(base, "nl", None, None))
    assert back.choices == base.choices[:3] and back.turn == 3


def test_find_saves_walks_folders_for_json_only(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("a/2.json", "a/1.JSON", "b/0.json", "top.json", "notes.txt", ".tmp.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden" / "x.json").write_text("{}", encoding="utf-8")
    given = tmp_path / "not-there.json"
    files, skipped = saves.find_saves([tmp_path, given])
    rel = [p.relative_to(tmp_path).as_posix() for p in files]
    assert rel == ["a/1.JSON", "a/2.json", "b/0.json", "top.json", "not-there.json"]
    assert skipped == []


@pytest.mark.skipif(os.name != "posix", reason="file names as bytes need a POSIX file system")
def test_find_saves_names_a_file_whose_name_is_not_text(tmp_path: Path) -> None:
    bad = os.fsencode(tmp_path) + b"/caf\xe9.json"
    with open(bad, "wb") as f:
        f.write(b"{}")
    files, skipped = saves.find_saves([tmp_path])
    assert files == []
    assert len(skipped) == 1
    assert "caf" in skipped[0] and "not valid text" in skipped[0]


def test_write_atomic_writes_all_or_refuses(tmp_path: Path) -> None:
    out = saves.write_atomic(tmp_path / "page.html", b"<p>hi</p>")
    assert out == tmp_path / "page.html" and out.read_bytes() == b"<p>hi</p>"
    saves.write_atomic(out, b"again")
    assert out.read_bytes() == b"again"
    with pytest.raises(SaveError) as info:
        saves.write_atomic(tmp_path, b"x")
    assert "folder" in info.value.message


def test_find_copies_groups_the_same_game(model: Model, scenario_id: str, done: Game) -> None:
    other = _play(model, scenario_id, 5, pick=1)
    assert other.choices != done.choices
    same_choices_other_world = Game.replay(
        model, done.scenario, done.seed, done.choices, world={"grant_years": 2.0}
    )
    games = [
        (Path("c.json"), Loaded(done, "nl", None, None)),
        (Path("a.json"), Loaded(other, "nl", None, None)),
        (Path("b.json"), Loaded(done, "en", "3B", "Anna")),
        (Path("z.json"), Loaded(other, "nl", None, None)),
        (Path("y.json"), Loaded(same_choices_other_world, "nl", None, None)),
    ]
    assert saves.find_copies(games) == [
        [Path("a.json"), Path("z.json")],
        [Path("b.json"), Path("c.json")],
    ]
    assert saves.find_copies(games[:2]) == []


# -- slots -----------------------------------------------------------------------------------


def test_a_slot_renamed_moves_its_file_and_keeps_saving_there(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    game = _play(model, scenario_id, 2, stop=2)
    with saves.open_slot(tmp_path) as slot:
        slot.write(game)
        old = slot.path
        assert slot.rename("mijn spel") == tmp_path / "mijn spel.json"
        assert not old.exists() and slot.path == tmp_path / "mijn spel.json"
        assert slot.rename("mijn spel.json") == slot.path, "its own name: nothing to do"
        game.choose(0)
        slot.write(game)
        assert saves.load(model, slot.path).game.choices == game.choices
        (tmp_path / "taken.json").write_text("{}", encoding="utf-8")
        with pytest.raises(SaveError) as info:
            slot.rename("taken")
        assert "exists already" in info.value.message
        with pytest.raises(SaveError):
            slot.rename("../escape")
        assert slot.path == tmp_path / "mijn spel.json"
    with pytest.raises(SaveError) as closed:
        slot.write(game)
    assert "closed" in closed.value.message


def test_a_name_held_by_a_running_game_cannot_be_taken(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    game = _play(model, scenario_id, 2, stop=1)
    with saves.open_slot(tmp_path) as first, saves.open_slot(tmp_path) as second:
        assert first.path != second.path
        first.rename("held")
        with pytest.raises(SaveError) as info:
            second.rename("held")
        assert "held" in str(info.value)
        second.write(game)
        assert second.path.exists()


def test_a_slot_renamed_before_its_first_save(tmp_path: Path) -> None:
    with saves.open_slot(tmp_path, "3B", "Anna") as slot:
        assert slot.path.name == "3B-anna.json"
        assert slot.rename("later") == tmp_path / "later.json"
        assert not (tmp_path / "later.json").exists(), "nothing written yet, nothing moved"


# -- reading: each malformed field is named ---------------------------------------------------


@pytest.fixture(scope="module")
def good_save(model: Model, scenario_id: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    game = _play(model, scenario_id, 9, stop=3)
    path = saves.save(
        game, tmp_path_factory.mktemp("good") / "g.json", saves.Owner("nl", "3B", "Anna")
    )
    return json.loads(path.read_text(encoding="utf-8"))


def _edit(d: dict, where: str, value: object) -> None:
    """Set ``a.b.0.c`` in a save dict; the value ``DROP`` removes the last part."""
    *parts, last = where.split(".")
    for p in parts:
        d = d[int(p)] if isinstance(d, list) else d[p]
    key: object = int(last) if isinstance(d, list) else last
    if value is DROP:
        del d[key]  # type: ignore[arg-type]
    else:
        d[key] = value  # type: ignore[index]


DROP = object()
BIG = 2**63 - 1
FIELD_PROBLEMS = [
    ("scenario", "", "field 'scenario' must be text"),
    ("scenario", 5, "field 'scenario' must be text"),
    ("scenario", "x" * 201, "field 'scenario' must be text"),
    ("content_hash", None, "field 'content_hash' must be text"),
    ("student", "", "field 'student' must be text or null"),
    ("student", "x" * (saves.MAX_STUDENT + 1), "field 'student' must be text or null"),
    ("seed", -1, f"field 'seed' must be a whole number from 0 to {BIG}"),
    ("seed", BIG + 1, "field 'seed' must be a whole number"),
    ("seed", True, "field 'seed' must be a whole number"),
    ("seed", 1.0, "field 'seed' must be a whole number"),
    ("run_index", -1, f"field 'run_index' must be a whole number from 0 to {BIG}"),
    ("world", [], "field 'world' must map names to numbers"),
    ("world", {f"k{i}": 1 for i in range(201)}, "field 'world' must map names to numbers"),
    ("world", {"grant_years": "2"}, "field 'world': 'grant_years' must be a number"),
    ("world", {"grant_years": True}, "field 'world': 'grant_years' must be a number"),
    ("world", {"grant_years": 10**301}, "field 'world': 'grant_years' must be a number"),
    ("lang", "de", "field 'lang' must be one of nl, en"),
    ("class_code", "x" * 65, "field 'class_code' must be text or null"),
    ("ending", 3, "field 'ending' must be text or null"),
    ("choices", [0] * 1001, "field 'choices' must be a list of choice numbers"),
    ("choices", {}, "field 'choices' must be a list of choice numbers"),
    ("choices", [0, 100, 0], "'choices' holds something that is not a choice number"),
    ("choices", [0, -2, 0], "'choices' holds something that is not a choice number"),
    ("choices", [0, True, 0], "'choices' holds something that is not a choice number"),
    ("snapshot", [], "field 'snapshot' must be a mapping"),
    ("snapshot.turn", -1, "field 'turn' must be a whole number from 0 to 1000"),
    ("snapshot.year", 10_000, "field 'year' must be a whole number from 0 to 9999"),
    ("snapshot.season", 2, "field 'season' must be a whole number from 0 to 1"),
    ("snapshot.event", 5, "field 'event' must be text or null"),
    ("snapshot.meters", [], "snapshot 'meters' must map names to numbers"),
    ("snapshot.meters", {"energy": None}, "snapshot 'meters': 'energy' must be a number"),
    ("snapshot.turn", 4, "the snapshot is at turn 4 but 3 choices are recorded"),
    ("history.2", DROP, "field 'history' must hold one entry per recorded choice"),
    ("history", {}, "field 'history' must hold one entry per recorded choice"),
    ("meters", "energy", "field 'meters' must list the meters' names"),
    ("meters", [1], "field 'meters' must list the meters' names"),
    ("meters", ["m"] * 201, "field 'meters' must list the meters' names"),
    ("causes", "x", "field 'causes' must list each cause as [id, kind]"),
    ("causes", [["a"]], "field 'causes' must list each cause as [id, kind]"),
    ("causes", [["a", 1]], "field 'causes' must list each cause as [id, kind]"),
    ("history.1", [], "history entry 2 must be a mapping"),
    ("history.0.before", [], "history entry 1 'before' must hold a number per meter"),
    ("history.2.after", DROP, "history entry 3 'after' must hold a number per meter"),
    ("history.0.why", {}, "history entry 1 'why' must list [cause, [meter, change, ...]]"),
    ("history.0.why", [[0]], "history entry 1 'why' must list"),
    ("history.0.why", [[-1, []]], "history entry 1 'why' must list"),
    ("history.0.why", [[True, []]], "history entry 1 'why' must list"),
    ("history.0.why", [[10_000, []]], "history entry 1 'why' must list"),
    ("history.0.why", [[0, [0]]], "history entry 1 'why' must list"),
    ("history.0.why", [[0, {}]], "history entry 1 'why' must list"),
    ("history.0.why", [[0, [-1, 1.0]]], "history entry 1 'why' must list"),
    ("history.0.why", [[0, [200, 1.0]]], "history entry 1 'why' must list"),
    ("history.0.why", [[0, [0, "1"]]], "history entry 1 'why' must list"),
    ("student", "Anna\x07", "field 'student' holds a control character (U+0007)"),
    ("snapshot.meters.\x1b", 1, "a field name in 'meters' holds a control character"),
    ("format_version", "2", "format_version must be a whole number"),
    ("format_version", True, "format_version must be a whole number"),
    ("kind", "other-game", "not a Koorddanser save"),
]


@pytest.mark.parametrize(("where", "value", "says"), FIELD_PROBLEMS)
def test_each_malformed_field_is_named(
    model: Model, good_save: dict, tmp_path: Path, where: str, value: object, says: str
) -> None:
    d = json.loads(json.dumps(good_save))
    _edit(d, where, value)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(SaveError) as info:
        saves.load(model, path)
    assert says in info.value.message
    assert saves.check(model, path) == [str(info.value)]


def test_the_edited_save_is_otherwise_good(model: Model, good_save: dict, tmp_path: Path) -> None:
    """The table above changes one thing each: unchanged, the same save loads."""
    path = tmp_path / "same.json"
    path.write_text("\ufeff" + json.dumps(good_save), encoding="utf-8")
    loaded = saves.load(model, path)
    assert (loaded.student, loaded.class_code) == ("Anna", "3B")
    assert saves.check(model, path) == []


def test_a_save_without_kind_or_version_is_not_ours(model: Model, tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"name": "x"}', encoding="utf-8")
    with pytest.raises(SaveError, match="not a Koorddanser save"):
        saves.load(model, path)


def test_a_save_with_more_after_its_end_was_appended_to(
    model: Model, good_save: dict, tmp_path: Path
) -> None:
    path = tmp_path / "appended.json"
    path.write_text(json.dumps(good_save) + "\n{}\n", encoding="utf-8")
    with pytest.raises(SaveError) as info:
        saves.load(model, path)
    assert "more data after the end of the save (line 2)" in info.value.message
    path.write_text(json.dumps(good_save, indent=1)[:-40], encoding="utf-8")
    with pytest.raises(SaveError, match="truncated"):
        saves.load(model, path)


def test_a_format1_save_that_cannot_be_upgraded_says_why(model: Model, tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"kind": "koorddanser-save", "format_version": 1}), "utf-8")
    with pytest.raises(SaveError) as info:
        saves.load(model, path)
    assert info.value.message == (
        "cannot upgrade from format 1: field 'history' must be a list of turns"
    )
    path.write_text(
        json.dumps({"kind": "koorddanser-save", "format_version": 1, "history": [1]}), "utf-8"
    )
    with pytest.raises(SaveError, match="'history' must be a list of turns"):
        saves.load(model, path)


@pytest.mark.parametrize("seed", [0, 2**63 - 1])
def test_the_bounds_of_a_seed_are_accepted(
    model: Model, scenario_id: str, tmp_path: Path, seed: int
) -> None:
    game = _play(model, scenario_id, seed, stop=0)
    path = saves.save(game, tmp_path / "edge.json")
    assert saves.load(model, path).game.seed == seed


# -- the save folder -------------------------------------------------------------------------


def test_a_listing_says_what_each_save_holds(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    game = _play(model, scenario_id, 4, stop=3)
    path = saves.save(game, tmp_path / "Mijn.JSON", saves.Owner("en", "3B", "Anna"))
    os.utime(path, (1_000_000, 1_000_000))
    newer = saves.save(_play(model, scenario_id, 4, stop=1), tmp_path / "b.json")
    os.utime(newer, (2_000_000, 2_000_000))
    twin = saves.save(_play(model, scenario_id, 4, stop=1), tmp_path / "a.json")
    os.utime(twin, (2_000_000, 2_000_000))
    (tmp_path / ".b.json.123.tmp").write_text("{", encoding="utf-8")
    listed = saves.list_saves(tmp_path)
    assert [i.path.name for i in listed] == ["a.json", "b.json", "Mijn.JSON"]
    info = listed[2]
    assert isinstance(info, saves.SaveInfo)
    assert (info.name, info.scenario, info.turn, info.ending) == ("Mijn", scenario_id, 3, None)
    assert (info.year, info.season) == game.year_season
    assert (info.student, info.class_code, info.modified) == ("Anna", "3B", 1_000_000)
    assert saves.list_saves(tmp_path / "nothing-here") == []


def test_leftovers_of_interrupted_saves_are_cleaned(tmp_path: Path) -> None:
    old = tmp_path / ".game.json.abc123.tmp"
    fresh = tmp_path / ".other.json.def456.tmp"
    lock = tmp_path / ".game.json.lock"
    for p in (old, fresh, lock):
        p.write_text("", encoding="utf-8")
    long_ago = 1_000_000
    os.utime(old, (long_ago, long_ago))
    keep = tmp_path / "game.json"
    keep.write_text("{}", encoding="utf-8")
    removed = saves.clean_leftovers(tmp_path)
    assert sorted(removed) == sorted([old, lock])
    assert fresh.exists() and keep.exists(), "a temp file being written now stays"
    assert saves.clean_leftovers(tmp_path / "none") == []


def test_a_held_slot_is_in_use_until_closed(tmp_path: Path) -> None:
    slot = saves.open_slot(tmp_path)
    assert saves.in_use(slot.path)
    lock = tmp_path / f".{slot.path.name}.lock"
    assert lock.exists()
    assert saves.clean_leftovers(tmp_path) == [], "a held lock is no leftover"
    slot.close()
    assert not saves.in_use(slot.path)
    assert not lock.exists()
    slot.close()  # twice is harmless
    assert not saves.in_use(tmp_path / "never.json")


@pytest.mark.parametrize(
    ("name", "says"),
    [
        (7, "a save name must be text"),
        ("  .json ", "a save name cannot be empty"),
        ("x" * (saves.MAX_NAME + 1), f"a save name is at most {saves.MAX_NAME} characters"),
        ("a\u200eb", "cannot contain NUL or other control characters"),  # Cf: a direction mark
        ("a\ud800b", "cannot contain NUL or other control characters"),  # Cs: a lone surrogate
        ("a\ue000b", "cannot contain NUL or other control characters"),  # Co: private use
        ("a\u0378b", "cannot contain NUL or other control characters"),  # Cn: unassigned
        ("a\u2028b", "cannot contain NUL or other control characters"),  # Zl
        ("a\u2029b", "cannot contain NUL or other control characters"),  # Zp
        ("a\x00b", "cannot contain NUL or other control characters"),  # Cc
        ("a/b", "cannot contain / or \\ (it must stay in the save folder)"),
        ("a\\b", "cannot contain / or \\"),
        ("a:b", "a save name cannot contain ':'"),
        ("a?b*", "a save name cannot contain '?'"),
        (".hidden", "a save name cannot start with a dot"),
        ("end.", "a save name cannot end with a dot"),
        ("Con.txt", "this name is reserved by Windows"),
        ("lpt1", "this name is reserved by Windows"),
        ("AutoSave.json", "'autosave' is kept for the automatic save"),
    ],
)
def test_a_save_name_that_cannot_be_one_says_why(name: object, says: str) -> None:
    with pytest.raises(SaveError) as info:
        saves.safe_name(name)  # type: ignore[arg-type]
    assert says in info.value.message
    assert info.value.path == repr(name)[:80], "the name is shown as given"


def test_a_good_save_name_is_tidied() -> None:
    assert saves.safe_name("  Mijn spel.JSON ") == "Mijn spel"
    assert saves.safe_name("Zoe\u0308") == "Zo\u00eb"
    assert saves.safe_name("x" * saves.MAX_NAME) == "x" * saves.MAX_NAME
    assert saves.safe_name("v1.2 final") == "v1.2 final"


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_slot_is_never_renamed_through_a_link_out_of_the_folder(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "saves", tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder.mkdir()
    (folder / "away.json").symlink_to(elsewhere / "x.json")
    with saves.open_slot(folder) as slot:
        with pytest.raises(SaveError) as info:
            slot.rename("away")
        assert info.value.message == "a save name must stay in the save folder"
        assert info.value.path == repr("away")
        assert slot.path.parent == folder
    assert not (elsewhere / "x.json").exists()


@pytest.mark.skipif(os.name != "posix", reason="file names as bytes need a POSIX file system")
def test_a_listing_names_a_save_whose_name_is_not_text(tmp_path: Path) -> None:
    with open(os.fsencode(tmp_path) + b"/caf\xe9.json", "wb") as f:
        f.write(b"{}")
    (listed,) = saves.list_saves(tmp_path)
    assert isinstance(listed, SaveError)
    assert listed.message == "skipped: the file name is not valid text; rename it"
    assert "caf" in str(listed)
