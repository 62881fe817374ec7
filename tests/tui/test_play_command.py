"""`koorddanser play`: the app by default, plain text with --plain, a bad scenario refused."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from game.cli import main


def test_an_unknown_scenario_is_refused_before_the_screen_opens(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["play", "--scenario", "nowhere"]) == 2
    assert "unknown scenario" in capsys.readouterr().err


def test_plain_mode_plays_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nq\n"))
    code = main(["play", "--plain", "--seed", "4", "--lang", "en", "--save-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Turn 1 of 20" in out or "turn 1" in out.lower()
    assert list(tmp_path.glob("*.json"))


def test_the_app_starts_and_quits_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from game.tui import KoorddanserApp

    seen = {}

    def fake_run(self: KoorddanserApp) -> None:
        seen.update(
            lang=self.lang, seed=self.default_seed, save_dir=self.save_dir, model=self.model
        )

    monkeypatch.setattr(KoorddanserApp, "run", fake_run)
    assert main(["--lang", "en", "--seed", "12", "--save-dir", str(tmp_path)]) == 0
    assert seen == {"lang": "en", "seed": 12, "save_dir": tmp_path, "model": None}


def test_a_class_code_fixes_scenario_and_seed_when_the_parser_offers_it(
    model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import argparse

    from game.classroom import classcode
    from game.commands import play
    from game.tui import KoorddanserApp

    sid = sorted(model.scenarios)[-1]
    code = classcode.make(model.scenarios[sid], 1420).lower()
    seen = {}

    def fake_run(self: KoorddanserApp) -> None:
        seen.update(scenario=self.default_scenario, seed=self.default_seed, code=self.class_code)

    monkeypatch.setattr(KoorddanserApp, "run", fake_run)
    args = argparse.Namespace(
        plain=False, scenario=None, seed=None, lang="nl", save_dir=str(tmp_path), class_code=code
    )
    assert play.run(args) == 0
    assert seen == {"scenario": sid, "seed": 1420, "code": classcode.make(model.scenarios[sid], 1420)}


def test_the_title_screen_needs_neither_numpy_nor_the_content_loader() -> None:
    import subprocess

    code = (
        "import sys, game.cli, game.commands.play, game.tui; "
        # the content package's light text modules may come along; its loader and YAML may not
        "bad = [m for m in ('numpy', 'yaml', 'game.content.loader', 'game.engine', 'dask', "
        "'distributed') if m in sys.modules] + "
        "[m for m in sys.modules if m.startswith('game.content.read_')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
