"""Benchmark: `class` and `saves check` on a class folder, paired with their baselines.

    python benchmarks/classcheck.py [--saves 30 1000] [--rounds 3] [--folder DIR]

Baselines, run interleaved with the commands (benchmarks/paired.py): the same checks one
file at a time through the one-game engine (saves.check + saves.load per file, what
`class` did before batch replay), and the bare start-up (`koorddanser --version`).
Goals (issue 13): `class` and `saves check` on 1,000 saves <= 10 s, on 30 saves <= 1.5 s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paired import paired, table  # noqa: E402

_ONE_BY_ONE = """
import sys
from game.saves import best_person as saves
from game.content import load_model
model = load_model()
files, _ = saves.find_saves([sys.argv[1]])
for f in files:
    if not saves.check(model, f):
        saves.load(model, f)
"""


def make_class(folder: Path, n: int) -> Path:
    """``n`` hand-ins of two scenarios (a fifth unfinished), made once and kept."""
    import numpy as np

    from game.classroom import classcode
    from game.content import load_model
    from game.engine import Game
    from game.saves import best_person as saves

    target = folder / f"class{n}"
    if target.is_dir() and len(list(target.glob("*.json"))) == n:
        return target
    target.mkdir(parents=True, exist_ok=True)
    model = load_model()
    sids = sorted(model.scenarios)[:2]
    for i in range(n):
        sc = model.scenarios[sids[i % 2]]
        game = Game(model, sc, 4821)
        rng = np.random.default_rng(i)
        stop = None if i % 5 else 8
        while not game.finished and (stop is None or game.turn < stop):
            options = [k for k, ok in enumerate(game.open_choices()) if ok] or [0]
            game.choose(int(rng.choice(options)))
        code = classcode.make(sc, 4821)
        saves.save(game, target / f"s{i:04d}.json", saves.Owner("nl", code, f"Student {i}"))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, nargs="+", default=[30, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/koorddanser-bench"))
    args = parser.parse_args()
    py = sys.executable
    for n in args.saves:
        folder = make_class(args.folder, n)
        commands = {
            "start-up (--version)": [py, "-m", "game", "--version"],
            f"class, {n} saves": [py, "-m", "game", "class", str(folder)],
            f"saves check, {n} saves": [py, "-m", "game", "saves", "check", str(folder)],
            f"one by one, {n} saves": [py, "-c", _ONE_BY_ONE, str(folder)],
        }
        pairs = {
            f"class, {n} saves": f"one by one, {n} saves",
            f"saves check, {n} saves": f"one by one, {n} saves",
        }
        print(table(paired(commands, args.rounds), pairs))
        print()


if __name__ == "__main__":
    main()
