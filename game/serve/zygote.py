"""A fork server for the students' games (Linux): Python, Textual and the model loaded once.

Started by `koorddanser serve` as ``python -m game.serve.zygote SERVER_PID FD [CONTENT...]``. It imports
what every game needs and loads the model, then waits on a socket (FD) for requests: a JSON
``{"argv", "env", "cwd"}`` with three file descriptors (the game's stdin, stdout, stderr).
For each it forks a child that runs the `koorddanser` command line with that argv, exactly
as `koorddanser play ...` would, and answers ``{"pid": N}``.

Why: 30 students joining at once on 2 cores each started Python, imported Textual and parsed
the content (about 0.5 s of CPU each), so the last ones waited 15 s for a first screen. A
fork costs milliseconds and shares the loaded pages between all games (less memory too).

The zygote dies with the server, and every game with the zygote (PR_SET_PDEATHSIG), so a
`kill -9` of the server leaves no game behind holding a save's lock.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """SIGTERM when the parent goes; exit now if it already went (the race before prctl)."""
    import ctypes

    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(0)


def _reap(signum: int, frame: object) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def preload(content: list[str]) -> object:
    """Import what a game imports and load the model once (errors surface in the children),
    with the server's --content folders over the built-in content, as each game gets them."""
    # The command line as a module name: the zygote runs `koorddanser`, like a shell would.
    cli = importlib.import_module("game.cli")
    importlib.import_module("game.content.layers").set_extra_dirs(content)
    for name in ("game.commands.play", "game.tui", "game.tui.app", "game.saves.best_person",
                 "textual.drivers.web_driver"):  # fmt: skip
        importlib.import_module(name)
    loader = importlib.import_module("game.content")
    try:
        model = loader.load_model()
    except Exception:  # broken content: each game reports it itself, as from a terminal
        return cli
    # model_or_exit takes load_model from game.content when called: every child plays this one
    loader.load_model = lambda: model  # type: ignore[attr-defined]
    return cli


def child(request: dict, fds: list[int], cli: object, zygote: int) -> None:
    """In the forked child: become the game with its own stdin/stdout/stderr, then exit."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    die_with_parent(zygote)
    argv = [str(a) for a in request["argv"]]
    sys.argv = ["koorddanser", *argv]
    code = 1
    try:
        code = cli.main(argv)  # type: ignore[attr-defined]
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code if isinstance(code, int) else 1)


def serve(sock: socket.socket, cli: object) -> None:
    me = os.getpid()
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 3)
        except OSError:
            return
        if not data:
            return  # the server closed its end
        try:
            request = json.loads(data)
            if len(fds) != 3:
                raise ValueError("three file descriptors expected")
            pid = os.fork()
        except (ValueError, OSError) as exc:
            for fd in fds:
                os.close(fd)
            sock.send(json.dumps({"error": str(exc)}).encode())
            continue
        if pid == 0:
            sock.close()
            child(request, fds, cli, me)
        for fd in fds:
            os.close(fd)
        sock.send(json.dumps({"pid": pid}).encode())


def main() -> None:
    server, fd = int(sys.argv[1]), int(sys.argv[2])
    die_with_parent(server)
    signal.signal(signal.SIGCHLD, _reap)
    sock = socket.socket(fileno=fd)
    cli = preload(sys.argv[3:])
    sock.send(b'{"ready": true}')
    serve(sock, cli)


if __name__ == "__main__":
    main()
