"""The validator's messages are content (content/ui-validate.yaml): worded in the teacher's
language where they are shown, English in ``str(exc)`` and ``.message`` for logs and tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.content import ContentInvalid, load_policy_file
from game.content.messages import Said, said

BROKEN = Path(__file__).parent / "fixtures" / "broken"


def _event_file(tmp_path: Path) -> Path:
    path = tmp_path / "events" / "stray.yaml"
    path.parent.mkdir()
    path.write_text("events:\n  - id: rare_ding\n    part: B\n    sorce: essay 1-2\n", "utf-8")
    return path


def test_validate_lang_nl_prints_the_dutch_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _event_file(tmp_path)
    assert main(["validate", str(path), "--lang", "nl"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:4: gebeurtenis rare_ding: onbekend veld 'sorce' (bedoel je 'source'?)" in err
    assert f"{path}:2: gebeurtenis rare_ding: veld 'title' ontbreekt" in err
    assert "unknown field" not in err and "missing" not in err


def test_validate_lang_en_prints_the_english_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _event_file(tmp_path)
    assert main(["validate", str(path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:4: event rare_ding: unknown field 'sorce' (did you mean 'source'?)" in err
    assert "gebeurtenis" not in err


def test_validate_follows_lang_of_the_system(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    path = _event_file(tmp_path)
    assert main(["validate", str(path)]) == 1
    assert "veld 'title' ontbreekt" in capsys.readouterr().err


def test_the_error_carries_key_and_values_and_stays_english_in_logs(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text("name: x\nweights: {dance: 5}\n", "utf-8")
    with pytest.raises(ContentInvalid) as info:
        load_policy_file(policy, {})
    problem = info.value.problems[0]
    assert problem.key == "validate.with_hint" or problem.key == "validate.policy.tag"
    assert problem.message.startswith("policy x: unknown tag 'dance'")
    assert str(problem) == f"{policy}:2: {problem.message}"
    assert problem.text("nl").startswith("beleid x: onbekende tag 'dance'")
    assert problem.worded("nl", "p.yaml") == f"p.yaml:2: {problem.text('nl')}"


def test_a_value_that_is_a_message_is_worded_in_the_same_language() -> None:
    where = said("validate.where.choice", where=said("validate.where.event", id="e"), n=2)
    message = said("validate.missing_field", where=where, field="'label'")
    assert isinstance(message, Said)
    assert str(message) == "event e, choice 2: missing field 'label'"
    assert message.word("nl") == "gebeurtenis e, keuze 2: veld 'label' ontbreekt"


def test_every_validate_key_in_the_code_has_both_languages() -> None:
    """Also the keys chosen by a condition (``"a" if x else "b"``), which the literal
    check in test_i18n.py does not see."""
    import re

    from game.content.paths import content_dir
    from game.content.ui_table import read_table
    from game.i18n import LANGS

    table = read_table(content_dir() / "ui-validate.yaml", "ui-validate")
    game = Path(__file__).parent.parent / "game"
    named = {
        key
        for path in game.rglob("*.py")
        for key in re.findall(r"""["'](validate\.[a-z0-9_.]+)["']""", path.read_text("utf-8"))
    }
    assert len(named) > 100  # the scan sees the validator
    missing = sorted(k for k in named if not all(table.get(k, {}).get(lang) for lang in LANGS))
    assert not missing, missing


def test_dutch_and_english_messages_take_the_same_values() -> None:
    """A Dutch text that forgot (or invented) a value would show wrong words or fail."""
    from string import Formatter

    from game.content.paths import content_dir
    from game.content.ui_table import read_table

    table = read_table(content_dir() / "ui-validate.yaml", "ui-validate")

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    odd = [k for k, v in table.items() if fields(v["nl"]) != fields(v["en"])]
    assert not odd, odd


def test_what_validate_loaded_is_listed_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ingebouwd: ")
    assert "scenario's" in out.splitlines()[-1] and "gebeurtenissen" in out.splitlines()[-1]
    assert main(["validate", "--lang", "en"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("ok: ") and " scenarios, " in last and " events, " in last


def test_the_app_words_a_content_problem_in_its_language() -> None:
    from game.content.yamlsafe import ContentError, problem_text

    problem = ContentError("events/x.yaml", 3, said("validate.no_source", where="event x"))
    assert problem_text(problem, "nl") == (
        "events/x.yaml:3: event x: bron ontbreekt (de passage uit het essay waar het vandaan komt)"
    )
    assert problem_text(problem, "en") == str(problem)
    assert problem_text(ValueError("plain"), "nl") == "plain"
