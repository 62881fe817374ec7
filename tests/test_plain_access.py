"""Plain mode for screen readers: help, meters on request, export, and full sentences."""

from __future__ import annotations

import io
from pathlib import Path

from game.classroom.report import Strings
from game.engine import Game
from game.engine.model import Model
from game.plain import best_person as plain
from game.saves import best_person as saves


def _run(model: Model, sid: str, script: str, tmp_path: Path, **kw: object) -> tuple[Game, str]:
    game = Game(model, model.scenarios[sid], 7)
    out = io.StringIO()
    assert plain.play(model, game, "nl", tmp_path / "s", None, io.StringIO(script), out, **kw) == 0
    return game, out.getvalue()


def _lines(text: str) -> list[str]:
    return [ln.replace("> ", "").strip() for ln in text.splitlines() if ln.replace(">", "").strip()]


def test_help_and_meters_on_request_not_every_turn(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    t = Strings(model, "nl")
    meters = t("plain.meters") + ":"
    _game, text = _run(model, scenario_id, "1\n1\n1\n", tmp_path)
    assert meters not in text, "13 meters every turn only when asked for"
    _game, text = _run(model, scenario_id, "?\nm\n1\n", tmp_path)
    assert t("plain.help").split(".")[0] in text and text.count(meters) == 1
    _game, text = _run(model, scenario_id, "1\n1\n", tmp_path, meters_every_turn=True)
    assert text.count(meters) == 3  # turns 1, 2 and 3 (where the input ends)


def test_every_line_ends_like_a_sentence(model: Model, scenario_id: str, tmp_path: Path) -> None:
    game, text = _run(model, scenario_id, "m\n" + "1\n" * 40, tmp_path)
    assert game.finished
    unfinished = [ln for ln in _lines(text) if ln[-1] not in ".!?:;…"]
    assert not unfinished, unfinished[:5]
    t = Strings(model, "nl")
    assert f" ({t('verdict.good')})" in text and f" ({t('verdict.bad')})" in text


def test_export_after_the_ending(model: Model, scenario_id: str, tmp_path: Path) -> None:
    out_dir = tmp_path / "hand-in"
    out_dir.mkdir()
    game, text = _run(model, scenario_id, "1\n" * 40 + "e\n", tmp_path, export_dir=out_dir)
    assert game.finished
    (json_file,) = out_dir.glob("*.json")
    (html_file,) = out_dir.glob("*.html")
    assert saves.check(model, json_file) == []
    assert html_file.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert str(json_file) in text and str(html_file) in text
    # Without `e` nothing is written.
    other = tmp_path / "none"
    other.mkdir()
    _run(model, scenario_id, "1\n" * 40 + "\n", tmp_path / "again", export_dir=other)
    assert not list(other.iterdir())
