"""Issue 10.4, 10.6: outputs only replace regular files; inputs that are not files are
refused before reading; limits and failures are said in words with honest exit codes."""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest

from game.engine import Game
from game.engine.model import Model
from game.plain import best_person as plain
from game.saves import best_person as saves

posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX")


@posix
@pytest.mark.parametrize("target", ["/dev/null", "/dev/full", "/dev/stdout", "fifo", "dir", "ro"])
def test_outputs_refuse_anything_but_a_regular_writable_file(
    tmp_path: Path, write_save, cli, target: str  # type: ignore[no-untyped-def]
) -> None:
    save = write_save(tmp_path / "s.json")
    if target == "fifo":
        target = str(tmp_path / "fifo")
        os.mkfifo(target)
    elif target == "dir":
        target = str(tmp_path)
    elif target == "ro":
        target = str(tmp_path / "ro.html")
        Path(target).write_text("keep", encoding="utf-8")
        os.chmod(target, 0o444)
    before = os.stat(target, follow_symlinks=True) if os.path.exists(target) else None
    code, out, err = cli("report", str(save), "-o", target)
    assert code == 2 and len(err.strip().splitlines()) == 1 and out == ""
    code, _, err = cli("class", str(tmp_path), "--html", target, "--baseline-runs", "20")
    assert code == 2 and len(err.strip().splitlines()) == 1
    if before is not None:  # untouched: same kind of file, same inode
        after = os.stat(target)
        assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
        assert after.st_ino == before.st_ino
    if target.endswith("ro.html"):
        assert Path(target).read_text(encoding="utf-8") == "keep"


def test_dash_writes_to_standard_output(tmp_path: Path, write_save, cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("report", str(write_save(tmp_path / "s.json")), "-o", "-")
    assert code == 0 and out.startswith("# ")
    code, out, _ = cli("class", str(tmp_path), "--html", "-", "--baseline-runs", "20")
    assert code == 0 and out.startswith("<!doctype html>")


@posix
@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_inputs_that_are_not_files_are_refused_before_reading(
    tmp_path: Path, model: Model, cli, source: str  # type: ignore[no-untyped-def]
) -> None:
    if source == "fifo":
        source = str(tmp_path / "in.json")
        os.mkfifo(source)  # nobody writes: reading it would wait forever
    started = time.monotonic()
    assert cli("validate", source)[0] == 1
    assert cli("saves", "check", source)[0] == 1
    with pytest.raises(saves.SaveError, match="not a regular file"):
        saves.load(model, source)
    assert time.monotonic() - started < 10


def test_more_data_after_a_save_is_not_called_truncated(tmp_path: Path, write_save) -> None:  # type: ignore[no-untyped-def]
    path = write_save(tmp_path / "s.json")
    path.write_bytes(path.read_bytes() + b'{"more": 1}')
    with pytest.raises(saves.SaveError, match="more data after the end"):
        saves._read(path)


@pytest.mark.parametrize("argv", [["simulate", "--scenario", "x", "--seed", "1", "--runs"],
                                  ["class", ".", "--baseline-runs"], ["balance", "--runs"]])
def test_run_counts_beyond_memory_are_refused_in_words(cli, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(*argv, "10000000000")
    assert code == 2 and "GB of memory" in err and "use at most" in err and out == ""


def test_temp_files_of_interrupted_saves_are_cleaned_at_start(tmp_path: Path) -> None:
    old = tmp_path / ".autosave.json.k1ll3d.tmp"
    fresh = tmp_path / ".other.json.wr1t1ng.tmp"
    old.write_bytes(b"{half a sa")
    fresh.write_bytes(b"{half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    saves.open_slot(tmp_path).close()
    assert not old.exists() and fresh.exists()  # a temp file being written right now stays


def test_plain_mode_exits_non_zero_and_says_so_when_saving_failed(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the save folder should be", encoding="utf-8")
    out = io.StringIO()
    game = Game(model, model.scenarios[scenario_id], 3)
    assert plain.play(model, game, "en", blocked, None, io.StringIO("1\n1\nq\n"), out) == 1
    text = out.getvalue()
    assert "Saving failed" in text and "NOT saved" in text and "Game saved" not in text


async def test_continue_works_in_the_app(model: Model, scenario_id: str, tmp_path: Path) -> None:
    from hostile_helpers import played

    from game.tui import KoorddanserApp
    from game.tui.game_screen import GameScreen

    saves.save(played(model, scenario_id, 9, 4), tmp_path / "autosave.json")
    app = KoorddanserApp(save_dir=tmp_path, model=model, resume=True)
    app.cursor_blink = False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, GameScreen) and app.game.turn == 4


async def test_a_small_window_asks_to_be_made_larger(model: Model) -> None:
    from game.tui import KoorddanserApp
    from game.tui.too_small_screen import TooSmallScreen

    app = KoorddanserApp(model=model, lang="en")
    app.cursor_blink = False
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        shown = str(app.screen.query_one("#too-small").render())
        assert "at least 80×24" in shown and "40×12" in shown
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        app.lang = "nl"
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert "minstens 80×24" in str(app.screen.query_one("#too-small").render())
