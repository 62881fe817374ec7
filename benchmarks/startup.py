"""Benchmark: whole-process time to the first screen, Koorddanser against a minimal Textual app.

    python benchmarks/startup.py [--repeat 15]

Each run starts a fresh Python process in a pseudo-terminal of 80x24 (the real terminal
driver, not headless) and stops it the moment Textual reports the first frame written
(the ``Ready`` event). Koorddanser is started the way a player starts it: the
``koorddanser`` command line, ``play`` on an empty save folder. The minimal app has a
Header, a Static and a Footer. Prints medians and their ratio; goal (issue 3): at most 1.5x.
"""

from __future__ import annotations

import argparse
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(which: str, mark: str, save_dir: str) -> None:
    """Run one app until its first frame, then write the wall-clock time to ``mark``."""

    def ready(_self: object) -> None:
        Path(mark).write_text(repr(time.time()))
        os._exit(0)  # do not wait for the terminal to be restored or threads to end

    if which == "minimal":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, Static

        class Minimal(App):
            def compose(self) -> ComposeResult:
                yield Header()
                yield Static("Hello")
                yield Footer()

            on_ready = ready

        Minimal().run()
        return
    sys.path.insert(0, str(ROOT))
    import game.tui.app as tui_app

    original = tui_app.KoorddanserApp.on_ready

    def on_ready(self: object) -> None:
        original(self)  # type: ignore[arg-type]
        ready(self)

    tui_app.KoorddanserApp.on_ready = on_ready  # type: ignore[method-assign]
    from game.cli import main

    main(["play", "--save-dir", save_dir])


def run_once(which: str, save_dir: str) -> float:
    """Seconds from spawning the process to its first frame."""
    master, slave = pty.openpty()
    import fcntl
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with tempfile.TemporaryDirectory() as tmp:
        mark = os.path.join(tmp, "mark")
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
        start = time.time()
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", which, "--mark", mark, "--save-dir", save_dir],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            close_fds=True,
        )
        os.close(slave)

        def drain() -> None:
            try:
                while os.read(master, 65536):
                    pass
            except OSError:
                pass

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            proc.wait(timeout=60)
        finally:
            os.close(master)
        if not os.path.exists(mark):
            raise RuntimeError(f"{which}: no first frame (exit code {proc.returncode})")
        return float(Path(mark).read_text()) - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--child", choices=["minimal", "koorddanser"])
    parser.add_argument("--mark")
    parser.add_argument("--save-dir")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.mark, args.save_dir)
        return 0
    times: dict[str, list[float]] = {"minimal": [], "koorddanser": []}
    with tempfile.TemporaryDirectory() as saves:
        for which in times:  # warm the file cache once
            run_once(which, saves)
        for _ in range(args.repeat):
            for which in times:  # alternate, so drift hits both alike
                times[which].append(run_once(which, saves))
    minimal = statistics.median(times["minimal"])
    ours = statistics.median(times["koorddanser"])
    print(f"minimal Textual app (Header, Static, Footer): median {minimal * 1000:.0f} ms")
    print(f"koorddanser title screen:                      median {ours * 1000:.0f} ms")
    print(f"ratio: {ours / minimal:.2f}x (goal: at most 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
