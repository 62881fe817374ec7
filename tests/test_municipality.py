"""The municipality role (issue 16): engine, content checks, saves, reports and the claims."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from game.classroom import muni_report
from game.classroom.report import Strings
from game.cli import main
from game.content.municipality import check, load_city
from game.engine.model import Model
from game.engine.municipality import City, CityDef, play, play_reference
from game.plain.municipality import MuniPlain
from game.saves import municipality as muni_saves

RUNS = 300  # enough for the fast tests; the claims use more


@pytest.fixture(scope="module")
def city(model: Model) -> CityDef:
    return load_city(model)


def _ref(city: CityDef, rid: str):
    return next(r for r in city.references if r.id == rid)


def test_one_event_per_half_year_and_every_choice_sourced(city: CityDef) -> None:
    assert len(city.events) == city.turns == 20
    seen = [(e.year, e.season) for e in city.events]
    assert seen[0] == (2010, 1) and seen[-1] == (2020, 0)
    assert len(set(seen)) == 20
    for ev in city.events:
        assert "essay" in ev.source
        assert 2 <= len(ev.choices) <= 4
        assert all(ch.label["nl"] and ch.label["en"] for ch in ev.choices)
    assert sorted(city.recommendations) == list("abcdefghij")


def test_a_world_change_reaches_every_future_of_every_person(model: Model, city: CityDef) -> None:
    game = City(model, city, 7, RUNS)
    ev = city.events[0]
    pick = next(i for i, c in enumerate(ev.choices) if any(w.key == "grant_years" for w in c.world))
    game.decide(pick)
    row = model.layout["world.grant_years"]
    for p in game.persons:
        assert np.all(p.state.values[row] == game.world["grant_years"])
    assert game.world["grant_years"] == 0.5


def test_same_seed_and_decisions_replay_exactly(model: Model, city: CityDef) -> None:
    a = play(model, city, 11, [1, 2, 0, 1], RUNS)
    b = play(model, city, 11, [1, 2, 0, 1], RUNS)
    c = play(model, city, 12, [1, 2, 0, 1], RUNS)
    for pa, pb in zip(a.persons, b.persons, strict=True):
        assert np.array_equal(pa.state.values, pb.state.values)
    assert any(
        not np.array_equal(pa.state.values, pc.state.values)
        for pa, pc in zip(a.persons, c.persons, strict=True)
    )


def test_a_person_effect_touches_only_that_person(model: Model, city: CityDef) -> None:
    base = play(model, city, 3, [0, 0], RUNS)
    game = play(model, city, 3, [0, 0], RUNS)
    # culture_cuts, bridging grant: +8 funding for the culture house only.
    ev = city.events[2]
    i = [c.id for c in ev.choices].index("bridging_grant")
    j = [c.id for c in ev.choices].index("follow_the_cut")
    base.decide(j)
    game.decide(i)
    fund = model.layout["funding"]
    k = [p.spec.scenario for p in game.persons].index("cultuurhuis_zwolle")
    assert game.persons[k].state.values[fund].mean() > base.persons[k].state.values[fund].mean() + 10


def test_choices_beyond_the_budget_are_closed(model: Model, city: CityDef) -> None:
    game = City(model, city, 1, 50)
    game.meters["budget"] = 3
    game.decisions = [0] * 2  # jump to the culture cuts (no play needed for the check)
    opens = game.choices_open()
    costly = [c.self_.get("budget", 0) + 3 < 0 for c in city.events[2].choices]
    assert opens == [not x for x in costly] and not all(opens)


def test_each_turn_says_shares_and_a_cause(model: Model, city: CityDef) -> None:
    game = City(model, city, 5, RUNS)
    rep = game.decide(0)
    for p in rep.persons:
        assert abs(sum(p.shares.values()) - 1) < 1e-9
        assert p.causes and 0 < p.causes[0].share <= 1
        lo, mid, hi = p.spread["energy"]
        assert lo <= mid <= hi


def test_content_problems_are_one_line_each(model: Model, tmp_path: Path) -> None:
    src = Path(__file__).parent.parent / "content" / "municipality"
    shutil.copy(src / "city.yaml", tmp_path / "city.yaml")
    text = (src / "events.yaml").read_text(encoding="utf-8")
    text = text.replace("world: {grant_years: 0.5}", "world: {grant_years: 99}", 1)
    text = text.replace("follows: [d]", "follows: [z]", 1)
    (tmp_path / "events.yaml").write_text(text, encoding="utf-8")
    got, problems = check(model, tmp_path)
    assert got is None
    lines = [str(p) for p in problems]
    assert any("events.yaml:" in x and "grant_years must be a number" in x for x in lines)
    assert any("'z' is not a recommendation" in x for x in lines)
    assert all("\n" not in x for x in lines)


def test_a_missing_half_year_is_named(model: Model, tmp_path: Path) -> None:
    src = Path(__file__).parent.parent / "content" / "municipality"
    shutil.copy(src / "city.yaml", tmp_path / "city.yaml")
    text = (src / "events.yaml").read_text(encoding="utf-8")
    (tmp_path / "events.yaml").write_text(text.replace("at: [2016, spring]", "at: [2030, spring]"))
    _, problems = check(model, tmp_path)
    assert any("outside the decade" in str(p) for p in problems)


def test_save_replays_and_refuses_an_edited_snapshot(
    model: Model, city: CityDef, tmp_path: Path
) -> None:
    city = load_city(model)
    game = play(model, city, 21, [0, 1, 2], RUNS)
    path = muni_saves.save(game, tmp_path / "g.json", "en", "GEM-0021", "Anna")
    loaded = muni_saves.load(model, city, path)
    assert loaded.game.decisions == [0, 1, 2] and loaded.student == "Anna"
    data = json.loads(path.read_text())
    assert data["kind"] == muni_saves.KIND and data["role"] == "municipality"
    data["snapshot"]["self"]["budget"] += 7
    path.write_text(json.dumps(data))
    with pytest.raises(muni_saves.SaveError, match="does not replay"):
        muni_saves.load(model, city, path)
    data["snapshot"]["self"]["budget"] -= 7
    data["student"] = "Anna\x1b[2J"
    path.write_text(json.dumps(data))
    with pytest.raises(muni_saves.SaveError, match="student"):
        muni_saves.load(model, city, path)


def test_plain_mode_plays_to_the_debrief(model: Model, city: CityDef) -> None:
    game = City(model, city, 9, 100)
    out = io.StringIO()
    lines = io.StringIO("x\nm\n" + "1\n2\n3\n" * 20)
    MuniPlain(model, game, "nl", out).run(lines)
    text = out.getvalue()
    assert game.finished
    assert "Fatima:" in text and "opgebrand" in text
    assert "Aanbeveling a" in text or "Aanbevelingen" in text
    assert "Vragen voor de groep" in text


@pytest.mark.parametrize(
    ("typed", "stopped_by_q"), [("x\n?\nm\n1\nq\n", True), ("x\n?\nm\n1\n", False)]
)
def test_plain_mode_keys_and_saves(
    model: Model, city: CityDef, typed: str, stopped_by_q: bool
) -> None:
    game = City(model, city, 9, 50)
    out = io.StringIO()
    saved: list[int] = []

    def save(g: City) -> Path:
        saved.append(g.turn)
        return Path("m.json")

    assert MuniPlain(model, game, "en", out, save).run(io.StringIO(typed)) == 0
    text = out.getvalue()
    assert game.turn == 1  # `x`, `?` and `m` did not play the turn; `1` did
    assert "Type a number from 1 to" in text and "m: your own meters" in text
    assert "Your meters: budget" in text and "Policy now:" in text
    assert saved == [1, 1]  # quietly after the turn, then when the player stopped
    assert text.count("Game saved in m.json") == 1
    hint = "Continue: koorddanser play --role municipality --continue"
    assert (hint in text) == stopped_by_q
    if stopped_by_q:
        assert text.index("Game saved in") < text.index(hint)


def test_report_escapes_and_names_the_references(model: Model, city: CityDef) -> None:
    game = play(model, city, 2, [0] * 20, 100)
    t = Strings(model, "en")
    d = muni_report.build(model, game, "en", student="<script>x</script>")
    page = muni_report.html_page(d, t)
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert "The revolving-door municipality" in page
    md = muni_report.markdown(d, t)
    assert "essay 1129-1138" in md


def test_cli_plays_with_a_class_code_and_reports(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n2\nq\n"))
    rc = main(["play", "--plain", "--class-code", "gem-0042", "--save-dir", str(tmp_path)])
    assert rc == 0
    save = tmp_path / "municipality" / "GEM-0042.json"
    assert json.loads(save.read_text())["seed"] == 42
    capsys.readouterr()
    assert main(["report", str(save), "--lang", "en"]) == 0
    assert "Debrief: your decade as the municipality" in capsys.readouterr().out


def test_validate_includes_the_role(capsys) -> None:
    assert main(["validate"]) == 0


# --- the measured claims (issue 16, item 7) -------------------------------------------------

CLAIM_RUNS = 2500  # per person and municipality: 4 persons x 2 references = 20,000 futures


@pytest.mark.slow
def test_recommendations_a_to_d_lower_loss_by_25_points(model: Model, city: CityDef) -> None:
    good = play_reference(model, city, 1, _ref(city, "recommendations"), CLAIM_RUNS)
    bad = play_reference(model, city, 1, _ref(city, "rotating"), CLAIM_RUNS)
    lost = {}
    for name, g in (("good", good), ("bad", bad)):
        shares = [p.shares for p in g.reports[-1].persons]
        lost[name] = sum(muni_report.lost(s) for s in shares) / len(shares)
    print(f"burn-out + leaving: rotating {lost['bad']:.1%}, a-d {lost['good']:.1%}")
    assert lost["bad"] - lost["good"] >= 0.25


@pytest.mark.slow
def test_a_fixed_contact_keeps_the_ally_chain_alive(model: Model, city: CityDef) -> None:
    good = play_reference(model, city, 1, _ref(city, "recommendations"), CLAIM_RUNS)
    bad = play_reference(model, city, 1, _ref(city, "rotating"), CLAIM_RUNS)
    for k in range(len(city.persons)):
        assert good.ally_share(k) >= 0.5
        assert bad.ally_share(k) <= 0.05
