"""The facilitator guide's whole flow for a class of 25, end to end.

25 students play the same class code (24 by the engine, one through plain mode), their saves
go into one hand-in folder, the teacher runs `saves check`, then `class
--csv --html`; the CSV has a row per student with their names, the page says "25 games".
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import numpy as np
import pytest

from game.classroom import classcode
from game.cli import main
from game.engine import Game
from game.engine.model import Model
from game.plain import best_person as plain
from game.saves import best_person as saves

NAMES = [
    "Anna de Vries", "Bram", "Chaima", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ibrahim",
    "Julia", "Kees", "Lotte", "Mohammed", "Noor", "Olivier", "Priya", "Quinten", "Rosa", "Sem",
    "Tess", "Umar", "Vera", "Wouter", "Yara", "Zoë",
]  # fmt: skip


def test_a_class_of_25_from_playing_to_the_gradebook(
    model: Model, scenario_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    code = classcode.make(model.scenarios[scenario_id], 2690)
    sid, seed = classcode.parse(code, model.scenarios)
    inbox = tmp_path / "class-3b"
    inbox.mkdir()
    for i, name in enumerate(NAMES[:-1]):
        game = Game(model, model.scenarios[sid], seed)
        rng = np.random.default_rng(i)
        while not game.finished and not (i == 3 and game.turn == 3):  # Daan did not finish
            game.choose(int(rng.choice([k for k, ok in enumerate(game.open_choices()) if ok])))
        owner = saves.Owner("nl", code, name)
        saves.save(game, inbox / f"{code}-{name.split()[0].lower()}.json", owner)
    # The 25th plays in plain mode, as a screen-reader user would.
    home = tmp_path / "zoe-home"
    game = Game(model, model.scenarios[sid], seed)
    lines, out = io.StringIO("1\n" * 40), io.StringIO()
    assert plain.play(model, game, "nl", home, code, lines, out, student="Zoë") == 0
    (plain_save,) = home.glob("*.json")  # named by the class code and the student
    assert plain_save.name == f"{code}-zoe.json"
    handed = inbox / f"{code}-zoe.json"
    handed.write_bytes(plain_save.read_bytes())

    assert main(["saves", "check", str(inbox)]) == 0
    assert "all 25 saves" in capsys.readouterr().out

    grades, page = tmp_path / "3b.csv", tmp_path / "3b.html"
    argv = ["class", str(inbox), "--csv", str(grades), "--html", str(page)]
    assert main([*argv, "--lang", "nl", "--baseline-runs", "1000"]) == 0
    text = capsys.readouterr().out
    assert "25 bestanden: 24 uitgespeeld, 1 niet af, 0 afgekeurd" in text

    rows = list(csv.DictReader(io.StringIO(grades.read_text(encoding="utf-8"))))
    assert len(rows) == 25 and {r["name"] for r in rows} == set(NAMES)
    assert all(r["replay_ok"] == "1" for r in rows)
    assert sum(r["finished"] == "1" for r in rows) == 24
    daan = next(r for r in rows if r["name"] == "Daan")
    assert daan["finished"] == "0" and daan["turns"] == "3" and daan["ending_id"] == ""
    assert next(r for r in rows if r["name"] == "Fatima")["file"] == f"{code}-fatima.json"

    html = page.read_text(encoding="utf-8")
    assert f"<span>{code}</span> · <span>25 spellen</span>" in html
    assert html.count("<tr><td>") == 25  # the per-student table
    assert time.monotonic() - started < 60
