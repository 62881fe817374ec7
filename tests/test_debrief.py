"""The debrief explains: key moments split choice from rules, the why folds, endings say why."""

from __future__ import annotations

import operator
from types import SimpleNamespace

import pytest

from game.classroom import debrief
from game.engine import Change, Game, TurnRecord
from game.engine.model import Model

OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
OPS.update({"==": operator.eq, "!=": operator.ne})


def _play(model: Model, scenario_id: str, seed: int, pick: int = 0) -> Game:
    game = Game(model, model.scenarios[scenario_id], seed)
    while not game.finished:
        opens = game.open_choices()
        game.choose(next((i for i in range(pick, len(opens)) if opens[i]), 0) if opens else 0)
    return game


def _overloaded_turn(model: Model, scenario_id: str) -> tuple[Game, TurnRecord]:
    """A game where, in turn 3, the overload rule (arrow 5) makes the turn's swing."""
    game = Game(model, model.scenarios[scenario_id], 11)
    for _ in range(2):
        game.choose(0)
    rows = model.layout
    game.state.values[rows["workload"], 0] = 100  # far more work than anyone can carry
    game.state.values[rows["energy"], 0] = 90
    record = game.choose(0)
    while not game.finished and game.state.values[rows["energy"], 0] > 0:
        game.choose(0)
    return game, record


def test_a_key_moment_credits_the_rule_not_the_choice(model: Model, scenario_id: str) -> None:
    game, record = _overloaded_turn(model, scenario_id)
    overload = next(c for c in record.why if c.kind == "rule" and c.arrow == 5)
    assert overload.deltas["energy"] <= -10  # the rule dominates this turn
    moments = debrief.key_moments(game.records, meters=model.meter_ids)
    moment = next(m for m in moments if m.turn == record.turn)
    choice = next(c for c in record.why if c.kind == "choice")
    assert dict(moment.choice) == {
        k: v for k, v in dict(moment.choice).items() if v == choice.deltas.get(k)
    }
    assert "energy" not in dict(moment.choice) or abs(dict(moment.choice)["energy"]) < 10
    arrow5 = next(r for r in moment.rules if r.arrow == 5)
    assert dict(arrow5.moved)["energy"] == pytest.approx(overload.deltas["energy"])
    arrows = [r for r in moment.rules if r.arrow is not None]
    assert moment.rules[: len(arrows)] == tuple(arrows)  # the arrows come first


def test_the_why_folds_to_the_causes_that_matter(model: Model, scenario_id: str) -> None:
    game = _play(model, scenario_id, 3)
    for record in game.records:
        folded = debrief.fold(record, model.meter_ids)
        assert len(folded.shown) <= debrief.SHOWN
        assert folded.shown[0].kind == "choice" or record.event is None
        rules = [c for c in folded.shown if c.kind != "choice"]
        assert all(c.largest >= debrief.NOTABLE for c in rules)
        assert [c.weight for c in rules] == sorted((c.weight for c in rules), reverse=True)
        moved = [c for c in record.why if c.kind != "choice" and debrief.cause_of(c).moved]
        assert len(rules) + len(folded.rest) == len(moved)
        for meter, total in folded.rest_total:
            assert total == pytest.approx(sum(dict(c.moved).get(meter, 0) for c in folded.rest))
    sizes = [len(debrief.fold(r).rest) for r in game.records]
    assert max(sizes) > 0  # some turns have small drifts to fold


def test_the_deciding_conditions_held_and_name_the_real_values(
    model: Model, scenario_id: str
) -> None:
    for seed in (1, 2, 3):
        game = _play(model, scenario_id, seed, pick=seed % 3)
        d = debrief.build(model, game)
        assert game.ending is not None
        if game.ending.when is not None:
            assert d.deciding and all(c.held for c in d.deciding)
        for c in d.deciding:
            if c.name is not None:
                assert c.value == game.value(c.name)
                assert OPS[c.op](c.value, c.number)


def test_the_nearest_miss_says_what_a_better_ending_needed(
    model: Model, scenario_id: str
) -> None:
    game = _play(model, scenario_id, 5)
    rows = model.layout
    values = {"completed": 1, "exhausted": 0, "disheartened": 0, "walked_away": 0}
    values |= {"energy": 60, "motivation": 60, "development": 47, "trust": 70, "autonomy": 60}
    values |= {"flag.management_role": 0, "flag.left_for_job": 0, "tag.successor": 0}
    values |= {"successor_readiness": 30}
    for name, v in values.items():
        game.state.values[rows[name], 0] = v
    game.state.ending[0] = model.ending_index("kept_small")
    miss = debrief.nearest_miss(model, game)
    assert miss is not None and miss.ending == "tightrope_walker"
    assert [(c.name, c.op, c.number, c.value) for c in miss.failed] == [
        ("development", ">=", 50, 47)
    ]
    # The good manager ending also fails on one part only (no management role), but that is
    # another road altogether, not a near miss.
    manager = model.endings[model.ending_index("manager_one_foot_in_the_mud")]
    assert [c.held for c in debrief.checks(model, game, manager)].count(False) == 1
    # Two comparisons short of both: the smaller shortfall (3 + 5 against 20 + 2) is nearer.
    game.state.values[rows["trust"], 0] = 35
    miss = debrief.nearest_miss(model, game)
    assert miss is not None and miss.ending == "tightrope_walker"
    assert [c.name for c in miss.failed] == ["development", "trust"]


def _record(*changes: Change) -> TurnRecord:
    return TurnRecord(0, 2011, 0, None, None, None, (), {}, {}, tuple(changes))


def _rule(rule_id: str, arrow: int | None, **deltas: float) -> Change:
    return Change("rule", rule_id, "", {"nl": rule_id, "en": rule_id}, arrow, deltas)


def test_findings_are_cited_from_what_happened(model: Model) -> None:
    burnout = model.endings[model.ending_index("burnout_collapsed")]
    assert {"conclusion e", "recommendation a"} <= set(burnout.findings)
    quiet_home = [_record(_rule("arrow5_overload_spills_home", 5, energy=-3.0))]
    game = SimpleNamespace(ending=burnout, records=quiet_home)
    findings, _ = debrief.cited_findings(model, game, debrief.arrow_damage(model, quiet_home))
    assert "conclusion e" not in findings  # nothing at home cost real energy
    assert "recommendation a" not in findings  # no grant ran out, no official changed
    assert "conclusion a" in findings  # the ending's own, no mapping: kept

    hard = [
        _record(
            _rule("arrow5_overload_spills_home", 5, energy=-9.0, home_support=-4.0),
            _rule("arrow3_grant_runs_out", 3, funding=-5.0, workload=7.0),
        )
        for _ in range(3)
    ]
    game = SimpleNamespace(ending=burnout, records=hard)
    damage = debrief.arrow_damage(model, hard)
    assert [d.arrow for d in damage] == [5, 3]
    assert dict(damage[0].meters) == {"energy": -27.0, "home_support": -12.0}
    findings, evidence = debrief.cited_findings(model, game, damage)
    assert "conclusion e" in findings and "recommendation a" in findings
    assert evidence["conclusion a"].arrow == 5  # the most damaging arrow cites its finding


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_reports_and_plain_mode_split_the_moment_in_both_languages(
    model: Model, scenario_id: str, lang: str
) -> None:
    from game.classroom import report
    from game.classroom.explain import Words

    game, record = _overloaded_turn(model, scenario_id)
    words = Words(model, lang)
    energy = next(c for c in record.why if c.arrow == 5).deltas["energy"]
    rule_part = f"{words.arrow(5)}: {words.name('energy')} {words.number(energy)}"
    md = report.markdown(report.build(model, game, lang))
    line = next(x for x in md.splitlines() if rule_part in x)
    mine = line.split(";")[0]
    assert mine.strip(" -").startswith(words.t("explain.your_choice"))
    assert words.number(energy) not in mine  # the overload's cost is not the choice's
    assert words.t("explain.deciding") in md
    assert all(words.check(c) in md for c in debrief.build(model, game).deciding)
    # The report keeps the full trace of every turn; the app and plain mode fold it.
    causes = [c for c in record.why if debrief.cause_of(c, set(model.meter_ids)).moved]
    assert len(causes) > debrief.SHOWN
    for c in causes:
        assert c.explain[lang] in md


def test_plain_mode_folds_the_why_and_shows_all_on_request(
    model: Model, scenario_id: str
) -> None:
    import io

    from game.plain.best_person import PlainGame

    game = Game(model, model.scenarios[scenario_id], 3)
    out = io.StringIO()
    plain = PlainGame(model, game, "en", out, lambda g: None)
    plain.run(io.StringIO("1\na\n" + "1\n" * 40))
    text = out.getvalue()
    first = text.split("All causes of the last turn:")
    folded, rest = first[0], first[1].split("Why it went this way:")[0]
    record = game.records[0]
    shown = folded.split("Why it went this way:")[1].split("Turn 2 of")[0]
    assert "(type a for all causes)" in shown
    assert len([x for x in shown.splitlines() if x.startswith("  - ")]) <= debrief.SHOWN + 1
    every = [c for c in record.why if debrief.cause_of(c, set(model.meter_ids)).moved]
    assert len([x for x in rest.splitlines() if x.startswith("  - ")]) == len(every)
    assert "Why this ending:" in text and "Key moments:" in text
