"""The classroom kit: class codes, plain mode, reports, the class overview and "what if"."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game import version as game_version
from game.classroom import classcode, report, whatif
from game.cli import main
from game.engine import Game
from game.engine.model import Model
from game.plain import best_person as plain
from game.saves import best_person as saves


def play_through(
    model: Model, sid: str, seed: int, pick_seed: int, stop_after: int | None = None
) -> Game:
    game = Game(model, model.scenarios[sid], seed)
    rng = np.random.default_rng(pick_seed)
    while not game.finished and (stop_after is None or game.turn < stop_after):
        options = [i for i, ok in enumerate(game.open_choices()) if ok] or [0]
        game.choose(int(rng.choice(options)))
    return game


# --- class codes ---------------------------------------------------------------------------


def test_class_code_round_trip(model: Model) -> None:
    for sid in model.scenarios:
        code = classcode.make(model.scenarios[sid], 4821)
        assert classcode.parse(code, model.scenarios) == (sid, 4821)
        assert classcode.parse(code.lower().replace("-", " "), model.scenarios) == (sid, 4821)
    assert len({sc.code for sc in model.scenarios.values()}) == len(model.scenarios), (
        "code words must be unique"
    )


@pytest.mark.parametrize("bad", ["", "WIJK", "WIJK-48", "ABCD-1234", "WIJK-48211", "1234-WIJK"])
def test_bad_class_codes_are_refused(model: Model, bad: str) -> None:
    with pytest.raises(classcode.ClassCodeError):
        classcode.parse(bad, model.scenarios)


def test_same_code_and_choices_give_the_same_save(model: Model, tmp_path: Path) -> None:
    sid, seed = classcode.parse("CULT-0042", model.scenarios)
    paths = []
    for name in ("a", "b"):
        game = play_through(model, sid, seed, pick_seed=5)
        paths.append(saves.save(game, tmp_path / f"{name}.json", saves.Owner("nl", "CULT-0042")))
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in paths)
    for d in (a, b):
        d.pop("saved_at", None)
    assert a == b
    assert a["class_code"] == "CULT-0042" and a["seed"] == 42


# --- plain mode ------------------------------------------------------------------------------


def test_plain_mode_plays_to_an_ending_from_scripted_input(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    game = Game(model, model.scenarios[scenario_id], 7)
    out = io.StringIO()
    # Nonsense and closed choices are answered with a hint; "1" always goes on.
    lines = io.StringIO("hello\n9\n" + "1\n" * 40)
    assert plain.play(model, game, "en", tmp_path, None, lines, out) == 0
    text = out.getvalue()
    assert game.finished
    assert "Turn 1 of 20" in text and "Type a number from 1 to" in text
    assert "ENDING:" in text and game.ending.title["en"] in text
    assert "Questions for the debrief:" in text
    saved = saves.load(model, tmp_path / "autosave.json")
    assert saved.game.finished and saved.game.choices == game.choices


def test_plain_mode_saves_at_end_of_input_and_continues(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    game = Game(model, model.scenarios[scenario_id], 7)
    out = io.StringIO()
    assert plain.play(model, game, "nl", tmp_path, None, io.StringIO("1\n2\n"), out) == 0
    assert "Spel bewaard in" in out.getvalue()
    again = saves.load(model, tmp_path / "autosave.json").game
    assert again.turn == 2 and not again.finished


def test_plain_mode_from_the_command_line(model: Model, tmp_path: Path, scenario_id: str) -> None:
    code = classcode.make(model.scenarios[scenario_id], 77)
    cmd = [
        sys.executable,
        "-m",
        "game",
        "play",
        "--plain",
        "--class-code",
        code,
        "--lang",
        "en",
        "--save-dir",
        str(tmp_path),
    ]
    # Without --name the student is asked first (an empty line is asked again).
    done = subprocess.run(
        cmd, input="\nAnna de Vries\n" + "1\n" * 40, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Your name" in done.stdout and "Name: Anna de Vries" in done.stdout
    assert "ENDING:" in done.stdout and "Traceback" not in done.stderr
    data = json.loads((tmp_path / f"{code}-anna-de-vries.json").read_text(encoding="utf-8"))
    assert data["class_code"] == code and data["ending"] and data["student"] == "Anna de Vries"


# --- reports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_markdown_and_html_have_their_parts(
    model: Model, scenario_id: str, lang: str
) -> None:
    game = play_through(model, scenario_id, 3, pick_seed=1)
    d = report.build(model, game, lang, "CULT-0003")
    md, html_text = report.markdown(d), report.html_page(d)
    t = report.Strings(model, lang)
    for key in (
        "report.ending",
        "report.moments",
        "report.tags",
        "report.findings",
        "report.timeline",
        "report.data_description",
        "report.data_analysis",
        "report.data_transition",
        "report.data_application",
    ):
        assert t(key) in md, key
        assert t(key).replace("'", "&#x27;") in html_text, key
    assert game.ending.story[lang].split()[0] in md
    assert f"Koorddanser {game_version()}." in md and f"Koorddanser {game_version()}." in html_text
    assert all(q[lang] in md for q in game.ending.questions)
    # Self-contained: an inline SVG chart, no external scripts, styles or images.
    assert "<svg" in html_text and "<polyline" in html_text
    assert "src=" not in html_text and 'href="http' not in html_text and "<script" not in html_text


def test_report_command_writes_html(
    model: Model, scenario_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    game = play_through(model, scenario_id, 3, pick_seed=1)
    path = saves.save(game, tmp_path / "g.json", saves.Owner("en"))
    assert main(["report", str(path), "--format", "html", "-o", str(tmp_path / "g.html")]) == 0
    assert (tmp_path / "g.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert main(["report", str(tmp_path / "missing.json")]) == 1
    assert "missing.json" in capsys.readouterr().err


# --- the class overview ----------------------------------------------------------------------


def test_class_overview_counts_good_files_and_lists_the_rest(
    model: Model,
    scenario_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")  # a Dutch teacher: reasons in Dutch
    folder = tmp_path / "class"
    folder.mkdir()
    code = classcode.make(model.scenarios[scenario_id], 11)
    for i in range(4):
        saves.save(
            play_through(model, scenario_id, 11, pick_seed=i),
            folder / f"s{i}.json",
            saves.Owner("nl", code),
        )
    saves.save(
        play_through(model, scenario_id, 11, pick_seed=9, stop_after=5),
        folder / "unfinished.json",
        saves.Owner("nl", code),
    )
    tampered = json.loads((folder / "s0.json").read_text(encoding="utf-8"))
    tampered["snapshot"]["meters"]["energy"] = 99.0
    (folder / "tampered.json").write_text(json.dumps(tampered), encoding="utf-8")
    (folder / "junk.json").write_text("{not json", encoding="utf-8")

    assert main(["class", str(folder), "--json", "--baseline-runs", "2000"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == 7 and data["finished"] == 4
    assert sum(data["endings"].values()) == 4
    assert len(data["unfinished"]) == 1 and data["unfinished"][0].endswith("unfinished.json")
    assert {Path(r.split(":")[0]).name for r in data["rejected"]} == {"tampered.json", "junk.json"}
    reasons = {Path(r["file"]).name: r["reason"] for r in data["rejections"]}
    t = report.Strings(model, "nl")
    assert reasons == {
        "tampered.json": t("class.reason.edited"),
        "junk.json": t("class.reason.unreadable"),
    }
    rows = {r["file"]: r for r in data["students"]}
    assert len(rows) == 7 and rows["unfinished.json"]["finished"] is False
    assert rows["unfinished.json"]["turns"] == 5 and rows["unfinished.json"]["replay_ok"]
    assert not rows["tampered.json"]["replay_ok"] and rows["s1.json"]["ending"]
    scen = data["scenarios"][scenario_id]
    assert scen["class_codes"] == [code]
    assert abs(sum(scen["baseline"].values()) - 1) < 1e-6
    assert len(scen["most_different"]) == 2

    assert (
        main(
            [
                "class",
                str(folder),
                "--html",
                str(tmp_path / "o.html"),
                "--baseline-runs",
                "2000",
                "--lang",
                "nl",
            ]
        )
        == 0
    )
    page = (tmp_path / "o.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<table>" in page and "<script" not in page
    assert model.scenarios[scenario_id].title["nl"] in page and "tampered.json" in page


# --- what if ---------------------------------------------------------------------------------


def test_whatif_diverges_at_the_chosen_turn_only(model: Model, scenario_id: str) -> None:
    original = play_through(model, scenario_id, 5, pick_seed=2)
    turn = 4
    other = next(
        i
        for i, _ in enumerate(model.events[model.event_index(original.records[turn].event)].choices)
        if i != original.choices[turn]
    )
    result = whatif.diverge(model, original, turn, other)
    alt = result.game
    assert alt.choices[:turn] == original.choices[:turn]
    assert [r.event for r in alt.records[: turn + 1]] == [
        r.event for r in original.records[: turn + 1]
    ]
    assert all(
        a.after == b.after for a, b in zip(alt.records[:turn], original.records[:turn], strict=True)
    )
    assert alt.choices[turn] == other != original.choices[turn]
    assert result.how[turn] == whatif.CHANGED and set(result.how[:turn]) == {whatif.SAME}
    assert alt.finished


def test_whatif_refuses_impossible_requests(model: Model, scenario_id: str) -> None:
    original = play_through(model, scenario_id, 5, pick_seed=2)
    with pytest.raises(ValueError, match="was not played"):
        whatif.diverge(model, original, 40, 0)
    with pytest.raises(ValueError, match="is what was chosen"):
        whatif.diverge(model, original, 0, original.choices[0])


# --- the per-student table, the gradebook CSV and the projector page -------------------------


def _class_folder(model: Model, sid: str, folder: Path, names: list[str]) -> str:
    """Saves of a class; the ``student`` field as h1's saves carry it, except for the first."""
    code = classcode.make(model.scenarios[sid], 21)
    folder.mkdir()
    for i, name in enumerate(names):
        game = play_through(model, sid, 21, pick_seed=i, stop_after=6 if i == 1 else None)
        path = saves.save(game, folder / f"{code}-{i}.json", saves.Owner("nl", code))
        if i:  # the first stands for an older save without a name: its file name is used
            data = json.loads(path.read_text(encoding="utf-8"))
            data["student"] = name
            path.write_text(json.dumps(data), encoding="utf-8")
    return code


def test_class_csv_has_a_row_per_file_safe_for_spreadsheets(
    model: Model,
    scenario_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")  # not English: the overview is Dutch
    import csv

    names = ["(no name)", "=HYPERLINK(1)", "Zoë", "+31 6", "@bram", "-x", "Ada"]
    code = _class_folder(model, scenario_id, tmp_path / "c", names)
    out = tmp_path / "grades.csv"
    assert main(["class", str(tmp_path / "c"), "--csv", str(out), "--baseline-runs", "500"]) == 0
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM, as documented
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert list(rows[0]) == ["name", "ending_id", "ending_title", "turns", "finished", "file"] + [
        "replay_ok"
    ]
    assert len(rows) == len(names)
    by_name = {r["name"]: r for r in rows}
    assert {"'=HYPERLINK(1)", "'+31 6", "'@bram", "'-x", "Zoë", f"{code}-0"} <= set(by_name)
    assert not any(r["name"][0] in "=+-@" for r in rows)
    unfinished = by_name["'=HYPERLINK(1)"]
    assert unfinished["finished"] == "0" and unfinished["ending_id"] == ""
    ada = by_name["Ada"]
    assert ada["finished"] == "1" and ada["replay_ok"] == "1" and int(ada["turns"]) > 6
    assert ada["ending_title"] == next(
        e.title["nl"] for e in model.endings if e.id == ada["ending_id"]
    )
    # The terminal shows the same table, names first.
    text = capsys.readouterr().out
    assert "Zoë" in text and report.Strings(model, "nl")("class.students") in text


def test_class_events_in_playing_order_with_labels(
    model: Model, scenario_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _class_folder(model, scenario_id, tmp_path / "c", ["a", "b", "c", "d"])
    assert main(["class", str(tmp_path / "c"), "--json", "--baseline-runs", "500"]) == 0
    data = json.loads(capsys.readouterr().out)
    s = data["scenarios"][scenario_id]
    first_turn = {}
    for path in sorted((tmp_path / "c").glob("*.json")):
        for r in saves.load(model, path).game.records:
            if r.event and r.choice_id:
                first_turn[r.event] = min(first_turn.get(r.event, 99), r.turn)
    order = s["event_order"]
    assert sorted(order) == sorted(first_turn)
    assert [first_turn[ev] for ev in order] == sorted(first_turn[ev] for ev in order)
    # The unfinished game's choices count too.
    assert s["unfinished"] == 1 and sum(s["choices"][order[0]].values()) == 4
    assert main(["class", str(tmp_path / "c"), "--lang", "en", "--baseline-runs", "500"]) == 0
    text = capsys.readouterr().out
    ev = model.events[model.event_index(order[0])]
    chosen = next(iter(s["choices"][order[0]]))
    label = next(c.label["en"] for c in ev.choices if c.id == chosen)
    assert ev.title["en"] in text and label[:30] in text
    assert text.index(ev.title["en"]) < text.index(
        model.events[model.event_index(order[-1])].title["en"]
    )


def test_projector_bars_compare_across_the_whole_page(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    import re

    _class_folder(model, scenario_id, tmp_path / "c", [f"s{i}" for i in range(8)])
    page_path = tmp_path / "o.html"
    argv = ["class", str(tmp_path / "c"), "--html", str(page_path), "--baseline-runs", "500"]
    assert main([*argv, "--lang", "en"]) == 0
    page = page_path.read_text(encoding="utf-8")
    rows = re.findall(
        r"<tr class=ch><td class=l>[^<]*</td><td class=n>(\d+)</td>"
        r'<td><span class="bar" style="width:([\d.]+)%"',
        page,
    )
    assert len(rows) > 10
    pairs = sorted((int(n), float(w)) for n, w in rows)
    widths = [w for _, w in pairs]
    assert widths == sorted(widths), "a larger count never draws a shorter bar"
    top = max(n for n, _ in pairs)
    assert all(abs(w - 100 * n / top) < 0.1 for n, w in pairs)
    assert (
        "8 games" in page and "<title>" in page and "· " + classcode.make(model.scenarios[scenario_id], 21) in page
    )
    assert "font-size:22px" in page and "table-layout:fixed" in page


def test_class_warns_about_mixed_versions(
    model: Model, scenario_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _class_folder(model, scenario_id, tmp_path / "c", ["a", "b", "c"])
    for path in sorted((tmp_path / "c").glob("*.json"))[:1]:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["game_version"] = "0.0.9"
        path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["class", str(tmp_path / "c"), "--lang", "en", "--baseline-runs", "500"]) == 0
    out = capsys.readouterr().out
    assert "different versions" in out and "0.0.9 (1)" in out
    for path in sorted((tmp_path / "c").glob("*.json"))[:1]:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["game_version"] = saves.to_dict(play_through(model, scenario_id, 1, 1))[
            "game_version"
        ]
        path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["class", str(tmp_path / "c"), "--lang", "en", "--baseline-runs", "500"]) == 0
    assert "different versions" not in capsys.readouterr().out
