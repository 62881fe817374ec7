"""The municipality role in `whatif`, `class`, `saves check`, with student names (issue 16)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from game.cli import main
from game.content.municipality import load_city
from game.engine.model import Model
from game.engine.municipality import City
from game.saves import municipality as muni_saves


def _played(model: Model, path: Path, seed: int, turns: int, student: str | None = None) -> City:
    city = load_city(model)
    game = City(model, city, seed, 200)
    for _ in range(turns):
        game.decide(game.choices_open().index(True))
    muni_saves.save(game, path, "nl", f"GEM-{seed:04d}", student)
    return game


def test_name_goes_into_save_and_file_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("1\nq\n"))
    rc = main(["play", "--plain", "--class-code", "GEM-0042", "--name", "Anna de Vries",
               "--save-dir", str(tmp_path)])
    assert rc == 0
    save = tmp_path / "municipality" / "GEM-0042-anna-de-vries.json"
    assert json.loads(save.read_text())["student"] == "Anna de Vries"


def test_whatif_changes_one_decision_and_compares(model: Model, tmp_path: Path, capsys) -> None:
    save = tmp_path / "g.json"
    game = _played(model, save, 7, 20)
    other = 2 if game.decisions[0] != 2 else 1
    assert main(["whatif", str(save), "--turn", "1", "--choice", str(other + 1), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    a, b = data["original"], data["whatif"]
    assert a["decisions"][0] != b["decisions"][0]
    assert a["decisions"][1:] == [
        d if i + 2 not in data["substituted"] else a["decisions"][i + 1]
        for i, d in enumerate(b["decisions"][1:])
    ]
    assert a["persons"] != b["persons"]  # another first half-year: other futures
    assert set(a["persons"]) == {p.scenario for p in game.city.persons}
    assert main(["whatif", str(save), "--turn", "1", "--choice", str(other + 1),
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "What if" in out and "Recommendations you followed" in out
    for p in game.city.persons:
        assert p.name in out


@pytest.mark.parametrize(
    ("turn", "choice", "says"),
    [(30, 1, "was not played"), (1, 9, "does not exist"), (1, None, "is what was chosen")],
)
def test_whatif_refusals(model: Model, tmp_path: Path, capsys, turn, choice, says) -> None:
    save = tmp_path / "g.json"
    game = _played(model, save, 7, 3)
    choice = choice or game.decisions[0] + 1
    assert main(["whatif", str(save), "--turn", str(turn), "--choice", str(choice),
                 "--lang", "en"]) == 2
    assert says in capsys.readouterr().err


def test_class_has_a_players_table_and_checks_replays(
    model: Model, tmp_path: Path, capsys
) -> None:
    _played(model, tmp_path / "a.json", 1420, 20, "Anna")
    _played(model, tmp_path / "b.json", 1420, 4, "Bram")
    edited = json.loads((tmp_path / "a.json").read_text())
    edited["snapshot"]["self"]["budget"] = 3.0
    edited["student"] = "Cor"
    (tmp_path / "c.json").write_text(json.dumps(edited))
    assert main(["class", str(tmp_path), "--baseline-runs", "50", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == 0  # the best person's overview leaves them out
    rows = {r["name"]: r for r in data["municipality"]}
    assert rows["Anna"]["replay_ok"] and rows["Anna"]["finished"]
    assert rows["Bram"]["turns"] == 4 and not rows["Bram"]["finished"]
    assert not rows["c"]["replay_ok"] and "snapshot" in rows["c"]["problem"]
    assert set(rows["Anna"]["persons"]) == {"Fatima", "Jelle", "Samir", "Ineke"}
    assert main(["class", str(tmp_path), "--baseline-runs", "50", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Played as the municipality" in out and "Anna" in out
    assert main(["saves", "check", str(tmp_path)]) == 1
    assert "c.json" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["report"], ["whatif", "--turn", "1", "--choice", "2"]])
def test_a_save_that_does_not_replay_is_one_line_and_exit_1(
    model: Model, tmp_path: Path, capsys, command: list[str]
) -> None:
    save = tmp_path / "edited.json"
    _played(model, save, 7, 3)
    edited = json.loads(save.read_text())
    edited["snapshot"]["self"]["budget"] = 3.0  # no longer what its decisions give
    save.write_text(json.dumps(edited))
    assert main([command[0], str(save), *command[1:]]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and "edited.json" in err[0] and "Traceback" not in err[0]
