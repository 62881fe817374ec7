"""Issue 10.3 and 10.5: text from a file is refused at load when it is not text, and is
shown inert (no markup, no escape sequences, no HTML) everywhere else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine.model import Model
from game.files.textsafe import markdown_text, printable
from game.saves import best_person as saves


def no_control(text: str) -> bool:
    return not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) < 0xA0 for c in text)


@pytest.mark.parametrize(
    "fields",
    [
        {"class_code": "\ud800"},
        {"class_code": "\x1b[2J\x1b[H"},
        {"student": "Anna\x07"},
        {"scenario": "x\u202e"},
        {"snapshot": {"turn": 0, "year": 2010, "season": 1, "event": "\x1b]0;pwned\x07", "meters": {}}},
    ],
    ids=["surrogate", "escape", "bell", "bidi", "nested-escape"],
)
def test_a_bad_string_anywhere_is_refused_with_one_line_by_every_reader(
    model: Model, tmp_path: Path, write_save, cli, fields: dict  # type: ignore[no-untyped-def]
) -> None:
    bad = write_save(tmp_path / "class" / "bad.json", **fields)
    write_save(tmp_path / "class" / "good.json", seed=2)
    with pytest.raises(saves.SaveError) as err:
        saves.load(model, bad)
    assert "\n" not in str(err.value) and no_control(str(err.value))
    code, out, errout = cli("saves", "check", str(bad))
    assert code == 1 and "bad.json" in errout and no_control(errout)
    assert cli("report", str(bad))[0] == 1
    code, out, errout = cli("class", str(tmp_path / "class"), "--baseline-runs", "50", "--lang", "nl")
    assert code == 0 and "bad.json" in out and no_control(out)  # the overview, plus one line
    assert "1 afgekeurd" in out and "1 uitgespeeld" in out
    code, out, _ = cli("class", str(tmp_path / "class"), "--json", "--baseline-runs", "50")
    assert json.loads(out)["finished"] == 1 and no_control(out)


def test_markup_in_a_class_code_is_text_in_reports_and_markdown_escapes_html(
    tmp_path: Path, write_save, cli  # type: ignore[no-untyped-def]
) -> None:
    path = write_save(tmp_path / "m.json", class_code="[/]<script>alert(1)</script>")
    code, md, _ = cli("report", str(path))
    assert code == 0 and "<script>" not in md and "&lt;script&gt;" in md
    code, page, _ = cli("report", str(path), "--format", "html")
    assert code == 0 and "<script>" not in page
    # A line break in a field cannot fake a heading in Markdown.
    assert "\n" not in markdown_text("x\n# fake heading") and "<" not in markdown_text("<b>")


def test_saves_listing_shows_escape_sequences_in_file_names_inert(
    tmp_path: Path, write_save, cli  # type: ignore[no-untyped-def]
) -> None:
    write_save(tmp_path / "\x1b[2Jwipe.json")
    code, out, _ = cli("saves", "--save-dir", str(tmp_path))
    assert code == 0 and "\\x1b[2Jwipe" in out and no_control(out)
    assert printable("a\x1bb\u202ec") == "a\\x1bb\\u202ec"


async def test_the_app_survives_markup_in_class_code_event_and_folder(
    model: Model, scenario_id: str, tmp_path: Path, write_save  # type: ignore[no-untyped-def]
) -> None:
    from game.tui import KoorddanserApp
    from game.tui.game_screen import GameScreen
    from game.tui.title_screen import TitleScreen

    folder = tmp_path / "[/b]saves[/]"
    # A class code of "[/]" is valid text; a snapshot event "[/]" only loads (with a note
    # that names it) when the content changed.
    write_save(folder / "a.json", turns=3, class_code="[/]", content_hash="0" * 16)
    data = json.loads((folder / "a.json").read_text(encoding="utf-8"))
    data["snapshot"]["event"] = "[/]"
    (folder / "a.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    app = KoorddanserApp(save_dir=folder, model=model)
    app.cursor_blink = False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause(0.3)
        assert isinstance(app.screen, GameScreen) and app.class_code == "[/]"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await app.load_game(folder / "broken.json")  # the error names the [/b] folder
        await pilot.press("l")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code in (None, 0)
