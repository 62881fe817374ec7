"""`koorddanser serve --class-code CODE --dir DIR`: a class in the browser (game/serve)."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from .common import model_or_exit, said


def _shown_host(host: str) -> str:
    """The address to give students: this machine's name when listening on every address."""
    if host in ("0.0.0.0", "::", ""):
        try:
            return socket.gethostbyname(socket.gethostname())
        except OSError:
            return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def run(args: argparse.Namespace) -> int:
    from aiohttp import web

    from game.classroom import classcode
    from game.files.textsafe import path_text
    from game.serve import ClassServer, Config

    from .common import UsageError, cli_strings

    t = cli_strings(args.lang)
    model = model_or_exit()
    try:
        classcode.parse(args.class_code, model.scenarios)
    except classcode.ClassCodeError as exc:
        raise UsageError(said(exc, args.lang)) from None
    folder = Path(args.dir).expanduser().resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".serve").mkdir(exist_ok=True)
    except OSError as exc:
        print(
            t("cli.serve.not_folder", folder=path_text(folder), why=exc.strerror), file=sys.stderr
        )
        return 2
    config = Config(
        class_code=args.class_code,
        folder=folder,
        host=args.host,
        port=args.port,
        max_students=args.max_students,
        idle_seconds=args.idle_minutes * 60.0,
        lang=args.lang,
        content=[str(Path(d).expanduser().resolve()) for d in (args.content or [])],
    )
    server = ClassServer(config, model)
    base = f"http://{_shown_host(args.host)}:{args.port}"

    def started(_message: str) -> None:
        """Said once the port is ours (a busy port gives one line instead, not the addresses)."""
        print(t("cli.serve.started", code=server.code, folder=path_text(folder)))
        print(t("cli.serve.students_url", url=f"{base}/"))
        print(t("cli.serve.teacher_url", url=f"{base}/teacher?token={server.token}"))
        if args.host in ("127.0.0.1", "localhost", "::1"):
            print(t("cli.serve.local_only"))
        print(t("cli.serve.stop"), flush=True)

    try:
        web.run_app(
            server.make_app(),
            host=args.host,
            port=args.port,
            print=started,
            access_log=None,
            shutdown_timeout=10,
        )
    except OSError as exc:
        print(
            t("cli.serve.port_busy", host=args.host, port=args.port, why=exc.strerror or exc),
            file=sys.stderr,
        )
        return 1
    return 0
