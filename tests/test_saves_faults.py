"""Fault injection: a save killed midway, a failing rename, a full disk — nothing is lost."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from game.engine import Game
from game.engine.model import Model
from game.saves import best_person as saves
from game.saves.best_person import SaveError

ROOT = Path(__file__).resolve().parent.parent
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")


@pytest.fixture(autouse=True)
def _no_real_save_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOORDDANSER_SAVE_DIR", str(tmp_path / "default-saves"))


def played(model: Model, scenario: str, seed: int, turns: int) -> Game:
    game = Game(model, model.scenarios[scenario], seed)
    rnd = random.Random(seed)
    while not game.finished and game.turn < turns:
        game.choose(rnd.choice([i for i, ok in enumerate(game.open_choices()) if ok] or [0]))
    return game


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Model]:
    """A private copy of the content for tests that cross into a child process.

    Parent and child must replay with the same rules even while someone edits content/.
    """
    from game.content import loader, paths

    root = tmp_path_factory.mktemp("frozen")
    c = Path(shutil.copytree(paths.content_dir(), root / "content"))
    s = Path(shutil.copytree(paths.scenarios_dir(), root / "scenarios"))
    saved = loader.content_dir, loader.scenarios_dir
    loader.content_dir, loader.scenarios_dir = (lambda: c), (lambda: s)
    try:
        model = loader.load_model()
    finally:
        loader.content_dir, loader.scenarios_dir = saved
    return c, s, model


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- in-process failures ------------------------------------------------------------------------


def test_failing_rename_keeps_the_old_save(
    model: Model, scenario_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = played(model, scenario_id, 1, 3)
    path = saves.save(old, tmp_path / "slot.json")
    before = path.read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(saves.os, "replace", refuse)
    with pytest.raises(SaveError) as err:
        saves.save(played(model, scenario_id, 2, 5), path)
    monkeypatch.undo()
    assert "no permission" in err.value.message and "previous save is kept" in err.value.message
    assert path.read_bytes() == before and leftovers(tmp_path) == []
    assert saves.load(model, path).game.choices == old.choices


@pytest.mark.parametrize("code", [errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)])
def test_full_disk_keeps_the_old_save(
    model: Model, scenario_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    old = played(model, scenario_id, 1, 3)
    path = saves.autosave(old, tmp_path)
    before = path.read_bytes()
    real = saves._write_all

    def full(fd: int, data: bytes) -> None:
        real(fd, data[:1000])  # part of it fits, then the disk is full
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(saves, "_write_all", full)
    old.choose(next(i for i, ok in enumerate(old.open_choices()) if ok) if old.event else 0)
    with pytest.raises(SaveError) as err:
        saves.autosave(old, tmp_path)
    assert str(err.value) == f"{path}: could not save: the disk is full (the previous save is kept)"
    assert path.read_bytes() == before and leftovers(tmp_path) == []
    # A first save that fails says nothing was written, and leaves nothing behind.
    with pytest.raises(SaveError, match="nothing was written"):
        saves.save(old, tmp_path / "new.json")
    assert not (tmp_path / "new.json").exists() and leftovers(tmp_path) == []


def test_failing_fsync_keeps_the_old_save(
    model: Model, scenario_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saves.save(played(model, scenario_id, 1, 3), tmp_path / "s.json")
    before = path.read_bytes()

    def eio(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(saves.os, "fsync", eio)
    with pytest.raises(SaveError, match="Input/output error"):
        saves.save(played(model, scenario_id, 1, 6), path)
    monkeypatch.undo()
    assert path.read_bytes() == before and leftovers(tmp_path) == []


def test_interrupt_during_a_save_leaves_no_temp_file(
    model: Model, scenario_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saves.save(played(model, scenario_id, 1, 3), tmp_path / "s.json")
    before = path.read_bytes()

    def ctrl_c(fd: int, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(saves, "_write_all", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        saves.save(played(model, scenario_id, 1, 6), path)
    assert path.read_bytes() == before and leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_is_a_clear_error(model: Model, scenario_id: str, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(SaveError, match="no permission"):
            saves.save(played(model, scenario_id, 1, 1), folder / "s.json")
    finally:
        folder.chmod(0o700)


def test_save_onto_a_folder_is_refused(model: Model, scenario_id: str, tmp_path: Path) -> None:
    (tmp_path / "s.json").mkdir()
    with pytest.raises(SaveError, match="is a folder"):
        saves.save(played(model, scenario_id, 1, 1), tmp_path / "s.json")


# --- killed processes ---------------------------------------------------------------------------

CHILD_PRELUDE = """
import os, random, sys, time
from pathlib import Path
from game.saves import best_person as saves
from game.content import load_model, loader
from game.engine import Game

loader.content_dir = lambda: Path(sys.argv[2])
loader.scenarios_dir = lambda: Path(sys.argv[3])
model = load_model()
scenario = model.scenarios[sorted(model.scenarios)[0]]
path = Path(sys.argv[1])

def played(seed, turns):
    game = Game(model, scenario, seed)
    rnd = random.Random(seed)
    while not game.finished and game.turn < turns:
        game.choose(rnd.choice([i for i, ok in enumerate(game.open_choices()) if ok] or [0]))
    return game
"""


def _child(code: str, path: Path, frozen: tuple[Path, Path, Model]) -> subprocess.Popen[str]:
    script = CHILD_PRELUDE + textwrap.dedent(code)
    return subprocess.Popen(
        [sys.executable, "-c", script, str(path), str(frozen[0]), str(frozen[1])],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _wait_for(proc: subprocess.Popen[str], word: str) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"child ended before {word!r} (code {proc.wait()})")
        if line.startswith(word):
            return line.strip()
    raise AssertionError(f"no {word!r} from the child")


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.stdout is not None:
        proc.stdout.close()


@posix_only
def test_killed_halfway_through_writing(frozen: tuple[Path, Path, Model], tmp_path: Path) -> None:
    """SIGKILL while half the new save is on disk: the old save loads, whole."""
    model = frozen[2]
    scenario_id = sorted(model.scenarios)[0]
    path = tmp_path / "slot.json"
    proc = _child(
        """
        saves.save(played(1, 3), path)
        real = saves._write_all
        def slow(fd, data):
            real(fd, data[: len(data) // 2])
            os.fsync(fd)
            print("HALF", flush=True)
            time.sleep(60)
        saves._write_all = slow
        saves.save(played(2, 9), path)
        """,
        path,
        frozen,
    )
    try:
        _wait_for(proc, "HALF")
    finally:
        _kill(proc)
    assert len(leftovers(tmp_path)) == 1  # the dead save's temp file: hidden, harmless
    assert [i.name for i in saves.list_saves(tmp_path)] == ["slot"]
    assert saves.load(model, path).game.choices == played(model, scenario_id, 1, 3).choices
    assert saves.check(model, path) == []
    newer = played(model, scenario_id, 3, 5)
    saves.save(newer, path)
    assert saves.load(model, path).game.choices == newer.choices


@posix_only
def test_killed_at_random_moments_while_saving(
    frozen: tuple[Path, Path, Model], tmp_path: Path
) -> None:
    """A process saving two games in turn, looked at (stopped) at random moments and then
    killed: the file is always one of the two games, whole."""
    model = frozen[2]
    scenario_id = sorted(model.scenarios)[0]
    path = tmp_path / "slot.json"
    a, b = played(model, scenario_id, 1, 4), played(model, scenario_id, 2, 12)
    proc = _child(
        """
        games = [played(1, 4), played(2, 12)]
        saves.save(games[0], path)
        print("GO", flush=True)
        i = 1
        while True:
            saves.save(games[i % 2], path)
            i += 1
        """,
        path,
        frozen,
    )
    rnd = random.Random(0)
    seen = set()
    try:
        _wait_for(proc, "GO")
        for _ in range(25):  # stop the world at random points, look, let it go on
            time.sleep(rnd.uniform(0.001, 0.03))
            os.kill(proc.pid, signal.SIGSTOP)
            try:
                choices = saves.load(model, path).game.choices
            finally:
                os.kill(proc.pid, signal.SIGCONT)
            assert choices in (a.choices, b.choices)
            seen.add(len(choices))
        time.sleep(rnd.uniform(0.001, 0.03))
    finally:
        _kill(proc)
    assert saves.load(model, path).game.choices in (a.choices, b.choices)
    assert seen  # the reader saw whole saves throughout


@posix_only
def test_kill_9_mid_game_continues_from_the_last_completed_turn(
    frozen: tuple[Path, Path, Model], tmp_path: Path
) -> None:
    model = frozen[2]
    scenario_id = sorted(model.scenarios)[0]
    proc = _child(
        """
        game = Game(model, scenario, 77)
        rnd = random.Random(77)
        while not game.finished:
            game.choose(rnd.choice([i for i, ok in enumerate(game.open_choices()) if ok] or [0]))
            saves.autosave(game, path.parent, saves.Owner("nl", "3B"))
            print("TURN", game.turn, flush=True)
            time.sleep(0.05)
        print("TURN end", flush=True)
        time.sleep(60)
        """,
        tmp_path / "autosave.json",
        frozen,
    )
    try:
        line = _wait_for(proc, "TURN")
        while line != "TURN end" and int(line.split()[1]) < 4:
            line = _wait_for(proc, "TURN")
    finally:
        _kill(proc)
    last = saves.last_game(tmp_path)
    reference = played(model, scenario_id, 77, 99)
    if line == "TURN end":  # the game was shorter than four turns: nothing to continue
        assert last is None
        return
    assert last == tmp_path / "3B.json"
    loaded = saves.load(model, last)
    done = loaded.game.turn
    assert done >= int(line.split()[1]) and loaded.class_code == "3B"
    assert loaded.game.choices == reference.choices[:done]
