"""Benchmark: a turn in the app — key press to the next screen rendered — and memory during a game.

    python benchmarks/turn.py [--games 5]

Plays whole games at 80x24 (headless Textual with the same widgets and compositor, and the
terminal output still produced) pressing a choice and then Enter each turn. Two latencies
per key press: until the frame that shows the new turn or outcome ("shown"), and until the
last frame the key caused, e.g. the key bar offering PgDn ("settled"). For scale, the same
harness times a minimal Textual app that swaps the text of two Statics on a key. Prints
medians and p95, and the largest resident memory seen. Goals (issue 3): p95 at most 50 ms;
at most 120 MiB resident.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mib() -> float:
    """Resident memory now (Linux /proc), else the peak from getrusage."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Frames:
    """Times of the frames an app writes, and of the first frame after the screen changed."""

    def __init__(self) -> None:
        self.all: list[float] = []
        self.shown: float | None = None
        self.changed = False

    def clear(self) -> None:
        self.all.clear()
        self.shown = None
        self.changed = False

    def frame(self) -> None:
        now = time.perf_counter()
        self.all.append(now)
        if self.changed and self.shown is None:
            self.shown = now


def timed(app, frames: Frames) -> None:  # type: ignore[no-untyped-def]
    display = app._display

    def timed_display(screen, renderable):  # type: ignore[no-untyped-def]
        display(screen, renderable)
        if renderable is not None:
            frames.frame()

    app._display = timed_display


async def play(seed: int, save_dir: str, shown: list[float], settled: list[float], peak: list[float]) -> int:
    from game.tui import KoorddanserApp
    from game.tui.game_screen import GameScreen

    frames = Frames()
    show_phase = GameScreen._show_phase_now

    def marked(self):  # type: ignore[no-untyped-def]
        show_phase(self)
        frames.changed = True

    GameScreen._show_phase_now = marked  # type: ignore[method-assign]
    try:
        return await _play(KoorddanserApp(save_dir=save_dir, seed=seed), frames, shown, settled, peak)
    finally:
        GameScreen._show_phase_now = show_phase  # type: ignore[method-assign]


async def _play(app, frames: Frames, shown: list[float], settled: list[float], peak: list[float]) -> int:  # type: ignore[no-untyped-def]
    from game.tui.debrief_screen import DebriefScreen

    timed(app, frames)
    async with app.run_test(size=(80, 24)) as pilot:

        async def press(key: str) -> None:
            frames.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            if frames.shown is not None:
                shown.append(frames.shown - start)
            if frames.all:
                settled.append(frames.all[-1] - start)
            peak.append(rss_mib())

        await press("enter")  # title -> first turn (waits for the model the first time)
        shown.pop() if shown else None
        settled.pop() if settled else None
        turns = 0
        while not isinstance(app.screen, DebriefScreen) and turns < 40:
            opens = app.game.open_choices() if app.game.event else [True]
            key = str(1 + (turns % max(1, sum(opens))))
            if not opens[int(key) - 1]:
                key = str(opens.index(True) + 1)
            await press(key)
            await press("enter")
            turns += 1
        return turns


async def baseline(presses: int, out: list[float]) -> None:
    """The same measurement on a minimal app: one key swaps the text of two Statics."""
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
            frames.changed = True

    frames = Frames()
    app = Minimal()
    timed(app, frames)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(presses):
            frames.clear()
            start = time.perf_counter()
            await pilot.press("1")
            await pilot.pause()
            if frames.shown is not None:
                out.append(frames.shown - start)


def stats(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[int(0.95 * (len(values) - 1))]
    return f"median {statistics.median(values) * 1000:5.1f} ms, p95 {p95 * 1000:5.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=5)
    args = parser.parse_args()
    shown: list[float] = []
    settled: list[float] = []
    peak: list[float] = []
    _patch_headless_display()
    with tempfile.TemporaryDirectory() as saves:
        turns = 0
        for seed in range(args.games):
            turns += asyncio.run(play(seed + 1, saves, shown, settled, peak))
    minimal: list[float] = []
    asyncio.run(baseline(len(shown), minimal))
    print(f"{args.games} games, {turns} turns, {len(shown)} key presses")
    print(f"key press to new turn shown:   {stats(shown)} (goal: p95 at most 50 ms)")
    print(f"key press to screen settled:   {stats(settled)}")
    print(f"minimal Textual app, same way: {stats(minimal)}")
    print(f"resident memory during play: max {max(peak):.0f} MiB (goal: at most 120 MiB)")
    return 0


def _patch_headless_display() -> None:
    """Make headless apps still turn each update into terminal output, as a real terminal would."""
    from textual.app import App

    original = App._display

    def display(self, screen, renderable):  # type: ignore[no-untyped-def]
        original(self, screen, renderable)
        if renderable is not None and self.is_headless:
            from textual._compositor import CompositorUpdate

            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(self.console)

    App._display = display  # type: ignore[method-assign]


if __name__ == "__main__":
    raise SystemExit(main())
