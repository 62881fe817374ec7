"""`koorddanser saves` and `koorddanser saves check`: listing, verifying, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game
from game.engine.model import Model
from game.saves import best_person as saves

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "fixtures" / "saves" / "broken"


@pytest.fixture(autouse=True)
def _no_real_save_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOORDDANSER_SAVE_DIR", str(tmp_path / "default-saves"))


def game(model: Model, scenario: str, seed: int, turns: int = 99) -> Game:
    g = Game(model, model.scenarios[scenario], seed)
    while not g.finished and g.turn < turns:
        g.choose(g.open_choices().index(True) if g.event else 0)
    return g


def test_list(
    model: Model, scenario_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    playing = saves.save_as(game(model, scenario_id, 1, 3), tmp_path, "bezig")
    done = saves.save_as(game(model, scenario_id, 2), tmp_path, "klaar")
    (tmp_path / "kapot.json").write_text("{", encoding="utf-8")
    os.utime(playing, (1_700_000_300, 1_700_000_300))
    os.utime(done, (1_700_000_200, 1_700_000_200))
    os.utime(tmp_path / "kapot.json", (1_700_000_100, 1_700_000_100))
    assert main(["saves", "--save-dir", str(tmp_path)]) == 0
    heading, *lines = capsys.readouterr().out.splitlines()
    assert heading == f"saves in {tmp_path.resolve()}:"
    assert len(lines) == 3
    assert lines[0].startswith("bezig") and scenario_id in lines[0] and "playing" in lines[0]
    assert lines[0].endswith("bezig.json")
    assert lines[1].startswith("klaar") and game(model, scenario_id, 2).ending.id in lines[1]
    assert lines[1].endswith("klaar.json")
    assert lines[2].endswith("kapot.json: truncated: the file ends in the middle of the save")


def test_list_uses_the_environment(
    model: Model,
    scenario_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KOORDDANSER_SAVE_DIR", str(tmp_path / "env"))
    assert main(["saves", "list"]) == 0
    assert "no saves in" in capsys.readouterr().out
    saves.autosave(game(model, scenario_id, 1, 2), tmp_path / "env")
    assert main(["saves"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("autosave")


def test_check_good_and_bad(
    model: Model,
    scenario_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import game.commands.common as common

    # The command checks against the model the games were played with, even if someone
    # edits content/ while the tests run.
    monkeypatch.setattr(common, "model_or_exit", lambda lang=None: model)
    good = saves.export(game(model, scenario_id, 5), tmp_path / "good.json", saves.Owner("nl"))
    assert main(["saves", "check", str(good)]) == 0
    assert capsys.readouterr().out.startswith("ok")

    data = json.loads(good.read_text(encoding="utf-8"))
    data["snapshot"]["meters"]["energy"] = 100 - data["snapshot"]["meters"]["energy"] / 2
    cheat = tmp_path / "cheat.json"
    cheat.write_text(json.dumps(data), encoding="utf-8")
    before = cheat.read_bytes()
    assert main(["saves", "check", str(good), str(cheat), str(tmp_path / "gone.json")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any("cheat.json: snapshot: energy is" in e for e in err)
    assert any("gone.json: no such file" in e for e in err)
    assert not any("good.json" in e for e in err) and err[-1] == "2 of 3 saves do not hold"
    assert cheat.read_bytes() == before
    # A folder stands for its save files: a teacher checks the class's hand-ins at once.
    assert main(["saves", "check", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "1 of 2 saves do not hold"


def test_check_needs_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["saves", "check"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_real_command_on_the_broken_corpus(tmp_path: Path) -> None:
    """The installed command: one line per broken file, exit 1, and no traceback."""
    files = sorted(str(p) for p in BROKEN.iterdir())
    before = {p: Path(p).read_bytes() for p in files}
    env = {**os.environ, "KOORDDANSER_SAVE_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "game", "saves", "check", *files],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == len(files) + 1
    assert {line.split(": ")[0].rsplit("/", 1)[-1] for line in lines[:-1]} == {
        Path(f).name for f in files
    }
    assert {p: Path(p).read_bytes() for p in files} == before

    for p in files:
        shutil.copy(p, tmp_path)
    listing = subprocess.run(
        [sys.executable, "-m", "game", "saves"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    assert len(listing.stdout.strip().splitlines()) == len(files) + 1  # a heading, then a line each
