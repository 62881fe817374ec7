"""Benchmark: one turn of the municipality role — four persons x 1,000 futures each.

    python benchmarks/municipality.py [--games 3] [--runs 1000]

Plays whole decades (a choice per half-year, drawn from a fixed seed) and times each
``City.decide``: the world written, every person's half-year played with the tightrope
policy, the why-trace aggregated and the per-person summary made. Also times building the
plain-mode lines of a turn. Goal (issue 16): a turn in at most 100 ms at the median.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=3)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    from game.content import load_model
    from game.content.municipality import load_city
    from game.engine.municipality import City
    from game.plain.municipality import MuniPlain

    model = load_model()
    city = load_city(model)
    pick = random.Random(1)
    times: list[float] = []
    shown: list[float] = []
    for g in range(args.games):
        game = City(model, city, 100 + g, args.runs)
        view = MuniPlain(model, game, "nl", io.StringIO())
        while not game.finished:
            opens = [i for i, ok in enumerate(game.choices_open()) if ok]
            choice = pick.choice(opens)
            t0 = time.perf_counter()
            game.decide(choice)
            t1 = time.perf_counter()
            view.show_result()
            t2 = time.perf_counter()
            times.append((t1 - t0) * 1000)
            shown.append((t2 - t0) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"municipality turn, {len(city.persons)} persons x {args.runs} futures: "
        f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
        f"with the plain lines median {statistics.median(shown):.1f} ms "
        f"({len(times)} turns; goal: median <= 100 ms)"
    )
    return 0 if statistics.median(times) <= 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())
