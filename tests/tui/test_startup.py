"""Start-up: an idle title does no more than show itself; the model loads after the first key."""

from __future__ import annotations

from pathlib import Path

from game.tui import KoorddanserApp
from game.tui.game_screen import GameScreen
from game.tui.title_screen import TitleScreen


async def test_an_idle_title_does_not_load_the_model(tmp_path: Path) -> None:
    app = KoorddanserApp(save_dir=tmp_path, seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, TitleScreen)
        assert app.model is None
        assert not [w for w in app.workers if w.name == "load-model"]


async def test_the_first_key_starts_the_load_and_enter_then_plays(tmp_path: Path) -> None:
    app = KoorddanserApp(save_dir=tmp_path, seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")  # moves in the menu; the load starts after that frame
        await pilot.pause()
        worker = app._model_worker
        assert worker is not None
        await worker.wait()
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.model is not None


async def test_a_save_folder_without_saves_is_not_read_with_the_saves_module(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[bool] = []
    monkeypatch.setattr(KoorddanserApp, "_saves", lambda self: asked.append(True))
    (tmp_path / "notes.txt").write_text("not a save")
    app = KoorddanserApp(save_dir=tmp_path, seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
    assert asked == []
    (tmp_path / "game.json").write_text("{}")
    app = KoorddanserApp(save_dir=tmp_path, seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
    assert asked  # a .json might be a save: the saves module decides


def test_reading_the_players_preferences_needs_no_numpy(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import argparse, sys; from game.commands.play import preferences; "
        "preferences(argparse.Namespace(lang=None, theme=None)); "
        "bad = [m for m in ('numpy', 'game.engine', 'game.content.loader') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    env = {"KOORDDANSER_CONFIG_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_second_start_reads_no_yaml_and_no_package_metadata(tmp_path: Path) -> None:
    """The command line and the title's strings come from the parsed cache once it is filled;
    the version is looked up only for --version."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from game.cli import build_parser; from game.tui.strings import read_strings; "
        "from game.tui.app import KoorddanserApp; "
        "build_parser('nl').parse_args(['play']); read_strings(); "
        "KoorddanserApp(save_dir=None).resolved_save_dir(); "
        "bad = [m for m in ('yaml', 'importlib.metadata', 'game.saves.best_person', 'numpy', 'secrets')"
        " if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    env = dict(os.environ, KOORDDANSER_CACHE_DIR=str(tmp_path / "cache"))
    for _first_then_second in range(2):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
        )
    assert done.returncode == 0, done.stdout + done.stderr
    stored = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert stored == ["ui-cli.json", "ui-strings.json"]


def test_remembering_a_preference_needs_neither_numpy_nor_the_saves_module(tmp_path: Path) -> None:
    """`play --lang en` and the title's language key write the settings file atomically,
    without loading the engine for it."""
    import json
    import subprocess
    import sys

    code = (
        "import sys; from game.saves import settings; "
        "settings.update(None, lang='en', theme='koorddanser-light'); "
        "bad = [m for m in ('numpy', 'game.saves.best_person', 'game.engine') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    env = {"KOORDDANSER_CONFIG_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    written = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert written["lang"] == "en" and written["theme"] == "koorddanser-light"
