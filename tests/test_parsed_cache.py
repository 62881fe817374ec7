"""The parsed-strings cache: a shortcut that never serves strings the YAML no longer says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.commands.common import CliStrings
from game.content import parsed_cache, yamlsafe
from game.tui.strings import StringsError, read_strings

UI = 'strings:\n  title.name:\n    nl: "Koorddanser"\n    en: "Tightrope"\n'


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(parsed_cache.ENV, str(folder))
    return folder


def test_second_read_comes_from_the_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ui = tmp_path / "ui.yaml"
    ui.write_text(UI, encoding="utf-8")
    first = read_strings(ui)
    assert first == {"title.name": {"nl": "Koorddanser", "en": "Tightrope"}}
    assert (cache / "ui-strings.json").is_file()

    def refuse(*_args: object, **_kw: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlsafe, "load_file", refuse)
    assert read_strings(ui) == first


def test_an_edited_file_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    ui = tmp_path / "ui.yaml"
    ui.write_text(UI, encoding="utf-8")
    read_strings(ui)
    ui.write_text(UI.replace("Tightrope", "Rope dancer"), encoding="utf-8")
    assert read_strings(ui)["title.name"]["en"] == "Rope dancer"


def test_a_broken_file_says_so_even_with_a_cache(tmp_path: Path, cache: Path) -> None:
    ui = tmp_path / "ui.yaml"
    ui.write_text(UI, encoding="utf-8")
    read_strings(ui)
    ui.write_text("strings: [unclosed\n", encoding="utf-8")
    with pytest.raises(StringsError, match="ui.yaml"):
        read_strings(ui)
    ui.unlink()
    with pytest.raises(StringsError, match="no such file"):
        read_strings(ui)


@pytest.mark.parametrize(
    "stored",
    [
        "not json {",
        "[]",
        '{"format": 1, "key": "KEY", "table": {"title.name": {"nl": 3, "en": "x"}}}',
        '{"format": 1, "key": "KEY", "table": {"title.name": "plain"}}',
        '{"format": 1, "key": "KEY", "table": {"title.name": {"nl": "x"}}}',
        '{"format": 1, "key": "KEY", "table": [1, 2]}',
        '{"format": 1, "key": "other", "table": {"title.name": {"nl": "x", "en": "x"}}}',
    ],
)
def test_a_changed_cache_file_is_ignored(tmp_path: Path, cache: Path, stored: str) -> None:
    ui = tmp_path / "ui.yaml"
    ui.write_text(UI, encoding="utf-8")
    expected = read_strings(ui)
    file = cache / "ui-strings.json"
    key = json.loads(file.read_text(encoding="utf-8"))["key"]
    file.write_text(stored.replace("KEY", key), encoding="utf-8")
    assert read_strings(ui) == expected


def test_a_tampered_table_with_the_right_key_is_what_is_served_only_if_well_formed(
    tmp_path: Path, cache: Path
) -> None:
    # The cache is a shortcut for this user's own files: a well-formed entry is used as is
    # (that is what makes it fast); the check only guarantees the table's shape.
    ui = tmp_path / "ui.yaml"
    ui.write_text(UI, encoding="utf-8")
    read_strings(ui)
    file = cache / "ui-strings.json"
    doc = json.loads(file.read_text(encoding="utf-8"))
    doc["table"]["title.name"]["en"] = "from the cache"
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert read_strings(ui)["title.name"]["en"] == "from the cache"


def test_no_usable_cache_folder_still_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = tmp_path / "ui.yaml"
    ui.write_text(UI, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(parsed_cache.ENV, str(blocker / "cache"))
    assert read_strings(ui)["title.name"]["nl"] == "Koorddanser"
    monkeypatch.setenv(parsed_cache.ENV, "off")
    assert parsed_cache.cache_dir() is None
    assert read_strings(ui)["title.name"]["nl"] == "Koorddanser"


def test_the_command_line_strings_are_cached_too(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = CliStrings("en")("cli.version")
    assert before != "cli.version"
    assert (cache / "ui-cli.json").is_file()

    def refuse(*_args: object, **_kw: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlsafe, "load_file", refuse)
    assert CliStrings("en")("cli.version") == before
    assert CliStrings("nl")("cli.version") not in (before, "cli.version")
