"""Issue 10.2: instances sharing one save folder never lose a turn or an ending.

Real processes (plain mode, scripted input) started together on one folder, all with the
same class code and the same name, so every one of them wants the same file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.classroom import classcode
from game.engine.model import Model
from game.saves import best_person as saves

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock locks are POSIX")


def start(folder: Path, code: str, answers: str, *extra: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "game", "play", "--plain", "--lang", "en", "--save-dir"]
    cmd += [str(folder), *extra]
    if "--continue" not in extra:
        cmd += ["--class-code", code, "--name", "Anna de Vries"]
    script = folder.parent / f"answers-{len(list(folder.parent.glob('answers-*')))}.txt"
    script.write_text(answers, encoding="utf-8")
    with open(script, encoding="utf-8") as stdin:
        return subprocess.Popen(
            cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )


def finish(procs: list[subprocess.Popen[str]]) -> list[str]:
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0 and "Traceback" not in err, err
        outs.append(out)
    return outs


def saved_path(out: str) -> str:
    """The file a run says it saved to (its last "Game saved in ..." line)."""
    line = [x for x in out.splitlines() if x.startswith("Game saved in ")][-1]
    return line.removeprefix("Game saved in ").rstrip(".")


@pytest.mark.parametrize("n", [2, 4])
def test_instances_on_one_folder_each_keep_their_whole_game(
    model: Model, scenario_id: str, tmp_path: Path, n: int
) -> None:
    code = classcode.make(model.scenarios[scenario_id], 4242)
    tmp_path = tmp_path / "saves"
    # Different answers per instance: four different games, each to its ending (20 turns).
    procs = [start(tmp_path, code, f"{i % 4 + 1}\n1\n" * 25) for i in range(n)]
    outs = finish(procs)
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == n  # one file per game, none overwritten
    assert len({saved_path(o) for o in outs}) == n  # each instance told its own file
    for out in outs:
        loaded = saves.load(model, saved_path(out))  # replays: every turn is there
        assert loaded.game.finished and loaded.student == "Anna de Vries"
        assert loaded.game.ending.title["en"] in out  # the ending shown is the one on disk
    assert not list(tmp_path.glob(".*.tmp"))  # no temp files left


def test_two_instances_continuing_the_same_game_both_keep_theirs(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    code = classcode.make(model.scenarios[scenario_id], 4343)
    tmp_path = tmp_path / "saves"
    finish([start(tmp_path, code, "1\n" * 5)])  # a game in progress, 5 turns
    first = tmp_path / f"{code}-anna-de-vries.json"
    five = json.loads(first.read_text(encoding="utf-8"))["choices"]
    # The first continues and waits at its first question: it surely holds the game while
    # the second starts (a race left to the clock passed or failed by how fast a game loads).
    cmd = [sys.executable, "-m", "game", "play", "--plain", "--lang", "en"]
    cmd += ["--save-dir", str(tmp_path), "--continue"]
    waiting = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert waiting.stdout is not None
    seen = []
    for line in waiting.stdout:  # up to the first turn it shows: it is playing now
        seen.append(line)
        if line.startswith("Turn "):
            break
    second = finish([start(tmp_path, code, "2\n1\n" * 25, "--continue")])[0]
    out, err = waiting.communicate("1\n1\n" * 25, timeout=240)
    assert waiting.returncode == 0 and "Traceback" not in err, err
    outs = ["".join(seen) + out, second]
    paths = sorted(saved_path(o) for o in outs)
    assert len(set(paths)) == 2 and str(first) in paths  # one went on in a file of its own
    assert saved_path(outs[0]) == str(first)  # the one that came first kept the file
    assert "open in another window" in second  # and the other said so
    for p in paths:
        game = saves.load(model, p).game
        assert game.finished and game.choices[: len(five)] == five
