"""Content of one's own: the user folder, --content, replaces:, class-code words, exclusions,
templates and the messages an author sees."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.classroom import classcode
from game.cli import main
from game.content import layers, load_model

SID = "wijkkeuken_tilburg"


@pytest.fixture(autouse=True)
def _no_extra_dirs() -> Iterator[None]:
    yield
    layers.set_extra_dirs(None)  # --content of one test must not leak into the next


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-content"
    monkeypatch.setenv("KOORDDANSER_CONTENT_DIR", str(folder))
    return folder


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_scenario(capsys: pytest.CaptureFixture[str], *extra: str) -> None:
    assert main(["new", "scenario", SID, *extra]) == 0, capsys.readouterr().err
    capsys.readouterr()


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["validate", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


EVENT = """events:
  - id: {id}
    source: "B: the everyday work; essay 586-670"
    part: B
{extra}    title: {{nl: "{title}", en: "{title} en"}}
    text: {{nl: "Een tekst.", en: "A text."}}
    choices:
      - id: one
        tags: [{tag}]
        label: {{nl: "Doe een", en: "Do one"}}
        outcome: {{nl: "Klaar.", en: "Done."}}
        effects: {{{meter}: 2}}
      - id: two
        tags: [observe]
        label: {{nl: "Doe twee", en: "Do two"}}
        outcome: {{nl: "Klaar.", en: "Done."}}
"""


def event(
    ident: str,
    title: str = "Een eigen titel",
    extra: str = "",
    tag: str = "connect",
    meter: str = "trust",
) -> str:
    return EVENT.format(id=ident, title=title, extra=extra, tag=tag, meter=meter)


# --- the user folder and --content ------------------------------------------------------


def test_the_user_folder_is_loaded_and_listed(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    new_scenario(capsys, "--city", "Tilburg")
    assert (user_dir / "scenarios" / f"{SID}.yaml").is_file()
    code, out = validate(capsys)
    assert code == 0, out["problems"]
    assert out["scenarios"] == 5
    assert {"origin": f"user folder {user_dir}", "kind": "scenario", "ids": [SID]}.items() <= {
        **out["loaded"][0]
    }.items()
    assert SID in load_model().scenarios
    assert main(["content"]) == 0
    shown = capsys.readouterr().out
    assert str(user_dir) in shown and f"{SID}.yaml" in shown


def test_content_option_on_other_commands(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "mine"
    assert main(["new", "scenario", SID, "--dir", str(folder), "--code", "KEUK"]) == 0
    capsys.readouterr()
    layers.set_extra_dirs(None)
    assert main(["code", "--scenario", SID]) == 2  # not loaded without --content
    capsys.readouterr()
    assert main(["code", "--scenario", SID, "--content", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("KEUK-")
    assert main(["simulate", "--content", str(folder), "--scenario", SID, "--runs", "50",
                 "--seed", "1", "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["runs"] == 50


def test_a_missing_content_folder_is_reported(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["validate", "--content", str(tmp_path / "nope")]) == 1
    assert "no such folder" in capsys.readouterr().err


# --- duplicates and replaces ------------------------------------------------------------


def test_a_duplicate_id_names_both_files(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    mine = write(user_dir / "events" / "mine.yaml", event("quiet_half_year"))
    code, out = validate(capsys)
    assert code == 1
    (line,) = [p for p in out["problems"] if "quiet_half_year" in p]
    assert line.startswith(f"{mine}:2:") or line.startswith("/") and "mine.yaml:2" in line
    assert "core.yaml:4" in line and "replaces: quiet_half_year" in line


def test_replaces_swaps_a_builtin_event(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(
        user_dir / "events" / "mine.yaml",
        event("quiet_half_year", "Een rustig seizoen", "    replaces: quiet_half_year\n    filler: true\n"),
    )  # fmt: skip
    code, out = validate(capsys)
    assert code == 0, out["problems"]
    model = load_model()
    ev = model.events[model.event_index("quiet_half_year")]
    assert ev.title["nl"] == "Een rustig seizoen"
    assert sum(e.id == "quiet_half_year" for e in model.events) == 1


def test_replaces_an_unknown_id_suggests_one(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(user_dir / "events" / "mine.yaml", event("calm", extra="    replaces: quiet_halfyear\n"))
    code, out = validate(capsys)
    assert code == 1
    assert any("did you mean 'quiet_half_year'" in p for p in out["problems"]), out["problems"]


def test_an_own_ending_comes_before_the_builtin_fallback(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(
        user_dir / "endings" / "mine.yaml",
        """endings:
  - id: kitchen_lives_on
    person: tightrope
    initiative: still_theirs
    source: "Still on the tightrope; essay 259-352"
    when: "completed and trust > 95"
    requires: "completed and trust > 95"
    title: {nl: "De keuken leeft", en: "The kitchen lives on"}
    story: {nl: "Verhaal.", en: "Story."}
    findings: [conclusion a]
    questions:
      - {nl: "Een?", en: "One?"}
      - {nl: "Twee?", en: "Two?"}
      - {nl: "Drie?", en: "Three?"}
""",
    )
    code, out = validate(capsys)
    assert code == 0, out["problems"]
    endings = [e.id for e in load_model().endings]
    assert endings[0] == "kitchen_lives_on" and endings[-1] != "kitchen_lives_on"


# --- class-code words -------------------------------------------------------------------


def test_the_four_scenarios_keep_their_codes(model) -> None:  # type: ignore[no-untyped-def]
    assert {s: sc.code for s, sc in model.scenarios.items()} == {
        "brugbouwer_leeuwarden": "BRUG",
        "cultuurhuis_zwolle": "CULT",
        "jongerenwerker_amsterdam": "JONG",
        "wijkwerker_denhaag": "WIJK",
    }


def test_a_new_scenario_cannot_take_over_old_codes(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    new_scenario(capsys, "--code", "KEUK")
    model = load_model()
    assert classcode.parse("WIJK-0458", model.scenarios) == ("wijkwerker_denhaag", 458)
    assert classcode.parse("keuk 0458", model.scenarios) == (SID, 458)
    assert classcode.make(model.scenarios[SID], 7) == "KEUK-0007"


def test_a_code_clash_names_both_files(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    new_scenario(capsys, "--code", "KEUK")
    path = user_dir / "scenarios" / f"{SID}.yaml"
    path.write_text(path.read_text().replace("code: KEUK", "code: CULT"), encoding="utf-8")
    code, out = validate(capsys)
    assert code == 1
    (line,) = [p for p in out["problems"] if "'CULT'" in p]
    assert f"{SID}.yaml" in line and "cultuurhuis_zwolle.yaml" in line


@pytest.mark.parametrize(
    ("code", "message"), [("Keuk", "2 to 6 capital"), (None, "missing field 'code'")]
)
def test_a_bad_or_missing_code_is_refused(user_dir: Path, capsys, code, message) -> None:  # type: ignore[no-untyped-def]
    new_scenario(capsys, "--code", "KEUK")
    path = user_dir / "scenarios" / f"{SID}.yaml"
    new = f"code: {code}" if code else ""
    path.write_text(path.read_text().replace("code: KEUK", new), encoding="utf-8")
    status, out = validate(capsys)
    assert status == 1 and any(message in p for p in out["problems"]), out["problems"]


# --- exclude_events and the events listing ----------------------------------------------


def test_exclude_events_keeps_a_shared_event_out(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    new_scenario(capsys)
    path = user_dir / "scenarios" / f"{SID}.yaml"
    text = path.read_text().replace(
        "exclude_events: []", "exclude_events: [fake_commitment]"
    )
    path.write_text(text, encoding="utf-8")
    model = load_model()
    index = model.event_index("fake_commitment")
    assert index not in model.scenarios[SID].events
    assert index in model.scenarios["cultuurhuis_zwolle"].events
    assert main(["content", "events", "--scenario", SID]) == 0
    out = capsys.readouterr().out
    assert "fake_commitment" in out.split("excluded here:")[1]
    assert "quiet_half_year" in out.split("excluded here:")[0]


def test_exclude_events_with_a_typo_suggests(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    new_scenario(capsys)
    path = user_dir / "scenarios" / f"{SID}.yaml"
    path.write_text(
        path.read_text().replace("exclude_events: []", "exclude_events: [quiet_halfyear]")
    )
    status, out = validate(capsys)
    assert status == 1
    assert any("did you mean 'quiet_half_year'" in p for p in out["problems"]), out["problems"]


# --- messages that say how to fix it ----------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "wanted"),
    [
        ({"tag": "aliance"}, "unknown tag 'aliance' (did you mean 'alliance'?)"),
        ({"meter": "energie"}, "unknown meter 'energie' (did you mean 'energy'?)"),
        ({"meter": "Steun thuis"}, "(did you mean 'home_support'?)"),
        ({"extra": "    titel: {nl: a, en: b}\n"}, "unknown field 'titel' (did you mean 'title'?)"),
        ({"extra": "    scenarios: [wijkwerker_denhag]\n"}, "(did you mean 'wijkwerker_denhaag'?)"),
    ],
)
def test_did_you_mean(user_dir: Path, capsys, kwargs, wanted) -> None:  # type: ignore[no-untyped-def]
    write(user_dir / "events" / "mine.yaml", event("mine", **kwargs))
    status, out = validate(capsys)
    assert status == 1
    assert any(wanted in p for p in out["problems"]), out["problems"]


ORPHAN = """
  - id: orphan_follow
    source: "B: the everyday work; essay 586-670"
    part: B
    follow_up_only: true
    title: {nl: "Wees", en: "Orphan"}
    text: {nl: "T.", en: "T."}
    choices:
      - {id: a, tags: [observe], label: {nl: A, en: A}, outcome: {nl: A, en: A}}
      - {id: b, tags: [observe], label: {nl: B, en: B}, outcome: {nl: B, en: B}}
"""


def test_events_that_can_never_occur_are_warned(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(user_dir / "events" / "a.yaml", event("too_late", "Te laat", "    years: [2025, 2030]\n"))
    write(
        user_dir / "events" / "b.yaml",
        event("nowhere", "Nergens", "    scenarios: [cultuurhuis_zwolle]\n"),
    )
    sends = event("sends_follow", "Stuurt door", "    years: [2030, 2031]\n").replace(
        "effects: {trust: 2}", "effects: {trust: 2}\n        follow_up: {event: orphan_follow}"
    )
    write(user_dir / "events" / "c.yaml", sends + ORPHAN)
    write(user_dir / "events" / "d.yaml", event("same_title", "Een gewoon halfjaar"))
    zwolle = Path(__file__).parent.parent / "scenarios" / "cultuurhuis_zwolle.yaml"
    text = zwolle.read_text(encoding="utf-8").replace(
        "id: cultuurhuis_zwolle", "id: cultuurhuis_zwolle\nreplaces: cultuurhuis_zwolle"
    )
    write(user_dir / "scenarios" / "zwolle.yaml", text + "exclude_events: [nowhere]\n")
    status, out = validate(capsys)
    assert status == 0, out["problems"]
    warned = "\n".join(out["warnings"])
    assert "too_late: can never occur: years 2025-2030 lies outside" in warned
    assert "nowhere: can never occur" in warned
    assert "orphan_follow: can never occur: it is follow-up only" in warned
    assert "same_title: the same title as event quiet_half_year" in warned
    assert "sends_follow: can never occur" in warned
    assert len(out["warnings"]) == 5, warned


def test_a_misspelt_study_city_is_warned_but_any_city_is_fine(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    new_scenario(capsys, "--city", "Den haag")
    status, out = validate(capsys)
    assert status == 0
    assert any("city 'Den haag' (did you mean 'Den Haag'?)" in w for w in out["warnings"])
    assert main(["new", "scenario", "other_place", "--city", "Rotterdam"]) == 0
    capsys.readouterr()
    status, out = validate(capsys)
    assert not [w for w in out["warnings"] if "Rotterdam" in w]


# --- templates --------------------------------------------------------------------------


def test_templates_validate_as_they_are_and_are_never_overwritten(user_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    new_scenario(capsys)
    for k in range(6):
        assert main(["new", "event", f"keuken_{k}", "--scenario", SID]) == 0
    capsys.readouterr()
    status, out = validate(capsys)
    assert status == 0, out["problems"]
    assert out["scenarios"] == 5
    model = load_model()
    own = [
        model.events[i].id for i in model.scenarios[SID].events if "keuken" in model.events[i].id
    ]
    assert len(own) == 6
    target = user_dir / "events" / "keuken_0.yaml"
    before = target.read_bytes()
    assert main(["new", "event", "keuken_0", "--scenario", SID]) == 2
    assert "already" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert target.read_text().startswith("# yaml-language-server: $schema=file://")


@pytest.mark.parametrize(
    ("text", "line", "wanted"),
    [
        ("events:\n  - id: a\n\ttitle: x\n", 3, "a tab in the indentation"),
        ("events:\n  - id: a\n    title: x\n   text: y\n", 4, "must start in the same column"),
        ("events:\n  - id: a\n    title: x\n      text: y\n", 4, "indented deeper than the key"),
        ("events:\n  - id: a\n    text: Let op: dit\n", 3, "put the text in quotes"),
        ('events:\n  - id: a\n    title: {nl: "x, en: y}\n', 3, "never closed"),
        ("events:\n  - id: a\n    title\n    text: b\n", 3, "a missing ':'"),
    ],
)
def test_yaml_mistakes_in_plain_words(tmp_path: Path, capsys, text, line, wanted) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "mine.yaml", text)
    assert main(["validate", str(path)]) == 1
    (err,) = capsys.readouterr().err.strip().splitlines()
    assert f"mine.yaml:{line}: invalid YAML: " in err and wanted in err, err


# --- preview and play --force -----------------------------------------------------------


def test_preview_fits_80_columns_and_shows_moves_and_why(capsys) -> None:  # type: ignore[no-untyped-def]
    args = ["preview", "new_contact_official", "--scenario", "cultuurhuis_zwolle", "--year", "2014"]
    assert main([*args, "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in out) <= 80
    assert out[0] == "Preview of new_contact_official in cultuurhuis_zwolle (Zwolle), spring 2014"
    assert "│ YET ANOTHER NEW CONTACT" in out[2]
    choices = [line for line in out if line.startswith("Choice ")]
    ev = load_model().events[load_model().event_index("new_contact_official")]
    assert len(choices) == len(ev.choices)
    assert sum(line.startswith("  Moves: ") for line in out) == len(ev.choices)
    assert any("Allies +8" in line for line in out)  # the choice's own effect, in the why
    assert main([*args, "--plain", "--lang", "nl"]) == 0
    plain = capsys.readouterr().out
    assert "│" not in plain and "ALWEER EEN NIEUWE CONTACTPERSOON" in plain


def test_preview_of_an_unknown_event_suggests(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["preview", "new_contact_oficial"]) == 2
    assert "did you mean 'new_contact_official'" in capsys.readouterr().err


def test_play_force_puts_the_event_in_that_half_year(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    monkeypatch.setenv("KOORDDANSER_SAVE_DIR", str(tmp_path / "saves"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 40))
    force = ["play", "--plain", "--scenario", "cultuurhuis_zwolle", "--seed", "5", "--force"]
    assert main([*force, "media_attention@2016-autumn"]) == 0
    out = capsys.readouterr().out.splitlines()
    turn = out.index("Beurt 13 van 20, najaar 2016.")
    assert "DE CAMERA STAAT VOOR DE DEUR." in out[turn + 1 : turn + 3]
    assert not (tmp_path / "saves").exists()  # a forced game is never saved


def test_an_edited_copy_of_a_builtin_file_stands_in_for_it(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    original = Path(__file__).parent.parent / "content" / "events" / "core.yaml"
    copy = write(tmp_path / "core.yaml", original.read_text(encoding="utf-8"))
    code, out = validate(capsys, str(copy))
    assert code == 0, out["problems"]
    assert out["events"] == len(load_model().events)
