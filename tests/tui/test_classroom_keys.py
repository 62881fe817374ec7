"""Pilot tests for the classroom keys: export (e) and "what if" (w) from the debrief, undo (u) in a game."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import first_open, play_to_debrief, play_turn

from game.classroom import classcode
from game.engine.model import Model
from game.saves import best_person as saves
from game.tui import KoorddanserApp
from game.tui.debrief_screen import DebriefScreen
from game.tui.export_screen import ExportScreen
from game.tui.game_screen import GameScreen
from game.tui.whatif_screen import COMPARE, WhatIfScreen
from game.tui.wrapped_text import WrappedText


def screen_text(app: KoorddanserApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def notes(app: KoorddanserApp) -> list[tuple[str, str]]:
    """The notifications shown so far: (severity, message)."""
    return [(n.severity, n.message) for n in app._notifications]


async def wait_for(pilot, condition, tries: int = 50) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


def autosaved_choices(tmp_path: Path, name: str = "autosave.json") -> list[int]:
    return json.loads((tmp_path / "saves" / name).read_text(encoding="utf-8"))["choices"]


# --- export ----------------------------------------------------------------------------------


async def test_e_exports_the_finished_game_and_its_debrief(
    make_app, model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_to_debrief(pilot)
        game = app.game
        assert "e export" in screen_text(app).splitlines()[-1]
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / f"koorddanser-{game.scenario.id}-{game.seed}.json"
        assert app.screen.query_one(Input).value == str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))
        shown = " ".join(message for _severity, message in notes(app))
        assert str(target) in shown and str(target.with_suffix(".html")) in shown
    loaded = saves.load(model, target)
    assert loaded.game.finished and loaded.game.choices == game.choices
    assert loaded.game.ending.id == game.ending.id
    page = target.with_suffix(".html").read_text(encoding="utf-8")
    assert "<svg" in page and game.ending.title["nl"] in page


async def test_export_uses_the_class_code_in_the_default_name(
    make_app, model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sid = sorted(model.scenarios)[1]
    code = classcode.make(model.scenarios[sid], 42)
    app = make_app(scenario=sid, seed=42, class_code=code, student="Anna de Vries")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_to_debrief(pilot)
        app.run_worker(app.run_action("export"))  # the palette's way in
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert app.screen.query_one(Input).value == str(tmp_path / f"{code}-anna-de-vries.json")


async def test_export_to_a_missing_folder_or_a_blocked_file_only_notifies(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        # An unfinished game has no debrief, and e does nothing in the game.
        await play_turn(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        app.action_export()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert not any("Export" in title for title, _h, _cb in app.palette_commands(app.screen))
        await play_to_debrief(pilot)
        assert any("Export" in title for title, _h, _cb in app.palette_commands(app.screen))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        missing = tmp_path / "no-such-folder" / "anna.json"
        app.screen.query_one(Input).value = str(missing)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ExportScreen)  # still open, to try another path
        assert any(sev == "error" and "no such folder" in msg for sev, msg in notes(app))
        assert not missing.parent.exists()
        # The debrief's file is taken by a folder: the save is written, the page refused.
        (tmp_path / "anna.html").mkdir()
        app.screen.query_one(Input).value = str(tmp_path / "anna.json")
        await pilot.press("enter")
        await wait_for(pilot, lambda: sum(sev == "error" for sev, _m in notes(app)) == 2)
        assert isinstance(app.screen, ExportScreen)
        errors = [msg for sev, msg in notes(app) if sev == "error"]
        assert "anna.html" in errors[-1] and "\n" not in errors[-1]
        await pilot.press("escape")
        assert isinstance(app.screen, DebriefScreen)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anna.html", "anna.json", "saves"]


# --- undo ------------------------------------------------------------------------------------


async def test_u_undoes_the_last_choice_and_the_autosave_follows(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert app.undo_allowed is True
        assert " u " not in screen_text(app).splitlines()[-1]  # nothing to undo yet
        for _ in range(3):
            await play_turn(pilot)
        await app.saved()
        assert app.game.turn == 3 and all(c != -1 for c in app.game.choices)
        before = list(app.game.choices)
        assert autosaved_choices(tmp_path) == before
        assert "u terug" in screen_text(app).splitlines()[-1]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.screen.phase == "choose"
        assert app.game.turn == 2 and app.game.choices == before[:-1]
        assert app.game.event is not None
        await app.saved()
        assert autosaved_choices(tmp_path) == before[:-1]
        # Right after a choice, in its outcome, u takes that choice back.
        await pilot.press(str(first_open(app)))
        assert app.screen.phase == "outcome" and app.game.turn == 3
        await pilot.press("u")
        await pilot.pause()
        assert app.game.turn == 2 and app.screen.phase == "choose"
        # The only autosave was overwritten: no kept copy of "another" game.
        await app.saved()
        shown = [p.name for p in (tmp_path / "saves").iterdir() if not p.name.startswith(".")]
        assert shown == ["autosave.json"]  # hidden: the lock files of the running game
        assert autosaved_choices(tmp_path) == before[:-1]


async def test_undo_can_be_switched_off_in_the_palette(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_turn(pilot)
        titles = [title for title, _h, _cb in app.palette_commands(app.screen)]
        assert "Terugdraaien: aan" in titles and "Laatste keuze terugdraaien" in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"terugdraaien: aan", "enter")
        await pilot.pause()
        assert app.undo_allowed is False
        assert "u terug" not in screen_text(app).splitlines()[-1]
        await pilot.press("u")
        await pilot.pause()
        assert app.game.turn == 1
        assert any("staat uit" in msg for _sev, msg in notes(app))
        app.action_toggle_undo()
        await pilot.pause()
        assert app.undo_allowed is True and "u terug" in screen_text(app).splitlines()[-1]


async def test_with_a_class_code_u_only_tells_why_not(
    make_app, model: Model, tmp_path: Path
) -> None:
    sid = sorted(model.scenarios)[0]
    code = classcode.make(model.scenarios[sid], 42)
    app = make_app(scenario=sid, seed=42, class_code=code, student="Anna de Vries")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.undo_allowed is False
        await pilot.press("enter")
        await play_turn(pilot)
        await play_turn(pilot)
        await app.saved()
        choices = list(app.game.choices)
        assert "u terug" not in screen_text(app).splitlines()[-1]
        await pilot.press("u")
        await pilot.pause()
        assert app.game.turn == 2 and app.game.choices == choices
        assert any("klasspel" in msg for _sev, msg in notes(app))
        app.action_toggle_undo()  # the setting cannot overrule the class code
        app.undo_allowed = True
        await pilot.pause()
        assert app.undo_allowed is False
        assert "Terugdraaien: uit" in [title for title, _h, _cb in app.palette_commands(app.screen)]
        await app.run_action("undo")
        assert app.game.choices == choices
        assert autosaved_choices(tmp_path, f"{code}-anna-de-vries.json") == choices


async def test_a_practice_game_after_a_class_game_may_undo_again(make_app, model: Model) -> None:
    sid = sorted(model.scenarios)[0]
    app = make_app(class_code=classcode.make(model.scenarios[sid], 42), scenario=sid, seed=42, student="Anna")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.undo_allowed is False
        await app.new_game(sid, 5, class_code=None, from_dialog=True)
        await pilot.pause()
        assert app.class_code is None and app.undo_allowed is True


# --- what if ---------------------------------------------------------------------------------


def a_turn_to_change(app: KoorddanserApp) -> tuple[int, int]:
    """(turn, choice), 1-based: a turn with an event and an open choice the player did not take."""
    from game.tui.whatif_screen import _game_before

    game = app.game
    for i, record in enumerate(game.records):
        if record.event is None:
            continue
        opens = _game_before(app.model, game, i).open_choices()
        for c, ok in enumerate(opens):
            if ok and c != record.choice:
                return i + 1, c + 1
    raise AssertionError("no turn to change")


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_w_compares_the_decade_with_one_other_choice(
    make_app, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_to_debrief(pilot)
        game = app.game
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhatIfScreen)
        n = len(game.records)
        assert f"(1–{n})" in screen_text(app)
        await pilot.press("9", "9", "enter")
        await pilot.pause()
        assert f"1 {'tot' if lang == 'nl' else 'to'} {n}" in screen_text(app)
        turn, choice = a_turn_to_change(app)
        screen.query_one(Input).value = str(turn)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.step == "choose")
        text = screen_text(app)
        record = game.records[turn - 1]
        event = app.model.events[app.model.event_index(record.event)]
        assert event.title[lang] in text
        assert ("← jouw keuze" if lang == "nl" else "← your choice") in text
        await pilot.press(str(record.choice + 1))  # what was chosen: refused, with a message
        await pilot.pause()
        assert screen.step == "choose"
        await pilot.press(str(choice))
        await wait_for(pilot, lambda: screen.step == COMPARE)
        await pilot.pause()
        other = screen.result.game
        body = screen.query_one("#whatif-text", WrappedText).plain
        assert game.ending.title[lang] in body and other.ending.title[lang] in body
        assert "A=B" in body and f">{app.t(f'season.short.{record.season}')} {record.year}" in body
        assert str(turn) in screen_text(app).splitlines()[1]  # the title names the turn
        # The end of the comparison fits the 80x24 dialog: endings and meters are reachable.
        for _ in range(10):
            await pilot.press("pagedown")
        text = screen_text(app)
        lines = text.splitlines()
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert app.text(app.model.meters[-1].label) in text
        assert "╰" in lines[-2]  # the dialog ends above the key bar
        await pilot.press("backspace")
        assert screen.step == "turn"
        await pilot.press("escape")
        assert isinstance(app.screen, DebriefScreen)
