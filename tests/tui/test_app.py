"""Pilot tests: the app played by keys at 80x24, as a student or a civil servant would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandPalette
from tui_helpers import first_open, play_to_debrief, play_turn

from game.classroom import classcode
from game.engine.model import Model
from game.saves import best_person as saves
from game.tui import KoorddanserApp
from game.tui.credits_screen import CreditsScreen
from game.tui.debrief_screen import DebriefScreen
from game.tui.event_card import EventCard
from game.tui.game_screen import GameScreen
from game.tui.help_screen import HelpScreen
from game.tui.load_screen import LoadScreen
from game.tui.log_screen import LogScreen
from game.tui.new_game_screen import NewGameScreen
from game.tui.title_screen import TitleScreen
from game.tui.why_panel import WhyPanel


def screen_text(app: KoorddanserApp) -> str:
    """What the terminal shows, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_a_whole_decade_by_keys_reaches_the_debrief(
    make_app, model: Model, tmp_path: Path, lang: str
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen)
        turns = await play_to_debrief(pilot)
        assert isinstance(app.screen, DebriefScreen)
        game = app.game
        assert game.finished and turns == len(game.records)
        text = screen_text(app)
        assert game.ending.title[lang] in text
        # The debrief scrolls down to its questions.
        for _ in range(12):
            await pilot.press("pagedown")
        text = screen_text(app)
        assert game.ending.questions[0][lang][:30] in text
        other = "en" if lang == "nl" else "nl"
        assert game.ending.questions[0][other][:30] not in text
    # The finished game was autosaved and is not offered to "continue".
    info = [i for i in saves.list_saves(tmp_path / "saves") if isinstance(i, saves.SaveInfo)]
    assert info and info[0].ending == game.ending.id
    assert saves.last_game(tmp_path / "saves") is None


async def test_title_enter_starts_with_defaults_and_shows_the_first_event(make_app) -> None:
    app = make_app(seed=11)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert app.game is not None and app.game.seed == 11 and app.game.turn == 0
        text = screen_text(app)
        assert app.game.event.title["nl"] in text
        assert "Energie" in text and "2010" in text and "2020" in text
        for i, choice in enumerate(app.game.event.choices):
            assert f"{i + 1} {choice.label['nl'][:20]}" in text


async def test_the_why_panel_names_the_research(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", str(first_open(app)))
        screen = app.screen
        assert isinstance(screen, GameScreen) and screen.phase == "outcome"
        why = app.screen.query_one(WhyPanel)
        assert why.display and not app.screen.query_one(EventCard).display
        record = app.game.records[-1]
        assert "Waarom je meters bewogen" in why.plain
        assert "Je keuze zelf" in why.plain
        arrows = [
            c
            for c in record.why
            if c.arrow is not None and any(abs(v) >= 0.5 for v in c.deltas.values())
        ]
        # Folded: only the causes that moved a meter by 2 or more; the key a shows them all.
        big = [c for c in arrows if max(abs(v) for v in c.deltas.values()) >= 2]
        for change in big:
            assert f"Pijl {change.arrow}" in why.plain
        assert "essay r." in why.plain
        small = [c for c in arrows if c not in big]
        assert small and "kleinere oorzaken" in why.plain
        assert not all(f"Pijl {c.arrow}" in why.plain for c in small)
        await pilot.press("a")
        for change in arrows:
            assert f"Pijl {change.arrow}" in why.plain
        assert "kleinere oorzaken" not in why.plain
        await pilot.press("a")
        assert "kleinere oorzaken" in why.plain
        await pilot.press("enter")
        assert screen.phase == "choose" and app.game.turn == 1


async def test_switching_language_mid_game_rerenders_everything(make_app) -> None:
    app = make_app(lang="nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_turn(pilot)
        event = app.game.event
        await pilot.press("t")
        assert app.lang == "en"
        text = screen_text(app)
        assert event.title["en"] in text and event.title["nl"] not in text
        assert "Energy" in text and "Energie" not in text
        assert "quit" in text and "stop" not in text  # the footer too
        # In the outcome, the why panel follows as well.
        await pilot.press(str(first_open(app)))
        why = app.screen.query_one(WhyPanel)
        assert "Why your meters moved" in why.plain
        await pilot.press("t")
        assert "Waarom je meters bewogen" in why.plain
        assert "Energie" in screen_text(app)


async def test_hints_show_the_direction_of_each_choice(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert app.hints is False
        assert "↑" not in screen_text(app) and "↓" not in screen_text(app)
        await pilot.press("h")
        assert app.hints is True
        card = app.screen.query_one(EventCard)
        assert "↑" in card.plain or "↓" in card.plain
        await pilot.press("h")
        assert app.hints is False


async def test_help_credits_log_and_the_palette(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Toetsen" in text and "Schema 1" in text
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("i")
        assert isinstance(app.screen, CreditsScreen)
        assert "Van Hulst" in screen_text(app) or "van Hulst" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("enter")
        await play_turn(pilot)
        await pilot.press("l")
        assert isinstance(app.screen, LogScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(app)
        await pilot.press(*"hints", "enter")
        await pilot.pause()
        assert app.hints is True
        assert isinstance(app.screen, GameScreen)
        await pilot.press("ctrl+p")
        await pilot.press(*"english", "enter")
        await pilot.pause()
        assert app.lang == "en"


async def test_resizing_keeps_everything_on_screen(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_turn(pilot)
        for size in ((120, 40), (100, 30), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            text = screen_text(app)
            assert app.game.event.title["nl"][:20] in text
            assert "Opvolging" in text  # the last meter still shows
            assert "stop" in text  # and the footer


async def test_quit_saves_and_c_continues(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_turn(pilot)
        await play_turn(pilot)
        choices = list(app.game.choices)
        await pilot.press("q")
    assert app.return_code == 0
    again = make_app(seed=None)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, GameScreen)
        assert again.game.choices == choices and again.game.turn == 2


async def test_escape_to_title_then_load_a_save(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_turn(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)
        assert "c = verder" in screen_text(app)
        await pilot.press("l")
        await pilot.pause(0.2)
        assert isinstance(app.screen, LoadScreen)
        await pilot.pause(0.2)
        assert "Laatste spel (automatisch bewaard)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, GameScreen) and app.game.turn == 1


async def test_new_game_dialog_takes_a_class_code(make_app, model: Model) -> None:
    sid = sorted(model.scenarios)[-1]
    code = classcode.make(model.scenarios[sid], 42)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        await pilot.press("tab", "tab")  # scenario list -> language -> code field
        await pilot.press("ctrl+a", "ctrl+k", *"nonsense", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)  # refused, with a message
        assert "klascode" in screen_text(app).lower()
        await pilot.press("ctrl+a", "ctrl+k", *code.lower(), "enter")
        await pilot.pause(0.2)
        # A class game asks whose game it is: the name field has the focus now.
        assert isinstance(app.screen, NewGameScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)  # an empty name is refused
        await pilot.press(*"Anna de Vries", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, GameScreen)
        assert app.game.scenario.id == sid and app.game.seed == 42 and app.class_code == code
        assert app.student == "Anna de Vries"
        await app.saved()
        saved = app.save_dir / f"{code}-anna-de-vries.json"
        assert json.loads(saved.read_text(encoding="utf-8"))["student"] == "Anna de Vries"


async def test_a_choice_can_be_clicked(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        n = first_open(app)
        card = app.screen.query_one(EventCard)
        line = next(y for y in range(200) if card._choice_at(y) == n - 1)
        await pilot.click(card, offset=(4, line))
        await pilot.pause()
        assert app.game.turn == 1 and app.game.choices == [n - 1]


async def test_no_color_and_high_contrast_still_play(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "koorddanser-contrast"
        await pilot.press("enter")
        await play_turn(pilot)
        await pilot.press(str(first_open(app)))
        text = screen_text(app)
        assert "▲" in text or "▼" in text  # the direction never depends on colour alone
        assert "+" in text or "−" in text


async def test_the_palette_offers_the_commands_in_both_languages(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        titles = [title for title, _help, _cb in app.palette_commands(app.screen)]
        for wanted in (
            "Nieuw spel",
            "Bewaren als…",
            "Spel laden…",
            "Language: English",
            "Thema…",
            "Hulp",
        ):
            assert wanted in titles
        assert any(t.startswith("Hints") for t in titles)
        app.lang = "en"
        titles = [title for title, _help, _cb in app.palette_commands(app.screen)]
        assert "New game" in titles and "Theme…" in titles and "Taal: Nederlands" in titles


async def test_save_as_writes_a_named_save(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_turn(pilot)
        app.action_save()
        await pilot.pause()
        await pilot.press(*"klas 3b", "enter")
        await pilot.pause(0.3)
    names = {i.name for i in saves.list_saves(tmp_path / "saves") if isinstance(i, saves.SaveInfo)}
    assert "klas 3b" in names or "klas-3b" in names or any("3b" in n for n in names)


async def test_the_title_appears_before_the_model_is_loaded(tmp_path: Path) -> None:
    app = KoorddanserApp(save_dir=tmp_path, seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        assert "K O O R D D A N S E R" in screen_text(app)
        await pilot.press("enter")  # waits for the model, then plays
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.model is not None


async def test_broken_content_ends_the_app_with_its_problems(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from game.content import ContentInvalid
    from game.content.yamlsafe import ContentError
    from game.tui import app as tui_app

    def broken() -> None:
        raise ContentInvalid([ContentError("events/x.yaml", 3, "missing source")])

    monkeypatch.setattr(tui_app, "_load_model", broken)
    app = KoorddanserApp(save_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.2)
    assert app.return_code == 1
