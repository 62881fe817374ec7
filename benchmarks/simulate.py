"""Benchmark: `koorddanser simulate --runs 100000` as a whole process, and batch vs single games.

    python benchmarks/simulate.py [--repeat 5] [--runs 100000]

The whole process is paired, round by round, with the same command for one run (start-up
and the model's load: the baseline): medians of wall and CPU time, and of peak memory,
whose difference over the runs is the memory a run costs above start-up. Goals (issue 13
item 4): 100k runs <= 1.5 s whole process on one core; <= 700 bytes a run above start-up.
Then the batch per run against a loop of single games (issue 2: at least 50x faster).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def one_process(runs: int, scenario: str) -> tuple[float, float, int]:
    """(wall s, CPU s, peak resident bytes) of `simulate --runs RUNS --json`."""
    argv = [sys.executable, "-m", "game", "simulate", "--scenario", scenario]
    argv += ["--runs", str(runs), "--seed", "1", "--json"]
    t = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t
    if status:
        sys.exit(f"{' '.join(argv)} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024  # Linux: KiB


def whole_process(runs: int, repeat: int, scenario: str) -> None:
    """Print the paired medians: RUNS runs against one run (the start-up)."""
    got: dict[int, list[tuple[float, float, int]]] = {1: [], runs: []}
    for _ in range(repeat):
        for n in got:
            got[n].append(one_process(n, scenario))
    med = {n: [statistics.median(x[i] for x in got[n]) for i in range(3)] for n in got}
    (w1, c1, m1), (w, c, m) = med[1], med[runs]
    print(f"simulate --runs {runs} (whole process, medians of {repeat}, paired with --runs 1):")
    print(f"  wall {w:.2f} s, CPU {c:.2f} s (start-up alone: wall {w1:.2f} s, CPU {c1:.2f} s)")
    print(f"  goal <= 1.5 s wall: {'met' if w <= 1.5 else 'NOT met'}")
    print(
        f"  peak memory {m / 1e6:.0f} MB (start-up {m1 / 1e6:.0f} MB): "
        f"{(m - m1) / runs:.0f} B a run above start-up; goal <= 700 B"
    )


def per_run(scenario: str, repeat: int) -> tuple[float, float]:
    import numpy as np

    from game.content import load_model
    from game.engine import Game, simulate
    from game.engine.policy import Chooser, builtin, pick

    model = load_model()
    policy = builtin("random")
    batch_times = []
    for _ in range(repeat):
        t = time.perf_counter()
        simulate(model, scenario, 100_000, 1, policy)
        batch_times.append((time.perf_counter() - t) / 100_000)
    chooser = Chooser(model, policy)
    single_times = []
    for _ in range(repeat):
        t = time.perf_counter()
        n = 200
        for i in range(n):
            game = Game(model, model.scenarios[scenario], 1, run_index=i)
            while not game.finished:
                open_ = np.zeros((1, chooser.base.shape[1]), dtype=bool)
                flags = game.open_choices()
                open_[0, : len(flags)] = flags
                game.choose(int(pick(game.state, chooser.weights(game.state), open_)[0]))
        single_times.append((time.perf_counter() - t) / n)
    return statistics.median(batch_times), statistics.median(single_times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--runs", type=int, default=100_000)
    ap.add_argument("--scenario", default="cultuurhuis_zwolle")
    args = ap.parse_args()
    whole_process(args.runs, args.repeat, args.scenario)
    batch, single = per_run(args.scenario, max(1, args.repeat // 2))
    print(
        f"per run: batch {batch * 1e6:.1f} us, single game loop {single * 1e3:.2f} ms"
        f" -> batch {single / batch:.0f}x faster; goal >= 50x"
    )


if __name__ == "__main__":
    main()
