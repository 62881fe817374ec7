"""Benchmark: `koorddanser simulate --runs 100000` as a whole process, and batch vs single games.

    python benchmarks/simulate.py [--repeat 5]

Prints medians. Goals (issue 2): the whole process at most 5 s on a 2-core machine; the
batch at least 50x faster per run than a loop of single games.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def whole_process(runs: int, repeat: int, scenario: str) -> list[float]:
    cmd = [
        sys.executable,
        "-m",
        "game",
        "simulate",
        "--scenario",
        scenario,
        "--runs",
        str(runs),
        "--seed",
        "1",
        "--json",
    ]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return times


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
    ap.add_argument("--scenario", default="cultuurhuis_zwolle")
    args = ap.parse_args()
    times = whole_process(100_000, args.repeat, args.scenario)
    print(
        f"simulate --runs 100000 (whole process): median {statistics.median(times):.2f} s over {args.repeat} (min {min(times):.2f}, max {max(times):.2f}); goal <= 5 s"
    )
    batch, single = per_run(args.scenario, max(1, args.repeat // 2))
    print(
        f"per run: batch {batch * 1e6:.1f} us, single game loop {single * 1e3:.2f} ms -> batch {single / batch:.0f}x faster; goal >= 50x"
    )


if __name__ == "__main__":
    main()
