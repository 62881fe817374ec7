"""check_many / load_many (one batch replay per scenario and world) say what check / load say."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_saves import TAMPERS, play, same_game

from game.engine import Game
from game.engine.model import Model
from game.saves import best_person as saves
from game.saves.best_person import SaveError


def _write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _first_turn(game: Game, want: str) -> int | None:
    """A turn without an event ("none"), or one with a closed choice ("closed")."""
    replayed = Game(game.model, game.scenario, game.seed, game.run_index, game.world)
    for t, c in enumerate(game.choices):
        if want == "none" and replayed.event is None:
            return t
        if want == "closed" and replayed.event is not None and not all(replayed.open_choices()):
            return t
        replayed.choose(c if replayed.event else 0)
    return None


@pytest.fixture(scope="module")
def folder(model: Model, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A class's hand-ins: good games of two scenarios and several seeds, and bad ones."""
    out = tmp_path_factory.mktemp("many")
    sids = sorted(model.scenarios)[:2]
    games = [
        play(model, sids[k % 2], seed=4821 if k % 3 else 90 + k, pick=k, stop=None if k % 4 else 6)
        for k in range(12)
    ]
    world = model.world[0]
    odd = Game.replay(
        model, games[0].scenario, 5, [], world={world.id: (world.low + world.high) / 2}
    )
    while not odd.finished and odd.turn < 5:
        odd.choose(next(i for i, ok in enumerate(odd.open_choices()) if ok) if odd.event else 0)
    games.append(odd)
    en = saves.Owner("en")
    paths = [_write(out, f"good{k}", saves.to_dict(g, en)) for k, g in enumerate(games)]
    long = next(g for g in games if g.turn >= 4)
    base = saves.to_dict(long, saves.Owner("nl"))
    for kind, (tamper, _message) in sorted(TAMPERS.items()):
        d = json.loads(json.dumps(base))
        tamper(d, model)
        paths.append(_write(out, kind.replace(" ", "_"), d))
    for kind in ("none", "closed"):
        for g in games:
            t = _first_turn(g, kind)
            if t is None:
                continue
            d = saves.to_dict(g, saves.Owner("en"))
            d["choices"][t] = 0 if kind == "none" else g.records[t].choice
            if kind == "closed":
                ev = model.events[model.event_index(g.records[t].event)]
                rp = Game.replay(model, g.scenario, g.seed, g.choices[:t], g.run_index, g.world)
                d["choices"][t] = rp.open_choices().index(False)
                assert ev.choices[d["choices"][t]].when is not None
            paths.append(_write(out, f"{kind}", d))
            break
    other = saves.to_dict(games[1], saves.Owner("en"))
    other["content_hash"] = "older-content"
    paths.append(_write(out, "older_content", other))
    faked = json.loads(json.dumps(base))
    TAMPERS["meters"][0](faked, model)
    faked["content_hash"] = "0" * 16
    paths.append(_write(out, "faked_hash", faked))
    lost = dict(saves.to_dict(games[2], saves.Owner("en")), scenario="nowhere")
    paths.append(_write(out, "unknown_scenario", lost))
    (out / "junk.json").write_text("{not json", encoding="utf-8")
    paths.append(out / "junk.json")
    return paths


@pytest.mark.parametrize("chunk", [saves.REPLAY_CHUNK, 4])
def test_check_many_says_what_check_says(
    model: Model, folder: list[Path], chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(saves, "REPLAY_CHUNK", chunk)  # batches that split the folder too
    many = saves.check_many(model, folder)
    one = [saves.check(model, p) for p in folder]
    assert many == one
    names = {p.stem for p, lines in zip(folder, many, strict=True) if lines}
    # Every kind of damage is there and caught; the good games pass.
    made = {p.stem for p in folder}
    assert "closed" in made and {"none", "closed"} & made <= names  # (every turn has an event)
    assert "older_content" not in names  # other content, same replay: accepted
    assert {k.replace(" ", "_") for k in TAMPERS} <= names
    assert not any(n.startswith("good") for n in names)


def test_load_many_gives_the_games_load_gives(model: Model, folder: list[Path]) -> None:
    for path, got in zip(folder, saves.load_many(model, folder), strict=True):
        try:
            want = saves.load(model, path)
        except SaveError as exc:
            assert isinstance(got, SaveError) and str(got) == str(exc)
            continue
        assert not isinstance(got, SaveError), got
        same_game(got.game, want.game)
        assert got.game.records == want.game.records
        assert (got.lang, got.class_code, got.note, got.student, got.content_changed) == (
            want.lang,
            want.class_code,
            want.note,
            want.student,
            want.content_changed,
        )


def test_check_and_load_many_loads_exactly_the_files_that_pass(
    model: Model, folder: list[Path]
) -> None:
    for path, (lines, loaded) in zip(folder, saves.check_and_load_many(model, folder), strict=True):
        assert lines == saves.check(model, path)
        assert (loaded is None) == bool(lines)
        if loaded is not None:
            assert loaded.path == path
