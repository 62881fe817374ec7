"""Benchmark: the mutation score of the engine and the saves (issue 14, item 6).

    pip install ".[bench]" && python benchmarks/mutation.py
    python benchmarks/mutation.py --report              # the last run's figures, nothing run
    python benchmarks/mutation.py "game.saves.best_person.x_*"      # only these mutants (mutmut's names)
    python benchmarks/mutation.py --sample 500          # a random sample: the score +- its error

mutmut (configured in pyproject.toml, ``[tool.mutmut]``) copies ``game/`` into ``mutants/``,
makes small changes ("mutants") to every function of ``game/engine/*.py`` and
``game/saves/best_person.py`` — ``<`` for ``<=``, another constant, a dropped argument — and runs, for
each mutant, the fast tests that cover that function (the files named in
``pytest_add_cli_args_test_selection``, ``-m "not slow"``). A mutant is killed when a test
fails; one that survives is a change in behaviour no test notices.

The run is niced and uses at most ``--children`` (default 2) worker processes, since the
machine is shared. mutmut keeps each mutant's result in ``mutants/``: a second run only
tries mutants whose function changed (``--fresh`` starts over). Naming mutants (a glob such
as ``"game.engine.rng.x_*"``) re-runs just those, e.g. survivors after new tests.

Prints the score — killed / total, overall and per file — then the survivors (also written
to ``mutants/survivors.txt``), timeouts and the run's wall time. Goal (issue 14): at least
85% of the mutants killed. Timeouts (a mutant that makes a test hang) count as caught,
as in mutmut's own summary; they are shown separately.

All ~6,000 mutants take hours on a busy machine (the tests that cover a function of
saves.py take seconds, and they run again for each of its mutants). ``--sample N`` runs N
mutants drawn at random (``--seed``; the same draw every time) and prints the score of the
sample with its 95% interval: an unbiased estimate of the whole run's score in a fraction of
its time. ``--report --sample N`` reads that sample's figures again.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
GOAL = 0.85
# mutmut's exit codes per mutant (mutmut/stats.py), grouped as this report counts them
KILLED = {1, 3}
SURVIVED = {0}
TIMEOUT = {36, 24, -24, 152, 255}
NO_TESTS = {5, 33}
UNCHECKED = {None}


def _mutmut() -> str:
    """The mutmut command beside this interpreter (the venv's), or on PATH."""
    here = Path(sys.executable).parent / "mutmut"
    found = str(here) if here.exists() else shutil.which("mutmut")
    if found is None:
        sys.exit('mutmut is not installed: pip install ".[bench]"')
    return found


def run(names: list[str], children: int) -> float:
    """Run mutmut (niced, at most ``children`` workers); return the wall time in seconds."""
    MUTANTS.mkdir(exist_ok=True)
    cmd = ["nice", "-n", "10", _mutmut(), "run", "--max-children", str(children), *names]
    log = MUTANTS / "run.log"
    start = time.perf_counter()
    with log.open("w") as out:
        # mutmut redraws a progress line many times a second: kept in the log, not shown
        code = subprocess.call(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - start
    if code != 0:
        tail = log.read_text(errors="replace").replace("\r", "\n").splitlines()[-15:]
        print("\n".join(tail))
        sys.exit(f"mutmut failed (exit {code}); whole output in {log}")
    return wall


def all_names() -> list[str]:
    """Every mutant's name, once mutmut has made them (the first run, or this bootstrap)."""
    names = sorted(n for codes in results().values() for n in codes)
    if names:
        return names
    # mutmut makes the mutants as the first step of a run; the smallest file's run is cheap
    run(["game.engine.rng.x_*"], 2)
    return sorted(n for codes in results().values() for n in codes)


def draw(size: int, seed: int) -> list[str]:
    """``size`` mutants drawn at random (the same ones for the same seed and code)."""
    names = all_names()
    return sorted(random.Random(seed).sample(names, min(size, len(names))))


def wilson(caught: int, total: int) -> tuple[float, float]:
    """The 95% Wilson interval of a share ``caught / total``."""
    if not total:
        return 0.0, 0.0
    z, p = 1.96, caught / total
    mid = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return mid - half, mid + half


def _status(code: int | None) -> str:
    """One of killed, survived, timeout, no tests, not checked, other."""
    for name, codes in (
        ("killed", KILLED),
        ("survived", SURVIVED),
        ("timeout", TIMEOUT),
        ("no tests", NO_TESTS),
        ("not checked", UNCHECKED),
    ):
        if code in codes:
            return name
    return "other"


def results(only: set[str] | None = None) -> dict[str, dict[str, int | None]]:
    """Each mutated file's mutants and their exit codes, from mutmut's ``.meta`` files
    (only the names in ``only`` when given)."""
    found: dict[str, dict[str, int | None]] = {}
    for meta in sorted(MUTANTS.glob("game/**/*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if only is not None:
            codes = {k: v for k, v in codes.items() if k in only}
        if codes:
            found[str(meta.relative_to(MUTANTS))[: -len(".meta")]] = codes
    return found


def _score(counts: Counter[str]) -> float:
    """Caught (killed or timed out) over all mutants."""
    total = sum(counts.values())
    return (counts["killed"] + counts["timeout"]) / total if total else 0.0


def report(wall: float | None, show: int, only: set[str] | None = None) -> int:
    """Print the score per file and overall, and the survivors; 0 when the goal is met.

    With ``only`` (a sample), just those mutants, and the interval of the overall score.
    """
    per_file = results(only)
    if not per_file:
        print("no mutation results yet: run python benchmarks/mutation.py first")
        return 1
    overall: Counter[str] = Counter()
    survivors: list[str] = []
    print(f"{'file':28} {'killed':>7} {'timeout':>7} {'survived':>8} {'total':>6}  score")
    for path, codes in per_file.items():
        counts = Counter(_status(c) for c in codes.values())
        overall += counts
        survivors += sorted(k for k, c in codes.items() if _status(c) == "survived")
        print(
            f"{path:28} {counts['killed']:7} {counts['timeout']:7} {counts['survived']:8}"
            f" {sum(counts.values()):6}  {_score(counts):6.1%}"
        )
    total = sum(overall.values())
    print(
        f"{'all':28} {overall['killed']:7} {overall['timeout']:7} {overall['survived']:8}"
        f" {total:6}  {_score(overall):6.1%}"
    )
    others = {k: v for k, v in overall.items() if k not in ("killed", "timeout", "survived")}
    if others:
        print("also: " + ", ".join(f"{v} {k}" for k, v in sorted(others.items())))
    (MUTANTS / "survivors.txt").write_text("".join(s + "\n" for s in survivors))
    print(f"\nsurvivors: {len(survivors)} (all in mutants/survivors.txt; `mutmut show NAME`)")
    for name in survivors[:show]:
        print("  " + name)
    if wall is not None:
        print(f"\nwall time: {wall:.0f} s")
    if only is not None:
        everything = sum(len(c) for c in results().values())
        lo, hi = wilson(overall["killed"] + overall["timeout"], total - overall["not checked"])
        print(f"a random sample of {total} of {everything} mutants; 95% interval {lo:.1%}-{hi:.1%}")
    met = _score(overall) >= GOAL and not overall["not checked"]
    print(f"score {_score(overall):.1%} (goal >= {GOAL:.0%}): {'met' if met else 'NOT met'}")
    return 0 if met else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these mutants (mutmut's names, globs)")
    parser.add_argument("--children", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--fresh", action="store_true", help="forget earlier results first")
    parser.add_argument("--report", action="store_true", help="only print the last figures")
    parser.add_argument("--show", type=int, default=40, help="survivors to list (default 40)")
    parser.add_argument("--sample", type=int, help="only this many mutants, drawn at random")
    parser.add_argument("--seed", type=int, default=14, help="the sample's draw (default 14)")
    args = parser.parse_args()
    if args.fresh and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    names = list(args.names)
    if args.sample:
        names = draw(args.sample, args.seed)
    wall = None if args.report else run(names, args.children)
    sys.exit(report(wall, args.show, set(names) if args.sample else None))


if __name__ == "__main__":
    main()
