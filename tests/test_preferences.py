"""Preferences remembered in a settings file: defaults, bad files, and `play` options."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from game.commands.play import preferences
from game.saves import settings


def test_no_file_gives_the_defaults_silently(tmp_path: Path) -> None:
    assert settings.load(tmp_path / "none.json") == (settings.Settings(), None)


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.json"
    wanted = settings.Settings(lang="en", theme="koorddanser-contrast", hints=True, undo=False)
    settings.save(wanted, path)
    assert settings.load(path) == (wanted, None)


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[1, 2]", b"\xff\xfe\x00", b'"text"', b"{" * 5000 + b"}" * 5000],
)
def test_a_corrupt_file_gives_defaults_and_one_warning(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    got, warning = settings.load(path)
    assert got == settings.Settings()
    assert warning is not None and str(path) in warning and "\n" not in warning


def test_bad_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"lang": "fr", "hints": "yes", "undo": False}), encoding="utf-8")
    got, warning = settings.load(path)
    assert got == settings.Settings(undo=False)
    assert warning is not None and "lang" in warning and "hints" in warning


def test_the_env_var_chooses_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.ENV, str(tmp_path / "cfg"))
    assert settings.settings_path() == tmp_path / "cfg" / "settings.json"
    settings.update(hints=True)
    assert json.loads((tmp_path / "cfg" / "settings.json").read_text())["hints"] is True


def test_play_options_are_remembered_and_a_bad_theme_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = argparse.Namespace(lang="en", theme="contrast")
    assert preferences(args) == settings.Settings(lang="en", theme="koorddanser-contrast")
    again = preferences(argparse.Namespace(lang=None, theme=None))
    assert again.lang == "en" and again.theme == "koorddanser-contrast"
    from game.cli import main

    assert main(["play", "--theme", "purple"]) == 2
    assert "purple" in capsys.readouterr().err


def test_a_corrupt_file_warns_once_when_playing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings.settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings.settings_path().write_text("{oops", encoding="utf-8")
    got = preferences(argparse.Namespace(lang=None, theme=None))
    assert got == settings.Settings()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "settings.json" in err[0]
