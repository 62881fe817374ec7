"""Command-line errors from game/commands/common.py are worded from content/ui-cli.yaml."""

from __future__ import annotations

import argparse

import pytest

from game.commands import common


@pytest.mark.parametrize(
    ("lang", "free", "words"),
    [
        ("en", 2_000_000_000, "--runs 5000000 needs about 10.0 GB of memory; this machine has 2.0 GB free"),
        ("nl", 2_000_000_000, "--runs 5000000 vraagt ongeveer 10.0 GB geheugen; deze computer heeft 2.0 GB vrij"),
        ("en", None, "this machine has a fixed limit: use at most 50,000,000 runs"),
        ("nl", None, "deze computer heeft een vaste grens: gebruik hooguit 50,000,000 runs"),
    ],
)
def test_too_many_runs_is_said_in_the_teachers_language(
    monkeypatch: pytest.MonkeyPatch, lang: str, free: int | None, words: str
) -> None:
    monkeypatch.setenv("LANG", f"{lang}_NL.UTF-8")
    monkeypatch.setattr(common, "available_memory", lambda: free)
    runs = 5_000_000 if free is not None else 60_000_000
    with pytest.raises(common.UsageError) as info:
        common.runs_within_memory(runs)
    assert words in str(info.value)
    assert common.runs_within_memory(1000) == 1000


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "--scheduler expects tcp://HOST:PORT (a Dask scheduler), got 'foo'"),
        ("nl", "--scheduler verwacht tcp://HOST:POORT (een Dask-scheduler), niet 'foo'"),
    ],
)
def test_a_bad_scheduler_address_is_said_in_the_teachers_language(
    monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    monkeypatch.setenv("LANG", f"{lang}_NL.UTF-8")
    with pytest.raises(common.UsageError) as info:
        common.where_or_exit(argparse.Namespace(scheduler="foo", workers=None))
    assert str(info.value) == words


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "argument --runs: expected a whole number, got 'many'"),
     ("nl", "argument --runs: verwacht een geheel getal, niet 'many'")],
)
def test_a_bad_number_is_said_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], lang: str, words: str
) -> None:
    from game.cli import main

    argv = ["simulate", "--scenario", "x", "--runs", "many", "--seed", "1", "--lang", lang]
    assert main(argv) == 2
    assert words in capsys.readouterr().err
