"""The command-line contract of `simulate` (DESIGN.md) and its handling of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["simulate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_simulate_json_contract(capsys: pytest.CaptureFixture[str], scenario_id: str) -> None:
    out = run_json(capsys, "--scenario", scenario_id, "--runs", "500", "--seed", "3", "--per-run")
    assert set(out) == {
        "scenario",
        "runs",
        "seed",
        "policy",
        "endings",
        "ending_info",
        "final",
        "exit_turn",
        "per_run",
    }
    assert (
        out["scenario"] == scenario_id
        and out["runs"] == 500
        and out["seed"] == 3
        and out["policy"] == "random"
    )
    assert sum(out["endings"].values()) == 500
    assert set(out["ending_info"]) == set(out["endings"])
    assert all(set(v) == {"person", "initiative"} for v in out["ending_info"].values())
    assert 0 <= out["final"]["energy"] <= 100 and 1 <= out["exit_turn"] <= 20
    assert len(out["per_run"]) == 500 and {"ending", "exit_turn"} == set(out["per_run"][0])


def test_per_run_prefix_does_not_depend_on_runs(
    capsys: pytest.CaptureFixture[str], scenario_id: str
) -> None:
    few = run_json(capsys, "--scenario", scenario_id, "--runs", "50", "--seed", "8", "--per-run")
    many = run_json(capsys, "--scenario", scenario_id, "--runs", "2000", "--seed", "8", "--per-run")
    assert few["per_run"] == many["per_run"][:50]


def test_world_setting_and_policy_file(
    capsys: pytest.CaptureFixture[str], scenario_id: str, tmp_path: Path
) -> None:
    pol = tmp_path / "fighter.yaml"
    pol.write_text(
        "name: fighter\nweights: {conflict_top: 10, conflict_below: 10}\n", encoding="utf-8"
    )
    out = run_json(
        capsys,
        "--scenario",
        scenario_id,
        "--runs",
        "300",
        "--seed",
        "1",
        "--policy",
        str(pol),
        "--set",
        "world.grant_years=4",
    )
    assert out["policy"] == "fighter"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runs", "0"], "must be at least 1"),
        (["--runs", "-3"], "must be at least 1"),
        (["--runs", "many"], "expected a whole number"),
        (["--runs", "5", "--scenario", "atlantis"], "unknown scenario 'atlantis'"),
        (["--runs", "5", "--policy", "lazy"], "unknown policy 'lazy'"),
        (["--runs", "5", "--set", "world.sunshine=3"], "unknown world setting"),
        (["--runs", "5", "--set", "world.grant_years=lots"], "is not a number"),
        (["--runs", "5", "--set", "grant_years"], "expects world.KEY=VALUE"),
    ],
)
def test_bad_input_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], scenario_id: str, args: list[str], message: str
) -> None:
    full = (
        ["simulate", "--seed", "1"]
        + (["--scenario", scenario_id] if "--scenario" not in args else [])
        + args
    )
    assert main(full) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err


def test_malformed_policy_file(
    capsys: pytest.CaptureFixture[str], scenario_id: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nweights: [1, 2\n", encoding="utf-8")
    assert (
        main(
            [
                "simulate",
                "--scenario",
                scenario_id,
                "--runs",
                "5",
                "--seed",
                "1",
                "--policy",
                str(bad),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.yaml" in err[0] and "invalid YAML" in err[0]


def test_console_entry_runs_as_module(scenario_id: str) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "simulate",
            "--scenario",
            scenario_id,
            "--runs",
            "10",
            "--seed",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0 and scenario_id in out.stdout
