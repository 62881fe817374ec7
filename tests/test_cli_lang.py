"""The teacher's commands speak Dutch or English: --help, messages and --version."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from game.cli import build_parser, default_lang, main

TEACHER_COMMANDS = (["code"], ["saves"], ["saves", "check"], ["class"], ["report"], ["whatif"])


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main([*argv, "--help"]) == 0
    return capsys.readouterr().out


def test_version_comes_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"koorddanser {version('koorddanser')}"


def test_language_defaults_from_lang() -> None:
    assert default_lang({"LANG": "en_US.UTF-8"}) == "en"
    assert default_lang({"LANG": "nl_BE.UTF-8"}) == "nl"
    assert default_lang({"LANG": "C.UTF-8"}) == "nl" and default_lang({}) == "nl"


@pytest.mark.parametrize("argv", TEACHER_COMMANDS)
def test_teacher_help_in_both_languages_with_an_example(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    nl = _help(argv, capsys)
    en = _help([*argv, "--lang", "en"], capsys)
    assert nl.startswith("gebruik: koorddanser ") and "opties:" in nl and "Voorbeelden:" in nl
    assert en.startswith("usage: koorddanser ") and "options:" in en and "Examples:" in en
    assert "toon deze hulp" in nl and "show this help" in en
    for text in (nl, en):
        assert "cli." not in text, "a key without a string"
        example = text.split("\n  koorddanser ", 1)[1]
        assert example.split()[0] == argv[0], "the example runs the command it documents"


def test_every_option_of_a_teacher_command_has_help_in_both_languages() -> None:
    for lang in ("nl", "en"):
        parser = build_parser(lang)
        sub = next(a for a in parser._actions if a.dest == "command").choices
        for name in ("code", "saves", "class", "report", "whatif", "play"):
            for action in sub[name]._actions:
                if action.help is not None and action.dest != "help":
                    assert action.help and not action.help.startswith("cli."), (name, action)


def test_messages_follow_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert main(["code", "--scenario", "nergens"]) == 2
    assert "onbekend scenario 'nergens'" in capsys.readouterr().err
    assert main(["saves", "--save-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("Geen saves in")
    assert main(["saves", "check", str(tmp_path), "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip() == "no save files found"
