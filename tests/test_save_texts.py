"""Save and class-code errors are worded from content/ui-saves.yaml in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.classroom import classcode
from game.cli import main
from game.content.save_texts import Phrase, said, table
from game.engine.model import Model
from game.files.safeio import NotReadable, read_limited
from game.files.textsafe import text_issue
from game.i18n import LANGS, MissingText
from game.saves import best_person as saves

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"
BROKEN = ROOT / "tests" / "fixtures" / "saves" / "broken"

# A key written out where an error is raised or a phrase made: SaveError(path, "saveerr.x"),
# bad("saveerr.x"), Phrase("saveerr.x"), ClassCodeError("classcode.x"), f"saveerr.x.{kind}".
KEY = re.compile(r"""["']((?:saveerr|classcode)\.[a-z0-9_.]+?)(\.)?["'{]""")


def keys_in_code() -> dict[str, str]:
    """Every literal save/class-code error key in game/ -> the first file naming it;
    a key built from a kind (``f"saveerr.file.{exc.kind}"``) is listed as its prefix."""
    found: dict[str, str] = {}
    for path in sorted(GAME.rglob("*.py")):
        for key, dot in KEY.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key + dot, str(path.relative_to(GAME)))
    return found


def kinds() -> dict[str, set[str]]:
    """The values a built key's last part takes: textsafe's issues and safeio's kinds,
    read from the code that makes them (so a new kind cannot go without its text)."""
    textsafe = (GAME / "files" / "textsafe.py").read_text(encoding="utf-8")
    safeio = (GAME / "files" / "safeio.py").read_text(encoding="utf-8")
    return {
        "saveerr.text.": set(re.findall(r'return \("(\w+)",', textsafe)),
        "saveerr.file.": set(re.findall(r'NotReadable\(\s*f?"[^"]*",\s*"(\w+)"', safeio)),
    }


def test_every_save_error_key_in_the_code_has_every_language() -> None:
    tab = table()
    used = keys_in_code()
    assert len(used) > 80  # the scan really sees the raise lines of saves, atomicio, classcode
    built = kinds()
    assert built["saveerr.text."] == {"surrogate", "control"}
    assert built["saveerr.file."] == {"missing", "folder", "os", "device", "too_large"}
    # and they are the kinds the code really gives
    assert text_issue("\ud800") == ("surrogate", "") and text_issue("x\x1b") == (
        "control",
        "U+001B",
    )
    with pytest.raises(NotReadable) as gone:
        read_limited("/nonexistent/x.json", 10, "a save")
    assert gone.value.kind == "missing"
    names = [k for k in used if not k.endswith(".")]
    names += [prefix + kind for prefix in used if prefix.endswith(".") for kind in built[prefix]]
    missing = [
        f"{used.get(k, k)}: {k}"
        for k in sorted(names)
        if not all(tab.get(k, {}).get(lang) for lang in LANGS)
    ]
    assert not missing, missing


def test_every_save_text_is_used_and_fits_the_same_values_in_every_language() -> None:
    used = keys_in_code()
    built = {p + k for p, ks in kinds().items() for k in ks}
    for key, texts in table().items():
        assert key in used or key in built, f"{key} is in ui-saves.yaml but no code names it"
        fields = {lang: set(re.findall(r"{(\w+)}", texts[lang])) for lang in LANGS}
        assert all(f == fields[LANGS[0]] for f in fields.values()), (key, fields)


def test_an_error_is_worded_per_reader_and_str_stays_english(tmp_path: Path) -> None:
    with pytest.raises(saves.SaveError) as err:
        saves.safe_name("a" * 100)
    e = err.value
    shown = repr("a" * 100)[:80]
    assert str(e) == f"{shown}: a save name is at most 64 characters"
    assert e.shown("nl") == f"{shown}: een savenaam heeft hoogstens 64 tekens"
    assert e.message == "a save name is at most 64 characters"
    assert said(e, "nl") == e.shown("nl") and said(OSError("x"), "nl") == "x"
    with pytest.raises(classcode.ClassCodeError) as cerr:
        classcode.parse("hallo", {})
    assert "is not a class code" in str(cerr.value)
    assert "is geen klascode" in cerr.value.shown("nl")


def test_a_reason_inside_a_message_is_worded_in_the_same_language() -> None:
    with pytest.raises(saves.SaveError) as err:
        saves.clean_student("Anna\x1b[2J")
    assert err.value.text("en") == "a name cannot be used: it holds a control character (U+001B)"
    assert err.value.text("nl") == "deze naam kan niet: hij bevat een stuurteken (U+001B)"
    assert Phrase("saveerr.os.disk_full").text("nl") == "de schijf is vol"


def test_an_unknown_key_is_a_bug_in_tests() -> None:
    with pytest.raises(MissingText):
        str(saves.SaveError("x.json", "saveerr.no_such_key"))


def test_a_dutch_teacher_sees_a_damaged_save_in_dutch(
    model: Model, capsys: pytest.CaptureFixture[str]
) -> None:
    truncated = BROKEN / "truncated.json"
    assert main(["saves", "check", "--lang", "nl", str(truncated)]) == 1
    err = capsys.readouterr().err
    assert "truncated.json: afgebroken: het bestand houdt midden in de save op" in err
    assert "truncated:" not in err
    # the same file for an English teacher (LANG=en_GB in the tests)
    assert main(["saves", "check", str(truncated)]) == 1
    assert "truncated.json: truncated: the file ends in the middle of the save" in (
        capsys.readouterr().err
    )


def test_a_dutch_teacher_sees_a_bad_report_file_and_class_code_in_dutch(
    model: Model, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--lang", "nl", str(BROKEN / "binary.json")]) == 1
    assert "geen save: binaire gegevens, geen tekst" in capsys.readouterr().err
    code = main(
        ["play", "--plain", "--lang", "nl", "--class-code", "zz", "--save-dir", str(tmp_path)]
    )
    assert code == 2
    assert "'zz' is geen klascode" in capsys.readouterr().err


def test_a_dutch_teacher_reads_why_an_edited_save_does_not_replay_in_dutch(
    model: Model,
    scenario_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    import game.commands.common as common
    from game.engine import Game

    monkeypatch.setattr(common, "model_or_exit", lambda lang=None: model)
    g = Game(model, model.scenarios[scenario_id], 5)
    for _ in range(3):
        g.choose(g.open_choices().index(True) if g.event else 0)
    good = saves.save_as(g, tmp_path, "bezig")
    data = json.loads(good.read_text(encoding="utf-8"))
    data["snapshot"]["meters"]["energy"] = 100 - data["snapshot"]["meters"]["energy"] / 2
    data["history"][1]["after"][0] += 7
    good.write_text(json.dumps(data), encoding="utf-8")
    assert main(["saves", "check", "--lang", "nl", str(good)]) == 1
    err = capsys.readouterr().err
    assert "bezig.json: momentopname: energy is " in err and " bij opnieuw afspelen" in err
    assert "bezig.json: beurt 2, erna: " in err
    assert "in the file" not in err and "on replay" not in err
    with pytest.raises(saves.SaveError) as loading:
        saves.load(model, good)
    assert "snapshot: energy is" in str(loading.value)
    assert "speelt niet opnieuw af tot de momentopname" in loading.value.shown("nl")
    assert "momentopname: energy is" in loading.value.shown("nl")
