"""`koorddanser validate` on the built-in content and on broken files: one located line per problem."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

BROKEN = Path(__file__).parent / "fixtures" / "broken"


def test_builtin_content_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True
    assert out["scenarios"] >= 1 and out["events"] >= 24 and out["endings"] >= 6
    assert out["rules"] >= 8 and out["choices"] >= 2 * out["events"]


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("unknown_meter.yaml", 12, "unknown meter 'happiness'"),
        ("unknown_tag.yaml", 14, "unknown tag 'dance'"),
        ("bad_expression.yaml", 12, "energy: expected a number"),
        ("missing_translation.yaml", 6, "text is missing its en translation"),
        ("duplicate_id.yaml", 2, "is also defined in"),
        ("missing_follow_up.yaml", 12, "follow-up to a missing event 'no_such_event'"),
        ("missing_source.yaml", 2, "missing source"),
        ("malformed.yaml", 3, "a quote opened here is never closed"),
        ("bad_scenario.yaml", 1, "missing field 'code'"),
        ("bad_scenario.yaml", 7, "start.energy must be a number 0-100"),
        ("bad_scenario.yaml", 7, "unknown meter 'charisma'"),
        ("bad_scenario.yaml", 8, "unknown setting 'weather'"),
        ("bad_policy.yaml", 2, "unknown tag 'bribery'"),
        ("bad_policy.yaml", 2, "weight of alliance must be a number"),
        ("python_tag.yaml", 1, "not allowed"),
        ("bad_exclude.yaml", 6, "'cultuurhuis_zwolle' is both included and excluded"),
        ("bad_exclude.yaml", 21, "unknown scenario 'atlantis'"),
    ],
)
def test_broken_file_is_located(
    capsys: pytest.CaptureFixture[str], name: str, line: int, message: str
) -> None:
    assert main(["validate", str(BROKEN / name)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    wanted = [e for e in err if message in e]
    assert wanted, f"no line with {message!r} in {err}"
    assert wanted[0].split(": ")[0].endswith(f"{name}:{line}"), wanted[0]


def test_missing_path_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_no_traceback_from_the_real_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(BROKEN / "python_tag.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "owned" not in out.stdout + out.stderr
