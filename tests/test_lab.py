"""The lab's own machinery, on small runs: state-aware policies, the trace, the targets file.

The 20,000-run measurements live in test_calibration.py (slow); these are quick and
prove the machinery can fail.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.content import load_model
from game.content.loader import ContentInvalid, load_policy_file
from game.content.yamlsafe import ContentError
from game.engine import simulate
from game.engine.expr import compile_expr
from game.engine.model import Model, Policy
from game.lab.calibration import contradictions, load_calibration

SID = "cultuurhuis_zwolle"


def test_a_policy_rule_changes_choices_only_where_its_condition_holds(model: Model) -> None:
    base = Policy("plain", {})
    late = Policy(
        "late",
        {},
        (_rule(model, "year >= 2016", {"successor": 1000}),),
    )
    a = simulate(model, SID, 2000, 3, base, record_choices=True)
    b = simulate(model, SID, 2000, 3, late, record_choices=True)
    row = model.layout["tag.successor"]
    assert b.state.values[row].mean() > a.state.values[row].mean() + 0.5
    # Games that ended before 2016 never met the rule: they are the very same games.
    early = a.exit_turn < 10  # turn 10 is spring 2016
    assert early.any()
    assert np.array_equal(a.ending[early], b.ending[early])
    again = simulate(model, SID, 2000, 3, late)
    assert np.array_equal(again.ending, b.ending), "a policy with rules is deterministic too"


def _rule(model: Model, when: str, weights: dict[str, float]):
    from game.engine.model import PolicyRule

    return PolicyRule(compile_expr(when, model.layout.rows), weights, when)


def test_a_policy_file_with_rules_is_checked_line_by_line(model: Model, tmp_path: Path) -> None:
    good = tmp_path / "rest.yaml"
    good.write_text(
        "name: rest\nweights: {reflect: 2}\nrules:\n  - when: 'energy < 40'\n"
        "    weights: {step_back: 9}\n",
        encoding="utf-8",
    )
    pol = load_policy_file(good, model.layout.rows)
    assert pol.rules[0].weights == {"step_back": 9.0} and pol.rules[0].text == "energy < 40"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\nweights: {}\nrules:\n  - when: 'energie < 40'\n    weights: {rest: 9}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentInvalid) as info:
        load_policy_file(bad, model.layout.rows)
    text = "\n".join(str(p) for p in info.value.problems)
    assert "bad.yaml:4" in text and "energie" in text
    assert "bad.yaml:5" in text and "unknown tag 'rest'" in text


def test_simulate_trace_reports_percentiles_limits_and_rules(capsys) -> None:  # type: ignore[no-untyped-def]
    args = ["simulate", "--scenario", SID, "--runs", "500", "--seed", "4", "--json", "--trace"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["trace"]["turns"][0]
    assert first["turn"] == 1 and first["playing"] == 500
    energy = first["meters"]["energy"]
    assert energy["p5"] <= energy["p25"] <= energy["p50"] <= energy["p75"] <= energy["p95"]
    assert 0 <= energy["at_or_below_2"] <= 1
    arrow2 = data["trace"]["rules"]["arrow2_meaning_motivates"]["motivation"]
    assert arrow2["raised"] + arrow2["lowered"] > 0


def test_a_swap_changes_exactly_one_choice_in_its_turn(model: Model) -> None:
    pol = model.policies["random"]
    turn = np.full(400, 5, dtype=np.int64)
    base = simulate(model, SID, 400, 8, pol, record_choices=True)
    alt = simulate(model, SID, 400, 8, pol, record_choices=True, swap_turn=turn)
    assert alt.swapped is not None and alt.swapped.mean() > 0.8
    assert (base.ending != alt.ending).any(), "some swaps change where the decade leads"
    never = simulate(model, SID, 400, 8, pol, swap_turn=np.full(400, 99, dtype=np.int64))
    assert np.array_equal(never.ending, base.ending) and not never.swapped.any()


def test_an_ending_whose_state_contradicts_its_story_is_caught(model: Model) -> None:
    result = simulate(model, SID, 2000, 5, model.policies["random"])
    assert all(bad == 0 for _, bad in contradictions(model, result).values())
    # An ending that claims its players are worn out, while none has energy below 0.
    i = next(i for i, e in enumerate(model.endings) if (result.ending == i).sum() > 20)
    worn = dataclasses.replace(
        model.endings[i], requires=compile_expr("energy < 0", model.layout.rows)
    )
    broken = dataclasses.replace(
        model, endings=tuple(worn if k == i else e for k, e in enumerate(model.endings))
    )
    reached, bad = contradictions(broken, result)[worn.id]
    assert reached == bad > 20


def write_targets(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(
        "runs: 300\nseed: 3\nclaim_share_margin: 0\nclaim_meter_margin: 0\n"
        "ending_contradiction_limit: 1\ntargets:\n" + body,
        encoding="utf-8",
    )
    return path


TARGET = """  - id: {id}
    source: "a test; essay 1-2"
    what: {{nl: "x", en: "x"}}
    measure: share
    policy: random
    outcome: burnout
    {bound}
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (TARGET.format(id="a", bound="").replace("measure: share", "measure: luck"), "measure"),
        (TARGET.format(id="a", bound=""), "give min, max or both"),
        (TARGET.format(id="a", bound="max: 1").replace("policy: random", "policy: lucky"), "policy"),
        (TARGET.format(id="a", bound="max: 1").replace("outcome: burnout", "outcome: x"), "outcome"),
    ],
)
def test_a_bad_targets_file_is_refused_with_its_line(
    model: Model, tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(ContentError) as info:
        load_calibration(write_targets(tmp_path, body), model)
    assert "targets.yaml" in str(info.value) and message in str(info.value)


def test_balance_check_exits_1_naming_the_target_that_falls_short(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    hint = '    hint: {nl: "Maak het lichter.", en: "Make it lighter."}\n'
    impossible = write_targets(
        tmp_path, TARGET.format(id="never_burns_out", bound="max: -1") + hint
    )
    args = ["balance", "--check", "--scenario", SID, "--targets", str(impossible)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "FAIL never_burns_out" in out and "fall short" in out
    assert "-> Make it lighter." in out  # what to change, in the teacher's language (LANG=en)
    fine = write_targets(tmp_path, TARGET.format(id="burns_out_at_times", bound="max: 1"))
    assert main([*args[:-1], str(fine)]) == 0


def test_the_shipped_targets_file_names_what_the_model_has() -> None:
    model = load_model()
    cal = load_calibration(model=model)
    assert cal.runs >= 20_000 and cal.claim_share_margin >= 0.05 and cal.claim_meter_margin >= 5
    assert {t.measure for t in cal.targets} >= {"share", "beats", "pinned", "swap_changes"}


def test_simulate_tries_starting_meters_and_refuses_a_wrong_name(capsys) -> None:  # type: ignore[no-untyped-def]
    base = ["simulate", "--scenario", SID, "--runs", "2000", "--seed", "6", "--json"]
    assert main(base) == 0
    plain = json.loads(capsys.readouterr().out)
    assert main([*base, "--set", "start.energy=15"]) == 0
    tired = json.loads(capsys.readouterr().out)
    burnt = {"burnout_carried_on", "burnout_collapsed"}
    share = lambda d: sum(d["endings"].get(e, 0) for e in burnt)  # noqa: E731
    assert share(tired) > share(plain)
    assert main([*base, "--set", "start.energie=15"]) == 2
    assert "did you mean start.energy" in capsys.readouterr().err
