"""`koorddanser serve` without a browser: names, pass phrases, sessions, the CLI, idle time-out.

The browser tests are in test_serve_browser.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.classroom import classcode
from game.cli import build_parser, main
from game.engine import Game
from game.engine.model import Model
from game.saves import best_person as saves
from game.serve import students
from game.serve.students import JoinError

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("name", "folder"),
    [("Anna de Vries", "anna-de-vries"), ("Zoë", "zoe"), ("  anna   DE vries ", "anna-de-vries")],
)
def test_a_name_gets_the_slot_slug_as_its_folder(name: str, folder: str) -> None:
    assert students.folder_name(name) == folder


@pytest.mark.parametrize("name", ["", "   ", "../..", "///", "con", "autosave", "a\x00b", "é" * 0])
def test_names_that_cannot_be_a_folder_are_refused(name: str) -> None:
    with pytest.raises(JoinError):
        students.folder_name(name)


def test_first_join_sets_the_phrase_and_only_its_hash_is_kept(tmp_path: Path) -> None:
    anna = students.join(tmp_path, "Anna de Vries", "mijn geheim")
    assert anna.folder == tmp_path / "anna-de-vries"
    text = (anna.folder / students.STUDENT_FILE).read_text()
    assert "mijn geheim" not in text and json.loads(text)["name"] == "Anna de Vries"
    assert oct((anna.folder / students.STUDENT_FILE).stat().st_mode & 0o777) == "0o600"
    # back with the right phrase, in any spelling of the name: the same student
    again = students.join(tmp_path, "anna de vries", "mijn geheim")
    assert again.folder == anna.folder and again.name == "Anna de Vries"
    # someone else taking the name (or its slug) with another phrase is refused
    with pytest.raises(JoinError) as wrong:
        students.join(tmp_path, "Anna-de-Vries", "iets anders")
    assert wrong.value.key == "serve.error.phrase_wrong"
    with pytest.raises(JoinError) as short:
        students.join(tmp_path, "Bram", "abc")
    assert short.value.key == "serve.error.phrase_length"
    assert not (tmp_path / "bram").exists()


def test_an_unreadable_student_file_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "cas").mkdir()
    (tmp_path / "cas" / students.STUDENT_FILE).write_text("{not json")
    with pytest.raises(JoinError) as refused:
        students.join(tmp_path, "Cas", "een wachtzin")
    assert refused.value.key == "serve.error.student_file"
    assert (tmp_path / "cas" / students.STUDENT_FILE).read_text() == "{not json"


def test_a_session_cookie_cannot_be_forged_or_moved(tmp_path: Path) -> None:
    secret = b"s" * 32
    noor = students.join(tmp_path, "Noor", "noor-geheim")
    sem = students.join(tmp_path, "Sem", "sem-geheim")
    value = students.session_value(secret, noor)
    assert students.from_session(secret, tmp_path, value) == noor
    moved = "sem." + value.split(".", 1)[1]  # Noor's signature on Sem's folder
    assert students.from_session(secret, tmp_path, moved) is None
    assert students.from_session(b"x" * 32, tmp_path, value) is None  # another server
    for bad in (None, "", "noor", "../noor.abc", "noor." + "0" * 64, "x" * 500):
        assert students.from_session(secret, tmp_path, bad) is None
    assert students.from_session(secret, tmp_path, students.session_value(secret, sem)) == sem


def test_serve_help_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    for lang, word in (("nl", "klasnetwerk"), ("en", "classroom network")):
        with pytest.raises(SystemExit):
            build_parser(lang).parse_args(["serve", "--help"])
        out = capsys.readouterr().out
        assert word in out and "--max-students" in out and "127.0.0.1" in out


def test_serve_refuses_a_bad_class_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--class-code", "NOPE-1", "--dir", str(tmp_path / "k")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_class_and_saves_check_read_a_served_folder_unchanged(
    model: Model, scenario_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = classcode.make(model.scenarios[scenario_id], 4821)
    sid, seed = classcode.parse(code, model.scenarios)
    for name in ("Anna", "Bram"):
        student = students.join(tmp_path, name, "wachtzin")
        game = Game(model, model.scenarios[sid], seed)
        game.choose(next(i for i, ok in enumerate(game.open_choices()) if ok))
        path = student.folder / f"{saves.slot_base(code, name)}.json"
        saves.save(game, path, saves.Owner("en", code, name))
    (tmp_path / ".serve").mkdir()
    (tmp_path / ".serve" / "secret").write_text("x" * 40)
    assert main(["saves", "check", str(tmp_path), "--lang", "en"]) == 0
    assert "all 2 saves replay" in capsys.readouterr().out
    assert main(["class", str(tmp_path), "--json", "--baseline-runs", "200"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == 2 and not data["rejected"]
    assert sorted(r["file"] for r in data["students"]) == [
        f"anna/{code}-anna.json",
        f"bram/{code}-bram.json",
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_an_idle_session_is_closed_and_its_game_kept(
    model: Model, scenario_id: str, tmp_path: Path
) -> None:
    """A websocket client that stops typing is closed after --idle-minutes; nothing is lost."""
    aiohttp = pytest.importorskip("aiohttp")
    code = classcode.make(model.scenarios[scenario_id], 4821)
    port = _free_port()
    folder = tmp_path / "klas"
    proc = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", "--class-code", code, "--dir", str(folder),
         "--port", str(port), "--idle-minutes", "0.05"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    async def session() -> tuple[float, bool]:
        base = f"http://127.0.0.1:{port}"
        jar = aiohttp.CookieJar(unsafe=True)  # cookies for an IP address (127.0.0.1)
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            for _ in range(100):
                try:
                    await http.get(base + "/")
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.2)
            form = {"name": "Tess", "phrase": "tess-1234", "lang": "en"}
            await http.post(base + "/join", data=form, allow_redirects=False)
            async with http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30") as ws:
                started = time.monotonic()
                got_screen = False
                while time.monotonic() - started < 30:  # until the server closes it
                    try:
                        msg = await ws.receive(timeout=1.0)
                    except TimeoutError:
                        continue
                    if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                        break
                    got_screen |= msg.type == aiohttp.WSMsgType.BINARY
                return time.monotonic() - started, got_screen

    try:
        took, got_screen = asyncio.run(session())
    finally:
        proc.terminate()
        proc.wait(20)
    assert got_screen
    assert 2.0 < took < 20.0, took  # closed after ~3 s of silence, not at once, not never
    assert (folder / "tess" / students.STUDENT_FILE).exists()
    assert os.listdir(folder / ".serve")


def test_a_students_game_command(model: Model, scenario_id: str, tmp_path: Path) -> None:
    """Their name as one argument (no shell), their folder, --continue only with a game going."""
    from game.serve import ClassServer, Config

    code = classcode.make(model.scenarios[scenario_id], 4821)
    server = ClassServer(Config(code, tmp_path, content=["/extra"]), model)
    student = students.join(tmp_path, "Anna; rm -rf ~", "wachtzin")
    argv = server._argv(student, "nl")
    i = argv.index("play")
    assert argv[i:] == [
        "play", "--class-code", code, "--name", "Anna; rm -rf ~",
        "--save-dir", str(tmp_path / "anna-rm-rf"), "--lang", "nl", "--content", "/extra",
    ]  # fmt: skip
    sid, seed = classcode.parse(code, model.scenarios)
    game = Game(model, model.scenarios[sid], seed)
    game.choose(next(i for i, ok in enumerate(game.open_choices()) if ok))
    path = student.folder / f"{saves.slot_base(code, student.name)}.json"
    saves.save(game, path, saves.Owner("nl", code))
    assert server._argv(student, "nl")[-1] == "--continue"
    # the teacher's token and the cookie secret are kept for a restart, private
    token = (tmp_path / ".serve" / "teacher-token").read_text().strip()
    assert ClassServer(Config(code, tmp_path), model).token == token == server.token
    assert (tmp_path / ".serve" / "secret").stat().st_mode & 0o077 == 0


async def test_the_app_finishes_its_save_when_closed_from_outside(tmp_path: Path) -> None:
    """textual-serve's "quit" (an idle or replaced session) reaches the app as ExitApp."""
    from textual import messages

    from game.tui import KoorddanserApp

    app = KoorddanserApp(save_dir=tmp_path, seed=3)
    waited: list[int] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # a new game
        await pilot.pause()
        await pilot.press("1")
        saved = app.saved

        async def counting() -> None:
            waited.append(len(app.game.choices))
            await saved()

        app.saved = counting  # type: ignore[method-assign]
        app.post_message(messages.ExitApp())
        await pilot.pause()
    assert waited and waited[-1] == 1
    (save,) = [p for p in tmp_path.glob("*.json")]
    assert len(json.loads(save.read_text())["choices"]) == 1
