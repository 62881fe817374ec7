"""Issue 10.1: a new game never takes the file of a game in progress (class code or not)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hostile_helpers import played

from game.classroom import classcode
from game.engine import Game
from game.engine.model import Model
from game.plain import best_person as plain
from game.saves import best_person as saves


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_plain_new_game_with_the_same_class_code_keeps_the_first(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    code = classcode.make(model.scenarios[scenario_id], 1420)
    sid, seed = classcode.parse(code, model.scenarios)
    first = Game(model, model.scenarios[sid], seed)
    out = io.StringIO()
    lines = io.StringIO("Anna de Vries\n" + "1\n" * 6 + "q\n")
    assert plain.play(model, first, "nl", tmp_path, code, lines, out) == 0
    assert first.turn == 6
    # The same class code again (the app's Enter or a second `play --plain`): a new slot.
    second = Game(model, model.scenarios[sid], seed)
    lines = io.StringIO("Anna de Vries\n" + "2\n" * 3 + "q\n")
    assert plain.play(model, second, "nl", tmp_path, code, lines, io.StringIO()) == 0
    stem = f"{code}-anna-de-vries"
    assert visible(tmp_path) == [f"{stem}-2.json", f"{stem}.json"]
    assert saves.load(model, tmp_path / f"{stem}.json").game.choices == first.choices
    assert saves.load(model, tmp_path / f"{stem}-2.json").game.choices == second.choices


def test_play_plain_twice_from_the_command_line_keeps_both(
    model: Model, scenario_id: str, tmp_path: Path, monkeypatch, cli  # type: ignore[no-untyped-def]
) -> None:
    code = classcode.make(model.scenarios[scenario_id], 1420)
    for answers in ("1\n" * 6, "2\n" * 2):
        monkeypatch.setattr("sys.stdin", io.StringIO(answers))
        args = ["play", "--plain", "--class-code", code, "--name", "Bo", "--save-dir"]
        assert cli(*args, str(tmp_path))[0] == 0
    files = visible(tmp_path)
    assert files == [f"{code}-bo-2.json", f"{code}-bo.json"]
    turns = [json.loads((tmp_path / f).read_text(encoding="utf-8"))["snapshot"]["turn"] for f in files]
    assert sorted(turns) == [2, 6]


async def test_app_enter_on_the_title_continues_and_a_new_game_gets_its_own_file(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    from tui_helpers import play_turn

    from game.tui import KoorddanserApp
    from game.tui.game_screen import GameScreen
    from game.tui.title_screen import TitleScreen

    code = classcode.make(model.scenarios[scenario_id], 1420)
    folder = tmp_path / "saves"

    def app() -> KoorddanserApp:
        a = KoorddanserApp(
            save_dir=folder, model=model, class_code=code, student="Anna", scenario=scenario_id,
            seed=1420,
        )
        a.cursor_blink = False
        return a

    first = app()
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        for _ in range(6):
            await play_turn(pilot)
        six = list(first.game.choices)
        await pilot.press("escape")
        assert isinstance(first.screen, TitleScreen)
        await pilot.pause()
        await pilot.press("enter")  # "continue" is the default with a game in progress
        await pilot.pause(0.2)
        assert isinstance(first.screen, GameScreen) and first.game.choices == six
        await pilot.press("q")
    second = app()
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert second.game is not None and second.game.choices == six  # continued, not lost
        await second.new_game(scenario_id, 1420, class_code=code, from_dialog=True, student="Anna")
        await play_turn(pilot)
        await second.saved()
        await pilot.press("q")
    assert visible(folder) == [f"{code}-anna-2.json", f"{code}-anna.json"]
    assert saves.load(model, folder / f"{code}-anna.json").game.choices == six
    assert saves.load(model, folder / f"{code}-anna-2.json").game.turn == 1


def test_save_as_names_the_slot_that_keeps_being_written(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    game = played(model, scenario_id, 5, 3)
    slot = saves.open_slot(tmp_path, "CULT-0005", "Anna")
    slot.write(game)
    named = slot.rename("Anna de Vries")
    assert visible(tmp_path) == ["Anna de Vries.json"]  # the slot moved; no frozen copy
    game.choose(next(i for i, ok in enumerate(game.open_choices()) if ok) if game.event else 0)
    slot.write(game)
    assert saves.load(model, named).game.turn == 4
    # Another game cannot take that name while it exists.
    other = saves.open_slot(tmp_path)
    try:
        import pytest

        with pytest.raises(saves.SaveError, match="exists already"):
            other.rename("Anna de Vries")
    finally:
        other.close()
        slot.close()
