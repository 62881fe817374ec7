"""Benchmark: key press to screen in a real terminal (tmux, 80x24), against a minimal Textual app.

    python benchmarks/turn.py [--games 3] [--root OTHER_CHECKOUT]

Both apps run at the same time, each in its own tmux session of 80x24 (a real
pseudo-terminal and Textual's real driver). Key presses alternate between them — a turn's
key in Koorddanser, then the swap key in the minimal app, and so on — so the machine's
drift and load hit both alike. Koorddanser plays whole games from the title (a choice,
then Enter, each turn); the minimal app swaps the text of two Statics (Header, Footer,
a VerticalScroll), the smallest change of a whole screen Textual can make.

Each app reports every frame it writes to the terminal (wall clock, CPU time, resident
memory) through a FIFO. Per key press:
- shown: from just before ``tmux send-keys`` until the first frame written after it;
- settled: until the last frame the key caused (no frame for SETTLE seconds after it);
- frames: how many frames the key caused; CPU: the app's CPU time over those frames.
``tmux send-keys`` is a process start (a few ms) inside every figure of both apps.
Prints median and p95, the ratios against the minimal app first. Goal (issue 13):
p95 of "shown" at most 1.5x the minimal app. ``--root`` runs Koorddanser from another
source tree (e.g. an older commit unpacked with ``git archive``) for before/after.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTLE = 0.15  # seconds without a frame after which a key's frames are over
TIMEOUT = 5.0  # seconds a key may take at most to show anything


def _report(app, out, next_key) -> None:  # type: ignore[no-untyped-def]
    """Wrap the app's terminal output: one line per frame written, with what to press next."""
    original = app._display

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        writes = renderable is not None and not app._batch_count
        original(screen, renderable)
        if writes:
            rss = 0.0
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
            row = {"t": time.time(), "cpu": time.process_time(), "rss": rss}
            row["next"] = next_key()
            out.write(json.dumps(row) + "\n")
            out.flush()

    app._display = display


def child_minimal(fifo: str) -> None:
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, VerticalScroll
    from textual.widgets import Footer, Header, Static

    words = ("lorem ipsum dolor sit amet " * 40, "consectetur adipiscing elit sed " * 40)

    class Minimal(App):
        CSS = "Static { width: 1fr; }"
        BINDINGS = [("1", "swap", "swap")]
        n = 0

        def compose(self) -> ComposeResult:
            yield Header()
            with Horizontal():
                yield Static(id="a")
                with VerticalScroll():
                    yield Static(id="b")
            yield Footer()

        def action_swap(self) -> None:
            self.n += 1
            self.query_one("#a", Static).update(words[self.n % 2][:500])
            self.query_one("#b", Static).update(words[(self.n + 1) % 2])

    app = Minimal()
    with open(fifo, "w") as out:
        _report(app, out, lambda: "1")
        app.run()


def child_koorddanser(fifo: str, save_dir: str, seed: int, root: Path) -> None:
    sys.path.insert(0, str(root))
    from game.tui import KoorddanserApp

    app = KoorddanserApp(save_dir=save_dir, seed=seed)

    def next_key() -> str:
        screen = type(app.screen).__name__
        game = app.game
        if screen == "DebriefScreen":
            return "end"
        if screen != "GameScreen" or game is None:
            return "Enter"
        if getattr(app.screen, "phase", "") == "choose" and game.event is not None:
            opens = game.open_choices()
            return str(opens.index(True) + 1) if any(opens) else "Enter"
        return "Enter"

    with open(fifo, "w") as out:
        _report(app, out, next_key)
        app.run()


class Session:
    """One app in a tmux session, and the frames it reports."""

    def __init__(self, name: str, command: list[str], tmp: str) -> None:
        self.name = name
        self.fifo = os.path.join(tmp, f"{name}.fifo")
        os.mkfifo(self.fifo)
        self.fd = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)
        self.buffer = b""
        self.last: dict = {}
        command = [*command, "--fifo", self.fifo]
        shell = f"cd {shlex.quote(str(ROOT))} && TERM=xterm-256color {shlex.join(command)}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", shell], check=True
        )

    def frames(self, wait: float) -> list[dict]:
        """Frames reported within ``wait`` seconds (returns at the first batch)."""
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return []
        try:
            self.buffer += os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return []
        *lines, self.buffer = self.buffer.split(b"\n")
        rows = [json.loads(line) for line in lines if line.strip()]
        if rows:
            self.last = rows[-1]
        return rows

    def settle(self, first_wait: float = TIMEOUT) -> list[dict]:
        """All frames until none comes for SETTLE seconds (the first may take first_wait)."""
        rows = self.frames(first_wait)
        if not rows:
            return []
        while True:
            more = self.frames(SETTLE)
            if not more:
                return rows
            rows += more

    def press(self, key: str) -> dict | None:
        """Press ``key``; the figures of what it caused (None if it drew nothing)."""
        before = self.last.get("cpu", 0.0)
        start = time.time()
        subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
        rows = self.settle()
        if not rows:
            return None
        return {
            "shown": rows[0]["t"] - start,
            "settled": rows[-1]["t"] - start,
            "frames": len(rows),
            "cpu": rows[-1]["cpu"] - before,
            "rss": rows[-1]["rss"],
        }

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
        os.close(self.fd)


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[round(0.95 * (len(values) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the Koorddanser source tree")
    parser.add_argument("--child", choices=["minimal", "koorddanser"])
    parser.add_argument("--fifo")
    parser.add_argument("--save-dir")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    root = args.root.resolve()
    if args.child == "minimal":
        child_minimal(args.fifo)
        return 0
    if args.child == "koorddanser":
        child_koorddanser(args.fifo, args.save_dir, args.seed, root)
        return 0
    me = [sys.executable, str(Path(__file__).resolve())]
    ours: list[dict] = []
    base: list[dict] = []
    tag = f"bench{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Session(f"{tag}m", [*me, "--child", "minimal"], tmp)
        try:
            minimal.settle()
            for game in range(args.games):
                command = me + ["--child", "koorddanser", "--root", str(root)]
                command += ["--save-dir", os.path.join(tmp, f"saves{game}"), "--seed", str(game + 1)]
                app = Session(f"{tag}k{game}", command, tmp)
                try:
                    app.settle()
                    time.sleep(1.0)  # let anything started after the first frame finish
                    app.settle(0.0)
                    app.press("Enter")  # title -> first turn: a new screen, not a turn
                    time.sleep(0.3)
                    app.settle(0.0)
                    for _ in range(60):
                        key = app.last.get("next", "end")
                        if key == "end":
                            break
                        got = app.press(key)
                        if got is not None:
                            ours.append(got)
                        got = minimal.press("1")
                        if got is not None:
                            base.append(got)
                finally:
                    app.close()
        finally:
            minimal.close()
    _print(args.games, root, ours, base)
    return 0


def _print(games: int, root: Path, ours: list[dict], base: list[dict]) -> None:
    print(f"{games} games, {len(ours)} key presses in Koorddanser, {len(base)} in the minimal app")
    print(f"Koorddanser from {root}; tmux 80x24, interleaved")
    print(f"{'':22}{'minimal':>20}{'koorddanser':>20}{'ratio (median/p95)':>22}")
    for label, key, scale, unit in [
        ("key to screen shown", "shown", 1000, "ms"),
        ("key to last frame", "settled", 1000, "ms"),
        ("CPU per key", "cpu", 1000, "ms"),
        ("frames per key", "frames", 1, ""),
    ]:
        m = [row[key] for row in base]
        k = [row[key] for row in ours]
        m50, m95, k50, k95 = statistics.median(m), p95(m), statistics.median(k), p95(k)
        ratio = f"{k50 / m50:.2f}x / {k95 / m95:.2f}x" if m50 and m95 else "-"
        print(
            f"{label + (f' ({unit})' if unit else ''):22}"
            f"{m50 * scale:9.1f} p95 {m95 * scale:6.1f}"
            f"{k50 * scale:9.1f} p95 {k95 * scale:6.1f}{ratio:>22}"
        )
    print(f"resident memory at the end of a game: max {max(r['rss'] for r in ours):.0f} MiB")
    print("goal (issue 13): p95 of key to screen shown at most 1.5x the minimal app")


if __name__ == "__main__":
    raise SystemExit(main())
