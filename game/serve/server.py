"""`koorddanser serve`: textual-serve's per-connection app processes, one per student.

textual-serve (pinned in pyproject) starts one app process per websocket and relays its screen;
its `Server` runs a single shared command. Here each connection belongs to a signed-in student,
and their process is `koorddanser play --class-code CODE --name NAME --save-dir DIR/<slug>`
(with `--continue` when they have a game going), so every student has a save folder of their
own and a reload continues at the last completed turn. Our own pages (start, teacher, errors)
come from game/serve/pages.py; textual-serve's JS, CSS and font are served from its package.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import secrets
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from game.i18n import from_locale, known

from . import pages, students
from .students import JoinError, Student

log = logging.getLogger("koorddanser.serve")

SESSION_COOKIE = "kd_session"
LANG_COOKIE = "kd_lang"
STATE_DIR = ".serve"  # hidden: `class` and `saves check` skip it
TEACHER_REFRESH = 10  # seconds between the teacher page's own reloads
STOP_TIMEOUT = 8.0  # seconds a game gets to quit before it is killed


def _static_dir() -> Path:
    import textual_serve

    return Path(textual_serve.__file__).resolve().parent / "static"


class ForkedProcess:
    """A game forked by the zygote: the parts of asyncio's Process that AppService uses."""

    def __init__(
        self,
        pid: int,
        stdin: asyncio.StreamWriter,
        stdout: asyncio.StreamReader,
        stderr: asyncio.StreamReader,
    ) -> None:
        self.pid, self.stdin, self.stdout, self.stderr = pid, stdin, stdout, stderr
        self.returncode: int | None = None

    def _alive(self) -> bool:
        try:
            os.kill(self.pid, 0)  # the zygote reaps its children: gone means gone
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    async def wait(self) -> int:
        while self._alive():
            await asyncio.sleep(0.05)
        self.returncode = 0
        return 0

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, 9)


class ForkServer:
    """The zygote (game/serve/zygote.py) and the socket to ask it for a game."""

    def __init__(self) -> None:
        self._sock: socket.socket | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()

    async def start(self, env: dict[str, str], content: list[str] | None = None) -> bool:
        """Start the zygote (its model with the ``content`` folders over the built-in one);
        False (games then start as plain processes) where it cannot run."""
        content = list(content or [])
        if not sys.platform.startswith("linux") or not hasattr(socket, "send_fds"):
            return False
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "game.serve.zygote", str(os.getpid()),
                str(theirs.fileno()), *content, pass_fds=[theirs.fileno()], env=env,
                stdin=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
        finally:
            theirs.close()
        reply = await asyncio.wait_for(asyncio.to_thread(ours.recv, 1 << 12), 60)
        if b"ready" not in reply:
            ours.close()
            return False
        self._sock = ours
        return True

    async def spawn(self, argv: list[str], env: dict[str, str], cwd: Path) -> ForkedProcess:
        """A new game with pipes of its own; OSError when the zygote is gone."""
        if self._sock is None:
            raise OSError("no fork server")
        loop = asyncio.get_running_loop()
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        ours = [in_w, out_r, err_r]
        request = json.dumps({"argv": argv, "env": env, "cwd": str(cwd)}).encode()
        try:
            async with self._lock:
                sock = self._sock
                await asyncio.to_thread(socket.send_fds, sock, [request], [in_r, out_w, err_w])
                reply = json.loads(await asyncio.to_thread(sock.recv, 1 << 12) or b"{}")
        except (OSError, ValueError):
            reply = {"error": "the fork server did not answer"}
        finally:
            for fd in (in_r, out_w, err_w):
                os.close(fd)
        if "pid" not in reply:
            for fd in ours:
                os.close(fd)
            raise OSError(str(reply.get("error", "no game started")))
        stdout, stderr = asyncio.StreamReader(limit=1 << 20), asyncio.StreamReader()
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stdout), os.fdopen(out_r, "rb", 0)
        )
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stderr), os.fdopen(err_r, "rb", 0)
        )
        transport, protocol = await loop.connect_write_pipe(
            asyncio.streams.FlowControlMixin, os.fdopen(in_w, "wb", 0)
        )
        stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        return ForkedProcess(int(reply["pid"]), stdin, stdout, stderr)

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.terminate()


class StudentApp(AppService):
    """One student's game process: started without a shell, stopped once, idle time tracked."""

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        cwd: Path,
        slug: str,
        forks: ForkServer | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv, self.extra_env, self.cwd, self.slug = argv, env, cwd, slug
        self.forks = forks
        self.last_input = time.monotonic()
        self._stop_lock = asyncio.Lock()
        self._stopped = False

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        env = self._build_environment(width=width, height=height)
        env.update(self.extra_env)
        if self.forks is not None:
            try:  # the command line after the interpreter: `koorddanser play ...`
                args = self.argv[self.argv.index("play") :]
                forked = await self.forks.spawn(args, env, self.cwd)
                self._process = forked  # type: ignore[assignment]
                self._stdin = forked.stdin
                return forked
            except OSError as exc:
                log.warning("fork server: %s; starting the game as a process", exc)
        # exec, not a shell: a student's name is an argument, never part of a command line
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            cwd=self.cwd,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def send_bytes(self, data: bytes) -> bool:
        self.last_input = time.monotonic()
        return await super().send_bytes(data)

    async def stop(self) -> None:
        """Ask the game to quit (it saves each turn), kill it if it hangs; safe to call twice."""
        async with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
            try:
                await asyncio.wait_for(super().stop(), STOP_TIMEOUT)
            except (TimeoutError, ConnectionError, RuntimeError):
                pass
            process = self._process
            if process is not None and process.returncode is None:
                try:
                    await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
                except TimeoutError:
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
                    await process.wait()


@dataclass
class Session:
    """A student's open game: their websocket and the process behind it."""

    student: Student
    websocket: web.WebSocketResponse
    app: StudentApp
    started: float = field(default_factory=time.monotonic)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.websocket.close()
        await self.app.stop()


@dataclass
class Config:
    """What `koorddanser serve` was started with."""

    class_code: str
    folder: Path
    host: str = "127.0.0.1"
    port: int = 8000
    max_students: int = 40
    idle_seconds: float = 20 * 60
    lang: str = "nl"  # the teacher's
    baseline_runs: int = 20000
    python: list[str] = field(default_factory=lambda: child_command(os.getpid()))
    fork_server: bool = True  # Linux: games forked from a preloaded zygote (game/serve/zygote.py)
    content: list[str] = field(default_factory=list)  # --content folders, for every game too


# The game process of a student dies with the server (Linux: PR_SET_PDEATHSIG). A game left
# behind by a `kill -9` of the server would hold its save's lock, and the restarted server's
# game would then continue in a copy. Checked after the call: the server may already be gone.
_CHILD = (
    "import os,sys,signal\n"
    "if sys.platform.startswith('linux'):\n"
    " import ctypes\n"
    " ctypes.CDLL(None).prctl(1, signal.SIGTERM)\n"
    "if os.getppid() != int(sys.argv[1]): sys.exit(0)\n"
    "sys.argv = ['koorddanser', *sys.argv[2:]]\n"
    "from game.cli import main\n"
    "sys.exit(main())\n"
)


def child_command(server_pid: int) -> list[str]:
    """The start of a student's game command: `koorddanser` that ends when the server does."""
    return [sys.executable, "-c", _CHILD, str(server_pid)]


def _secret_file(path: Path, nbytes: int) -> str:
    """A random secret kept in the class folder, so a restarted server knows its students."""
    try:
        text = path.read_text(encoding="ascii").strip()
        if len(text) >= 32:
            return text
    except (OSError, UnicodeDecodeError):
        pass
    text = secrets.token_urlsafe(nbytes)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(text + "\n")
    return text


class ClassServer:
    """The aiohttp application: student pages, game websockets, downloads, teacher pages."""

    def __init__(self, config: Config, model: Any) -> None:
        from game.classroom import classcode

        self.config = config
        self.model = model
        self.folder = config.folder
        sid, seed = classcode.parse(config.class_code, model.scenarios)
        self.code = classcode.make(model.scenarios[sid], seed)
        state = self.folder / STATE_DIR
        self.secret = _secret_file(state / "secret", 32).encode("ascii")
        self.token = _secret_file(state / "teacher-token", 24)
        self.sessions: dict[str, Session] = {}
        self.download_manager = DownloadManager()
        self._join_lock = asyncio.Lock()
        self._student_locks: dict[str, asyncio.Lock] = {}
        self._overview: tuple[float, dict | None] = (0.0, None)
        self._overview_lock = asyncio.Lock()
        self._idle_task: asyncio.Task[None] | None = None
        self.forks: ForkServer | None = None

    # -- strings and language -------------------------------------------------------------
    def t(self, lang: str) -> pages.T:
        from game.classroom.report import Strings

        return Strings(self.model, lang)

    def lang_of(self, request: web.Request) -> str:
        """?lang=, else the cookie, else the browser's first choice when English, else Dutch."""
        for value in (request.query.get("lang"), request.cookies.get(LANG_COOKIE)):
            if known(value):
                return str(value)
        return from_locale(request.headers.get("Accept-Language", ""))

    def _html(self, text: str, status: int = 200, lang: str | None = None) -> web.Response:
        response = web.Response(text=text, status=status, content_type="text/html")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        # Only this server: a page can never load from or talk to anything else.
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            "font-src 'self'; frame-ancestors 'none'"
        )
        if lang:
            response.set_cookie(LANG_COOKIE, lang, samesite="Lax", httponly=True, max_age=31536000)
        return response

    def error_page(self, request: web.Request, key: str, status: int) -> web.Response:
        lang = self.lang_of(request)
        t = self.t(lang)
        return self._html(
            pages.message(t, lang, t("serve.error.title"), t(key)), status=status, lang=lang
        )

    # -- the application --------------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._errors], client_max_size=64 * 1024)
        app.add_routes(
            [
                web.get("/", self.handle_start),
                web.post("/join", self.handle_join),
                web.get("/play", self.handle_play),
                web.get("/leave", self.handle_leave),
                web.get("/ws", self.handle_websocket),
                web.get("/download/{key}", self.handle_download),
                web.get("/favicon.ico", self.handle_favicon),
                web.get("/teacher", self.handle_teacher),
                web.get("/teacher/class.csv", self.handle_csv),
                web.get("/teacher/class.html", self.handle_overview_html),
                web.get("/teacher/report", self.handle_report),
                web.static("/static", _static_dir(), show_index=False),
            ]
        )
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        return app

    @web.middleware
    async def _errors(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Every error is a page in the user's language, never a traceback."""
        try:
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            key = {
                403: "serve.error.token",
                404: "serve.error.not_found",
                405: "serve.error.method",
            }.get(exc.status, "serve.error.server")
            return self.error_page(request, key, exc.status)
        except (asyncio.CancelledError, ConnectionResetError):
            raise
        except Exception:
            log.exception("error while serving %s", request.path)
            return self.error_page(request, "serve.error.server", 500)

    async def _on_startup(self, app: web.Application) -> None:
        self._idle_task = asyncio.create_task(self._close_idle())
        if self.config.fork_server:
            # the environment textual-serve gives every game (the driver, colours, fps)
            env = dict(os.environ)
            env.update(
                TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
                TEXTUAL_FPS="60",
                TEXTUAL_COLOR_SYSTEM="truecolor",
                TERM_PROGRAM="textual",
            )
            env.setdefault("OPENBLAS_NUM_THREADS", "1")  # no threads in a process that forks
            forks = ForkServer()
            try:
                self.forks = forks if await forks.start(env, self.config.content) else None
            except (OSError, TimeoutError) as exc:
                log.warning("no fork server (%s): each game starts as a process", exc)

    async def _on_shutdown(self, app: web.Application) -> None:
        if self._idle_task is not None:
            self._idle_task.cancel()
        await asyncio.gather(*(s.close() for s in list(self.sessions.values())))
        if self.forks is not None:
            self.forks.close()

    # -- students ---------------------------------------------------------------------------
    def student_of(self, request: web.Request) -> Student | None:
        return students.from_session(self.secret, self.folder, request.cookies.get(SESSION_COOKIE))

    def _full_for(self, student: Student) -> bool:
        """Whether this student would be one too many (their own reconnect never is)."""
        return student.slug not in self.sessions and len(self.sessions) >= self.config.max_students

    def full_page(self, lang: str) -> web.Response:
        t = self.t(lang)
        text = t("serve.full.text", n=self.config.max_students)
        body = pages.message(t, lang, t("serve.full.title"), text, "/play", t("serve.again"))
        return self._html(body, status=503, lang=lang)

    async def handle_start(self, request: web.Request) -> web.Response:
        lang = self.lang_of(request)
        known = self.student_of(request)
        body = pages.start(self.t(lang), lang, self.code, known=known.name if known else None)
        return self._html(body, lang=lang)

    async def handle_join(self, request: web.Request) -> web.Response:
        form = await request.post()
        lang = str(form.get("lang") or "") if known(form.get("lang")) else None
        lang = lang or self.lang_of(request)
        name, phrase = str(form.get("name") or ""), str(form.get("phrase") or "")
        t = self.t(lang)
        try:
            async with self._join_lock:  # one first join per name: never two phrases
                student = await asyncio.to_thread(students.join, self.folder, name, phrase)
        except JoinError as exc:
            body = pages.start(t, lang, self.code, error=t(exc.key), name=name[:80])
            return self._html(body, status=400, lang=lang)
        if self._full_for(student):
            return self.full_page(lang)
        response = web.HTTPSeeOther("/play")
        response.set_cookie(
            SESSION_COOKIE,
            students.session_value(self.secret, student),
            httponly=True,
            samesite="Strict",
            max_age=12 * 3600,
        )
        response.set_cookie(LANG_COOKIE, lang, samesite="Lax", httponly=True, max_age=31536000)
        raise response

    async def handle_favicon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)  # browsers ask; nothing to fetch, nothing to log

    async def handle_leave(self, request: web.Request) -> web.Response:
        response = web.HTTPSeeOther("/")
        response.del_cookie(SESSION_COOKIE)
        raise response

    async def handle_play(self, request: web.Request) -> web.Response:
        lang = self.lang_of(request)
        student = self.student_of(request)
        if student is None:
            raise web.HTTPSeeOther("/")
        if self._full_for(student):
            return self.full_page(lang)
        scheme = (
            "wss" if request.headers.get("X-Forwarded-Proto", request.scheme) == "https" else "ws"
        )
        ws_url = f"{scheme}://{request.host}/ws"
        font = request.query.get("fontsize", "16")
        size = int(font) if font.isdigit() and 8 <= int(font) <= 40 else 16
        return self._html(pages.game(self.t(lang), lang, ws_url, size), lang=lang)

    def _argv(self, student: Student, lang: str) -> list[str]:
        from game.saves import best_person as saves

        argv = [
            *self.config.python,
            "play",
            "--class-code",
            self.code,
            "--name",
            student.name,
            "--save-dir",
            str(student.folder),
            "--lang",
            lang,
        ]
        for folder in self.config.content:
            argv += ["--content", folder]
        if saves.last_game(student.folder) is not None:
            argv.append("--continue")  # the last completed turn, after a reload or a restart
        return argv

    def _env(self, student: Student) -> dict[str, str]:
        # Each student's remembered settings (language, theme) apart from the others'.
        config = self.folder / STATE_DIR / "config" / student.slug
        config.mkdir(parents=True, exist_ok=True)
        return {"KOORDDANSER_CONFIG_DIR": str(config), "KOORDDANSER_SAVE_DIR": str(student.folder)}

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        student = self.student_of(request)
        if student is None:
            raise web.HTTPForbidden()
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        await websocket.prepare(request)
        lock = self._student_locks.setdefault(student.slug, asyncio.Lock())
        async with lock:
            old = self.sessions.pop(student.slug, None)
            if old is not None:  # a reload or a second tab: one game process per student
                await old.close()
            if len(self.sessions) >= self.config.max_students:
                await websocket.close(message=b"full")
                return websocket
            width = _to_int(request.query.get("width"), 80)
            height = _to_int(request.query.get("height"), 24)
            app = StudentApp(
                self._argv(student, self.lang_of(request)),
                self._env(student),
                student.folder,
                student.slug,
                forks=self.forks,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
            )
            session = Session(student, websocket, app)
            self.sessions[student.slug] = session
            await app.start(width, height)
        try:
            await self._relay(websocket, app)
        except (asyncio.CancelledError, ConnectionResetError):
            pass
        finally:
            if self.sessions.get(student.slug) is session:
                del self.sessions[student.slug]
            await session.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, app: StudentApp) -> None:
        """The browser's keys, mouse and size to the game (textual-serve's message protocol)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, TypeError, IndexError, KeyError):
                continue  # a malformed message is ignored, not a crash
            if kind == "stdin" and isinstance(data, str):
                await app.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await app.set_terminal_size(
                    _to_int(data.get("width"), 80), _to_int(data.get("height"), 24)
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app.blur()
            elif kind == "focus":
                await app.focus()

    async def _close_idle(self) -> None:
        """Close sessions without a key for the idle time; their games are saved per turn."""
        period = max(0.5, min(30.0, self.config.idle_seconds / 4))
        while True:
            await asyncio.sleep(period)
            now = time.monotonic()
            for slug, session in list(self.sessions.items()):
                if now - session.app.last_input > self.config.idle_seconds:
                    log.info("closing the idle session of %s", slug)
                    if self.sessions.get(slug) is session:
                        del self.sessions[slug]
                    await session.close()

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """An export the student's own game offered (a single-use key); nobody else's."""
        student = self.student_of(request)
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            meta = None
        owner = getattr(getattr(meta, "app_service", None), "slug", None)
        if meta is None or student is None or owner != student.slug:
            return self.error_page(request, "serve.error.download", 404)
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        response.headers["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(meta.file_name)}"
        )
        response.headers["Cache-Control"] = "no-store"
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- the teacher ------------------------------------------------------------------------
    def _check_token(self, request: web.Request) -> None:
        given = request.query.get("token", "")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode("ascii")):
            raise web.HTTPForbidden()

    async def overview(self) -> dict | None:
        """`class`'s overview of the folder, at most a few seconds old (None: no games yet)."""
        async with self._overview_lock:
            made, data = self._overview
            if time.monotonic() - made < 3.0 and made:
                return data
            data = await asyncio.to_thread(self._make_overview)
            self._overview = (time.monotonic(), data)
            return data

    def _make_overview(self) -> dict | None:
        from game.classroom.overview import overview

        data = overview(self.model, self.folder, self.config.baseline_runs, self.config.lang)
        return data if data["files"] else None

    def _live_rows(self, data: dict | None) -> list[dict]:
        """One row per joined student: online now, the turn and ending of their newest game."""
        t = self.t(self.config.lang)
        newest: dict[str, tuple[float, dict]] = {}
        for row in (data or {}).get("students", []):
            slug = row["file"].split("/", 1)[0]
            try:
                mtime = (self.folder / row["file"]).stat().st_mtime
            except OSError:
                continue
            if slug not in newest or mtime > newest[slug][0]:
                newest[slug] = (mtime, row)
        rows = []
        for path in sorted(self.folder.glob(f"*/{students.STUDENT_FILE}")):
            student = students.load(self.folder, path.parent.name)
            if student is None:
                continue
            game = newest.get(student.slug, (0.0, None))[1]
            ending = ""
            if game is not None:
                ending = game["ending_title"] or t("serve.teacher.playing")
            rows.append(
                {
                    "slug": student.slug,
                    "name": student.name,
                    "online": student.slug in self.sessions,
                    "turn": game["turns"] if game else 0,
                    "ending": ending,
                    "file": game["file"] if game else None,
                }
            )
        rows.sort(key=lambda r: str(r["name"]).casefold())
        return rows

    async def handle_teacher(self, request: web.Request) -> web.Response:
        self._check_token(request)
        from game.classroom.overview import HTML_CSS, html_parts

        data = await self.overview()
        lang = self.config.lang
        rows = await asyncio.to_thread(self._live_rows, data)
        parts = html_parts(self.model, data, lang) if data else None
        body = pages.teacher(
            self.t(lang),
            lang,
            code=self.code,
            folder=pages.folder_text(self.folder),
            token=self.token,
            refresh=TEACHER_REFRESH,
            rows=rows,
            online=len(self.sessions),
            limit=self.config.max_students,
            overview_parts=parts,
            overview_css=HTML_CSS,
        )
        return self._html(body)

    async def handle_csv(self, request: web.Request) -> web.Response:
        self._check_token(request)
        from game.classroom.overview import csv_text

        data = await self.overview()
        text = csv_text(data or {"students": []})
        return web.Response(
            body=text.encode("utf-8"),
            content_type="text/csv",
            charset="utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{self._file_stem()}.csv"',
                "Cache-Control": "no-store",
            },
        )

    def _file_stem(self) -> str:
        from game.saves.best_person import slot_base

        return slot_base(self.code)

    async def handle_overview_html(self, request: web.Request) -> web.Response:
        self._check_token(request)
        from game.classroom.overview import html_page

        data = await self.overview()
        if data is None:
            raise web.HTTPNotFound()
        response = self._html(html_page(self.model, data, self.config.lang))
        response.headers["Content-Disposition"] = f'attachment; filename="{self._file_stem()}.html"'
        return response

    async def handle_report(self, request: web.Request) -> web.Response:
        """One student's debrief, for a file that `class` counted (nothing else is read)."""
        self._check_token(request)
        from game.saves.best_person import find_saves

        wanted = request.query.get("file", "")
        files, _ = await asyncio.to_thread(find_saves, [self.folder])
        by_name = {p.relative_to(self.folder).as_posix(): p for p in files}
        path = by_name.get(wanted)
        if path is None:
            raise web.HTTPNotFound()
        page = await asyncio.to_thread(self._report, path)
        if page is None:
            raise web.HTTPNotFound()
        return self._html(page)

    def _report(self, path: Path) -> str | None:
        from game.classroom import report
        from game.saves import best_person as saves

        try:
            loaded = saves.load(self.model, path)
        except saves.SaveError:
            return None
        d = report.build(
            self.model, loaded.game, self.config.lang, loaded.class_code, loaded.student
        )
        return report.html_page(d)


def _to_int(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 1 <= number <= 1000 else default
