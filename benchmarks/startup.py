"""Benchmark: whole-process start-up to the first idle screen, Koorddanser against a minimal app.

    python benchmarks/startup.py [--repeat 15] [--root OTHER_CHECKOUT]

Each run starts a fresh Python process in a pseudo-terminal of 80x24 (the real terminal
driver, not headless). Koorddanser is started the way a player starts it: the
``koorddanser`` command line, ``play`` on an empty save folder. The minimal app has a
Header, a Static and a Footer. The runs alternate (minimal, Koorddanser, minimal, ...), so
the machine's drift hits both alike.

Two moments per run, both counted from spawning the process:
- first frame: Textual's ``Ready`` event (the first screen written);
- first idle screen: after the first frame, the first moment no worker (thread or task) is
  pending or running — so work started right after the first frame (a model loading in a
  thread) counts, as it delays the player's first key.
At the idle moment the child also reports its CPU time (user + system, the interpreter's
start included) and its resident memory.

Prints medians and p95 of each, and the ratios against the minimal app first. Goals
(issue 13): idle screen at most 1.3x, memory at the first screen at most 1.3x.
``--root`` runs Koorddanser from another source tree (e.g. an older commit unpacked with
``git archive``) to compare before and after in the same run.

The game's bytecode is compiled before the runs, as ``pip install`` does and as Python does
on a checkout's first start: Textual's is, and with PYTHONDONTWRITEBYTECODE set (as on some
machines) every start of a checkout would otherwise compile the game's modules from source
(~15 ms) and measure that instead. ``--source`` leaves it so, to see that cost.
"""

from __future__ import annotations

import argparse
import json
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
IDLE_POLL = 0.005  # seconds between checks for pending work after the first frame


def rss_mib() -> float:
    """Resident memory now (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds() -> float:
    """CPU time of this process so far (user and system, all threads)."""
    return time.process_time()


def watch(app, mark: str) -> None:  # type: ignore[no-untyped-def]
    """From ``Ready`` on, wait for the first moment without pending work; report and exit."""
    from textual.worker import WorkerState

    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    ready = time.time()

    def check() -> None:
        if any(worker.state in busy for worker in app.workers):
            return
        report = {"ready": ready, "idle": time.time(), "cpu": cpu_seconds(), "rss": rss_mib()}
        Path(mark).write_text(json.dumps(report))
        os._exit(0)  # do not wait for the terminal to be restored or threads to end

    app.set_interval(IDLE_POLL, check)
    check()


def child(which: str, mark: str, save_dir: str, root: Path) -> None:
    """Run one app until its first idle screen, then write the figures to ``mark``."""
    if which == "minimal":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, Static

        class Minimal(App):
            def compose(self) -> ComposeResult:
                yield Header()
                yield Static("Hello")
                yield Footer()

            def on_ready(self) -> None:
                watch(self, mark)

        Minimal().run()
        return
    sys.path.insert(0, str(root))
    import game.tui.app as tui_app

    original = tui_app.KoorddanserApp.on_ready

    def on_ready(self: object) -> None:
        original(self)  # type: ignore[arg-type]
        watch(self, mark)

    tui_app.KoorddanserApp.on_ready = on_ready  # type: ignore[method-assign]
    from game.cli import main

    main(["play", "--save-dir", save_dir])


def run_once(which: str, save_dir: str, root: Path) -> dict[str, float]:
    """Figures of one run: seconds to the first frame and to idle, CPU seconds, MiB."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with tempfile.TemporaryDirectory() as tmp:
        mark = os.path.join(tmp, "mark")
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
        env["KOORDDANSER_CONFIG_DIR"] = tmp  # no remembered settings of the person running it
        args = ["--child", which, "--mark", mark, "--save-dir", save_dir, "--root", str(root)]
        start = time.time()
        proc = subprocess.Popen(
            [sys.executable, __file__, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=root,
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
            raise RuntimeError(f"{which}: no first screen (exit code {proc.returncode})")
        got = json.loads(Path(mark).read_text())
        return {
            "frame": got["ready"] - start,
            "idle": got["idle"] - start,
            "cpu": got["cpu"],
            "rss": got["rss"],
        }


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[round(0.95 * (len(values) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--root", type=Path, default=ROOT, help="the Koorddanser source tree")
    parser.add_argument("--child", choices=["minimal", "koorddanser"])
    parser.add_argument("--mark")
    parser.add_argument("--save-dir")
    parser.add_argument(
        "--source", action="store_true", help="do not compile the game's bytecode first"
    )
    args = parser.parse_args()
    root = args.root.resolve()
    if args.child:
        child(args.child, args.mark, args.save_dir, root)
        return 0
    if not args.source:
        import compileall

        compileall.compile_dir(root / "game", quiet=1)  # writes whatever the environment says
    runs: dict[str, list[dict[str, float]]] = {"minimal": [], "koorddanser": []}
    with tempfile.TemporaryDirectory() as saves:
        for which in runs:  # warm the file cache once
            run_once(which, saves, root)
        for _ in range(args.repeat):
            for which in runs:  # alternate, so drift hits both alike
                runs[which].append(run_once(which, saves, root))

    def figure(which: str, key: str) -> tuple[float, float]:
        values = [run[key] for run in runs[which]]
        return statistics.median(values), p95(values)

    compiled = "from source every start" if args.source else "bytecode compiled beforehand"
    print(f"{args.repeat} runs each, interleaved; Koorddanser from {root} ({compiled})")
    print(f"{'':28}{'minimal':>17}{'koorddanser':>17}{'ratio':>13}")
    rows = [
        ("first idle screen (ms)", "idle", 1000, "1.3x"),
        ("CPU to idle (ms)", "cpu", 1000, ""),
        ("memory at idle (MiB)", "rss", 1, "1.3x"),
        ("first frame (ms)", "frame", 1000, ""),
    ]
    for label, key, scale, goal in rows:
        (m50, m95), (k50, k95) = figure("minimal", key), figure("koorddanser", key)
        goal_text = f"  (goal at most {goal})" if goal else ""
        print(
            f"{label:28}{m50 * scale:8.0f} p95 {m95 * scale:4.0f}"
            f"{k50 * scale:8.0f} p95 {k95 * scale:4.0f}"
            f"  {k50 / m50:4.2f}x/{k95 / m95:4.2f}x{goal_text}"
        )
    print("ratios: median/p95 of Koorddanser over the minimal app")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
