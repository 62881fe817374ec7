"""`koorddanser serve` in a real browser: Debian's chromium driven by Playwright.

The server runs as the teacher starts it (a subprocess of the real CLI); students are browser
contexts of their own (own cookies). What a student did is checked where it matters: in the
save files of the class folder, which `class` and `saves check` read.

Skipped, with the reason, when Playwright or a chromium is missing (`.ci/run` installs it).
Every page load is recorded: a request to any address but the server's fails the test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from game.classroom import classcode
from game.engine import Game
from game.engine.model import Model
from game.saves import best_person as saves

pytestmark = [pytest.mark.slow, pytest.mark.browser]

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
)


def find_chromium() -> str | None:
    """KOORDDANSER_CHROMIUM when set (empty or missing: none), else Debian's chromium."""
    given = os.environ.get("KOORDDANSER_CHROMIUM")
    if given is not None:
        return given if given and Path(given).exists() else None
    found = (shutil.which("chromium"), "/usr/bin/chromium")
    return next((p for p in found if p and Path(p).exists()), None)


CHROMIUM = find_chromium()
if CHROMIUM is None:
    pytest.skip(
        "no chromium found: apt-get install -y chromium (or set KOORDDANSER_CHROMIUM)",
        allow_module_level=True,
    )

SHOTS = os.environ.get("KOORDDANSER_SHOTS")  # a folder: screenshots of every page visited
REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """A running `koorddanser serve` (a subprocess) and its class folder."""

    def __init__(self, folder: Path, code: str, max_students: int = 3) -> None:
        self.folder, self.code, self.max_students = folder, code, max_students
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.groups: list[int] = []

    def start(self) -> Served:
        argv = [
            sys.executable, "-m", "game", "serve", "--class-code", self.code,
            "--dir", str(self.folder), "--port", str(self.port),
            "--max-students", str(self.max_students), "--lang", "en",
        ]  # fmt: skip
        # A session of its own: kill -9 of the server leaves the games it started behind,
        # as it would in a classroom; the test then finds and ends them by group.
        self.proc = subprocess.Popen(
            argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.groups.append(self.proc.pid)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/", timeout=2).read()
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.proc.poll() is not None:
                    raise AssertionError(self.proc.stdout.read().decode()) from None  # type: ignore[union-attr]
                time.sleep(0.2)
        raise AssertionError("the server did not start within 60 s")

    @property
    def token(self) -> str:
        return (self.folder / ".serve" / "teacher-token").read_text().strip()

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        for group in self.groups:  # games left behind by a kill -9: never outlive the test
            try:
                os.killpg(group, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def code(model: Model, scenario_id: str) -> str:
    return classcode.make(model.scenarios[scenario_id], 4821)


@pytest.fixture
def served(tmp_path: Path, code: str) -> Iterator[Served]:
    s = Served(tmp_path / "class-3b", code).start()
    yield s
    s.stop()


class Student:
    """One browser context (its own cookies) and every request its pages made."""

    def __init__(self, browser: object, served: Served, name: str, lang: str = "en") -> None:
        self.served, self.name = served, name
        self.requests: list[str] = []
        self.context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": 1100, "height": 760},
            accept_downloads=True,
            locale="en-GB" if lang == "en" else "nl-NL",
        )
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        # The pages forbid other addresses (Content-Security-Policy), so the browser refuses
        # such a load before any request: it says so on the console, which counts too.
        self.refused: list[str] = []
        self.page.on("console", self._console)

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    @property
    def folder(self) -> Path:
        return self.served.folder / saves.slug(self.name)

    def saves(self) -> list[Path]:
        """The student's save files (not .student.json, locks or temp files)."""
        return [p for p in self.folder.glob("*.json") if not p.name.startswith(".")]

    def shot(self, name: str) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))

    def join(self, phrase: str = "geheim-1") -> None:
        self.page.goto(self.served.base + "/")
        self.page.fill("#name", self.name)
        self.page.fill("#phrase", phrase)
        self.page.click("#join")

    def wait_game(self) -> float:
        """Seconds until the game's first screen arrived; the keyboard then goes to it."""
        started = time.monotonic()
        self.page.wait_for_selector("body.-first-byte", state="attached", timeout=60_000)
        self.page.focus("textarea.xterm-helper-textarea")
        return time.monotonic() - started

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def choices(self) -> int:
        """Choices in the newest save of this student (-1: none yet)."""
        files = sorted(self.saves(), key=lambda p: p.stat().st_mtime)
        if not files:
            return -1
        try:
            return len(json.loads(files[-1].read_text())["choices"])
        except (ValueError, KeyError, OSError):
            return -1  # caught between two writes never happens (atomic), but be safe

    def wait_choices(self, n: int, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.choices() == n:
                return True
            time.sleep(0.1)
        return False

    def play_turn(self) -> None:
        """Take the first open choice (a closed one does nothing) and go on to the next event."""
        before = self.choices()
        for key in "1234":
            self.press(key)
            if self.wait_choices(before + 1, timeout=4):
                self.press("Enter")
                return
        raise AssertionError(f"{self.name}: no choice was taken at turn {before + 1}")

    def start_game(self) -> None:
        """From the title: Enter starts the class game (a save appears at once)."""
        deadline = time.monotonic() + 30
        while self.choices() < 0 and time.monotonic() < deadline:
            self.press("Enter")
            self.wait_choices(0, timeout=5)
        assert self.choices() == 0, "Enter on the title did not start the class game"

    def foreign(self) -> list[str]:
        own = urlsplit(self.served.base).netloc
        return [u for u in self.requests if urlsplit(u).netloc not in (own, "")
                and not u.startswith(("data:", "blob:"))] + self.refused  # fmt: skip

    def close(self) -> None:
        self.context.close()
        assert not self.foreign(), f"requests outside the server: {self.foreign()}"


def finished_save(model: Model, code: str, folder: Path, name: str) -> Path:
    sid, seed = classcode.parse(code, model.scenarios)
    game = Game(model, model.scenarios[sid], seed)
    while not game.finished:
        game.choose(next(i for i, ok in enumerate(game.open_choices()) if ok))
    path = folder / f"{saves.slot_base(code, name)}.json"
    return saves.save(game, path, saves.Owner("en", code, name))


def test_join_play_three_turns_reload_and_continue(browser: object, served: Served) -> None:
    anna = Student(browser, served, "Anna de Vries")
    anna.page.goto(served.base + "/")
    anna.shot("01-start-en")
    anna.join()
    anna.wait_game()
    anna.shot("02-title")
    anna.start_game()
    for _ in range(3):
        anna.play_turn()
    assert anna.wait_choices(3)
    anna.shot("03-after-three-turns")
    (save,) = anna.saves()
    assert save.name == f"{served.code}-anna-de-vries.json"
    data = json.loads(save.read_text())
    assert data["student"] == "Anna de Vries" and data["class_code"] == served.code
    # Reload: the same game, at the last completed turn, goes on in the same file.
    anna.page.reload()
    anna.wait_game()
    time.sleep(1.0)
    anna.shot("04-after-reload")
    anna.play_turn()
    assert anna.wait_choices(4), "after a reload the game did not continue at turn 4"
    assert [p.name for p in anna.saves()] == [save.name]
    # The phrase is stored only as a salted hash.
    record = json.loads((anna.folder / ".student.json").read_text())
    assert "geheim-1" not in json.dumps(record) and len(record["salt"]) == 32
    anna.close()


def test_export_is_a_download_in_the_browser(browser: object, served: Served, model: Model) -> None:
    eva = Student(browser, served, "Eva")
    eva.join()
    eva.wait_game()
    eva.page.context.close()
    path = finished_save(model, served.code, eva.folder, "Eva")
    eva = Student(browser, served, "Eva")
    eva.join()
    eva.wait_game()
    eva.press("l")  # load: her folder only
    time.sleep(1.0)
    eva.shot("05-load")
    eva.press("Enter")
    time.sleep(1.5)
    eva.shot("06-debrief")
    downloads: list = []
    eva.page.on("download", lambda d: downloads.append(d))
    eva.press("e")
    deadline = time.monotonic() + 20
    while len(downloads) < 2 and time.monotonic() < deadline:
        eva.page.wait_for_timeout(100)
    got = {d.suggested_filename: Path(d.path()).read_bytes() for d in downloads}
    assert set(got) == {path.name, path.with_suffix(".html").name}
    exported = json.loads(got[path.name])
    assert exported["student"] == "Eva" and exported["ending"] is not None
    assert b"<html" in got[path.with_suffix(".html").name][:200].lower()
    # nothing was written on the server: the folder holds the save only
    assert sorted(p.name for p in eva.folder.iterdir() if not p.name.startswith(".")) == [path.name]
    eva.shot("07-after-export")
    eva.close()


def test_teacher_page_shows_students_turns_and_csv(browser: object, served: Served) -> None:
    bram = Student(browser, served, "Bram")
    bram.join()
    bram.wait_game()
    bram.start_game()
    bram.play_turn()
    assert bram.wait_choices(1)
    teacher = Student(browser, served, "teacher")
    teacher.page.goto(f"{served.base}/teacher?token={served.token}")
    row = teacher.page.locator("tr[data-student=bram]")
    assert row.locator("td").nth(0).inner_text() == "Bram"
    assert row.locator("td").nth(1).inner_text() == "yes"  # online now
    assert row.locator("td").nth(2).inner_text() == "1"
    teacher.shot("08-teacher")
    meta = teacher.page.locator("meta[http-equiv=refresh]").get_attribute("content")
    assert meta and int(meta) > 0  # refreshes by itself
    csv = teacher.page.request.get(f"{served.base}/teacher/class.csv?token={served.token}")
    lines = csv.text().splitlines()
    assert lines[0].startswith("name,ending_id") and lines[1].startswith("Bram,,,1,0,bram/")
    report = teacher.page.locator("tr[data-student=bram] a").get_attribute("href")
    teacher.page.goto(served.base + report)
    assert "Bram" in teacher.page.content()
    teacher.shot("09-teacher-report")
    # Without the token: a page in the teacher's words, not the overview.
    teacher.page.goto(f"{served.base}/teacher?token=wrong")
    assert "for the teacher only" in teacher.page.content()
    teacher.shot("10-teacher-no-token")
    bram.page.goto(f"{served.base}/teacher/class.csv")
    assert "Bram,," not in bram.page.content()
    teacher.close()
    bram.close()


def test_two_students_never_see_each_others_game(browser: object, served: Served) -> None:
    a, b = Student(browser, served, "Noor"), Student(browser, served, "Sem")
    for s in (a, b):
        s.join()
        s.wait_game()
        s.start_game()
    a.play_turn()
    a.play_turn()
    b.play_turn()
    assert a.wait_choices(2) and b.wait_choices(1)
    (fa,) = a.saves()
    (fb,) = b.saves()
    assert json.loads(fa.read_text())["student"] == "Noor"
    assert json.loads(fb.read_text())["student"] == "Sem"
    # Sem's browser reloads and continues Sem's game, not Noor's.
    b.page.reload()
    b.wait_game()
    b.play_turn()
    assert b.wait_choices(2) and a.choices() == 2
    assert json.loads(fb.read_text())["student"] == "Sem"
    # Taking Noor's name without her phrase is refused with a page that says why.
    c = Student(browser, served, "noor")
    c.join(phrase="not-hers")
    assert "already plays with another pass phrase" in c.page.content()
    c.shot("11-name-taken")
    # A forged cookie (Sem's with Noor's folder) is not a session.
    cookie = next(k for k in b.context.cookies() if k["name"] == "kd_session")
    forged = "noor." + cookie["value"].split(".", 1)[1]
    c.context.add_cookies([{**cookie, "value": forged}])
    c.page.goto(served.base + "/play")
    assert c.page.url.rstrip("/") == served.base  # back at the start page
    for s in (a, b, c):
        s.close()


def test_the_student_over_the_limit_gets_a_clear_page(browser: object, served: Served) -> None:
    playing = [Student(browser, served, n) for n in ("Fatima", "Gijs", "Hanna")]
    for s in playing:  # --max-students 3
        s.join()
        s.wait_game()
    late = Student(browser, served, "Ibrahim", lang="nl")
    late.join()
    assert "De klas is vol" in late.page.content()
    assert late.page.locator("body.-first-byte").count() == 0
    late.shot("12-full-nl")
    # One leaves: the next one gets in.
    playing[0].page.goto(served.base + "/leave")
    time.sleep(1.5)
    late.join()
    late.wait_game()
    for s in [*playing, late]:
        s.close()


def test_error_pages_are_in_the_users_language(browser: object, served: Served) -> None:
    s = Student(browser, served, "Julia", lang="nl")
    s.page.goto(served.base + "/nergens")
    assert "Deze pagina bestaat niet" in s.page.content()
    s.shot("13-not-found-nl")
    s.page.goto(served.base + "/?lang=en")
    s.page.goto(served.base + "/nowhere")
    assert "This page does not exist" in s.page.content()
    s.page.goto(served.base + "/?lang=nl")
    s.shot("14-start-nl")
    # The browser's own form check stops a short phrase; the server says it too.
    s.page.fill("#name", "Julia")
    s.page.fill("#phrase", "12")
    s.page.evaluate("document.querySelector('#phrase').removeAttribute('minlength')")
    s.page.click("#join")
    assert s.page.locator(".error").inner_text() == "Een wachtzin heeft 4 tot 64 tekens."
    s.shot("15-join-error-nl")
    # A name cannot lead out of the class folder: "../../etc" plays in DIR/etc.
    s.page.fill("#name", "../../etc")
    s.page.fill("#phrase", "1234")
    s.page.click("#join")
    s.wait_game()
    assert (served.folder / "etc" / ".student.json").exists()
    assert not list(served.folder.parent.glob("etc*"))
    s.close()


def test_kill_9_mid_class_then_everyone_continues(browser: object, served: Served) -> None:
    kids = [Student(browser, served, n) for n in ("Kees", "Lotte")]
    for s in kids:
        s.join()
        s.wait_game()
        s.start_game()
        s.play_turn()
        s.play_turn()
    assert all(s.wait_choices(2) for s in kids)
    before = {p: p.read_bytes() for s in kids for p in s.saves()}
    served.kill9()
    served.start()  # same port, same folder
    for s in kids:
        s.page.goto(served.base + "/play")  # the cookie still holds: no new sign-in
        s.wait_game()
        s.play_turn()
        assert s.wait_choices(3), f"{s.name} did not continue at turn 3 after kill -9"
    for p in before:  # nothing lost: every file is still there, whole
        assert p.exists()
        json.loads(p.read_text())
    for s in kids:  # and continued in place: no copy beside it (a game left behind would)
        assert [p.name for p in s.saves()] == [f"{served.code}-{s.folder.name}.json"]
    done = subprocess.run(
        [sys.executable, "-m", "game", "saves", "check", str(served.folder)],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    for s in kids:
        s.close()


def test_done_when_three_students_and_the_teacher(
    browser: object, served: Served, model: Model
) -> None:
    """Issue 12's "done when": three join, play, one reloads and continues, one downloads the
    debrief, and the teacher page shows all three with the right turns and endings."""
    anna, bram, cas = (Student(browser, served, n) for n in ("Anna", "Bram", "Cas"))
    bram.join()
    bram.wait_game()
    bram.context.close()
    done = finished_save(model, served.code, bram.folder, "Bram")  # a whole decade, played
    bram = Student(browser, served, "Bram")
    for s in (anna, bram, cas):
        s.join()
        s.wait_game()
    for s in (anna, cas):
        s.start_game()
        s.play_turn()
    anna.play_turn()
    anna.page.reload()  # Anna reloads and goes on
    anna.wait_game()
    anna.play_turn()
    assert anna.wait_choices(3) and cas.wait_choices(1)
    downloads: list = []
    bram.page.on("download", lambda d: downloads.append(d))
    bram.press("l")
    time.sleep(1.0)
    bram.press("Enter")
    time.sleep(1.5)
    bram.press("e")
    deadline = time.monotonic() + 20
    while len(downloads) < 2 and time.monotonic() < deadline:
        bram.page.wait_for_timeout(100)
    assert done.with_suffix(".html").name in {d.suggested_filename for d in downloads}
    teacher = Student(browser, served, "teacher")
    teacher.page.goto(f"{served.base}/teacher?token={served.token}")
    cells = {
        slug: teacher.page.locator(f"tr[data-student={slug}] td").all_inner_texts()
        for slug in ("anna", "bram", "cas")
    }
    ending = next(e for e in model.endings if e.id == json.loads(done.read_text())["ending"])
    assert cells["anna"][:4] == ["Anna", "yes", "3", "still playing"]
    assert cells["cas"][:4] == ["Cas", "yes", "1", "still playing"]
    assert cells["bram"][0] == "Bram" and cells["bram"][3] == ending.title["en"]
    assert int(cells["bram"][2]) == len(json.loads(done.read_text())["choices"])
    if SHOTS:
        teacher.page.screenshot(path=str(Path(SHOTS) / "16-teacher-three.png"), full_page=True)
    for s in (anna, bram, cas, teacher):
        s.close()


def test_a_download_link_works_only_for_its_own_student(
    browser: object, served: Served, model: Model
) -> None:
    eva, sem = Student(browser, served, "Eva"), Student(browser, served, "Sem")
    for s in (eva, sem):
        s.join()
        s.wait_game()
    eva.context.close()
    path = finished_save(model, served.code, eva.folder, "Eva")
    eva = Student(browser, served, "Eva")
    eva.join()
    eva.wait_game()
    # Eva's page keeps the single-use links instead of following them.
    eva.context.add_init_script(
        "window.__links = []; HTMLAnchorElement.prototype.click = function () {"
        " window.__links.push(this.href); };"
    )
    eva.page.reload()
    eva.wait_game()
    links: list[str] = []
    eva.press("l")
    time.sleep(1.0)
    eva.press("Enter")
    time.sleep(1.5)
    eva.press("e")
    deadline = time.monotonic() + 20
    while len(links) < 2 and time.monotonic() < deadline:
        eva.page.wait_for_timeout(100)
        links = eva.page.evaluate("window.__links")
    assert len(links) == 2
    other = sem.page.request.get(links[0])
    assert other.status == 404 and "not (or no longer) available to you" in other.text()
    nobody = eva.page.request.get(links[0], headers={"Cookie": ""})
    assert nobody.status == 404
    own = eva.page.request.get(links[0])
    assert own.status == 200 and json.loads(own.text())["student"] == "Eva"
    assert own.headers["content-disposition"].endswith(path.name)
    for s in (eva, sem):
        s.close()
